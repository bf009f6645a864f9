"""The quiz-bank format, and the checks that every bank must pass.

A bank is one YAML file per chapter (``book/quizzes/banks/chNN.yml``)::

    chapter: ch03                       # quiz id, also the localStorage key
    title: Satisfaction rate versus satisfaction degree
    page: ch03-rate-vs-degree           # the chapter's file name (for links)
    questions:
      - id: ch03-q01                    # unique across all banks
        type: single                    # single | multiple | true_false | numeric
        kind: recall                    # recall | understanding | application
        objective: O3.1                 # an id from the chapter's "Learning objectives"
        difficulty: easy                # easy | medium | hard
        text: Plain text of the question (no HTML).
        options:                        # single / multiple
          - text: An option
            correct: true
            feedback: Why it is right.
          - text: Another option
            feedback: Why it is wrong.

A ``true_false`` question has ``answer: true|false`` and ``feedback: {true: ..., false: ...}``
(the feedback shown when the reader picks that value).  A ``numeric`` question has a ``table``
(``columns`` + ``rows``), a ``compute`` recipe (see :mod:`book.quizzes.compute`), an absolute
``tolerance``, ``decimals`` for display, an optional ``unit``, ``feedback: {correct, incorrect}``
and optional ``wrong_answers`` (common mistakes, each a ``compute`` recipe and its feedback).  A
``single`` question may instead compute its answer: ``compute`` returns a key and each option has
``key:``; the option whose key matches is the correct one (no ``correct:`` flags are written).

Any question may say ``fixed_order: true``: its options keep the author's order on the page
(the seven levels in order, "all of the above"); the page shuffles every other question's options.

The final assessment has its own pool per chapter (``book/quizzes/final/chNN.yml``, see
:func:`parse_pool`): ``chapter``, ``groups`` (lists of objective ids) and ``questions`` in the
format above, with ids ``final-chNN-qNN``.

Every string is plain text: the page shows it with ``textContent`` and the exports escape it, and
a bank that contains an HTML tag or entity is refused, so that a bank can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csat_examples.errors import CsatInputError

__all__ = [
    "BankError",
    "Option",
    "Table",
    "WrongAnswer",
    "Question",
    "Bank",
    "Pool",
    "QUESTION_TYPES",
    "KINDS",
    "DIFFICULTIES",
    "parse_bank",
    "parse_pool",
    "check_plain_text",
    "bank_file_label",
]

QUESTION_TYPES = ("single", "multiple", "true_false", "numeric")
KINDS = ("recall", "understanding", "application")
DIFFICULTIES = ("easy", "medium", "hard")
#: Each attempt of the final assessment draws from a group; a group needs this many to choose from.
POOL_MIN_PER_GROUP = 3
_OBJECTIVE = re.compile(r"^O(\d+)\.(\d+)$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# A tag opener ("<b", "</", "<!", "<?": HTML needs the letter right after "<") or a character
# entity ("&lt;", "&#60;"): markup, refused.  "5 < 7" is plain text.
# Characters XML 1.0 cannot hold (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF),
# and DEL: refused in every bank string, so no export can be broken by one.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class BankError(CsatInputError):
    """A quiz bank that breaks the format.

    The message names the file, the question id and the field, e.g.
    ``banks/ch03.yml: question 'ch03-q02', field 'options[1].feedback': missing.``

    Examples
    --------
    >>> err = BankError("missing", file="banks/ch03.yml", question="ch03-q02",
    ...                 field="options[1].feedback", fix="write why this option is wrong")
    >>> print(err)
    banks/ch03.yml: question 'ch03-q02', field 'options[1].feedback': missing. Fix: write why this option is wrong.
    """

    def __init__(self, problem: str, *, file: str, question: str | None = None,
                 field: str | None = None, value: Any = CsatInputError._UNSET,
                 fix: str | None = None) -> None:
        super().__init__(problem, argument=file, value=value, fix=fix)
        self.file = file
        self.question = question
        self.field = field
        where = [f"question {question!r}"] if question else []
        if field:
            where.append(f"field {field!r}")
        text = f"{file}: " + (", ".join(where) + ": " if where else "") + problem
        if value is not CsatInputError._UNSET:
            shown = repr(value)
            text += f" (value {shown[:80] + '...' if len(shown) > 80 else shown})"
        text += "."
        if fix:
            text += f" Fix: {fix.rstrip('.')}."
        self.args = (text,)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Option:
    """One answer option: its text, whether it is correct, and the feedback for picking it."""

    text: str
    correct: bool
    feedback: str
    key: str | None = None


@dataclass(frozen=True)
class Table:
    """A small data table shown with a question and fed to its ``compute`` recipe."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, name: str) -> list[Any]:
        return [row[self.columns.index(name)] for row in self.rows]

    def display(self) -> tuple[tuple[bool, ...], tuple[tuple[str, ...], ...]]:
        """(which columns are numeric, the cells as text) with one number of decimals per column.

        Examples
        --------
        >>> Table(("item", "score"), (("a", 6.0), ("b", 5.25), ("c", 4))).display()
        ((False, True), (('a', '6.00'), ('b', '5.25'), ('c', '4.00')))
        """
        numeric, columns = [], []
        for c in range(len(self.columns)):
            values = [row[c] for row in self.rows]
            is_num = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
            places = max((len(repr(float(v)).split(".")[1]) for v in values
                          if isinstance(v, float) and "e" not in repr(v)), default=0) if is_num else 0
            if is_num and any(isinstance(v, float) for v in values):
                places = max(places, 1)
            numeric.append(is_num)
            columns.append([f"{v:.{places}f}" if is_num else str(v) for v in values])
        return tuple(numeric), tuple(tuple(col[r] for col in columns) for r in range(len(self.rows)))


