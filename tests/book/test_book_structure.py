"""Every chapter, in every edition, has the course's shape, shows no code or developer talk to a
trainee, and shows the same numbers as the other editions.

The shape is found by the labels every chapter carries (the same in every language), not by
heading text:

``(chNN-objectives)=``  learning objectives ``[ON.k]``, each linking to the section that teaches it;
``(chNN-exercises)=``   exercises with collapsed solutions;
``(chNN-takeaways)=``   key takeaways;
``(chNN-terms)=``       key terms in English and Chinese;
``(chNN-quiz)=``        the self-assessment.

Needs the built book (``python -m book build``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from bookpages import EDITIONS, ROOT, chapter_files, toc_files

pytestmark = pytest.mark.book

CHAPTERS = chapter_files()
CHINESE = re.compile(r"[\u3400-\u9fff]")

#: Words that belong in the instructor and analyst guides, never in a trainee's page.
DEVELOPER_WORDS = re.compile(
    r"csat_examples|\bcsat (?:analyze|init-config)\b|\bYAML\b|environment variables?|\bCSAT_[A-Z_]+|"
    r"\bseed 00\d|\bpytest\b|\b\w+\.(?:py|ya?ml|ipynb)\b|\bdatasets\.load\b|library's tests|"
    r"\bimport \w+|\bdef \w+\(|种子\s*00\d|環境變數|环境变量|配置文件语法",
    re.I,
)


@lru_cache(maxsize=None)
def _soup(built_book: Path, edition: str, source: str):
    from bs4 import BeautifulSoup

    page = built_book / edition / f"{source}.html"
    assert page.is_file(), f"{page} was not built"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _article(soup):
    return soup.find("article") or soup


def _section(soup, label: str, source: str):
    target = soup.find(id=label)
    assert target is not None, f"{source}: no ({label})= section"
    return target if target.name == "section" else target.find_parent("section")


def _prose(article) -> str:
    """The page's reading text: without code, outputs of code, or maths."""
    from copy import copy

    shown = copy(article)
    for node in shown.select("div.cell_input, pre, code, script, style, .cell_output, .math, .headerlink"):
        node.decompose()
    return shown.get_text(" ", strip=True)


