"""The report's analyses, in the order of the course's nine-step process (steps 6-9).

Every number comes from a library function (:mod:`csat_examples.rate`,
:mod:`~csat_examples.degree`, :mod:`~csat_examples.hierarchy`,
:mod:`~csat_examples.servqual`, :mod:`~csat_examples.nps`,
:mod:`~csat_examples.ipa`, :mod:`~csat_examples.stats`) and every chart from
:mod:`csat_examples.charts`; this module only decides which columns feed
which function and puts the results into :class:`~.model.Section` objects.

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

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..survey.cleaning import Survey
from ..terms import label
from .model import Chart, Report, Section, TableBlock, render_png

__all__ = ["build_report", "SECTION_KEYS"]

SECTION_KEYS = (
    "summary", "rate_degree", "distribution", "items", "hierarchy", "servqual", "nps",
    "ipa", "change", "control", "pareto", "improvement", "comments",
)
_LOG_SHOWN = 200
_COMMENTS_SHOWN = 30


def _t(key: str, lang: str, **fmt: Any) -> str:
    text = label(key, lang)  # type: ignore[arg-type]
    return text.format(**fmt) if fmt else text


def _term(key: str, lang: str) -> str:
    """Label of a data value (dimension, cause, quadrant) if the terms table has it, else the value."""
    try:
        return label(str(key), lang)  # type: ignore[arg-type]
    except Exception:  # values of an organisation's own survey have no term: show them as written
        return str(key)


@dataclass
class _Context:
    survey: Survey
    lang: str
    charts: bool

    def __post_init__(self) -> None:
        from ..scales import get_scale, rescore

        cfg = self.survey.config
        self.cfg = cfg
        self.scale = get_scale(cfg.scale)
        self.items = cfg.item_columns
        data = self.survey.data
        self.scores = rescore(data[self.items], self.scale, "likert", cfg.scoring)
        self.low, self.high = self.scale.score_range(cfg.scoring)
        self.dims = list(dict.fromkeys(cfg.dimensions.values()))
        self.by_dim = {d: [i for i in self.items if cfg.dimensions[i] == d] for d in self.dims}
        self.item_names = {
            i.column: (i.text or i.column) for i in cfg.items
        }

    def figure(self, name: str, factory: Any, caption: str, *args: Any, **kwargs: Any) -> Chart | None:
        """Render ``factory(*args, **kwargs)``; a string names a :mod:`csat_examples.charts` factory."""
        if not self.charts:
            return None
        if isinstance(factory, str):
            from .. import charts

            factory = getattr(charts, factory)
        return Chart(name, render_png(factory(*args, **kwargs)), caption)

    def weight_tree(self) -> tuple[dict[str, Any], str]:
        """The indicator tree and a note on where its weights come from."""
        cfg = self.cfg
        if isinstance(cfg.weights, dict):
            flat = all(not isinstance(v, dict) for v in cfg.weights.values())
            if flat:  # a flat mapping is a one-level tree
                return {k: float(v) for k, v in cfg.weights.items()}, "report_weights_config"
            return dict(cfg.weights), "report_weights_config"
        if cfg.weights == "importance":
            means = self.survey.data[[cfg.importance[d] for d in self.dims]].mean()
            total = float(means.sum())
            shares = {d: float(means[cfg.importance[d]]) / total for d in self.dims}
            key = "report_weights_importance"
        else:
            shares = {d: len(self.by_dim[d]) / len(self.items) for d in self.dims}
            key = "report_weights_equal"
        tree = {
            d: {"weight": shares[d], "children": {i: 1 / len(self.by_dim[d]) for i in self.by_dim[d]}}
            for d in self.dims
        }
        return tree, key


def _excluded_note(count: int, lang: str) -> list[str]:
    return [_t("report_excluded_note", lang, count=count)] if count else []


# --- step 6: data summary ---------------------------------------------------------------------------

def _summary(ctx: _Context) -> Section:
    s, lang = ctx.survey, ctx.lang
    excluded = len(s.excluded_rows)
    facts = pd.DataFrame(
        {
            "measure": [_t(k, lang) for k in ("report_rows_read", "report_respondents", "report_rows_excluded", "report_blank_answers")],
            "value": [s.rows_read, s.respondents, excluded, int(s.missing.sum())],
        }
    )
    section = Section("summary", 6, _t("report_sec_summary", lang))
    section.tables.append(TableBlock("summary", facts))
    if s.ignored_columns:
        section.notes.append(f"{_t('report_ignored_columns', lang)}: {', '.join(s.ignored_columns)}")
    missing = s.missing[s.missing > 0]
    if len(missing):
        section.tables.append(
            TableBlock("blank_answers", pd.DataFrame({"column": missing.index, "count": missing.to_numpy()}),
                       _t("report_missing_table", lang))
        )
    if len(s.log):
        section.tables.append(TableBlock("cleaning_log", s.log, _t("report_cleaning_log", lang), limit=_LOG_SHOWN))
    else:
        section.notes.append(_t("report_no_exclusions", lang))
        section.tables.append(TableBlock("cleaning_log", s.log, _t("report_cleaning_log", lang), limit=0))
    section.results = {
        "source": s.source, "sheet": s.sheet, "encoding": s.encoding, "header_row": s.header_row,
        "rows_read": s.rows_read, "respondents": s.respondents, "rows_excluded": excluded,
        "blank_answers": s.missing, "ignored_columns": list(s.ignored_columns), "log_entries": len(s.log),
    }
    return section


# --- step 7: index and analysis ----------------------------------------------------------------------

def _rate_responses(ctx: _Context) -> tuple[pd.Series, str]:
    cfg = ctx.cfg
    levels = "、".join(ctx.satisfied_names) if ctx.lang == "zh" else ", ".join(ctx.satisfied_names)
    if cfg.overall:
        return ctx.survey.data[cfg.overall], _t("report_rate_basis_overall", ctx.lang, column=cfg.overall, levels=levels)
    stacked = ctx.survey.data[ctx.items].stack(future_stack=True) if len(ctx.items) else pd.Series(dtype=float)
    return stacked.reset_index(drop=True), _t("report_rate_basis_items", ctx.lang, levels=levels)


def _rate_degree(ctx: _Context) -> Section:
    from ..degree import satisfaction_degree
    from ..hierarchy import hierarchical_index
    from ..rate import satisfaction_rate

    lang, cfg = ctx.lang, ctx.cfg
    responses, basis = _rate_responses(ctx)
    rate = satisfaction_rate(responses, scale=ctx.scale, satisfied=cfg.satisfied, missing="exclude")
    ctx.rate = rate
    ctx.satisfied_ranks = [lv.rank for lv in ctx.scale.levels if lv.zh in rate.satisfied_levels]
    tree, weights_key = ctx.weight_tree()
    ctx.tree, ctx.weights_key = tree, weights_key
    hier = hierarchical_index(ctx.scores, tree, missing="exclude")
    ctx.hierarchy = hier
    leaves = hier.nodes[~hier.nodes["node"].isin(hier.nodes["parent"].dropna())]
    weights = pd.Series(leaves["global_weight"].to_numpy(), index=leaves["node"].to_numpy())
    degree = satisfaction_degree(
        ctx.scores, weights, scale=ctx.scale, scoring=cfg.scoring, missing="exclude", normalize=True
    )
    ctx.degree = degree
    level_name = degree.level.zh if lang == "zh" else degree.level.en
    table = pd.DataFrame(
        {
            "measure": [_t("satisfaction_rate", lang), _t("satisfaction_degree", lang), _t("report_degree_level", lang)],
            "value": [f"{rate.rate:.1f}%", f"{degree.degree:.3f} ({cfg.scoring}) = {degree.degree_100:.1f}/100", level_name],
            "n": [rate.respondents, degree.respondents, degree.respondents],
        }
    )
    per_item = pd.DataFrame(
        [
            {"item": i, "dimension": _term(cfg.dimensions[i], lang),
             "rate": (r := satisfaction_rate(ctx.survey.data[i], scale=ctx.scale, satisfied=cfg.satisfied, missing="exclude")).rate,
             "satisfied": r.satisfied, "n": r.respondents}
            for i in ctx.items
        ]
    )
    section = Section("rate_degree", 7, _t("report_sec_rate_degree", lang))
    section.notes += [
        basis,
        _t("report_degree_basis", lang, scoring=cfg.scoring, weights=_t(weights_key, lang), level=level_name),
        _t("report_rate_degree_note", lang),
    ]
    section.notes += _excluded_note(degree.excluded.count, lang)
    if ctx.charts:
        dists, rows = _rate_degree_by_group(ctx, responses, weights)
        chart = ctx.figure("rate_degree", "rate_degree_chart",
                           f"{_t('satisfaction_rate', lang)} / {_t('satisfaction_degree', lang)}", dists, rows, lang=lang)
        section.charts += [c for c in [chart] if c]
    section.tables += [TableBlock("rate_degree", table), TableBlock("item_rates", per_item, _t("report_item_rates", lang))]
    section.results = {
        "rate": rate.rate, "satisfied": rate.satisfied, "rate_respondents": rate.respondents,
        "rate_excluded": rate.excluded.count, "satisfied_levels": list(rate.satisfied_levels),
        "degree": degree.degree, "degree_100": degree.degree_100, "degree_level": {"zh": degree.level.zh, "en": degree.level.en},
        "degree_respondents": degree.respondents, "degree_excluded": degree.excluded.count, "scoring": cfg.scoring,
        "weights": weights, "item_rates": per_item,
    }
    return section


def _rate_degree_by_group(ctx: _Context, responses: pd.Series, weights: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per wave (or the whole survey): level counts and rate vs degree, for the side-by-side chart."""
    from ..degree import satisfaction_degree
    from ..rate import level_distribution, satisfaction_rate

    cfg = ctx.cfg
    groups: list[tuple[str, np.ndarray]] = []
    if cfg.wave and cfg.overall:
        wave = ctx.survey.data[cfg.wave]
        groups = [(str(w), (wave == w).to_numpy()) for w in sorted(wave.unique()) if w != ""]
    if not groups:
        groups = [(_t("report_all_respondents", ctx.lang), np.ones(len(responses), dtype=bool))]
    dists = None
    rows = []
    for name, mask in groups:
        dist = level_distribution(responses[mask], ctx.scale, missing="exclude")
        if dists is None:
            dists = dist[["rank", "zh", "en"]].copy()
        dists[name] = dist["count"].to_numpy()
        rate = satisfaction_rate(responses[mask], scale=ctx.scale, satisfied=cfg.satisfied, missing="exclude")
        scores = ctx.scores[mask] if len(mask) == len(ctx.scores) else ctx.scores
        degree = satisfaction_degree(scores, weights, scale=ctx.scale, scoring=cfg.scoring, missing="exclude", normalize=True)
        rows.append({"survey": name, "rate": rate.rate, "degree_100": degree.degree_100})
    return dists, pd.DataFrame(rows)


