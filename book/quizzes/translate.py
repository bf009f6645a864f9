"""The Chinese text of the banks and pools: ``translate(bank, "zh")`` returns the same bank in Chinese.

The English files hold every question's structure and answers; a Chinese file beside them
(``banks/zh/chNN.yml`` for ``banks/chNN.yml``, ``final/zh/chNN.yml`` for a pool) holds only the
reader-facing strings, keyed by question id, options in the English file's order::

    chapter: ch03
    title: 满意率与满意度             # banks only
    questions:
      ch03-q01: {text: ..., options: [{text: ..., feedback: ...}, ...]}
      ch03-q05: {text: ..., feedback: {true: ..., false: ...}}            # true_false
      ch03-q02: {text: ..., unit: "%", feedback: {correct: ..., incorrect: ...},
                 wrong_answers: [...], table_columns: [...], table_cells: {cleaning: 保洁}}

Traditional Chinese (``zh-Hant``) is the Simplified text converted by :func:`book.hant.to_hant`
(table headers and cells too).  Answers, computed values, ids and tags are never touched, so
every edition asks the same question with the same right answer.

A missing file, question, field or cell, an extra question or field, or a different number of
options is a :class:`~book.quizzes.schema.BankError` naming the Chinese file, the question and
the field.  :func:`translate` raises it under ``strict`` (CI); otherwise it warns
(:class:`QuizTranslationWarning`) and that question stays in English, as an untranslated
paragraph of a chapter does.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from csat_examples.lang import check_lang

from .banks import ROOT
from .schema import Bank, BankError, Pool, Question, Table, bank_file_label, check_plain_text

__all__ = ["QuizTranslationWarning", "translate", "translation", "translation_path", "needs_words",
           "hant_converter"]

T = TypeVar("T", Bank, Pool)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class QuizTranslationWarning(UserWarning):
    """A question shown in English because its Chinese text is missing or does not fit."""


def needs_words(cell: str) -> bool:
    """Whether a table cell is English words a Chinese reader needs translated.

    Cells already in Chinese, item codes with digits (``rel1``) and signs (``-``) stay as written.

    Examples
    --------
    >>> [needs_words(c) for c in ("staff attitude", "很满意", "Gree 格力", "rel1", "-")]
    [True, False, False, False, False]
    """
    return not _CJK.search(cell) and bool(re.search(r"[A-Za-z]{2,}", cell)) and not re.search(r"\d", cell)


def translation_path(obj: Bank | Pool, root: Path = ROOT) -> Path:
    """The Chinese file of a bank or pool: ``zh/<name>`` beside its English file.

    ``root`` is the folder the object's ``path`` is relative to (the book's, unless loaded
    from elsewhere).

    Examples
    --------
    >>> from book.quizzes.schema import Pool
    >>> translation_path(Pool("ch03", (), (), path="book/quizzes/final/ch03.yml")).relative_to(ROOT).as_posix()
    'book/quizzes/final/zh/ch03.yml'
    """
    english = root / obj.path  # an absolute path (a file outside the book) stays as it is
    return english.parent / "zh" / english.name


def _keyed(mapping: Mapping[Any, Any], key: str) -> Any:
    """``mapping[key]``, also when YAML read ``true:``/``false:`` keys as booleans."""
    if key in mapping:
        return mapping[key]
    return mapping.get({"true": True, "false": False}.get(key, key))


class _Fields:
    """Reads one question's Chinese entry, naming file, question and field in every error."""

    def __init__(self, entry: Any, file: str, qid: str, convert: Callable[[str], str]) -> None:
        if not isinstance(entry, Mapping):
            raise BankError("must be a mapping of the question's fields", file=file, question=qid)
        self.entry, self.file, self.qid, self.convert = entry, file, qid, convert
        self.used: set[str] = set()

    def error(self, problem: str, field: str, **extra: Any) -> BankError:
        return BankError(problem, file=self.file, question=self.qid, field=field, **extra)

    def get(self, key: str) -> Any:
        self.used.add(key)
        if key not in self.entry or self.entry[key] is None:
            raise self.error("missing", key, fix="write the Chinese text of this field")
        return self.entry[key]

    def text(self, value: Any, field: str) -> str:
        return self.convert(check_plain_text(value, file=self.file, question=self.qid, field=field))

    def mapping(self, key: str, keys: tuple[str, ...]) -> dict[str, str]:
        raw = self.get(key)
        if not isinstance(raw, Mapping):
            raise self.error(f"needs {', '.join(keys)}", key)
        found = {}
        for k in keys:
            value = _keyed(raw, k)
            if value is None:
                raise self.error("missing", f"{key}.{k}")
            found[k] = self.text(value, f"{key}.{k}")
        return found

    def sized_list(self, key: str, size: int) -> list[Any]:
        raw = self.get(key)
        if not isinstance(raw, list) or len(raw) != size:
            count = len(raw) if isinstance(raw, list) else "no list"
            raise self.error(f"has {count} entries, the English has {size}", key,
                             fix="keep the English file's entries, in its order")
        return raw

    def finish(self) -> None:
        extra = sorted(set(map(str, self.entry)) - self.used)
        if extra:
            raise self.error("not a field of this question in the English file", extra[0])


