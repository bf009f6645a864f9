"""Build the course: ``python -m book build [--strict]``.

Steps, in order (each is a module of :mod:`book` with a ``run(root, out, strict)`` function):

1. ``book.quizzes.export`` - validate the quiz banks, compute their numeric answers
   with ``csat_examples``, write the page JSON and the Moodle XML / GIFT exports.
2. ``book.lite`` - build this project's wheel and the JupyterLite inputs.
3. ``book.jupyterbook`` - execute the chapters and build the Jupyter Book into
   ``_build/html`` (with the JupyterLite site under ``_build/html/lite``).
4. ``book.docs`` - build the MkDocs documentation site into ``_build/html/docs``.

``--strict`` is what CI uses: rebuild every page (``--all``), and let any cell
error, cell timeout or Sphinx warning fail the build.  Without it, the build
uses the execution cache and rebuilds only what changed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "html"
STEPS = ("book.quizzes.export", "book.lite", "book.jupyterbook", "book.docs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the whole course into _build/html")
    build.add_argument("--strict", action="store_true", help="rebuild all; warnings and cell errors fail")
    build.add_argument("--only", choices=[s.rsplit(".", 1)[1] for s in STEPS], action="append",
                       help="run only this step (repeatable)")
    args = parser.parse_args(argv)

    for name in STEPS:
        short = name.rsplit(".", 1)[1]
        if args.only and short not in args.only:
            continue
        start = time.perf_counter()
        print(f"book: {short} ...", flush=True)
        module = importlib.import_module(name)
        module.run(root=ROOT, out=OUT, strict=args.strict)
        print(f"book: {short} done in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"book: open {OUT / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
