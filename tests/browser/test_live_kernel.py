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
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser]

NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "calc", "metadata": {}, "outputs": [],
               "source": ['from widgets import show\n', 'show("rate_degree")']}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server (no token, local only) serving a folder with live.ipynb; yields its URL."""
    root = tmp_path_factory.mktemp("lab")
    (root / "live.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CSAT_BOOK_BUILD"}
    env["JUPYTER_CONFIG_DIR"] = str(root / ".jupyter")  # no user settings leak in
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.root_dir={root}", "--IdentityProvider.token=", "--ServerApp.password=",
           "--allow-root", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
           "--LabApp.extension_manager=readonly", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate", "--ServerApp.disable_check_xsrf=True"]
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=1)  # noqa: S310 - local server
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"jupyter lab exited: {(root / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"jupyter lab did not start: {(root / 'lab.log').read_text()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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
