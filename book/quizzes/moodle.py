"""Write the banks as Moodle XML (one ``$course$`` category per chapter, feedback per answer).

Question types: ``single`` and ``multiple`` become ``multichoice`` (``<single>true|false``),
``true_false`` becomes ``truefalse``, ``numeric`` becomes ``numerical`` with its tolerance, its
computed common mistakes (0 %, with their feedback) and a catch-all ``*`` answer carrying the
general "incorrect" feedback.  Text is plain in the banks; here it is HTML-escaped into
``format="html"`` fields, and the question's table (if any) becomes an HTML table.

Robust against any bank text: no bank text goes into an XML comment (``--`` cannot end one),
a control character XML cannot hold is refused with a :class:`BankError` naming the file, the
question and the field (:func:`check_section`), and :func:`check_moodle_xml` parses what was
written and checks every question is there, naming the first one that is not.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .schema import _CONTROL, _ID, Bank, BankError, Question

__all__ = ["CATEGORY_ROOT", "Section", "category_level", "bank_section", "question_strings", "check_section",
           "text_html", "question_html", "fraction", "sections_to_moodle_xml", "bank_to_moodle_xml",
           "banks_to_moodle_xml", "check_moodle_xml"]

CATEGORY_ROOT = "$course$/top"
DEFAULT_COURSE = "Customer satisfaction course"


@dataclass(frozen=True)
class Section:
    """One category of an export: its path under :data:`CATEGORY_ROOT`, its description and questions.

    ``source`` is the file the questions come from (named in errors).
    """

    category: str
    info: str
    questions: tuple[Question, ...]
    source: str = ""


def category_level(name: str) -> str:
    r"""One level of a Moodle category path: one line, and ``/`` doubled (Moodle's escape).

    Examples
    --------
    >>> category_level("Rate / degree\n(draft)")
    'Rate // degree (draft)'
    """
    return re.sub(r"[\r\n\t\x85\u2028\u2029]+", " ", name).strip().replace("/", "//")


def bank_section(bank: Bank, course: str = DEFAULT_COURSE) -> Section:
    """A bank as one category ``<course>/Chapter N: <title>`` (English words)."""
    number = int(bank.chapter[2:])
    return Section(f"{category_level(course)}/{category_level(f'Chapter {number}: {bank.title}')}",
                   f"Self-assessment questions of chapter {number}.", bank.questions, bank.path)


def question_strings(q: Question) -> Iterator[tuple[str, str]]:
    """Every string of ``q`` an export writes, with its field name."""
    yield "text", q.text
    for i, o in enumerate(q.options):
        yield f"options[{i}].text", o.text
        yield f"options[{i}].feedback", o.feedback
    if q.table is not None:
        yield from (("table.columns", str(c)) for c in q.table.columns)
        yield from ((f"table.rows[{r}]", c) for r, row in enumerate(q.table.rows) for c in row
                    if isinstance(c, str))
    yield "unit", q.unit
    yield "feedback.correct", q.feedback_correct
    yield "feedback.incorrect", q.feedback_incorrect
    for i, w in enumerate(q.wrong_answers):
        yield f"wrong_answers[{i}].feedback", w.feedback


def check_section(section: Section) -> None:
    r"""Refuse what no export can hold: control characters, malformed question ids.

    Examples
    --------
    >>> q = Question(id="q1", type="single", kind="recall", objective="O1.1", difficulty="easy",
    ...              text="Bell\x07", options=())
    >>> check_section(Section("c", "i", (q,), "banks/ch01.yml"))
    Traceback (most recent call last):
    ...
    book.quizzes.schema.BankError: banks/ch01.yml: question 'q1', field 'text': contains the control character U+0007...
    """
    for field, text in (("category", section.category), ("info", section.info)):
        hit = _CONTROL.search(text)
        if hit:
            raise BankError(f"contains the control character U+{ord(hit.group(0)):04X}",
                            file=section.source, field=field, fix="delete it from the title")
    for q in section.questions:
        if not _ID.match(q.id):
            raise BankError("malformed id", file=section.source, question=q.id, field="id")
        for field, text in question_strings(q):
            hit = _CONTROL.search(text)
            if hit:
                raise BankError(f"contains the control character U+{ord(hit.group(0)):04X} at position "
                                f"{hit.start()}", file=section.source, question=q.id, field=field,
                                fix="delete it (it is invisible; retype the text around it)")
# The grades Moodle accepts for an answer (question/format.php); others are refused on import.
_MOODLE_GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                  16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)


def fraction(share: float) -> str:
    """The Moodle grade (as text) nearest ``share`` x 100, keeping its sign.

    Examples
    --------
    >>> fraction(1 / 3), fraction(-0.5), fraction(1), fraction(0)
    ('33.33333', '-50', '100', '0')
    """
    target = abs(share) * 100
    best = min(_MOODLE_GRADES, key=lambda g: abs(g - target))
    text = f"{best:.5f}".rstrip("0").rstrip(".")
    return ("-" if share < 0 and best else "") + text


def text_html(text: str) -> str:
    """Plain text as HTML text: ``& < >`` escaped (quotes need no escaping outside attributes).

    Examples
    --------
    >>> print(text_html("owners' 5 < 7 & more"))
    owners' 5 &lt; 7 &amp; more
    """
    return html.escape(text, quote=False)


def question_html(q: Question) -> str:
    """The question text as HTML: escaped text, then the escaped table."""
    parts = [f"<p>{text_html(q.text)}</p>"]
    if q.table is not None:
        head = "".join(f"<th>{text_html(str(c))}</th>" for c in q.table.columns)
        body = "".join("<tr>" + "".join(f"<td>{text_html(c)}</td>" for c in row) + "</tr>"
                       for row in q.table.display()[1])
        parts.append(f"<table border=\"1\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts)


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    node = ET.SubElement(parent, tag)
    if fmt:
        node.set("format", fmt)
    ET.SubElement(node, "text").text = value
    return node


def _answer(parent: ET.Element, grade: str, text: str, feedback: str, *,
            fmt: str = "html", tolerance: float | None = None) -> None:
    node = ET.SubElement(parent, "answer", fraction=grade, format=fmt)
    ET.SubElement(node, "text").text = text
    if tolerance is not None:
        ET.SubElement(node, "tolerance").text = repr(tolerance)
    _text(node, "feedback", text_html(feedback))


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _question(q: Question) -> ET.Element:
    qtype = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
             "numeric": "numerical"}[q.type]
    node = ET.Element("question", type=qtype)
    name = ET.SubElement(node, "name")
    ET.SubElement(name, "text").text = q.id
    _text(node, "questiontext", question_html(q))
    _text(node, "generalfeedback", "")
    ET.SubElement(node, "defaultgrade").text = "1"
    ET.SubElement(node, "penalty").text = "0.3333333"
    ET.SubElement(node, "hidden").text = "0"
    ET.SubElement(node, "idnumber").text = q.id
    if q.type in ("single", "multiple"):
        ET.SubElement(node, "single").text = "true" if q.type == "single" else "false"
        ET.SubElement(node, "shuffleanswers").text = "true"
        ET.SubElement(node, "answernumbering").text = "abc"
        n_right = len(q.correct_options)
        n_wrong = len(q.options) - n_right
        for o in q.options:
            if q.type == "single":
                grade = "100" if o.correct else "0"
            else:
                grade = fraction(1 / n_right) if o.correct else fraction(-1 / n_wrong)
            _answer(node, grade, text_html(o.text), o.feedback)
    elif q.type == "true_false":
        for o in q.options:  # "true" then "false": Moodle's words, whatever the language
            _answer(node, "100" if o.correct else "0", str(o.key), o.feedback,
                    fmt="moodle_auto_format")
    else:
        tolerance = float(q.tolerance or 0.0)
        _answer(node, "100", _number(float(q.answer)), q.feedback_correct,  # type: ignore[arg-type]
                fmt="moodle_auto_format", tolerance=tolerance)
        for w in q.wrong_answers:
            _answer(node, "0", _number(float(w.value)), w.feedback,  # type: ignore[arg-type]
                    fmt="moodle_auto_format", tolerance=tolerance)
        _answer(node, "0", "*", q.feedback_incorrect, fmt="moodle_auto_format", tolerance=0.0)
        ET.SubElement(node, "unitgradingtype").text = "0"
        ET.SubElement(node, "unitpenalty").text = "0.1000000"
        ET.SubElement(node, "showunits").text = "3"
        ET.SubElement(node, "unitsleft").text = "0"
    tags = ET.SubElement(node, "tags")
    for tag in (q.objective, q.difficulty, q.kind):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return node


def _category(section: Section) -> ET.Element:
    node = ET.Element("question", type="category")
    ET.SubElement(ET.SubElement(node, "category"), "text").text = f"{CATEGORY_ROOT}/{section.category}"
    _text(node, "info", text_html(section.info))
    return node


def sections_to_moodle_xml(sections: Iterable[Section]) -> bytes:
    """One Moodle XML document (UTF-8): each section's category, then its questions."""
    quiz = ET.Element("quiz")
    for section in sections:
        check_section(section)
        quiz.append(_category(section))
        for q in section.questions:
            quiz.append(_question(q))
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"


def banks_to_moodle_xml(banks: Iterable[Bank]) -> bytes:
    """One Moodle XML document (UTF-8) with a category per bank (English words), then its questions."""
    return sections_to_moodle_xml(bank_section(b) for b in banks)


def bank_to_moodle_xml(bank: Bank) -> bytes:
    """Moodle XML of one bank."""
    return banks_to_moodle_xml([bank])


def check_moodle_xml(data: bytes, sections: list[Section], *, file: str) -> None:
    """Parse a written Moodle XML file; its categories and questions must be the sections'.

    Raises a :class:`BankError` naming the bank file and question that did not survive.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        for section in sections:  # find the question whose XML does not parse
            for q in section.questions:
                try:
                    ET.fromstring(ET.tostring(_question(q)))
                except ET.ParseError:
                    raise BankError(f"its Moodle XML is not well-formed ({exc}) in {file}",
                                    file=section.source, question=q.id) from exc
        raise BankError(f"not well-formed XML: {exc}", file=file) from exc
    found = [(q.findtext("category/text") if q.get("type") == "category" else q.findtext("idnumber"))
             for q in root.findall("question")]
    expected = [e for s in sections for e in (f"{CATEGORY_ROOT}/{s.category}", *(q.id for q in s.questions))]
    if found != expected:
        at = next(i for i, pair in enumerate(zip(found + [None] * len(expected), expected)) if pair[0] != pair[1])
        source = next(s.source for s in sections if expected[at] in
                      (f"{CATEGORY_ROOT}/{s.category}", *(q.id for q in s.questions)))
        raise BankError(f"the Moodle XML file {file} has {found[at] if at < len(found) else 'nothing'!r} "
                        f"where {expected[at]!r} belongs", file=source,
                        question=expected[at] if not expected[at].startswith(CATEGORY_ROOT) else None)
