"""Show the quizzes in a book page or a live notebook: ``show_quiz("ch03", lang="zh")``.

Every quiz's data is in the reader's language (:func:`book.quizzes.translate.translate`) and
carries ``"lang"`` (the page's html lang code) and ``"ui"`` (the interface words of ``ui.yml``),
so the page script holds no words of its own.

In a notebook the output holds everything: a container ``<div>``, the quiz as JSON in a
``<script type="application/json">`` (made from the bank; ``<``, ``>`` and ``&`` are written as
``\\u003c`` etc. so no bank text can close the script element), and the self-hosted
``static/csat-quiz.js`` + ``.css`` inline.

In the book (``CSAT_BOOK_BUILD=1``) the executed page holds only the container and three
same-site references: ``../../quizzes/csat-quiz.css``, ``../../quizzes/<edition>/<quiz>.js``
(the data in the edition's language) and ``../../quizzes/csat-quiz.js``, which the build step
:mod:`book.quizzes.export` writes from the banks every time (:func:`book_assets`).  So an edited
bank reaches the pages even when Jupyter Book reuses its execution cache, and the pages also work
from ``file://`` with no server.

Either way the script puts every bank string into the page with ``textContent``, so nothing in a
bank is ever parsed as HTML.  No CDN, no MathJax, no kernel needed once rendered.

The final assessment draws, per attempt, ``draw`` question(s) from every group of objectives of
every chapter's pool (``final/chNN.yml``); the page script does the drawing.
"""

from __future__ import annotations

import json
import math
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from csat_examples.lang import check_lang, html_lang

from .banks import ROOT, cached_banks, cached_pools
from .schema import Bank, BankError, Pool, Question
from .translate import translate, translation
from .ui import ui_word, ui_words

__all__ = [
    "FINAL_DRAW",
    "PASS_MARK",
    "question_data",
    "quiz_data",
    "chapter_quiz_data",
    "final_data",
    "final_summary",
    "progress_data",
    "course_info",
    "chapter_title",
    "course_banks",
    "localised",
    "localise_all",
    "quiz_html",
    "progress_html",
    "show_quiz",
    "show_final_assessment",
    "show_progress",
    "book_assets",
]

#: Questions drawn per group of objectives in each attempt of the final assessment.
FINAL_DRAW = 1
#: Share of the final assessment's questions to answer right to pass, when the course file says none.
PASS_MARK = 0.7
PROGRESS_PAGE = "progress.html"
FINAL_PAGE = "final-assessment.html"
#: Folder of the quiz assets in the HTML output, and its path from a page (pages are in chapters/).
ASSETS = "quizzes"
ASSETS_FROM_PAGE = "../../" + ASSETS  # pages are <edition>/chapters/*.html; the assets are shared
LANG_VARIABLE = "CSAT_LANG"  # as book.notebook.LANG_VARIABLE: the book build sets the edition's language


def _lang(lang: str | None) -> str:
    """``lang``, else the edition's language the build sets, else English."""
    return check_lang(lang if lang is not None else os.environ.get(LANG_VARIABLE, "en"))


def _course():
    from book.course import active_course

    return active_course()


def course_banks(banks: dict[str, Bank] | None = None) -> dict[str, Bank]:
    """The banks of the chapters in the course (``CSAT_COURSE``), in chapter order."""
    banks = cached_banks() if banks is None else banks
    chapters = _course().chapters
    return {c: b for c, b in sorted(banks.items()) if chapters is None or b.page in chapters}


_TRANSLATED: dict[tuple[int, str], Any] = {}


def localised(obj: Bank | Pool, lang: str) -> Any:
    """``translate(obj, lang)``, computed once per object and language in this process."""
    key = (id(obj), lang)
    hit = _TRANSLATED.get(key)
    if hit is None or hit[0] is not obj:  # the same id may be reused by a new object
        hit = (obj, translate(obj, lang))
        _TRANSLATED[key] = hit
    return hit[1]


def localise_all(objects: list[Bank | Pool], langs: tuple[str, ...], root: Path = ROOT) -> list[BankError]:
    """Translate ``objects`` into every language of ``langs`` now; return the problems met.

    The build step calls it first, so that it reports every missing translation once (an error
    under ``--strict``) and the data it then writes uses these translations.
    """
    problems: list[BankError] = []
    for lang in langs:
        for obj in objects:
            result, found = translation(obj, lang, root=root)
            _TRANSLATED[(id(obj), check_lang(lang))] = (obj, result)
            # zh-Hant is made from the zh file: its problems are zh's, reported once
            problems += [p for p in found if str(p) not in {str(q) for q in problems}]
    return problems


@lru_cache(maxsize=4)
def _version() -> str:
    try:
        with (ROOT / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):  # an installed copy without the source
        from importlib.metadata import version

        return version("csat-examples")


@lru_cache(maxsize=4)
def _course_title(lang: str) -> str:
    from book.i18n import BOOK_PAGE, book_messages, translations_for

    try:
        title = book_messages(ROOT)[0]
        return translations_for(ROOT, BOOK_PAGE, lang, strict=False).get(title, title)
    except OSError:  # no book sources (an installed copy): the words of the quizzes' own table
        return ui_word("course_title", lang)


