"""Draft a commented YAML config from a survey file's header row and first answers.

The draft is a starting point to edit, never a final answer: each guess is
marked with a comment saying what it is based on.  Guesses:

* an item is a column whose answers are all whole numbers 1..7 or level
  labels (Chinese or English); the scale is 5-level when no answer exceeds 5
  and no 7-level-only label appears, else 7-level;
* a column named ``e_<x>`` is the expectation of item ``p_<x>``;
* dimension = the merged group heading above the column (XLSX), else the
  column name without its ``p_`` prefix and trailing digits, else ``general``;
* id, NPS, wave, period, complaint cause, importance and free-text columns are
  recognised by name (English or Chinese words, listed in ``_NAME_HINTS``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .cleaning import BLANK_MARKERS
from .reading import Table, read_table

__all__ = ["draft_config", "init_config"]

_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent", "id", "编号", "序号", "问卷号"),
    "nps": ("nps", "recommend", "推荐"),
    "wave": ("wave", "year", "年度", "批次", "期"),
    "period": ("month", "period", "date", "月份", "日期", "月"),
    "cause": ("cause", "complaint", "投诉", "原因"),
    "overall": ("overall", "总体", "整体", "总体满意"),
    "text": ("comment", "remark", "note", "意见", "建议", "备注", "留言"),
}
_SAMPLE = 2000


def _matches(column: str, hints: tuple[str, ...]) -> bool:
    name = column.lower()
    return any(h == name or (len(h) > 2 and h in name) or (not h.isascii() and h in name) for h in hints)


def _level_kind(values: pd.Series) -> tuple[str, int] | None:
    """``("numbers"|"labels", max level seen)`` if every answer is on a scale, else None."""
    from ..errors import CsatInputError
    from ..scales import to_ranks

    answers = values.dropna()
    text = answers.astype(str).str.strip()
    answers = answers[(text != "") & ~text.isin(BLANK_MARKERS)]  # "N/A" is a blank answer, not a kind
    if answers.empty:
        return None
    numbers = pd.to_numeric(answers, errors="coerce")
    if numbers.notna().all():
        if ((numbers % 1) == 0).all() and numbers.between(1, 7).all():
            return "numbers", int(numbers.max())
        return None
    if numbers.notna().any():
        return None
    try:
        ranks = to_ranks(pd.Series(pd.unique(answers.astype(str).str.strip())), "7-level")
    except CsatInputError:
        return None
    five_names = {"很不满意", "不满意", "一般", "满意", "很满意", "very dissatisfied", "dissatisfied",
                  "neutral", "satisfied", "very satisfied"}
    only_five = set(answers.astype(str).str.strip().str.lower()) <= five_names
    return "labels", 5 if only_five else int(ranks.max())


def _dimension(column: str, groups: dict[str, str]) -> tuple[str, str]:
    if column in groups:
        return groups[column], "merged heading above the column"
    stem = re.sub(r"\d+$", "", re.sub(r"^[pP]_", "", column)).strip("_ ")
    if stem and stem != column:
        return stem, "column name without prefix/digits"
    return "general", "no hint: replace with the item's dimension"


def draft_config(table: Table) -> str:
    """YAML text of a commented starting config for ``table``.

    Examples
    --------
    >>> from csat_examples.survey.reading import table_from_frame
    >>> t = table_from_frame(pd.DataFrame({"id": ["a", "b"], "p_rel1": [5, 7], "e_rel1": [6, 7],
    ...                                    "nps": [9, 3], "comment": ["ok", ""]}))
    >>> text = draft_config(t)
    >>> cfg = yaml.safe_load(text)
    >>> cfg["respondent_id"], cfg["items"], cfg["nps"], cfg["scale"]["levels"]
    ('id', {'p_rel1': {'dimension': 'rel', 'expectation': 'e_rel1'}}, 'nps', 7)
    """
    data = table.data.dropna(how="all").head(_SAMPLE)
    # a repeated or blank header cell has no name a config can use: list it, guess nothing from it
    ambiguous = set(table.renamed) | {w for w in table.renamed.values() if w}
    columns = [str(c) for c in data.columns if str(c) not in ambiguous]
    taken: set[str] = set()
    found: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for key in ("respondent_id", "nps", "wave", "period", "cause", "overall"):
        for column in columns:
            if column not in taken and _matches(column, _NAME_HINTS[key]):
                found[key] = column
                notes[key] = "guessed from the column name"
                taken.add(column)
                break
    texts = [c for c in columns if c not in taken and _matches(c, _NAME_HINTS["text"])]
    taken.update(texts)
    kinds = {c: _level_kind(data[c]) for c in columns if c not in taken}
    levelled = {c: k for c, k in kinds.items() if k is not None}
    expectations = {c for c in levelled if c.lower().startswith("e_") and ("p_" + c[2:]) in levelled}
    importance = {c for c in columns if c not in taken and c.lower().startswith("imp_")}
    items = [c for c in levelled if c not in expectations and c not in importance]
    top = max((k[1] for k in levelled.values()), default=7)
    levels = 5 if top <= 5 else 7
    answers = {k[0] for c, k in levelled.items() if c in items}
    if "overall" in found and (kind := _level_kind(data[found["overall"]])) is not None:
        answers.add(kind[0])  # e.g. items as codes, the overall question as labels: "auto"
    answer_kind = answers.pop() if len(answers) == 1 else "auto"

    lines = [
        f"# Starting config written by `csat init-config` from {_q(Path(table.source).name)}"
        + (f", sheet {_q(table.sheet)}" if table.sheet else "")
        + f" (header on row {table.header_row}).",
        "# Every value below is a guess: check each one, then run",
        "#   csat analyze DATA --config THIS_FILE --out report/",
        f"title: {_q(Path(table.source).stem)}",
    ]

    def column_line(key: str, comment: str) -> None:
        if key in found:
            lines.append(f"{key}: {_q(found[key])}    # {notes[key]}; {comment}")
        else:
            lines.append(f"# {key}:     # {comment} (not found: name the column to use it)")

    column_line("respondent_id", "unique id per respondent (duplicates are reported)")
    lines += [
        "scale:",
        f"  levels: {levels}            # 5 or 7; highest answer seen: {top}",
        f"  answers: {answer_kind}        # numbers (codes 1..k), labels (很满意 / Very satisfied ...), or auto",
        "  numbers: likert       # numeric answers are: likert (1..k), sources (-60..60 in steps of 20), 0-100",
        "  satisfied: [满意, 很满意]   # levels counted as satisfied in the satisfaction rate (top-2 box)",
        "scoring: likert         # scoring of the reported satisfaction degree: likert, sources or 0-100",
        "# Items: column -> dimension (RATER: reliability, assurance, tangibles, empathy,",
        "# responsiveness; or your own). 'expectation:' names the matching expectation column.",
        "items:",
    ]
    if not items:
        lines.append("  # no column looked like scale answers: list the item columns here, e.g.")
        lines.append("  q1: {dimension: general}")
    for column in items:
        dim, why = _dimension(column, table.groups)
        spec = {"dimension": dim}
        exp = "e_" + column[2:] if column.lower().startswith("p_") else None
        if exp in expectations:
            spec["expectation"] = exp
        flow = "{" + ", ".join(f"{k}: {_q(v)}" for k, v in spec.items()) + "}"
        lines += _entry(column, flow, f"dimension: {why}")
    lines += [
        "# weights: leave out for equal item weights; or a flat mapping {item: weight} summing to 1;",
        "# or a tree, e.g. {reliability: {weight: 0.4, children: {p_rel1: 0.5, p_rel2: 0.5}}, ...};",
        "# or 'importance' to weight dimensions by the mean of the importance columns below.",
    ]
    if importance:
        lines.append("importance:             # stated importance (100-point allocation) per dimension")
        for column in sorted(importance):
            lines += _entry(column[4:], _q(column))
    else:
        lines.append("# importance: {dimension: column}   # stated importance per dimension, if asked")
    column_line("overall", "overall-satisfaction question (rate from it)")
    column_line("nps", "likelihood to recommend, 0..10")
    column_line("wave", "survey wave: change vs the previous wave")
    column_line("period", "fieldwork period: control chart")
    column_line("cause", "complaint cause: Pareto chart (blank = no complaint)")
    if texts:
        lines.append(f"text: [{', '.join(map(_q, texts))}]    # free text, shown escaped")
    else:
        lines.append("# text: [comment]     # free-text columns")
    unused = [c for c in columns if c not in taken and c not in levelled and c not in importance]
    if unused:
        lines.append(f"# Not used: {', '.join(map(_q, unused))}")
    if ambiguous:
        names = [_q(c) for c in table.data.columns if str(c) in ambiguous]
        lines.append(f"# Not used, repeated or blank header cells (give each column its own name): {', '.join(names)}")
    return "\n".join(lines) + "\n"


# Characters YAML does not allow as they are in a double-quoted scalar, or reads as line breaks
_UNSAFE = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Longer keys need YAML's explicit "? key" form (an implicit key is at most 1024 characters).
_LONG_KEY = 1000
#: Names up to this length may be written without quotes.
_PLAIN_LENGTH = 100


def _q(value: object) -> str:
    """``value`` as a YAML scalar on one line, whatever it holds.

    A short name that YAML reads back as the same text is written as it is
    (``id``, ``满意度``, ``'yes'``); anything else is double-quoted: JSON's
    quoting (a subset of YAML's), plus escapes for the characters YAML reads
    as line breaks or does not allow (``\\x85``, ``\\u2028``, controls).

    Examples
    --------
    >>> _q("满意度"), _q("yes"), _q("a: b"), _q("two\\nlines")
    ('满意度', "'yes'", "'a: b'", '"two\\\\nlines"')
    >>> yaml.safe_load(_q("x\\u2028y")) == "x\\u2028y"
    True
    """
    text = str(value)
    if len(text) <= _PLAIN_LENGTH and not _UNSAFE.search(text) and "\n" not in text and "\r" not in text:
        plain = yaml.safe_dump(text, allow_unicode=True, width=1 << 16).split("\n")[0]
        # inside {...} and [...] a plain comma or bracket would end the name
        if yaml.safe_load(plain) == text and not (plain[:1] not in "'\"" and any(c in plain for c in ",[]{}")):
            return plain
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()) if ord(m.group()) < 0x10000 else "\\U%08x" % ord(m.group()), quoted)


def _entry(key: str, value: str, comment: str = "") -> list[str]:
    """Lines of one ``key: value`` entry of a mapping indented by two spaces."""
    note = f"    # {comment}" if comment else ""
    if len(_q(key)) > _LONG_KEY:
        return [f"  ? {_q(key)}", f"  : {value}{note}"]
    return [f"  {_q(key)}: {value}{note}"]


def init_config(path: str | Path, *, sheet: str | None = None) -> str:
    """Read ``path`` and return the draft config text (see :func:`draft_config`).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("id,p_rel1,e_rel1,nps\\na,5,6,9\\nb,7,7,3\\n")
    >>> cfg = yaml.safe_load(init_config(p))
    >>> cfg["respondent_id"], cfg["nps"], cfg["items"]
    ('id', 'nps', {'p_rel1': {'dimension': 'rel', 'expectation': 'e_rel1'}})
    """
    return draft_config(read_table(path, sheet=sheet))
