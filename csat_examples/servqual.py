"""Service quality: SERVQUAL gaps, the RATER index and the five-gap model.

SERVQUAL asks every customer each question twice: how an excellent firm
*should* perform (expectation, E) and how this firm *does* perform (perception,
P).  The gap P − E is negative where the service falls short.  Items are
grouped into the five RATER dimensions (seed 002: reliability 信赖度,
assurance 专业度, tangibles 有形度, empathy 同理度, responsiveness 反应度).

The five-gap model explains *where* a shortfall arises on the provider's side:
between what customers expect and what managers think they expect (gap 1),
managers' view and the standards they set (gap 2), standards and what staff
deliver (gap 3), delivery and what was promised (gap 4); gap 5 is the
customer's perceived shortfall.  Countermeasures per gap are in the terms table
(keys ``gap1_countermeasures`` … ``gap5_countermeasures``).

References
----------
Parasuraman, A., Zeithaml, V. A. and Berry, L. L. (1985). A conceptual model of
service quality and its implications for future research. *Journal of
Marketing* 49(4), 41-50.
Parasuraman, A., Zeithaml, V. A. and Berry, L. L. (1988). SERVQUAL: a
multiple-item scale for measuring consumer perceptions of service quality.
*Journal of Retailing* 64(1), 12-40.
12manage, "SERVQUAL" (worked example: dimension gaps −0.65, −1.10, −0.83,
−0.70, −1.01, unweighted score −0.858).
Seed 002 (textbook chapter 7: RATER and the five gaps with countermeasures).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ._deprecation import renamed
from .errors import CsatInputError, WeightsNormalizedWarning
from .lang import Lang
from .terms import label
from .validation import (
    WEIGHT_TOLERANCE,
    Exclusions,
    check_weights,
    handle_missing,
    require_columns,
    require_finite,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "RATER",
    "GAP_LEVELS",
    "ServqualResult",
    "RaterResult",
    "servqual",
    "rater",
    "service_gaps",
    "split_perception_expectation",
]

#: The five RATER dimensions, in the order of the acronym.
RATER: tuple[str, ...] = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")

#: Gap number -> (earlier level, later level); gap = later − earlier.
GAP_LEVELS: dict[int, tuple[str, str]] = {
    1: ("expectation", "management_perception"),
    2: ("management_perception", "standards"),
    3: ("standards", "delivery"),
    4: ("promises", "delivery"),
    5: ("expectation", "perception"),
}

Missing = Literal["error", "exclude"]


@dataclass(frozen=True)
class ServqualResult:
    """Result of :func:`servqual`.

    Attributes
    ----------
    items : pandas.DataFrame
        ``item, dimension, perception, expectation, gap`` (item means).
    dimensions : pandas.DataFrame
        ``dimension, perception, expectation, gap, importance, weight,
        weighted_gap`` (importance columns are NaN without ``importance``).
    unweighted : float
        Mean of the dimension gaps.
    weighted : float or None
        Sum of weight x gap, or None without ``importance``.
    respondents : int or None
        Respondents used (None when item means were given).
    excluded : Exclusions
        Respondents left out for a blank answer (``missing="exclude"``).
    """

    items: pd.DataFrame
    dimensions: pd.DataFrame
    unweighted: float
    weighted: float | None
    respondents: int | None = None
    excluded: Exclusions = field(default_factory=Exclusions.none)

    def __float__(self) -> float:
        return self.unweighted if self.weighted is None else self.weighted


@dataclass(frozen=True)
class RaterResult:
    """Result of :func:`rater`.

    Attributes
    ----------
    dimensions : pandas.DataFrame
        ``dimension, score, weight, contribution`` (contribution = weight x score).
    index : float
        Sum of the contributions.
    excluded : Exclusions
        Respondents left out for a blank answer.
    """

    dimensions: pd.DataFrame
    index: float
    excluded: Exclusions = field(default_factory=Exclusions.none)

    def __float__(self) -> float:
        return self.index


def _dimension_map(
    dimensions: Mapping[Hashable, str] | pd.Series, items: list[Hashable]
) -> dict[Hashable, str]:
    if isinstance(dimensions, pd.Series):
        dimensions = dimensions.to_dict()
    if not isinstance(dimensions, Mapping):
        raise CsatInputError(
            f"expected a mapping item -> dimension, got {type(dimensions).__name__}",
            argument="dimensions",
            fix="pass e.g. {'rel1': 'reliability', 'tan1': 'tangibles'}",
        )
    for item in items:
        if item not in dimensions:
            raise CsatInputError(
                "item has no dimension",
                argument="dimensions",
                column=item,
                fix="give every item a dimension, e.g. one of the RATER names",
            )
    for item, dim in dimensions.items():
        if item not in items:
            raise CsatInputError(
                "dimension given for an item that is not in the data",
                argument="dimensions",
                column=item,
                value=dim,
                fix=f"remove it, or add the item to the data (items are {items!r})",
            )
        if not isinstance(dim, str) or not dim:
            raise CsatInputError(
                "dimension name is not a non-empty string",
                argument="dimensions",
                column=item,
                value=dim,
                fix="name the dimension, e.g. 'reliability'",
            )
    return {item: dimensions[item] for item in items}


def _dimension_order(dims: Iterable[str]) -> list[str]:
    """RATER names first in RATER order, then other names in order of appearance."""
    seen = list(dict.fromkeys(dims))
    return [d for d in RATER if d in seen] + [d for d in seen if d not in RATER]


def _item_means(
    values: pd.DataFrame | pd.Series, argument: str
) -> pd.Series:
    require_not_empty(values, argument)
    require_numeric(values, None, argument)
    require_finite(values, None, argument)  # an infinite score would make an infinite index, not an error
    if isinstance(values, pd.Series):
        if values.isna().any():
            bad = values.index[values.isna().to_numpy()][0]
            raise CsatInputError(
                "item mean is missing", argument=argument, column=bad, value=float("nan"),
                fix="give every item a mean, or pass the respondents' answers with missing='exclude'",
            )
        return values.astype(float)
    return values.astype(float).mean()


def _drop_incomplete(
    frames: list[tuple[pd.DataFrame, str]], missing: Missing
) -> tuple[list[pd.DataFrame], Exclusions]:
    """Drop respondents with a blank in any of ``frames`` (same rows), counting them."""
    rows: dict[Hashable, None] = {}
    reasons = []
    for frame, argument in frames:
        _, excl = handle_missing(frame, None, missing, argument)
        if excl:
            rows.update(dict.fromkeys(excl.rows))
            reasons.append(f"{argument}: {excl.reason}")
    if not rows:
        return [f for f, _ in frames], Exclusions.none()
    keep = [f.drop(index=list(rows)) for f, _ in frames]
    for f, argument in frames:
        if len(f) == len(rows):
            raise CsatInputError(
                "every respondent has a blank answer", argument=argument,
                value=f"{len(rows)} of {len(f)} rows excluded",
                fix="fill the blanks or pass fewer items",
            )
    return keep, Exclusions(len(rows), tuple(rows), "; ".join(reasons))


def split_perception_expectation(
    data: pd.DataFrame,
    items: Iterable[str],
    *,
    perception_prefix: str = "p_",
    expectation_prefix: str = "e_",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut a survey table into the P and E tables :func:`servqual` takes.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent with columns ``p_<item>`` and ``e_<item>``.
    items : iterable of str
        Item ids (without prefix).
    perception_prefix, expectation_prefix : str
        Column prefixes.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        Perceptions and expectations, both with the bare item ids as columns
        (new frames; ``data`` is not modified).

    Examples
    --------
    >>> df = pd.DataFrame({"p_q1": [5, 6], "e_q1": [6, 7]})
    >>> p, e = split_perception_expectation(df, ["q1"])
    >>> p.columns.tolist(), e["q1"].tolist()
    (['q1'], [6, 7])
    """
    items = list(items)
    p_cols = [f"{perception_prefix}{i}" for i in items]
    e_cols = [f"{expectation_prefix}{i}" for i in items]
    require_columns(data, p_cols + e_cols, "data")
    p = data[p_cols].set_axis(items, axis=1)
    e = data[e_cols].set_axis(items, axis=1)
    return p, e


