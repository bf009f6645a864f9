"""Build step: the MkDocs documentation site into ``_build/html/docs``.

Always ``--strict``: a broken link, a missing page or a reference to an object
that does not exist fails the build, in CI and locally alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(root: Path, out: Path, strict: bool) -> None:  # noqa: ARG001 - docs are always strict
    site = out / "docs"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"book.docs: mkdocs build failed (exit {result.returncode})")
