"""Satisfaction degree: the weighted index over survey items.

Where the rate counts how many customers are satisfied, the degree measures
how satisfied they are: each respondent's item scores are combined with
importance weights, :math:`I = \\sum_i w_i x_i`, and the degree is the mean
index over respondents.  Weights must be non-negative and sum to 1 (within
``1e-9``); ``normalize=True`` rescales a set that does not, and warns.

All computations are vectorised: one matrix-vector product over the whole
table, plus cheap whole-array checks (see ``benchmarks/bench_index.py``).

References
----------
Seed 004 (顧客滿意度的分值與加權: satisfaction = Σ xᵢ kᵢ with importance weights kᵢ;
simple mean 23.3 vs weighted 40).  Seed 001 (2.1 简易测量方法: the weighted index
Y = Σ wᵢ Xᵢ).  Seed 000 (chapter 3: the degree as a depth measure).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from ._deprecation import keyword_only
from .errors import CsatInputError
from .scales import Level, Scale, get_scale, level_of, rescore
from .validation import (
    WEIGHT_TOLERANCE,
    Exclusions,
    cell_error,
    check_range_array,
    check_weights,
    missing_from_mask,
    missing_policy,
    numeric_matrix,
    require_columns,
    require_finite,
    require_not_empty,
)

__all__ = ["DegreeResult", "weighted_index", "satisfaction_degree", "distribution_degree"]


@dataclass(frozen=True)
class DegreeResult:
    """Result of :func:`satisfaction_degree` and :func:`distribution_degree`.

    Attributes
    ----------
    degree : float
        Mean weighted index, on the scoring used.
    degree_100 : float
        The same on the 0-100 scoring.
    level : Level
        The level the degree falls in (:func:`~csat_examples.scales.level_of`).
    respondents : int
        Respondents used.
    excluded : Exclusions
        Respondents left out (blank answers with ``missing="exclude"``).
    normalized : bool
        True if the weights were rescaled to sum to 1.
    weights : pandas.Series
        The weights used, by item (after any rescaling); for
        :func:`distribution_degree`, each level's share of respondents.
    scale, scoring : str
        The scale's name and the scoring of ``degree``.
    """

    degree: float
    degree_100: float
    level: Level
    respondents: int
    excluded: Exclusions
    normalized: bool
    weights: pd.Series
    scale: str = "7-level"
    scoring: str = "likert"

    def __float__(self) -> float:
        return self.degree


@dataclass(frozen=True)
class _Rows:
    values: np.ndarray
    index: pd.Index
    excluded: Exclusions
    weights: pd.Series
    normalized: bool
    matrix: np.ndarray  # the scores read from the data, all rows
    kept: np.ndarray | None  # rows of ``matrix`` used, None when all are


def _weight_keys(weights: Mapping[Hashable, float] | pd.Series) -> list[Hashable]:
    if isinstance(weights, pd.Series):
        return list(weights.index)
    if isinstance(weights, Mapping):
        return list(weights.keys())
    raise CsatInputError(
        f"expected a mapping item -> weight or a pandas Series, got {type(weights).__name__}",
        argument="weights",
        fix="pass e.g. {'quality': 0.6, 'price': 0.4}",
    )


def _weighted_rows(
    data: pd.DataFrame | pd.Series,
    weights: Mapping[Hashable, float] | pd.Series | None,
    *,
    items: Sequence[Hashable] | None = None,
    normalize: bool = False,
    missing: str = "error",
    score_range: tuple[float, float] | None = None,
    argument: str = "data",
) -> _Rows:
    """The shared core: validate, then one matrix-vector product over all rows."""
    missing_policy(missing)
    if isinstance(data, pd.Series):
        require_not_empty(data, argument)
        # One set of item scores: a one-row table whose columns are the items.
        frame = data.to_frame(name=data.name if data.name is not None else 0).T
        if items is None:
            items = list(data.index)
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise CsatInputError(
            f"expected a pandas DataFrame or Series, got {type(data).__name__}",
            argument=argument,
            fix="pass a DataFrame (rows = respondents, columns = items) or a Series of item scores",
        )
    require_not_empty(frame, argument)
    if weights is not None:
        for key in _weight_keys(weights):
            if key not in frame.columns:
                raise CsatInputError(
                    "weight given for an item that is not in the data",
                    argument="weights",
                    column=key,
                    value=key,
                    fix=f"remove it or correct its name; the data's items are {list(frame.columns)!r}",
                )
    if items is None:
        items = _weight_keys(weights) if weights is not None else list(frame.columns)
    else:
        items = list(items)
        require_columns(frame, items, "items")
    if weights is None:
        if not items:
            raise CsatInputError("no items to score", argument="items", fix="pass at least one item")
        w = pd.Series(1.0 / len(items), index=pd.Index(items), name="weight")
        normalized = False
    else:
        w = check_weights(weights, items, normalize=normalize)
        raw = weights[items] if isinstance(weights, pd.Series) else [weights[i] for i in items]
        normalized = abs(math.fsum(float(v) for v in raw) - 1.0) > WEIGHT_TOLERANCE
    arr = numeric_matrix(frame, items, argument)
    if score_range is not None:
        check_range_array(arr, frame, items, score_range[0], score_range[1], argument)
    values = arr @ w.to_numpy()
    index = frame.index
    excluded = Exclusions.none()
    kept = None
    # A blank or infinite cell makes its row's product non-finite: the O(n) check
    # on the result stands in for an O(n*k) scan of the table in the usual case.
    if not np.isfinite(values).all():
        inf = np.isinf(arr)
        if inf.any():
            raise cell_error(inf, frame, items, "infinite score, {cells}", argument,
                              fix="recode the answer as a finite score or blank it")
        require_finite(frame, items, argument)  # finite numbers whose weighted sum overflowed

        row_bad, excluded = missing_from_mask(np.isnan(arr), frame, items, missing, argument)
        kept = ~row_bad
        values = values[kept]
        index = index[kept]
        if len(values) == 0:
            raise CsatInputError(
                "no respondent left: every row has a missing answer",
                argument=argument, value=f"{excluded.count} rows excluded",
                fix="fill the blanks, or score fewer items",
            )
    return _Rows(values, index, excluded, w, normalized, arr, kept)


@overload
def weighted_index(data: pd.Series, weights: Mapping[Hashable, float] | pd.Series, *,
                   normalize: bool = ..., missing: str = ..., items: Sequence[Hashable] | None = ...) -> float: ...
@overload
def weighted_index(data: pd.DataFrame, weights: Mapping[Hashable, float] | pd.Series, *,
                   normalize: bool = ..., missing: str = ..., items: Sequence[Hashable] | None = ...) -> pd.Series: ...
def weighted_index(
    data: pd.Series | pd.DataFrame,
    weights: Mapping[Hashable, float] | pd.Series,
    *,
    normalize: bool = False,
    missing: str = "error",
    items: Sequence[Hashable] | None = None,
) -> float | pd.Series:
    """Weighted index :math:`\\sum_i w_i x_i` of one set of item scores, or of every respondent.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        A Series of item scores (index = items), or a DataFrame with one row
        per respondent.  Columns without a weight are ignored (e.g. an id),
        unless named in ``items``.
    weights : mapping item -> weight, or pandas.Series
        Non-negative, one per item, summing to 1 within ``1e-9``.
    normalize : bool
        Rescale weights that do not sum to 1 (with a
        :class:`~csat_examples.errors.WeightsNormalizedWarning`) instead of raising.
    missing : {"error", "exclude"}
        Blank scores raise, or their respondents are left out; the
        :class:`~csat_examples.validation.Exclusions` is then in
        ``result.attrs["excluded"]`` (DataFrame input).
    items : sequence of column names, optional
        The items to score; default the weights' keys (for a Series, its index).

    Returns
    -------
    float or pandas.Series
        A float for a Series; for a DataFrame a Series named ``"index"``
        indexed by the respondents used.  The input is not modified.

    Raises
    ------
    CsatInputError
        Empty data, unknown items, non-numeric or infinite scores, blanks
        with ``missing="error"``, bad weights.

    Notes
    -----
    :math:`I = \\sum_i w_i x_i` with :math:`w_i \\ge 0, \\sum_i w_i = 1`
    (or :math:`w_i / \\sum_j w_j` when normalised).  Computed as one
    matrix-vector product.

    References
    ----------
    Seed 004 (满意度 = Σ xᵢ kᵢ); seed 001 (Y = Σ wᵢ Xᵢ).

    Examples
    --------
    >>> weighted_index(pd.Series({"quality": 60, "price": 20}), {"quality": 0.75, "price": 0.25})
    50.0
    >>> df = pd.DataFrame({"id": ["a", "b"], "q1": [7, 4], "q2": [5, 2]})
    >>> weighted_index(df, {"q1": 0.5, "q2": 0.5}).tolist()
    [6.0, 3.0]
    """
    rows = _weighted_rows(data, weights, items=items, normalize=normalize, missing=missing)
    if isinstance(data, pd.Series):
        return float(rows.values[0])
    out = pd.Series(rows.values, index=rows.index, name="index", copy=False)
    out.attrs["excluded"] = rows.excluded
    return out


def satisfaction_degree(
    data: pd.DataFrame | pd.Series,
    weights: Mapping[Hashable, float] | pd.Series | None = None,
    *,
    scale: Scale | str = "7-level",
    scoring: str = "likert",
    normalize: bool = False,
    missing: str = "error",
    items: Sequence[Hashable] | None = None,
) -> DegreeResult:
    """Satisfaction degree: the mean weighted index over respondents, with its level.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        Scores on ``scoring``: one row per respondent, or one set of item
        scores (e.g. item means) as a Series.
    weights : mapping item -> weight, pandas.Series, or None
        None gives equal weights (the simple mean of the items).
    scale : Scale or str
        ``"7-level"`` or ``"5-level"``: fixes the valid score range and the
        level bands.
    scoring : {"likert", "sources", "0-100"}
        How ``data`` is scored.
    normalize, missing, items
        As for :func:`weighted_index`.

    Returns
    -------
    DegreeResult
        ``float(result)`` is the degree.  The input is not modified.

    Raises
    ------
    CsatInputError
        As :func:`weighted_index`, and scores outside the scoring's range.

    Notes
    -----
    :math:`D = \\frac{1}{n}\\sum_r \\sum_i w_i x_{ri}`; the level is the band
    of :math:`D` (see :func:`~csat_examples.scales.level_of`) and
    :math:`D_{100}` is :math:`D` rescored to 0-100.

    References
    ----------
    Seed 004: simple mean 23.3 → 较满意, weighted 40 → 满意 (the per-attribute
    table is reconstructed in :mod:`csat_examples.seed004`).

    Examples
    --------
    >>> scores = pd.Series({"quality": 40, "price": 0, "service": 20})
    >>> d = satisfaction_degree(scores, scoring="sources")
    >>> d.degree, round(d.degree_100, 2), d.level.zh
    (20.0, 66.67, '较满意')
    >>> float(satisfaction_degree(scores, {"quality": 0.5, "price": 0.25, "service": 0.25},
    ...                           scoring="sources"))
    25.0
    """
    sc = get_scale(scale)
    low, high = sc.score_range(scoring)
    rows = _weighted_rows(
        data, weights, items=items, normalize=normalize, missing=missing, score_range=(low, high)
    )
    # Weights summing to 1 within 1e-9 can push an all-top mean a hair past the range.
    degree = float(min(max(rows.values.mean(), low), high))
    return DegreeResult(
        degree=degree,
        degree_100=float(rescore(degree, scale=sc, from_scoring=scoring, to_scoring="0-100")),
        level=level_of(degree, scale=sc, scoring=scoring),
        respondents=len(rows.values),
        excluded=rows.excluded,
        normalized=rows.normalized,
        weights=rows.weights,
        scale=sc.name,
        scoring=scoring,
    )


def _distribution_counts(distribution: Any, sc: Scale) -> np.ndarray:
    """Counts per rank (index 0 = rank 1) from the accepted distribution shapes."""
    if isinstance(distribution, pd.DataFrame):
        require_columns(distribution, ["count"], "distribution")
        keys: list[Any] = (
            distribution["rank"].tolist() if "rank" in distribution.columns else list(distribution.index)
        )
        values = distribution["count"].tolist()
    elif isinstance(distribution, (pd.Series, Mapping)):
        series = pd.Series(distribution) if isinstance(distribution, Mapping) else distribution
        keys, values = list(series.index), series.tolist()
    elif isinstance(distribution, Iterable) and not isinstance(distribution, str):
        values = list(distribution)
        if len(values) != sc.k:
            raise CsatInputError(
                f"expected {sc.k} counts (one per level, lowest first), got {len(values)}",
                argument="distribution", value=values,
                fix="give one count per level, or a mapping level -> count",
            )
        keys = list(range(1, sc.k + 1))
    else:
        raise CsatInputError(
            f"expected counts per level, got {type(distribution).__name__}",
            argument="distribution", fix="pass a mapping level -> count or a list of k counts",
        )
    counts = np.zeros(sc.k)
    seen: set[int] = set()
    for key, v in zip(keys, values):
        rank = sc.level(key, argument="distribution").rank
        if rank in seen:
            raise CsatInputError(
                "a level is counted twice", argument="distribution", value=key,
                fix="give each level one count",
            )
        seen.add(rank)
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(v)) or float(v) < 0:
            raise CsatInputError(
                "a count must be a finite number of 0 or more", argument="distribution",
                row=key, value=v, fix="use the number of respondents who chose the level",
            )
        counts[rank - 1] = float(v)
    if counts.sum() <= 0:
        raise CsatInputError(
            "no respondents in the distribution", argument="distribution", value=counts.tolist(),
            fix="give at least one positive count",
        )
    return counts


@keyword_only("scale", "scoring")
def distribution_degree(
    distribution: Mapping[Any, float] | pd.Series | pd.DataFrame | Sequence[float],
    *,
    scale: Scale | str = "7-level",
    scoring: str = "likert",
) -> DegreeResult:
    """Degree (mean score) from the number of respondents at each level.

    Parameters
    ----------
    distribution : mapping level -> count, pandas.Series, DataFrame or sequence
        Counts keyed by level (name, rank or :class:`Level`); a DataFrame
        such as :func:`~csat_examples.rate.level_distribution`'s with columns
        ``rank`` and ``count``; or k counts, lowest level first.  Missing
        levels count 0.
    scale : Scale or str
    scoring : {"likert", "sources", "0-100"}

    Returns
    -------
    DegreeResult
        As :func:`satisfaction_degree`'s: ``float(result)`` is the mean
        score on ``scoring``, ``degree_100`` the same on 0-100, ``level`` its
        level; ``respondents`` is the total count (rounded, if the counts
        are not whole) and ``weights`` each level's share of it.

    Notes
    -----
    :math:`D = \\sum_j n_j s_j / \\sum_j n_j` for counts :math:`n_j` and level
    scores :math:`s_j`.  Two surveys with the same satisfaction rate can have
    very different degrees: the rate-versus-degree calculator shows this.

    References
    ----------
    Seed 000, chapter 3 (rate = breadth, degree = depth).

    Examples
    --------
    >>> d = distribution_degree({"满意": 30, "很满意": 10, "一般": 10})
    >>> d.degree, d.level.zh, d.respondents
    (5.8, '满意', 50)
    >>> float(distribution_degree([0, 0, 1, 0, 0, 2, 1], scoring="sources"))
    30.0
    """
    sc = get_scale(scale)
    counts = _distribution_counts(distribution, sc)
    total = counts.sum()
    degree = float(np.round(counts @ np.asarray(sc.scores(scoring)) / total, 12))
    return DegreeResult(
        degree=degree,
        degree_100=float(rescore(degree, scale=sc, from_scoring=scoring, to_scoring="0-100")),
        level=level_of(degree, scale=sc, scoring=scoring),
        respondents=int(round(total)),
        excluded=Exclusions.none(),
        normalized=False,
        weights=pd.Series(counts / total, index=[lv.zh for lv in sc.levels], name="weight"),
        scale=sc.name,
        scoring=scoring,
    )
