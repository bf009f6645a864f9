"""Check a read table against its config: bad cells, blank rows, duplicate ids.

Every cell of a configured column is checked.  A bad cell is reported with
the sheet, the row as the spreadsheet shows it, the column, the value and a
fix.  With ``on_invalid="error"`` (default) the first bad cell stops the run
(the message says how many others there are); with ``"exclude"`` every row
holding a bad cell is left out and each bad cell is listed in the cleaning
log.  Blank rows are always left out and listed, and so are rows that answer
nothing the config uses (a stray cell, or the second half of a row broken by
an unquoted line break).  Blank answers in an item are not errors: they stay
missing, are counted per column in the log, and each analysis says how many
respondents it left out because of them.

What else counts as a bad cell:

* a formula saved without its result (the reader could not see its value);
* a wave label that is not in the config's ``waves`` list, or, without that
  list, a label carried by at most :data:`WAVE_TYPO_SHARE` of the rows of
  the largest wave (a typo such as ``2062`` would otherwise become "the latest
  wave").

Text that spreadsheet programs write for "no value" (``NA``, ``N/A``,
``null``, ``None``, ``NaN``, ``#N/A``... :data:`BLANK_MARKERS`) is a blank
answer in an answer column (items, expectations, overall, NPS, importance)
and in the wave, period and cause columns, and is counted as such
(``Survey.blank_markers``); ids and comments keep it as written.

The config must not name a made-up column name (a blank or repeated header
cell, see :mod:`.reading`) nor a name the header has twice.

Answers are turned into ranks (1 = lowest level) with
:func:`csat_examples.scales.to_ranks` (labels in Chinese or English, or
1..k codes) or, for numbers on the ``sources`` / ``0-100`` scorings, by the
level scores of :func:`csat_examples.scales.score_of`.  Each distinct value of
a column is converted once, then mapped, so a million rows cost no more than
their few distinct answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import CsatInputError, Phrase
from .config import SurveyConfig, suggest
from .reading import Table, blank_rows

__all__ = ["Survey", "clean_table", "bad_cells_table", "LOG_COLUMNS", "ON_INVALID", "BLANK_MARKERS", "WAVE_TYPO_SHARE"]

ON_INVALID = ("error", "exclude")
#: Columns of the cleaning log.
LOG_COLUMNS = ["row", "column", "value", "problem", "fix", "action"]
#: Text read as a blank answer (pandas' list of missing-value markers), compared after stripping.
BLANK_MARKERS = frozenset({
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
})
#: Without a ``waves`` list, a wave label on at most this share of the largest wave's rows is a typo.
WAVE_TYPO_SHARE = 0.05


@dataclass(frozen=True)
class Survey:
    """A cleaned survey: the data the analyses use, the config, and what was left out.

    Attributes
    ----------
    data : pandas.DataFrame
        Rows kept (index = spreadsheet row).  Item, expectation and overall
        columns hold ranks 1..k (float, NaN = blank answer); ``nps`` and
        importance columns are numbers; wave, period, cause and text columns
        are strings ("" = blank).
    config : SurveyConfig
    log : pandas.DataFrame
        Cleaning log, columns ``row, column, value, problem, fix, action``:
        one line per excluded row (blank, no answers) or bad cell.
    source : str
    sheet : str or None
    encoding : str or None
    header_row : int
    rows_read : int
        Rows below the header in the file, blank ones included
        (``respondents + len(excluded_rows)``).
    missing : pandas.Series
        Blank answers per configured column (rows kept).
    ignored_columns : tuple of str
        Columns of the file the config does not use.
    blank_markers : pandas.DataFrame
        ``column, value, count``: text such as ``N/A`` read as a blank answer (rows kept).
    hidden_sheets : tuple of str
        Hidden sheets passed over to reach the sheet read (XLSX).
    blank_tail : int
        Blank rows after the data that were not read (a long run of them).
    not_applicable : pandas.DataFrame
        ``column, value, count``: answers declared not applicable in the
        config (``not_applicable``), read as a missing answer to that
        question only (rows kept).
    log_phrases : pandas.DataFrame or None
        The log's problem and fix as phrases (same rows), for :meth:`log_in`.
    """

    data: pd.DataFrame
    config: SurveyConfig
    log: pd.DataFrame
    source: str
    sheet: str | None
    encoding: str | None
    header_row: int
    rows_read: int
    missing: pd.Series
    ignored_columns: tuple[str, ...] = field(default_factory=tuple)
    blank_markers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["column", "value", "count"]))
    hidden_sheets: tuple[str, ...] = ()
    blank_tail: int = 0
    not_applicable: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["column", "value", "count"]))
    log_phrases: pd.DataFrame | None = None

    def log_in(self, lang: str) -> pd.DataFrame:
        """The cleaning log with its problem, fix and action worded in ``lang`` ("en", "zh", "zh-Hant").

        Examples
        --------
        >>> from csat_examples.survey import parse_config, table_from_frame
        >>> cfg = parse_config({"items": {"q1": "service"}})
        >>> s = clean_table(table_from_frame(pd.DataFrame({"q1": ["满意", "great"]})), cfg, on_invalid="exclude")
        >>> s.log_in("zh")[["problem", "action"]].values.tolist()
        [['不是 7-level 量表中的等级', '整行剔除']]
        """
        if lang == "en" or self.log_phrases is None or not len(self.log):
            return self.log
        from ..terms import label

        out = self.log.copy()
        out["problem"] = [p.text(lang) if isinstance(p, Phrase) else str(p) for p in self.log_phrases["problem"]]
        out["fix"] = [p.text(lang) if isinstance(p, Phrase) else str(p) for p in self.log_phrases["fix"]]
        excluded = label("err_log_row_excluded", lang)  # type: ignore[arg-type]
        out["action"] = [excluded if a == "row excluded" else a for a in self.log["action"]]
        return out

    @property
    def excluded_rows(self) -> list[int]:
        """Spreadsheet rows left out, sorted."""
        return sorted(set(self.log.loc[self.log["action"] == "row excluded", "row"].astype(int)))

    @property
    def respondents(self) -> int:
        """Rows kept."""
        return len(self.data)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    try:
        return float(str(value).strip())
    except (ValueError, OverflowError):
        return None


# A converter turns one distinct value into (number or None, problem, fix); problem and fix are phrases.
_Bad = tuple[Phrase, Phrase]


class _Levels:
    """Converts one answer to a rank, with the library doing the reading."""

    def __init__(self, config: SurveyConfig) -> None:
        from ..scales import get_scale, score_of

        self.config = config
        self.scale = get_scale(config.scale)
        self.k = len(self.scale.levels)
        self.by_score = {
            round(float(score_of(level, scale=self.scale, scoring=config.numbers)), 9): level.rank for level in self.scale.levels
        }
        self.names = [f"{lv.zh} / {lv.en}" for lv in self.scale.levels]
        self._read: dict[tuple[type, Any], tuple[float | None, Phrase | None, Phrase | None]] = {}

    def rank(self, value: Any) -> tuple[float | None, Phrase | None, Phrase | None]:
        """``(rank, problem, fix)``; rank None when the value is not on the scale.

        The item columns share their few answers: each is read once (by
        value and type, as ``True`` is no ``1``).

        Examples
        --------
        >>> from csat_examples.survey import parse_config
        >>> levels = _Levels(parse_config({"items": {"q1": "service"}}))
        >>> levels.rank(6)[0], levels.rank("满意")[0], levels.rank(True)[1] is None
        (6.0, 6.0, False)
        """
        key = (value.__class__, value)
        if key not in self._read:
            self._read[key] = self._rank(value)
        return self._read[key]

    def _rank(self, value: Any) -> tuple[float | None, Phrase | None, Phrase | None]:
        from ..scales import to_ranks

        if isinstance(value, str) and value.strip() in self.config.labels:  # the config's own labels first
            return float(self.config.labels[value.strip()]), None, None
        number = _number(value)
        k, names = self.k, self.names
        if number is not None:
            if self.config.answers == "labels":
                return None, Phrase("cell_number_not_label"), Phrase("cell_number_not_label_fix", names=names)
            if not math.isfinite(number):
                return None, Phrase("cell_not_finite"), Phrase("cell_not_finite_fix")
            if self.config.numbers == "likert":
                if number != int(number) or not 1 <= number <= k:
                    return None, Phrase("cell_outside_scale", k=k), Phrase("cell_outside_scale_fix", k=k)
                return float(to_ranks(pd.Series([int(number)]), scale=self.scale).iloc[0]), None, None
            rank = self.by_score.get(round(number, 9))
            if rank is None:
                return (None, Phrase("cell_not_level_score", scoring=self.config.numbers),
                        Phrase("cell_not_level_score_fix", scores=sorted(self.by_score)))
            return float(rank), None, None
        if self.config.answers == "numbers":
            return None, Phrase("cell_text_not_number"), Phrase("cell_text_not_number_fix", k=k)
        try:
            return float(to_ranks(pd.Series([str(value).strip()]), scale=self.scale).iloc[0]), None, None
        except CsatInputError:
            return (None, Phrase("cell_not_level", scale=self.config.scale),
                    Phrase("cell_not_level_fix", names=names, k=k))


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _check_columns(table: Table, config: SurveyConfig) -> None:
    present = [str(c) for c in table.data.columns]
    where = {"where": "config_for", "file": table.source}
    for col, key in config.columns().items():
        if col in table.renamed:  # a made-up name: the header has no such cell
            written = table.renamed[col]
            raise CsatInputError.from_terms(
                "config_made_up_column" if written else "config_unnamed_column", **where, column=col, value=col, name=col,
                key=key, written=written, position=_column_letter(present.index(col)))
        copies = [n for n, w in table.renamed.items() if w == col]
        if copies:
            positions = ", ".join(_column_letter(present.index(n)) for n in [col, *copies])
            raise CsatInputError.from_terms("config_repeated_header", **where, column=col, value=col, name=col, key=key,
                                            count=len(copies) + 1, positions=positions)
    missing = [(col, key) for col, key in config.columns().items() if col not in present]
    if missing:
        col, key = missing[0]
        more = Phrase("more_columns", count=len(missing) - 1, names=[c for c, _ in missing[1:]]) if len(missing) > 1 else ""
        raise CsatInputError.from_terms("config_column_missing", **where, column=col, value=col, key=key,
                                        more=more, suggestion=suggest(col, present), present=present)


#: A column of whole numbers from 0 up to below this is read by value, without hashing (:func:`_codes`).
_BY_VALUE_BELOW = 1 << 16


def _factorize(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, distinct values as objects)`` of a column, -1 for an empty cell (as :func:`pandas.factorize`).

    A text column is factorized as its array of objects: twice as fast as
    through pandas' text type, which first copies the column to mark its
    empty cells.
    """
    if isinstance(col.dtype, pd.StringDtype) or col.dtype == object:
        codes, uniques = pd.factorize(col.to_numpy(dtype=object), use_na_sentinel=True)
    else:  # numbers and dates keep their type (a date is named as pandas writes it)
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _codes(col: pd.Series) -> tuple[np.ndarray, list[tuple[int, Any]], bool]:
    """``(codes, [(code, value), ...], by first cell)``: the code of each cell (-1 for an empty cell), the
    value of each code, and whether the codes come in the order of their first cell.

    Every value of the column has a code.  A column of small whole numbers
    (answers on a scale, as a CSV without blanks reads) is its own codes:
    the code of a value is the value, and every whole number from the
    smallest value to the largest has one, whether or not a cell holds it.
    That takes two passes over the column, where :func:`_factorize` hashes
    every cell (and numbers the values in the order of their first cell).

    Examples
    --------
    >>> codes, values, by_first_cell = _codes(pd.Series([5, 3, 5]))
    >>> codes.tolist(), values, by_first_cell
    ([5, 3, 5], [(3, 3), (4, 4), (5, 5)], False)
    >>> codes, values, by_first_cell = _codes(pd.Series(["b", None, "a", "b"]))
    >>> codes.tolist(), values, by_first_cell
    ([0, -1, 1, 0], [(0, 'b'), (1, 'a')], True)
    """
    values = col.to_numpy() if isinstance(col.dtype, np.dtype) else None
    if values is not None and values.dtype.kind in "iu" and np.can_cast(values.dtype, np.intp) and len(values):
        low, high = int(values.min()), int(values.max())
        if 0 <= low and high < _BY_VALUE_BELOW:
            return values, [(v, v) for v in range(low, high + 1)], False
    codes, uniques = _factorize(col)
    return codes, list(enumerate(uniques)), True


