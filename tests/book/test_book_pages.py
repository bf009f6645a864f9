"""Every chapter page of the built book has the contract's shape and no broken output.

Needs the built book (``python -m book build``); the ``built_book`` fixture fails if it is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookpages import EDITIONS, chapter_files, toc_files

pytestmark = pytest.mark.book

# Things that must never reach a reader: error output, tracebacks, raw object reprs, stray warnings.
BAD_OUTPUT = {
    "error output": re.compile(r'class="[^"]*\b(output error|traceback|ansi-red-fg)\b'),
    "stderr output": re.compile(r'class="[^"]*\boutput stderr\b'),
    "traceback": re.compile(r"Traceback \(most recent call last\)"),
    "object repr": re.compile(r"&lt;[\w.]+ object at 0x[0-9a-f]+&gt;|&lt;Figure size \d+"),
    "missing glyph": re.compile(r"Glyph \d+ .*missing|missing from (current )?font", re.IGNORECASE),
    "Python warning": re.compile(r"\b\w+Warning: "),
}


def _html(built_book: Path, source: str) -> str:
    page = built_book / "en" / f"{source}.html"
    assert page.is_file(), f"{source}.md is in _toc.yml but {page} was not built"
    return page.read_text(encoding="utf-8")


def _section(html: str, heading: str) -> str:
    """The HTML of the <section> whose <h2> is ``heading`` (up to the next h2 section)."""
    match = re.search(
        rf'<h2>(<span class="section-number">[^<]*</span>)?{re.escape(heading)}<a class="headerlink"', html
    )
    assert match, f"no '## {heading}' section"
    end = html.find("<h2>", match.end())
    return html[match.end(): end if end != -1 else len(html)]


def test_toc_lists_the_seven_chapters():
    assert len(chapter_files()) == 7


@pytest.mark.parametrize("source", toc_files())
def test_page_has_no_error_traceback_repr_or_missing_glyph(built_book, source):
    html = _html(built_book, source)
    for what, pattern in BAD_OUTPUT.items():
        found = pattern.search(html)
        assert not found, f"{source}: {what} on the page: {html[max(0, found.start() - 200): found.end() + 200]}"


@pytest.mark.parametrize("source", chapter_files())
def test_chapter_has_objectives_figures_exercises_takeaways(built_book, source):
    html = _html(built_book, source)
    number = int(re.search(r"ch(\d\d)", source).group(1))

    objectives = _section(html, "Learning objectives")
    ids = re.findall(rf"\[O{number}\.(\d+)\]", objectives)
    assert len(ids) >= 3, f"{source}: fewer than three objectives [O{number}.n]"
    assert ids == [str(i) for i in range(1, len(ids) + 1)], f"{source}: objective ids not 1..n: {ids}"

    figures = re.findall(r'<figure [^>]*id="([^"]+)"[^>]*>(.*?)</figure>', html, re.S)
    numbered = [(name, body) for name, body in figures if 'class="caption-number"' in body]
    assert len(numbered) >= 2, f"{source}: fewer than two numbered figures ({[n for n, _ in figures]})"
    for name, body in numbered:
        assert "<img " in body, f"{source}: figure {name} has no image"
        assert f'href="#{name}"' in html, f"{source}: figure {name} is never cross-referenced"

    exercises = _section(html, "Exercises")
    assert len(re.findall(r'class="exercise[ "]', exercises)) >= 2, f"{source}: fewer than two exercises"
    assert len(re.findall(r'class="solution dropdown[ "]', exercises)) >= 2, (
        f"{source}: exercises need solutions collapsed as dropdowns"
    )

    takeaways = _section(html, "Key takeaways")
    assert takeaways.count("<li>") >= 3, f"{source}: fewer than three key takeaways"

    terms = _section(html, "Key terms")
    assert "中文" in terms and terms.count("<tr") >= 4, f"{source}: key terms table with Chinese missing"
    assert _section(html, "Self-assessment")


@pytest.mark.parametrize("source", chapter_files())
def test_figures_are_images_that_exist(built_book, source):
    html = _html(built_book, source)
    page = built_book / "en" / f"{source}.html"
    for src in re.findall(r'<img [^>]*src="([^"]+)"', html):
        if src.startswith("data:"):
            continue
        assert (page.parent / src).resolve().is_file(), f"{source}: image {src} missing"


@pytest.mark.parametrize("source", chapter_files())
def test_figures_open_full_size(built_book, source):
    """Every figure's image is a link to its own file (a phone reader taps it to zoom)."""
    html = _html(built_book, source)
    # a figure with a phone variant wraps its image in <picture> with a narrow <source> first
    figures = re.findall(r"<figure\b[^>]*>\s*(<a\b[^>]*>)?\s*(?:<picture>\s*(?:<source\b[^>]*>\s*)*)?"
                         r"<img\b[^>]*\bsrc=\"([^\"]+)\"", html)
    assert figures, f"{source}: no figure"
    for link, src in figures:
        if src.startswith("data:"):
            continue
        assert f'href="{src}"' in link and "csat-zoom" in link, f"{source}: figure {src} is not a link to itself"