@dataclass(frozen=True)
class WrongAnswer:
    """A common wrong numeric answer (computed, never typed) and the feedback that explains it."""

    compute: Mapping[str, Any]
    feedback: str
    value: float | None = None


@dataclass(frozen=True)
class Question:
    """One question of a bank, after parsing (numeric ``answer`` is filled in by :func:`resolve`)."""

    id: str
    type: str
    kind: str
    objective: str
    difficulty: str
    text: str
    options: tuple[Option, ...] = ()
    table: Table | None = None
    compute: Mapping[str, Any] | None = None
    tolerance: float | None = None
    decimals: int = 1
    unit: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()
    answer: float | str | None = None
    #: The options keep the author's order on the page (a scale in order, "all of the above").
    fixed_order: bool = False

    @property
    def correct_options(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.correct)


@dataclass(frozen=True)
class Bank:
    """A chapter's bank: its id, title, the chapter page it belongs to, and its questions."""

    chapter: str
    title: str
    page: str
    questions: tuple[Question, ...]
    path: str = ""
    objectives_cited: frozenset[str] = field(default_factory=frozenset)
    #: The language of its text (``"en"`` as written; see :func:`book.quizzes.translate.translate`).
    lang: str = "en"


@dataclass(frozen=True)
class Pool:
    """A chapter's pool of final-assessment questions, in groups of objectives (one drawn per group)."""

    chapter: str
    groups: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]
    path: str = ""
    lang: str = "en"

    def group_questions(self, group: int) -> tuple[Question, ...]:
        """The questions of group ``group`` (index): those citing one of its objectives."""
        return tuple(q for q in self.questions if q.objective in self.groups[group])


def check_plain_text(text: Any, *, file: str, question: str | None, field: str) -> str:
    """Return ``text`` if it is a non-empty plain string; raise :class:`BankError` otherwise.

    Examples
    --------
    >>> check_plain_text("rate < degree? no: 5 < 7", file="f.yml", question="q1", field="text")
    'rate < degree? no: 5 < 7'
    >>> check_plain_text("<script>alert(1)</script>", file="f.yml", question="q1", field="text")
    Traceback (most recent call last):
    ...
    book.quizzes.schema.BankError: f.yml: question 'q1', field 'text': contains HTML markup ...
    """
    if not isinstance(text, str) or not text.strip():
        raise BankError("missing or empty text", file=file, question=question, field=field,
                        value=text, fix="write plain text here")
    control = _CONTROL.search(text)
    if control:
        raise BankError(f"contains the control character U+{ord(control.group(0)):04X} at position "
                        f"{control.start()}", file=file, question=question, field=field,
                        fix="delete it (it is invisible; retype the text around it)")
    hit = _MARKUP.search(text)
    if hit:
        raise BankError(f"contains HTML markup {hit.group(0)!r}; bank text must be plain", file=file,
                        question=question, field=field, value=text,
                        fix="remove the tag or entity (write '<' followed by a space, or words)")
    return text