def _importance_weights(
    importance: Mapping[str, float] | pd.Series, dims: list[str]
) -> tuple[pd.Series, pd.Series]:
    """Validate a 100-point allocation; return (points, weights = points / 100)."""
    with warnings.catch_warnings():
        # check_weights validates names, numbers and signs; the sum is checked
        # below in points, the unit the caller used.
        warnings.simplefilter("ignore", WeightsNormalizedWarning)
        check_weights(importance, dims, normalize=True, argument="importance")
    points = pd.Series({d: float(importance[d]) for d in dims}, dtype=float)
    total = math.fsum(points)
    if abs(total - 100.0) > WEIGHT_TOLERANCE * 100:
        raise CsatInputError(
            f"importance points sum to {total:.10g}, not 100",
            argument="importance",
            value=round(total, 10),
            fix="share exactly 100 points among the dimensions (e.g. 30, 25, 20, 15, 10)",
        )
    return points, points / 100.0


def servqual(
    perceptions: pd.DataFrame | pd.Series,
    expectations: pd.DataFrame | pd.Series,
    dimensions: Mapping[Hashable, str] | pd.Series,
    *,
    importance: Mapping[str, float] | pd.Series | None = None,
    missing: Missing = "error",
) -> ServqualResult:
    """SERVQUAL gaps per item and dimension, unweighted and importance-weighted.

    Parameters
    ----------
    perceptions, expectations : pandas.DataFrame or pandas.Series
        Either both DataFrames (rows = the same respondents, columns = the
        same items) or both Series of item means indexed by item.
    dimensions : mapping item -> dimension name
        Usually the RATER names (:data:`RATER`); any names are accepted.
    importance : mapping dimension -> points, optional
        A 100-point allocation over the dimensions (must sum to 100).
    missing : {"error", "exclude"}
        With ``"exclude"`` a respondent with a blank in P or E is left out of
        both, and counted in ``excluded``.

    Returns
    -------
    ServqualResult
        ``float(result)`` is the weighted score when ``importance`` is given,
        else the unweighted one.  The inputs are not modified.

    Notes
    -----
    Item gap :math:`g_i = \\bar P_i - \\bar E_i`; dimension gap :math:`G_d` = mean
    of its items' gaps; unweighted score :math:`\\frac{1}{D}\\sum_d G_d`; with
    importance points :math:`I_d` (:math:`\\sum_d I_d = 100`), weighted score
    :math:`\\sum_d (I_d/100)\\,G_d`.  Negative = service below expectations.

    References
    ----------
    Parasuraman, Zeithaml and Berry (1988); 12manage "SERVQUAL".

    Examples
    --------
    The 12manage example's five dimension gaps (one item per dimension):

    >>> gaps = {"tangibles": -0.65, "reliability": -1.10, "responsiveness": -0.83,
    ...         "assurance": -0.70, "empathy": -1.01}
    >>> e = pd.Series(6.0, index=list(gaps))
    >>> p = e + pd.Series(gaps)
    >>> r = servqual(p, e, {d: d for d in gaps})
    >>> round(r.unweighted, 3)
    -0.858
    >>> r.dimensions["dimension"].tolist()
    ['reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness']
    >>> imp = {"tangibles": 10, "reliability": 30, "responsiveness": 25, "assurance": 20, "empathy": 15}
    >>> round(servqual(p, e, {d: d for d in gaps}, importance=imp).weighted, 4)
    -0.894
    """
    both_frames = isinstance(perceptions, pd.DataFrame) and isinstance(expectations, pd.DataFrame)
    both_series = isinstance(perceptions, pd.Series) and isinstance(expectations, pd.Series)
    if not (both_frames or both_series):
        raise CsatInputError(
            "perceptions and expectations must both be DataFrames (respondents x items) "
            "or both Series (item means)",
            argument="expectations",
            value=f"{type(perceptions).__name__} and {type(expectations).__name__}",
            fix="pass the same kind of table for both",
        )
    p_items = list(perceptions.columns if both_frames else perceptions.index)
    e_items = list(expectations.columns if both_frames else expectations.index)
    for item in p_items:
        if item not in e_items:
            raise CsatInputError(
                "item has a perception but no expectation", argument="expectations", column=item,
                fix="give P and E the same item columns (see split_perception_expectation)",
            )
    for item in e_items:
        if item not in p_items:
            raise CsatInputError(
                "item has an expectation but no perception", argument="perceptions", column=item,
                fix="give P and E the same item columns (see split_perception_expectation)",
            )
    dim_of = _dimension_map(dimensions, p_items)
    excluded = Exclusions.none()
    respondents = None
    p_tab: pd.DataFrame | pd.Series = perceptions
    e_tab: pd.DataFrame | pd.Series = expectations[p_items]
    if both_frames:
        require_not_empty(perceptions, "perceptions")
        require_numeric(perceptions, None, "perceptions")
        require_numeric(expectations, None, "expectations")
        if not perceptions.index.equals(expectations.index):
            raise CsatInputError(
                "perceptions and expectations have different rows",
                argument="expectations",
                value=f"{len(perceptions)} and {len(expectations)} rows",
                fix="pass the same respondents in the same order in both tables",
            )
        (p_tab, e_tab), excluded = _drop_incomplete(
            [(perceptions, "perceptions"), (e_tab, "expectations")], missing
        )
        respondents = len(p_tab)
    p_mean = _item_means(p_tab, "perceptions")
    e_mean = _item_means(e_tab, "expectations")
    items = pd.DataFrame({
        "item": p_items,
        "dimension": [dim_of[i] for i in p_items],
        "perception": p_mean[p_items].to_numpy(),
        "expectation": e_mean[p_items].to_numpy(),
    })
    items["gap"] = items["perception"] - items["expectation"]
    order = _dimension_order(items["dimension"])
    dims = (
        items.groupby("dimension", sort=False)[["perception", "expectation", "gap"]].mean()
        .reindex(order).reset_index()
    )
    unweighted = float(dims["gap"].mean())
    weighted: float | None = None
    if importance is None:
        dims["importance"] = np.nan
        dims["weight"] = np.nan
        dims["weighted_gap"] = np.nan
    else:
        points, weights = _importance_weights(importance, order)
        dims["importance"] = points.to_numpy()
        dims["weight"] = weights.to_numpy()
        dims["weighted_gap"] = dims["weight"] * dims["gap"]
        weighted = float(math.fsum(dims["weighted_gap"]))
    return ServqualResult(items, dims, unweighted, weighted, respondents, excluded)


