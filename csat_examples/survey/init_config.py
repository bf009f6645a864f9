"""Draft a commented YAML config from a survey file's header row and first answers.

The draft is a starting point to edit, never a final answer: each guess is
marked with a comment saying what it is based on.  Guesses:

* each column's kind is guessed from all its distinct answers: scale
  answers (whole numbers 1..7, of which at most 1 % may lie outside: those
  are reported as typos and ``on_invalid: exclude`` is written), level
  labels (Chinese or English, with the usual variants 非常满意, 比较满意,
  基本满意 ...; the labels the scale does not know by name are mapped in
  ``scale.labels``), 0-10 answers, other numbers, ids, dates or text;
  not-applicable answers (:data:`NOT_APPLICABLE_CODES`) are left out of the
  guess and declared in ``not_applicable``;
* an item is a column of scale answers or labels; the scale is 5-level when
  6 and 7 make at most 0.2 % of the numeric scale answers, else 7-level;
* a column named ``e_<x>`` is the expectation of item ``p_<x>``;
* dimension = the merged group heading above the column (XLSX), else a
  RATER dimension guessed from a word of the name (维修 → responsiveness,
  安保 → assurance, 保洁/绿化 → tangibles, 客服 → empathy ...: marked "check
  this"), else the column name without its ``p_`` prefix and trailing
  digits, else ``general``;
* id, NPS, wave, period, complaint cause, importance, free-text and segment
  columns (:data:`SEGMENT_HINTS`: 小区, 楼栋, 居住年限 ...) are recognised by
  name (English or Chinese words) and kind;
* every other column is listed under "Not used" with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .cleaning import BLANK_MARKERS
from .reading import Table, read_table

__all__ = ["draft_config", "init_config", "guess_label_ranks", "NOT_APPLICABLE_CODES", "SEGMENT_HINTS"]

_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent", "id", "编号", "序号", "问卷号"),
    "nps": ("nps", "recommend", "推荐"),
    "wave": ("wave", "year", "年度", "批次", "期次", "调查期"),
    "period": ("month", "period", "date", "月份", "日期", "月"),
    "cause": ("cause", "complaint", "投诉", "原因"),
    "overall": ("overall", "总体", "整体", "总体满意"),
    "text": ("comment", "remark", "note", "意见", "建议", "备注", "留言"),
}
#: Column names of segments (estate, building, unit, age band, years of residence...).
SEGMENT_HINTS = ("小区", "项目", "楼栋", "楼号", "单元", "年龄段", "年龄", "居住年限", "入住年限", "片区", "区域",
                 "estate", "project", "building", "block", "unit", "age", "tenure", "segment", "region")
#: Answers that mean "cannot judge / not applicable" (compared after stripping, case-insensitive).
NOT_APPLICABLE_CODES = ("不适用", "不清楚", "不知道", "无", "未使用", "未使用过", "没用过", "N/A", "n/a", "NA",
                        "not applicable", "don't know")
#: Words in an item's name -> RATER dimension (a guess the config marks "check this").
_DIMENSION_HINTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("维修", "报修", "工单", "响应", "及时", "repair", "respons"), "responsiveness"),
    (("保安", "安保", "安全", "巡逻", "门岗", "秩序", "security", "safety"), "assurance"),
    (("环境", "绿化", "保洁", "清洁", "卫生", "设施", "设备", "电梯", "clean", "green", "facilit"), "tangibles"),
    (("客服", "态度", "沟通", "关怀", "管家", "staff", "courtesy", "care"), "empathy"),
    (("收费", "账单", "承诺", "准确", "可靠", "billing", "reliab", "promise"), "reliability"),
)
#: Answer labels and their usual variants -> rank on the 5- and 7-level scales.  基本满意 ("basically
#: satisfied") is the middle level when the column has no 一般 (the common 非常满意/满意/基本满意/不满意/
#: 非常不满意 scale); with 一般 present it sits just above it.
_LABEL_RANKS: dict[str, tuple[int, int]] = {
    "非常不满意": (1, 1), "很不满意": (1, 1), "极不满意": (1, 1), "very dissatisfied": (1, 1),
    "不满意": (2, 2), "dissatisfied": (2, 2),
    "比较不满意": (2, 3), "较不满意": (2, 3), "不太满意": (2, 3), "somewhat dissatisfied": (2, 3),
    "一般": (3, 4), "中立": (3, 4), "说不清": (3, 4), "neutral": (3, 4),
    "基本满意": (4, 5), "比较满意": (4, 5), "较满意": (4, 5), "somewhat satisfied": (4, 5),
    "满意": (4, 6), "satisfied": (4, 6),
    "很满意": (5, 7), "非常满意": (5, 7), "十分满意": (5, 7), "very satisfied": (5, 7),
}
_SAMPLE = 2000
#: At most this share of a column's answers may lie outside its scale (typos, reported), and...
_TYPO_SHARE = 0.01
#: ...6 and 7 together make at most this share of all scale answers for the scale to be 5-level.
_SIX_SEVEN_SHARE = 0.002


def _matches(column: str, hints: tuple[str, ...]) -> bool:
    name = column.lower()
    return any(h == name or (len(h) > 2 and h in name) or (not h.isascii() and h in name) for h in hints)


def guess_label_ranks(labels: list[str], levels: int) -> dict[str, int] | None:
    """Rank of each answer label on a ``levels``-level scale, or None if one is not a known label.

    Examples
    --------
    >>> guess_label_ranks(["非常满意", "比较满意", "一般", "基本满意"], 5)
    {'非常满意': 5, '比较满意': 4, '一般': 3, '基本满意': 4}
    >>> guess_label_ranks(["满意", "基本满意", "不满意"], 5)["基本满意"]
    3
    >>> guess_label_ranks(["很好"], 5) is None
    True
    """
    from ..scales import _TRADITIONAL

    keys = {t: t.strip().translate(_TRADITIONAL).casefold() for t in labels}
    if not all(k in _LABEL_RANKS for k in keys.values()):
        return None
    middle = not any(_LABEL_RANKS[k][0] == 3 and k != "基本满意" for k in keys.values())
    position = 0 if levels == 5 else 1
    ranks = {t: _LABEL_RANKS[k][position] for t, k in keys.items()}
    if middle:  # no 一般: 基本满意 is the middle level
        ranks.update({t: (levels + 1) // 2 for t, k in keys.items() if k == "基本满意"})
    return ranks


def _written(value: Any) -> str:
    """A cell as text: ``5`` for 5, 5.0 and "5 "."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Column:
    """What one column looks like: its kind and what a config needs to know about it."""

    kind: str  # "levels" | "labels" | "0-10" | "number" | "id" | "date" | "text" | "empty"
    counts: pd.Series  # answer text -> count (not-applicable codes and blanks left out)
    na: dict[str, int] = field(default_factory=dict)  # not-applicable code -> count
    typos: list[tuple[int, str]] = field(default_factory=list)  # (spreadsheet row, value) outside the scale
    top: int = 0  # highest scale answer (levels)

    @property
    def distinct(self) -> int:
        return len(self.counts)


