"""Catching the requests of a browser page that leave the site."""

from __future__ import annotations

import re
from urllib.parse import urlparse


def leaving(site: str) -> re.Pattern[str]:
    """A route pattern matching every URL except ``data:``, ``blob:`` and those of ``site`` (its origin).

    Routing only these through Python, rather than every request, saves each page a round trip per file
    to the test process (about 1 s for a book page, far more for JupyterLite's hundreds of files): the
    pattern is matched in the browser's driver.

    Examples
    --------
    >>> pattern = leaving("http://127.0.0.1:8123/index.html")
    >>> [bool(pattern.match(u)) for u in ("http://127.0.0.1:8123/a.js", "data:,x", "https://cdn.example/x",
    ...                                   "http://127.0.0.1:81234/a.js")]
    [False, False, True, True]
    """
    return re.compile(rf"^(?!(?:data:|blob:|https?://{re.escape(urlparse(site).netloc)}/))")
