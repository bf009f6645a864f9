"""The calculators in the built book (static results + Lite links) and the JupyterLite site.

Needs the built book (``python -m book build``).  ``open_page`` aborts and
records requests that leave the local server.

The last test builds a second, small Lite site from the same inputs
(``_build/lite-src``) against a local Pyodide core (npm ``pyodide`` + the
kernel's pure-Python wheels from PyPI, cached in ``_build/lite-cache``) and
runs the pure-Python smoke notebook in Chromium: the offline check of the
in-browser kernel and of our wheel being preloaded without ``%pip``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from book import lite
from tests.offsite import blocking_offsite

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT = Path(__file__).resolve().parents[2]
#: (page, calculator, chapter notebook the "Run live" link opens), as the chapters call show().
PLACES = [
    ("ch02-satisfaction", "gap_model", "ch02-satisfaction"),
    ("ch03-rate-vs-degree", "rate_degree", "ch03-rate-vs-degree"),
    ("ch04-levels", "weighted_scoring", "ch04-levels"),
    ("ch06-measurement", "weighted_scoring", "ch06-measurement"),
    ("ch06-measurement", "rater", "ch06-measurement"),
    ("ch06-measurement", "gap_model", "ch06-measurement"),
    ("ch07-management", "load_data", "ch07-management"),
]
FORM = "input, select, button, textarea, .widget-slider, .jupyter-widgets"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("edition", ["zh-hans", "en"])
@pytest.mark.parametrize(("page", "name", "notebook"), PLACES)
def test_static_calculator_result(open_page, offsite_requests, built_book, page, name, notebook, width, edition,
                                  tmp_path):
    p = open_page(f"{edition}/chapters/{page}.html", width=width)
    block = p.locator(f'.csat-static[data-calculator="{name}"]')
    assert block.count() >= 1, f"{page}: no static result of {name}"
    block = block.first
    block.scroll_into_view_if_needed()
    assert block.is_visible()
    img = block.locator("img.csat-figure")
    assert img.evaluate("i => i.complete && i.naturalWidth > 100")
    assert block.locator("table").count() >= 1
    # no dead controls: the static result holds nothing to click but the link
    assert block.locator(FORM).count() == 0
    link = block.locator("a.csat-lite-link")
    href = link.get_attribute("href")
    # the live notebook in the page's own language, in the site's one JupyterLite
    assert href == f"../../lite/lab/index.html?path={edition}/{notebook}.ipynb"
    chapters = built_book / edition / "chapters"
    target = urlparse(href)
    assert (chapters / target.path).resolve().is_file()
    assert (built_book / "lite" / "files" / edition / f"{notebook}.ipynb").is_file()
    download = block.locator("a.csat-download-link").get_attribute("href")
    assert (chapters / download).resolve() == (built_book / "lite" / "files" / edition / f"{notebook}.ipynb")
    # fits the screen: nothing sticks out on the right, the figure shrinks to the width
    box = block.bounding_box()
    assert box["x"] + box["width"] <= width + 1
    assert img.bounding_box()["width"] <= box["width"] + 1
    assert offsite_requests == []
    block.screenshot(path=str(tmp_path / f"{page}-{name}-{width}.png"))


def test_lite_site_holds_notebooks_wheel_and_kernel_settings(built_book):
    site = built_book / "lite"
    assert (site / "lab" / "index.html").is_file()
    assert (site / "files" / "lite-smoke.ipynb").is_file()
    wheels = sorted((site / "pypi").glob("csat_examples-*.whl"))
    assert wheels, "our wheel is not in the Lite site"
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    packages = kernel["loadPyodideOptions"]["packages"]
    worker_dir = site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static"
    assert any(w.name.startswith("coincident.worker") for w in worker_dir.glob("*.js"))
    urls = [p for p in packages if p.endswith(".whl") and "://" not in p]  # the site's own (not the CDN's)
    assert any("csat_examples-" in u for u in urls)
    for url in urls:  # every preloaded wheel exists where the worker will look
        assert (worker_dir / url).resolve().is_file(), url


def _recording_context(browser, local: str):
    """A browser context that aborts and records requests to other hosts.

    The route is set on the context, not the page: the kernel fetches Pyodide
    from a web worker, whose requests a page-level route does not see.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    offsite: list[str] = []

    context.route("**/*", blocking_offsite(f"http://{local}/", offsite))
    return context, offsite