def _distribution(ctx: _Context) -> Section:
    from ..rate import level_distribution

    lang = ctx.lang
    responses, basis = _rate_responses(ctx)
    dist = level_distribution(responses, ctx.scale, missing="exclude")
    section = Section("distribution", 7, _t("report_sec_distribution", lang), notes=[basis])
    chart = ctx.figure("distribution", "distribution_chart", _t("report_sec_distribution", lang), dist,
                       satisfied=ctx.satisfied_ranks, lang=lang)
    section.charts += [c for c in [chart] if c]
    section.tables.append(TableBlock("level_distribution", dist))
    section.results = {"distribution": dist}
    return section


def _item_ci_figure(summary: pd.DataFrame, names: list[str], lang: str, low: float, high: float) -> Any:
    """Dot-and-whisker chart of item means with CIs (survey-specific; the library has no factory for it)."""
    import matplotlib

    from ..fonts import cjk_rc

    with matplotlib.rc_context(cjk_rc()):
        from matplotlib.figure import Figure

        fig = Figure(figsize=(8, 0.32 * len(summary) + 1.2), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(summary))[::-1]
        mean = summary["mean"].to_numpy()
        err = np.vstack([mean - summary["ci_low"].to_numpy(), summary["ci_high"].to_numpy() - mean])
        ax.errorbar(mean, y, xerr=err, fmt="o", color="#2b6cb0", ecolor="#7b8794", capsize=3)
        ax.set_yticks(y, names)
        ax.set_xlim(low, high)
        ax.set_xlabel(_t("report_col_mean", lang))
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(_t("report_item_ci_chart", lang))
    return fig