def _profile(column: pd.Series) -> _Column:
    """Guess a column's kind from all its distinct answers (cheap: a value count)."""
    filled = column.dropna()
    text = filled.map(_written)
    text = text[(text != "") & ~text.isin(BLANK_MARKERS - {"N/A", "n/a", "NA"})]
    codes = {c.casefold() for c in NOT_APPLICABLE_CODES}
    is_na = text.str.casefold().isin(codes)
    na = text[is_na].value_counts().to_dict()
    text = text[~is_na]
    counts = text.value_counts()
    if counts.empty:
        return _Column("empty", counts, na)
    numbers = pd.to_numeric(pd.Series(counts.index, index=counts.index), errors="coerce")
    numeric = counts[numbers.notna()]
    if numeric.sum() >= (1 - _TYPO_SHARE) * counts.sum() and len(numeric):
        values = numbers[numeric.index]
        whole = values[(values % 1) == 0]
        on_scale = numeric[whole.index[whole.between(1, 7)]]
        outside = [v for v in counts.index if v not in on_scale.index]
        if on_scale.sum() >= (1 - _TYPO_SHARE) * counts.sum():
            rows = text[text.isin(outside)]
            return _Column("levels", counts, na, [(int(r), v) for r, v in rows.items()], int(values[on_scale.index].max()))
        if whole.between(0, 10).all() and len(whole) == len(values) and values.max() > 7:
            return _Column("0-10", counts, na)
        return _Column("number", counts, na)
    if guess_label_ranks(list(counts.index), 5) is not None:
        return _Column("labels", counts, na)
    if len(counts) == len(text) and len(text) > 1:
        return _Column("id", counts, na)
    dates = pd.to_datetime(pd.Series(counts.index[:50]), errors="coerce", format="mixed")
    if dates.notna().mean() >= 0.9 and not pd.Series(counts.index[:50]).str.fullmatch(r"[^\d]+").any():
        return _Column("date", counts, na)
    return _Column("text", counts, na)


def _dimension(column: str, groups: dict[str, str]) -> tuple[str, str]:
    if column in groups:
        return groups[column], "merged heading above the column"
    name = column.lower()
    for words, dimension in _DIMENSION_HINTS:
        hit = next((w for w in words if w in name), None)
        if hit:
            return dimension, f"guessed from '{hit}' in the name: check this"
    stem = re.sub(r"\d+$", "", re.sub(r"^[pP]_", "", column)).strip("_ ")
    if stem and stem != column:
        return stem, "column name without prefix/digits"
    return "general", "no hint: replace with the item's dimension"


