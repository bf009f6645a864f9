"""Benchmark: the bytes a first "Run live" of each chapter downloads (JupyterLite, Pyodide 314.0.6).

A reader who opens a chapter in the book's JupyterLite site for the first time
(empty browser cache) downloads:

* the Pyodide core: ``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``, ``pyodide-lock.json`` (sizes measured here in the npm
  ``pyodide`` package of that version, the same files);
* the packages the kernel loads as it starts: the preloaded ones
  (``book.lite.PYODIDE_PACKAGES``) and what the kernel installs itself
  (``book.lite.KERNEL_PACKAGES``: IPython, jedi, micropip), each with its
  dependencies from ``pyodide-lock.json``, and the ones preloaded by the URL
  of their wheel (``book.lite.PYODIDE_WHEELS``: pandas, matplotlib), which
  Pyodide loads without the dependencies the lock lists for them;
* the wheels the site serves: ours (``_build/lite-src/wheels``: this project
  and the pure-Python packages Pyodide lacks) and the kernel's own
  (``pyodide_kernel``, ``piplite``, the ``ipykernel`` stub);
* and, while cells run, any further Pyodide package that a code cell of the
  chapter imports (the kernel loads those by name, with the dependencies of
  theirs not yet loaded; none does today).

Sizes of the Pyodide package files come from ``benchmarks/pyodide-sizes.json``
(with their source): exact where the recorded sha256 is the 314.0.6 lock's,
otherwise an estimate, which the table marks.  The JupyterLite application
itself (JupyterLab's JavaScript, served by the book's own site) is not
counted.  "Transfer" estimates what crosses the network when the server
compresses the core files as the CDN does (gzip level 6 measured here;
wheels are zip files and do not shrink).  Goal (issue 19): at most 35 MB per
chapter, and no scipy unless a chapter uses it.

Needs ``_build/lite-src`` (``.venv/bin/python -m book build --only lite``)
and, the first time, the npm registry (``npm pack pyodide@314.0.6``, cached
in ``_build/lite-cache/pyodide``).

Run: ``.venv/bin/python benchmarks/bench_lite.py [--preload numpy pandas ...] [--by-url pandas ...]``
(``--preload`` and ``--by-url`` replace ``PYODIDE_PACKAGES`` and ``PYODIDE_WHEELS``, e.g. to see the
first "Run live" of an older build: ``--preload numpy pandas matplotlib pyyaml tqdm --by-url``).
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import zlib
from pathlib import Path

from book import lite

ROOT = Path(__file__).resolve().parents[1]
SIZES = Path(__file__).with_name("pyodide-sizes.json")
CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: The kernel extension's own wheels, fetched as the kernel starts (piplite, then pyodide-kernel and the
#: ipykernel stub it installs); the widgetsnbextension stubs only serve a %pip install of ipywidgets.
KERNEL_WHEELS = ("piplite-", "pyodide_kernel-", "ipykernel-")
BUDGET = 35e6


def cell_imports(code: str) -> set[str]:
    """Top-level names of the modules a code cell imports (after IPython's magics are rewritten)."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(code))
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def notebook_imports(path: Path) -> set[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return set().union(*(cell_imports("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
                         for c in notebook["cells"] if c["cell_type"] == "code"), set())


def kernel_wheels() -> list[Path]:
    static = Path(sys.prefix) / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    return sorted(p for p in static.glob("*.whl") if p.name.startswith(KERNEL_WHEELS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preload", nargs="+", default=list(lite.PYODIDE_PACKAGES),
                        help="Pyodide packages the kernel preloads (default: book.lite.PYODIDE_PACKAGES)")
    parser.add_argument("--by-url", nargs="*", default=list(lite.PYODIDE_WHEELS),
                        help="Pyodide packages preloaded by wheel URL, without their lock dependencies "
                             "(default: book.lite.PYODIDE_WHEELS)")
    parser.add_argument("--cache", type=Path, default=ROOT / lite.CACHE / "pyodide")
    args = parser.parse_args()

    site = ROOT / lite.LITE_SRC
    notebooks = sorted((site / "contents").rglob("ch*.ipynb"))
    ours = sorted((site / "wheels").glob("*.whl"))
    if not notebooks or not ours:
        sys.exit(f"no notebooks or wheels in {site}: run .venv/bin/python -m book build --only lite first")
    core_dir = lite.npm_pyodide(args.cache)
    lock = json.loads((core_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    table = json.loads(SIZES.read_text(encoding="utf-8"))["files"]
    by_import = {name: package for package, entry in lock.items() for name in entry["imports"]}

    def package_bytes(package: str) -> tuple[int, bool]:
        """(bytes, exact) of a lock package's file; exact when the recorded build is the lock's."""
        entry = lock[package]
        known = table.get(entry["file_name"])
        if known is None:
            sys.exit(f"no size for {entry['file_name']} in {SIZES.name}: add it (with its source)")
        return known["bytes"], known["sha256"] == entry["sha256"]

    core = {name: (core_dir / name).stat().st_size for name in CORE}
    core_transfer = sum(len(zlib.compress((core_dir / name).read_bytes(), 6)) for name in CORE)
    by_url = [p for p in args.by_url if p in lock]
    for name in by_url:  # the wheel the settings name is the lock's (same file, so the same bytes)
        if name in lite.PYODIDE_WHEELS and lite.PYODIDE_WHEELS[name] != lock[name]["file_name"]:
            sys.exit(f"book.lite.PYODIDE_WHEELS[{name!r}] is not the lock's {lock[name]['file_name']}")
    at_start = [*by_url, *lite.lock_closure(lock, [*args.preload, *lite.KERNEL_PACKAGES], loaded=by_url)]
    served = {p.name: p.stat().st_size for p in [*ours, *kernel_wheels()]}

    start_bytes = sum(package_bytes(p)[0] for p in at_start)
    estimated = sum(package_bytes(p)[0] for p in at_start if not package_bytes(p)[1])
    print(f"Pyodide {lite.PYODIDE_VERSION}; preloaded: {' '.join(args.preload)}; "
          f"by wheel URL: {' '.join(by_url) or '-'}; lock file and core from {core_dir}")
    print(f"  core ({len(core)} files, exact)               {sum(core.values()) / 1e6:>7.2f} MB "
          f"(transfer, compressed: {core_transfer / 1e6:.2f} MB)")
    print(f"  Pyodide packages at kernel start ({len(at_start)})   {start_bytes / 1e6:>7.2f} MB "
          f"({estimated / 1e6:.2f} MB of it estimated)")
    for package in sorted(at_start, key=lambda p: -package_bytes(p)[0])[:6]:
        size, exact = package_bytes(package)
        print(f"      {package:<28}{size / 1e6:>7.2f} MB{'' if exact else ' (estimate)'}")
    print(f"  wheels served by the site ({len(served)}, exact)     {sum(served.values()) / 1e6:>7.2f} MB")
    absent = [p for p in ("scipy", *lite.LEFT_OUT) if p not in at_start]
    for package in absent:
        print(f"  not loaded at start: {package} ({package_bytes(package)[0] / 1e6:.2f} MB)")

    print(f"\n{'chapter':<28}{'more Pyodide packages':<26}{'first Run live':>16}{'transfer':>11}{'budget':>10}")
    for path in notebooks:
        extra = lite.lock_closure(lock, sorted({by_import[m] for m in notebook_imports(path) if m in by_import}),
                                  loaded=at_start)
        extra_bytes = sum(package_bytes(p)[0] for p in extra)
        total = sum(core.values()) + start_bytes + sum(served.values()) + extra_bytes
        transfer = core_transfer + start_bytes + sum(served.values()) + extra_bytes
        label = str(path.relative_to(site / "contents").with_suffix(""))
        print(f"{label:<28}{', '.join(extra) or '-':<26}{total / 1e6:>13.2f} MB{transfer / 1e6:>8.2f} MB"
              f"{'ok' if total <= BUDGET else 'over':>10}")
    print(f"(MB = 10^6 bytes; budget {BUDGET / 1e6:.0f} MB of files per first Run live; "
          "the JupyterLite application itself is not counted)")


if __name__ == "__main__":
    main()