def _require(mapping: Mapping[str, Any], key: str, *, file: str, question: str | None,
             prefix: str = "") -> Any:
    if key not in mapping or mapping[key] is None:
        raise BankError("missing", file=file, question=question, field=prefix + key,
                        fix=f"add '{key}:' to the question")
    return mapping[key]


def _choice(value: Any, allowed: Sequence[str], *, file: str, question: str, field: str) -> str:
    if value not in allowed:
        raise BankError(f"must be one of {', '.join(allowed)}", file=file, question=question,
                        field=field, value=value)
    return str(value)


def _parse_options(raw: Any, qtype: str, *, file: str, qid: str, computed: bool) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise BankError("needs a list of at least two options", file=file, question=qid,
                        field="options", value=raw)
    options = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"options[{i}]"
        if not isinstance(item, Mapping):
            raise BankError("each option must be a mapping with text and feedback", file=file,
                            question=qid, field=where, value=item)
        unknown = set(item) - {"text", "correct", "feedback", "key"}
        if unknown:
            raise BankError(f"unknown keys {sorted(unknown)}", file=file, question=qid, field=where)
        text = check_plain_text(item.get("text"), file=file, question=qid, field=f"{where}.text")
        if text in seen:
            raise BankError("two options have the same text", file=file, question=qid,
                            field=f"{where}.text", value=text)
        seen.add(text)
        if "feedback" not in item:
            raise BankError("missing feedback", file=file, question=qid, field=f"{where}.feedback",
                            fix="say why this option is right or wrong")
        feedback = check_plain_text(item["feedback"], file=file, question=qid, field=f"{where}.feedback")
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            raise BankError("must be true or false", file=file, question=qid,
                            field=f"{where}.correct", value=correct)
        key = item.get("key")
        if computed:
            if key is None:
                raise BankError("a computed single-choice question needs a key on every option",
                                file=file, question=qid, field=f"{where}.key")
            if "correct" in item:
                raise BankError("do not type 'correct' when the answer is computed", file=file,
                                question=qid, field=f"{where}.correct")
        options.append(Option(text=text, correct=correct, feedback=feedback,
                              key=None if key is None else str(key)))
    if not computed:
        n_correct = sum(o.correct for o in options)
        if qtype == "single" and n_correct != 1:
            raise BankError(f"single choice needs exactly one correct option, found {n_correct}",
                            file=file, question=qid, field="options",
                            fix="mark one option 'correct: true' (use type 'multiple' for several)")
        if qtype == "multiple" and n_correct < 1:
            raise BankError("multiple choice needs at least one correct option, found 0", file=file,
                            question=qid, field="options")
    return tuple(options)


def _parse_table(raw: Any, *, file: str, qid: str) -> Table:
    if not isinstance(raw, Mapping) or "columns" not in raw or "rows" not in raw:
        raise BankError("a table needs 'columns' and 'rows'", file=file, question=qid, field="table")
    columns = tuple(check_plain_text(c, file=file, question=qid, field="table.columns")
                    for c in raw["columns"])
    rows = []
    for r, row in enumerate(raw["rows"]):
        if not isinstance(row, list) or len(row) != len(columns):
            raise BankError(f"row has {len(row) if isinstance(row, list) else 'no'} cells for "
                            f"{len(columns)} columns", file=file, question=qid,
                            field=f"table.rows[{r}]", value=row)
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                check_plain_text(cell, file=file, question=qid, field=f"table.rows[{r}][{c}]")
            elif isinstance(cell, bool) or not isinstance(cell, (int, float)):
                raise BankError("a cell must be text or a number", file=file, question=qid,
                                field=f"table.rows[{r}][{c}]", value=cell)
        rows.append(tuple(row))
    return Table(columns=columns, rows=tuple(rows))


def _parse_compute(raw: Any, *, file: str, qid: str, field: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("function"), str):
        raise BankError("needs 'function:' (a recipe name) and optional 'args:'", file=file,
                        question=qid, field=field, value=raw)
    args = raw.get("args", {}) or {}
    if not isinstance(args, Mapping):
        raise BankError("'args' must be a mapping", file=file, question=qid, field=f"{field}.args")
    return {"function": raw["function"], "args": dict(args)}


