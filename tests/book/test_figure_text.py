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


@pytest.mark.parametrize("source", chapter_files() + analyst_files())
@pytest.mark.parametrize("edition", ["zh-hans", "en"])
def test_figure_text_is_readable_on_a_phone(open_page, built_book, edition, source):
    from PIL import Image

    from book.notebook import TEXT_SIZE_KEY

    page = open_page(f"{edition}/{source}.html", width=390, height=844)
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('article figure img')).map(img => {
        img.scrollIntoView();
        return {id: img.closest('figure').id, src: img.currentSrc || img.src,
                natural: img.naturalWidth, drawn: img.getBoundingClientRect().width};
    })""")
    if not shown:
        pytest.skip(f"{source} has no figure")
    small = []
    for fig in shown:
        path = built_book / unquote(urlparse(fig["src"]).path).lstrip("/")
        text_px = float(Image.open(io.BytesIO(path.read_bytes())).text.get(TEXT_SIZE_KEY, "0"))
        assert text_px > 0, f"{edition}/{source}: figure {fig['id']} does not record its text size"
        seen = text_px * fig["drawn"] / fig["natural"]
        if seen < MIN_CSS_PX:
            small.append(f"{fig['id']}: {seen:.1f} px ({fig['src'].rsplit('/', 1)[-1][:12]})")
    assert not small, f"{edition}/{source}: text under {MIN_CSS_PX} px at 390 px wide: {small}"


@pytest.mark.parametrize("source", chapter_files())
def test_calculator_figures_are_readable_on_a_phone(open_page, built_book, source):  # noqa: ARG001 - needs the build
    """A calculator's static figure shows its phone variant at 390 px, with no text under 9 px."""
    import base64

    from PIL import Image

    from book.notebook import TEXT_SIZE_KEY

    page = open_page(f"zh-hans/{source}.html", width=390, height=844)
    page.wait_for_load_state("load")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.csat-static img')).map(img => {
        img.scrollIntoView();
        return {calc: img.closest('.csat-static').dataset.calculator, src: img.currentSrc,
                natural: img.naturalWidth, drawn: img.getBoundingClientRect().width};
    })""")
    if not shown:
        pytest.skip(f"{source} has no calculator figure")
    small = []
    for fig in shown:
        assert fig["src"].startswith("data:image/png;base64,"), f"{source}: {fig['calc']} is not an embedded PNG"
        image = Image.open(io.BytesIO(base64.b64decode(fig["src"].split(",", 1)[1])))
        text_px = float(image.text.get(TEXT_SIZE_KEY, "0"))
        assert text_px > 0, f"{source}: the {fig['calc']} calculator shows its wide figure on a phone"
        seen = text_px * fig["drawn"] / fig["natural"]
        if seen < MIN_CSS_PX:
            small.append(f"{fig['calc']}: {seen:.1f} px")
    assert not small, f"{source}: calculator text under {MIN_CSS_PX} px at 390 px wide: {small}"
