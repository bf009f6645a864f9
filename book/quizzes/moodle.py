"""Write the banks as Moodle XML (one ``$course$`` category per chapter, feedback per answer).

Question types: ``single`` and ``multiple`` become ``multichoice`` (``<single>true|false``),
``true_false`` becomes ``truefalse``, ``numeric`` becomes ``numerical`` with its tolerance, its
computed common mistakes (0 %, with their feedback) and a catch-all ``*`` answer carrying the
general "incorrect" feedback.  Text is plain in the banks; here it is HTML-escaped into
``format="html"`` fields, and the question's table (if any) becomes an HTML table.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .schema import Bank, Question

__all__ = ["CATEGORY_ROOT", "text_html", "question_html", "fraction", "bank_to_moodle_xml",
           "banks_to_moodle_xml"]

CATEGORY_ROOT = "$course$/top/Customer satisfaction course"
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


def category_path(bank: Bank) -> str:
    return f"{CATEGORY_ROOT}/Chapter {int(bank.chapter[2:])}: {bank.title}"


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
        for o in q.options:  # "True" then "False"
            _answer(node, "100" if o.correct else "0", o.text.lower(), o.feedback,
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


def _category(bank: Bank) -> ET.Element:
    node = ET.Element("question", type="category")
    ET.SubElement(ET.SubElement(node, "category"), "text").text = category_path(bank)
    _text(node, "info", text_html(f"Self-assessment questions of chapter {int(bank.chapter[2:])}."))
    return node


def banks_to_moodle_xml(banks: Iterable[Bank]) -> bytes:
    """One Moodle XML document (UTF-8) with a category per bank, then its questions."""
    quiz = ET.Element("quiz")
    for bank in banks:
        quiz.append(ET.Comment(f" {bank.chapter}: {bank.title} ({len(bank.questions)} questions) "))
        quiz.append(_category(bank))
        for q in bank.questions:
            quiz.append(_question(q))
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"


def bank_to_moodle_xml(bank: Bank) -> bytes:
    """Moodle XML of one bank."""
    return banks_to_moodle_xml([bank])
