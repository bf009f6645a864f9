"""Check a read table against its config: bad cells, blank rows, duplicate ids.

Every cell of a configured column is checked.  A bad cell is reported with
the sheet, the row as the spreadsheet shows it, the column, the value and a
fix.  With ``on_invalid="error"`` (default) the first bad cell stops the run
(the message says how many others there are); with ``"exclude"`` every row
holding a bad cell is left out and each bad cell is listed in the cleaning
log.  Blank rows are always left out and listed.  Blank answers in an item
are not errors: they stay missing, are counted per column in the log, and each
analysis says how many respondents it left out because of them.

Answers are turned into ranks (1 = lowest level) with
:func:`csat_examples.scales.to_ranks` (labels in Chinese or English, or
1..k codes) or, for numbers on the ``sources`` / ``0-100`` scorings, by the
level scores of :func:`csat_examples.scales.score_of`.  Each distinct value of
a column is converted once, then mapped, so a million rows cost no more than
their few distinct answers.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from .config import SurveyConfig
from .reading import Table

__all__ = ["Survey", "clean_table", "LOG_COLUMNS", "ON_INVALID"]

ON_INVALID = ("error", "exclude")
#: Columns of the cleaning log.
LOG_COLUMNS = ["row", "column", "value", "problem", "fix", "action"]


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
        one line per excluded row (blank) or bad cell.
    source : str
    sheet : str or None
    encoding : str or None
    header_row : int
    rows_read : int
        Rows below the header in the file, blank ones included.
    missing : pandas.Series
        Blank answers per configured column (rows kept).
    ignored_columns : tuple of str
        Columns of the file the config does not use.
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
    except ValueError:
        return None


class _Levels:
    """Converts one answer to a rank, with the library doing the reading."""

    def __init__(self, config: SurveyConfig) -> None:
        from ..scales import get_scale, score_of

        self.config = config
        self.scale = get_scale(config.scale)
        self.k = len(self.scale.levels)
        self.by_score = {
            round(float(score_of(level, self.scale, config.numbers)), 9): level.rank for level in self.scale.levels
        }
        self.names = [f"{lv.zh} / {lv.en}" for lv in self.scale.levels]

    def rank(self, value: Any) -> tuple[float | None, str, str]:
        """``(rank, problem, fix)``; rank None when the value is not on the scale."""
        from ..scales import to_ranks

        number = _number(value)
        scores = sorted(self.by_score)
        if number is not None:
            if self.config.answers == "labels":
                return None, "a number where a level label was expected", f"write one of {self.names}, or set 'scale: answers: numbers'"
            if not math.isfinite(number):
                return None, "not a finite number", "recode the answer or leave it blank"
            if self.config.numbers == "likert":
                if number != int(number) or not 1 <= number <= self.k:
                    return None, f"score outside the scale 1..{self.k}", f"recode it to a whole number 1..{self.k}, or leave it blank if unanswered"
                return float(to_ranks(pd.Series([int(number)]), self.scale).iloc[0]), "", ""
            rank = self.by_score.get(round(number, 9))
            if rank is None:
                return None, f"not a level score of the {self.config.numbers} scoring", f"use one of {scores}, or leave it blank"
            return float(rank), "", ""
        if self.config.answers == "numbers":
            return None, "text where a number was expected", f"write a score 1..{self.k} or set 'scale: answers: labels'"
        try:
            return float(to_ranks(pd.Series([str(value).strip()]), self.scale).iloc[0]), "", ""
        except CsatInputError:
            return None, f"not a level of the {self.config.scale} scale", f"use one of {self.names} (or its code 1..{self.k})"


def _suggest(name: str, columns: list[str]) -> str:
    close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


def _check_columns(table: Table, config: SurveyConfig) -> None:
    present = [str(c) for c in table.data.columns]
    missing = [(col, key) for col, key in config.columns().items() if col not in present]
    if missing:
        col, key = missing[0]
        more = f" ({len(missing) - 1} more: {[c for c, _ in missing[1:]]})" if len(missing) > 1 else ""
        raise CsatInputError(
            f"the config names a column the file does not have (config key {key!r}){more}",
            argument=f"config for {table.source!r}",
            column=col,
            value=col,
            fix=f"{_suggest(col, present)}rename it in the config to one of the file's columns {present}",
        )


def _check_weights(config: SurveyConfig) -> None:
    """The weight tree's leaves (or the flat weights' keys) must be exactly the items."""
    weights = config.weights
    if weights is None or weights == "importance":
        return
    leaves: list[str] = []

    def walk(node: Any) -> None:
        for name, spec in node.items():
            if isinstance(spec, dict) and "children" in spec:
                walk(spec["children"])
            else:
                leaves.append(str(name))

    walk(weights)
    items = config.item_columns
    extra = [x for x in leaves if x not in items]
    absent = [x for x in items if x not in leaves]
    if extra or absent:
        raise CsatInputError(
            "the weights do not match the items",
            argument="config key 'weights'",
            value={"not items": extra, "items without weight": absent},
            fix="give every item column exactly one weight (a leaf of the tree) and no other names",
        )


def _convert(col: pd.Series, convert: Any) -> tuple[pd.Series, dict[Any, tuple[str, str]]]:
    """Apply ``convert(value) -> (number | None, problem, fix)`` to each distinct value, then broadcast.

    Blank strings become NaN like empty cells; values whose number is None are
    returned as ``bad`` (value -> (problem, fix)) and come out as NaN.
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    lookup = np.full(len(uniques) + 1, np.nan)  # the last slot serves code -1 (empty cell)
    bad: dict[Any, tuple[str, str]] = {}
    for j, value in enumerate(np.asarray(uniques, dtype=object)):
        if isinstance(value, str) and not value.strip():
            continue
        number, problem, fix = convert(value)
        if number is None:
            bad[value] = (problem, fix)
        else:
            lookup[j] = number
    return pd.Series(lookup[codes], index=col.index, name=col.name), bad