@pytest.mark.parametrize("source", CHAPTERS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_chapter_has_the_course_shape(built_book, edition, source):
    soup = _soup(built_book, edition, source)
    short = Path(source).name[:4]
    number = int(short[2:])

    objectives = _section(soup, f"{short}-objectives", source)
    items = objectives.find_all("li")
    ids = [m for li in items for m in re.findall(rf"\[O{number}\.(\d+)\]", li.get_text())]
    assert len(ids) >= 3 and ids == [str(k) for k in range(1, len(ids) + 1)], f"{source}: objectives {ids}"
    for li in items:
        links = [a["href"] for a in li.find_all("a", href=True)]
        assert links, f"{source}: objective {li.get_text()[:40]!r} does not link to the section that teaches it"

    figures = soup.select("figure[id]")
    numbered = [f for f in figures if f.select_one(".caption-number")]
    assert len(numbered) >= 2, f"{source}: fewer than two numbered figures"
    for fig in numbered:
        assert fig.find("img"), f"{source}: figure {fig['id']} has no image"
        assert soup.select_one(f'a[href="#{fig["id"]}"]'), f"{source}: figure {fig['id']} is never referred to"

    exercises = _section(soup, f"{short}-exercises", source)
    assert len(exercises.select(".exercise")) >= 2, f"{source}: fewer than two exercises"
    assert len(exercises.select(".solution.dropdown")) >= 2, f"{source}: solutions must be collapsed"

    assert len(_section(soup, f"{short}-takeaways", source).find_all("li")) >= 3, f"{source}: takeaways"
    terms = _section(soup, f"{short}-terms", source)
    rows = terms.find_all("tr")
    assert len(rows) >= 5 and CHINESE.search(terms.get_text()) and re.search(r"[A-Za-z]{3}", terms.get_text())
    assert _section(soup, f"{short}-quiz", source).select_one(".csat-quiz, [data-quiz]"), f"{source}: no quiz"


@pytest.mark.parametrize("source", CHAPTERS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_no_open_code_and_no_developer_words(built_book, edition, source):
    soup = _soup(built_book, edition, source)
    article = _article(soup)
    for cell in article.select("div.cell"):
        classes = cell.get("class", [])
        if cell.select_one("div.cell_input"):
            assert "tag_hide-input" in classes or cell.find_parent("details") is not None, (
                f"{edition}/{source}: a code cell is open on the page: {cell.get_text()[:80]!r}")
    found = DEVELOPER_WORDS.search(_prose(article))
    assert not found, f"{edition}/{source}: developer word {found.group(0)!r} in the prose"


def _structure(soup) -> dict[str, list[str]]:
    article = _article(soup)
    return {
        "sections": [s["id"] for s in article.select("section[id]")],
        "labels": sorted(t["id"] for t in article.select("[id]") if re.match(r"^(ch\d\d|ex-|fig-|sec-)", t["id"])),
        "figures": [f["id"] for f in article.select("figure[id]")],
        "exercises": [a.get("id") for a in article.select(".exercise, .solution")],
        "quizzes": [q.get("data-quiz", q.get("id")) for q in article.select(".csat-quiz, [data-quiz]")],
        "calculators": [c["data-calculator"] for c in article.select("[data-calculator]")],
    }


@pytest.mark.parametrize("source", toc_files())
def test_every_edition_has_the_same_structure(built_book, source):
    shapes = {edition: _structure(_soup(built_book, edition, source)) for edition in EDITIONS}
    english = shapes["en"]
    for edition, shape in shapes.items():
        for part in ("labels", "figures", "exercises", "quizzes", "calculators"):
            assert shape[part] == english[part], f"{source}: {edition} {part} differ from English"


def _glued(built_book: Path, edition: str, source: str) -> dict[str, str]:  # noqa: ARG001 - needs the build
    """The values a chapter glued into its text, as myst-nb stored them for this edition's build."""
    stored = ROOT / "_build" / "ed" / edition / "_build" / "jupyter_execute" / f"{source}.glue.json"
    if not stored.is_file():
        return {}
    return {name: "".join(output.get("data", {}).get("text/plain", ""))
            for name, output in json.loads(stored.read_text(encoding="utf-8")).items()}


NUMBER = re.compile(r"^-?\d+(\.\d+)?(e-?\d+)?$")


@pytest.mark.parametrize("source", CHAPTERS)
def test_numbers_are_identical_across_editions(built_book, source):
    english = _glued(built_book, "en", source)
    assert english, f"{source}: no glued values found (is the book built?)"
    for edition in EDITIONS:
        other = _glued(built_book, edition, source)
        assert set(other) == set(english), f"{source}: {edition} glues other names"
        for name, value in english.items():
            if NUMBER.match(value.strip()):
                assert other[name] == value, f"{source}: {name} is {other[name]} in {edition}, {value} in English"


@pytest.mark.parametrize("source", toc_files())
@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_chinese_pages_read_in_chinese(built_book, edition, source):
    """No English sentence is left in a Chinese page's prose (outside code, references and names)."""
    from csat_examples.lang import simplified_only

    article = _article(_soup(built_book, edition, source))
    for node in article.select(".csat-editions, .reference-list, [lang=en]"):
        node.decompose()
    text = _prose(article)
    english = [s for s in re.split(r"(?<=[.!?。！？])\s+", text) if len(re.findall(r"\b[A-Za-z]{3,}\b", s)) >= 6
               and not CHINESE.search(s)]
    assert not english, f"{edition}/{source}: English left in the prose: {english[:3]}"
    if edition == "zh-hant":
        left = simplified_only(text)
        assert not left, f"{source}: Simplified characters in the Traditional edition: {sorted(left)[:20]}"
