"""Breakdowns by segment: rate, degree, item means, NPS and counts per estate, building, wave.

:func:`breakdown` returns one tidy table (one row per segment, wave and
measure) with each figure's confidence interval and a test of the segment
against the rest of the respondents; :func:`segment_changes` compares two
waves within each segment.  Both take a plain DataFrame, one row per
respondent, and the names of its columns, so they serve the report and any
analyst's notebook alike.

Tests (named in the ``test`` column):

* satisfaction rate: two-proportion z test (pooled), :func:`csat_examples.stats.two_proportion_test`;
* means (degree, items): Welch two-sample t test, :func:`csat_examples.stats.welch_test`;
* NPS: z test of the difference of two NPS values with the unpooled standard
  error :math:`\\sqrt{(p_P + p_D - (p_P - p_D)^2)/n}` of each.

With many segments and measures some differences look significant by chance,
so the p-values of one table are adjusted with Holm's step-down method
(``p_adjusted``) within each family: one segment column and one wave (for
:func:`breakdown`), or one segment column (for :func:`segment_changes`).
``significant`` reads the adjusted p-value.  A segment with fewer than
``min_n`` respondents (30 by default) is kept but marked ``unreliable``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import CsatInputError

__all__ = ["breakdown", "segment_changes", "breakdown_and_changes", "sorted_codes", "holm", "MIN_N", "ALL_WAVES",
           "BREAKDOWN_COLUMNS", "CHANGE_COLUMNS"]

#: Fewest respondents of a segment whose figures are read as reliable.
MIN_N = 30
#: The ``wave`` value of rows computed over every wave.
ALL_WAVES = ""
BREAKDOWN_COLUMNS = ["by", "segment", "wave", "measure", "key", "n", "estimate", "ci_low", "ci_high",
                     "rest", "difference", "test", "p_value", "p_adjusted", "significant", "unreliable"]
CHANGE_COLUMNS = ["by", "segment", "measure", "key", "n_previous", "n_latest", "previous", "latest", "change",
                  "test", "p_value", "p_adjusted", "significant", "unreliable"]
_NPS_TEST = "z test for a difference in NPS (unpooled)"
_WELCH = "Welch two-sample t test"  # the name csat_examples.stats.welch_test gives its result


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of p-values (NaN stays NaN and is not counted).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03, float("nan")]).round(3).tolist()
    [0.03, 0.06, 0.06, nan]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(len(p), np.nan)
    valid = np.flatnonzero(~np.isnan(p))
    m = len(valid)
    if not m:
        return out
    order = valid[np.argsort(p[valid], kind="stable")]
    # (m - i) * p_(i), made monotone from the smallest p up, capped at 1
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out[order] = adjusted
    return out


#: Group sums of one measure's answers: count, sum, sum of squares, answers >= 9, answers <= 6 (NPS).
_Sums = tuple[float, float, float, float, float]


#: A grouping column factorized once: (integer code of each row, the sorted distinct values).
_Key = tuple[np.ndarray, np.ndarray]


def sorted_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pandas.factorize(column, sort=True)``: each row's position among the sorted distinct values (-1: blank).

    A text column is factorized as a plain array of Python strings, which
    skips pandas' checks of a text column and takes half the time (a
    breakdown codes its segment and wave columns, a million rows each).

    Examples
    --------
    >>> codes, values = sorted_codes(pd.Series(["b", "a", None, "b"], dtype="str"))
    >>> codes.tolist(), values.tolist()
    ([1, 0, -1, 1], ['a', 'b'])
    """
    if pd.api.types.is_string_dtype(column.dtype) and not isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = pd.factorize(column.to_numpy(dtype=object), sort=True)
        return codes, pd.Index(uniques, dtype=column.dtype)
    return pd.factorize(column, sort=True)


def _factorize(key: pd.Series) -> _Key:
    """A grouping column (as text) coded: its codes and sorted values; once, as several group sums use it.

    A categorical column of text with no blank is coded already: its codes
    serve, once its unused categories are dropped and the rest sorted (the
    report passes its wave column so, which spares hashing a million strings).
    """
    if (isinstance(key.dtype, pd.CategoricalDtype) and key.cat.categories.inferred_type == "string"
            and not key.hasnans):
        key = key.cat.remove_unused_categories()
        if not key.cat.categories.is_monotonic_increasing:
            key = key.cat.reorder_categories(sorted(key.cat.categories))
        return key.cat.codes.to_numpy(dtype=np.intp), np.asarray(key.cat.categories, dtype=object)
    codes, uniques = sorted_codes(key.astype(str))
    return codes, np.asarray(uniques, dtype=object)


