"""Satisfaction rate: the share of respondents who answered in a "satisfied" level.

The rate :math:`T = S / C \\times 100` counts how many of the :math:`C`
respondents are satisfied (:math:`S`): a measure of breadth.  It cannot say
how satisfied they are (that is the degree, :mod:`csat_examples.degree`) nor
why.  Which levels count as satisfied is a choice the analyst must state;
the default is the top-2 box (满意 and 很满意), on either scale.

References
----------
Seed 000 (course slides, 满意度与满意率的区别: the rate T = S / C × 100% and why a
"90 % satisfaction degree" is really a rate).  Seed 004 (the seven levels).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from ._deprecation import keyword_only, renamed
from .errors import CsatInputError
from .scales import Level, Scale, _ranks_of_series, get_scale
from .validation import Exclusions, missing_from_mask, missing_policy, require_not_empty

__all__ = ["RateResult", "satisfaction_rate", "level_distribution", "TOP_TWO_BOX"]

#: The default satisfied levels (top-2 box), by Chinese name: valid on both scales.
TOP_TWO_BOX: tuple[str, ...] = ("满意", "很满意")


@dataclass(frozen=True)
class RateResult:
    """Result of :func:`satisfaction_rate`.

    Attributes
    ----------
    rate : float
        Satisfied respondents / respondents used × 100 (0-100).
    satisfied : int
        Respondents who answered in a satisfied level.
    respondents : int
        Respondents used (after exclusions).
    excluded : Exclusions
        Respondents left out (blank answers with ``missing="exclude"``).
    satisfied_levels : tuple of str
        Chinese names of the levels counted as satisfied.
    """

    rate: float
    satisfied: int
    respondents: int
    excluded: Exclusions
    satisfied_levels: tuple[str, ...]

    def __float__(self) -> float:
        return self.rate


#: Answers cast and checked at a time: a slice of a column (512 KB of doubles) is still in the CPU's caches from
#: the cast to the comparison, so that each answer is read from memory once.  (Smaller slices cost more Python
#: calls per answer; larger ones spill to memory.)
_SLICE = 65536
#: Slices whose ranks are range-checked and counted together: one buffer of 2 x 256 KB, reused, instead of
#: column-long buffers (fresh memory of a column's length is faulted in anew on every call: 2 MB at 10^6
#: rows, ~1.3 ms) and with fewer Python calls than checking each slice on its own.
_GROUP = 4


class _RankCounter:
    """Counts of whole-number answers 1..k at or above each threshold rank, column after column.

    A column is read once, in cache-sized slices: each slice is cast to uint8 (the ranks), and the answers
    are compared with their ranks (a fraction, a blank (NaN), an infinity or a number outside 0..255 does
    not survive the round trip unchanged).  The ranks of a group of slices and the comparison's results lie
    side by side in one byte buffer, so that one minimum over both proves every answer equal to its rank
    and no rank 0; a maximum proves no rank above k; then one comparison and one count per threshold.

    Notes
    -----
    Cost at 10^6 rows x 20 columns, as a share of the numpy floor of ``benchmarks/bench_rate.py``
    (CPU time, minimum of 41 runs, shared machine at load 3.5-5): the cast, which reads the answers
    from memory, 1.1; the comparison, 0.8; the minimum, maximum, comparison and count of the groups,
    0.25 alone, 0.4 after the other passes; the rest of a call about 0.1.  Measured and not used (CPU
    time per answer in the cache where not said otherwise):

    - column-long rank and flag buffers (the kernel before this one): 520 page faults per call at 10^6
      rows, ~1.3 ms, 0.12 of the floor (a freed 2 MB block goes back to the system);
    - casting the ranks back to float64 and comparing two float64 arrays: as fast as the mixed
      float64-uint8 comparison used here (numpy casts the ranks in its own small buffers; 0.48 ns
      either way, whatever its buffer size), but one more Python call per slice and a 256 KB buffer;
    - ``np.modf`` with its outputs cast to bool and uint8 (the fraction test and the rank in one
      pass), 3.3 ns, and casting to float16 (whose bits would order and bound the answers for integer
      operations), 3.1 ns: neither is vectorised, against 0.2 + 0.48 ns for the cast and comparison;
    - ``np.bincount`` of the ranks, 1.5 ns (it converts them to intp first), against 0.08 ns for a
      comparison and a count; a count by sums of the uint64 view in byte lanes, no faster;
    - ``astype(np.uint8, casting="same_value")`` (cast and check in one call), ~7x slower; an OR over
      the uint64 view (whole numbers 1..7 have their 50 low mantissa bits zero), as costly as the
      comparison, but so has 1.5 (which low bits are allowed depends on the exponent), so a further
      pass is needed; the sum of the answers against the sum of the ranks, inexact (a float sum rounds
      a one-ulp fraction away); a BLAS dot of the differences, which needs the subtraction (a pass as
      costly as the comparison) and runs on other threads; ``trunc`` or ``rint`` instead of the casts,
      the same number of passes;
    - slices of 16k, 32k, 40k, 48k and 128k answers (groups of 256k answers): on a loaded machine
      (load 6-7) 64k and 48k were faster than 32k by a median 1-2 ms a call at 10^6 x 20 (fewer
      calls), 16k slower, 128k no better; the minima were within noise.

    Examples
    --------
    >>> counter = _RankCounter(k=7, thresholds=[1, 6])
    >>> counter.counts(np.array([7.0, 6.0, 2.0, 4.0])).tolist()
    [4, 2]
    >>> counter.counts(np.array([7.0, 6.5, 2.0, 4.0])) is None  # not a whole number: general path
    True
    """

    def __init__(self, k: int, thresholds: Sequence[int], longest: int = _SLICE * _GROUP) -> None:
        self.k, self.thresholds = k, list(thresholds)
        # a group's ranks, then the comparison's results (later each threshold's), made once for every
        # column this counter reads (each call of the library makes its own counter: nothing is shared)
        self._bytes = np.empty(0, dtype=np.uint8)
        self._group_buffer(longest)

    def _group_buffer(self, n: int) -> tuple[np.ndarray, int]:
        """The byte buffer for the groups of a column of ``n`` answers, reused from column to column, and
        the group's length (at most ``_GROUP`` slices: a longer column is read group after group)."""
        group = max(1, min(n, _SLICE * _GROUP))
        if len(self._bytes) < 2 * group:
            self._bytes = np.empty(2 * group, dtype=np.uint8)
        return self._bytes, group

    def counts(self, values: np.ndarray) -> np.ndarray | None:
        """Answers at or above each threshold, if ``values`` are all whole numbers 1..k; else None.

        ``None`` sends the caller to the general path, which decodes labels, handles blanks and
        names a bad cell.

        Exact: an answer equals its uint8 cast only if it is a whole number 0..255 (numpy compares the
        two in a type that holds both exactly; -0.0 casts to 0), and the ranks are then checked to be
        1..k.  The cast of a NaN, an infinity or a number outside 0..255 is undefined in C (numpy gives
        some byte, with a warning that is silenced here), but no byte equals such a number, so the
        comparison rejects it whatever the byte.
        """
        n, k, step = len(values), self.k, _SLICE
        if n == 0:
            return np.zeros(len(self.thresholds), dtype=np.int64)
        buffer, group = self._group_buffer(n)
        above = {t: 0 for t in self.thresholds if t > 1}  # rank 1 and below: every answer
        equal, first = np.equal, True
        with np.errstate(invalid="ignore"):  # NaN and huge numbers cast to some byte, which the comparison rejects
            for start in range(0, n, group):
                part = values[start:start + group] if group < n else values
                m = len(part)
                both = buffer[: 2 * m]
                ranks, good = both[:m], both[m:].view(np.bool_)
                if m <= step:
                    slices: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]] = ((part, ranks, good),)
                else:  # the whole slices as rows of 2D views (taking rows costs less than slicing), then the rest
                    full = m - m % step
                    slices = zip(part[:full].reshape(-1, step), ranks[:full].reshape(-1, step),
                                 good[:full].reshape(-1, step))
                    if full < m:
                        slices = itertools.chain(slices, [(part[full:], ranks[full:], good[full:])])
                # (an assignment and a positional ``out``: the cheapest calls)
                for piece, piece_ranks, piece_good in slices:
                    piece_ranks[...] = piece  # the cast (an assignment casts unsafely, as copyto(casting="unsafe"))
                    equal(piece, piece_ranks, piece_good)
                    if first and not np.logical_and.reduce(piece_good):  # blanks or labels show early, as a rule:
                        return None  # spare the rest of the column a pass that the general path makes anyway
                    first = False
                # one minimum proves every answer equal to its rank (no False) and no rank 0; then none above k
                if np.minimum.reduce(both) == 0 or np.maximum.reduce(ranks) > k:
                    return None
                for t in above:
                    above[t] += np.count_nonzero(np.greater_equal(ranks, t, out=good))
        return np.array([above.get(t, n) for t in self.thresholds], dtype=np.int64)


