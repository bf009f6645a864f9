"""Write the banks in Moodle's GIFT text format, and read GIFT back (for the round-trip test).

Each chapter starts with ``$CATEGORY: $course$/top/<course>/Chapter N: ...`` (one line);
each question is preceded by a comment carrying its id and tags (``// [id:ch03-q01] [tag:O3.1]``,
which Moodle imports) and written as ``::id::[html]text{answers}``.  Text is HTML-escaped, then
GIFT's special characters ``~ = # { } :`` and the backslash are escaped with a backslash, and a
line break is written ``\n``: no bank text can end a question or start another one.  No bank text
goes into a comment.  :func:`check_gift` reads a written file back and checks every question.

* single choice: ``=right#feedback ~wrong#feedback``
* multiple choice: ``~%50%right#feedback ~%-50%wrong#feedback`` (no ``=``: Moodle allows several)
* true/false: ``{TRUE#feedback if answered wrong#feedback if answered right}`` (Moodle's order)
* numeric: ``{#=answer:tolerance#feedback =%0%mistake:tolerance#feedback ####general feedback}``;
  GIFT has no "any other answer", so the bank's "incorrect" feedback becomes general feedback.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .moodle import CATEGORY_ROOT, Section, bank_section, check_section, fraction, question_html, text_html
from .schema import Bank, BankError, Question

__all__ = ["gift_escape", "gift_unescape", "sections_to_gift", "bank_to_gift", "banks_to_gift", "GiftQuestion",
           "GiftAnswer", "read_gift", "check_gift"]

_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters and newlines.

    Examples
    --------
    >>> print(gift_escape("a=b: {c} #1 ~ \\"))
    a\=b\: \{c\} \#1 \~ \\
    """
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    # every line break (also a lone CR, which some readers take as one) becomes GIFT's "\n"
    return re.sub(r"\r\n|\r|\n|\x85|\u2028|\u2029", "\\\\n", out)


def gift_unescape(text: str) -> str:
    r"""Undo :func:`gift_escape`.

    Examples
    --------
    >>> gift_unescape(gift_escape("x = {y}: #1 \\ ~z\nnext")) == "x = {y}: #1 \\ ~z\nnext"
    True
    """
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _h(text: str) -> str:
    return gift_escape(text_html(text))


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _answers(q: Question) -> str:
    if q.type == "single":
        return " ".join(("=" if o.correct else "~") + f"{_h(o.text)}#{_h(o.feedback)}" for o in q.options)
    if q.type == "multiple":
        n_right = len(q.correct_options)
        n_wrong = len(q.options) - n_right
        parts = []
        for o in q.options:
            grade = fraction(1 / n_right) if o.correct else fraction(-1 / n_wrong)
            parts.append(f"~%{grade}%{_h(o.text)}#{_h(o.feedback)}")
        return " ".join(parts)
    if q.type == "true_false":
        right = q.correct_options[0]
        wrong = next(o for o in q.options if not o.correct)
        return f"{str(right.key).upper()}#{_h(wrong.feedback)}#{_h(right.feedback)}"  # TRUE/FALSE in any language
    tol = _number(float(q.tolerance or 0.0))
    parts = [f"#={_number(float(q.answer))}:{tol}#{_h(q.feedback_correct)}"]  # type: ignore[arg-type]
    parts += [f"=%0%{_number(float(w.value))}:{tol}#{_h(w.feedback)}"  # type: ignore[arg-type]
              for w in q.wrong_answers]
    return " ".join(parts) + f" ####{_h('If your answer was marked wrong: ' + q.feedback_incorrect)}"


def _question(q: Question) -> str:
    tags = " ".join(f"[tag:{t}]" for t in (q.objective, q.difficulty, q.kind))
    return (f"// [id:{q.id}] {tags}\n"
            f"::{gift_escape(q.id)}::[html]{gift_escape(question_html(q))}{{{_answers(q)}}}\n")


def sections_to_gift(sections: Iterable[Section]) -> str:
    """GIFT text of the sections: a ``$CATEGORY`` line per section, a blank line between questions."""
    blocks = []
    for section in sections:
        check_section(section)
        blocks.append(f"// {len(section.questions)} questions\n$CATEGORY: {CATEGORY_ROOT}/{section.category}\n")
        blocks.extend(_question(q) for q in section.questions)
    return "\n".join(blocks)


def banks_to_gift(banks: Iterable[Bank]) -> str:
    """GIFT text of the banks, a category per bank (English words)."""
    return sections_to_gift(bank_section(b) for b in banks)


def bank_to_gift(bank: Bank) -> str:
    """GIFT text of one bank."""
    return banks_to_gift([bank])


@dataclass
class GiftAnswer:
    text: str
    weight: float
    feedback: str = ""
    tolerance: float | None = None
    correct_flag: str = ""  # "=" or "~" as written


@dataclass
class GiftQuestion:
    category: str
    name: str
    text: str  # the question's HTML, as written
    type: str  # multichoice | truefalse | numerical
    answers: list[GiftAnswer] = field(default_factory=list)
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    general_feedback: str = ""
    truth: bool | None = None


