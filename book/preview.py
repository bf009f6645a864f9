"""``python -m book preview PAGE [--edition zh-hans ...]``: build one page of the book, quickly.

For authors and translators: writes every edition's sources (as the build's
``editions`` step does) and builds only ``PAGE`` of the chosen editions, each
as a single-page Jupyter Book in ``_build/preview/<edition>/``, in a few
seconds instead of a whole build.  Links to other pages are not resolved in a
preview (Sphinx warns about them); the whole build checks those.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .editions import EDITIONS, SRC, edition, narrow_figures, render_edition
from .jupyterbook import _environment, execution_key

__all__ = ["preview"]

PREVIEW = Path("_build") / "preview"


def _fresh_cache_flags(root: Path, page_dir: Path) -> tuple[list[str], str]:
    """The flags a page build needs so that it shows the current survey and code, and their key.

    The execution cache keys a page by its own code only: after the course
    survey or the library changed (:func:`~book.jupyterbook.execution_key`),
    a preview would show the numbers of the last one.  As the whole build
    does, a changed key empties the page's cache and rereads the page
    (``--all``); the key is recorded once the preview succeeded.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {"CSAT_SURVEY_FILE": "a.csv"}):
    ...     page = Path(tmp)
    ...     (page / ".jupyter_cache").mkdir()
    ...     flags, key = _fresh_cache_flags(page, page)
    ...     first = (flags, (page / ".jupyter_cache").exists())
    ...     _ = (page / ".execution-key").write_text(key, encoding="utf-8")  # the preview succeeded
    ...     again = _fresh_cache_flags(page, page)[0]
    ...     os.environ["CSAT_SURVEY_FILE"] = "b.csv"
    ...     first, again, _fresh_cache_flags(page, page)[0]
    ((['--all'], False), [], ['--all'])
    """
    stamp = page_dir / ".execution-key"
    key = execution_key(root, dict(os.environ))
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return [], key
    shutil.rmtree(page_dir / ".jupyter_cache", ignore_errors=True)
    return ["--all"], key


def preview(root: Path, page: str, folders: list[str] | None = None) -> list[Path]:
    """Build ``page`` for the editions in ``folders`` (default: all); returns the HTML files.

    Raises
    ------
    SystemExit
        If a build fails; its log is printed.
    """
    chosen = [e for e in EDITIONS if not folders or e.folder in folders]
    pages = []
    for ed in chosen:
        render_edition(root, ed, strict=False)
        source = root / SRC / ed.folder / "chapters" / f"{page}.md"
        if not source.is_file():
            raise SystemExit(f"book preview: no page {page!r} (looked for {source})")
        out = root / PREVIEW / ed.folder
        page_dir = out / "_build" / "_page" / page
        flags, key = _fresh_cache_flags(root, page_dir)
        cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(source),
               "--path-output", str(out), "--config", str(root / SRC / ed.folder / "_config.yml"), *flags]
        done = subprocess.run(cmd, cwd=source.parent, env=_environment(ed.lang, narrow_figures(root, ed)),
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"book preview: {ed.folder}/{page} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        (page_dir / ".execution-key").write_text(key, encoding="utf-8")
        html = page_dir / "html" / f"{page}.html"
        print(f"book preview: {ed.folder}: {html}", flush=True)
        pages.append(html)
    return pages


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m book preview", description=__doc__.splitlines()[0])
    parser.add_argument("page", help="page name, e.g. ch03-rate-vs-degree")
    parser.add_argument("--edition", action="append", choices=[e.folder for e in EDITIONS] + ["zh", "zh-Hant"],
                        help="edition folder (repeatable; default: all three)")
    args = parser.parse_args(argv)
    folders = [edition(f).folder if f in ("zh", "zh-Hant") else f for f in (args.edition or [])]
    preview(Path(__file__).resolve().parents[1], args.page, folders)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