def _whole_rank_counts(values: np.ndarray, k: int, thresholds: Sequence[int]) -> np.ndarray | None:
    """How many ``values`` are at or above each threshold rank, if all are whole numbers 1..k; else None.

    Examples
    --------
    >>> _whole_rank_counts(np.array([1, 5, 5]), 5, [1, 4, 5]).tolist()
    [3, 2, 2]
    >>> _whole_rank_counts(np.array([1.0, np.nan]), 5, [1]) is None
    True
    """
    return _RankCounter(k, thresholds, len(values)).counts(values)


def _is_plain_numeric(dtype: object) -> bool:
    return isinstance(dtype, np.dtype) and dtype.kind in "iuf"


def _valid_ranks(
    responses: pd.Series, sc: Scale, missing: str, argument: str = "data"
) -> tuple[np.ndarray, Exclusions]:
    """Ranks 1..k (int8) of the respondents used, and the blank answers left out (general path).

    Labels are decoded once per distinct value (:func:`~csat_examples.scales.to_ranks`); a bad
    answer raises, naming its row and column.
    """
    ranks = _ranks_of_series(responses, sc, argument)
    name = responses.name if responses.name is not None else argument
    row_bad, excluded = missing_from_mask(np.isnan(ranks)[:, None], responses.to_frame(name), [name],
                                           missing, argument)
    return ranks[~row_bad].astype(np.int8), excluded


