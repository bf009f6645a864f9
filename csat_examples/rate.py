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

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import CsatInputError
from .scales import Level, Scale, _ranks_of_series, get_scale
from .validation import Exclusions, _missing_from_mask, _missing_policy, require_not_empty

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


def _valid_ranks(
    responses: pd.Series, sc: Scale, missing: str, argument: str = "responses"
) -> tuple[np.ndarray, Exclusions]:
    """Ranks 1..k (int8) of the respondents used, and the blank answers left out.

    Vectorised: whole-number answers take one cast to int8 and one
    comparison with the original (which also catches blanks and values too
    big for int8, since those do not survive the cast); labels are decoded
    once per distinct value.
    """
    _missing_policy(missing)
    if not isinstance(responses, pd.Series):
        raise CsatInputError(
            f"expected a pandas Series, got {type(responses).__name__}",
            argument=argument,
            fix="pass one column of answers, e.g. data['overall']",
        )
    require_not_empty(responses, argument)
    if isinstance(responses.dtype, np.dtype) and responses.dtype.kind in "iuf":
        arr = responses.to_numpy()
        with np.errstate(invalid="ignore"):  # NaN casts to garbage, which the comparison rejects
            small = arr.astype(np.int8)
        if (small == arr).all() and small.min() >= 1 and small.max() <= sc.k:
            return small, Exclusions.none()
    ranks = _ranks_of_series(responses, sc, argument)
    name = responses.name if responses.name is not None else argument
    row_bad, excluded = _missing_from_mask(np.isnan(ranks)[:, None], responses.to_frame(name), [name],
                                           missing, argument)
    return ranks[~row_bad].astype(np.int8), excluded


def _count_in(ranks: np.ndarray, wanted: list[int], k: int) -> int:
    """How many entries of ``ranks`` are in ``wanted`` (sorted), by runs of consecutive ranks."""
    total = 0
    start = prev = wanted[0]
    for r in wanted[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        inside = ranks >= start if prev == k else (ranks >= start) & (ranks <= prev)
        total += int(np.count_nonzero(inside))
        if r is not None:
            start = prev = r
    return total


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


def satisfaction_rate(
    responses: pd.Series,
    *,
    scale: Scale | str = "7-level",
    satisfied: Iterable[Level | str | int] | None = None,
    missing: str = "error",
) -> RateResult:
    """Satisfaction rate: satisfied respondents / respondents × 100.

    Parameters
    ----------
    responses : pandas.Series
        One answer per respondent: level names (Chinese or English), or codes
        1..k (see :func:`csat_examples.scales.to_ranks`).
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
    RateResult
        ``float(result)`` is the rate.  The input is not modified.

    Raises
    ------
    CsatInputError
        Unknown labels or codes, blanks with ``missing="error"``, an empty
        series, no respondent left after exclusions, unknown levels in
        ``satisfied``.

    Notes
    -----
    :math:`T = S / C \\times 100`, where :math:`S` counts respondents whose
    answer is in ``satisfied`` and :math:`C` counts respondents used.

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
    """
    sc = get_scale(scale)
    sat = _satisfied_ranks(satisfied, sc)
    ranks, excluded = _valid_ranks(responses, sc, missing)
    n = len(ranks)
    if n == 0:
        raise CsatInputError(
            "no respondent left after excluding blank answers",
            argument="responses", value=f"{excluded.count} blank answers",
            fix="check the column holds answers",
        )
    s = _count_in(ranks, sat, sc.k)
    return RateResult(
        rate=100.0 * s / n,
        satisfied=s,
        respondents=n,
        excluded=excluded,
        satisfied_levels=tuple(sc.levels[r - 1].zh for r in sat),
    )


def level_distribution(
    responses: pd.Series, scale: Scale | str = "7-level", *, missing: str = "error"
) -> pd.DataFrame:
    """How many respondents answered each level.

    Parameters
    ----------
    responses : pandas.Series
        Level names or codes, as for :func:`satisfaction_rate`.
    scale : Scale or str
    missing : {"error", "exclude"}
        Blank answers raise, or are left out; with ``"exclude"`` the
        :class:`~csat_examples.validation.Exclusions` is in
        ``result.attrs["excluded"]``.

    Returns
    -------
    pandas.DataFrame
        One row per level, lowest first, columns ``rank, zh, en, count,
        share`` (share = count / respondents used, a fraction 0..1).

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
    >>> level_distribution(pd.Series(["满意", "很满意", "满意", "一般"]), "5-level")
       rank    zh                 en  count  share
    0     1  很不满意  Very dissatisfied      0   0.00
    1     2   不满意       Dissatisfied      0   0.00
    2     3    一般            Neutral      1   0.25
    3     4    满意          Satisfied      2   0.50
    4     5   很满意     Very satisfied      1   0.25
    """
    sc = get_scale(scale)
    ranks, excluded = _valid_ranks(responses, sc, missing)
    counts = np.bincount(ranks.view(np.uint8), minlength=sc.k + 1)[1:]
    n = counts.sum()
    out = pd.DataFrame(
        {
            "rank": [lv.rank for lv in sc.levels],
            "zh": [lv.zh for lv in sc.levels],
            "en": [lv.en for lv in sc.levels],
            "count": counts.astype(np.int64),
            "share": counts / n if n else np.zeros(sc.k),
        }
    )
    out.attrs["excluded"] = excluded
    return out