def _combine(keys: list[np.ndarray], sizes: list[int]) -> np.ndarray:
    """One integer code per row (or per joint group) from several key codes, in the keys' sorted order."""
    codes = keys[0]
    for c, size in zip(keys[1:], sizes[1:]):
        codes = codes * size + c
    return codes


#: At most this many possible combinations of all segment and wave values for :class:`_Joint`.
_JOINT_MAX = 2**22


class _Joint:
    """Answer counts of the coded columns by every segment column and the wave together, in one pass per column.

    A breakdown sums each column by each segment column and wave; the counts
    by all of them at once give each of those by adding up a few thousand
    rows, where each sum by itself passes over every respondent again.
    Counts are whole numbers, so the sums from them are the same numbers.
    Only while the combinations are few (:data:`_JOINT_MAX`).
    """

    def __init__(self, keys: dict[Hashable, _Key], coded: dict[Hashable, _Coded]) -> None:
        names = list(keys)
        sizes = [len(keys[n][1]) for n in names]
        codes = _combine([keys[n][0] for n in names], sizes)
        seen = np.bincount(codes) > 0
        present = np.flatnonzero(seen)
        group = (np.cumsum(seen) - 1)[codes]
        # each joint group's code in every key, from its combined code (mixed radix, last key fastest)
        self.keys: dict[Hashable, np.ndarray] = {}
        rest = present
        for name, size in zip(reversed(names), reversed(sizes)):
            rest, self.keys[name] = np.divmod(rest, size)
        self.counts: dict[Hashable, np.ndarray] = {}
        scaled: dict[int, np.ndarray] = {}
        for column, (code, k, _) in coded.items():
            if code is not None:
                self.counts[column] = _value_counts(code, k, group, len(present), scaled)

    @staticmethod
    def fits(keys: dict[Hashable, _Key]) -> bool:
        return math.prod(max(len(u), 1) for _, u in keys.values()) <= _JOINT_MAX


def _sums(frame: pd.DataFrame, keys: list[_Key], columns: list[Hashable],
          coded: dict[Hashable, _Coded] | None = None,
          joint: tuple[_Joint, list[Hashable]] | None = None) -> dict[Any, dict[Hashable, _Sums]]:
    """Sums of every column per group of ``keys``, in one pass (a million rows cost a few groupbys).

    Returns group -> column -> :data:`_Sums`; everything a figure or a test
    needs, and the rest of the respondents is the total minus the group.
    The keys are turned into one integer group code once (sorted as the keys
    are), and each column is summed on its own (:func:`_column_sums`) from
    its answers as :func:`_code_columns` coded them (``coded``: coded once
    for several calls over the same rows).  ``joint``: the counts by all
    keys together and the names of ``keys`` in it; the coded columns are
    then summed from those counts.
    """
    uniques = [u for _, u in keys]
    sizes = [len(u) for u in uniques]
    # the codes present, sorted (= sorted key tuples), and each row's rank among them: a count and a
    # lookup table over the few possible codes instead of sorting every row (np.unique)
    if joint is None:
        codes = _combine([c for c, _ in keys], sizes)
    else:  # every row is in a joint group: the joint groups' codes give the same groups present
        codes = _combine([joint[0].keys[name] for name in joint[1]], sizes)
    seen = np.bincount(codes) > 0
    present = np.flatnonzero(seen)
    rank = np.cumsum(seen) - 1
    coded = coded if coded is not None else _code_columns(frame, columns)
    scaled: dict[int, np.ndarray] = {}
    by_row: list[np.ndarray] = []  # each row's group, made when a column is summed over the rows

    def column_sums(column: Hashable) -> np.ndarray:
        if joint is not None and column in joint[0].counts:
            counts = np.zeros((len(present), coded[column][1]), dtype=np.int64)
            np.add.at(counts, rank[codes], joint[0].counts[column])
            return _sums_of_counts(counts, coded[column][2])
        if not by_row:
            by_row.append(rank[_combine([c for c, _ in keys], sizes)])
        return _column_sums(coded[column], by_row[0], len(present), scaled)

    stacked = np.stack([column_sums(c) for c in columns], axis=2)
    names: list[Any] = []
    for code in present.tolist():
        parts_of_code = []
        for u in reversed(uniques):
            code, j = divmod(code, len(u))
            parts_of_code.append(u[j])
        names.append(parts_of_code[0] if len(uniques) == 1 else tuple(reversed(parts_of_code)))
    table = stacked.tolist()  # group -> part -> column, as Python floats
    return {name: {c: tuple(row[p][j] for p in range(5)) for j, c in enumerate(columns)}  # type: ignore[misc]
            for name, row in zip(names, table)}


#: Whole-number answers spanning at most this many values are summed from a count table.
_COUNTED_RANGE = 1000