def _rank_counts(
    responses: pd.Series, sc: Scale, missing: str, thresholds: Sequence[int]
) -> tuple[np.ndarray, Exclusions]:
    """Answers at or above each threshold rank (threshold 1: all answers used), and the blanks left out.

    Whole-number codes take the one-pass path; labels, blanks and bad answers the general one.
    """
    if _is_plain_numeric(responses.dtype):
        counts = _whole_rank_counts(responses.to_numpy(), sc.k, thresholds)
        if counts is not None:
            return counts, Exclusions.none()
    ranks, excluded = _valid_ranks(responses, sc, missing)
    counts = _whole_rank_counts(ranks, sc.k, thresholds)
    assert counts is not None  # decoded ranks are whole numbers 1..k
    return counts, excluded


def _columns(
    responses: pd.Series | pd.DataFrame, sc: Scale, missing: str, thresholds: Sequence[int]
) -> Iterator[tuple[Hashable, np.ndarray, Exclusions]]:
    """(column name, counts at the thresholds, exclusions) of each column, one column at a time.

    Lazy, so that a caller's check of a column (no respondent left) comes before the next column
    is read, as with one call per column.  Plain numeric columns are read where they are stored,
    each once, in slices (:class:`_RankCounter`).
    """
    missing_policy(missing)
    if isinstance(responses, pd.Series):
        require_not_empty(responses, "data")
        yield (responses.name, *_rank_counts(responses, sc, missing, thresholds))
        return
    if not isinstance(responses, pd.DataFrame):
        raise CsatInputError(
            f"expected a pandas Series or DataFrame, got {type(responses).__name__}",
            argument="data",
            fix="pass one column of answers, e.g. data['overall'], or a DataFrame of item columns",
        )
    require_not_empty(responses, "data")
    # Each numeric column where it is stored, with one set of buffers for all: a single-dtype frame is one
    # block stored column by column, which ``to_numpy`` gives without a copy (and without the cost of a
    # Series per column); other frames column by column (``to_numpy`` of the whole would cast a copy).
    dtypes = list(responses.dtypes)
    block = responses.to_numpy() if _is_plain_numeric(dtypes[0]) and len(set(dtypes)) == 1 else None
    counter = _RankCounter(sc.k, thresholds, len(responses))
    for j, name in enumerate(responses.columns):
        if block is not None:
            counts = counter.counts(block[:, j])
        else:
            counts = counter.counts(responses.iloc[:, j].to_numpy()) if _is_plain_numeric(dtypes[j]) else None
        if counts is None:  # labels, blanks or a bad answer: the column on its own
            yield (name, *_rank_counts(responses.iloc[:, j], sc, missing, thresholds))
        else:
            yield name, counts, Exclusions.none()