def _items(ctx: _Context) -> Section:
    from ..degree import weighted_index
    from ..stats import item_summary

    lang, cfg = ctx.lang, ctx.cfg
    summary = item_summary(ctx.scores, ctx.items, confidence=0.95, missing="exclude")
    summary.insert(1, "dimension", [_term(cfg.dimensions[i], lang) for i in summary["item"]])
    ctx.item_table = summary
    dim_scores = pd.DataFrame(
        {
            d: weighted_index(ctx.scores, {i: 1 / len(cols) for i in cols}, missing="exclude")
            for d, cols in ctx.by_dim.items()
        },
        index=ctx.scores.index,
    )
    ctx.dim_scores = dim_scores
    dims = item_summary(dim_scores, list(dim_scores.columns), confidence=0.95, missing="exclude")
    dims = dims.rename(columns={"item": "dimension"})
    ctx.dim_table = dims
    shown_dims = dims.assign(dimension=[_term(d, lang) for d in dims["dimension"]])
    section = Section("items", 7, _t("report_sec_items", lang))
    names = [f"{ctx.item_names[i]}" for i in summary["item"]]
    chart = ctx.figure("item_ci", _item_ci_figure, _t("report_item_ci_chart", lang), summary, names, lang, ctx.low, ctx.high)
    section.charts += [c for c in [chart] if c]
    if len(dims) >= 3:
        radar = ctx.figure(
            "dimensions", "radar_chart", _t("report_dimension_table", lang),
            dims.rename(columns={"mean": "score"}), columns=["score"], lang=lang,
        )
        section.charts += [c for c in [radar] if c]
    section.tables += [
        TableBlock("item_scores", summary),
        TableBlock("dimension_scores", shown_dims, _t("report_dimension_table", lang)),
    ]
    section.results = {"items": summary, "dimensions": dims}
    return section


