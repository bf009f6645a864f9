"""Build step: execute the chapters and build the Jupyter Book into ``_build/html``.

Runs ``jupyter-book build`` (Jupyter Book 1.x) on the repository root with the
environment variable ``CSAT_BOOK_BUILD=1``, which tells ``widgets.show`` to
draw static results instead of live controls.

Two modes:

* default: the execution cache (``_build/.jupyter_cache``) and Sphinx's
  incremental build, so editing one paragraph rebuilds one page in seconds;
  a failing cell is reported as a warning and the build goes on;
* ``strict`` (CI): ``--all -W --keep-going``. Jupyter Book reports a cell
  error or a cell timeout only as a warning, and on an incremental rebuild it
  does not even re-read an unchanged page, so only rebuilding every page with
  warnings turned into errors makes such a failure fail the build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["run", "command", "JupyterBookBuildError"]


class JupyterBookBuildError(RuntimeError):
    """``jupyter-book build`` failed (a cell error, a timeout or a warning in strict mode)."""


def _output_root(out: Path) -> Path:
    # jupyter-book writes into <path-output>/_build/html; the step is handed the html folder.
    if out.name != "html" or out.parent.name != "_build":
        raise ValueError(f"out must be a '<folder>/_build/html' path, got {out}")
    return out.parent.parent


def command(root: Path, out: Path, strict: bool) -> list[str]:
    """The ``jupyter-book build`` command line this step runs.

    Examples
    --------
    >>> from pathlib import Path
    >>> command(Path("/r"), Path("/r/_build/html"), strict=True)[-6:]
    ['/r', '--path-output', '/r', '--all', '-W', '--keep-going']
    >>> "--all" in command(Path("/r"), Path("/r/_build/html"), strict=False)
    False
    """
    cmd = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
        "build", str(root), "--path-output", str(_output_root(out)),
    ]
    if strict:
        cmd += ["--all", "-W", "--keep-going"]
    return cmd


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["CSAT_BOOK_BUILD"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    # The notebooks' kernel is this interpreter; make its console scripts findable too.
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def run(root: Path, out: Path, strict: bool) -> None:
    """Build the book from ``root`` into ``out`` (``<root>/_build/html``).

    Raises
    ------
    JupyterBookBuildError
        If ``jupyter-book build`` exits non-zero.
    """
    root = Path(root).resolve()
    out = Path(out).resolve()
    result = subprocess.run(command(root, out, strict), cwd=root, env=_environment())
    if result.returncode != 0:
        mode = "strict (--all -W)" if strict else "default"
        raise JupyterBookBuildError(
            f"book.jupyterbook: jupyter-book build failed in {mode} mode (exit {result.returncode}); "
            "see the cell error, timeout or warning printed above"
        )
