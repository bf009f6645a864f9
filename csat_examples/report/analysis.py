"""The report's numbers: :func:`analyse` computes every analysis of a survey once.

Every number comes from a library function (:mod:`csat_examples.rate`,
:mod:`~csat_examples.degree`, :mod:`~csat_examples.hierarchy`,
:mod:`~csat_examples.servqual`, :mod:`~csat_examples.nps`,
:mod:`~csat_examples.ipa`, :mod:`~csat_examples.stats`); this module only
decides which columns feed which function.  The result, a frozen
:class:`SurveyAnalysis`, holds no text of any language: identifiers are
column names, dimension keys, quadrant keys and wave labels as written in the
survey.  The section renderers (:mod:`.sections`) read it and turn it into
labelled tables, notes and charts in the reader's language, so one analysis
serves every language and every output format.

Each field is computed once, by a function whose inputs are its parameters
(no shared mutable state): the order of the calls in :func:`analyse` is the
only order there is.

Two choices of the report's own, documented here:

* **Blank answers**: each computation leaves out the respondents with a blank
  in the columns it uses (``missing="exclude"``) and the section says how
  many.
* **Improvement priority** = importance x (best possible score -
  performance), importance as a share of the total: the expected gain in the
  index if the item reached the top of the scale.  It orders the PDCA list
  (high importance and low performance first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..degree import DegreeResult
from ..hierarchy import HierarchyResult
from ..nps import NpsResult
from ..rate import RateResult
from ..scales import Level, Scale
from ..servqual import ServqualResult
from ..survey.cleaning import Survey

__all__ = [
    "analyse",
    "SurveyAnalysis",
    "RateAnalysis",
    "IndexAnalysis",
    "GroupSummary",
    "ServqualAnalysis",
    "IpaAnalysis",
    "ChangeAnalysis",
    "ControlAnalysis",
    "ParetoAnalysis",
    "CommentsAnalysis",
    "BreakdownAnalysis",
    "KeyFindings",
    "CONFIDENCE",
    "ALPHA",
]

#: Level of every confidence interval of the report.
CONFIDENCE = 0.95
#: Significance level of the wave-to-wave tests (:meth:`csat_examples.stats.TestResult.significant`).
ALPHA = 0.05
#: Fewest respondents per wave for a test of a change in a mean (a standard deviation needs two).
MIN_PER_WAVE = 2
#: Fewest respondents answering everything for a correlation to serve as derived importance.
MIN_FOR_CORRELATION = 3
#: Fewest items (or dimensions) with importance and performance for an IPA grid.
MIN_IPA_POINTS = 2
#: Fewest periods for an X-bar/S control chart.
MIN_PERIODS = 2
#: Fewest scores of a period on the X-bar/S chart (a standard deviation needs two).
MIN_PER_PERIOD = 2


@dataclass(frozen=True)
class RateAnalysis:
    """Satisfaction rate: the answers it counts and the result.

    Attributes
    ----------
    basis : {"overall", "items"}
        From the overall-satisfaction question, or from all item answers
        (when the config names no overall question).
    responses : pandas.Series
        The answers counted (ranks 1..k; stacked item answers for ``"items"``).
    result : RateResult
    satisfied_levels : tuple of Level
        The levels counted as satisfied, lowest first.
    per_item : pandas.DataFrame
        ``item, dimension, rate, satisfied, n``: the rate of each item.
    """

    basis: str
    responses: pd.Series
    result: RateResult
    satisfied_levels: tuple[Level, ...]
    per_item: pd.DataFrame

    @property
    def satisfied_ranks(self) -> list[int]:
        """Ranks of the satisfied levels."""
        return [lv.rank for lv in self.satisfied_levels]


@dataclass(frozen=True)
class IndexAnalysis:
    """Weighted satisfaction index: the tree, its weights and the degree.

    Attributes
    ----------
    tree : dict
        The indicator tree given to :func:`~csat_examples.hierarchy.hierarchical_index`.
    weights_source : {"config", "importance", "equal"}
        Where the weights come from.
    hierarchy : HierarchyResult
    weights : pandas.Series
        Global weight of each item (the tree's leaves).
    degree : DegreeResult
        Satisfaction degree with those weights.
    """

    tree: dict[str, Any]
    weights_source: str
    hierarchy: HierarchyResult
    weights: pd.Series
    degree: DegreeResult


@dataclass(frozen=True)
class GroupSummary:
    """Rate, degree and level counts of one group of respondents (a wave, or everyone).

    Attributes
    ----------
    name : str or None
        The wave label; None for all respondents.
    distribution : pandas.DataFrame
        :func:`~csat_examples.rate.level_distribution` of the group's answers.
    rate : float
    degree_100 : float
    """

    name: str | None
    distribution: pd.DataFrame
    rate: float
    degree_100: float


@dataclass(frozen=True)
class ServqualAnalysis:
    """SERVQUAL gaps over the respondents who answered every pair.

    Attributes
    ----------
    result : ServqualResult
    excluded : int
        Respondents left out for a blank perception or expectation.
    """

    result: ServqualResult
    excluded: int


@dataclass(frozen=True)
class IpaAnalysis:
    """Importance-performance analysis.

    Attributes
    ----------
    level : {"dimension", "item"}
        Dimensions (stated importance) or items (derived importance).
    target : str or None
        For derived importance: the column it is correlated with, or None
        for the satisfaction index.
    table : pandas.DataFrame
        ``item, importance, performance, quadrant`` (``item`` holds the
        dimension key at the dimension level).  Empty of quadrants when
        fewer than :data:`MIN_IPA_POINTS` rows are usable.
    """

    level: str
    target: str | None
    table: pd.DataFrame

    @property
    def stated(self) -> bool:
        """True when importance was asked (stated), False when derived."""
        return self.level == "dimension"

    @property
    def enough(self) -> bool:
        """True when there were enough points for the quadrants."""
        return len(self.table) >= MIN_IPA_POINTS


@dataclass(frozen=True)
class ChangeAnalysis:
    """Change between the two latest waves.

    Attributes
    ----------
    previous, latest : str or None
        The waves compared (None when the survey has one wave).
    table : pandas.DataFrame
        ``kind, key, previous, latest, change, p_value, significant,
        method``; ``kind`` is ``rate``, ``degree``, ``dimension`` or
        ``item`` and ``key`` the dimension key or item column.  A measure
        with the same score for everyone in both waves is not tested
        (``p_value`` NaN, ``method`` None).
    """

    previous: str | None
    latest: str | None
    table: pd.DataFrame


@dataclass(frozen=True)
class ControlAnalysis:
    """Control charts across periods (the ``period`` column, else the waves).

    Attributes
    ----------
    column : str
    p_chart : pandas.DataFrame or None
        :func:`~csat_examples.stats.p_chart` of the overall rate.
    xbar_s_chart : pandas.DataFrame or None
        :func:`~csat_examples.stats.xbar_s_chart` of the index.
    skipped : tuple of str
        Periods left off the X-bar/S chart: fewer than :data:`MIN_PER_PERIOD`
        scores (a standard deviation needs two).
    """

    column: str
    p_chart: pd.DataFrame | None
    xbar_s_chart: pd.DataFrame | None
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParetoAnalysis:
    """Pareto of complaint causes.

    Attributes
    ----------
    complaints : int
        Respondents who named a cause.
    respondents : int
    table : pandas.DataFrame or None
        :func:`~csat_examples.stats.pareto` of the causes (None without complaints).
    """

    complaints: int
    respondents: int
    table: pd.DataFrame | None


@dataclass(frozen=True)
class CommentsAnalysis:
    """Free-text comments as written, and their themes.

    Attributes
    ----------
    table : pandas.DataFrame
        ``row, comment``, in spreadsheet order.
    themes : pandas.DataFrame
        ``theme, count, share, examples``: comments mentioning a keyword of
        the theme (:data:`csat_examples.report.themes.COMMENT_THEMES` plus
        the config's ``comment_themes``; words cut by a Chinese word
        segmenter), most frequent first; ``share`` of all comments;
        ``examples`` the theme's most frequent different comments.  A
        comment may belong to several themes.
    words : pandas.DataFrame
        ``word, count``: the words most comments use
        (:func:`csat_examples.report.themes.frequent_words`).
    """

    table: pd.DataFrame
    themes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["theme", "count", "share", "examples"]))
    words: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["word", "count"]))


@dataclass(frozen=True)
class BreakdownAnalysis:
    """Figures per segment (the config's ``by`` columns): :func:`csat_examples.breakdown.breakdown`.

    Attributes
    ----------
    by : tuple of str
        The segment columns.
    table : pandas.DataFrame
        :func:`~csat_examples.breakdown.breakdown` of rate (from the overall
        question), degree (each respondent's index), item means and NPS.
    changes : pandas.DataFrame or None
        :func:`~csat_examples.breakdown.segment_changes` between the two
        latest waves (None without two waves).
    previous, latest : str or None
        The waves compared.
    min_n : int
        Segments with fewer answers are marked unreliable.
    """

    by: tuple[str, ...]
    table: pd.DataFrame
    changes: pd.DataFrame | None
    previous: str | None
    latest: str | None
    min_n: int


@dataclass(frozen=True)
class KeyFindings:
    """The few facts a manager reads first, picked from the other analyses (no new statistic).

    Attributes
    ----------
    rate, degree : float
        Satisfaction rate (%) and degree (on the config's scoring).
    rate_change, degree_change : dict or None
        The ``change`` table's row (``previous, latest, change, significant``)
        for the rate and the degree, when there are two waves.
    weakest_item : dict
        ``item, mean`` of the item with the lowest mean score.
    weakest_segment : dict or None
        ``by, segment, measure, estimate, difference, significant``: the
        segment of the first ``by`` column with the lowest rate (else
        degree) among the reliable ones, over all waves.
    largest_change : dict or None
        ``kind, key, change, significant``: the item or dimension whose mean
        changed most between the two latest waves (significant changes
        first).
    nps : float or None
    """

    rate: float
    degree: float
    rate_change: dict[str, Any] | None
    degree_change: dict[str, Any] | None
    weakest_item: dict[str, Any]
    weakest_segment: dict[str, Any] | None
    largest_change: dict[str, Any] | None
    nps: float | None


@dataclass(frozen=True)
class SurveyAnalysis:
    """Every analysis of a survey, computed once by :func:`analyse`.

    Sections that the config does not switch on are None.

    Attributes
    ----------
    survey : Survey
        The cleaned survey (its summary, cleaning log and provenance).
    scale : Scale
    scores : pandas.DataFrame
        Item scores on the config's scoring, one row per respondent.
    score_range : (float, float)
        Lowest and highest possible score on that scoring.
    dimensions : tuple of str
        Dimension keys in config order.
    item_names : dict
        Item column -> its wording (the column itself when the config gives none).
    rate : RateAnalysis
    index : IndexAnalysis
    groups : tuple of GroupSummary
        Per wave (when there are waves and an overall question), else everyone.
    distribution : pandas.DataFrame
        Level counts of the rate's answers.
    items : pandas.DataFrame
        :func:`~csat_examples.stats.item_summary` of the items, with their ``dimension``.
    dimension_scores : pandas.DataFrame
        Each respondent's mean score per dimension.
    dimension_summary : pandas.DataFrame
        :func:`~csat_examples.stats.item_summary` of ``dimension_scores``
        (first column ``dimension``).
    stated_importance : pandas.Series or None
        Mean stated importance per dimension, rescaled to 100 points.
    servqual : ServqualAnalysis or None
    nps : NpsResult or None
    ipa : IpaAnalysis
    change : ChangeAnalysis or None
    control : ControlAnalysis or None
    pareto : ParetoAnalysis or None
    improvement : pandas.DataFrame
        The IPA rows with ``priority``, ``change``, ``complaint_share``,
        ``target`` and ``owner`` columns, highest priority first.
    comments : CommentsAnalysis or None
    breakdown : BreakdownAnalysis or None
        Per segment, when the config names ``by`` columns.
    findings : KeyFindings or None
    segment_plan : pandas.DataFrame or None
        Segments significantly below the rest, for the PDCA plan.

    Notes
    -----
    Analyses added later (breakdowns by segment, key findings, comment
    themes) become further fields computed from these, so the renderers and
    the writers keep reading one object.
    """

    survey: Survey
    scale: Scale
    scores: pd.DataFrame
    score_range: tuple[float, float]
    dimensions: tuple[str, ...]
    item_names: dict[str, str]
    rate: RateAnalysis
    index: IndexAnalysis
    groups: tuple[GroupSummary, ...]
    distribution: pd.DataFrame
    items: pd.DataFrame
    dimension_scores: pd.DataFrame
    dimension_summary: pd.DataFrame
    stated_importance: pd.Series | None
    servqual: ServqualAnalysis | None
    nps: NpsResult | None
    ipa: IpaAnalysis
    change: ChangeAnalysis | None
    control: ControlAnalysis | None
    pareto: ParetoAnalysis | None
    improvement: pd.DataFrame
    comments: CommentsAnalysis | None
    breakdown: BreakdownAnalysis | None = None
    findings: KeyFindings | None = None
    segment_plan: pd.DataFrame | None = None

    @property
    def items_by_dimension(self) -> dict[str, list[str]]:
        """Dimension key -> its item columns, in config order."""
        dims = self.survey.config.dimensions
        return {d: [i for i in self.survey.config.item_columns if dims[i] == d] for d in self.dimensions}


# --- the analyses, each from its declared inputs -----------------------------------------------------

@dataclass(frozen=True)
class _Coded:
    """A text column (waves, periods) coded once for the analyses that compare, count and group by it.

    Comparing or factorizing a million strings costs tens of milliseconds
    each time; the wave column was compared, counted and grouped some ten
    times.  ``codes``: each row's position in ``labels`` (-1 for a missing
    value); ``labels``: the distinct values, sorted.
    """

    codes: np.ndarray
    labels: pd.Index

    @classmethod
    def of(cls, column: pd.Series) -> _Coded:
        from ..breakdown import sorted_codes

        return cls(*sorted_codes(column))

    def mask(self, label: str) -> np.ndarray:
        """Rows whose value is ``label``."""
        where = self.labels.get_indexer([label])[0]
        return self.codes == where if where >= 0 else np.zeros(len(self.codes), dtype=bool)

    def categorical(self, index: pd.Index) -> pd.Series:
        """The column as a categorical of its sorted labels, which breakdowns read without factorizing it again."""
        return pd.Series(pd.Categorical.from_codes(self.codes, categories=self.labels), index=index)


def _rate(survey: Survey, scale: Scale) -> RateAnalysis:
    from ..rate import satisfaction_rate

    cfg, data = survey.config, survey.data
    items = cfg.item_columns
    if cfg.overall:
        basis, responses = "overall", data[cfg.overall]
    else:
        stacked = data[items].stack(future_stack=True) if len(items) else pd.Series(dtype=float)
        basis, responses = "items", stacked.reset_index(drop=True)
    result = satisfaction_rate(responses, scale=scale, satisfied=cfg.satisfied, missing="exclude")
    levels = tuple(lv for lv in scale.levels if lv.zh in result.satisfied_levels)
    rows = []
    for item in items:
        r = satisfaction_rate(data[item], scale=scale, satisfied=cfg.satisfied, missing="exclude")
        rows.append({"item": item, "dimension": cfg.dimensions[item], "rate": r.rate, "satisfied": r.satisfied,
                     "n": r.respondents})
    return RateAnalysis(basis, responses, result, levels, pd.DataFrame(rows))


def _weight_tree(survey: Survey, dimensions: tuple[str, ...], by_dim: dict[str, list[str]]) -> tuple[dict[str, Any], str]:
    """The indicator tree and where its weights come from (``config``, ``importance`` or ``equal``)."""
    cfg = survey.config
    if isinstance(cfg.weights, dict):
        flat = all(not isinstance(v, dict) for v in cfg.weights.values())
        if flat:  # a flat mapping is a one-level tree
            return {k: float(v) for k, v in cfg.weights.items()}, "config"
        return dict(cfg.weights), "config"
    items = cfg.item_columns
    if cfg.weights == "importance":
        means = _importance_means(survey, "weights")
        shares = {d: float(means[d]) / float(means.sum()) for d in dimensions}
        source = "importance"
    else:
        shares = {d: len(by_dim[d]) / len(items) for d in dimensions}
        source = "equal"
    tree = {
        d: {"weight": shares[d], "children": {i: 1 / len(by_dim[d]) for i in by_dim[d]}}
        for d in dimensions
    }
    return tree, source


def _index(survey: Survey, scale: Scale, scores: pd.DataFrame, dimensions: tuple[str, ...],
           by_dim: dict[str, list[str]]) -> tuple[IndexAnalysis, pd.DataFrame]:
    """The index, and the scores of its leaves in the tree's order (for :func:`_groups`).

    The degree's weighted sums read the scores in the weights' order: a
    table of the leaves in that order, made once, spares a copy of the
    whole score table in each degree.
    """
    from ..degree import satisfaction_degree
    from ..hierarchy import hierarchical_index, tree_leaves

    tree, source = _weight_tree(survey, dimensions, by_dim)
    order = tree_leaves(tree)
    # (a leaf without a score column: the index names it)
    leaf_scores = scores[order] if all(c in scores.columns for c in order) else scores
    hierarchy = hierarchical_index(leaf_scores, tree, missing="exclude")
    leaves = hierarchy.nodes[~hierarchy.nodes["node"].isin(hierarchy.nodes["parent"].dropna())]
    weights = pd.Series(leaves["global_weight"].to_numpy(), index=leaves["node"].to_numpy())
    degree = satisfaction_degree(leaf_scores, weights, scale=scale, scoring=survey.config.scoring,
                                 missing="exclude", normalize=True)
    return IndexAnalysis(tree, source, hierarchy, weights, degree), leaf_scores


def _groups(survey: Survey, scale: Scale, complete: np.ndarray, rate: RateAnalysis,
            weights: pd.Series, waves: _Coded | None, leaf_scores: pd.DataFrame) -> tuple[GroupSummary, ...]:
    """Per wave (or the whole survey): level counts, rate and degree, for the side-by-side chart.

    ``complete``: the respondents who scored every item; ``leaf_scores``: the
    scores of the weights' items, in their order (from :func:`_index`).
    """
    cfg = survey.config
    responses = rate.responses
    groups: list[tuple[str | None, np.ndarray]] = []
    if waves is not None and cfg.overall:  # the rate's answers are one per respondent: they split by wave
        groups = [(str(w), waves.mask(w)) for w in waves.labels if w != ""]
    out = []
    for name, mask in groups:
        answers = responses[mask]
        # a wave without a rate answer or without a complete respondent has no bar to draw
        if answers.notna().any() and complete[mask].any():
            out.append(_group(name, answers, leaf_scores[mask], scale, weights, cfg.satisfied, cfg.scoring))
    if not out:
        out.append(_group(None, responses, leaf_scores, scale, weights, cfg.satisfied, cfg.scoring))
    return tuple(out)


def _group(name: str | None, answers: pd.Series, scores: pd.DataFrame, scale: Scale, weights: pd.Series,
           satisfied: Any, scoring: str) -> GroupSummary:
    from ..degree import satisfaction_degree
    from ..rate import level_distribution, satisfaction_rate

    r = satisfaction_rate(answers, scale=scale, satisfied=satisfied, missing="exclude")
    d = satisfaction_degree(scores, weights, scale=scale, scoring=scoring, missing="exclude", normalize=True)
    return GroupSummary(name, level_distribution(answers, scale=scale, missing="exclude"), r.rate, d.degree_100)


def _dimension_scores(scores: pd.DataFrame, by_dim: dict[str, list[str]]) -> pd.DataFrame:
    from ..degree import weighted_index

    return pd.DataFrame(
        {d: weighted_index(scores, {i: 1 / len(cols) for i in cols}, missing="exclude") for d, cols in by_dim.items()},
        index=scores.index,
    )


def _importance_means(survey: Survey, key: str) -> pd.Series:
    """Mean stated importance per dimension; refused when they give no dimension any weight."""
    cfg = survey.config
    means = pd.Series({d: float(survey.data[c].mean()) for d, c in cfg.importance.items()})
    if not np.isfinite(means.to_numpy()).all() or not float(means.sum()) > 0:
        from ..errors import CsatInputError

        raise CsatInputError.from_terms("importance_zero", where="config_key", config_key=key,
                                        value={d: None if np.isnan(m) else m for d, m in means.items()})
    return means


def _stated_importance(survey: Survey) -> pd.Series | None:
    if not survey.config.importance:
        return None
    points = _importance_means(survey, "importance")
    # each respondent's allocation sums to 100, but means of columns with blanks need not: rescale
    return points * 100.0 / float(points.sum())


def _servqual(survey: Survey, scale: Scale, scores: pd.DataFrame, importance: pd.Series | None) -> ServqualAnalysis | None:
    from ..scales import rescore
    from ..servqual import servqual

    cfg = survey.config
    if not cfg.expectations:
        return None
    items = list(cfg.expectations)
    perceptions = scores[items]
    expectations = rescore(survey.data[list(cfg.expectations.values())], scale=scale, from_scoring="likert", to_scoring=cfg.scoring)
    expectations.columns = items
    complete = perceptions.notna().all(axis=1) & expectations.notna().all(axis=1)
    result = servqual(
        perceptions[complete], expectations[complete], {i: cfg.dimensions[i] for i in items},
        importance=None if importance is None else importance.to_dict(),
    )
    return ServqualAnalysis(result, int((~complete).sum()))


def _nps(survey: Survey) -> NpsResult | None:
    from ..nps import nps

    column = survey.config.nps
    return nps(survey.data[column], missing="exclude") if column else None


def _ipa(survey: Survey, scores: pd.DataFrame, importance: pd.Series | None, items: pd.DataFrame,
         dimension_summary: pd.DataFrame, hierarchy: HierarchyResult) -> IpaAnalysis:
    from ..ipa import derived_importance, ipa

    cfg = survey.config
    columns = cfg.item_columns
    if importance is not None:
        perf = dimension_summary.set_index("dimension")["mean"]
        frame = pd.DataFrame({"item": importance.index, "importance": importance.to_numpy(),
                              "performance": perf.reindex(importance.index).to_numpy()})
        level, target_name = "dimension", None
    else:
        # derived importance: how strongly each item moves with the overall answer (or the index)
        target = survey.data[cfg.overall] if cfg.overall else hierarchy.per_respondent
        joined = scores.assign(_target=target.reindex(scores.index).to_numpy()).dropna()
        # Pearson correlation with the target over respondents who answered everything
        # (one centring pass for all items; plain dot products, no BLAS threads fighting over a busy machine)
        corr = (derived_importance(joined[columns], joined["_target"]) if len(joined) >= MIN_FOR_CORRELATION
                else pd.Series(np.nan, index=columns))
        frame = pd.DataFrame({"item": columns, "importance": corr.reindex(columns).to_numpy(),
                              "performance": items.set_index("item")["mean"].reindex(columns).to_numpy()})
        level, target_name = "item", cfg.overall
    usable = frame.dropna()
    if len(usable) < MIN_IPA_POINTS:
        return IpaAnalysis(level, target_name, usable.assign(quadrant=pd.Series(dtype=object)))
    return IpaAnalysis(level, target_name, ipa(usable, crosshair="mean"))


def _latest_waves(waves: _Coded) -> tuple[str, str] | None:
    labels = [w for w in waves.labels if w != ""]
    return (labels[-2], labels[-1]) if len(labels) >= 2 else None


_CHANGE_COLUMNS = ["kind", "key", "previous", "latest", "change", "p_value", "significant", "method"]


def _change(survey: Survey, scale: Scale, scores: pd.DataFrame, rate: RateAnalysis,
            hierarchy: HierarchyResult, dimension_scores: pd.DataFrame, waves: _Coded | None) -> ChangeAnalysis | None:
    from ..rate import satisfaction_rate
    from ..stats import two_proportion_test, welch_result

    cfg = survey.config
    if waves is None:
        return None
    pair = _latest_waves(waves)
    if pair is None:
        return ChangeAnalysis(None, None, pd.DataFrame(columns=_CHANGE_COLUMNS))
    previous, latest = pair
    wave = survey.data[cfg.wave]
    is_latest, is_previous = waves.mask(latest), waves.mask(previous)
    rows: list[dict[str, Any]] = []
    if cfg.overall:
        answered = rate.responses.notna().to_numpy()
        if (answered & is_previous).any() and (answered & is_latest).any():
            r_prev = satisfaction_rate(rate.responses[is_previous], scale=scale, satisfied=cfg.satisfied, missing="exclude")
            r_last = satisfaction_rate(rate.responses[is_latest], scale=scale, satisfied=cfg.satisfied, missing="exclude")
            test = two_proportion_test(r_last.satisfied, r_last.respondents, r_prev.satisfied, r_prev.respondents)
            rows.append({"kind": "rate", "key": None, "previous": r_prev.rate, "latest": r_last.rate,
                         "change": r_last.rate - r_prev.rate, **_outcome(test)})
    measures: list[tuple[str, str | None, pd.Series]] = [("degree", None, hierarchy.per_respondent)]
    measures += [("dimension", d, dimension_scores[d]) for d in dimension_scores.columns]
    measures += [("item", i, scores[i]) for i in cfg.item_columns]
    latest_rows, previous_rows = np.flatnonzero(is_latest), np.flatnonzero(is_previous)
    for kind, key, values in measures:
        # plain arrays: each wave's answers are picked (by position: faster than a mask of a million)
        # and checked for spread in a pass or two each; blanks are left out where there are any
        values = values.reindex(wave.index).to_numpy(dtype=float, na_value=np.nan)
        a, b = values.take(latest_rows), values.take(previous_rows)
        a, b = (v[~np.isnan(v)] if np.isnan(v).any() else v for v in (a, b))
        if len(a) < MIN_PER_WAVE or len(b) < MIN_PER_WAVE:
            continue
        # every score equal in both waves: no spread to test against, and no change to test either
        # (the scores were checked when rescored: the test skips the checks that cost more than it on 10^6 rows)
        test = welch_result(a, b) if np.ptp(a) > 0 or np.ptp(b) > 0 else None
        latest_mean, previous_mean = a.mean(), b.mean()  # each once: a pass over half a million scores
        rows.append({"kind": kind, "key": key, "previous": float(previous_mean), "latest": float(latest_mean),
                     "change": float(latest_mean - previous_mean), **_outcome(test)})
    return ChangeAnalysis(previous, latest, pd.DataFrame(rows, columns=_CHANGE_COLUMNS))


def _outcome(test: Any) -> dict[str, Any]:
    """``p_value, significant, method`` of a test; NaN, False and None for a test that could not be run."""
    if test is None:
        return {"p_value": float("nan"), "significant": False, "method": None}
    return {"p_value": test.p_value, "significant": test.significant(ALPHA), "method": test.method}


def _control(survey: Survey, rate: RateAnalysis, hierarchy: HierarchyResult,
             waves: _Coded | None) -> ControlAnalysis | None:
    from ..stats import p_chart, xbar_s_chart

    cfg = survey.config
    column = cfg.period or cfg.wave
    if not column:
        return None
    # periods as codes (sorted as the labels): counts and groups over integers, not a million strings
    periods = waves if waves is not None and column == cfg.wave else _Coded.of(survey.data[column])
    pc = None
    if cfg.overall:
        responses = rate.responses
        counted = responses.notna().to_numpy() & (periods.codes >= 0)
        codes = periods.codes[counted]
        n = np.bincount(codes, minlength=len(periods.labels))
        satisfied = np.bincount(codes, weights=responses.isin(rate.satisfied_ranks).to_numpy()[counted],
                                minlength=len(periods.labels)).astype(np.int64)
        seen = n > 0
        pc = p_chart(pd.DataFrame({"period": periods.labels[seen], "satisfied": satisfied[seen], "n": n[seen]}),
                     "period", "satisfied", "n")
    index = hierarchy.per_respondent
    rows = survey.data.index.get_indexer(index.index)
    codes = np.where(rows >= 0, periods.codes[rows], -1)
    values = index.to_numpy(dtype=float)
    kept = (codes >= 0) & ~np.isnan(values)
    sizes = np.bincount(codes[kept], minlength=len(periods.labels))
    small = (sizes > 0) & (sizes < MIN_PER_PERIOD)
    # a period with one score has no standard deviation: it is named, not charted, and the rest still is
    kept &= ~small[np.maximum(codes, 0)]
    xs = None
    if np.count_nonzero(sizes >= MIN_PER_PERIOD) >= MIN_PERIODS:
        xs = xbar_s_chart(pd.DataFrame({"period": codes[kept], "value": values[kept]}), "period", "value")
        xs["period"] = periods.labels.take(xs["period"].to_numpy())  # the codes' labels, in the same (sorted) order
    return ControlAnalysis(column, pc, xs, tuple(sorted(map(str, periods.labels[small]))))


def _causes(survey: Survey) -> tuple[int, pd.Series] | None:
    """Complaints naming a cause, and their counts per cause (most frequent first); None without a cause column.

    Counted once for the Pareto chart and the improvement table: a pass over
    a million strings each time.
    """
    column = survey.config.cause
    if not column:
        return None
    causes = survey.data[column]
    named = causes[causes != ""]
    return len(named), named.value_counts()


def _pareto(survey: Survey, causes: tuple[int, pd.Series] | None) -> ParetoAnalysis | None:
    from ..stats import pareto

    if causes is None:
        return None
    named, counts = causes
    # counts per cause: the same table, without a pass per complaint
    table = pareto(counts) if named else None
    return ParetoAnalysis(named, len(survey.data), table)


#: Owner role of an improvement by RATER dimension (the renderer words it; other dimensions: the manager).
OWNERS = {"responsiveness": "maintenance", "assurance": "security", "tangibles": "environment",
          "empathy": "customer_service", "reliability": "manager"}


def _improvement(survey: Survey, ipa: IpaAnalysis, high: float, change: ChangeAnalysis | None,
                 causes: tuple[int, pd.Series] | None) -> pd.DataFrame:
    """The IPA rows by priority, with the evidence and the target of each PDCA row.

    Added columns: ``change`` (latest - previous wave, NaN without waves),
    ``complaint_share`` (share of complaints whose cause names the item, or
    one of the dimension's items; NaN without a cause column), ``target``
    (half-way from the performance to the best performance in the table,
    at least a tenth of the way to the top of the scale) and ``owner`` (a
    role key from :data:`OWNERS`).
    """
    cfg = survey.config
    frame = ipa.table.copy()
    share = frame["importance"] / frame["importance"].abs().sum()
    frame["priority"] = share * (high - frame["performance"])
    kind = "dimension" if ipa.stated else "item"
    changes = {} if change is None or change.table.empty else \
        change.table[change.table["kind"] == kind].set_index("key")["change"].to_dict()
    frame["change"] = [changes.get(k, np.nan) for k in frame["item"]]
    if causes is not None:
        # a few distinct causes over many rows: test each distinct cause once, weigh it by its count
        counts = causes[1]
        total = int(counts.sum())

        def covers(key: str) -> float:
            words = [i for i in cfg.item_columns if cfg.dimensions[i] == key] if ipa.stated else [key]
            hit = [any(w in c for w in words) for c in counts.index]
            return int(counts[hit].sum()) / total if total else np.nan
        frame["complaint_share"] = [covers(k) for k in frame["item"]]
    else:
        frame["complaint_share"] = np.nan
    best = frame["performance"].max()
    step = (high - frame["performance"].min()) / 10 if len(frame) else 0.0
    frame["target"] = np.minimum(high, np.maximum(frame["performance"] + (best - frame["performance"]) / 2,
                                                  frame["performance"] + step))
    dims = [k if ipa.stated else cfg.dimensions.get(k, "") for k in frame["item"]]
    frame["owner"] = [OWNERS.get(d, "manager") for d in dims]
    return frame.sort_values("priority", ascending=False, kind="stable", ignore_index=True)


def _segment_plan(breakdown: BreakdownAnalysis | None) -> pd.DataFrame | None:
    """Segments significantly below the rest (rate, else degree), with their weakest item and a target.

    Columns ``by, segment, measure, estimate, rest, difference, weakest_item,
    weakest_mean, target``; target = half-way to the rest.
    """
    if breakdown is None:
        return None
    table = breakdown.table[breakdown.table["wave"] == ""]
    rows = []
    for column in breakdown.by:
        part = table[table["by"] == column]
        measure = "rate" if (part["measure"] == "rate").any() else "degree"
        low = part[(part["measure"] == measure) & part["significant"] & (part["difference"] < 0) & ~part["unreliable"]]
        for record in low.sort_values("difference", kind="stable").itertuples():
            items = part[(part["segment"] == record.segment) & (part["measure"] == "item")].sort_values("estimate")
            rows.append({"by": column, "segment": record.segment, "measure": measure, "estimate": record.estimate,
                         "rest": record.rest, "difference": record.difference,
                         "weakest_item": items["key"].iloc[0] if len(items) else None,
                         "weakest_mean": float(items["estimate"].iloc[0]) if len(items) else np.nan,
                         "target": record.estimate - record.difference / 2})
    return pd.DataFrame(rows, columns=["by", "segment", "measure", "estimate", "rest", "difference", "weakest_item",
                                       "weakest_mean", "target"])


def _comments(survey: Survey) -> CommentsAnalysis | None:
    columns = survey.config.text
    if not columns:
        return None
    texts = pd.concat([survey.data[c] for c in columns], ignore_index=False)
    filled = texts[texts != ""]
    table = pd.DataFrame({"row": filled.index.astype(int), "comment": filled.to_numpy()}).sort_values("row", kind="stable")
    from .themes import comment_themes, frequent_words

    comments = table["comment"].astype(str)
    extra = survey.config.comment_themes
    return CommentsAnalysis(table, comment_themes(comments, extra), frequent_words(comments, extra))


def _breakdown(survey: Survey, scores: pd.DataFrame, rate: RateAnalysis,
               hierarchy: HierarchyResult, waves: _Coded | None) -> BreakdownAnalysis | None:
    from ..breakdown import breakdown, breakdown_and_changes

    cfg = survey.config
    if not cfg.by:
        return None
    frame = scores.copy(deep=False)  # copy-on-write: the columns added below never reach ``scores``
    for column in cfg.by:
        frame[column] = survey.data[column]
    measures: dict[str, Any] = {"items": list(cfg.item_columns), "degree": "_degree"}
    frame["_degree"] = hierarchy.per_respondent.reindex(frame.index)
    if rate.basis == "overall":  # one answer per respondent: a rate per segment
        answers = survey.data[cfg.overall]
        frame["_satisfied"] = answers.isin(rate.satisfied_ranks).astype(float).where(answers.notna())
        measures["satisfied"] = "_satisfied"
    if cfg.nps:
        frame["_nps"] = survey.data[cfg.nps]
        measures["nps"] = "_nps"
    if waves is not None:
        frame["_wave"] = waves.categorical(survey.data.index)
    pair = _latest_waves(waves) if waves is not None else None
    changes = None
    if pair is not None:  # both tables in one pass over the segments and waves
        table, changes = breakdown_and_changes(frame, list(cfg.by), wave="_wave", previous=pair[0], latest=pair[1],
                                               min_n=cfg.min_segment_n, confidence=CONFIDENCE, alpha=ALPHA,
                                               **measures)
    else:
        table = breakdown(frame, list(cfg.by), wave="_wave" if waves is not None else None, min_n=cfg.min_segment_n,
                          confidence=CONFIDENCE, alpha=ALPHA, **measures)
    return BreakdownAnalysis(cfg.by, table, changes, *(pair or (None, None)), min_n=cfg.min_segment_n)


def _findings(rate: RateAnalysis, index: IndexAnalysis, items: pd.DataFrame, change: ChangeAnalysis | None,
              breakdown: BreakdownAnalysis | None, nps: NpsResult | None) -> KeyFindings:
    def row(kind: str) -> dict[str, Any] | None:
        if change is None or change.table.empty:
            return None
        rows = change.table[change.table["kind"] == kind]
        return None if rows.empty else rows.iloc[0][["previous", "latest", "change", "significant"]].to_dict()

    weakest = items.sort_values("mean", kind="stable").iloc[0]
    segment = None
    if breakdown is not None:
        table = breakdown.table
        first = table[(table["by"] == breakdown.by[0]) & (table["wave"] == "") & ~table["unreliable"]]
        measure = "rate" if (first["measure"] == "rate").any() else "degree"
        ranked = first[first["measure"] == measure].sort_values("estimate", kind="stable")
        if len(ranked) > 1:
            segment = ranked.iloc[0][["by", "segment", "measure", "estimate", "difference", "significant"]].to_dict()
    largest = None
    if change is not None and not change.table.empty:
        means = change.table[change.table["kind"].isin(["item", "dimension"])]
        if len(means):
            order = means.assign(_size=means["change"].abs()).sort_values(["significant", "_size"], ascending=False,
                                                                          kind="stable")
            largest = order.iloc[0][["kind", "key", "change", "significant"]].to_dict()
    return KeyFindings(rate.result.rate, index.degree.degree, row("rate"), row("degree"),
                       {"item": weakest["item"], "mean": float(weakest["mean"])}, segment, largest,
                       None if nps is None else nps.nps)


def analyse(survey: Survey) -> SurveyAnalysis:
    """Compute every analysis the survey's config allows.

    Parameters
    ----------
    survey : Survey
        From :func:`csat_examples.survey.load_survey`; not changed.

    Returns
    -------
    SurveyAnalysis
        Language-free: render it with :func:`csat_examples.report.render_report`.

    Examples
    --------
    >>> import pandas as pd
    >>> from csat_examples.survey import survey_from_frame
    >>> df = pd.DataFrame({"id": ["A", "B", "C"], "q1": ["满意", "很满意", "一般"], "q2": [6, 7, 5]})
    >>> a = analyse(survey_from_frame(df, {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}}))
    >>> round(a.rate.result.rate, 1), a.rate.basis, round(a.index.degree.degree, 3)
    (66.7, 'items', 5.833)
    >>> a.items[["item", "dimension", "mean"]].values.tolist()
    [['q1', 'service', 5.666666666666667], ['q2', 'service', 6.0]]
    >>> a.nps is None and a.change is None
    True
    """
    from ..rate import level_distribution
    from ..scales import get_scale, rescore
    from ..stats import item_summary

    cfg = survey.config
    scale = get_scale(cfg.scale)
    columns = cfg.item_columns
    scores = rescore(survey.data[columns], scale=scale, from_scoring="likert", to_scoring=cfg.scoring)
    low, high = scale.score_range(cfg.scoring)
    dimensions = tuple(dict.fromkeys(cfg.dimensions.values()))
    by_dim = {d: [i for i in columns if cfg.dimensions[i] == d] for d in dimensions}
    complete = scores.notna().all(axis=1).to_numpy()
    if not complete.any():
        # the index weighs every item: it needs at least one respondent who answered them all
        from ..errors import CsatInputError

        raise CsatInputError.from_terms("no_complete_respondent", where="file", file=survey.source,
                                        value=f"{len(scores)} respondents", items=len(columns))
    rate = _rate(survey, scale)
    index, leaf_scores = _index(survey, scale, scores, dimensions, by_dim)
    waves = _Coded.of(survey.data[cfg.wave]) if cfg.wave else None
    groups = _groups(survey, scale, complete, rate, index.weights, waves, leaf_scores)
    del leaf_scores  # a copy of the scores: not kept through the analyses that follow
    items = item_summary(scores, columns, confidence=CONFIDENCE, missing="exclude")
    items.insert(1, "dimension", [cfg.dimensions[i] for i in items["item"]])
    dimension_scores = _dimension_scores(scores, by_dim)
    dimension_summary = item_summary(dimension_scores, list(dimension_scores.columns), confidence=CONFIDENCE,
                                     missing="exclude").rename(columns={"item": "dimension"})
    importance = _stated_importance(survey)
    ipa = _ipa(survey, scores, importance, items, dimension_summary, index.hierarchy)
    change = _change(survey, scale, scores, rate, index.hierarchy, dimension_scores, waves)
    breakdown = _breakdown(survey, scores, rate, index.hierarchy, waves)
    nps = _nps(survey)
    causes = _causes(survey)
    return SurveyAnalysis(
        survey=survey,
        scale=scale,
        scores=scores,
        score_range=(low, high),
        dimensions=dimensions,
        item_names={i.column: (i.text or i.column) for i in cfg.items},
        rate=rate,
        index=index,
        groups=groups,
        distribution=level_distribution(rate.responses, scale=scale, missing="exclude"),
        items=items,
        dimension_scores=dimension_scores,
        dimension_summary=dimension_summary,
        stated_importance=importance,
        servqual=_servqual(survey, scale, scores, importance),
        nps=nps,
        ipa=ipa,
        change=change,
        control=_control(survey, rate, index.hierarchy, waves),
        pareto=_pareto(survey, causes),
        improvement=_improvement(survey, ipa, high, change, causes),
        segment_plan=_segment_plan(breakdown),
        comments=_comments(survey),
        breakdown=breakdown,
        findings=_findings(rate, index, items, change, breakdown, nps),
    )