def _parse_question(raw: Any, index: int, *, file: str, chapter_number: int) -> Question:
    if not isinstance(raw, Mapping):
        raise BankError("a question must be a mapping", file=file, field=f"questions[{index}]")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise BankError("missing or malformed id", file=file, field=f"questions[{index}].id", value=qid,
                        fix="give every question an id such as 'ch03-q01'")
    qtype = _choice(_require(raw, "type", file=file, question=qid), QUESTION_TYPES,
                    file=file, question=qid, field="type")
    kind = _choice(_require(raw, "kind", file=file, question=qid), KINDS,
                   file=file, question=qid, field="kind")
    difficulty = _choice(_require(raw, "difficulty", file=file, question=qid), DIFFICULTIES,
                         file=file, question=qid, field="difficulty")
    objective = _require(raw, "objective", file=file, question=qid)
    match = _OBJECTIVE.match(str(objective))
    if not match or int(match.group(1)) != chapter_number:
        raise BankError(f"must be an objective id of chapter {chapter_number} such as "
                        f"O{chapter_number}.1", file=file, question=qid, field="objective",
                        value=objective)
    text = check_plain_text(raw.get("text"), file=file, question=qid, field="text")
    allowed = {"id", "type", "kind", "difficulty", "objective", "text", "fixed_order"}
    fixed_order = raw.get("fixed_order", False)
    if not isinstance(fixed_order, bool):
        raise BankError("must be true or false", file=file, question=qid, field="fixed_order",
                        value=fixed_order, fix="write 'fixed_order: true' when the option order means something")
    common = dict(id=qid, type=qtype, kind=kind, objective=str(objective), difficulty=difficulty,
                  text=text, fixed_order=fixed_order)
    table = _parse_table(raw["table"], file=file, qid=qid) if "table" in raw else None
    allowed.add("table")

    if qtype in ("single", "multiple"):
        allowed |= {"options", "compute"}
        computed = "compute" in raw
        if computed and qtype != "single":
            raise BankError("only single-choice questions may compute their answer", file=file,
                            question=qid, field="compute")
        compute = _parse_compute(raw["compute"], file=file, qid=qid, field="compute") if computed else None
        options = _parse_options(_require(raw, "options", file=file, question=qid), qtype,
                                 file=file, qid=qid, computed=computed)
        question = Question(**common, options=options, table=table, compute=compute)
    elif qtype == "true_false":
        allowed |= {"answer", "feedback"}
        answer = _require(raw, "answer", file=file, question=qid)
        if not isinstance(answer, bool):
            raise BankError("must be true or false", file=file, question=qid, field="answer",
                            value=answer)
        fb = _require(raw, "feedback", file=file, question=qid)
        if not isinstance(fb, Mapping):
            raise BankError("needs feedback for true and for false", file=file, question=qid,
                            field="feedback")
        options = []
        for value, label in ((True, "True"), (False, "False")):
            if value not in fb:
                raise BankError("missing feedback", file=file, question=qid,
                                field=f"feedback.{str(value).lower()}",
                                fix="say why this answer is right or wrong")
            options.append(Option(text=label, correct=(value == answer), key=str(value).lower(),
                                  feedback=check_plain_text(fb[value], file=file, question=qid,
                                                            field=f"feedback.{str(value).lower()}")))
        question = Question(**common, options=tuple(options), table=table)
    else:  # numeric
        allowed |= {"compute", "tolerance", "decimals", "unit", "feedback", "wrong_answers"}
        if "answer" in raw:
            raise BankError("numeric answers are computed, never typed", file=file, question=qid,
                            field="answer", fix="remove 'answer:' and write a 'compute:' recipe")
        compute = _parse_compute(_require(raw, "compute", file=file, question=qid), file=file,
                                 qid=qid, field="compute")
        if "tolerance" not in raw:
            raise BankError("numeric question without tolerance", file=file, question=qid,
                            field="tolerance", fix="add 'tolerance:' (absolute, e.g. 0.1)")
        tolerance = raw["tolerance"]
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance > 0:
            raise BankError("tolerance must be a positive number", file=file, question=qid,
                            field="tolerance", value=tolerance)
        decimals = raw.get("decimals", 1)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
            raise BankError("decimals must be an integer 0..6", file=file, question=qid,
                            field="decimals", value=decimals)
        unit = raw.get("unit", "")
        if unit:
            check_plain_text(unit, file=file, question=qid, field="unit")
        fb = _require(raw, "feedback", file=file, question=qid)
        if not isinstance(fb, Mapping):
            raise BankError("needs feedback 'correct' and 'incorrect'", file=file, question=qid,
                            field="feedback")
        for k in ("correct", "incorrect"):
            if k not in fb:
                raise BankError("missing feedback", file=file, question=qid, field=f"feedback.{k}")
        wrong = []
        for i, w in enumerate(raw.get("wrong_answers", []) or []):
            where = f"wrong_answers[{i}]"
            if not isinstance(w, Mapping) or "feedback" not in w:
                raise BankError("missing feedback", file=file, question=qid, field=f"{where}.feedback")
            wrong.append(WrongAnswer(
                compute=_parse_compute(w.get("compute"), file=file, qid=qid, field=f"{where}.compute"),
                feedback=check_plain_text(w["feedback"], file=file, question=qid,
                                          field=f"{where}.feedback")))
        question = Question(
            **common, table=table, compute=compute, tolerance=float(tolerance), decimals=decimals,
            unit=unit,
            feedback_correct=check_plain_text(fb["correct"], file=file, question=qid,
                                              field="feedback.correct"),
            feedback_incorrect=check_plain_text(fb["incorrect"], file=file, question=qid,
                                                field="feedback.incorrect"),
            wrong_answers=tuple(wrong))
    unknown = set(raw) - allowed
    if unknown:
        raise BankError(f"unknown fields {sorted(unknown)} for type {qtype}", file=file,
                        question=qid, field=sorted(unknown)[0])
    return question