def _runs(ranks: list[int]) -> list[tuple[int, int]]:
    """Sorted ranks as runs of consecutive ranks: [6, 7] -> [(6, 7)]; [1, 7] -> [(1, 1), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for r in ranks:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _satisfied_ranks(satisfied: Iterable[Level | str | int] | Level | str | int | None, sc: Scale) -> list[int]:
    if satisfied is None:
        chosen = list(TOP_TWO_BOX)
    elif isinstance(satisfied, (str, int, Level)):
        chosen = [satisfied]
    else:
        chosen = list(satisfied)
    if not chosen:
        raise CsatInputError(
            "no level counts as satisfied", argument="satisfied", value=satisfied,
            fix="name at least one level, or pass None for the top-2 box (满意, 很满意)",
        )
    return sorted({sc.level(lv, argument="satisfied").rank for lv in chosen})


@overload
def satisfaction_rate(
    data: pd.Series, *, scale: Scale | str = ..., satisfied: Iterable[Level | str | int] | None = ...,
    missing: str = ...,
) -> RateResult: ...
@overload
def satisfaction_rate(
    data: pd.DataFrame, *, scale: Scale | str = ..., satisfied: Iterable[Level | str | int] | None = ...,
    missing: str = ...,
) -> pd.DataFrame: ...
@renamed(responses="data")
def satisfaction_rate(
    data: pd.Series | pd.DataFrame,
    *,
    scale: Scale | str = "7-level",
    satisfied: Iterable[Level | str | int] | None = None,
    missing: str = "error",
) -> RateResult | pd.DataFrame:
    """Satisfaction rate: satisfied respondents / respondents × 100.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        One answer per respondent: level names (Chinese or English), or codes
        1..k (see :func:`csat_examples.scales.to_ranks`).  A DataFrame gives
        the rate of each of its columns (items), each column on its own: a
        blank in one item leaves the respondent out of that item only.
    scale : Scale or str
        ``"7-level"`` (default) or ``"5-level"``.
    satisfied : iterable of levels, optional
        Levels counted as satisfied (names, ranks or :class:`Level`);
        default the top-2 box, 满意 and 很满意.
    missing : {"error", "exclude"}
        What to do with blank answers: raise, or leave the respondent out
        and report it in ``excluded``.

    Returns
    -------
    RateResult or pandas.DataFrame
        For a Series a :class:`RateResult` (``float(result)`` is the rate).
        For a DataFrame one row per column: ``item, rate, satisfied,
        respondents, excluded`` (the count), with the
        :class:`~csat_examples.validation.Exclusions` of each item in
        ``attrs["excluded"]`` and the satisfied levels in
        ``attrs["satisfied_levels"]``; the same numbers as a
        :class:`RateResult` per column.  The input is not modified.

    Raises
    ------
    CsatInputError
        Unknown labels or codes, blanks with ``missing="error"``, an empty
        series, no respondent left after exclusions, unknown levels in
        ``satisfied``.  For a DataFrame, the first column in order that has
        one of these problems is named, as a call on that column would.

    Notes
    -----
    :math:`T = S / C \\times 100`, where :math:`S` counts respondents whose
    answer is in ``satisfied`` and :math:`C` counts respondents used.
    Whole-number codes are checked and counted in one pass over the data.

    References
    ----------
    Seed 000, chapter 3 (满意率 T = S / C × 100%).

    Examples
    --------
    >>> answers = pd.Series(["很满意", "满意", "一般", "较满意", "满意"])
    >>> r = satisfaction_rate(answers)
    >>> r.rate, r.satisfied, r.respondents, r.satisfied_levels
    (60.0, 3, 5, ('满意', '很满意'))
    >>> float(satisfaction_rate(answers, satisfied=["较满意", "满意", "很满意"]))
    80.0
    >>> r = satisfaction_rate(pd.Series([5, None, 2]), scale="5-level", missing="exclude")
    >>> r.rate, r.respondents, r.excluded.count
    (50.0, 2, 1)

    Every item of a survey at once:

    >>> items = pd.DataFrame({"q1": [7, 6, 2, 4], "q2": [6.0, None, 7.0, 1.0]})
    >>> satisfaction_rate(items, missing="exclude")
      item       rate  satisfied  respondents  excluded
    0   q1  50.000000          2            4         0
    1   q2  66.666667          2            3         1
    """
    sc = get_scale(scale)
    sat = _satisfied_ranks(satisfied, sc)
    runs = _runs(sat)
    thresholds = sorted({1, *(first for first, _ in runs), *(last + 1 for _, last in runs if last < sc.k)})
    levels = tuple(sc.levels[r - 1].zh for r in sat)
    results = {}
    for name, counts, excluded in _columns(data, sc, missing, thresholds):
        at_least = {**dict(zip(thresholds, counts.tolist())), sc.k + 1: 0}
        n = at_least[1]
        if n == 0:
            raise CsatInputError(
                "no respondent left after excluding blank answers",
                argument="data", column=name, value=f"{excluded.count} blank answers",
                fix="check the column holds answers",
            )
        s = sum(at_least[first] - at_least[last + 1] for first, last in runs)
        results[name] = RateResult(rate=100.0 * s / n, satisfied=s, respondents=n, excluded=excluded,
                                   satisfied_levels=levels)
    if isinstance(data, pd.Series):
        return results[data.name]
    table = pd.DataFrame({
        "item": list(data.columns),
        "rate": [r.rate for r in results.values()],
        "satisfied": np.array([r.satisfied for r in results.values()], dtype=np.int64),
        "respondents": np.array([r.respondents for r in results.values()], dtype=np.int64),
        "excluded": np.array([r.excluded.count for r in results.values()], dtype=np.int64),
    })
    table.attrs["excluded"] = {name: r.excluded for name, r in results.items()}
    table.attrs["satisfied_levels"] = levels
    return table


@renamed(responses="data")
@keyword_only("scale")
def level_distribution(
    data: pd.Series | pd.DataFrame, *, scale: Scale | str = "7-level", missing: str = "error"
) -> pd.DataFrame:
    """How many respondents answered each level.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Level names or codes, as for :func:`satisfaction_rate`; a DataFrame
        gives the distribution of each column (item).
    scale : Scale or str
    missing : {"error", "exclude"}
        Blank answers raise, or are left out; with ``"exclude"`` the
        :class:`~csat_examples.validation.Exclusions` is in
        ``result.attrs["excluded"]`` (for a DataFrame, a dict item ->
        Exclusions).

    Returns
    -------
    pandas.DataFrame
        One row per level, lowest first, columns ``rank, zh, en, count,
        share`` (share = count / respondents used, a fraction 0..1).  For a
        DataFrame the levels of each column in turn, with a first column
        ``item``.

    Notes
    -----
    :math:`p_j = n_j / \\sum_i n_i`; the top-2-box rate is
    :math:`100\\,(p_{k-1} + p_k)`.

    References
    ----------
    Seed 004 (the seven levels); seed 001 (bar charts of the answers as a
    basic statistical tool).

    Examples
    --------
    >>> level_distribution(pd.Series(["满意", "很满意", "满意", "一般"]), scale="5-level")
       rank    zh                 en  count  share
    0     1  很不满意  Very dissatisfied      0   0.00
    1     2   不满意       Dissatisfied      0   0.00
    2     3    一般            Neutral      1   0.25
    3     4    满意          Satisfied      2   0.50
    4     5   很满意     Very satisfied      1   0.25
    >>> d = level_distribution(pd.DataFrame({"q1": [5, 4], "q2": [1, 1]}), scale="5-level")
    >>> d[d["count"] > 0][["item", "zh", "count"]].values.tolist()
    [['q1', '满意', 1], ['q1', '很满意', 1], ['q2', '很不满意', 2]]
    """
    sc = get_scale(scale)
    names, counts, excluded_by_item = [], [], {}
    for name, at_least, excluded in _columns(data, sc, missing, range(1, sc.k + 1)):
        names.append(name)
        counts.append(at_least - np.append(at_least[1:], 0))
        excluded_by_item[name] = excluded
    table = np.array(counts, dtype=np.int64)  # items x levels
    n = table.sum(axis=1, keepdims=True)
    out = pd.DataFrame(
        {
            "rank": [lv.rank for lv in sc.levels] * len(names),
            "zh": [lv.zh for lv in sc.levels] * len(names),
            "en": [lv.en for lv in sc.levels] * len(names),
            "count": table.ravel(),
            "share": np.divide(table, n, out=np.zeros(table.shape), where=n > 0).ravel(),
        }
    )
    if isinstance(data, pd.Series):
        out.attrs["excluded"] = excluded_by_item[data.name]
        return out
    out.insert(0, "item", [name for name in names for _ in sc.levels])
    out.attrs["excluded"] = excluded_by_item
    return out