def _split_unescaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` characters not preceded by a backslash escape."""
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _find_unescaped(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def _answer_tokens(body: str) -> list[str]:
    """Split an answer block into tokens, each starting with an unescaped ``=`` or ``~``."""
    tokens, current, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i:i + 2]
            i += 2
            continue
        if ch in "=~":
            if current.strip():
                tokens.append(current.strip())
            current = ch
        else:
            current += ch
        i += 1
    if current.strip():
        tokens.append(current.strip())
    return tokens


def _weight(token: str, default: float) -> tuple[float, str]:
    """Split a leading ``%weight%`` off an answer; ``default`` when there is none."""
    match = re.match(r"^%(-?[0-9.]+)%", token)
    if match:
        return float(match.group(1)), token[match.end():]
    return default, token


def read_gift(text: str) -> list[GiftQuestion]:
    """Parse GIFT (the subset :func:`banks_to_gift` writes) into :class:`GiftQuestion` objects.

    Examples
    --------
    >>> qs = read_gift("$CATEGORY: c\\n\\n// [id:q1] [tag:O1.1]\\n::q1::[html]2\\\\=2?{TRUE#no#yes}\\n")
    >>> qs[0].name, qs[0].text, qs[0].type, qs[0].truth, qs[0].idnumber, qs[0].tags
    ('q1', '2=2?', 'truefalse', True, 'q1', ['O1.1'])
    """
    questions: list[GiftQuestion] = []
    category = ""
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        comments = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("//")]
        body = "\n".join(ln for ln in block.splitlines() if not ln.strip().startswith("//")).strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            category = body[len("$CATEGORY:"):].strip()
            continue
        comment = " ".join(comments)
        idnumber = (re.search(r"\[id:([^\]]+)\]", comment) or [None, ""])[1]
        tags = re.findall(r"\[tag:([^\]]+)\]", comment)
        if not body.startswith("::"):
            raise ValueError(f"GIFT question without a name: {body[:60]!r}")
        end = body.index("::", 2)
        name = gift_unescape(body[2:end])
        rest = body[end + 2:]
        start = _find_unescaped(rest, "{")
        close = rest.rstrip().rfind("}")
        if start < 0 or close < start:
            raise ValueError(f"GIFT question {name!r} has no answer block")
        qtext = rest[:start]
        if qtext.startswith("[html]"):
            qtext = qtext[len("[html]"):]
        answers_text = rest[start + 1:close].strip()
        general = ""
        if "####" in answers_text:
            answers_text, general = answers_text.split("####", 1)
            answers_text = answers_text.strip()
        q = GiftQuestion(category=category, name=name, text=gift_unescape(qtext),
                         type="", idnumber=idnumber, tags=tags,
                         general_feedback=html.unescape(gift_unescape(general.strip())))
        if answers_text.startswith("#"):
            q.type = "numerical"
            for token in _answer_tokens(answers_text[1:].strip()):
                weight, token = _weight(token[1:], 100.0)
                parts = _split_unescaped(token, "#")
                value, _, tol = parts[0].partition(":")
                q.answers.append(GiftAnswer(
                    text=value.strip(), weight=weight, correct_flag="=",
                    feedback=html.unescape(gift_unescape("#".join(parts[1:]).strip())),
                    tolerance=float(tol) if tol else 0.0))
        elif re.fullmatch(r"(TRUE|FALSE|T|F)(#.*)?", answers_text, flags=re.S):
            q.type = "truefalse"
            parts = _split_unescaped(answers_text, "#")
            q.truth = parts[0].strip() in ("TRUE", "T")
            wrong = html.unescape(gift_unescape(parts[1].strip())) if len(parts) > 1 else ""
            right = html.unescape(gift_unescape(parts[2].strip())) if len(parts) > 2 else ""
            q.answers = [GiftAnswer("true", 100.0 if q.truth else 0.0, right if q.truth else wrong),
                         GiftAnswer("false", 0.0 if q.truth else 100.0, wrong if q.truth else right)]
        else:
            q.type = "multichoice"
            for token in _answer_tokens(answers_text):
                flag, token = token[0], token[1:]
                weight, token = _weight(token, 100.0 if flag == "=" else 0.0)
                parts = _split_unescaped(token, "#")
                q.answers.append(GiftAnswer(text=html.unescape(gift_unescape(parts[0].strip())),
                                            weight=weight, correct_flag=flag,
                                            feedback=html.unescape(gift_unescape("#".join(parts[1:]).strip()))))
        questions.append(q)
    return questions



def check_gift(text: str, sections: list[Section], *, file: str) -> None:
    """Read a written GIFT file back: the same questions, in order, with their answers.

    Raises a :class:`BankError` naming the bank file and the first question that did not survive.
    """
    expected = [(s, q) for s in sections for q in s.questions]
    try:
        found = read_gift(text)
    except (ValueError, IndexError) as exc:
        raise BankError(f"the GIFT file {file} cannot be read back: {exc}", file=file) from exc
    for i, (section, q) in enumerate(expected):
        g = found[i] if i < len(found) else None
        n_answers = 2 if q.type == "true_false" else (1 + len(q.wrong_answers) if q.type == "numeric"
                                                      else len(q.options))
        kind = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
                "numeric": "numerical"}[q.type]
        if (g is None or g.name != q.id or g.type != kind or len(g.answers) != n_answers
                or g.category != f"{CATEGORY_ROOT}/{section.category}"):
            got = "nothing" if g is None else f"{g.name!r} ({g.type}, {len(g.answers)} answers)"
            raise BankError(f"the GIFT file {file} reads back {got} for this {kind} question with "
                            f"{n_answers} answers", file=section.source, question=q.id)
    if len(found) > len(expected):
        raise BankError(f"the GIFT file {file} reads back {len(found)} questions, "
                        f"{len(expected)} were written (extra: {found[len(expected)].name!r})", file=file)
