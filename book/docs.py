"""Build step: the MkDocs documentation site into ``_build/html/docs``.

Always ``--strict``: a broken link, a missing page or a reference to an object
that does not exist fails the build, in CI and locally alike.

The module is also the site's MkDocs hook file (``hooks:`` in ``mkdocs.yml``): it renders the
Sphinx roles of the library's docstrings (see :func:`on_page_content`).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from book.fingerprint import fingerprint, record, up_to_date

__all__ = ["run", "on_page_content", "on_post_page", "MATHJAX"]


#: What the site is built from: its pages and config, and the docstrings it renders.
DOCS_SOURCES = ("mkdocs.yml", "docs/**/*", "csat_examples/**/*.py", "widgets/**/*.py", "book/docs.py")


def run(root: Path, out: Path, strict: bool) -> None:
    """Build the site (always ``--strict``); skipped when nothing it reads changed, unless ``strict``."""
    site = out / "docs"
    stamp = root / "_build" / ".docs-sources"
    key = fingerprint(root, DOCS_SOURCES)
    if not strict and up_to_date(stamp, key, site / "index.html"):
        print("book.docs: sources unchanged; keeping _build/html/docs", flush=True)
        return
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"book.docs: mkdocs build failed (exit {result.returncode})")
    record(stamp, key)


# --- MkDocs hooks (mkdocs.yml: hooks: [book/docs.py]) -------------------------------------------
# The library's docstrings are written for Sphinx as well (the book cross-references them), so
# they use Sphinx roles: :func:`x`, :class:`~a.B`, :math:`\sum_i w_i x_i`.  mkdocstrings leaves
# those roles as literal text; these hooks turn them into code and into MathJax formulas, using
# the MathJax copy the book itself serves (book/static/mathjax, same site, no CDN).

_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|obj|exc|const):<code>(~?)([^<]*)</code>")
_MATH = re.compile(r":math:<code>([^<]*)</code>")
#: Where the book's build puts its vendored MathJax, relative to the html output root (every
#: edition has a copy; the landing edition's is used).
MATHJAX = "zh-hans/_static/mathjax/startup.js"
#: The components startup.js loads (the same as the book's ``mathjax3_config`` in _config.yml).
MATHJAX_CONFIG = "window.MathJax = {loader: {load: ['input/tex', 'output/chtml']}};"


def _role(match: re.Match[str]) -> str:
    short, target = match.groups()
    # Sphinx shows only the last component of "~a.b.c"
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def on_page_content(html: str, page, config, files) -> str:  # noqa: ANN001, ARG001 - MkDocs hook
    """Sphinx roles in rendered docstrings: cross-reference roles become code, math becomes MathJax."""
    html = _ROLE.sub(_role, html)
    html = html.replace("::</p>", ":</p>")  # reST's "::" before a literal block reads as ":"
    return _MATH.sub(r'<span class="arithmatex">\\(\1\\)</span>', html)


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001, ARG001 - MkDocs hook
    """Load the book's MathJax on pages that show a formula (the docs live under <html>/docs/)."""
    if 'class="arithmatex"' not in output:
        return output
    depth = page.url.count("/") + 1  # + 1: from docs/ up to the book's html root
    script = f'<script>{MATHJAX_CONFIG}</script><script defer src="{"../" * depth}{MATHJAX}"></script>'
    return output.replace("</head>", script + "</head>", 1)