def test_built_lite_site_asks_only_for_the_pyodide_cdn(browser, book_server):
    """Default build (no CSAT_PYODIDE_URL): the kernel's only outside request is Pyodide's CDN."""
    local = urlparse(book_server).netloc
    context, offsite = _recording_context(browser, local)
    try:
        page = context.new_page()
        # the kernel starts once the notebook is open and asks for Pyodide: wait for that request
        with page.expect_request(lambda r: urlparse(r.url).netloc not in (local, ""), timeout=90_000) as first:
            page.goto(f"{book_server}/lite/lab/index.html?path=lite-smoke.ipynb")
        asked = first.value.url
    finally:
        context.close()
    assert urlparse(asked).netloc == "cdn.jsdelivr.net", asked
    assert f"/pyodide/v{lite.PYODIDE_VERSION}/full/" in asked
    assert {urlparse(u).netloc for u in offsite} <= {"cdn.jsdelivr.net"}, offsite
    assert all(f"/pyodide/v{lite.PYODIDE_VERSION}/full/" in u for u in offsite)


@pytest.fixture(scope="module")
def offline_lite_site(built_book, tmp_path_factory, serve_folder):
    """A Lite site from _build/lite-src with a local Pyodide core, served on 127.0.0.1."""
    source = ROOT / lite.LITE_SRC
    assert (source / "contents" / "lite-smoke.ipynb").is_file(), "run the book build (book.lite) first"
    cache = ROOT / lite.CACHE
    pyodide = lite.prepare_offline_pyodide(cache / "offline-pyodide", cache / "pyodide")
    work = tmp_path_factory.mktemp("lite")
    lite_dir = work / "src"
    shutil.copytree(source, lite_dir, ignore=shutil.ignore_patterns("static", "_staging"))
    wheels = sorted((lite_dir / "wheels").glob("*.whl"), key=lambda w: w.name.startswith("csat"))
    lite.configure(lite_dir, wheels, str(pyodide), ROOT)
    site = work / "site"
    subprocess.run([sys.executable, "-m", "jupyter", "lite", "build", "--contents", "contents",
                    "--output-dir", str(site), "--lite-dir", ".", "--apps", "lab"],
                   cwd=lite_dir, check=True, capture_output=True)
    with serve_folder(site) as url:
        yield url


def test_smoke_notebook_runs_offline_with_our_wheel_preloaded(browser, offline_lite_site, tmp_path):
    context, offsite = _recording_context(browser, urlparse(offline_lite_site).netloc)
    page = context.new_page()
    try:
        page.goto(f"{offline_lite_site}/lab/index.html?path=lite-smoke.ipynb")
        # the cell's editor is ready when CodeMirror has put its editable content in
        page.wait_for_selector(".jp-Notebook .jp-CodeCell .jp-InputArea-editor .cm-content[contenteditable=true]",
                               timeout=120_000)
        done = ("Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
                ".some(e => e.innerText.includes('smoke ok 285'))")
        # a cell run while the kernel is still starting can be lost (seen once in CI on a slow machine: no
        # output after 180 s, where the whole test takes 30-60 s alone): run it again once if nothing came
        for wait in (150_000, 240_000):
            page.click(".jp-Notebook .jp-CodeCell .jp-InputArea-editor")
            page.keyboard.press("Shift+Enter")
            try:
                page.wait_for_function(done, timeout=wait)
                break
            except PlaywrightTimeout:
                if wait == 240_000:
                    raise
        out = page.locator(".jp-OutputArea-output").first.inner_text()
        page.screenshot(path=str(tmp_path / "lite-smoke.png"))
    finally:
        context.close()
    assert "csat-examples wheel 0.1.0" in out  # installed at kernel start, no %pip line
    assert "ipywidgets wheel" in out
    assert "emscripten" in out
    assert offsite == []
