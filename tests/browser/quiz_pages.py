"""Stand-alone quiz pages for browser tests that do not need the built book.

The page script reads its words from ``data["ui"]`` and its language from ``data["lang"]`` (the
data contract of ``book/quizzes``); these helpers make such data from the real banks and
``book/quizzes/ui.yml``, and serve pages on a fake origin (``http://quiz.test``) through
Playwright's router, so localStorage, reloads and downloads behave as on a real site while the
script and style are read from this checkout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from book.quizzes import load_banks
from book.quizzes.render import question_data
from book.quizzes.schema import Bank

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "book" / "quizzes" / "static"
UI_FILE = ROOT / "book" / "quizzes" / "ui.yml"
ORIGIN = "http://quiz.test"
#: The page's <html lang> and the ui.yml column for each edition.
LANGS = {"en": ("en", "en"), "zh": ("zh-CN", "zh"), "zh-Hant": ("zh-TW", "zh")}


def banks() -> dict[str, Bank]:
    return load_banks(ROOT / "book" / "quizzes" / "banks")


def ui_words(lang: str) -> dict[str, str]:
    """Every ui.yml key in the edition's language ("en", "zh" or "zh-Hant").

    Examples
    --------
    >>> ui_words("zh")["check"]
    '提交答案'
    """
    table = yaml.safe_load(UI_FILE.read_text(encoding="utf-8"))
    column = LANGS[lang][1]
    words = {key: entry[column] for key, entry in table.items()}
    if lang == "zh-Hant":
        from book.hant import to_hant
        words = {key: to_hant(text) for key, text in words.items()}
    return words


def _question(q) -> dict[str, Any]:
    data = question_data(q)
    data.setdefault("fixedOrder", bool(getattr(q, "fixed_order", False)))
    return data


def _title(bank: Bank) -> str:
    return f"Chapter {int(bank.chapter[2:])}: {bank.title}"


def chapter_data(chapter: str, lang: str = "en") -> dict[str, Any]:
    bank = banks()[chapter]
    return {"id": chapter, "title": _title(bank), "lang": LANGS[lang][0], "ui": ui_words(lang),
            "passMark": None, "progressUrl": "progress.html",
            "questions": [_question(q) for q in bank.questions]}


COURSE = {"title": "Customer satisfaction: measuring and managing it", "version": "2.1"}


def final_data(lang: str = "en", draw: int = 3, pass_mark: float = 0.7) -> dict[str, Any]:
    """A final assessment drawing ``draw`` questions from each chapter's bank."""
    all_banks = banks()
    groups = [{"chapter": c, "objectives": sorted({q.objective for q in b.questions}),
               "questions": [_question(q) for q in b.questions]} for c, b in sorted(all_banks.items())]
    return {"id": "final", "title": "Final assessment", "lang": LANGS[lang][0], "ui": ui_words(lang),
            "passMark": pass_mark, "progressUrl": "progress.html", "draw": draw, "groups": groups,
            "course": COURSE,
            "chapters": [{"id": c, "title": _title(b)} for c, b in sorted(all_banks.items())]}


def progress_data(lang: str = "en") -> dict[str, Any]:
    all_banks = banks()
    quizzes = [{"id": c, "title": _title(b), "url": f"{c}.html", "passMark": None}
               for c, b in sorted(all_banks.items())]
    quizzes.append({"id": "final", "title": "Final assessment", "url": "final.html", "passMark": 0.7})
    return {"quizzes": quizzes, "lang": LANGS[lang][0], "ui": ui_words(lang), "course": COURSE}


def page_html(kind: str, data: dict[str, Any], heading: str = "") -> str:
    """A whole page holding one quiz (kind "csat-quiz") or progress table ("csat-progress")."""
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    element = "csat-progress" if kind == "csat-progress" else f"csat-quiz-{data['id']}"
    return (f'<!doctype html><html lang="{data["lang"]}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{heading or data.get("title", "")}</title>'
            '<link rel="stylesheet" href="/csat-quiz.css">'
            '<style>body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:0 auto;'
            'padding:0 12px;max-width:60rem}</style></head>'
            f'<body><header><p>Site header</p></header><main><h1>{heading or data.get("title", "")}</h1>'
            f'<script type="application/json" id="{element}-data">{payload}</script>'
            f'<div class="{kind}" id="{element}" data-source="{element}-data"></div></main>'
            '<footer><p>Site footer</p></footer>'
            '<script src="/csat-quiz.js"></script></body></html>')


def site(lang: str = "en") -> dict[str, str]:
    """Pages of one edition: ch01..ch07.html, final.html, progress.html."""
    pages = {f"{c}.html": page_html("csat-quiz", chapter_data(c, lang)) for c in banks()}
    pages["final.html"] = page_html("csat-quiz", final_data(lang))
    pages["progress.html"] = page_html("csat-progress", progress_data(lang), "My progress")
    return pages


def serve(context, pages: dict[str, str]) -> None:
    """Answer every request of ``context`` to ORIGIN from ``pages`` and the static folder."""
    def handle(route):
        name = route.request.url[len(ORIGIN):].lstrip("/").split("?")[0]
        if name in pages:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=pages[name])
        elif name in ("csat-quiz.js", "csat-quiz.css"):
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            route.fulfill(status=200, content_type=f"{kind}; charset=utf-8",
                          body=(STATIC / name).read_text(encoding="utf-8"))
        else:
            route.fulfill(status=404, body="")
    context.route(f"{ORIGIN}/**", handle)
