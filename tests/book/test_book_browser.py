"""The built book in a real browser (Debian's Chromium through Playwright).

* every page of the table of contents, in every edition, loads from the local server with **no request leaving the
  site** and no failed local request;
* every chapter of every edition is screenshotted at desktop width and at a 390-px phone width
  into ``_build/screenshots/<edition>/`` (look at them), and the phone layout does not scroll sideways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpages import EDITIONS, chapter_files, toc_files

pytestmark = [pytest.mark.book, pytest.mark.browser]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "_build" / "screenshots"


@pytest.mark.parametrize("source", toc_files())
@pytest.mark.parametrize("edition", EDITIONS)
def test_page_loads_with_no_offsite_request(open_page, settle, offsite_requests, book_server, edition, source):
    missing = []
    page = open_page(f"{edition}/{source}.html")
    # Listen from a second load on (the fixture has already navigated once); a file that is not
    # there shows up as an HTTP error response.
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    page.reload(wait_until="load")
    settle(page)
    assert offsite_requests == [], f"{source} asked the internet for: {offsite_requests}"
    local_missing = [url for url in missing if url.startswith(book_server) and not url.endswith("/favicon.ico")]
    assert local_missing == [], f"{source}: local files missing: {local_missing}"
    assert page.title(), f"{source}: page has no title"


def test_the_offsite_check_sees_a_request_that_leaves_the_site(open_page, offsite_requests):
    """The safety net of the test above: a request to another host is caught, one to the site is not."""
    page = open_page("en/chapters/intro.html")  # not the root index, which redirects
    page.evaluate("""async () => {
        for (const url of ["https://cdn.example.org/lib.js", "/index.html", "data:text/plain,x"]) {
            try { await fetch(url); } catch (e) {}
        }
    }""")
    assert offsite_requests == ["https://cdn.example.org/lib.js"]


@pytest.mark.parametrize("source", chapter_files())
@pytest.mark.parametrize("device,width", [("desktop", 1280), ("phone", 390)])
@pytest.mark.parametrize("edition", EDITIONS)
def test_chapter_screenshot(open_page, offsite_requests, edition, source, device, width):
    page = open_page(f"{edition}/{source}.html", width=width, height=900)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / edition / f"{Path(source).name}-{device}.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{source}: the page scrolls sideways by {overflow}px at {width}px"
    assert offsite_requests == []
