"""Build step ``book.editions``: the sources of each language edition of the book.

The course exists in three editions with identical numbers: Simplified
Chinese (the landing edition), Traditional Chinese and English.  The English
MyST notebooks in ``chapters/`` hold every page's structure and code; this
step writes, for each edition, a complete Jupyter Book source folder
``_build/src/<folder>/`` (``_config.yml``, ``_toc.yml``, ``chapters/*.md``):

* the prose of each page in the edition's language (:mod:`book.i18n`: the
  ``zh`` catalogs, and for Traditional Chinese the same text converted by
  :func:`book.hant.to_hant`);
* each page's set-up call given the edition's language
  (``setup("ch03")`` becomes ``setup("ch03", lang="zh")``), so figures,
  tables, calculators and quizzes follow it, also in a downloaded notebook;
* the configuration: Sphinx's ``language`` (which translates the theme's
  own words and numbers figures "图 3.1"), the title and the part captions
  from the ``_book`` catalog, absolute paths to the shared static files.

A file is rewritten only when its content changed, so Sphinx's incremental
build still rebuilds only the page a paragraph was edited in.

In strict mode (CI) an untranslated or stale (fuzzy) message fails the step,
naming the catalog file, the line and the message; otherwise such a message
stays in English and is listed as a warning.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from csat_examples.lang import Lang

from .course import Course, active_course
from .i18n import BOOK_PAGE, TranslationError, page_names, page_source, problems, render, translations_for

__all__ = ["Edition", "EDITIONS", "LANDING", "SRC", "SITE_FROM_PAGE", "run", "render_edition", "edition", "with_lang",
           "course_editions", "course_toc", "narrow_figures"]

#: Where the editions' sources are written, relative to the book root.
SRC = Path("_build") / "src"
#: From any page of an edition (``<folder>/chapters/<page>.html``) to the top of the site, where the
#: JupyterLite site, the documentation, the quizzes' files and the downloads are shared by all editions.
SITE_FROM_PAGE = "../.."


@dataclass(frozen=True)
class Edition:
    """One language edition of the book.

    ``folder`` is its place in the site (``_build/html/<folder>/``);
    ``sphinx_language`` the locale Sphinx uses for its own words.
    """

    lang: Lang
    folder: str
    sphinx_language: str

    @property
    def name_key(self) -> str:
        """The terms key of the edition's name (shown in the language switch)."""
        return {"zh": "edition_zh", "zh-Hant": "edition_zh_hant", "en": "edition_en"}[self.lang]


#: The editions, landing edition first.
EDITIONS: tuple[Edition, ...] = (
    Edition("zh", "zh-hans", "zh_CN"),
    Edition("zh-Hant", "zh-hant", "zh_TW"),
    Edition("en", "en", "en"),
)
LANDING = EDITIONS[0]


def narrow_figures(root: Path, ed: Edition) -> Path:
    """Where an edition's build keeps its figures' narrow (phone) variants (see ``Chapter.figure``)."""
    return root / SRC / ed.folder / "_narrow"


def course_editions(course: Course) -> tuple[Edition, ...]:
    """The editions ``course`` builds, its landing edition first.

    Examples
    --------
    >>> from book.course import DEFAULT, load_course
    >>> [e.folder for e in course_editions(load_course(DEFAULT))]
    ['zh-hans', 'zh-hant', 'en']
    """
    return tuple(edition(lang) for lang in course.editions)


def course_toc(toc: dict, course: Course) -> dict:
    """The table of contents with only the course's chapters (and their analyst pages).

    Examples
    --------
    >>> from book.course import Course, DEFAULT
    >>> toc = {"root": "chapters/intro", "parts": [{"caption": "C", "chapters": [
    ...     {"file": "chapters/ch01-customers"}, {"file": "chapters/ch05-iso9000"}]}]}
    >>> course_toc(toc, Course(DEFAULT, chapters=("ch01-customers",)))["parts"][0]["chapters"]
    [{'file': 'chapters/ch01-customers'}]
    """
    if course.chapters is None:
        return toc
    kept = set(course.chapters)
    out = copy.deepcopy(toc)
    for part in out.get("parts", []):
        part["chapters"] = [c for c in part.get("chapters", [])
                            if not re.match(r"^ch\d\d-", Path(c["file"]).name) or Path(c["file"]).name in kept]
    out["parts"] = [p for p in out.get("parts", []) if p.get("chapters")]
    return out


def edition(lang: str) -> Edition:
    """The edition of ``lang`` (any alias :func:`csat_examples.lang.check_lang` accepts).

    Examples
    --------
    >>> edition("zh-TW").folder
    'zh-hant'
    """
    from csat_examples.lang import check_lang

    code = check_lang(lang)
    return next(e for e in EDITIONS if e.lang == code)


_SETUP = re.compile(r"""^(\s*\w+\s*=\s*setup\(\s*(["'])[\w-]+\2)\s*\)""", re.M)