def _convert(col: pd.Series, convert: Any, markers: bool,
             na: frozenset[str] = frozenset()) -> tuple[np.ndarray, dict[Any, _Bad], dict[str, int], dict[str, int]]:
    """Apply ``convert(value) -> (number | None, problem, fix)`` to each distinct value, then broadcast.

    Returns ``(numbers, bad, markers counted, not-applicable counted)``,
    ``numbers`` a float array (one per cell).
    Blank strings become NaN like empty cells, and so do :data:`BLANK_MARKERS`
    when ``markers`` (counted: marker -> cells) and the not-applicable codes
    ``na`` (counted apart, as they are an answer); values whose number is
    None are returned as ``bad`` (value -> (problem, fix)) and come out as NaN.
    Each is listed in the order of its first cell.

    Examples
    --------
    >>> col = pd.Series(["5", " 6", None, "N/A", "x", "5"])
    >>> numbers, bad, counted, _ = _convert(col, lambda v: (float(v), None, None) if str(v).strip().isdigit()
    ...                                     else (None, "not a number", "fix it"), markers=True)
    >>> numbers.tolist(), list(bad), counted
    ([5.0, 6.0, nan, nan, nan, 5.0], ['x'], {'N/A': 1})
    >>> numbers, bad, _, declared = _convert(pd.Series([9, 5, 0, 9]), lambda v: (float(v), None, None) if v < 7
    ...                                      else (None, "too high", "fix it"), markers=True, na=frozenset({"0", "9"}))
    >>> numbers.tolist(), list(bad), declared
    ([nan, 5.0, nan, nan], [], {'9': 2, '0': 1})
    """
    codes, values, by_first_cell = _codes(col)
    size = values[-1][0] + 1 if values else 0
    lookup = np.full(size + 1, np.nan)  # the last slot serves code -1 (empty cell)
    bad: dict[int, tuple[Any, _Bad]] = {}
    found: dict[int, str] = {}
    declared: dict[int, str] = {}
    for j, value in values:
        if isinstance(value, str) and not value.strip():
            continue
        if str(value).strip() in na:  # declared before the generic markers: "N/A" may be declared too
            declared[j] = str(value)
            continue
        if markers and isinstance(value, str) and value.strip() in BLANK_MARKERS:
            found[j] = value
            continue
        number, problem, fix = convert(value)
        if number is None:
            bad[j] = (value, (problem, fix))
        else:
            lookup[j] = number
    counted: dict[str, int] = {}
    not_applicable: dict[str, int] = {}
    if found or declared or bad:  # seldom: the cells of each are counted, and a code no cell has is dropped
        counts = np.bincount(codes[codes >= 0], minlength=size)
        bad = {j: b for j, b in bad.items() if counts[j]}
        found = {j: v for j, v in found.items() if counts[j]}
        declared = {j: v for j, v in declared.items() if counts[j]}
        if not by_first_cell:  # listed in the order of their first cell all the same
            present, first_cell = np.unique(codes, return_index=True)
            first = dict(zip(present.tolist(), first_cell.tolist()))
            bad = dict(sorted(bad.items(), key=lambda item: first[item[0]]))
            found = dict(sorted(found.items(), key=lambda item: first[item[0]]))
            declared = dict(sorted(declared.items(), key=lambda item: first[item[0]]))
        counted = {value: int(counts[j]) for j, value in found.items()}
        not_applicable = {value: int(counts[j]) for j, value in declared.items()}
    return lookup[codes], dict(bad.values()), counted, not_applicable


