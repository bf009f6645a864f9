"""A chapter printed on A4 is reading matter: no navigation, code, quiz controls or language switch."""

from __future__ import annotations

import pytest

from bookpages import chapter_files

pytestmark = [pytest.mark.book, pytest.mark.browser]
HIDDEN_ON_PAPER = (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".prev-next-area",
                   ".csat-editions", ".csat-quiz", ".csat-lite", "div.cell_input", "pre",
                   "details.above-input > summary")


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant", "en"])
@pytest.mark.parametrize("source", chapter_files()[:3] + chapter_files()[-1:])
def test_a_chapter_prints_without_screen_furniture(open_page, edition, source):
    page = open_page(f"{edition}/{source}.html", width=1280)
    page.wait_for_load_state("load")  # the code toggles are made by a script
    page.emulate_media(media="print")
    shown = page.evaluate("""(selectors) => selectors.filter(s => Array.from(document.querySelectorAll(s))
        .some(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'))""",
                          list(HIDDEN_ON_PAPER))
    assert shown == [], f"{edition}/{source}: on paper these still show: {shown}"
    # the theme prints the title in its own print header and hides the article's copy
    assert page.evaluate("Array.from(document.querySelectorAll('h1')).some(h => h.getClientRects().length > 0)")
    figures = page.evaluate("Array.from(document.querySelectorAll('article figure img'))"
                            ".filter(i => i.getClientRects().length > 0).length")
    assert figures > 0, f"{edition}/{source}: figures do not print"
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page") > 1
