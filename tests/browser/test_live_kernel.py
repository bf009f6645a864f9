"""The calculators live in JupyterLab with a real kernel: a trainee changes a control in
the browser and the table and figure are redrawn (the book only shows static results).

Starts ``jupyter lab`` from this environment on a free local port with a small
notebook that calls ``widgets.show`` as the chapters do, runs it in Debian's
Chromium, types a new count into the rate-vs-degree calculator and waits for
the new figure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from labserver import jupyter_lab

pytestmark = [pytest.mark.browser]

NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "calc", "metadata": {}, "outputs": [],
               "source": ['from widgets import show\n', 'show("rate_degree")']}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server serving a folder with live.ipynb; yields its URL."""
    root = tmp_path_factory.mktemp("lab")
    (root / "live.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    with jupyter_lab(root) as url:
        yield url


def test_a_control_change_in_the_browser_redraws_table_and_figure(browser, lab):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = ctx.new_page()
    try:
        page.goto(f"{lab}/lab/tree/live.ipynb")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                               " && window.jupyterapp.shell.currentWidget.sessionContext"
                               " && window.jupyterapp.shell.currentWidget.sessionContext.session", timeout=90_000)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        figure = page.locator(".csat-calculator img.csat-figure").first
        figure.wait_for(state="visible", timeout=120_000)
        assert page.locator(".csat-calculator .jp-OutputArea-output pre, .jp-OutputArea-output .jp-RenderedText"
                            "[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        before_src = figure.get_attribute("src")
        before_table = page.locator(".csat-calculator .csat-output").first.inner_text()
        # the first count box of survey A ("very dissatisfied"): a trainee types 400 and presses Enter
        box = page.locator(".csat-calculator input[type='number']").first
        box.fill("400")
        box.press("Enter")
        page.wait_for_function("(src) => { const img = document.querySelector('.csat-calculator img.csat-figure');"
                               " return img && img.getAttribute('src') !== src; }", arg=before_src, timeout=30_000)
        after_table = page.locator(".csat-calculator .csat-output").first.inner_text()
        assert after_table != before_table
        # survey A had 800 respondents and none very dissatisfied: now 1200, with the same 313 satisfied
        assert "Survey A\t800\t313" in before_table
        assert "Survey A\t1200\t313\t26.1\t" in after_table  # rate 313 / 1200 = 26.1 %
        assert page.locator(".csat-calculator .csat-error").count() == 0
        page.screenshot(path=str(Path(os.environ.get("CSAT_SHOTS", "/tmp")) / "live-kernel-rate-degree.png"))
    finally:
        ctx.close()