@pytest.mark.parametrize("source", chapter_files())
def test_every_figure_is_described_in_words(built_book, source):
    """Alt text is the figure's caption (or the calculator's title), never a file path or empty."""
    from html import unescape

    html = _html(built_book, source)
    images = re.findall(r"<img\b[^>]*>", html)
    assert images, f"{source}: no figure"
    for tag in images:
        alt = re.search(r'\balt="([^"]*)"', tag)
        assert alt, f"{source}: image without alt: {tag[:120]}"
        text = unescape(alt.group(1))
        assert len(text) >= 10 and "_images" not in text and not text.endswith(".png"), \
            f"{source}: alt text {text[:80]!r} does not describe the figure"


def _soup(built_book: Path, edition: str, source: str):
    from bs4 import BeautifulSoup

    page = built_book / edition / f"{source}.html"
    assert page.is_file(), f"{page} was not built"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")


def _text(node) -> str:
    """A node's text without the heading's "#" link."""
    from copy import copy

    shown = copy(node)
    for link in shown.select(".headerlink, .section-number"):
        link.decompose()
    return shown.get_text(" ", strip=True)


CHINESE = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("edition", EDITIONS)
def test_glossary_lists_every_term_in_the_editions_language_and_order(built_book, edition):
    from csat_examples.lang import simplified_only

    from book.glossary import pinyin_key

    entries = _soup(built_book, edition, "chapters/glossary").select("dl.csat-glossary > dt[id^=term-]")
    assert len(entries) >= 40, f"{edition}: only {len(entries)} glossary terms"
    ids = [dt["id"] for dt in entries]
    english_ids = [dt["id"] for dt in _soup(built_book, "en", "chapters/glossary").select("dl.csat-glossary > dt")]
    assert sorted(ids) == sorted(english_ids), f"{edition}: the glossary lists other terms than the English one"
    terms = []
    for dt in entries:
        term, other = dt.find("strong").get_text(), dt.find("span", lang=True)
        definition = dt.find_next_sibling("dd").get_text()
        if edition == "en":
            assert re.search(r"[A-Za-z]", term) and CHINESE.search(other.get_text()), f"glossary: {dt['id']}"
            assert other["lang"] == "zh-Hans" and len(definition) > 20, f"glossary: {term} has no real definition"
        else:
            # The Chinese term first, the English one beside it, the definition in the page's language.
            assert CHINESE.search(term) and other["lang"] == "en" and re.search(r"[A-Za-z]{2}", other.get_text()), (
                f"{edition} glossary: {dt['id']} is {term!r} ({other.get_text()!r})")
            assert len(CHINESE.findall(definition)) >= 8, f"{edition} glossary: {term} has no Chinese definition"
        if edition == "zh-hant":
            left = simplified_only(term + definition)
            assert not left, f"zh-hant glossary: {term} has Simplified characters {sorted(left)}"
        terms.append(term)
    order = (lambda t: t.casefold()) if edition == "en" else pinyin_key
    assert terms == sorted(terms, key=order), f"{edition}: glossary terms are not in the edition's order"


def _example_labels(repo_root: Path) -> dict[str, list[str]]:
    """Each chapter page's worked-example labels, from the English sources (labels are the same in every edition)."""
    from book.examples_index import EXAMPLE_LABEL

    found = {}
    for source in toc_files(repo_root):
        if re.match(r"ch\d\d-", Path(source).name):
            text = (repo_root / f"{source}.md").read_text(encoding="utf-8")
            found[source] = [m.group(1) for m in EXAMPLE_LABEL.finditer(text)]
    return found


