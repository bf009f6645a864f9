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

import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

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
    answers = answers[answers.astype(str).str.strip() != ""]
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
    columns = [str(c) for c in data.columns]
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
        f"# Starting config written by `csat init-config` from {Path(table.source).name}"
        + (f", sheet {table.sheet!r}" if table.sheet else "")
        + f" (header on row {table.header_row}).",
        "# Every value below is a guess: check each one, then run",
        "#   csat analyze DATA --config THIS_FILE --out report/",
        "title: " + yaml.safe_dump(Path(table.source).stem, allow_unicode=True).splitlines()[0],
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
        flow = yaml.safe_dump({column: spec}, allow_unicode=True, default_flow_style=None, width=200).strip()
        lines.append(f"  {flow}    # dimension: {why}")
    lines += [
        "# weights: leave out for equal item weights; or a flat mapping {item: weight} summing to 1;",
        "# or a tree, e.g. {reliability: {weight: 0.4, children: {p_rel1: 0.5, p_rel2: 0.5}}, ...};",
        "# or 'importance' to weight dimensions by the mean of the importance columns below.",
    ]
    if importance:
        lines.append("importance:             # stated importance (100-point allocation) per dimension")
        for column in sorted(importance):
            lines.append(f"  {_q(column[4:])}: {_q(column)}")
    else:
        lines.append("# importance: {dimension: column}   # stated importance per dimension, if asked")
    column_line("overall", "overall-satisfaction question (rate from it)")
    column_line("nps", "likelihood to recommend, 0..10")
    column_line("wave", "survey wave: change vs the previous wave")
    column_line("period", "fieldwork period: control chart")
    column_line("cause", "complaint cause: Pareto chart (blank = no complaint)")
    if texts:
        lines.append(f"text: {yaml.safe_dump(texts, allow_unicode=True, default_flow_style=True).strip()}    # free text, shown escaped")
    else:
        lines.append("# text: [comment]     # free-text columns")
    unused = [c for c in columns if c not in taken and c not in levelled and c not in importance]
    if unused:
        lines.append(f"# Not used: {', '.join(unused)}")
    return "\n".join(lines) + "\n"


def _q(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True).splitlines()[0]


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