def _hierarchy(ctx: _Context) -> Section:

    lang, hier = ctx.lang, ctx.hierarchy
    nodes = hier.nodes.copy()
    nodes["node"] = [_term(n, lang) if n in ctx.dims else n for n in nodes["node"]]
    nodes["parent"] = [_term(p, lang) if isinstance(p, str) and p in ctx.dims else p for p in nodes["parent"]]
    section = Section("hierarchy", 7, _t("report_sec_hierarchy", lang))
    section.notes.append(_t("report_hierarchy_note", lang, total=f"{hier.total:.3f}"))
    section.notes.append(_t(ctx.weights_key, lang))
    excluded = getattr(hier.excluded, "count", 0) or 0
    section.notes += _excluded_note(excluded, lang)
    chart = ctx.figure("contributions", "contribution_chart", _t("report_sec_hierarchy", lang), hier,
                       labels={i: n for i, n in ctx.item_names.items() if n != i} or None, lang=lang)
    section.charts += [c for c in [chart] if c]
    section.tables.append(TableBlock("hierarchy", nodes))
    section.results = {"total": hier.total, "nodes": hier.nodes, "tree": ctx.tree}
    return section


def _stated_importance(ctx: _Context) -> pd.Series | None:
    cfg = ctx.cfg
    if not cfg.importance:
        return None
    means = ctx.survey.data[list(cfg.importance.values())].mean()
    points = pd.Series({d: float(means[c]) for d, c in cfg.importance.items()})
    # each respondent's allocation sums to 100, but means of columns with blanks need not: rescale
    return points * 100.0 / float(points.sum())