@renamed(scores="data")
def rater(
    data: pd.DataFrame | pd.Series,
    dimensions: Mapping[Hashable, str] | pd.Series | None,
    weights: Mapping[str, float] | pd.Series,
    *,
    normalize: bool = False,
    missing: Missing = "error",
) -> RaterResult:
    """Dimension scores and the weighted RATER index.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Item scores (Series indexed by item, or respondents x items, whose
        item means are used).  With ``dimensions=None`` a Series indexed by
        dimension name (already dimension scores).  Scores may be
        perceptions or SERVQUAL gaps.
    dimensions : mapping item -> dimension, or None
    weights : mapping dimension -> weight
        Non-negative, summing to 1 (or ``normalize=True``), one per dimension.
    normalize : bool
        Rescale weights that do not sum to 1 (with a warning).
    missing : {"error", "exclude"}
        For a DataFrame of answers: how blanks are treated.

    Returns
    -------
    RaterResult
        ``float(result)`` is the index.

    Notes
    -----
    Dimension score :math:`S_d` = mean of its items; index
    :math:`\\sum_d w_d S_d` with :math:`\\sum_d w_d = 1`.

    References
    ----------
    Seed 002 (the RATER index decides how satisfied customers are).

    Examples
    --------
    >>> s = pd.Series({"rel1": 5.0, "rel2": 6.0, "tan1": 4.0})
    >>> r = rater(s, {"rel1": "reliability", "rel2": "reliability", "tan1": "tangibles"},
    ...           {"reliability": 0.75, "tangibles": 0.25})
    >>> r.dimensions[["dimension", "score", "contribution"]].values.tolist()
    [['reliability', 5.5, 4.125], ['tangibles', 4.0, 1.0]]
    >>> float(r)
    5.125
    """
    excluded = Exclusions.none()
    if isinstance(data, pd.DataFrame):
        require_not_empty(data, "data")
        require_numeric(data, None, "data")
        data, excluded = handle_missing(data, None, missing, "data")
    elif not isinstance(data, pd.Series):
        raise CsatInputError(
            f"expected a pandas Series or DataFrame, got {type(data).__name__}",
            argument="data", fix="pass item scores as a Series indexed by item",
        )
    means = _item_means(data, "data")
    if dimensions is None:
        dim_scores = means
        order = _dimension_order(list(means.index))
    else:
        dim_of = _dimension_map(dimensions, list(means.index))
        order = _dimension_order(dim_of.values())
        dim_scores = means.groupby(pd.Series(dim_of)[means.index].to_numpy()).mean()
    given = weights.index if isinstance(weights, pd.Series) else weights if isinstance(weights, Mapping) else ()
    for d in given:
        if d not in order:
            raise CsatInputError(
                "unknown dimension", argument="weights", column=d,
                fix=f"use one of the dimensions of the data: {order!r}",
            )
    w = check_weights(weights, order, normalize=normalize, argument="weights")
    table = pd.DataFrame({
        "dimension": order,
        "score": dim_scores[order].to_numpy(dtype=float),
        "weight": w[order].to_numpy(),
    })
    table["contribution"] = table["score"] * table["weight"]
    return RaterResult(table, float(math.fsum(table["contribution"])), excluded)