@pytest.mark.parametrize("edition", EDITIONS)
def test_examples_index_links_every_worked_example_with_its_title(built_book, repo_root, edition):
    index = _soup(built_book, edition, "chapters/examples-index")
    labels = _example_labels(repo_root)
    assert sum(map(len, labels.values())) >= 2, "no chapter has a (chNN-example-k)= label"
    for source, chapter_labels in labels.items():
        page = Path(source).name + ".html"
        chapter = _soup(built_book, edition, source)
        for label in chapter_labels:
            links = index.select(f'a[href="{page}#{label}"]')
            assert len(links) == 1, f"{edition}: the examples index links {label} {len(links)} times"
            # The label is on the section, or on an empty anchor just before its heading.
            target = chapter.find(id=label)
            assert target is not None, f"{edition}/{source}: no element with id {label}"
            heading = target if re.fullmatch(r"h[1-6]", target.name) else target.find_next(re.compile(r"^h[1-6]$"))
            # The link shows the example's title as this edition's chapter has it.
            assert _text(links[0]) == _text(heading), f"{edition}: {label} shown as {_text(links[0])!r}"
            if edition != "en":
                assert CHINESE.search(_text(links[0])), f"{edition}: {label} has no Chinese title"
        if chapter_labels and not source.endswith("-analysts"):
            assert index.select(f'a[href="{page}"]'), f"{edition}: the examples index does not link {page}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_references_have_the_same_anchored_entries_in_every_edition(built_book, edition):
    page = _soup(built_book, edition, "chapters/references")
    entries = [p for p in page.select(".reference-list p[id^=ref-]")]
    english = [p["id"] for p in _soup(built_book, "en", "chapters/references").select(".reference-list p[id^=ref-]")]
    assert [p["id"] for p in entries] == english, f"{edition}: reference anchors differ from English"
    assert len([p for p in entries if p["id"].startswith("ref-source-")]) == 5, "the five source documents"
    assert len(entries) >= 20
    text = page.get_text()
    # Chinese titles keep their original script in every edition.
    for title in ("物業客戶滿意度管理", "顾客关系管理与顾客满意度", "顧客滿意度", "住宅专项维修资金管理办法"):
        assert title in text, f"{edition}: reference title {title} missing or converted"
    for p in entries:
        if p["id"].startswith("ref-source-") and edition != "en":
            # A source document is described in the reader's language.
            described = "".join(s for s in p.strings if s.parent.get("lang") is None)
            assert len(CHINESE.findall(described)) >= 15, f"{edition}: {p['id']} is not described in Chinese"


@pytest.mark.parametrize("edition", EDITIONS)
def test_front_page_maps_the_course_and_links_the_guides_once(built_book, edition):
    from test_book_structure import DEVELOPER_WORDS, _prose

    page = _soup(built_book, edition, "chapters/intro")
    for label in ("intro-what", "intro-who", "intro-chapter", "intro-phone", "intro-map", "intro-sources"):
        assert page.find(id=label), f"{edition}: the front page has no ({label})= section"
    guides = [a["href"] for a in page.select("a[href]") if "docs/" in a["href"]]
    assert guides == ["../../docs/index.html"], f"{edition}: the guides are linked {guides}"
    course_map = page.find(id="intro-map")
    course_map = course_map if course_map.name == "section" else course_map.find_parent("section")
    for source in chapter_files():
        assert course_map.select_one(f'table a[href="{Path(source).name}.html"]'), (
            f"{edition}: the course map does not list {source}")
    found = DEVELOPER_WORDS.search(_prose(page))
    assert not found, f"{edition}: developer word {found.group(0)!r} on the front page"


@pytest.mark.parametrize("source", ["chapters/glossary", "chapters/references", "chapters/examples-index"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_back_matter_has_no_developer_words(built_book, edition, source):
    from test_book_structure import DEVELOPER_WORDS, _prose

    found = DEVELOPER_WORDS.search(_prose(_soup(built_book, edition, source)))
    assert not found, f"{edition}/{source}: developer word {found.group(0)!r} in the prose"


def test_notes_of_survey_parts_that_were_asked_are_left_out_of_pages_and_search(built_book):
    """A "not asked in this survey" note whose part the survey has is left out of the page.

    (Sphinx indexes the same document tree for search, so the note's words do not find the page either.)
    """
    asked_rule = re.compile(r"<style>([^<]*csat-needs-[^<]*)\{display:none\}</style>")
    left_out = 0
    for edition in EDITIONS:
        for page in sorted((built_book / edition / "chapters").glob("ch*.html")):
            html = page.read_text(encoding="utf-8")
            for rule in asked_rule.findall(html):
                for part in re.findall(r"\.csat-needs-([\w-]+)", rule):
                    assert f"csat-needs-{part}" not in html.replace(rule, ""), f"{edition}/{page.name}: {part}"
                    left_out += 1
    assert left_out >= 3 * 2, "the bundled survey asks every part of chapter 3's notes: they must be left out"