def _counted(finite: np.ndarray, low: float, high: float) -> bool:
    """Whether answers (blanks left out; ``low`` and ``high`` their extremes) are whole numbers in a small range,
    summed exactly from counts."""
    if not len(finite):
        return True
    span = high - low
    return bool(np.isfinite(span) and span <= _COUNTED_RANGE and np.array_equal(finite, np.round(finite)))


def _slices(prepared: _Prepared, column: Hashable) -> Iterator[tuple[str, dict[Any, dict[Hashable, _Sums]]]]:
    """``(wave, group sums)`` by segment of ``column``: over all waves, then for each wave in order.

    With waves, one pass by segment and wave gives every wave's sums; the
    sums over all waves of whole-number columns are their exact totals, and
    other columns are summed again by segment (as they always were).
    """
    sources, coded = prepared.sources, prepared.coded
    if prepared.labels is None:
        yield ALL_WAVES, prepared.sums(column, False, sources)
        return
    both = prepared.by_wave(column)
    counted = [c for c in sources if coded[c][0] is not None]
    rest = [c for c in sources if c not in counted]
    overall = prepared.sums(column, False, rest) if rest else {}
    all_waves: dict[Any, dict[Hashable, _Sums]] = {}
    for (segment, _), sums in both.items():
        target = all_waves.setdefault(segment, dict(overall.get(segment, {})))
        for c in counted:
            before = target.get(c)
            target[c] = sums[c] if before is None else tuple(a + b for a, b in zip(before, sums[c]))  # type: ignore[assignment]
    yield ALL_WAVES, all_waves
    for w in sorted(prepared.labels[1].tolist()):
        if w != "":
            yield w, {segment: sums for (segment, label), sums in both.items() if label == w}


#: A column coded for summing: (value codes with ``k`` = blank, k, lowest value) for whole-number
#: answers in a small range, else (None, 0, the answers as floats).
_Coded = tuple[np.ndarray | None, int, Any]


def _code_columns(frame: pd.DataFrame, columns: list[Hashable]) -> dict[Hashable, _Coded]:
    """Each column's answers as small integer codes, when they are whole numbers in a small range.

    Coding a column costs several passes over it; a breakdown sums the same
    columns by several keys, so it codes them once.
    """
    out: dict[Hashable, _Coded] = {}
    for column in columns:
        values = frame[column].to_numpy(dtype=float)
        missing = np.isnan(values)
        blanks = bool(missing.any())
        finite = values[~missing] if blanks else values  # no copy of a column without blanks
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 0.0)
        if not _counted(finite, low, high):
            out[column] = (None, 0, values)
            continue
        k = int(high - low) + 1 if len(finite) else 1
        code = values - low
        if blanks:
            code[missing] = k  # k = the slot of blank answers
        out[column] = (code.astype(np.int32 if k < 2**31 - 1 else np.intp), k, low)
    return out


def _column_sums(coded: _Coded, group: np.ndarray, groups: int, scaled: dict[int, np.ndarray]) -> np.ndarray:
    """The five :data:`_Sums` of one coded column per group: an array ``(groups, 5)``.

    Whole-number answers in a small range (ranks, 0-10, 0/1) are counted per
    group and value in one ``bincount``; the sums follow from the counts
    exactly, as every partial sum is a whole number far below 2**53.  Other
    columns (a weighted index) are summed by pandas' groupby, whose
    compensated summation the figures have always used.  ``scaled`` keeps
    ``group * (k + 1)`` for each ``k`` seen: the items of one scale share it.
    """
    code, k, third = coded
    if code is not None:
        return _sums_of_counts(_value_counts(code, k, group, groups, scaled), third)
    # the sums of scores by pandas' compensated groupby sum; the counts (whole numbers) by bincount.
    # The groups (0 .. groups - 1, every one present) as a categorical: pandas takes its codes as they are,
    # where it hashes a million plain numbers again (and looks a plain array up as a column name first,
    # printing it into the error it catches: a tenth of a small breakdown's time).
    series = pd.Series(third)
    key = pd.Series(pd.Categorical.from_codes(group, categories=pd.RangeIndex(groups)), index=series.index)
    moments = (pd.DataFrame({"s1": series, "s2": series**2}).groupby(key, sort=True, observed=True)
               .sum().to_numpy(dtype=float))
    with np.errstate(invalid="ignore"):
        counts = [np.bincount(group, weights=flags, minlength=groups)
                  for flags in (~np.isnan(third), third >= 9, third <= 6)]
    return np.stack([counts[0], moments[:, 0], moments[:, 1], counts[1], counts[2]], axis=1)


