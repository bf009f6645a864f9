"""The course's Sphinx extension (listed in ``_config.yml``): pages that stay on the site.

* drops any stylesheet or script that a Sphinx extension adds from another host, so that no page
  asks the internet for anything;
* loads the self-hosted widget manager only on pages that display a widget;
* gives every figure's image its caption as alternative text (instead of the file path), and
  makes it a link to the image file, so that a phone reader can open a chart full size;
* puts the theme's own interface words in the page's language where the theme leaves them in
  English, or in the wrong script (:data:`THEME_WORDS`, translations from the terms table);
* puts a language switch on every page, linking to the same page in the other editions
  (``csat_edition`` names the page's edition; :mod:`book.editions` sets it), with
  ``<link rel="alternate" hreflang>`` in the head;
* makes the generated pages depend on what they are generated from: the glossary on the terms
  table, the index of worked examples on the chapters, so an incremental build re-reads them
  when those files change (the pages themselves set ``execution_mode: force``, because the
  execution cache only sees a notebook's own code).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

__all__ = ["setup", "is_offsite", "link_figures", "language_switch", "translate_theme_words", "THEME_WORDS", "responsive_pictures", "GENERATED_PAGES", "WIDGET_VIEW",
           "WIDGET_STATE"]

#: The repository (the generated pages' sources are found from it, wherever the edition's sources are).
ROOT = Path(__file__).resolve().parents[1]

#: Generated pages and the files (globs relative to the book root) they are generated from.
GENERATED_PAGES: dict[str, tuple[str, ...]] = {
    "chapters/glossary": ("csat_examples/data/terms/*.yml",),
    "chapters/examples-index": ("_toc.yml", "chapters/ch[0-9][0-9]-*.md"),
}


def is_offsite(url: str) -> bool:
    """True for an absolute URL that points at another host.

    Examples
    --------
    >>> is_offsite("https://fonts.googleapis.com/css?family=Vibur"), is_offsite("//cdn.example/x.js")
    (True, True)
    >>> is_offsite("_static/jupyterlite_sphinx.css"), is_offsite("mathjax/tex-chtml.js")
    (False, False)
    """
    return url.startswith(("http://", "https://", "//"))


#: Marks a page that displays a widget; the saved widget *state* alone needs no widget manager.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _trim_page_assets(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    # myst-nb loads the 3.6 MB widget manager on any page whose notebook saved widget state,
    # even when no widget is displayed (widgets created while drawing a static result).
    shows_widgets = WIDGET_VIEW in context.get("body", "")
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if not assets:
            continue
        context[key] = [a for a in assets if not is_offsite(_name(a)) and not _thebe_asset(a)
                        and (shows_widgets or not _widget_asset(a))]


_FIGURE_IMAGE = re.compile(r'(<figure\b[^>]*>\s*)((?:<picture>.*?)?<img\b[^>]*\bsrc="(?!data:)([^"]+)"[^>]*>(?:</picture>)?)',
                           re.S)


def link_figures(body: str, title: str = "Open the figure full size") -> str:
    """Wrap each figure's image in a link to the image file, so a phone reader can open it full size.

    A chart is drawn about 750 px wide; on a 390-px phone its labels shrink to
    a few pixels.  Tapping the figure opens the PNG alone, which the phone's
    browser zooms.  Data-URI images (the calculators' static results) stay as
    they are.

    Examples
    --------
    >>> link_figures('<figure id="f"><img alt="Shares" src="../_images/a.png" /></figure>')
    '<figure id="f"><a class="csat-zoom" href="../_images/a.png" title="Open the figure full size"><img alt="Shares" src="../_images/a.png" /></a></figure>'
    """
    return _FIGURE_IMAGE.sub(
        lambda m: f'{m.group(1)}<a class="csat-zoom" href="{m.group(3)}" title="{title}">{m.group(2)}</a>', body)


_WIDE_IMAGE = re.compile(r'<img\b[^>]*\bsrc="((?:\.\./)*_images/([0-9a-f]{64})\.png)"[^>]*>')


def responsive_pictures(body: str, narrow_dir: Path | None, images_dir: Path | None) -> str:
    """Each figure image that has a narrow (phone) variant becomes a ``<picture>`` that shows it up to 640 px.

    While the book is built, ``Chapter.figure`` saves a figure's narrow
    variant in ``narrow_dir`` under the name myst-nb gives the wide image (the
    sha256 of its PNG); the variant is copied beside the wide image.

    Examples
    --------
    >>> import tempfile
    >>> name = "a" * 64
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     narrow, images = Path(tmp) / "narrow", Path(tmp) / "_images"
    ...     narrow.mkdir(); images.mkdir()
    ...     _ = (narrow / f"{name}.png").write_bytes(b"png")
    ...     html = responsive_pictures(f'<img alt="x" src="../_images/{name}.png" />', narrow, images)
    ...     copied = (images / f"{name}-narrow.png").is_file()
    >>> html.startswith('<picture><source media="(max-width: 640px)" srcset="../_images/aaaa') and copied
    True
    """
    if narrow_dir is None or images_dir is None:
        return body

    def _one(match: re.Match[str]) -> str:
        source = narrow_dir / f"{match.group(2)}.png"
        if not source.is_file():
            return match.group(0)
        target = images_dir / f"{match.group(2)}-narrow.png"
        # the wide image can stay the same while its phone variant changes: compare, not just look
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            images_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        narrow_src = match.group(1).replace(".png", "-narrow.png")
        return f'<picture><source media="(max-width: 640px)" srcset="{narrow_src}">{match.group(0)}</picture>'

    return _WIDE_IMAGE.sub(_one, body)


def _link_figure_images(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    from csat_examples.terms import label

    if "body" in context:
        narrow = Path(app.config.csat_narrow_figures) if app.config.csat_narrow_figures else None
        body = responsive_pictures(context["body"], narrow, Path(app.outdir) / "_images")
        context["body"] = link_figures(body, label("ui_open_figure", app.config.csat_edition))


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _widget_asset(asset) -> bool:
    """The widget manager's scripts, or the saved widget state that myst-nb puts in the head."""
    attributes = getattr(asset, "attributes", {}) or {}
    return "jupyter-widgets/" in _name(asset) or attributes.get("type") == WIDGET_STATE


def _thebe_asset(asset) -> bool:
    """sphinx-thebe's scripts: the book runs code live through JupyterLite, never thebe, and the theme
    adds thebe's inline settings twice (an error on every page: ``THEBE_JS_URL`` declared twice)."""
    attributes = getattr(asset, "attributes", {}) or {}
    return "sphinx-thebe" in _name(asset) or "THEBE_JS_URL" in str(attributes.get("body", ""))


def _note_sources_of_generated_pages(app, docname, source) -> None:  # noqa: ARG001
    for pattern in GENERATED_PAGES.get(docname, ()):
        for path in sorted(ROOT.glob(pattern)):
            app.env.note_dependency(str(path))


def _describe_figures(app, doctree, docname: str) -> None:  # noqa: ARG001 - Sphinx event signature
    """Give each figure's image its caption as alternative text.

    A chart from a notebook cell has no alt text of its own, and Sphinx then
    writes the image's file path into ``alt``, which a screen reader reads
    out ("../_images/a89d5e....png").  The caption is what the figure shows.
    """
    from docutils import nodes

    for figure in doctree.findall(nodes.figure):
        caption = next(iter(figure.findall(nodes.caption)), None)
        if caption is None:
            continue
        for image in figure.findall(nodes.image):
            if not image.get("alt") or image.get("alt") == image.get("uri"):
                image["alt"] = caption.astext()


#: What a page's ``Chapter.survey_notes`` output hides: the notes of the survey parts that were asked.
_ASKED_PARTS = re.compile(r"\.csat-needs-([\w-]+)")


def asked_parts(doctree) -> set[str]:
    """The survey parts whose "not asked" notes a page hides (named in its ``survey_notes`` style).

    Examples
    --------
    >>> from docutils import nodes
    >>> page = nodes.section("", nodes.raw("", "<style>.csat-needs-nps,.csat-needs-cause{display:none}</style>",
    ...                                    format="html"))
    >>> sorted(asked_parts(page))
    ['cause', 'nps']
    """
    from docutils import nodes

    found: set[str] = set()
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if text.startswith("<style>") and "csat-needs-" in text:
            found.update(_ASKED_PARTS.findall(text))
    return found


def _drop_notes_of_asked_parts(app, doctree, docname: str) -> None:  # noqa: ARG001 - Sphinx event signature
    """Leave out the "not asked in this survey" notes of the parts the survey did ask.

    The notes are written in the chapter text (so that they are translated with
    it) and a cell's style rule hides the ones that do not apply; removed here,
    they are neither in the page nor in the search index, where a search for
    a word of the note would otherwise find a page that does not show it.
    """
    asked = asked_parts(doctree)
    if not asked:
        return
    for node in list(doctree.findall(lambda n: any(
            c.startswith("csat-needs-") and c[len("csat-needs-"):] in asked for c in n.get("classes", []))
            if hasattr(n, "get") else False)):
        node.parent.remove(node)


def language_switch(pagename: str, lang: str, editions: tuple[str, ...] = ("zh", "zh-Hant", "en")
                    ) -> tuple[str, list[str]]:
    """The switch to the same page in the other editions, and the head's ``alternate`` links.

    Every edition lives in its own folder of the site (``zh-hans/``,
    ``zh-hant/``, ``en/``), so the same page of another edition is up one
    level per folder of the page name, then down the other edition's folder.

    Examples
    --------
    >>> nav, links = language_switch("chapters/ch03", "en")
    >>> 'href="../../zh-hans/chapters/ch03.html"' in nav and 'hreflang="zh-Hant"' in nav
    True
    >>> links[0]
    '<link rel="alternate" hreflang="zh-Hans" href="../../zh-hans/chapters/ch03.html">'
    """
    from csat_examples.lang import html_lang
    from csat_examples.terms import label

    from .editions import edition

    up = "../" * (pagename.count("/") + 1)
    items, links = [], []
    for ed in (edition(code) for code in editions):
        href = html.escape(f"{up}{ed.folder}/{pagename}.html")
        code = html_lang(ed.lang)
        name = html.escape(label(ed.name_key, ed.lang))
        if ed.lang == lang:
            items.append(f'<li><span aria-current="page" lang="{code}">{name}</span></li>')
            continue
        items.append(f'<li><a href="{href}" hreflang="{code}" lang="{code}">{name}</a></li>')
        links.append(f'<link rel="alternate" hreflang="{code}" href="{href}">')
    title = html.escape(label("book_language_switch", lang))
    nav = (f'<nav class="csat-editions" aria-label="{title}"><span class="csat-editions-title">{title}</span>'
           f'<ul>{"".join(items)}</ul></nav>')
    return nav, links


def _add_language_switch(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    if "body" not in context:
        return
    if len(app.config.csat_editions) < 2:
        return  # a course built in one language has nothing to switch to
    nav, links = language_switch(pagename, app.config.csat_edition, tuple(app.config.csat_editions))
    context["body"] = nav + context["body"]
    context["metatags"] = context.get("metatags", "") + "\n".join(links)


#: Interface words the themes write in English whatever the language (hard-coded in their templates
#: or scripts), or that their Chinese catalogs get wrong, and the terms key of the right words.
#: Only attribute values and a few exact text nodes are replaced, never a page's own text.
THEME_WORDS: dict[str, str] = {
    "Toggle primary sidebar": "ui_toggle_primary_sidebar",
    "Toggle secondary sidebar": "ui_toggle_secondary_sidebar",
    "System Settings": "ui_system_settings",
    "Color mode": "ui_color_mode",
    "Main": "ui_main_navigation",
    "Page": "ui_page_navigation",
    "Link to this heading": "ui_link_heading",
    "Link to this image": "ui_link_image",
    "Toggle hidden content": "ui_toggle_hidden",
    "Print to PDF": "ui_print_pdf",
    "列印成 PDF": "ui_print_pdf",  # sphinx-book-theme's zh_CN catalog has the Taiwan wording
    "搜索": "ui_search",  # pydata-sphinx-theme's zh_TW catalog mixes in the mainland word
    "Search": "ui_search",
}
_ATTRIBUTE = re.compile(r'\b(title|aria-label|placeholder|data-tooltip)="([^"]*)"')


def translate_theme_words(page: str, lang: str) -> str:
    """``page`` with :data:`THEME_WORDS` in ``lang`` (unchanged for English).

    Examples
    --------
    >>> translate_theme_words('<button title="Toggle primary sidebar">', "zh")
    '<button title="显示或隐藏课程目录">'
    >>> translate_theme_words('<a title="列印成 PDF">', "zh"), translate_theme_words('<a title="搜索">', "zh-Hant")
    ('<a title="打印为 PDF">', '<a title="搜尋">')
    """
    from csat_examples.terms import label

    if lang == "en":
        return page

    def _attribute(match: re.Match[str]) -> str:
        key = THEME_WORDS.get(match.group(2))
        return match.group(0) if key is None else f'{match.group(1)}="{html.escape(label(key, lang))}"'

    page = _ATTRIBUTE.sub(_attribute, page)
    # text nodes the footer and the print-only contents write in English
    return page.replace("© Copyright", f"© {html.escape(label('ui_copyright', lang))}")


_SEARCH_BUTTON = re.compile(r'(<button\b[^>]*\bsearch-button__button\b[^>]*?)\saria-label="[^"]*"')


def accessible_names(page: str, lang: str) -> str:
    """Accessible names that contain what the control shows (WCAG 2.5.3, "label in name").

    The search button shows "Search" and its shortcut, and the code toggles show "Show code",
    but the theme names them "Search" and "Toggle hidden content": a speech-input user saying
    what they see would not reach them, so those take their name from what they show.  The
    contents' expand arrows show only an icon, so they get a name.

    Examples
    --------
    >>> accessible_names('<summary aria-label="Toggle hidden content">', "en")
    '<summary>'
    >>> accessible_names('<button class="search-button__button" aria-label="Search">', "en")
    '<button class="search-button__button">'
    >>> accessible_names('<summary><span class="toctree-toggle" role="presentation">', "en")
    '<summary aria-label="Show or hide this part&#x27;s pages"><span class="toctree-toggle" role="presentation">'
    """
    from csat_examples.terms import label

    page = re.sub(r'<summary aria-label="[^"]*">', "<summary>", page)
    toggle = html.escape(label("ui_toggle_pages", lang))
    page = page.replace('<summary><span class="toctree-toggle"',
                        f'<summary aria-label="{toggle}"><span class="toctree-toggle"')
    return _SEARCH_BUTTON.sub(lambda m: m.group(1), page)


def _translate_theme_files(app, exception) -> None:
    """After the build: theme words in every page, and in the one script that writes some itself."""
    if exception is not None:
        return
    lang = app.config.csat_edition
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = accessible_names(translate_theme_words(text, lang), lang)
        if new != text:
            page.write_text(new, encoding="utf-8")
    for script in out.glob("_static/togglebutton.js"):
        text = script.read_text(encoding="utf-8")
        from csat_examples.terms import label

        script.write_text(text.replace('aria-label="Toggle hidden content"',
                                       f'aria-label="{html.escape(label("ui_toggle_hidden", lang))}"'),
                          encoding="utf-8")


#: Extensions whose Chinese words exist only in Simplified Chinese, with their message catalog.
_SIMPLIFIED_ONLY_CATALOGS = {"sphinx_exercise": "exercise"}


def traditional_catalogs(dest: Path) -> Path:
    """Traditional-Chinese (zh_TW) catalogs converted from the extensions' zh_CN ones; returns the folder.

    sphinx-exercise ships a zh_CN catalog ("练习", "解答") and none for zh_TW,
    so the Traditional edition would print "Exercise 3.1" and "Solution to".

    Examples
    --------
    >>> import tempfile, polib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = traditional_catalogs(Path(tmp))
    ...     mo = polib.mofile(str(folder / "zh_TW" / "LC_MESSAGES" / "exercise.mo"))
    >>> sorted(e.msgstr for e in mo)
    ['練習', '解答']
    """
    import importlib.util

    import polib

    from .hant import to_hant

    for module, catalog in _SIMPLIFIED_ONLY_CATALOGS.items():
        spec = importlib.util.find_spec(module)
        source = Path(spec.origin).parent / "translations" / "locales" / "zh_CN" / "LC_MESSAGES" / f"{catalog}.mo"
        converted = polib.MOFile()
        converted.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_TW"}
        for entry in polib.mofile(str(source)):
            converted.append(polib.MOEntry(msgid=entry.msgid, msgstr=to_hant(entry.msgstr)))
        target = dest / "zh_TW" / "LC_MESSAGES" / f"{catalog}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        converted.save(str(target))
    return dest


def _add_traditional_catalogs(app, config) -> None:
    if config.language != "zh_TW":
        return
    folder = traditional_catalogs(Path(app.outdir).parent / "csat-locales")
    for catalog in _SIMPLIFIED_ONLY_CATALOGS.values():
        app.add_message_catalog(catalog, str(folder))


def setup(app) -> dict[str, object]:
    """Sphinx extension entry point: pages stay on the site; generated pages stay current;
    figures are described by their captions and open full size; every page links its editions."""
    app.add_config_value("csat_edition", "en", "html")
    app.add_config_value("csat_editions", ["zh", "zh-Hant", "en"], "html")
    app.add_config_value("csat_narrow_figures", "", "html")
    # before sphinx-exercise numbers its exercises with the word (its own config-inited handler)
    app.connect("config-inited", _add_traditional_catalogs, priority=100)
    app.connect("html-page-context", _add_language_switch)
    app.connect("html-page-context", _trim_page_assets, priority=900)
    app.connect("source-read", _note_sources_of_generated_pages)
    app.connect("doctree-resolved", _describe_figures)
    app.connect("doctree-resolved", _drop_notes_of_asked_parts)
    app.connect("html-page-context", _link_figure_images)
    app.connect("build-finished", _translate_theme_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
