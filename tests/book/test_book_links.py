"""Link check over the built book: every internal link and anchor resolves.

Covers every HTML page Jupyter Book wrote (the Lite site under ``lite/`` and the MkDocs site
under ``docs/`` have their own checks). External links are not followed (no internet here), but
they are listed so that a page never *loads* anything from outside (see test_book_browser.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from bookpages import outline

pytestmark = pytest.mark.book
# The slides have their own test (test_instructor.py); their heading anchors are hidden nbconvert links.
SKIP_FOLDERS = {"lite", "docs", "slides", "_static", "_sources", "_images", "_sphinx_design_static"}


def _pages(built_book: Path) -> list[Path]:
    return sorted(
        p for p in built_book.rglob("*.html")
        if not SKIP_FOLDERS & set(p.relative_to(built_book).parts[:-1])
    )


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[str]:
    return frozenset(outline(path).ids)


def test_internal_links_and_anchors_resolve(built_book):
    pages = _pages(built_book)
    assert len(pages) >= 10
    broken = []
    for page in pages:
        parsed_page = outline(page)
        for href in parsed_page.links:
            url = urlparse(href)
            if url.scheme or url.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = page if not url.path else (page.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_book)}: {href} (no such file)")
                continue
            if url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _ids(target):
                broken.append(f"{page.relative_to(built_book)}: {href} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_page_assets_exist(built_book):
    missing = []
    for page in _pages(built_book):
        parsed = outline(page)
        for src in [*parsed.scripts, *parsed.stylesheets, *parsed.images]:
            url = urlparse(src)
            if url.scheme in ("data",) :
                continue
            assert not (url.scheme or url.netloc), f"{page.name} loads {src} from outside the site"
            if not (page.parent / unquote(url.path)).resolve().is_file():
                missing.append(f"{page.relative_to(built_book)}: {src}")
    assert not missing, "missing assets:\n" + "\n".join(missing)