def _number_converter(low: float, high: float, integer: bool, what: Phrase) -> Any:
    def convert(value: Any) -> tuple[float | None, Phrase | None, Phrase | None]:
        number = _number(value)
        if number is None or not math.isfinite(number):
            return None, Phrase("cell_not_a_number", what=what), Phrase("cell_number_fix", low=low, high=high)
        if not low <= number <= high or (integer and number != int(number)):
            kind = Phrase("a_whole_number" if integer else "a_number")
            return None, Phrase("cell_outside", low=low, high=high, what=what), Phrase("cell_outside_fix", kind=kind, low=low, high=high)
        return number, None, None

    return convert


def _as_text(col: pd.Series, markers: bool = False,
             labels: bool = False) -> tuple[pd.Series, dict[str, int], dict[str, int]]:
    """``(text, markers counted, labels counted)``: stripped text, "" for blanks (and markers if asked, counted).

    Each distinct value is converted once.  With ``labels``, the cells of
    each non-blank text are counted too, most frequent first (ties in the
    order of their first cell), as ``text.value_counts()`` lists them; from
    the distinct values, where counting the text would hash every cell again.

    Examples
    --------
    >>> text, counted, labels = _as_text(pd.Series([" a", "N/A", "b", "a", None]), markers=True, labels=True)
    >>> text.tolist(), counted, labels
    (['a', '', 'b', 'a', ''], {'N/A': 1}, {'a': 2, 'b': 1})
    """
    codes, uniques = _factorize(col)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    counted: dict[str, int] = {}
    tally: dict[str, int] = {}
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)) if markers or labels else None
    if markers:
        hits = [j for j, text in enumerate(cleaned[:-1]) if text in BLANK_MARKERS]
        if hits:
            counted = {str(uniques[j]): int(counts[j]) for j in hits}
            cleaned[hits] = ""
    if labels:  # codes come in the order of their first cell; values alike once stripped are one label
        for text, n in zip(cleaned[:-1], counts.tolist()):
            if text:
                tally[text] = tally.get(text, 0) + n
        tally = dict(sorted(tally.items(), key=lambda item: -item[1]))  # a stable sort
    # taken from the distinct values already typed as text: no look at each of the cells for their type
    return pd.Series(pd.array(cleaned, dtype="str").take(codes), index=col.index, name=col.name), counted, tally