def course_info(lang: str) -> dict[str, str]:
    """The course's title (in ``lang``) and version, for the certificate and the LMS."""
    return {"title": _course_title(check_lang(lang)), "version": _version()}


def chapter_title(bank: Bank) -> str:
    """"Chapter 3: <title>" in the bank's language."""
    return ui_word("chapter_title", bank.lang, number=int(bank.chapter[2:]), title=bank.title)


def question_data(q: Question, ui: dict[str, str] | None = None) -> dict[str, Any]:
    """The JSON the page script reads for one question (answers included: it is a self-test).

    ``ui`` gives the words of a true/false question's two options in the page's language.
    """
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
        words = ui or {}
        data["options"] = [{"text": words.get(f"option_{o.key}", o.text) if q.type == "true_false" else o.text,
                            "correct": o.correct, "feedback": o.feedback} for o in q.options]
        # the page shuffles options per attempt unless their order means something
        data["fixedOrder"] = q.fixed_order or q.type == "true_false"
    return data


def quiz_data(quiz_id: str, title: str, questions: tuple[Question, ...] | list[Question], *,
              lang: str = "en", pass_mark: float | None = None,
              progress_url: str | None = None) -> dict[str, Any]:
    """The JSON of one chapter quiz, in ``lang`` (questions already translated)."""
    ui = ui_words(lang)
    return {"id": quiz_id, "title": title, "lang": html_lang(lang), "ui": ui, "passMark": pass_mark,
            "progressUrl": progress_url, "questions": [question_data(q, ui) for q in questions]}


def chapter_quiz_data(bank: Bank, lang: str, *, progress_url: str | None = None) -> dict[str, Any]:
    """A chapter's self-assessment in ``lang``."""
    local = localised(bank, lang)
    return quiz_data(bank.chapter, chapter_title(local), local.questions, lang=lang,
                     progress_url=progress_url)


def _chapters(banks: dict[str, Bank], lang: str) -> list[dict[str, str]]:
    return [{"id": c, "title": chapter_title(localised(b, lang))} for c, b in course_banks(banks).items()]


def _course_pools(banks: dict[str, Bank], pools: dict[str, Pool] | None) -> list[Pool]:
    pools = cached_pools() if pools is None else pools
    return [pools[c] for c in course_banks(banks) if c in pools]


def final_data(lang: str = "en", banks: dict[str, Bank] | None = None, pools: dict[str, Pool] | None = None,
               *, progress_url: str | None = None) -> dict[str, Any]:
    """The final assessment in ``lang``: every course chapter's pool, by group of objectives.

    The page draws :data:`FINAL_DRAW` question(s) per group for each attempt.
    """
    banks = cached_banks() if banks is None else banks
    ui = ui_words(lang)
    groups = []
    for pool in _course_pools(banks, pools):
        local = localised(pool, lang)
        for g, objectives in enumerate(local.groups):
            groups.append({"chapter": local.chapter, "objectives": list(objectives),
                           "questions": [question_data(q, ui) for q in local.group_questions(g)]})
    course = _course()
    return {"id": "final", "title": ui["final_title"], "lang": html_lang(lang), "ui": ui,
            "passMark": course.pass_mark, "progressUrl": progress_url, "draw": FINAL_DRAW,
            "groups": groups, "course": course_info(lang), "chapters": _chapters(banks, lang)}


def final_summary(banks: dict[str, Bank] | None = None, pools: dict[str, Pool] | None = None) -> dict[str, int]:
    """The numbers the final-assessment page states: questions per attempt, pool size, pass mark.

    ``need`` is the number of right answers to pass (the pass mark's share, rounded up).
    """
    banks = cached_banks() if banks is None else banks
    chosen = _course_pools(banks, pools)
    questions = FINAL_DRAW * sum(len(p.groups) for p in chosen)
    pass_mark = _course().pass_mark
    return {"questions": questions, "pool": sum(len(p.questions) for p in chosen),
            "pass_percent": round(pass_mark * 100),
            # 1e-9: 0.7 * 20 is 14.000000000000002 in floats
            "need": math.ceil(pass_mark * questions - 1e-9)}


def progress_data(lang: str = "en", banks: dict[str, Bank] | None = None) -> dict[str, Any]:
    """What the My progress table lists: every course chapter's quiz, then the final assessment."""
    banks = cached_banks() if banks is None else banks
    ui = ui_words(lang)
    quizzes = [{"id": c, "title": chapter_title(localised(b, lang)), "url": f"{b.page}.html", "passMark": None}
               for c, b in course_banks(banks).items()]
    quizzes.append({"id": "final", "title": ui["final_title"], "url": FINAL_PAGE,
                    "passMark": _course().pass_mark})
    return {"quizzes": quizzes, "lang": html_lang(lang), "ui": ui, "course": course_info(lang)}


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
            f'<div class="{kind}" id="{element_id}" data-source="{source}" lang="{data["lang"]}">'
            f'<p>{ui_word("needs_javascript_notebook", data["lang"])}</p></div>')
    return html, _asset("csat-quiz.js")


