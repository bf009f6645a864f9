"""Shared fixtures: the built book, a local HTTP server for it, and Chromium.

Tests that need the built book use ``built_book``; it fails (it does not skip)
when ``_build/html`` is missing, because CI builds the book before the tests
(``bash book/setup.sh`` then ``python -m pytest``).

Browser tests use Playwright with Debian's Chromium (``/usr/bin/chromium``);
``playwright install`` cannot download a browser on this network.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.offsite import blocking_offsite

ROOT = Path(__file__).resolve().parents[1]
BUILD_HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CSAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book() -> Path:
    index = BUILD_HTML / "index.html"
    if not index.is_file():
        pytest.fail(
            f"{index} is missing: build the book first with 'bash book/setup.sh' "
            "(or '.venv/bin/python -m book build')."
        )
    return BUILD_HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # module scripts and WebAssembly are refused by the browser under another type
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # A browser opens several connections at once; with the default queue of 5, a busy test
    # process can leave a connection unaccepted, and the kernel drops it and makes the browser
    # retry after 1, 3, 7, ... seconds.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        # A test that is done with a page closes it, maybe while a large file is still being sent.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def _serving(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port, quietly; yields the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def serve_folder():
    """``with serve_folder(path) as url:`` serves another folder as ``book_server`` serves the book."""
    return _serving


@pytest.fixture(scope="session")
def book_server(built_book: Path):
    """Serve ``_build/html`` on 127.0.0.1 at a free port; yields the base URL."""
    with _serving(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: 'bash book/setup.sh' installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def offsite_requests():
    """A list that :func:`open_page` fills with every request leaving the site."""
    return []


@pytest.fixture()
def open_page(browser, book_server, offsite_requests):
    """Open a page of the built book: ``open_page("en/chapters/ch03.html", width=390)``.

    Requests to any host other than the local server are recorded in
    ``offsite_requests`` and aborted, so a page that needs the internet shows
    it and the test can assert ``offsite_requests == []``. The page is returned
    settled (see :func:`_settle`).
    """
    contexts = []

    def _open(path: str, width: int = 1280, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()

        page.route("**/*", blocking_offsite(book_server, offsite_requests))
        page.goto(f"{book_server}/{path.lstrip('/')}", wait_until="load")
        _settle(page)
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


# A book page starts all its requests before its load event except MathJax's, whose startup
# script then fetches the TeX input, the output code and the fonts. Waiting for these is exact;
# Playwright's "network idle" wait sometimes never ended on a loaded page while other test
# processes kept the machine busy.
_SETTLE_JS = """() => {
    window.__csatSettled = false;
    Promise.resolve(window.MathJax && window.MathJax.startup && window.MathJax.startup.promise)
        .then(() => document.fonts.ready)
        .then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))
        .then(() => { window.__csatSettled = true; }, error => { window.__csatSettled = String(error); });
}"""


def _settle(page, timeout_ms: float = 60_000) -> None:
    """Wait until a loaded page has typeset its maths, loaded its fonts and painted."""
    page.evaluate(_SETTLE_JS)
    page.wait_for_function("() => window.__csatSettled !== false", timeout=timeout_ms)
    state = page.evaluate("() => window.__csatSettled")
    assert state is True, f"{page.url} did not settle: {state}"


@pytest.fixture(scope="session")
def settle():
    """``settle(page)`` after a reload waits as :func:`open_page` does (see :func:`_settle`)."""
    return _settle


def _same_picture(a, b) -> bool:
    """Same size, and at most 0.5 % of pixels differ visibly (anti-aliased text may shift a pixel)."""
    import numpy as np

    if a.shape != b.shape:
        return False
    return bool((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 16).mean() < 0.005)


@pytest.fixture(scope="session")
def same_picture():
    """Compare two RGBA pixel arrays as a reader would (see :func:`_same_picture`)."""
    return _same_picture