def _ids_as_text(col: pd.Series) -> pd.Series:
    """Stripped respondent ids, "" for blanks: as :func:`_as_text`, in one pass, as ids are mostly distinct
    (finding the distinct values first would cost more than it saves)."""
    try:  # text as read from a CSV, no blank id: the fast way, without a copy of the column
        text = np.fromiter(map(str.strip, col.to_numpy(dtype=object)), dtype=object, count=len(col))
    except TypeError:  # blank ids (NaN), ids written as numbers (or dates)
        values = col.to_numpy(dtype=object, copy=True)
        values[col.isna().to_numpy()] = ""
        try:
            text = np.fromiter(map(str.strip, values), dtype=object, count=len(values))
        except TypeError:
            text = np.array([str(v).strip() for v in values], dtype=object)
    return pd.Series(text, index=col.index, name=col.name, dtype="str")


def _wave_cells(waves: pd.Series, counts: dict[str, int], config: SurveyConfig) -> list[dict[str, Any]]:
    """Bad cells of the wave column: labels outside ``waves``, or (without it) rare labels taken for typos.

    ``counts`` are the cells of each wave label (a blank wave is no label), most frequent first.
    """
    if config.waves is not None:
        wrong = [w for w in counts if w not in config.waves]
        problem = {w: (Phrase("cell_wave_not_listed"), Phrase("cell_wave_not_listed_fix", waves=list(config.waves)))
                   for w in wrong}
    else:
        largest, most = next(iter(counts.items()), (None, 0))
        wrong = [w for w, n in counts.items() if n <= WAVE_TYPO_SHARE * most]
        problem = {w: (Phrase("cell_wave_rare", n=counts[w], largest=largest, m=most), Phrase("cell_wave_rare_fix"))
                   for w in wrong}
    hit = waves[waves.isin(wrong)] if wrong else waves.iloc[:0]
    return [{"row": int(r), "column": config.wave, "value": v, "problem": problem[v][0], "fix": problem[v][1]}
            for r, v in hit.items()]


