"""On a 390-px phone, every figure's text is at least 9 CSS pixels high as the reader sees it.

Each chapter figure is a PNG that records the height of its smallest text in image pixels
(``book.notebook.TEXT_SIZE_KEY``, written when the book is built). The browser says which image it
shows (a figure's narrow variant on a phone) and how wide it draws it; their ratio scales the text.
"""

from __future__ import annotations

import io
from urllib.parse import unquote, urlparse

import pytest

from bookpages import analyst_files, chapter_files

pytestmark = [pytest.mark.book, pytest.mark.browser]
MIN_CSS_PX = 9.0


def _shown_on_a_phone(open_page, path: str, selector: str, name_js: str) -> list[dict]:
    """Each image ``selector`` finds on ``path`` at 390 px: its name, the source it shows and its two widths."""
    page = open_page(path, width=390, height=844)
    return page.evaluate("""([selector, nameJs]) => Array.from(document.querySelectorAll(selector)).map(img => {
        img.scrollIntoView();
        return {name: new Function('img', 'return ' + nameJs)(img), src: img.currentSrc || img.src,
                natural: img.naturalWidth, drawn: img.getBoundingClientRect().width};
    })""", [selector, name_js])


def _too_small(fig: dict, png: bytes, where: str) -> str | None:
    """The image's smallest text as the reader sees it, if under the floor (it must record its size)."""
    from PIL import Image

    from book.notebook import TEXT_SIZE_KEY

    text_px = float(Image.open(io.BytesIO(png)).text.get(TEXT_SIZE_KEY, "0"))
    assert text_px > 0, f"{where}: {fig['name']} does not record its text size (not a phone variant)"
    seen = text_px * fig["drawn"] / fig["natural"]
    return f"{fig['name']}: {seen:.1f} px" if seen < MIN_CSS_PX else None


@pytest.mark.parametrize("source", chapter_files() + analyst_files())
@pytest.mark.parametrize("edition", ["zh-hans", "en"])
def test_figure_text_is_readable_on_a_phone(open_page, built_book, edition, source):
    shown = _shown_on_a_phone(open_page, f"{edition}/{source}.html", "article figure img", "img.closest('figure').id")
    if not shown:
        pytest.skip(f"{source} has no figure")
    where = f"{edition}/{source}"
    small = [_too_small(fig, (built_book / unquote(urlparse(fig["src"]).path).lstrip("/")).read_bytes(), where)
             for fig in shown]
    assert not any(small), f"{where}: text under {MIN_CSS_PX} px at 390 px wide: {[s for s in small if s]}"


@pytest.mark.parametrize("source", chapter_files())
def test_calculator_figures_are_readable_on_a_phone(open_page, built_book, source):  # noqa: ARG001 - needs the build
    """A calculator's static figure shows its phone variant at 390 px, with no text under 9 px."""
    import base64

    shown = _shown_on_a_phone(open_page, f"zh-hans/{source}.html", ".csat-static img",
                              "img.closest('.csat-static').dataset.calculator")
    if not shown:
        pytest.skip(f"{source} has no calculator figure")
    for fig in shown:
        assert fig["src"].startswith("data:image/png;base64,"), f"{source}: {fig['name']} is not an embedded PNG"
    small = [_too_small(fig, base64.b64decode(fig["src"].split(",", 1)[1]), source) for fig in shown]
    assert not any(small), f"{source}: calculator text under {MIN_CSS_PX} px at 390 px wide: {[s for s in small if s]}"