def _servqual(ctx: _Context) -> Section | None:
    from ..servqual import servqual

    cfg, lang = ctx.cfg, ctx.lang
    if not cfg.expectations:
        return None
    from ..scales import rescore

    items = list(cfg.expectations)
    perceptions = ctx.scores[items]
    expectations = rescore(ctx.survey.data[list(cfg.expectations.values())], ctx.scale, "likert", cfg.scoring)
    expectations.columns = items
    complete = perceptions.notna().all(axis=1) & expectations.notna().all(axis=1)
    importance = _stated_importance(ctx)
    result = servqual(
        perceptions[complete], expectations[complete], {i: cfg.dimensions[i] for i in items},
        importance=None if importance is None else importance.to_dict(),
    )
    ctx.servqual = result
    section = Section("servqual", 7, _t("report_sec_servqual", lang))
    weighted = "—" if result.weighted is None else f"{result.weighted:.3f}"
    section.notes.append(_t("report_servqual_note", lang, unweighted=f"{result.unweighted:.3f}", weighted=weighted))
    section.notes += _excluded_note(int((~complete).sum()), lang)
    chart = ctx.figure("servqual", "gap_chart", _t("report_sec_servqual", lang), result, lang=lang)
    section.charts += [c for c in [chart] if c]
    dims = result.dimensions.assign(dimension=[_term(d, lang) for d in result.dimensions["dimension"]])
    items_frame = result.items.assign(dimension=[_term(d, lang) for d in result.items["dimension"]])
    section.tables += [TableBlock("servqual_dimensions", dims), TableBlock("servqual_items", items_frame)]
    section.results = {"unweighted": result.unweighted, "weighted": result.weighted,
                       "dimensions": result.dimensions, "items": result.items}
    return section


def _nps(ctx: _Context) -> Section | None:
    from ..nps import nps

    cfg, lang = ctx.cfg, ctx.lang
    if not cfg.nps:
        return None
    result = nps(ctx.survey.data[cfg.nps], missing="exclude")
    section = Section("nps", 7, _t("report_sec_nps", lang))
    section.notes.append(_t("report_nps_note", lang, n=result.n))
    section.notes += _excluded_note(result.excluded.count, lang)
    table = pd.DataFrame(
        {"measure": ["NPS", _t("report_col_promoters", lang), _t("report_col_passives", lang), _t("report_col_detractors", lang)],
         "value": [result.nps, result.promoters, result.passives, result.detractors]}, dtype=object
    )
    section.tables.append(TableBlock("nps", table))
    section.results = {"nps": result.nps, "promoters": result.promoters, "passives": result.passives,
                       "detractors": result.detractors, "n": result.n, "excluded": result.excluded.count}
    return section