#: Bad cells listed in an error message after the first (the file of bad cells lists them all).
CELLS_IN_MESSAGE = 20
#: This many bad cells in one column point to the config, not the data: the message says so...
CONFIG_SUSPECT_CELLS = 50
#: ...and so does a column where more than this share of the filled cells is bad (at least 3 of them).
CONFIG_SUSPECT_SHARE = 0.5


def _config_suggestion(values: pd.Series, config: SurveyConfig) -> Phrase:
    """The config change that would make a column's bad values good (one phrase).

    Text where numbers are configured: ``answers: labels``; other text: a
    ``labels`` map of these very values (or ``not_applicable``); whole
    numbers beyond the scale: the scale they fit (7 levels, 0-10 = a
    recommend question, 0-100 scoring).
    """
    numbers = pd.to_numeric(values.astype(str).str.strip(), errors="coerce")
    if numbers.isna().mean() > 0.5:  # mostly text
        distinct = values.astype(str).str.strip().value_counts().index[:6]
        if config.answers == "numbers":
            return Phrase("bad_cells_config_answers")
        example = "{" + ", ".join(f"{v}: ?" for v in distinct) + "}"
        return Phrase("bad_cells_config_labels", example=example, k=config.levels)
    finite = numbers.dropna()
    whole = bool((finite == finite.round()).all())
    low, high = float(finite.min()), float(finite.max())
    if whole and low >= 1 and high <= 7 and config.levels < 7:
        return Phrase("bad_cells_config_levels", high=int(high))
    if whole and low >= 0 and high <= 10:
        return Phrase("bad_cells_config_nps")
    if low >= 0 and high <= 100:
        return Phrase("bad_cells_config_hundred")
    return Phrase("bad_cells_config_numbers")


def _more_cells(cells: list[dict[str, Any]], filled: dict[str, int], config: SurveyConfig) -> Phrase:
    """"; N more bad cells: row .., column .., value ..; ..." for the cells after the first.

    When one answer column (item, expectation, overall) holds many of them
    (:data:`CONFIG_SUSPECT_CELLS`, or more than :data:`CONFIG_SUSPECT_SHARE`
    of its filled cells), the message adds that the config is the likely
    culprit, and what to change (:func:`_config_suggestion`).
    """
    rest = cells[1:]
    listed = [Phrase("bad_cell_short", row=c["row"], column=c["column"], value=c["value"]) for c in rest[:CELLS_IN_MESSAGE]]
    tail = Phrase("bad_cells_rest", count=len(rest) - CELLS_IN_MESSAGE) if len(rest) > CELLS_IN_MESSAGE else ""
    config_note: Phrase | str = ""
    by_column = pd.Series([c["column"] for c in cells]).value_counts()
    # answer columns only: many duplicate ids or wave typos are the data's, and need no scale change
    levels = set(config.item_columns) | set(config.expectations.values()) | {config.overall}
    suspect = [str(c) for c, n in by_column.items() if c in levels and
               (n >= CONFIG_SUSPECT_CELLS or (n >= 3 and n > CONFIG_SUSPECT_SHARE * filled.get(str(c), 0)))]
    if suspect:
        column = suspect[0]
        values = pd.Series([c["value"] for c in cells if c["column"] == column])
        distinct = values.astype(str).value_counts()
        config_note = Phrase("bad_cells_config", count=int(by_column[column]), column=column, distinct=len(distinct),
                             filled=filled.get(column, 0), examples=", ".join(f"'{v}'" for v in distinct.index[:5]),
                             suggestion=_config_suggestion(values, config))
    return Phrase("bad_cells_more", count=len(rest), cells=_Joined(listed), rest=tail, config=config_note)