def _table(table: Table, f: _Fields) -> Table:
    columns = tuple(f.text(c, "table_columns") for c in f.sized_list("table_columns", len(table.columns)))
    cells = f.entry.get("table_cells") or {}
    f.used.add("table_cells")
    if not isinstance(cells, Mapping):
        raise f.error("must map each English cell to its Chinese", "table_cells")
    english = {c for row in table.rows for c in row if isinstance(c, str)}
    for cell in cells:
        if cell not in english:
            raise f.error("no such cell in the English table", f"table_cells[{cell!r}]")
    for cell in sorted(english):
        if needs_words(cell) and cell not in cells:
            raise f.error("missing", f"table_cells[{cell!r}]", fix="translate this English cell")
    rows = tuple(tuple(f.text(cells[c], f"table_cells[{c!r}]") if isinstance(c, str) and c in cells
                       else f.convert(c) if isinstance(c, str) else c for c in row)
                 for row in table.rows)
    return Table(columns=columns, rows=rows)


def _question(q: Question, f: _Fields) -> Question:
    """``q`` with the Chinese strings of ``f``; answers, keys and computed values kept."""
    changes: dict[str, Any] = {"text": f.text(f.get("text"), "text")}
    if q.type in ("single", "multiple"):
        options = []
        for i, (o, raw) in enumerate(zip(q.options, f.sized_list("options", len(q.options)))):
            if not isinstance(raw, Mapping):
                raise f.error("needs text and feedback", f"options[{i}]")
            extra = sorted(set(map(str, raw)) - {"text", "feedback"})
            if extra:
                raise f.error("not a field of an option", f"options[{i}].{extra[0]}")
            options.append(dataclasses.replace(o, text=f.text(raw.get("text"), f"options[{i}].text"),
                                               feedback=f.text(raw.get("feedback"), f"options[{i}].feedback")))
        changes["options"] = tuple(options)
    elif q.type == "true_false":
        feedback = f.mapping("feedback", ("true", "false"))
        changes["options"] = tuple(dataclasses.replace(o, feedback=feedback[str(o.key)]) for o in q.options)
    else:
        feedback = f.mapping("feedback", ("correct", "incorrect"))
        changes.update(feedback_correct=feedback["correct"], feedback_incorrect=feedback["incorrect"])
        if q.unit:
            changes["unit"] = f.text(f.get("unit"), "unit")
        if q.wrong_answers:
            texts = f.sized_list("wrong_answers", len(q.wrong_answers))
            changes["wrong_answers"] = tuple(
                dataclasses.replace(w, feedback=f.text(t, f"wrong_answers[{i}]"))
                for i, (w, t) in enumerate(zip(q.wrong_answers, texts)))
    if q.table is not None:
        changes["table"] = _table(q.table, f)
    f.finish()
    return dataclasses.replace(q, **changes)


