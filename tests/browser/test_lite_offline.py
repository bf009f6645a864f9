"""JupyterLite without internet says so, in the reader's language, within seconds.

The book's "Run live" link opens a chapter notebook in the Lite site; its Python runtime comes
from a CDN unless the site was built with a local copy. With the internet cut (every request
leaving the local server is aborted), the page must explain within ~15 s and offer the ways out.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.book, pytest.mark.browser]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "_build" / "screenshots"


@pytest.mark.parametrize("folder, expected", [("zh-hans", "无法加载 Python 运行环境"),
                                              ("zh-hant", "無法載入 Python 執行環境"),
                                              ("en", "Python could not be loaded")])
def test_lite_offline_notice_in_the_readers_language(open_page, offsite_requests, folder, expected):
    started = time.monotonic()
    page = open_page(f"lite/lab/index.html?path={folder}/ch03-rate-vs-degree.ipynb", width=390, height=800)
    notice = page.wait_for_selector(".csat-lite-offline", timeout=20_000)
    waited = time.monotonic() - started
    text = notice.inner_text()
    assert expected in text
    links = [a.get_attribute("href") for a in notice.query_selector_all("a")]
    assert f"../../{folder}/chapters/ch03-rate-vs-degree.html" in links      # back to the book
    assert f"../files/{folder}/ch03-rate-vs-degree.ipynb" in links           # the notebook
    assert any("live-session" in (href or "") for href in links)            # the intranet option
    assert waited < 20, f"the notice took {waited:.0f} s"
    assert offsite_requests, "the runtime request should have been attempted (and cut)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"lite-offline-{folder}.png"))
