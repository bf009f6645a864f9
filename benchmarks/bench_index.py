"""Benchmark: the library's whole-table computations against a plain numpy floor.

For 10^4, 10^5 and 10^6 respondents x 20 items (whole-number answers 1..7 in a
float64 DataFrame, as a survey read from a file with possible blanks is), it
times

* ``weighted_index(data, weights)``: per-respondent weighted index;
* ``hierarchical_index(data, tree)``: a two-level tree over the 20 items
  (4 groups of 5), per-respondent totals plus the node table;
* ``satisfaction_rate(data)`` and ``level_distribution(data)``: the rate and
  the level counts of every item, in one pass over the table (their issue-19
  goal is measured against a floor of their own, same counts from the same
  DataFrame: see ``bench_rate.py``);
* the same two called once per column (``satisfaction_rate(data[c])`` for
  each of the 20 items), as before the DataFrame form existed;

next to the floor: ``arr @ w``, a plain numpy matrix-vector product on the
same array (``data.to_numpy()``), one pass over the table.  Each row is timed
``--repeat`` times, each run of the function right after a run of the floor,
so that both see the same load; the table prints min and median of the
function's times and of its ratio to the floor (min / min, median of the
paired ratios), and the load average before and after.  Validation (numeric
and range checks, blank detection, weight checks) is included in the
library's times: the rate and distribution check every answer is a whole
number 1..7 exactly, which costs a second look at each answer.

BLAS is pinned to one thread (unless ``OPENBLAS_NUM_THREADS`` is set): on the
shared 2-core machine a threaded matrix-vector product has erratic wake-up
costs, which would make the floor meaningless.  The floor itself does not
grow linearly from 10^5 to 10^6 rows: 16 MB fits in the CPU cache, 160 MB
does not.

Run: ``.venv/bin/python benchmarks/bench_index.py [--sizes 10000 100000 1000000] [--repeat 9]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from csat_examples.degree import weighted_index  # noqa: E402
from csat_examples.hierarchy import hierarchical_index  # noqa: E402
from csat_examples.rate import level_distribution, satisfaction_rate  # noqa: E402

ITEMS = [f"q{i:02d}" for i in range(1, 21)]


def paired_times(fn: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Times of ``fn`` and of ``floor``, each run of ``fn`` right after one of ``floor``."""
    fn(), floor()  # warm-up
    times, floors = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        floor()
        t1 = time.perf_counter()
        fn()
        t2 = time.perf_counter()
        floors.append(t1 - t0)
        times.append(t2 - t1)
    return times, floors


def make_data(n: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = rng.integers(1, 8, size=(n, len(ITEMS))).astype(float)
    return pd.DataFrame(codes, columns=ITEMS)


def make_weights(seed: int = 7) -> pd.Series:
    raw = np.random.default_rng(seed).random(len(ITEMS))
    w = raw / raw.sum()
    w[-1] = 1.0 - w[:-1].sum()  # exact sum 1 within rounding
    return pd.Series(w, index=ITEMS)


def make_tree() -> dict:
    groups = [ITEMS[i : i + 5] for i in range(0, 20, 5)]
    return {
        f"g{j}": {"weight": gw, "children": {item: 0.2 for item in group}}
        for j, (group, gw) in enumerate(zip(groups, (0.3, 0.3, 0.2, 0.2)))
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    weights = make_weights()
    tree = make_tree()
    load_before = os.getloadavg()
    rows: dict[str, list[tuple[list[float], list[float]]]] = {}
    for n in args.sizes:
        data = make_data(n)
        arr = data.to_numpy()
        w = weights.to_numpy()
        cases: dict[str, Callable[[], object]] = {
            "floor (arr @ w)": lambda: arr @ w,
            "weighted_index": lambda: weighted_index(data, weights),
            "hierarchical_index": lambda: hierarchical_index(data, tree),
            "satisfaction_rate(df)": lambda: satisfaction_rate(data),
            "level_distribution(df)": lambda: level_distribution(data),
            "satisfaction_rate x20": lambda: [satisfaction_rate(data[c]) for c in ITEMS],
            "level_distribution x20": lambda: [level_distribution(data[c]) for c in ITEMS],
        }
        for name, fn in cases.items():
            rows.setdefault(name, []).append(paired_times(fn, lambda: arr @ w, args.repeat))
    load_after = os.getloadavg()

    print(f"{len(ITEMS)} items; {args.repeat} runs, each after a run of the floor; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print("cell: min / median time in ms, then ratio to the floor (min / min, median of paired ratios)")
    header = f"{'function':<24}" + "".join(f"{f'n={n:,}':>36}" for n in args.sizes)
    print(header)
    print("-" * len(header))
    for name, per_size in rows.items():
        cells = []
        for times, floors in per_size:
            ratio_min = min(times) / min(floors)
            ratio_median = statistics.median(t / f for t, f in zip(times, floors))
            cells.append(f"{min(times) * 1e3:>8.2f} /{statistics.median(times) * 1e3:>8.2f} "
                         f"({ratio_min:>5.2f}x /{ratio_median:>5.2f}x)")
        print(f"{name:<24}" + "".join(f"{c:>36}" for c in cells))


if __name__ == "__main__":
    main()