class _Joined(Phrase):
    """Phrases joined with "; " in the language they are shown in."""

    def __init__(self, parts: list[Phrase]) -> None:
        super().__init__("joined", parts=tuple(parts))
        self.parts = parts

    def text(self, lang: str = "en") -> str:
        return ("; " if lang == "en" else "；").join(p.text(lang) for p in self.parts)

    def __str__(self) -> str:
        return self.text()


def bad_cells_table(cells: list[dict[str, Any]], lang: str = "en") -> pd.DataFrame:
    """The bad cells of :attr:`CsatInputError.cells <csat_examples.errors.CsatInputError>` as a table in ``lang``.

    Columns (headed in ``lang``): the row as the spreadsheet shows it, the
    column, the value as written, the problem and the fix.

    Examples
    --------
    >>> cells = [{"row": 5, "column": "q1", "value": 9, "problem": Phrase("cell_outside_scale", k=7),
    ...           "fix": Phrase("cell_outside_scale_fix", k=7)}]
    >>> bad_cells_table(cells, "zh").values.tolist()[0]
    [5, 'q1', '9', '分数超出量表范围 1..7', '改为 1..7 的整数；未作答则留空']
    >>> list(bad_cells_table(cells).columns)
    ['Row', 'Column', 'Value', 'Problem', 'How to fix']
    """
    from ..terms import label

    keys = ("row", "column", "value", "problem", "fix")
    heads = [label(f"report_col_{k}", lang) for k in keys]  # type: ignore[arg-type]
    rows = [[int(c["row"]), str(c["column"]), "" if c["value"] is None else str(c["value"]),
             c["problem"].text(lang) if isinstance(c["problem"], Phrase) else str(c["problem"]),
             c["fix"].text(lang) if isinstance(c["fix"], Phrase) else str(c["fix"])] for c in cells]
    return pd.DataFrame(rows, columns=heads)


