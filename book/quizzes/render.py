"""Show the quizzes in a book page or a live notebook: ``show_quiz("ch03")``.

In a notebook the output holds everything: a container ``<div>``, the quiz as JSON in a
``<script type="application/json">`` (made from the bank; ``<``, ``>`` and ``&`` are written as
``\\u003c`` etc. so no bank text can close the script element), and the self-hosted
``static/csat-quiz.js`` + ``.css`` inline.

In the book (``CSAT_BOOK_BUILD=1``) the executed page holds only the container and three
same-site references: ``../quizzes/csat-quiz.css``, ``../quizzes/<quiz>.js`` (the data) and
``../quizzes/csat-quiz.js``, which the build step :mod:`book.quizzes.export` writes from the
banks every time (:func:`book_assets`).  So an edited bank reaches the pages even when Jupyter
Book reuses its execution cache, and the pages also work from ``file://`` with no server.

Either way the script puts every bank string into the page with ``textContent``, so nothing in a
bank is ever parsed as HTML.  No CDN, no MathJax, no kernel needed once rendered.
"""

from __future__ import annotations

import json
import math
import os
import random
from functools import lru_cache
from importlib import resources
from typing import Any

from .banks import cached_banks, format_number
from .schema import Bank, Question

__all__ = [
    "FINAL_SEED",
    "FINAL_PER_CHAPTER",
    "PASS_MARK",
    "question_data",
    "quiz_data",
    "final_questions",
    "final_data",
    "progress_data",
    "quiz_html",
    "progress_html",
    "show_quiz",
    "show_final_assessment",
    "show_progress",
    "describe_final",
    "book_assets",
]

#: The final assessment draws FINAL_PER_CHAPTER questions from every chapter with this seed.
FINAL_SEED = 2026
FINAL_PER_CHAPTER = 3
#: Share of the final assessment's questions to answer right (at the first try) to pass.
PASS_MARK = 0.7
PROGRESS_PAGE = "progress.html"
#: Folder of the quiz assets in the HTML output, and its path from a page (pages are in chapters/).
ASSETS = "quizzes"
ASSETS_FROM_PAGE = "../../" + ASSETS  # pages are <edition>/chapters/*.html; the assets are shared


def question_data(q: Question) -> dict[str, Any]:
    """The JSON the page script reads for one question (answers included: it is a self-test)."""
    data: dict[str, Any] = {"id": q.id, "type": q.type, "text": q.text}
    if q.table is not None:
        numeric, rows = q.table.display()
        data["table"] = {"columns": list(q.table.columns), "numeric": list(numeric),
                         "rows": [list(r) for r in rows]}
    if q.type == "numeric":
        data.update(answer=q.answer, tolerance=q.tolerance, decimals=q.decimals, unit=q.unit,
                    feedback={"correct": q.feedback_correct, "incorrect": q.feedback_incorrect},
                    wrong=[{"value": w.value, "feedback": w.feedback} for w in q.wrong_answers])
    else:
        data["options"] = [{"text": o.text, "correct": o.correct, "feedback": o.feedback}
                           for o in q.options]
        # the page shuffles options per attempt unless their order means something
        data["fixedOrder"] = q.fixed_order
    return data


def quiz_data(quiz_id: str, title: str, questions: tuple[Question, ...] | list[Question], *,
              pass_mark: float | None = None, progress_url: str | None = None) -> dict[str, Any]:
    """The JSON of one quiz (a chapter's self-assessment or the final assessment)."""
    return {"id": quiz_id, "title": title, "passMark": pass_mark, "progressUrl": progress_url,
            "questions": [question_data(q) for q in questions]}


def final_questions(banks: dict[str, Bank], *, seed: int = FINAL_SEED,
                    per_chapter: int = FINAL_PER_CHAPTER) -> list[Question]:
    """The final assessment: ``per_chapter`` questions of every chapter, drawn with a fixed seed.

    One ``random.Random(seed)`` draws from each chapter in turn (chapters and questions in id
    order), so the same banks always give the same assessment, in chapter order.
    """
    rng = random.Random(seed)
    chosen: list[Question] = []
    for chapter in sorted(banks):
        questions = sorted(banks[chapter].questions, key=lambda q: q.id)
        picked = rng.sample(questions, min(per_chapter, len(questions)))
        chosen.extend(sorted(picked, key=lambda q: q.id))
    return chosen


def final_data(banks: dict[str, Bank] | None = None, *, progress_url: str | None = None) -> dict[str, Any]:
    banks = cached_banks() if banks is None else banks
    return quiz_data("final", "Final assessment", final_questions(banks), pass_mark=PASS_MARK,
                     progress_url=progress_url)


def progress_data(banks: dict[str, Bank] | None = None) -> dict[str, Any]:
    """What the My progress table lists: every chapter quiz, then the final assessment."""
    banks = cached_banks() if banks is None else banks
    quizzes = [{"id": b.chapter, "title": f"Chapter {int(b.chapter[2:])}: {b.title}",
                "url": f"{b.page}.html", "passMark": None} for _, b in sorted(banks.items())]
    quizzes.append({"id": "final", "title": "Final assessment", "url": "final-assessment.html",
                    "passMark": PASS_MARK})
    return {"quizzes": quizzes}


