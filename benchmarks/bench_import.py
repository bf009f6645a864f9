"""Benchmark: how long ``import csat_examples`` and ``import widgets`` take, beside a bare ``import pandas``.

Each import runs in a fresh interpreter (``--repeat`` times, the modules in
turn so that they share the machine's load), timed two ways:

* *import*: from just before the ``import`` statement to just after it, inside
  the interpreter (what a notebook cell or ``csat`` pays);
* *process*: the whole ``python -c "import X"``, interpreter start-up and exit
  included (what the issue measured: 1.1 s and 1.6 s before issue 19).

It prints min and median of each, the ratio to ``import pandas`` (which every
one of them includes), and the load average before and after.  Goals
(issue 19): ``import csat_examples`` <= 0.6 s and ``import widgets`` <= 1.0 s.
``--detail`` adds the largest imports under each module (``python -X
importtime``), to see what is left.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeat 7] [--detail]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

MODULES = ("pandas", "csat_examples", "widgets")
GOALS = {"csat_examples": 0.6, "widgets": 1.0}
_TIMED = "import time; t0 = time.perf_counter(); import {0}; print(time.perf_counter() - t0)"


def run_once(module: str) -> tuple[float, float]:
    """(import seconds, process seconds) of one fresh interpreter importing ``module``."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _TIMED.format(module)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip()), time.perf_counter() - t0


def largest_imports(module: str, top: int = 8) -> list[tuple[float, str]]:
    """The ``top`` imports with the most time of their own (ms, name) under ``python -X importtime``."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True)
    rows = []
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]) / 1000, parts[2].strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--detail", action="store_true", help="also list the largest imports of each module")
    args = parser.parse_args()

    for module in MODULES:  # warm the file cache: the first start reads every .pyc from disk
        run_once(module)
    load_before = os.getloadavg()
    times: dict[str, list[tuple[float, float]]] = {m: [] for m in MODULES}
    for _ in range(args.repeat):
        for module in MODULES:
            times[module].append(run_once(module))
    load_after = os.getloadavg()

    base = {kind: statistics.median(t[kind] for t in times["pandas"]) for kind in (0, 1)}
    print(f"{args.repeat} fresh interpreters per module; load average {load_before[0]:.2f} before, "
          f"{load_after[0]:.2f} after; {sys.executable}")
    print(f"{'import':<16}{'import min / median':>24}{'x pandas':>10}{'process min / median':>26}"
          f"{'x pandas':>10}{'goal':>12}")
    for module, runs in times.items():
        imp = [t[0] for t in runs]
        proc = [t[1] for t in runs]
        goal = GOALS.get(module)
        verdict = "" if goal is None else f"<= {goal:.1f} s {'ok' if statistics.median(imp) <= goal else 'MISSED'}"
        print(f"{module:<16}{min(imp):>11.3f} /{statistics.median(imp):>7.3f} s"
              f"{statistics.median(imp) / base[0]:>9.2f}x"
              f"{min(proc):>13.3f} /{statistics.median(proc):>7.3f} s"
              f"{statistics.median(proc) / base[1]:>9.2f}x{verdict:>16}")
    if args.detail:
        for module in MODULES[1:]:
            print(f"\nlargest imports of their own under {module} (ms, python -X importtime, one run):")
            for ms, name in largest_imports(module):
                print(f"  {ms:>7.1f}  {name}")


if __name__ == "__main__":
    main()