def _parse_questions(raw: Mapping[str, Any], *, file: str, chapter_number: int,
                     id_prefix: str = "") -> tuple[Question, ...]:
    questions_raw = _require(raw, "questions", file=file, question=None)
    if not isinstance(questions_raw, list) or not questions_raw:
        raise BankError("needs a non-empty list of questions", file=file, field="questions")
    questions = []
    seen: set[str] = set()
    for i, q in enumerate(questions_raw):
        question = _parse_question(q, i, file=file, chapter_number=chapter_number)
        if question.id in seen:
            raise BankError("duplicated id", file=file, question=question.id, field="id",
                            fix="give every question its own id")
        if not question.id.startswith(id_prefix):
            raise BankError(f"id must start with {id_prefix!r}", file=file, question=question.id,
                            field="id", fix=f"name it {id_prefix}q01, {id_prefix}q02, ...")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)


def _chapter(raw: Any, *, file: str, what: str) -> tuple[str, int]:
    if not isinstance(raw, Mapping):
        raise BankError(f"a {what} must be a mapping", file=file)
    chapter = _require(raw, "chapter", file=file, question=None)
    match = re.fullmatch(r"ch(\d\d)", str(chapter))
    if not match:
        raise BankError("chapter must look like 'ch03'", file=file, field="chapter", value=chapter)
    return str(chapter), int(match.group(1))