def with_lang(source: str, lang: str) -> str:
    """The page with its ``setup("<page>")`` call given ``lang``.

    Examples
    --------
    >>> with_lang('x\\nch = setup("ch03")\\n', "zh-Hant")
    'x\\nch = setup("ch03", lang="zh-Hant")\\n'
    """
    found = _SETUP.findall(source)
    if len(found) > 1:
        raise ValueError("a page must call setup() once")
    return _SETUP.sub(lambda m: f'{m.group(1)}, lang="{lang}")', source)


def _write(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps its time for Sphinx)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _config(root: Path, ed: Edition, title: str, author: str, course: Course) -> dict:
    from csat_examples.terms import label

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    organisation = course.organisation_name(ed.lang)
    config["title"] = f"{organisation} · {title}" if organisation else title
    config["author"] = organisation or author
    if course.logo is not None:
        config["logo"] = str(course.logo)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["language"] = ed.sphinx_language
    sphinx["html_static_path"] = [str((root / p).resolve()) for p in sphinx.get("html_static_path", [])]
    sphinx["templates_path"] = [str((root / p).resolve()) for p in sphinx.get("templates_path", [])]
    options = sphinx.setdefault("html_theme_options", {})
    options["search_bar_text"] = label("book_search_placeholder", ed.lang)
    sphinx["csat_edition"] = ed.lang
    sphinx["csat_narrow_figures"] = str(narrow_figures(root, ed))
    sphinx["csat_editions"] = list(course.editions)
    # myst-nb's and sphinx-togglebutton's own words on the "show code" toggles
    sphinx["nb_code_prompt_show"] = label("ui_show_code", ed.lang)
    sphinx["nb_code_prompt_hide"] = label("ui_hide_code", ed.lang)
    sphinx["togglebutton_hint"] = label("ui_click_to_show", ed.lang)
    sphinx["togglebutton_hint_hide"] = label("ui_hide_code", ed.lang)
    return config


def render_edition(root: Path, ed: Edition, strict: bool, course: Course | None = None) -> tuple[list[str], list[str]]:
    """Write the sources of ``ed`` into ``_build/src/<folder>``.

    Returns the pages whose file changed and the warnings (messages left in
    English).  In strict mode, raises :class:`TranslationError` instead of
    leaving any message untranslated or stale.
    """
    course = course or active_course()
    dest = root / SRC / ed.folder
    pages = page_names(root)
    if ed.lang != "en":
        found = problems(root, [BOOK_PAGE, *pages], "zh")
        if strict and found:
            shown = "\n".join(f"  {p}" for p in found[:40])
            more = f"\n  ... and {len(found) - 40} more" if len(found) > 40 else ""
            raise TranslationError(
                f"book.editions: {len(found)} untranslated or stale (fuzzy) messages for the Chinese editions:\n"
                f"{shown}{more}\nTranslate them in the .po files named (python -m book.i18n update adds new "
                "messages; remove the fuzzy flag once a translation is checked).")
    changed: list[str] = []
    warnings: list[str] = []
    book_text = translations_for(root, BOOK_PAGE, ed.lang, strict)
    rendered_book, _ = render(page_source(root, BOOK_PAGE), book_text)
    words = [w for w in rendered_book.split("\n\n") if w.strip()]
    title, author, captions = words[0], words[1], words[2:]
    for page in pages:
        source = (root / "chapters" / f"{page}.md").read_text(encoding="utf-8")
        translations = translations_for(root, page, ed.lang, strict)
        text, missing = (source, []) if ed.lang == "en" else render(source, translations)
        warnings += [f"{ed.folder}/{page}: untranslated: {m.splitlines()[0][:70]!r}" for m in missing]
        if _write(dest / "chapters" / f"{page}.md", with_lang(text, ed.lang)):
            changed.append(page)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [p for p in toc.get("parts", []) if "caption" in p]
    for part, caption in zip(parts, captions):
        part["caption"] = caption
    toc = course_toc(toc, course)
    _write(dest / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    _write(dest / "_config.yml", yaml.safe_dump(_config(root, ed, title, author, course), allow_unicode=True, sort_keys=False))
    return changed, warnings


def run(root: Path, out: Path, strict: bool) -> None:  # noqa: ARG001 - the step signature
    """Write the sources of every edition of the course (see the module docstring)."""
    course = active_course()
    for ed in course_editions(course):
        changed, warnings = render_edition(root, ed, strict, course)
        for warning in warnings[:20]:
            print(f"book.editions: warning: {warning}", flush=True)
        if len(warnings) > 20:
            print(f"book.editions: warning: ... {len(warnings) - 20} more untranslated messages", flush=True)
        print(f"book.editions: {ed.folder}: {len(changed)} pages changed, {len(warnings)} messages in English",
              flush=True)