def _identity(text: str) -> str:
    return text


def hant_converter() -> Callable[[str], str]:
    """Simplified -> Traditional: the book's OpenCC conversion, or where OpenCC is not installed
    (a notebook in the browser's JupyterLite) the library's reviewed table and character map."""
    try:
        import opencc  # noqa: F401 - only its presence is tested here
    except ImportError:
        from csat_examples.lang import hant
        return hant
    from book.hant import to_hant
    return to_hant


def translation(obj: T, lang: str, *, root: Path = ROOT) -> tuple[T, list[BankError]]:
    """``obj`` in ``lang`` and the problems met; a question with a problem stays in English.

    ``root``: the folder ``obj.path`` is relative to.

    Examples
    --------
    >>> from book.quizzes.schema import Pool
    >>> pool, problems = translation(Pool("ch09", (), (), path="/nowhere/ch09.yml"), "zh")
    >>> pool.lang, [str(p) for p in problems]
    ('zh', ['/nowhere/zh/ch09.yml: no Chinese text for this file. Fix: write it (see book/quizzes/translate.py).'])
    """
    code = check_lang(lang)
    if code == "en":
        return obj, []
    convert: Callable[[str], str] = _identity
    if code == "zh-Hant":
        convert = hant_converter()
    path = translation_path(obj, root)
    label = bank_file_label(path, root)
    problems: list[BankError] = []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except yaml.YAMLError as exc:
        raw = None
        problems.append(BankError(f"not valid YAML: {exc}", file=label))
    if raw is None:
        if not problems:
            problems.append(BankError("no Chinese text for this file", file=label,
                                      fix="write it (see book/quizzes/translate.py)"))
        return dataclasses.replace(obj, lang=code), problems
    entries = raw.get("questions") if isinstance(raw, Mapping) else None
    if not isinstance(entries, Mapping):
        problems.append(BankError("needs 'questions:', a mapping of question ids", file=label,
                                  field="questions"))
        entries = {}
    if isinstance(raw, Mapping) and raw.get("chapter") != obj.chapter:
        problems.append(BankError(f"must be {obj.chapter!r}, as in the English file", file=label,
                                  field="chapter", value=raw.get("chapter")))
    changes: dict[str, Any] = {"lang": code}
    if isinstance(obj, Bank):
        try:
            changes["title"] = convert(check_plain_text(raw.get("title"), file=label, question=None,
                                                        field="title"))
        except BankError as exc:
            problems.append(exc)
    elif "title" in raw:
        problems.append(BankError("a pool has no title", file=label, field="title"))
    questions = []
    for q in obj.questions:
        if q.id not in entries:
            problems.append(BankError("missing", file=label, question=q.id,
                                      fix="add the question's Chinese text"))
            questions.append(q)
            continue
        try:
            questions.append(_question(q, _Fields(entries[q.id], label, q.id, convert)))
        except BankError as exc:
            problems.append(exc)
            questions.append(q)
    known = {q.id for q in obj.questions}
    problems += [BankError(f"no such question in {obj.path}", file=label, question=str(qid))
                 for qid in entries if qid not in known]
    changes["questions"] = tuple(questions)
    return dataclasses.replace(obj, **changes), problems


def translate(obj: T, lang: str, *, strict: bool = False, root: Path = ROOT) -> T:
    """The bank or pool ``obj`` with its reader-facing strings in ``lang`` (``en``, ``zh``, ``zh-Hant``).

    Options stay in the English file's order and every answer stays as computed.  Under
    ``strict`` the first problem is raised; otherwise each is a :class:`QuizTranslationWarning`
    and its question stays in English.
    """
    result, problems = translation(obj, lang, root=root)
    if problems and strict:
        raise problems[0]
    for problem in problems:
        warnings.warn(str(problem), QuizTranslationWarning, stacklevel=2)
    return result
