"""Catching the requests of a browser page that leave the site."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse


def is_offsite(url: str, site: str) -> bool:
    """Whether ``url`` leaves ``site`` (a URL of the local server); ``data:`` and ``blob:`` never do.

    Examples
    --------
    >>> [is_offsite(u, "http://127.0.0.1:8123/index.html") for u in
    ...  ("http://127.0.0.1:8123/a.js", "data:,x", "https://cdn.example/x", "http://127.0.0.1:81234/a.js")]
    [False, False, True, True]
    """
    parsed = urlparse(url)
    return parsed.scheme not in ("data", "blob") and parsed.netloc != urlparse(site).netloc


def blocking_offsite(site: str, record: list[str]) -> Callable:
    """A route handler for every request (``"**/*"``): one that leaves ``site`` is recorded and aborted.

    Every request is routed, not only the offsite ones through a pattern: a page routed by pattern
    sometimes never went network-idle in CI, and this handler has passed many full runs.
    """
    def handle(route) -> None:
        url = route.request.url
        if is_offsite(url, site):
            record.append(url)
            route.abort()
        else:
            route.continue_()

    return handle
