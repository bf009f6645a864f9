"""An instructor's live session: the chapter notebook opens in a Chinese JupyterLab without a kernel
dialog, and presents as a live slide deck (jupyterlab-slideshow) whose calculator runs.

Serves a copy of the built Simplified-Chinese instructor notebooks (``_build/notebooks/zh-hans``)
with JupyterLab from this environment (jupyterlab-slideshow and the zh-CN language pack installed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from labserver import jupyter_lab

pytestmark = [pytest.mark.browser, pytest.mark.book]
ROOT = Path(__file__).resolve().parents[2]
PAGE = "ch03-rate-vs-degree.ipynb"
SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def chinese_lab(tmp_path_factory):
    source = ROOT / "_build" / "notebooks" / "zh-hans"
    assert (source / PAGE).is_file(), "build the book first (book.instructor writes the notebooks)"
    root = tmp_path_factory.mktemp("class")
    shutil.copytree(source, root, dirs_exist_ok=True)
    settings = {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"},
                "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}
    with jupyter_lab(root, settings=settings) as url:
        yield url


def _open(page, lab_url: str) -> None:
    page.goto(f"{lab_url}/lab/tree/{PAGE}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=90_000)


def test_notebook_opens_in_chinese_jupyterlab_without_a_kernel_dialog(browser, chinese_lab):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    try:
        _open(page, chinese_lab)
        assert page.locator(".jp-Dialog").count() == 0, "JupyterLab asked for a kernel"
        menu = page.locator("#jp-MainMenu").inner_text()
        assert "文件" in menu, f"JupyterLab is not in Chinese: {menu[:80]!r}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "instructor-notebook-zh-hans.png"))
    finally:
        ctx.close()


def test_live_deck_shows_a_working_calculator(browser, chinese_lab):
    cells = json.loads((ROOT / "_build" / "notebooks" / "zh-hans" / PAGE).read_text(encoding="utf-8"))["cells"]
    calculator = next(k for k, c in enumerate(cells) if "calculator(" in c["source"])
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    try:
        _open(page, chinese_lab)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        figure = page.locator(".csat-calculator img.csat-figure").first
        figure.wait_for(state="attached", timeout=180_000)
        # present from the calculator's slide
        page.evaluate(f"() => {{ window.jupyterapp.shell.currentWidget.content.activeCellIndex = {calculator}; }}")
        page.evaluate("() => window.jupyterapp.commands.execute('deck:toggle')")
        page.wait_for_function("() => document.querySelector('.jp-deck-mode, [data-jp-deck-mode]') !== null",
                               timeout=20_000)
        box = page.locator(".csat-calculator input[type='number']").first
        box.wait_for(state="visible", timeout=20_000)
        before = figure.get_attribute("src")
        box.fill("400")
        box.press("Enter")
        page.wait_for_function("(src) => { const img = document.querySelector('.csat-calculator img.csat-figure');"
                               " return img && img.getAttribute('src') !== src; }", arg=before, timeout=30_000)
        assert "满意率" in page.locator(".csat-calculator").first.inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "live-deck-zh-hans.png"))
    finally:
        ctx.close()