def _data_script(key: str, data: dict[str, Any]) -> str:
    return ("window.CsatQuizData = window.CsatQuizData || {};\n"
            f"window.CsatQuizData[{_script_json(key)}] = {_script_json(data)};\n")


def book_assets(banks: dict[str, Bank] | None = None, pools: dict[str, Pool] | None = None,
                langs: tuple[str, ...] | None = None) -> dict[str, str]:
    """The files of ``<html>/quizzes/``, by path: the shared script and style, and per edition
    (``<edition folder>/``, e.g. ``zh-hans/``) one data script per quiz in its language.

    ``langs``: the editions to write (default: the course's).
    """
    from book.editions import edition

    banks = cached_banks() if banks is None else banks
    files = {"csat-quiz.js": _asset("csat-quiz.js"), "csat-quiz.css": _asset("csat-quiz.css")}
    for lang in (langs if langs is not None else _course().editions):
        folder = edition(lang).folder
        files[f"{folder}/progress.js"] = _data_script("progress", progress_data(lang, banks))
        files[f"{folder}/final.js"] = _data_script("final", final_data(lang, banks, pools,
                                                                       progress_url=PROGRESS_PAGE))
        for chapter, bank in course_banks(banks).items():
            files[f"{folder}/{chapter}.js"] = _data_script(chapter, chapter_quiz_data(
                bank, lang, progress_url=PROGRESS_PAGE))
    return files


def _book_html(kind: str, element_id: str, key: str, lang: str) -> str:
    """The executed page's output in the book: a container and same-site asset references."""
    from book.editions import edition

    return (f'<link rel="stylesheet" href="{ASSETS_FROM_PAGE}/csat-quiz.css">\n'
            f'<div class="{kind}" id="{element_id}" data-quiz="{key}">'
            f'<p>{ui_word("needs_javascript", lang)}</p></div>\n'
            f'<script src="{ASSETS_FROM_PAGE}/{edition(lang).folder}/{key}.js"></script>\n'
            f'<script src="{ASSETS_FROM_PAGE}/csat-quiz.js"></script>')


def quiz_html(quiz_id: str, banks: dict[str, Bank] | None = None, *, lang: str = "en",
              pools: dict[str, Pool] | None = None) -> str:
    """A complete HTML fragment (style, data, script) of a chapter quiz or ``"final"``."""
    html, js = _parts(*_quiz_parts(quiz_id, banks, lang, pools))
    return f"{html}\n<script>{js}</script>"


def progress_html(banks: dict[str, Bank] | None = None, *, lang: str = "en") -> str:
    """A complete HTML fragment of the My progress table and its buttons."""
    html, js = _parts("csat-progress", "csat-progress", progress_data(lang, banks))
    return f"{html}\n<script>{js}</script>"


def _quiz_parts(quiz_id: str, banks: dict[str, Bank] | None, lang: str,
                pools: dict[str, Pool] | None = None) -> tuple[str, str, dict[str, Any]]:
    banks = cached_banks() if banks is None else banks
    progress = PROGRESS_PAGE if _in_book() else None
    if quiz_id == "final":
        return "csat-quiz", "csat-quiz-final", final_data(lang, banks, pools, progress_url=progress)
    if quiz_id not in banks:
        raise KeyError(f"no quiz bank for {quiz_id!r}; banks: {', '.join(sorted(banks))}")
    return ("csat-quiz", f"csat-quiz-{quiz_id}", chapter_quiz_data(banks[quiz_id], lang, progress_url=progress))


def _display(html: str, js: str | None) -> None:
    from IPython.display import HTML, Javascript, display
    display(HTML(html))
    if js is not None:
        display(Javascript(js))


def show_quiz(chapter_id: str, lang: str | None = None) -> None:
    """Display a chapter's self-assessment (``"ch01"`` .. ``"ch07"``, or ``"final"``) in ``lang``.

    ``lang``: ``"en"``, ``"zh"`` or ``"zh-Hant"``; by default the edition's language the book build
    sets (``CSAT_LANG``), else English.  Works in the executed book page (no kernel needed
    afterwards; the page loads the data the build wrote for its edition) and in a live notebook.
    """
    code = _lang(lang)
    if _in_book():
        banks = cached_banks()
        if chapter_id != "final" and chapter_id not in banks:
            raise KeyError(f"no quiz bank for {chapter_id!r}; banks: {', '.join(sorted(banks))}")
        element_id = "csat-quiz-final" if chapter_id == "final" else f"csat-quiz-{chapter_id}"
        _display(_book_html("csat-quiz", element_id, chapter_id, code), None)
    else:
        _display(*_parts(*_quiz_parts(chapter_id, None, code)))


def show_final_assessment(lang: str | None = None) -> None:
    """Display the final assessment: one question drawn per group of objectives for each attempt."""
    show_quiz("final", lang=lang)


def show_progress(lang: str | None = None) -> None:
    """Display the My progress table (scores from this browser's localStorage)."""
    code = _lang(lang)
    if _in_book():
        _display(_book_html("csat-progress", "csat-progress", "progress", code), None)
    else:
        _display(*_parts("csat-progress", "csat-progress", progress_data(code)))