def parse_pool(raw: Any, *, file: str) -> Pool:
    """Check a final-assessment pool's structure and return it as a :class:`Pool`.

    Checked here: the fields, every question (as in a bank), ids ``final-chNN-...``, no
    objective in two groups, every question's objective in a group and at least
    :data:`POOL_MIN_PER_GROUP` questions per group.  Against the chapter's objectives and the
    banks: :func:`book.quizzes.banks.pool_problems`.

    Examples
    --------
    >>> q = {"type": "true_false", "kind": "application", "objective": "O3.1", "difficulty": "easy",
    ...      "answer": True, "feedback": {True: "Yes.", False: "No."}}
    >>> raw = {"chapter": "ch03", "groups": [["O3.1"]],
    ...        "questions": [dict(q, id=f"final-ch03-q0{i}", text=f"Case {i}.") for i in (1, 2, 3)]}
    >>> pool = parse_pool(raw, file="final/ch03.yml")
    >>> pool.groups, len(pool.group_questions(0))
    ((('O3.1',),), 3)
    >>> raw["groups"] = [["O3.1"], ["O3.2"]]
    >>> parse_pool(raw, file="final/ch03.yml")
    Traceback (most recent call last):
    ...
    book.quizzes.schema.BankError: final/ch03.yml: field 'groups[1]': has 0 questions, needs at least 3...
    """
    chapter, number = _chapter(raw, file=file, what="final-assessment pool (chapter, groups, questions)")
    unknown = set(raw) - {"chapter", "groups", "questions"}
    if unknown:
        raise BankError(f"unknown fields {sorted(unknown)}", file=file, field=sorted(unknown)[0])
    groups_raw = _require(raw, "groups", file=file, question=None)
    if not isinstance(groups_raw, list) or not groups_raw:
        raise BankError("needs a non-empty list of groups (lists of objective ids)", file=file,
                        field="groups", value=groups_raw)
    groups: list[tuple[str, ...]] = []
    placed: dict[str, int] = {}
    for g, group in enumerate(groups_raw):
        if not isinstance(group, list) or not group:
            raise BankError("a group is a non-empty list of objective ids", file=file,
                            field=f"groups[{g}]", value=group)
        for oid in group:
            if not _OBJECTIVE.match(str(oid)) or int(_OBJECTIVE.match(str(oid)).group(1)) != number:
                raise BankError(f"must be an objective id of chapter {number}", file=file,
                                field=f"groups[{g}]", value=oid)
            if str(oid) in placed:
                raise BankError(f"objective {oid} is already in group {placed[str(oid)]}", file=file,
                                field=f"groups[{g}]", fix="put every objective in exactly one group")
            placed[str(oid)] = g
        groups.append(tuple(str(o) for o in group))
    questions = _parse_questions(raw, file=file, chapter_number=number, id_prefix=f"final-{chapter}-")
    counts = [0] * len(groups)
    for q in questions:
        if q.objective not in placed:
            raise BankError(f"objective {q.objective} is in no group", file=file, question=q.id,
                            field="objective", fix="add it to a group or cite a grouped objective")
        counts[placed[q.objective]] += 1
    for g, count in enumerate(counts):
        if count < POOL_MIN_PER_GROUP:
            raise BankError(f"has {count} questions, needs at least {POOL_MIN_PER_GROUP}", file=file,
                            field=f"groups[{g}]", value=list(groups[g]),
                            fix="each attempt draws one question per group: write more questions for it")
    return Pool(chapter=chapter, groups=tuple(groups), questions=questions, path=file)


def parse_bank(raw: Any, *, file: str) -> Bank:
    """Check a bank's structure (as loaded from YAML) and return it as a :class:`Bank`.

    Numeric answers are not computed here (see :func:`book.quizzes.banks.resolve`).

    Examples
    --------
    >>> raw = {"chapter": "ch03", "title": "Rate", "page": "ch03-rate-vs-degree", "questions": [
    ...     {"id": "q1", "type": "true_false", "kind": "recall", "objective": "O3.1",
    ...      "difficulty": "easy", "text": "A rate counts satisfied customers.", "answer": True,
    ...      "feedback": {True: "Yes: S out of C.", False: "It does: S out of C."}}]}
    >>> bank = parse_bank(raw, file="ch03.yml")
    >>> [o.text for o in bank.questions[0].options], bank.questions[0].correct_options[0].text
    (['True', 'False'], 'True')
    >>> raw["questions"][0]["feedback"] = {True: "Yes."}
    >>> parse_bank(raw, file="ch03.yml")
    Traceback (most recent call last):
    ...
    book.quizzes.schema.BankError: ch03.yml: question 'q1', field 'feedback.false': missing feedback...
    """
    chapter, number = _chapter(raw, file=file, what="bank (chapter, title, page, questions)")
    title = check_plain_text(raw.get("title"), file=file, question=None, field="title")
    page = check_plain_text(raw.get("page"), file=file, question=None, field="page")
    questions = _parse_questions(raw, file=file, chapter_number=number)
    return Bank(chapter=chapter, title=title, page=page, questions=tuple(questions),
                path=file, objectives_cited=frozenset(q.objective for q in questions))


def bank_file_label(path: Path, root: Path | None = None) -> str:
    """The file name used in messages: relative to ``root`` when possible."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