def _ipa(ctx: _Context) -> Section:
    from ..ipa import ipa

    cfg, lang = ctx.cfg, ctx.lang
    importance = _stated_importance(ctx)
    if importance is not None:
        perf = ctx.dim_table.set_index("dimension")["mean"]
        frame = pd.DataFrame({"item": importance.index, "importance": importance.to_numpy(),
                              "performance": perf.reindex(importance.index).to_numpy()})
        note = _t("report_ipa_stated", lang)
        ctx.ipa_level = "dimension"
    else:
        # derived importance: how strongly each item moves with the overall answer (or the index)
        if cfg.overall:
            target = ctx.survey.data[cfg.overall]
            target_name = cfg.overall
        else:
            target = ctx.hierarchy.per_respondent
            target_name = _t("satisfaction_degree", lang)
        joined = ctx.scores.assign(_target=target.reindex(ctx.scores.index).to_numpy()).dropna()
        # Pearson correlation with the target over respondents who answered everything
        # (pandas' corrwith: one pass per column, no BLAS threads fighting over a busy machine)
        corr = joined[ctx.items].corrwith(joined["_target"]) if len(joined) > 2 else pd.Series(np.nan, index=ctx.items)
        frame = pd.DataFrame({"item": ctx.items, "importance": corr.reindex(ctx.items).to_numpy(),
                              "performance": ctx.item_table.set_index("item")["mean"].reindex(ctx.items).to_numpy()})
        note = _t("report_ipa_derived", lang, target=target_name)
        ctx.ipa_level = "item"
    usable = frame.dropna()
    if len(usable) < 2:
        ctx.ipa = usable.assign(quadrant=pd.Series(dtype=object))
        return Section("ipa", 7, _t("report_sec_ipa", lang), notes=[note, _t("report_ipa_not_enough", lang)],
                       results={"level": ctx.ipa_level, "table": ctx.ipa})
    result = ipa(usable, crosshair="mean")
    ctx.ipa = result
    shown = result.assign(quadrant=[_term(q, lang) for q in result["quadrant"]])
    if ctx.ipa_level == "dimension":
        shown = shown.assign(item=[_term(d, lang) for d in shown["item"]])
    section = Section("ipa", 7, _t("report_sec_ipa", lang), notes=[note])
    # the chart maps quadrant keys to its own colours and labels: give it the keys, with display names
    chart = ctx.figure("ipa", "ipa_chart", _t("report_sec_ipa", lang), result.assign(item=shown["item"].to_numpy()), lang=lang)
    section.charts += [c for c in [chart] if c]
    section.tables.append(TableBlock("ipa", shown))
    section.results = {"level": ctx.ipa_level, "table": result}
    return section


def _waves(ctx: _Context) -> tuple[str, str] | None:
    cfg = ctx.cfg
    if not cfg.wave:
        return None
    waves = sorted(w for w in ctx.survey.data[cfg.wave].unique() if w != "")
    return (waves[-2], waves[-1]) if len(waves) >= 2 else None


def _change(ctx: _Context) -> Section | None:
    from ..rate import satisfaction_rate
    from ..stats import two_proportion_test, welch_test

    cfg, lang = ctx.cfg, ctx.lang
    if not cfg.wave:
        return None
    section = Section("change", 7, _t("report_sec_change", lang))
    pair = _waves(ctx)
    if pair is None:
        section.notes.append(_t("report_single_wave", lang))
        return section
    previous, latest = pair
    wave = ctx.survey.data[cfg.wave]
    responses, _ = _rate_responses(ctx)
    rows: list[dict[str, Any]] = []
    if cfg.overall:
        r_prev = satisfaction_rate(responses[(wave == previous).to_numpy()], scale=ctx.scale, satisfied=cfg.satisfied, missing="exclude")
        r_last = satisfaction_rate(responses[(wave == latest).to_numpy()], scale=ctx.scale, satisfied=cfg.satisfied, missing="exclude")
        test = two_proportion_test(r_last.satisfied, r_last.respondents, r_prev.satisfied, r_prev.respondents)
        rows.append({"measure": _t("satisfaction_rate", lang), "previous": r_prev.rate, "latest": r_last.rate,
                     "change": r_last.rate - r_prev.rate, "p_value": test.p_value, "significant": test.p_value < 0.05,
                     "method": test.method})
    index = ctx.hierarchy.per_respondent
    columns = {_t("satisfaction_degree", lang): index}
    columns.update({_term(d, lang): ctx.dim_scores[d] for d in ctx.dims})
    columns.update({ctx.item_names[i]: ctx.scores[i] for i in ctx.items})
    is_latest, is_previous = (wave == latest).to_numpy(), (wave == previous).to_numpy()
    for name, values in columns.items():
        values = values.reindex(wave.index)
        a, b = values[is_latest].dropna(), values[is_previous].dropna()
        if len(a) < 2 or len(b) < 2:
            continue
        test = welch_test(a, b)
        rows.append({"measure": name, "previous": float(b.mean()), "latest": float(a.mean()),
                     "change": float(a.mean() - b.mean()), "p_value": test.p_value,
                     "significant": test.p_value < 0.05, "method": test.method})
    table = pd.DataFrame(rows, columns=["measure", "previous", "latest", "change", "p_value", "significant", "method"])
    section.notes.append(_t("report_change_note", lang, latest=latest, previous=previous))
    section.tables.append(TableBlock("change", table))
    section.results = {"previous": previous, "latest": latest, "table": table}
    return section