def _script_json(obj: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` or ``<!--`` can be formed."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (resources.files("book.quizzes") / "static" / name).read_text(encoding="utf-8")


def _in_book() -> bool:
    return os.environ.get("CSAT_BOOK_BUILD") == "1"


def _parts(kind: str, element_id: str, data: dict[str, Any]) -> tuple[str, str]:
    """(HTML with the container, data and style; the JavaScript) for one quiz or progress table."""
    source = f"{element_id}-data"
    html = (f'<style>{_asset("csat-quiz.css")}</style>\n'
            f'<script type="application/json" id="{source}">{_script_json(data)}</script>\n'
            f'<div class="{kind}" id="{element_id}" data-source="{source}">'
            '<p>This self-assessment needs JavaScript. If you see this line in Jupyter, '
            'trust the notebook and run the cell again.</p></div>')
    return html, _asset("csat-quiz.js")


def _data_script(key: str, data: dict[str, Any]) -> str:
    return ("window.CsatQuizData = window.CsatQuizData || {};\n"
            f"window.CsatQuizData[{_script_json(key)}] = {_script_json(data)};\n")


def book_assets(banks: dict[str, Bank] | None = None) -> dict[str, str]:
    """The files of ``<html>/quizzes/``: script, style, and one data script per quiz."""
    banks = cached_banks() if banks is None else banks
    files = {"csat-quiz.js": _asset("csat-quiz.js"), "csat-quiz.css": _asset("csat-quiz.css"),
             "progress.js": _data_script("progress", progress_data(banks)),
             "final.js": _data_script("final", final_data(banks, progress_url=PROGRESS_PAGE))}
    for chapter, bank in banks.items():
        files[f"{chapter}.js"] = _data_script(chapter, quiz_data(
            bank.chapter, f"Chapter {int(bank.chapter[2:])}: {bank.title}", bank.questions,
            progress_url=PROGRESS_PAGE))
    return files


def _book_html(kind: str, element_id: str, key: str) -> str:
    """The executed page's output in the book: a container and same-site asset references."""
    return (f'<link rel="stylesheet" href="{ASSETS_FROM_PAGE}/csat-quiz.css">\n'
            f'<div class="{kind}" id="{element_id}" data-quiz="{key}">'
            '<p>This self-assessment needs JavaScript.</p></div>\n'
            f'<script src="{ASSETS_FROM_PAGE}/{key}.js"></script>\n'
            f'<script src="{ASSETS_FROM_PAGE}/csat-quiz.js"></script>')


def quiz_html(quiz_id: str, banks: dict[str, Bank] | None = None) -> str:
    """A complete HTML fragment (style, data, script) of a chapter quiz or ``"final"``."""
    html, js = _parts(*_quiz_parts(quiz_id, banks))
    return f"{html}\n<script>{js}</script>"


def progress_html(banks: dict[str, Bank] | None = None) -> str:
    """A complete HTML fragment of the My progress table and its reset button."""
    html, js = _parts("csat-progress", "csat-progress", progress_data(banks))
    return f"{html}\n<script>{js}</script>"


def _quiz_parts(quiz_id: str, banks: dict[str, Bank] | None) -> tuple[str, str, dict[str, Any]]:
    banks = cached_banks() if banks is None else banks
    progress = PROGRESS_PAGE if _in_book() else None
    if quiz_id == "final":
        return "csat-quiz", "csat-quiz-final", final_data(banks, progress_url=progress)
    if quiz_id not in banks:
        raise KeyError(f"no quiz bank for {quiz_id!r}; banks: {', '.join(sorted(banks))}")
    bank = banks[quiz_id]
    return ("csat-quiz", f"csat-quiz-{quiz_id}",
            quiz_data(bank.chapter, f"Chapter {int(bank.chapter[2:])}: {bank.title}", bank.questions,
                      progress_url=progress))


def _display(html: str, js: str | None) -> None:
    from IPython.display import HTML, Javascript, display
    display(HTML(html))
    if js is not None:
        display(Javascript(js))


def show_quiz(chapter_id: str) -> None:
    """Display a chapter's self-assessment (``"ch01"`` .. ``"ch07"``, or ``"final"``).

    Works in the executed book page (no kernel needed afterwards) and in a live notebook.
    """
    kind, element_id, data = _quiz_parts(chapter_id, None)
    if _in_book():
        _display(_book_html(kind, element_id, data["id"]), None)
    else:
        _display(*_parts(kind, element_id, data))


def show_final_assessment() -> None:
    """Display the final assessment (a fixed-seed mix of every chapter's questions)."""
    show_quiz("final")


def show_progress() -> None:
    """Display the My progress table (scores from this browser's localStorage, reset button)."""
    if _in_book():
        _display(_book_html("csat-progress", "csat-progress", "progress"), None)
    else:
        _display(*_parts("csat-progress", "csat-progress", progress_data()))


def describe_final(banks: dict[str, Bank] | None = None) -> str:
    """One sentence for the final-assessment page: how many questions, pass mark, seed."""
    banks = cached_banks() if banks is None else banks
    n = len(final_questions(banks))
    need = math.ceil(PASS_MARK * n - 1e-9)  # 1e-9: 0.7 * 20 is 14.000000000000002 in floats
    return (f"{n} questions ({FINAL_PER_CHAPTER} from each of the {len(banks)} chapters, drawn with "
            f"the fixed seed {FINAL_SEED}). Pass mark: {need} of {n} right at the first try "
            f"({format_number(PASS_MARK * 100, 0)} %).")
