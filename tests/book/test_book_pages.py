"""Every chapter page of the built book has the contract's shape and no broken output.

Needs the built book (``python -m book build``); the ``built_book`` fixture fails if it is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bookpages import chapter_files, toc_files

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
    figures = re.findall(r"<figure\b[^>]*>\s*(<a\b[^>]*>)?\s*<img\b[^>]*\bsrc=\"([^\"]+)\"", html)
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


def test_glossary_has_at_least_40_terms_with_chinese_and_definitions(built_book):
    html = _html(built_book, "chapters/glossary")
    rows = re.findall(r'<tr id="term-[^"]+"><td><strong>(.+?)</strong></td><td lang="zh">(.+?)</td><td>(.+?)</td></tr>', html)
    assert len(rows) >= 40
    for en, zh, definition in rows:
        assert re.search(r"[\u4e00-\u9fff]", zh), f"glossary: {en} has no Chinese term"
        assert len(definition) > 20, f"glossary: {en} has no real definition"


def test_examples_index_links_every_worked_example(built_book, repo_root):
    html = _html(built_book, "chapters/examples-index")
    for source in chapter_files():
        text = (repo_root / f"{source}.md").read_text(encoding="utf-8")
        for heading in re.findall(r"^## (Worked example \d+\.\d+\s*:.+?)\s*$", text, re.MULTILINE):
            number = re.match(r"Worked example (\d+\.\d+)", heading).group(1)
            assert f"Worked example {number}" in html, f"examples index misses {heading!r}"
