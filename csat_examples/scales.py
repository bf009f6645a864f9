"""Satisfaction levels, the 7-level and 5-level scales, and their scorings.

The sources divide how satisfied a customer is into seven levels (很不满意 …
很满意) or five (很不满意, 不满意, 一般, 满意, 很满意), and give each of the
seven its typical signs: the emotions and behaviour by which the level can be
recognised.  Names and signs, in English and Chinese, live in the terms table
(``csat_examples/data/terms/scales.yml``); this module turns them into
:class:`Level` and :class:`Scale` objects and converts between levels and
scores.

Three scorings are supported (``SCORINGS``):

``"likert"``
    the rank, 1 (lowest) .. k.
``"sources"``
    seed 004's scoring in steps of 20 around 0: −60, −40, −20, 0, 20, 40, 60
    on the 7-level scale.  The sources give no scoring for the 5-level scale;
    this library extends the same 20-point steps to it: −40, −20, 0, 20, 40.
``"0-100"``
    :math:`(rank - 1) / (k - 1) \\times 100`.

All three are linear in the rank, so a mean score converts between them
exactly (:func:`rescore`).

References
----------
Seed 004 (encyclopedia entry 顧客滿意度: 顧客滿意級度, the seven levels and
their signs; 顧客滿意度的分值與加權, the −60..60 scoring).  Seed 002 (textbook
chapter 7, 7.2.3: the same seven levels).  Seed 000 (course slides: Likert
scoring 5-4-3-2-1 of the five levels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from ._deprecation import keyword_only, renamed
from .errors import CsatInputError
from .lang import Lang, check_lang, pick
from .terms import label
from .validation import require_in_range

__all__ = [
    "Level",
    "Scale",
    "SCORINGS",
    "SEVEN_LEVEL",
    "FIVE_LEVEL",
    "SCALES",
    "get_scale",
    "score_of",
    "level_of",
    "rescore",
    "to_ranks",
]

Scoring = Literal["likert", "sources", "0-100"]
SCORINGS: tuple[str, ...] = ("likert", "sources", "0-100")
# A score within this fraction of the scoring's span of a band edge counts as
# on the edge, so that a mean computed in another order still bands the same.
_EDGE_TOLERANCE = 1e-9
# The sources' scoring puts 20 points between neighbouring levels.
_SOURCES_STEP = 20.0
# Seed 000 is in traditional characters; the two that differ in level names.
_TRADITIONAL = str.maketrans({"滿": "满", "較": "较"})


@dataclass(frozen=True)
class Level:
    """One satisfaction level of a scale.

    Attributes
    ----------
    rank : int
        1 for the lowest level .. k for the highest.
    zh, en : str
        Chinese and English names.
    signs_en, signs_zh : tuple of str
        Typical signs (emotions and behaviour) of a customer at this level.
    key : str
        The level's key in the terms table (e.g. ``"level_satisfied"``).

    Examples
    --------
    >>> SEVEN_LEVEL.levels[0].zh, SEVEN_LEVEL.levels[0].en
    ('很不满意', 'Very dissatisfied')
    >>> SEVEN_LEVEL.levels[0].signs_en[:2]
    ('indignation', 'anger')
    """

    rank: int
    zh: str
    en: str
    signs_en: tuple[str, ...]
    signs_zh: tuple[str, ...]
    key: str = ""

    def __str__(self) -> str:
        return f"{self.zh} ({self.en})"

    def name(self, lang: Lang = "en") -> str:
        """The level's name in ``lang``.

        Examples
        --------
        >>> [SEVEN_LEVEL.levels[5].name(code) for code in ("en", "zh", "zh-Hant")]
        ['Satisfied', '满意', '滿意']
        """
        return pick(self.en, self.zh, lang)

    def signs(self, lang: Lang = "en") -> tuple[str, ...]:
        """The level's typical signs in ``lang``.

        Examples
        --------
        >>> SEVEN_LEVEL.levels[0].signs("zh-Hant")[:2]
        ('憤慨', '惱怒')
        """
        code = check_lang(lang)
        return self.signs_en if code == "en" else tuple(pick("", sign, code) for sign in self.signs_zh)


@dataclass(frozen=True)
class Scale:
    """A satisfaction scale: its levels (lowest first) and their scorings.

    Attributes
    ----------
    name : str
        ``"7-level"`` or ``"5-level"``.
    levels : tuple of Level
        Lowest first; ``levels[i].rank == i + 1``.
    k : int
        Number of levels.

    Examples
    --------
    >>> SEVEN_LEVEL.k, SEVEN_LEVEL.scores("sources")
    (7, (-60.0, -40.0, -20.0, 0.0, 20.0, 40.0, 60.0))
    >>> FIVE_LEVEL.scores("0-100")
    (0.0, 25.0, 50.0, 75.0, 100.0)
    >>> SEVEN_LEVEL.score_range("sources")
    (-60.0, 60.0)
    >>> SEVEN_LEVEL.level("satisfied").zh
    '满意'
    """

    name: str
    levels: tuple[Level, ...]
    k: int = field(init=False)
    _by_name: dict[str, Level] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "k", len(self.levels))
        names: dict[str, Level] = {}
        for lv in self.levels:
            names[lv.zh] = lv
            names[lv.en.casefold()] = lv
        object.__setattr__(self, "_by_name", names)

    # -- scorings -----------------------------------------------------------
    def _line(self, scoring: str) -> tuple[float, float]:
        """(offset, slope) with score = offset + slope * rank."""
        if scoring == "likert":
            return 0.0, 1.0
        if scoring == "sources":
            middle = (self.k + 1) / 2
            return -_SOURCES_STEP * middle, _SOURCES_STEP
        if scoring == "0-100":
            slope = 100.0 / (self.k - 1)
            return -slope, slope
        raise CsatInputError(
            "unknown scoring", argument="scoring", value=scoring, fix=f"use one of {SCORINGS!r}"
        )

    def scores(self, scoring: Scoring = "likert") -> tuple[float, ...]:
        """The score of each level, lowest first."""
        offset, slope = self._line(scoring)
        return tuple(offset + slope * lv.rank for lv in self.levels)

    def score_range(self, scoring: Scoring = "likert") -> tuple[float, float]:
        """(lowest, highest) possible score."""
        s = self.scores(scoring)
        return s[0], s[-1]

    def band_edges(self, scoring: Scoring = "likert") -> tuple[float, ...]:
        """The k−1 edges between levels: midpoints of neighbouring scores.

        Examples
        --------
        >>> SEVEN_LEVEL.band_edges("sources")
        (-50.0, -30.0, -10.0, 10.0, 30.0, 50.0)
        """
        s = self.scores(scoring)
        return tuple((a + b) / 2 for a, b in zip(s[:-1], s[1:]))

    def level(self, level: Level | str | int, argument: str = "level") -> Level:
        """Look a level up by :class:`Level`, Chinese or English name, or rank."""
        if isinstance(level, Level):
            if level in self.levels:
                return level
            found = self._by_name.get(level.zh)
            if found is not None:
                return found
        elif isinstance(level, str):
            text = level.strip()
            found = self._by_name.get(text.translate(_TRADITIONAL)) or self._by_name.get(text.casefold())
            if found is not None:
                return found
        elif isinstance(level, (int, np.integer)) and not isinstance(level, bool):
            if 1 <= int(level) <= self.k:
                return self.levels[int(level) - 1]
        raise CsatInputError(
            f"not a level of the {self.name} scale",
            argument=argument,
            value=level,
            fix=f"use a rank 1..{self.k} or a level name: {', '.join(lv.zh for lv in self.levels)} "
            f"/ {', '.join(lv.en for lv in self.levels)}",
        )


def _make_level(rank: int, key: str) -> Level:
    suffix = key.removeprefix("level_")
    return Level(
        rank=rank,
        zh=label(key, "zh"),
        en=label(key, "en"),
        signs_en=tuple(s.strip() for s in label(f"signs_{suffix}", "en").split(";")),
        signs_zh=tuple(s.strip() for s in label(f"signs_{suffix}", "zh").split("；")),
        key=key,
    )


_SEVEN_KEYS = (
    "level_very_dissatisfied",
    "level_dissatisfied",
    "level_somewhat_dissatisfied",
    "level_neutral",
    "level_somewhat_satisfied",
    "level_satisfied",
    "level_very_satisfied",
)
_FIVE_KEYS = (
    "level_very_dissatisfied",
    "level_dissatisfied",
    "level_neutral",
    "level_satisfied",
    "level_very_satisfied",
)

#: The 7-level scale 很不满意 .. 很满意 (seed 004).
SEVEN_LEVEL = Scale("7-level", tuple(_make_level(i + 1, key) for i, key in enumerate(_SEVEN_KEYS)))
#: The 5-level scale 很不满意, 不满意, 一般, 满意, 很满意 (seed 004); the signs are those
#: of the same-named 7-level levels, as the source says they are alike.
FIVE_LEVEL = Scale("5-level", tuple(_make_level(i + 1, key) for i, key in enumerate(_FIVE_KEYS)))
#: Scales by name.
SCALES: dict[str, Scale] = {SEVEN_LEVEL.name: SEVEN_LEVEL, FIVE_LEVEL.name: FIVE_LEVEL}


def get_scale(scale: Scale | str | int) -> Scale:
    """Return a :class:`Scale` given itself, its name (``"7-level"``/``"5-level"``) or its k.

    Parameters
    ----------
    scale : Scale, str or int

    Returns
    -------
    Scale

    Raises
    ------
    CsatInputError
        For any other scale.

    Examples
    --------
    >>> get_scale("5-level").k
    5
    >>> get_scale(7) is SEVEN_LEVEL
    True
    >>> get_scale("10-level")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: scale: unknown scale (value '10-level'). Fix: use '7-level' or '5-level'.
    """
    if isinstance(scale, Scale):
        return scale
    if isinstance(scale, str) and scale.strip().lower() in SCALES:
        return SCALES[scale.strip().lower()]
    if isinstance(scale, (int, np.integer)) and not isinstance(scale, bool):
        for s in SCALES.values():
            if s.k == int(scale):
                return s
    raise CsatInputError("unknown scale", argument="scale", value=scale, fix="use '7-level' or '5-level'")


@keyword_only("scale", "scoring")
def score_of(level: Level | str | int, *, scale: Scale | str = "7-level",
             scoring: Scoring = "likert") -> float:
    """The score of a level on a scoring.

    Parameters
    ----------
    level : Level, str or int
        The level, its Chinese or English name (English is case-insensitive),
        or its rank 1..k.
    scale : Scale or str
    scoring : {"likert", "sources", "0-100"}

    Returns
    -------
    float

    Notes
    -----
    likert: :math:`r`; sources: :math:`20\\,(r - (k+1)/2)`;
    0-100: :math:`100\\,(r-1)/(k-1)`, for rank :math:`r` on a k-level scale.

    References
    ----------
    Seed 004, table 1 (the −60..60 scores of the seven levels).

    Examples
    --------
    >>> score_of("较满意", scoring="sources")
    20.0
    >>> score_of("very satisfied", scale="5-level", scoring="0-100")
    100.0
    >>> score_of(4)
    4.0
    """
    sc = get_scale(scale)
    lv = sc.level(level)
    return sc.scores(scoring)[lv.rank - 1]


def _finite_number(value: Any, argument: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CsatInputError(
            "not a number", argument=argument, value=value, fix="pass a numeric score"
        )
    x = float(value)
    if not math.isfinite(x):
        raise CsatInputError("not a finite number", argument=argument, value=x, fix="pass a finite score")
    return x


@keyword_only("scale", "scoring")
def level_of(score: float, *, scale: Scale | str = "7-level", scoring: Scoring = "likert") -> Level:
    """The level a score falls in.

    Each level owns a band around its score; the edges between bands are the
    midpoints between neighbouring level scores, and a score exactly on an
    edge belongs to the HIGHER level.

    Parameters
    ----------
    score : float
        A (mean or weighted) score on ``scoring``.
    scale : Scale or str
    scoring : {"likert", "sources", "0-100"}

    Returns
    -------
    Level

    Raises
    ------
    CsatInputError
        If ``score`` is not a finite number or lies outside the scoring's range.

    Notes
    -----
    Level :math:`j` is chosen when :math:`e_{j-1} \\le x < e_j`, where
    :math:`e_j = (s_j + s_{j+1})/2` and :math:`s_j` are the level scores.  A
    score within :math:`10^{-9}` of the scoring's span of an edge counts as
    on it.  The sources call the boundaries between levels fuzzy; this rule is
    a convention made explicit, not a finding.

    References
    ----------
    Seed 004: simple score 23.3 is "较满意", weighted score 40 is "满意".

    Examples
    --------
    >>> level_of(23.3, scoring="sources").zh
    '较满意'
    >>> level_of(40, scoring="sources").zh
    '满意'
    >>> level_of(30, scoring="sources").zh   # on the edge: the higher level
    '满意'
    >>> level_of(3.5, scale="5-level").en
    'Satisfied'
    """
    sc = get_scale(scale)
    x = _finite_number(score, "score")
    low, high = sc.score_range(scoring)
    tol = _EDGE_TOLERANCE * (high - low)
    if x < low - tol or x > high + tol:
        raise CsatInputError(
            f"score outside the {scoring} range {low:g}..{high:g} of the {sc.name} scale",
            argument="score",
            value=score,
            fix="check the scoring argument matches how the score was computed",
        )
    i = int(np.searchsorted(np.asarray(sc.band_edges(scoring)), x + tol, side="right"))
    return sc.levels[i]


@overload
def rescore(values: float, *, scale: Scale | str = ..., from_scoring: Scoring = ...,
            to_scoring: Scoring = ...) -> float: ...
@overload
def rescore(values: pd.Series, *, scale: Scale | str = ..., from_scoring: Scoring = ...,
            to_scoring: Scoring = ...) -> pd.Series: ...
@overload
def rescore(values: pd.DataFrame, *, scale: Scale | str = ..., from_scoring: Scoring = ...,
            to_scoring: Scoring = ...) -> pd.DataFrame: ...
@keyword_only("scale", "from_scoring", "to_scoring")
def rescore(values: Any, *, scale: Scale | str = "7-level", from_scoring: Scoring = "likert",
            to_scoring: Scoring = "0-100") -> Any:
    """Convert scores from one scoring to another (any value in range, not only level scores).

    Parameters
    ----------
    values : float, pandas.Series or pandas.DataFrame
        Scores on ``from_scoring``; blanks stay blank.
    scale : Scale or str
    from_scoring, to_scoring : {"likert", "sources", "0-100"}

    Returns
    -------
    Same type as ``values`` (a new object; the input is not modified).

    Raises
    ------
    CsatInputError
        If a value is not numeric or lies outside ``from_scoring``'s range.

    Notes
    -----
    All scorings are linear in the rank, so
    :math:`y = a_2 + b_2 (x - a_1) / b_1` where :math:`a, b` are each
    scoring's offset and slope; means are preserved.

    Examples
    --------
    >>> rescore(23.3, from_scoring="sources", to_scoring="likert")
    5.165
    >>> rescore(pd.Series([1, 4, 7]), from_scoring="likert", to_scoring="sources").tolist()
    [-60.0, 0.0, 60.0]
    """
    sc = get_scale(scale)
    a1, b1 = sc._line(from_scoring)
    a2, b2 = sc._line(to_scoring)
    low, high = sc.score_range(from_scoring)
    if isinstance(values, (pd.Series, pd.DataFrame)):
        require_in_range(values, None, low, high, argument="values")
        if (a1, b1) == (a2, b2) == (0.0, 1.0):
            # likert to likert: 0 + 1 * (x - 0) / 1 is x itself for every x but -0.0, which the range
            # (1..k) excludes; the four full-size passes cost 0.1 s on 10^6 answers of 25 items
            return values.astype(float)
        return a2 + b2 * (values.astype(float) - a1) / b1
    x = _finite_number(values, "values")
    if not low <= x <= high:
        raise CsatInputError(
            f"score outside the {from_scoring} range {low:g}..{high:g}",
            argument="values", value=values, fix="check from_scoring",
        )
    return float(np.round(a2 + b2 * (x - a1) / b1, 12))


def _ranks_of_series(values: pd.Series, sc: Scale, argument: str) -> np.ndarray:
    """Vectorised core of :func:`to_ranks` for one column: float ranks, NaN for blanks."""
    if pd.api.types.is_bool_dtype(values.dtype):
        raise CsatInputError(
            "not a level", argument=argument, column=values.name, value=_first(values),
            fix=f"use level names or codes 1..{sc.k}",
        )
    if pd.api.types.is_numeric_dtype(values.dtype):
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isnan(arr) & ((arr != np.floor(arr)) | (arr < 1) | (arr > sc.k))
        if bad.any():
            i = int(np.argmax(bad))
            raise CsatInputError(
                f"not a level code of the {sc.name} scale, {int(bad.sum())} values",
                argument=argument, row=_plainv(values.index[i]), column=values.name,
                value=_plainv(values.iloc[i]),
                fix=f"use whole numbers 1..{sc.k} (1 = {sc.levels[0].zh}), or blank for no answer",
            )
        return arr
    # Labels: look up each distinct value once, then broadcast (factorize keeps this vectorised).
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = np.empty(len(uniques) + 1, dtype=float)
    lookup[-1] = np.nan  # code -1 (blank) indexes the last slot
    for j, u in enumerate(uniques):
        lookup[j] = _rank_of_label(u, sc)
    bad_u = np.isnan(lookup[:-1]) & ~np.array([_is_blank(u) for u in uniques], dtype=bool)
    if bad_u.any():
        bad_codes = np.flatnonzero(bad_u)
        bad = np.isin(codes, bad_codes)
        i = int(np.argmax(bad))
        raise CsatInputError(
            f"unknown level label, {int(bad.sum())} values",
            argument=argument, row=_plainv(values.index[i]), column=values.name,
            value=_plainv(values.iloc[i]),
            fix=f"use one of {', '.join(lv.zh for lv in sc.levels)} / "
            f"{', '.join(lv.en for lv in sc.levels)} or codes 1..{sc.k}",
        )
    return lookup[codes]


def _is_blank(u: Any) -> bool:
    return isinstance(u, str) and u.strip() == ""


def _rank_of_label(u: Any, sc: Scale) -> float:
    if isinstance(u, (bool, np.bool_)):
        return math.nan
    if isinstance(u, str):
        text = u.strip()
        if text == "":
            return math.nan
        if text.isdigit():
            text_int = int(text)
            return float(text_int) if 1 <= text_int <= sc.k else math.nan
        found = sc._by_name.get(text.translate(_TRADITIONAL)) or sc._by_name.get(text.casefold())
        return float(found.rank) if found is not None else math.nan
    if isinstance(u, Level):
        found = sc._by_name.get(u.zh)
        return float(found.rank) if found is not None else math.nan
    if isinstance(u, (int, float, np.integer, np.floating)):
        x = float(u)
        return x if x.is_integer() and 1 <= x <= sc.k else math.nan
    return math.nan


def _first(values: pd.Series) -> Any:
    return _plainv(values.iloc[0]) if len(values) else None


def _plainv(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


@renamed(values="data")
@keyword_only("scale", "argument")
def to_ranks(data: pd.Series | pd.DataFrame, *, scale: Scale | str = "7-level",
             argument: str = "data") -> pd.Series | pd.DataFrame:
    """Ranks 1..k from level labels or integer codes.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Chinese level names (simplified or traditional characters), English
        names (case-insensitive), :class:`Level` objects, or whole-number
        codes 1..k (numbers or digit strings).  Blanks (``NaN``, ``None``,
        empty strings) are kept as ``NaN``.
    scale : Scale or str
    argument : str
        Name of the caller's argument, used in error messages.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        Float ranks (``NaN`` for blanks), same index and columns; a new
        object.

    Raises
    ------
    CsatInputError
        On an unknown label or an out-of-range code, naming row, column and
        value.

    Notes
    -----
    Each value ``u`` maps to the rank :math:`r \\in \\{1, \\dots, k\\}` of its
    level (1 = the least satisfied level, k = the most):

    - a whole number (or digit string) ``u`` with :math:`1 \\le u \\le k`
      gives :math:`r = u`;
    - a level name (Chinese, simplified or traditional; English,
      case-insensitive; surrounding spaces ignored) or a :class:`Level`
      gives that level's rank;
    - a blank (``NaN``, ``None``, ``""``) gives ``NaN``;
    - anything else (an unknown label, a fraction, a code outside
      :math:`1..k`, a boolean) raises :class:`CsatInputError`.

    Examples
    --------
    >>> to_ranks(pd.Series(["很满意", "Neutral", "satisfied", None, 2])).tolist()
    [7.0, 4.0, 6.0, nan, 2.0]
    >>> to_ranks(pd.Series(["great"], name="overall"))
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: unknown level label, 1 values (row 0, column 'overall', value 'great'). Fix: use one of 很不满意, 不满意, 不太满意, 一般, 较满意, 满意, 很满意 / Very dissatisfied, Dissatisfied, Somewhat dissatisfied, Neutral, Somewhat satisfied, Satisfied, Very satisfied or codes 1..7.
    """
    sc = get_scale(scale)
    if isinstance(data, pd.DataFrame):
        return pd.DataFrame(
            {c: _ranks_of_series(data[c], sc, argument) for c in data.columns},
            index=data.index,
            columns=data.columns,
        )
    if isinstance(data, pd.Series):
        return pd.Series(_ranks_of_series(data, sc, argument), index=data.index, name=data.name)
    raise CsatInputError(
        f"expected a pandas Series or DataFrame, got {type(data).__name__}",
        argument=argument, fix="wrap the answers in pd.Series(...)",
    )