def _control(ctx: _Context) -> Section | None:
    from ..stats import p_chart, xbar_s_chart

    cfg, lang = ctx.cfg, ctx.lang
    column = cfg.period or cfg.wave
    if not column:
        return None
    periods = ctx.survey.data[column]
    responses, _ = _rate_responses(ctx)
    section = Section("control", 7, _t("report_sec_control", lang), notes=[_t("report_control_note", lang)])
    if cfg.overall:
        answered = responses.notna()
        counts = pd.DataFrame(
            {"period": periods[answered], "satisfied": responses[answered].isin(ctx.satisfied_ranks)}
        ).groupby("period", sort=True)["satisfied"].agg(["sum", "count"])
        per_period = pd.DataFrame({"period": counts.index, "satisfied": counts["sum"].to_numpy(), "n": counts["count"].to_numpy()})
        pc = p_chart(per_period, "period", "satisfied", "n")
        chart = ctx.figure("p_chart", "control_chart", _t("report_control_p", lang), pc, lang=lang)
        section.charts += [c for c in [chart] if c]
        section.tables.append(TableBlock("p_chart", pc, _t("report_control_p", lang)))
        section.results["p_chart"] = pc
    index = ctx.hierarchy.per_respondent
    frame = pd.DataFrame({"period": periods.reindex(index.index), "value": index}).dropna()
    if frame["period"].nunique() >= 2:
        xs = xbar_s_chart(frame, "period", "value")
        chart = ctx.figure("xbar_chart", "control_chart", _t("report_control_x", lang), xs, lang=lang)
        section.charts += [c for c in [chart] if c]
        section.tables.append(TableBlock("xbar_s_chart", xs, _t("report_control_x", lang)))
        section.results["xbar_s_chart"] = xs
    return section


def _pareto(ctx: _Context) -> Section | None:
    from ..stats import pareto

    cfg, lang = ctx.cfg, ctx.lang
    if not cfg.cause:
        return None
    causes = ctx.survey.data[cfg.cause]
    named = causes[causes != ""]
    section = Section("pareto", 7, _t("report_sec_pareto", lang))
    section.notes.append(_t("report_pareto_note", lang, complaints=len(named), respondents=len(causes)))
    if len(named):
        raw = pareto(named.value_counts())  # counts per cause: the same table, without a pass per complaint
        chart = ctx.figure("pareto", "pareto_chart", _t("report_sec_pareto", lang), raw, lang=lang)
        table = raw.assign(cause=[_term(c, lang) for c in raw["cause"]])
        section.charts += [c for c in [chart] if c]
        section.tables.append(TableBlock("pareto", table))
        section.results = {"complaints": len(named), "table": table}
    return section


# --- step 9: improvement ------------------------------------------------------------------------------

def _improvement(ctx: _Context) -> Section:
    lang = ctx.lang
    frame = ctx.ipa.copy()
    share = frame["importance"] / frame["importance"].abs().sum()
    frame["priority"] = share * (ctx.high - frame["performance"])
    frame = frame.sort_values("priority", ascending=False, kind="stable", ignore_index=True)
    rows = []
    for record in frame.itertuples(index=False):
        name = _term(record.item, lang) if ctx.ipa_level == "dimension" else ctx.item_names.get(record.item, record.item)
        rows.append(
            {
                "item": name,
                "quadrant": _term(record.quadrant, lang),
                "importance": record.importance,
                "performance": record.performance,
                "priority": record.priority,
                "plan": _t("report_pdca_plan", lang, name=name, performance=f"{record.performance:.2f}",
                           importance=f"{record.importance:.2f}"),
                "do": _t("report_pdca_do", lang),
                "check": _t("report_pdca_check", lang, name=name),
                "act": _t("report_pdca_act", lang),
            }
        )
    table = pd.DataFrame(rows, columns=["item", "quadrant", "importance", "performance", "priority", "plan", "do", "check", "act"])
    section = Section("improvement", 9, _t("report_sec_improvement", lang), notes=[_t("report_improvement_note", lang)])
    section.tables.append(TableBlock("improvement_plan", table))
    section.results = {"plan": table[["item", "quadrant", "importance", "performance", "priority"]]}
    return section