def _convert_levels(col: pd.Series, levels: _Levels) -> tuple[pd.Series, dict[Any, tuple[str, str]]]:
    return _convert(col, levels.rank)


def _convert_number(col: pd.Series, low: float, high: float, integer: bool, what: str) -> tuple[pd.Series, dict[Any, tuple[str, str]]]:
    kind = "a whole number" if integer else "a number"

    def convert(value: Any) -> tuple[float | None, str, str]:
        number = _number(value)
        if number is None or not math.isfinite(number):
            return None, f"not a number ({what})", f"write a number {low:g}..{high:g} or leave it blank"
        if not low <= number <= high or (integer and number != int(number)):
            return None, f"outside {low:g}..{high:g} ({what})", f"write {kind} {low:g}..{high:g} or leave it blank"
        return number, "", ""

    return _convert(col, convert)


def _as_text(col: pd.Series) -> pd.Series:
    """Stripped text, "" for blanks; each distinct value is converted once."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    cleaned = np.array([str(u).strip() for u in np.asarray(uniques, dtype=object)] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=col.index, name=col.name)


def clean_table(table: Table, config: SurveyConfig, *, on_invalid: Literal["error", "exclude"] = "error") -> Survey:
    """Check ``table`` against ``config`` and return the :class:`Survey`.

    Raises
    ------
    CsatInputError
        A column or weight the config names is not in the file (always); a
        bad cell when ``on_invalid="error"``; no usable row left.

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
    """
    if on_invalid not in ON_INVALID:
        raise CsatInputError("unknown policy", argument="on_invalid", value=on_invalid, fix=f"use one of {ON_INVALID}")
    _check_columns(table, config)
    _check_weights(config)
    raw = table.data
    blank = raw.isna().all(axis=1)
    raw_kept = raw.loc[~blank]
    levels = _Levels(config)
    out: dict[str, pd.Series] = {}
    problems: list[tuple[str, pd.Series, dict[Any, tuple[str, str]]]] = []

    def add(column: str, converted: pd.Series, bad: dict[Any, tuple[str, str]]) -> None:
        out[column] = converted
        if bad:
            problems.append((column, raw_kept[column], bad))

    level_columns = config.item_columns + list(config.expectations.values()) + ([config.overall] if config.overall else [])
    for column in dict.fromkeys(level_columns):
        add(column, *_convert_levels(raw_kept[column], levels))
    if config.nps:
        add(config.nps, *_convert_number(raw_kept[config.nps], 0, 10, True, "likelihood to recommend, 0..10"))
    for dim, column in config.importance.items():
        add(column, *_convert_number(raw_kept[column], 0, 100, False, f"importance of {dim}, points of 100"))
    for column in [config.wave, config.period, config.cause, *config.text]:
        if column:
            out[column] = _as_text(raw_kept[column])

    # every bad cell, in spreadsheet order
    cells: list[dict[str, Any]] = []
    for column, values, bad in problems:
        hit = values[values.isin(list(bad))]
        for row, value in hit.items():
            problem, fix = bad[value]
            cells.append({"row": int(row), "column": column, "value": value, "problem": problem, "fix": fix})
    if config.respondent_id:
        ids = _as_text(raw_kept[config.respondent_id])
        out[config.respondent_id] = ids
        for row in ids.index[ids == ""]:
            cells.append({"row": int(row), "column": config.respondent_id, "value": "", "problem": "blank respondent id",
                          "fix": "give every respondent an id, or delete the row"})
        filled = ids[ids != ""]
        dup = filled[filled.duplicated(keep="first")]
        if len(dup):
            first = filled[~filled.duplicated(keep="first")]
            first_row = pd.Series(first.index, index=first.values)
            for row, value in dup.items():
                cells.append({"row": int(row), "column": config.respondent_id, "value": value,
                              "problem": f"duplicate respondent id (first on row {int(first_row[value])})",
                              "fix": "give each respondent a unique id, or delete the repeated answer"})
    cells.sort(key=lambda c: (c["row"], c["column"]))
    where = f"file {table.source!r}" + (f", sheet {table.sheet!r}" if table.sheet else "")
    if cells and on_invalid == "error":
        first = cells[0]
        more = f"; {len(cells) - 1} more bad cells" if len(cells) > 1 else ""
        raise CsatInputError(
            first["problem"] + more,
            argument=where,
            row=first["row"],
            column=first["column"],
            value=first["value"],
            fix=first["fix"] + "; or run with --on-invalid=exclude to leave such rows out and list them in the cleaning log",
        )
    log_rows = [
        {"row": int(r), "column": "", "value": "", "problem": "blank row", "fix": "", "action": "row excluded"}
        for r in raw.index[blank]
    ]
    log_rows += [{**c, "action": "row excluded"} for c in cells]
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    if len(log):
        log = log.sort_values(["row", "column"], kind="stable", ignore_index=True)
        log["value"] = log["value"].map(lambda v: "" if v is None else str(v))
    data = pd.DataFrame(out, index=raw_kept.index)
    bad_rows = {c["row"] for c in cells}
    if bad_rows:
        data = data.drop(index=list(bad_rows))
    if data.empty:
        raise CsatInputError(
            "no row is left to analyse after leaving out blank and bad rows",
            argument=where,
            value=f"{len(raw)} rows read",
            fix="check the cleaning log and the config's scale",
        )
    analysed = config.item_columns + list(config.expectations.values()) + [c for c in (config.overall, config.nps) if c]
    missing = data[list(dict.fromkeys(analysed))].isna().sum()
    used = set(config.columns())
    ignored = tuple(str(c) for c in raw.columns if str(c) not in used)
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
    )