def _reason(profile: _Column) -> str:
    """Why a column is not used, for the config's "Not used" list."""
    return {
        "empty": "no answers",
        "number": "numbers not on a 1-5/1-7 scale",
        "0-10": "0-10 answers: name it as 'nps:' if it is the likelihood to recommend",
        "id": "a different value on every row: name it as 'respondent_id:' if it is the id",
        "date": "dates: name it as 'period:' for a control chart",
        "text": f"text with {profile.distinct} different answers: add it to 'text:' (comments) or 'by:' (segments)",
        "labels": "answer labels: add it to 'items:'",
        "levels": "scale answers: add it to 'items:'",
    }[profile.kind]


def draft_config(table: Table) -> str:
    """YAML text of a commented starting config for ``table``.

    Every column of the table is either used (with a comment saying why it
    was guessed so) or listed under "Not used" with the reason.

    Examples
    --------
    >>> from csat_examples.survey.reading import table_from_frame
    >>> t = table_from_frame(pd.DataFrame({"id": ["a", "b", "c"], "p_rel1": [5, 7, 6], "e_rel1": [6, 7, 7],
    ...                                    "nps": [9, 3, 10], "comment": ["ok", "", ""]}))
    >>> text = draft_config(t)
    >>> cfg = yaml.safe_load(text)
    >>> cfg["respondent_id"], cfg["items"], cfg["nps"], cfg["scale"]["levels"]
    ('id', {'p_rel1': {'dimension': 'rel', 'expectation': 'e_rel1'}}, 'nps', 7)
    """
    data = table.data.dropna(how="all")
    # a repeated or blank header cell has no name a config can use: list it, guess nothing from it
    ambiguous = set(table.renamed) | {w for w in table.renamed.values() if w}
    columns = [str(c) for c in data.columns if str(c) not in ambiguous]
    profiles = {c: _profile(data[c]) for c in columns}
    # one heading merged over every column is the survey's title, not a group of items
    groups = table.groups if len(set(table.groups.values())) > 1 or len(table.groups) < len(data.columns) else {}
    survey_title = next(iter(table.groups.values())) if table.groups and not groups else Path(table.source).stem
    taken: set[str] = set()
    found: dict[str, Any] = {}
    notes: dict[str, str] = {}
    fits = {"respondent_id": ("id", "text", "levels", "number"), "nps": ("0-10", "levels", "number"),
            "wave": ("text", "levels", "number", "date", "0-10"), "period": ("text", "date", "levels", "number", "0-10"),
            "cause": ("text", "empty", "labels"), "overall": ("labels", "levels")}
    for key in ("respondent_id", "nps", "wave", "period", "cause", "overall"):
        for column in columns:
            if column not in taken and _matches(column, _NAME_HINTS[key]) and profiles[column].kind in fits[key]:
                found[key] = column
                notes[key] = "guessed from the column name"
                taken.add(column)
                break
    texts = [c for c in columns if c not in taken and _matches(c, _NAME_HINTS["text"])]
    taken.update(texts)
    segments = [c for c in columns if c not in taken and _matches(c, SEGMENT_HINTS)
                and profiles[c].kind in ("text", "levels", "number", "labels", "0-10")
                and profiles[c].distinct <= max(2, len(data) // 2)]
    taken.update(segments)
    levelled = {c: p for c, p in profiles.items() if c not in taken and p.kind in ("levels", "labels")}
    expectations = {c for c in levelled if c.lower().startswith("e_") and ("p_" + c[2:]) in levelled}
    importance = {c for c in columns if c not in taken and c.lower().startswith("imp_")}
    items = [c for c in levelled if c not in expectations and c not in importance]
    scale_columns = [c for c in levelled] + ([found["overall"]] if "overall" in found else [])
    numeric = [profiles[c] for c in scale_columns if profiles[c].kind == "levels"]
    answered = sum(int(p.counts.sum()) for p in numeric)
    six_seven = sum(int(p.counts.reindex(["6", "7"]).fillna(0).sum()) for p in numeric)
    labelled = [profiles[c] for c in scale_columns if profiles[c].kind == "labels"]
    if numeric:
        levels = 5 if six_seven <= _SIX_SEVEN_SHARE * answered else 7
    else:
        distinct = {t for p in labelled for t in p.counts.index}
        seven_only = any(guess_label_ranks([t], 5) != guess_label_ranks([t], 7) and t in ("不太满意", "较满意", "比较满意")
                         for t in distinct)
        levels = 7 if seven_only or len(distinct) > 5 else 5
    top = max((p.top for p in numeric), default=levels)
    kinds = {"numbers" if profiles[c].kind == "levels" else "labels" for c in scale_columns}
    answer_kind = kinds.pop() if len(kinds) == 1 else "auto"
    # labels the scale does not know by name: mapped in the config, so the first run reads them
    from ..scales import get_scale

    known = {lv.zh for lv in get_scale(f"{levels}-level").levels} | {lv.en.casefold() for lv in get_scale(f"{levels}-level").levels}
    label_map: dict[str, int] = {}
    for p in labelled:
        label_map.update({t: r for t, r in (guess_label_ranks(list(p.counts.index), levels) or {}).items()
                          if t not in known and t.casefold() not in known})
    answer_columns = scale_columns + ([found["nps"]] if "nps" in found else [])
    na_codes = sorted({code for c in answer_columns for code in profiles[c].na})
    typos = [(c, row, value) for c in scale_columns for row, value in profiles[c].typos]
    # a typo outside the scale is a bad cell: counted by the analysis unless the row is left out
    nps_typos = []
    if "nps" in found:
        nps_values = pd.to_numeric(pd.Series(profiles[found["nps"]].counts.index), errors="coerce")
        nps_typos = [v for v, n in zip(profiles[found["nps"]].counts.index, nps_values)
                     if not (pd.notna(n) and 0 <= n <= 10 and n % 1 == 0)]
    top = max(top, levels) if numeric else levels

    lines = [
        f"# Starting config written by `csat init-config` from {_q(Path(table.source).name)}"
        + (f", sheet {_q(table.sheet)}" if table.sheet else "")
        + f" (header on row {table.header_row}).",
        "# Every value below is a guess: check each one, then run",
        "#   csat analyze DATA --config THIS_FILE --out report/",
        f"title: {_q(survey_title)}" + ("    # the title row above the header" if survey_title != Path(table.source).stem else ""),
    ]

    def column_line(key: str, comment: str) -> None:
        if key in found:
            lines.append(f"{key}: {_q(found[key])}    # {notes[key]}; {comment}")
        else:
            lines.append(f"# {key}:     # {comment} (not found: name the column to use it)")

    column_line("respondent_id", "unique id per respondent (duplicates are reported)")
    satisfied = "[满意, 很满意]"
    lines += [
        "scale:",
        f"  levels: {levels}            # 5 or 7; guessed from the answers (highest on the scale: {top})",
        f"  answers: {answer_kind}        # numbers (codes 1..k), labels (很满意 / Very satisfied ...), or auto",
        "  numbers: likert       # numeric answers are: likert (1..k), sources (-60..60 in steps of 20), 0-100",
        f"  satisfied: {satisfied}   # levels counted as satisfied in the satisfaction rate (top-2 box)",
    ]
    if label_map:
        lines.append(f"  labels:               # answer labels -> level 1..{levels}; check this (e.g. is 基本满意 satisfied?)")
        lines += ["  " + e for t, r in label_map.items() for e in _entry(t, str(r))]
    lines += [
        "scoring: likert         # scoring of the reported satisfaction degree: likert, sources or 0-100",
        "# Items: column -> dimension (RATER: reliability, assurance, tangibles, empathy,",
        "# responsiveness; or your own). 'expectation:' names the matching expectation column.",
        "items:",
    ]
    if not items:
        lines.append("  # no column looked like scale answers: list the item columns here, e.g.")
        lines.append("  q1: {dimension: general}")
    for column in items:
        dim, why = _dimension(column, groups)
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
    if segments:
        lines.append(f"by: [{', '.join(map(_q, segments))}]    # segments for the breakdowns (league table, heat map)")
    else:
        lines.append("# by: [estate, building]     # segment columns for the breakdowns")
    lines.append("min_segment_n: 30       # segments with fewer respondents are shown but marked unreliable")
    if na_codes:
        counted = ", ".join(f"{code} ×{sum(profiles[c].na.get(code, 0) for c in answer_columns)}" for code in na_codes)
        lines.append(f"not_applicable: [{', '.join(map(_q, na_codes))}]    # found: {counted}; counted and reported, "
                     "the respondent's other answers are kept")
    else:
        lines.append("# not_applicable: [不适用, 不清楚]   # answers meaning 'cannot judge', if the survey has them")
    if typos or nps_typos:
        shown = "; ".join(f"{_q(c)} row {row}: {value}" for c, row, value in typos[:10])
        if nps_typos:
            shown += ("; " if shown else "") + f"{_q(found['nps'])}: " + ", ".join(map(str, nps_typos[:10]))
        lines.append(f"# Answers outside the scale (typos?): {shown}")
        lines.append("on_invalid: exclude     # rows with such answers are left out and listed in the cleaning log;"
                     " 'error' stops at the first")
    unused = [c for c in columns if c not in taken and c not in levelled and c not in importance]
    if unused:
        lines.append("# Not used:")
        lines += [f"#   {_q(c)}: {_reason(profiles[c])}" for c in unused]
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
