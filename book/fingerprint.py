"""A fingerprint of a set of source files, so a build step can skip work that is up to date."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["fingerprint", "up_to_date", "record"]

_SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def fingerprint(root: Path, patterns: Iterable[str]) -> str:
    """SHA-256 over the relative paths and contents of the files matching ``patterns``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     _ = (root / "a.py").write_text("x = 1")
    ...     first = fingerprint(root, ["*.py"])
    ...     _ = (root / "a.py").write_text("x = 2")
    ...     first == fingerprint(root, ["*.py"])
    False
    """
    digest = hashlib.sha256()
    files = {p for pattern in patterns for p in Path(root).glob(pattern) if p.is_file()}
    for path in sorted(files):
        if _SKIP_PARTS.intersection(path.parts) or path.suffix == ".pyc":
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def up_to_date(stamp: Path, key: str, *outputs: Path) -> bool:
    """True when ``stamp`` holds ``key`` and every output exists."""
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(p.exists() for p in outputs)


def record(stamp: Path, key: str) -> None:
    """Write ``key`` to ``stamp`` after a step has produced its outputs."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key, encoding="utf-8")