def _value_counts(code: np.ndarray, k: int, group: np.ndarray, groups: int,
                  scaled: dict[int, np.ndarray]) -> np.ndarray:
    """Answers of each coded value per group: an array ``(groups, k)`` (blanks, code ``k``, left out)."""
    if k not in scaled:
        scaled[k] = group * (k + 1)
    return np.bincount(scaled[k] + code, minlength=groups * (k + 1)).reshape(groups, k + 1)[:, :k]


def _sums_of_counts(counts: np.ndarray, low: float) -> np.ndarray:
    """The five :data:`_Sums` per group from its counts of each value ``low, low + 1, ...``."""
    counts = counts.astype(float)
    level = low + np.arange(counts.shape[1])
    return np.stack([counts.sum(axis=1), counts @ level, counts @ level**2,
                     counts[:, level >= 9].sum(axis=1), counts[:, level <= 6].sum(axis=1)], axis=1)


def _mean_var(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Means and variances (n-1) of rows of :data:`_Sums` (an array ``(rows, 5)``); NaN variance below 2 answers."""
    n, s1, s2 = sums[:, 0], sums[:, 1], sums[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = s1 / n
        spread = s2 - s1 * s1 / n
        # sums of squares of whole scores are exact; what is left of a constant group is rounding
        var = np.where(spread <= 1e-12 * np.maximum(s2, 1.0), 0.0, spread / (n - 1))
    var[n < 2] = np.nan
    return mean, var


def _estimates(measure: str, sums: np.ndarray,
               intervals: _Intervals | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(estimate, ci_low, ci_high)`` of rows of sums: rate and NPS in percent (normal interval), means with a t interval.

    One array operation per figure for all segments; NaN where a row has no
    answers.  The t intervals of means are set when ``intervals`` is filled.
    ``intervals=None``: the estimates alone (intervals NaN), which spares a t
    quantile for each new number of answers.
    """
    from .distributions import normal_ppf

    n = sums[:, 0]
    low, high = np.full(len(n), np.nan), np.full(len(n), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure in ("rate", "nps"):
            if measure == "rate":
                share = sums[:, 1] / n
                spread = share * (1 - share)
            else:
                promoters, detractors = sums[:, 3] / n, sums[:, 4] / n
                share = promoters - detractors
                spread = promoters + detractors - share**2
            estimate = 100 * share
            if intervals is not None:
                half = normal_ppf((1 + intervals.confidence) / 2) * np.sqrt(np.maximum(spread, 0.0) / n)
                low, high = 100 * (share - half), 100 * (share + half)
        else:
            estimate, var = _mean_var(sums)
            if intervals is not None:
                intervals.ask(low, high, estimate, np.sqrt(var / n), n)
    empty = n == 0
    for figure in (estimate, low, high):
        figure[empty] = np.nan
    return estimate, low, high


class _Intervals:
    """t intervals of means asked for by many figures, computed together by :meth:`fill`.

    A breakdown needs a t quantile for each number of answers of a segment
    (hundreds of distinct ones, each asked for by many measures); they are
    computed once each, in one call of
    :func:`~csat_examples.distributions.t_ppf_array` (the numbers of the
    scalar :func:`~csat_examples.distributions.t_ppf`).
    """

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence
        self._asked: list[tuple[np.ndarray, ...]] = []

    def ask(self, low: np.ndarray, high: np.ndarray, estimate: np.ndarray, se: np.ndarray, n: np.ndarray) -> None:
        """Have :meth:`fill` set ``low, high`` to ``estimate -/+ t se``, t the quantile with ``n - 1`` df (NaN below 2)."""
        self._asked.append((low, high, estimate, se, n))

    def fill(self) -> None:
        from .distributions import t_ppf_array

        if not self._asked:
            return
        df = np.concatenate([n for *_, n in self._asked]) - 1.0
        quantile = np.full(len(df), np.nan)
        tested = df >= 1.0
        distinct, where = np.unique(df[tested], return_inverse=True)
        quantile[tested] = t_ppf_array((1 + self.confidence) / 2, distinct)[where]
        start = 0
        for low, high, estimate, se, n in self._asked:
            with np.errstate(invalid="ignore"):
                half = quantile[start:start + len(n)] * se
                low[:], high[:] = estimate - half, estimate + half
            start += len(n)
        self._asked.clear()


class _Tails:
    """Two-sided Welch p-values asked for by many tests, computed together by :meth:`fill`.

    :func:`~csat_examples.distributions.t_sf_array` runs its continued
    fractions in array steps that cost about the same for ten entries as for
    ten thousand, so a breakdown asks for every tail of its tables first and
    computes them in one call (the numbers of the scalar function).
    """

    def __init__(self) -> None:
        self._asked: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def ask(self, p: np.ndarray, rows: np.ndarray, t: np.ndarray, df: np.ndarray) -> None:
        """Have :meth:`fill` set ``p[rows]`` to 2 P(T > |t|) with ``df`` degrees of freedom."""
        self._asked.append((p, rows, t, df))

    def fill(self) -> None:
        from .distributions import t_sf_array

        if not self._asked:
            return
        tails = 2 * t_sf_array(np.abs(np.concatenate([t for _, _, t, _ in self._asked])),
                               np.concatenate([df for _, _, _, df in self._asked]))
        start = 0
        for p, rows, _, _ in self._asked:
            p[rows] = tails[start:start + len(rows)]
            start += len(rows)
        self._asked.clear()


def _tests(measure: str, first: np.ndarray, second: np.ndarray,
           tails: _Tails) -> tuple[list[str | None], np.ndarray]:
    """``(test names, p-values)`` of each row of sums ``second`` vs ``first``; ``(None, NaN)`` where no test can be run.

    The p-values of Welch tests are set when ``tails`` is filled.

    The statistics are computed for all rows at once; each p-value is the
    number of the scalar distribution function the single tests use.
    """
    from .distributions import normal_sf
    from .stats import two_proportion_test, welch_arrays, welch_from_moments

    n1, n2 = first[:, 0], second[:, 0]
    names: list[str | None] = [None] * len(first)
    p = np.full(len(first), np.nan)
    if measure == "rate":
        for i in np.flatnonzero((n1 != 0) & (n2 != 0)).tolist():
            result = two_proportion_test(int(round(first[i, 1])), int(n1[i]), int(round(second[i, 1])), int(n2[i]))
            names[i], p[i] = result.method, result.p_value
        return names, p
    testable = (n1 >= 2) & (n2 >= 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "nps":
            scores, variances = [], []
            for sums in (first, second):
                promoters, detractors = sums[:, 3] / sums[:, 0], sums[:, 4] / sums[:, 0]
                scores.append(promoters - detractors)
                variances.append(np.maximum(promoters + detractors - (promoters - detractors) ** 2, 0.0) / sums[:, 0])
            se = np.sqrt(variances[0] + variances[1])
            z = (scores[1] - scores[0]) / se
            testable &= se != 0
            for i in np.flatnonzero(testable).tolist():
                names[i], p[i] = _NPS_TEST, 2 * normal_sf(abs(float(z[i])))
            return names, p
        (m1, v1), (m2, v2) = _mean_var(first), _mean_var(second)
        testable &= ~((v1 == 0) & (v2 == 0))  # no spread: nothing to test against
        t, df, _, se = welch_arrays(m1, v1, n1, m2, v2, n2)
    for i in np.flatnonzero(testable & ~((se > 0) & np.isfinite(se)))[:1].tolist():
        welch_from_moments(m1[i], v1[i], n1[i], m2[i], v2[i], n2[i])  # raises the single test's error
    tested = np.flatnonzero(testable)
    tails.ask(p, tested, t[tested], df[tested])
    for i in tested.tolist():
        names[i] = _WELCH
    return names, p


def _measures(items: Sequence[Hashable], satisfied: Hashable | None, degree: Hashable | None,
              nps: Hashable | None) -> list[tuple[str, Hashable | None, Hashable]]:
    """``(measure, key, column)`` for each figure asked for."""
    out: list[tuple[str, Hashable | None, Hashable]] = []
    if satisfied is not None:
        out.append(("rate", None, satisfied))
    if degree is not None:
        out.append(("degree", None, degree))
    out += [("item", i, i) for i in items]
    if nps is not None:
        out.append(("nps", None, nps))
    return out


def _check(data: pd.DataFrame, by: Sequence[Hashable], columns: list[Hashable], min_n: int) -> None:
    missing = [c for c in [*by, *columns] if c not in data.columns]
    if missing:
        raise CsatInputError("no such column", argument="data", value=missing,
                             fix=f"use columns of the frame: {list(data.columns)}")
    if isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 1:
        raise CsatInputError("must be a whole number of at least 1", argument="min_n", value=min_n, fix="use e.g. 30")


def _adjust(frame: pd.DataFrame, family: list[str], alpha: float) -> pd.DataFrame:
    if frame.empty:
        return frame
    # one family per distinct combination of the family columns (a list of row positions each)
    keys = frame.groupby(family, sort=False).ngroup().to_numpy()
    p_values = frame["p_value"].to_numpy(dtype=float)
    adjusted = np.full(len(frame), np.nan)
    for key in np.unique(keys):
        rows = np.flatnonzero(keys == key)
        adjusted[rows] = holm(p_values[rows])
    frame["p_adjusted"] = adjusted
    frame["significant"] = frame["p_adjusted"] < alpha
    return frame


def breakdown(
    data: pd.DataFrame,
    by: Hashable | Sequence[Hashable],
    *,
    items: Sequence[Hashable] = (),
    satisfied: Hashable | None = None,
    degree: Hashable | None = None,
    nps: Hashable | None = None,
    wave: Hashable | None = None,
    min_n: int = MIN_N,
    confidence: float = 0.95,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Figures per segment (and per wave), each tested against the rest of the respondents.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    by : column name or list of them
        Segment columns (estate, building...); each gives its own rows.
    items : list of column names
        Item scores: their means per segment (measure ``item``, key = column).
    satisfied : column name, optional
        1 for a satisfied answer, 0 for another, NaN for no answer: the
        satisfaction rate in percent (measure ``rate``).
    degree : column name, optional
        Each respondent's satisfaction index: its mean (measure ``degree``).
    nps : column name, optional
        Likelihood to recommend 0-10: the NPS (measure ``nps``, -100..100).
    wave : column name, optional
        Survey wave: rows per wave as well as over all waves (``wave`` = "").
    min_n : int
        Segments with fewer answers than this are marked ``unreliable``.
    confidence, alpha : float
        Level of the intervals; significance level of the adjusted p-values.

    Returns
    -------
    pandas.DataFrame
        Columns ``by, segment, wave, measure, key, n, estimate, ci_low,
        ci_high, rest, difference, test, p_value, p_adjusted, significant,
        unreliable``: one row per segment column, wave, segment and measure.
        ``rest`` is the figure of the other respondents, ``difference`` =
        ``estimate - rest``.  Blank answers are left out of each figure (``n``
        counts the answers used).

    Examples
    --------
    >>> df = pd.DataFrame({"estate": ["A"] * 4 + ["B"] * 4, "q1": [5, 4, 5, 4, 2, 3, 2, 1],
    ...                    "sat": [1, 1, 1, 0, 0, 0, 1, 0]})
    >>> t = breakdown(df, "estate", items=["q1"], satisfied="sat", min_n=3)
    >>> t[["segment", "measure", "n", "estimate", "difference"]].values.tolist()
    [['A', 'rate', 4, 75.0, 50.0], ['A', 'item', 4, 4.5, 2.5], ['B', 'rate', 4, 25.0, -50.0], ['B', 'item', 4, 2.0, -2.5]]
    >>> t["test"].unique().tolist()
    ['two-proportion z test (pooled)', 'Welch two-sample t test']
    >>> bool(t["unreliable"].any()), bool((t["p_adjusted"] >= t["p_value"]).all())
    (False, True)
    """
    prepared = _Prepared(data, by, _measures(items, satisfied, degree, nps), wave, min_n)
    tails, intervals = _Tails(), _Intervals(confidence)
    families = _breakdown_figures(prepared, intervals, tails)
    tails.fill()
    intervals.fill()
    return _breakdown_table(families, min_n, alpha)


def breakdown_and_changes(
    data: pd.DataFrame,
    by: Hashable | Sequence[Hashable],
    *,
    wave: Hashable,
    previous: str,
    latest: str,
    items: Sequence[Hashable] = (),
    satisfied: Hashable | None = None,
    degree: Hashable | None = None,
    nps: Hashable | None = None,
    min_n: int = MIN_N,
    confidence: float = 0.95,
    alpha: float = 0.05,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`breakdown` by segment and wave and :func:`segment_changes` of the same data, in one pass.

    The same two tables as the two calls, for the cost of little more than
    one: the segment and wave columns are coded once, the sums by segment
    and wave (which both tables use) are taken once, and every t tail of
    both tables is computed in one array call.

    Examples
    --------
    >>> df = pd.DataFrame({"estate": ["A"] * 6, "wave": ["1", "1", "1", "2", "2", "2"], "q1": [2, 3, 2, 4, 5, 4]})
    >>> table, changes = breakdown_and_changes(df, "estate", wave="wave", previous="1", latest="2", items=["q1"],
    ...                                        min_n=3)
    >>> table.equals(breakdown(df, "estate", wave="wave", items=["q1"], min_n=3))
    True
    >>> changes.equals(segment_changes(df, "estate", wave="wave", previous="1", latest="2", items=["q1"], min_n=3))
    True
    """
    prepared = _Prepared(data, by, _measures(items, satisfied, degree, nps), wave, min_n)
    tails, intervals = _Tails(), _Intervals(confidence)
    families = _breakdown_figures(prepared, intervals, tails)
    changes = _change_figures(prepared, previous, latest, tails)
    tails.fill()
    intervals.fill()
    return _breakdown_table(families, min_n, alpha), _change_table(changes, min_n, alpha)


class _Prepared:
    """A breakdown's data checked and coded once: the segment and wave keys, the coded answers, the sums by wave.

    :func:`breakdown` and :func:`segment_changes` of one survey share it
    (:func:`breakdown_and_changes`).
    """

    def __init__(self, data: pd.DataFrame, by: Hashable | Sequence[Hashable],
                 measures: list[tuple[str, Hashable | None, Hashable]], wave: Hashable | None, min_n: int) -> None:
        self.by = [by] if isinstance(by, (str, int)) or not isinstance(by, Sequence) else list(by)
        _check(data, self.by, [c for _, _, c in measures] + ([wave] if wave is not None else []), min_n)
        self.data, self.measures = data, measures
        self.sources = list(dict.fromkeys(c for _, _, c in measures))
        self.coded = _code_columns(data, self.sources)
        self.labels = _factorize(data[wave]) if wave is not None else None
        self.segments = {column: _factorize(data[column]) for column in self.by}
        self._by_wave: dict[Hashable, dict[Any, dict[Hashable, _Sums]]] = {}
        keys: dict[Hashable, _Key] = {("by", c): self.segments[c] for c in self.by}
        if self.labels is not None:
            keys["wave"] = self.labels
        self.joint = _Joint(keys, self.coded) if len(self.by) > 1 and _Joint.fits(keys) else None

    def sums(self, column: Hashable, with_waves: bool, columns: list[Hashable]) -> dict[Any, dict[Hashable, _Sums]]:
        """Sums of ``columns`` by segment of ``column`` (and wave)."""
        keys = [self.segments[column]] + ([self.labels] if with_waves and self.labels is not None else [])
        names = [("by", column)] + (["wave"] if with_waves and self.labels is not None else [])
        joint = (self.joint, names) if self.joint is not None else None
        return _sums(self.data, keys, columns, self.coded, joint)

    def by_wave(self, column: Hashable) -> dict[Any, dict[Hashable, _Sums]]:
        """Sums by segment of ``column`` and wave (taken once)."""
        if column not in self._by_wave:
            assert self.labels is not None
            self._by_wave[column] = self.sums(column, True, self.sources)
        return self._by_wave[column]


#: One family of a breakdown: (segment column, wave label, its segments, figures measure by measure).
_Family = tuple[Hashable, str, list[Any], list[tuple[Any, ...]]]


def _breakdown_figures(prepared: _Prepared, intervals: _Intervals, tails: _Tails) -> list[_Family]:
    """Figures and tests of every family of :func:`breakdown`; the Welch p-values and t intervals are set by
    ``tails.fill()`` and ``intervals.fill()``."""
    families = []
    sources = prepared.sources
    for column in prepared.by:
        for wave_label, groups in _slices(prepared, column):
            if not groups:
                continue
            total = {c: tuple(sum(g[c][i] for g in groups.values()) for i in range(5)) for c in sources}
            segments = sorted(groups)
            # figures and tests of all segments at once, measure by measure; rows segment by segment
            figures = []
            for measure, key, source in prepared.measures:
                inside = np.array([groups[segment][source] for segment in segments], dtype=float)
                rest = np.array(total[source], dtype=float) - inside
                estimate, low, high = _estimates(measure, inside, intervals)
                rest_estimate = _estimates(measure, rest, None)[0]  # its interval is not shown: no t quantiles
                names, p = _tests(measure, rest, inside, tails)
                figures.append((measure, key, inside[:, 0], estimate, low, high, rest_estimate,
                                estimate - rest_estimate, names, p))
            families.append((column, wave_label, segments, figures))
    return families


def _segment_major(per_measure: list[Any], segments: int, dtype: Any = float) -> np.ndarray:
    """Values measure by measure (a value, or one per segment, for each measure) -> one per row, segment by segment.

    The tables are built column by column: a dict per row cost a tenth of a
    second for a breakdown's 20,000 rows.
    """
    block = np.empty((len(per_measure), segments), dtype=dtype)
    for i, values in enumerate(per_measure):
        block[i] = values
    return block.T.ravel()


def _frame(parts: dict[str, list[np.ndarray]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: np.concatenate(parts[c]) if parts[c] else np.array([], dtype=object) for c in columns},
                        columns=columns)


def _breakdown_table(families: list[_Family], min_n: int, alpha: float) -> pd.DataFrame:
    columns = [c for c in BREAKDOWN_COLUMNS if c not in ("p_adjusted", "significant")]
    parts: dict[str, list[np.ndarray]] = {c: [] for c in columns}
    for column, wave_label, segments, figures in families:
        m, size = len(figures), len(segments)
        parts["by"].append(np.full(size * m, column, dtype=object))
        parts["segment"].append(np.repeat(np.array(segments, dtype=object), m))
        parts["wave"].append(np.full(size * m, wave_label, dtype=object))
        for name, j in (("measure", 0), ("key", 1), ("test", 8)):
            parts[name].append(_segment_major([f[j] for f in figures], size, object))
        n = _segment_major([f[2] for f in figures], size)
        parts["n"].append(n.astype(np.int64))
        parts["unreliable"].append(n < min_n)
        for name, j in (("estimate", 3), ("ci_low", 4), ("ci_high", 5), ("rest", 6), ("difference", 7),
                        ("p_value", 9)):
            parts[name].append(_segment_major([f[j] for f in figures], size))
    out = _adjust(_frame(parts, columns), ["by", "wave"], alpha)
    return out.reindex(columns=BREAKDOWN_COLUMNS)


def segment_changes(
    data: pd.DataFrame,
    by: Hashable | Sequence[Hashable],
    *,
    wave: Hashable,
    previous: str,
    latest: str,
    items: Sequence[Hashable] = (),
    satisfied: Hashable | None = None,
    degree: Hashable | None = None,
    nps: Hashable | None = None,
    min_n: int = MIN_N,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Change of each figure from wave ``previous`` to wave ``latest`` within each segment.

    Parameters are those of :func:`breakdown`; ``previous`` and ``latest``
    are labels of the ``wave`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``by, segment, measure, key, n_previous, n_latest,
        previous, latest, change, test, p_value, p_adjusted, significant,
        unreliable`` (``unreliable`` when either wave has fewer than
        ``min_n`` answers); ``change = latest - previous``.

    Examples
    --------
    >>> df = pd.DataFrame({"estate": ["A"] * 6, "wave": ["1", "1", "1", "2", "2", "2"], "q1": [2, 3, 2, 4, 5, 4]})
    >>> c = segment_changes(df, "estate", wave="wave", previous="1", latest="2", items=["q1"], min_n=3)
    >>> c[["segment", "previous", "latest", "test"]].values.tolist()
    [['A', 2.3333333333333335, 4.333333333333333, 'Welch two-sample t test']]
    >>> round(float(c["change"].iloc[0]), 3), bool(c["significant"].iloc[0])
    (2.0, True)
    """
    prepared = _Prepared(data, by, _measures(items, satisfied, degree, nps), wave, min_n)
    tails = _Tails()
    families = _change_figures(prepared, previous, latest, tails)
    tails.fill()
    return _change_table(families, min_n, alpha)


#: One family of a change table: (segment column, its segments, figures measure by measure).
_ChangeFamily = tuple[Hashable, list[Any], list[tuple[Any, ...]]]


def _change_figures(prepared: _Prepared, previous: str, latest: str, tails: _Tails) -> list[_ChangeFamily]:
    """Figures and tests of :func:`segment_changes` per segment column; Welch p-values set by ``tails.fill()``."""
    empty: _Sums = (0.0, 0.0, 0.0, 0.0, 0.0)
    families = []
    for column in prepared.by:
        groups = prepared.by_wave(column)
        ordered = sorted(prepared.segments[column][1].tolist())
        # figures and tests of all segments at once, measure by measure; rows segment by segment
        figures = []
        for measure, key, source in prepared.measures:
            a = np.array([groups.get((segment, previous), {}).get(source, empty) for segment in ordered], dtype=float)
            b = np.array([groups.get((segment, latest), {}).get(source, empty) for segment in ordered], dtype=float)
            old, new = _estimates(measure, a, None)[0], _estimates(measure, b, None)[0]
            names, p = _tests(measure, a, b, tails)
            figures.append((measure, key, a[:, 0], b[:, 0], old, new, new - old, names, p))
        families.append((column, ordered, figures))
    return families


def _change_table(families: list[_ChangeFamily], min_n: int, alpha: float) -> pd.DataFrame:
    columns = [c for c in CHANGE_COLUMNS if c not in ("p_adjusted", "significant")]
    parts: dict[str, list[np.ndarray]] = {c: [] for c in columns}
    for column, ordered, figures in families:
        m, size = len(figures), len(ordered)
        parts["by"].append(np.full(size * m, column, dtype=object))
        parts["segment"].append(np.repeat(np.array(ordered, dtype=object), m))
        for name, j in (("measure", 0), ("key", 1), ("test", 7)):
            parts[name].append(_segment_major([f[j] for f in figures], size, object))
        n_old, n_new = _segment_major([f[2] for f in figures], size), _segment_major([f[3] for f in figures], size)
        parts["n_previous"].append(n_old.astype(np.int64))
        parts["n_latest"].append(n_new.astype(np.int64))
        parts["unreliable"].append(np.minimum(n_old, n_new) < min_n)
        for name, j in (("previous", 4), ("latest", 5), ("change", 6), ("p_value", 8)):
            parts[name].append(_segment_major([f[j] for f in figures], size))
    out = _adjust(_frame(parts, columns), ["by"], alpha)
    return out.reindex(columns=CHANGE_COLUMNS)