def _comments(ctx: _Context) -> Section | None:
    cfg, lang = ctx.cfg, ctx.lang
    if not cfg.text:
        return None
    texts = pd.concat([ctx.survey.data[c] for c in cfg.text], ignore_index=False)
    filled = texts[texts != ""]
    section = Section("comments", 8, _t("report_sec_comments", lang))
    section.notes.append(_t("report_comments_note", lang, shown=min(_COMMENTS_SHOWN, len(filled)), total=len(filled)))
    table = pd.DataFrame({"row": filled.index.astype(int), "comment": filled.to_numpy()}).sort_values("row", kind="stable")
    section.tables.append(TableBlock("comments", table, limit=_COMMENTS_SHOWN))
    section.results = {"count": len(filled)}
    return section


def build_report(survey: Survey, *, lang: str = "en", charts: bool = True) -> Report:
    """Run every analysis the config allows and return the :class:`~.model.Report`.

    Parameters
    ----------
    survey : Survey
        From :func:`csat_examples.survey.load_survey`.
    lang : {"en", "zh"}
        Language of every label.
    charts : bool
        Draw the charts (False is faster, for tests and scripts).

    Examples
    --------
    >>> import pandas as pd
    >>> from csat_examples.survey import survey_from_frame
    >>> df = pd.DataFrame({"id": ["A", "B", "C"], "q1": ["满意", "很满意", "一般"], "q2": [6, 7, 5]})
    >>> s = survey_from_frame(df, {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}})
    >>> r = build_report(s, charts=False)
    >>> r.title, r.lang
    ('Customer-satisfaction report', 'en')
    >>> [sec.key for sec in r.sections][:3]
    ['summary', 'rate_degree', 'distribution']
    """
    from ..terms import LANGUAGES

    if lang not in LANGUAGES:
        from ..errors import CsatInputError

        raise CsatInputError("unknown language", argument="--lang", value=lang, fix=f"use one of {LANGUAGES}")
    ctx = _Context(survey, lang, charts)
    ctx.satisfied_names = _satisfied_names(ctx)
    sections: list[Section | None] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # matplotlib layout chatter, not user news
        for build in (_summary, _rate_degree, _distribution, _items, _hierarchy, _servqual, _nps,
                      _ipa, _change, _control, _pareto, _improvement, _comments):
            sections.append(build(ctx))
    facts = [(label("report_source", lang), survey.source)]  # type: ignore[arg-type]
    if survey.sheet:
        facts.append((label("report_sheet", lang), survey.sheet))  # type: ignore[arg-type]
    if survey.encoding:
        facts.append((label("report_encoding", lang), survey.encoding))  # type: ignore[arg-type]
    facts.append((label("report_header_row", lang), str(survey.header_row)))  # type: ignore[arg-type]
    own = survey.config.title_in(lang)
    title = f"{label('report_title', lang)}: {own}" if own else label("report_title", lang)  # type: ignore[arg-type]
    return Report(title=title, lang=lang, facts=facts, sections=[s for s in sections if s is not None])


def _satisfied_names(ctx: _Context) -> list[str]:
    from ..rate import satisfaction_rate

    # the rate function resolves the satisfied levels (names, ranks, default top-2 box)
    probe = satisfaction_rate(pd.Series([1.0]), scale=ctx.scale, satisfied=ctx.cfg.satisfied)
    names = [lv for lv in ctx.scale.levels if lv.zh in probe.satisfied_levels]
    return [lv.zh if ctx.lang == "zh" else lv.en for lv in names]