def service_gaps(
    expectation: float | pd.Series,
    management_perception: float | pd.Series,
    standards: float | pd.Series,
    delivery: float | pd.Series,
    promises: float | pd.Series,
    perception: float | pd.Series,
    *,
    lang: Lang = "en",
) -> pd.DataFrame:
    """The five gaps of the service-quality gap model.

    Parameters
    ----------
    expectation, management_perception, standards, delivery, promises, perception : float or pandas.Series
        The six levels, on one common scale: the customer's expectation,
        management's perception of it, the service standards, the service
        delivered, what was promised to customers, and the customer's
        perception.  Scalars, or Series indexed by dimension (scalars are
        then used for every dimension).
    lang : {"en", "zh", "zh-Hant"}
        Language of the ``name`` column.

    Returns
    -------
    pandas.DataFrame
        One row per gap (per dimension and gap for Series):
        ``gap`` (1..5), ``key`` ("gap1"..), ``name``, ``from_level``,
        ``to_level``, ``value`` (+ ``dimension`` first, for Series).
        Countermeasures: ``label(key + "_countermeasures", lang)``; level
        names: ``label("gap_level_" + from_level, lang)``.

    Notes
    -----
    Sign convention: gap = later level − earlier level, so a negative value is
    a shortfall.  G1 = management_perception − expectation; G2 = standards −
    management_perception; G3 = delivery − standards; G4 = delivery −
    promises; G5 = perception − expectation.

    References
    ----------
    Parasuraman, Zeithaml and Berry (1985); seed 002 (7.1.3.1, countermeasures).

    Examples
    --------
    >>> g = service_gaps(6.5, 6.0, 5.5, 5.0, 6.0, 5.2)
    >>> g[["key", "value"]].values.tolist()
    [['gap1', -0.5], ['gap2', -0.5], ['gap3', -0.5], ['gap4', -1.0], ['gap5', -1.3]]
    >>> g.loc[0, "name"]
    'Gap 1: knowledge gap'
    """
    levels = {
        "expectation": expectation,
        "management_perception": management_perception,
        "standards": standards,
        "delivery": delivery,
        "promises": promises,
        "perception": perception,
    }
    series = {k: v for k, v in levels.items() if isinstance(v, pd.Series)}
    index: pd.Index | None = None
    for name, value in levels.items():
        if isinstance(value, pd.Series):
            require_not_empty(value, name)
            require_numeric(value, None, name)
            if index is None:
                index = value.index
            elif not value.index.sort_values().equals(index.sort_values()):
                raise CsatInputError(
                    "per-dimension levels name different dimensions", argument=name,
                    value=list(value.index),
                    fix=f"index every Series by the same dimensions: {list(index)!r}",
                )
            if value.isna().any():
                raise CsatInputError(
                    "level is missing", argument=name,
                    column=value.index[value.isna().to_numpy()][0], value=float("nan"),
                    fix="give every dimension a value",
                )
        elif isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise CsatInputError(
                "level is not a number", argument=name, value=value,
                fix="pass a number (or a Series of numbers indexed by dimension)",
            )
        elif not math.isfinite(float(value)):
            raise CsatInputError("level is not finite", argument=name, value=float(value),
                                 fix="pass a finite number")
    dims: list[Hashable] = list(index) if index is not None else [None]
    rows = []
    for dim in dims:
        def at(name: str) -> float:
            v = levels[name]
            return float(v[dim]) if isinstance(v, pd.Series) else float(v)

        for k, (earlier, later) in GAP_LEVELS.items():
            row = {
                "gap": k,
                "key": f"gap{k}",
                "name": label(f"gap{k}_name", lang),
                "from_level": earlier,
                "to_level": later,
                "value": at(later) - at(earlier),
            }
            if series:
                row = {"dimension": dim, **row}
            rows.append(row)
    return pd.DataFrame(rows)