def clean_table(table: Table, config: SurveyConfig, *, on_invalid: Literal["error", "exclude"] = "error") -> Survey:
    """Check ``table`` against ``config`` and return the :class:`Survey`.

    Raises
    ------
    CsatInputError
        A column the config names is not in the file, or is a made-up or
        repeated header name (always); a bad cell when
        ``on_invalid="error"``; no usable row left.

    Examples
    --------
    >>> from csat_examples.survey import parse_config, table_from_frame
    >>> cfg = parse_config({"respondent_id": "id", "items": {"q1": "service"}})
    >>> t = table_from_frame(pd.DataFrame({"id": ["A", "B"], "q1": ["满意", "一般"]}))
    >>> clean_table(t, cfg).data["q1"].tolist()
    [6.0, 4.0]
    >>> bad = table_from_frame(pd.DataFrame({"id": ["A", "B"], "q1": ["满意", "great"]}))
    >>> s = clean_table(bad, cfg, on_invalid="exclude")
    >>> s.data["id"].tolist(), s.log["row"].tolist()
    (['A'], [3])
    >>> cfg2 = parse_config({"items": {"q1": "service", "q2": "service"}})
    >>> s = clean_table(table_from_frame(pd.DataFrame({"q1": ["满意", "N/A"], "q2": [5, 6]})), cfg2)
    >>> s.data["q1"].tolist(), s.blank_markers.values.tolist()
    ([6.0, nan], [['q1', 'N/A', 1]])
    """
    if on_invalid not in ON_INVALID:
        raise CsatInputError.from_terms("unknown_policy", argument="on_invalid", value=on_invalid, allowed=repr(ON_INVALID))
    _check_columns(table, config)
    raw = table.data
    blank = blank_rows(raw)
    raw_kept = raw.loc[~blank] if blank.any() else raw  # no copy of a large table without blank rows
    levels = _Levels(config)
    problems: list[tuple[str, pd.Series, dict[Any, _Bad]]] = []
    markers: list[tuple[str, str, int]] = []
    declared: list[tuple[str, str, int]] = []
    na = config.not_applicable_in

    # the answer columns, each with what turns its distinct values into numbers
    level_columns = config.item_columns + list(config.expectations.values()) + ([config.overall] if config.overall else [])
    converters: dict[str, Any] = {column: levels.rank for column in level_columns}
    if config.nps:
        converters[config.nps] = _number_converter(0, 10, True, Phrase("what_nps"))
    for dim, column in config.importance.items():
        converters[column] = _number_converter(0, 100, False, Phrase("what_importance", dimension=dim))
    answers: list[np.ndarray] = []
    for column, convert in converters.items():
        numbers, bad, counted, not_applicable = _convert(raw_kept[column], convert, markers=True, na=na(column))
        answers.append(numbers)
        if bad:
            problems.append((column, raw_kept[column], bad))
        markers.extend((column, value, n) for value, n in counted.items())
        declared.extend((column, value, n) for value, n in not_applicable.items())
    out: dict[str, pd.Series] = {}  # the text columns
    waves: dict[str, int] = {}  # cells of each wave label
    for column in [config.wave, config.period]:
        if column:
            out[column], counted, labels = _as_text(raw_kept[column], markers=True, labels=column == config.wave)
            markers.extend((column, value, n) for value, n in counted.items())
            if column == config.wave:
                waves = labels
    if config.cause:  # a declared code such as 无 is "no complaint", counted as a declared answer
        out[config.cause], counted, _ = _as_text(raw_kept[config.cause], markers=True)
        markers.extend((config.cause, value, n) for value, n in counted.items())
        codes = na(config.cause)
        if codes:
            hit = raw_kept[config.cause].astype(str).str.strip()
            declared.extend((config.cause, c, int((hit == c).sum())) for c in sorted(codes) if (hit == c).any())
            out[config.cause] = out[config.cause].where(~hit.isin(codes), "")
    for column in config.by:  # a blank segment stays "" (shown as its own segment, never dropped)
        out[column], counted, _ = _as_text(raw_kept[column], markers=True)
        markers.extend((column, value, n) for value, n in counted.items())
    for column in config.text:
        out[column], _, _ = _as_text(raw_kept[column])

    # every bad cell, in spreadsheet order
    cells: list[dict[str, Any]] = []
    for column, values, bad in problems:
        hit = values[values.isin(list(bad))]
        for row, value in hit.items():
            problem, fix = bad[value]
            cells.append({"row": int(row), "column": column, "value": value, "problem": problem, "fix": fix})
    used = set(config.columns())
    for row, column, formula in table.unread:
        if column in used and row in raw_kept.index:
            cells.append({"row": int(row), "column": column, "value": formula,
                          "problem": Phrase("cell_formula_without_value"), "fix": Phrase("cell_formula_without_value_fix")})
    if config.respondent_id:
        ids = _ids_as_text(raw_kept[config.respondent_id])
        out[config.respondent_id] = ids
        text = ids.to_numpy()
        no_id = text == ""
        for row in ids.index[no_id]:
            cells.append({"row": int(row), "column": config.respondent_id, "value": "",
                          "problem": Phrase("cell_blank_id"), "fix": Phrase("cell_blank_id_fix")})
        # ids in increasing order, as files often list them, are distinct: one pass of comparisons, no hashing
        increasing = bool((text[1:] > text[:-1]).all())
        repeated = np.zeros(len(ids), dtype=bool) if increasing else ids.duplicated(keep="first").to_numpy() & ~no_id
        if repeated.any():  # (a blank id is never a repeat)
            filled = ids[~no_id]
            first = filled[~filled.duplicated(keep="first")]
            first_row = pd.Series(first.index, index=first.values)
            for row, value in ids[repeated].items():
                cells.append({"row": int(row), "column": config.respondent_id, "value": value,
                              "problem": Phrase("cell_duplicate_id", first=int(first_row[value])),
                              "fix": Phrase("cell_duplicate_id_fix")})
    if config.wave:
        cells += _wave_cells(out[config.wave], waves, config)
    cells.sort(key=lambda c: (c["row"], c["column"]))
    where: dict[str, Any] = (
        {"where": "sheet", "file": table.source, "sheet": table.sheet} if table.sheet
        else {"where": "file", "file": table.source}
    )
    if cells and on_invalid == "error":
        first = cells[0]
        filled = {c: int(raw_kept[c].notna().sum()) for c in dict.fromkeys(str(cell["column"]) for cell in cells)}
        more = _more_cells(cells, filled, config) if len(cells) > 1 else ""
        error = CsatInputError.from_terms("bad_cell", **where, row=first["row"], column=first["column"],
                                          value=first["value"], problem=first["problem"], more=more, fix=first["fix"])
        error.cells = [{k: c[k] for k in ("row", "column", "value", "problem", "fix")} for c in cells]
        raise error
    bad_rows = {c["row"] for c in cells}
    # rows that answer nothing the config uses (an id alone): a stray cell or half of a broken line
    text_answers = [c for c in out if c != config.respondent_id and c != config.wave and c != config.period
                    and c not in config.by]
    unanswered = np.full(len(raw_kept), bool(len(converters) or text_answers))
    for numbers in answers:
        if not unanswered.any():  # usually after the first column: the rest need no look
            break
        unanswered &= np.isnan(numbers)
    for column in text_answers:
        rows = np.flatnonzero(unanswered)
        unanswered[rows] = out[column].to_numpy()[rows] == ""
    empty_rows = [int(r) for r in raw_kept.index[unanswered] if int(r) not in bad_rows]
    # problem and fix stay phrases until the log is built, so a report can word them in its language
    log_rows: list[dict[str, Any]] = [
        {"row": int(r), "column": "", "value": "", "problem": Phrase("log_blank_row"), "fix": "", "action": "row excluded"}
        for r in raw.index[blank]
    ]
    filled_text = raw_kept.loc[empty_rows]
    for r in empty_rows:
        values = filled_text.loc[r].dropna()
        log_rows.append({"row": r, "column": str(values.index[0]) if len(values) else "", "value": values.iloc[0] if len(values) else "",
                         "problem": Phrase("log_no_answers"), "fix": Phrase("log_no_answers_fix"),
                         "action": "row excluded"})
    log_rows += [{**c, "action": "row excluded"} for c in cells]
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    if len(log):
        log = log.sort_values(["row", "column"], kind="stable", ignore_index=True)
        log["value"] = log["value"].map(lambda v: "" if v is None else str(v))
    log_phrases = log[["problem", "fix"]].copy()
    log["problem"] = log["problem"].map(str)
    log["fix"] = log["fix"].map(str)
    # The answers are stacked into one block (a copy): writing them into one 2-D block to begin with saves
    # 0.1 s at a million rows, yet the analysis then runs 1 s slower, as it gets fresh memory from the
    # system (page faults) where it would reuse that of the separate columns.  The text is not copied
    # (made here for this frame; pandas copies on write anyway).
    data = pd.concat([pd.DataFrame(dict(zip(converters, answers)), index=raw_kept.index),
                      pd.DataFrame(out, index=raw_kept.index, copy=False)], axis=1)
    dropped = bad_rows | set(empty_rows)
    if dropped:
        data = data.drop(index=list(dropped))
    if data.empty:
        raise CsatInputError.from_terms("no_rows_left", **where, value=f"{len(raw)} rows read")
    analysed = config.item_columns + list(config.expectations.values()) + [c for c in (config.overall, config.nps) if c]
    # the answer columns come first, as one block: their blanks are counted in one pass over a view of it
    blanks = data.iloc[:, : len(converters)].isna().sum()
    missing = blanks[list(dict.fromkeys(analysed))]
    roles = config.columns()
    for column, count in blanks.items():
        if count == len(data):  # a configured question nobody answered: a wrong column, or a dead key
            raise CsatInputError.from_terms("column_no_answers", **where, column=column, key=roles[column],
                                            value=f"{len(data)} respondents")
    ignored = tuple(str(c) for c in raw.columns if str(c) not in used)
    blank_markers = pd.DataFrame(markers, columns=["column", "value", "count"])
    not_applicable = pd.DataFrame(declared, columns=["column", "value", "count"])
    if len(data) < len(raw_kept):  # count only the rows kept, as the blank answers are
        if len(blank_markers):
            blank_markers = _markers_in(raw_kept.loc[data.index], blank_markers)
        if len(not_applicable):
            not_applicable = _markers_in(raw_kept.loc[data.index], not_applicable)
    return Survey(
        data=data,
        config=config,
        log=log,
        source=table.source,
        sheet=table.sheet,
        encoding=table.encoding,
        header_row=table.header_row,
        rows_read=len(raw),
        missing=missing,
        ignored_columns=ignored,
        blank_markers=blank_markers,
        hidden_sheets=table.hidden_sheets,
        blank_tail=table.blank_tail,
        not_applicable=not_applicable,
        log_phrases=log_phrases,
    )


def _markers_in(rows: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """Recount the markers of ``found`` (column, value) in ``rows``."""
    counts = [int((rows[c].astype(str).str.strip() == v.strip()).sum()) for c, v in zip(found["column"], found["value"])]
    out = found.assign(count=counts)
    return out[out["count"] > 0].reset_index(drop=True)
