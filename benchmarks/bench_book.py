"""Benchmark: how long the course book takes to build, and how heavy its chapter pages are.

On a temporary copy of the repository (the working tree is never touched), it measures

* **clean build**: ``python -m book build`` from nothing (every step: quiz export, the three
  language editions' sources, Jupyter Book with every notebook of every edition executed, the
  handouts, the instructor notebooks and slides, Lite, docs), and the Jupyter Book step alone;
* **rebuild**: the same command again after one paragraph of one edition is edited (a sentence
  added to one Simplified-Chinese translation of chapter 3: the Simplified and Traditional
  editions change, and the execution cache and Sphinx's incremental build should redo only
  that page);
* **page weight** of every chapter in every edition: the bytes a browser downloads to show the
  page (HTML, CSS, JavaScript, fonts, images), measured by loading it in Debian's Chromium from a
  local server, excluding the in-browser Python site under ``lite/`` (it loads only when a reader
  asks for it).

The peer is a one-page Jupyter Book with one executed cell, built the same way: the build times
are also printed as multiples of that floor. Goals (issue 14, three editions): clean build <= 300 s,
rebuild <= 20 s, every chapter page of every edition < 1.5 MB.

Run: ``.venv/bin/python benchmarks/bench_book.py [--keep]`` (about as long as two builds).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "book"))
from bookpages import chapter_files  # noqa: E402

GOAL_CLEAN_S, GOAL_REBUILD_S, GOAL_PAGE_MB = 300.0, 20.0, 1.5
EDITIONS = ("zh-hans", "zh-hant", "en")
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", ".hypothesis", "__pycache__",
                                ".jupyter_cache", "*.egg-info")
EDITED_CATALOG = "chapters/locales/zh/ch03-rate-vs-degree.po"


def _build(root: Path, *args: str) -> tuple[float, dict[str, float], str]:
    """Run ``python -m book build`` in ``root``; return wall time, per-step times, output."""
    start = time.perf_counter()
    # -m with cwd=root imports root's own `book` package, so ROOT inside it is the copy.
    result = subprocess.run([sys.executable, "-m", "book", "build", *args], cwd=root,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-5000:] + result.stderr[-5000:])
        raise SystemExit(f"build failed in {root} (exit {result.returncode})")
    steps = {m[0]: float(m[1]) for m in re.findall(r"book: (\w+) done in ([\d.]+) s", result.stdout)}
    return elapsed, steps, result.stdout


def _peer(tmp: Path) -> float:
    """Build time of a one-page, one-cell Jupyter Book: the floor any book build pays."""
    book = tmp / "peer"
    book.mkdir()
    (book / "_config.yml").write_text("title: peer\nexecute:\n  execute_notebooks: cache\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n"
        "  name: python3\n  display_name: Python 3\n---\n# Peer\n\n```{code-cell} ipython3\n1 + 1\n```\n"
    )
    sys.path.insert(0, str(ROOT))
    from book import jupyterbook

    start = time.perf_counter()
    with open(tmp / "peer.log", "w") as log, _redirect(log):
        jupyterbook.run(book, book / "_build" / "html", strict=False)
    return time.perf_counter() - start


class _redirect:
    """Send a child's inherited stdout/stderr to a file (the build step prints a lot)."""

    def __init__(self, log) -> None:
        self.log = log

    def __enter__(self):
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = os.dup(1), os.dup(2)
        os.dup2(self.log.fileno(), 1)
        os.dup2(self.log.fileno(), 2)

    def __exit__(self, *exc):
        import os

        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)


def _edit_one_paragraph(root: Path) -> None:
    """Add a sentence to the first translated prose paragraph of chapter 3's Chinese catalog."""
    import polib

    path = root / EDITED_CATALOG
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgstr and len(e.msgstr) > 40 and not e.msgstr.startswith(("#", "`")))
    entry.msgstr += "（基准测试改动。）"
    catalog.save(str(path))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _page_weights(html: Path) -> list[tuple[str, int, int]]:
    """(chapter, requests, bytes) for every chapter page, loaded in Chromium."""
    from playwright.sync_api import sync_playwright

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for edition, source in ((e, s) for e in EDITIONS for s in chapter_files(ROOT)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                sizes: dict[str, int] = {}

                def _count(response, sizes=sizes):
                    if response.url.startswith(base) and "/lite/" not in response.url:
                        try:
                            sizes[response.url] = len(response.body())
                        except Exception:  # a redirect or an aborted request has no body
                            sizes.setdefault(response.url, 0)

                page.on("response", _count)
                page.goto(f"{base}/{edition}/{source}.html", wait_until="networkidle")
                rows.append((f"{edition}/{Path(source).name}", len(sizes), sum(sizes.values())))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-book-"))
    copy = tmp / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
    try:
        peer = _peer(tmp)
        clean, clean_steps, _ = _build(copy)
        _edit_one_paragraph(copy)
        rebuild, rebuild_steps, _ = _build(copy)
        weights = _page_weights(copy / "_build" / "html")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")

    jb_clean = clean_steps.get("jupyterbook", float("nan"))
    jb_rebuild = rebuild_steps.get("jupyterbook", float("nan"))
    print("\nBuild times (s)                    time   x peer   goal")
    print(f"  peer: one-page one-cell book   {peer:7.1f}     1.0")
    print(f"  clean build, all steps         {clean:7.1f}  {clean / peer:7.1f}   <= {GOAL_CLEAN_S:.0f}"
          f"   {'ok' if clean <= GOAL_CLEAN_S else 'MISSED'}")
    print(f"    of which jupyterbook step    {jb_clean:7.1f}  {jb_clean / peer:7.1f}")
    for step, seconds in clean_steps.items():
        if step != "jupyterbook":
            print(f"    of which {step:<20}{seconds:7.1f}")
    print(f"  rebuild after a one-paragraph edit, all steps"
          f" {rebuild:7.1f}  {rebuild / peer:5.1f}   < {GOAL_REBUILD_S:.0f}"
          f"   {'ok' if rebuild < GOAL_REBUILD_S else 'MISSED'}")
    print(f"    of which jupyterbook step    {jb_rebuild:7.1f}  {jb_rebuild / peer:7.1f}"
          f"   {'ok' if jb_rebuild < GOAL_REBUILD_S else 'MISSED'}")
    for step, seconds in rebuild_steps.items():
        if step != "jupyterbook":
            print(f"    of which {step:<20}{seconds:7.1f}")
    print("\nPage weight per chapter and edition (without lite/)   requests        MB   goal")
    for name, requests, size in weights:
        mb = size / 1_000_000
        print(f"  {name:<50}{requests:10d}{mb:10.2f}   < {GOAL_PAGE_MB}"
              f"   {'ok' if mb < GOAL_PAGE_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
