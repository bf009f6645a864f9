"""Benchmark: the library's whole-table computations against a plain numpy floor.

For 10^4, 10^5 and 10^6 respondents x 20 items (whole-number answers 1..7 in a
float64 DataFrame, as a survey read from a file with possible blanks is), it
times

* ``weighted_index(data, weights)``: per-respondent weighted index;
* ``hierarchical_index(data, tree)``: a two-level tree over the 20 items
  (4 groups of 5), per-respondent totals plus the node table;
* ``satisfaction_rate(data[c])`` for each of the 20 columns (the rate of every
  item, i.e. the whole table once);

next to the floor: ``arr @ w``, a plain numpy matrix-vector product on the
same array (``data.to_numpy()``).  Each time is the best of several runs; the
table prints the time, the ratio to the floor, and the growth of the time per
10x more respondents (linear growth = 10x).  Validation (numeric and range
checks, blank detection, weight checks) is included in the library's times.

BLAS is pinned to one thread (unless ``OPENBLAS_NUM_THREADS`` is set): on the
shared 2-core machine a threaded matrix-vector product has erratic wake-up
costs (8 ms for 10^5 rows in one run, against 0.4 ms single-threaded), which
would make the floor meaningless.  The floor itself does not grow linearly
from 10^5 to 10^6 rows: 16 MB fits in the CPU cache, 160 MB does not.

Run: ``.venv/bin/python benchmarks/bench_index.py [--sizes 10000 100000 1000000]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported

import argparse  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from csat_examples.degree import weighted_index  # noqa: E402
from csat_examples.hierarchy import hierarchical_index  # noqa: E402
from csat_examples.rate import satisfaction_rate  # noqa: E402

ITEMS = [f"q{i:02d}" for i in range(1, 21)]


def best_time(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    weights = make_weights()
    tree = make_tree()
    results: dict[str, list[float]] = {"floor (arr @ w)": [], "weighted_index": [],
                                        "hierarchical_index": [], "satisfaction_rate x20": []}
    for n in args.sizes:
        data = make_data(n)
        arr = data.to_numpy()
        w = weights.to_numpy()
        results["floor (arr @ w)"].append(best_time(lambda: arr @ w, args.repeat))
        results["weighted_index"].append(best_time(lambda: weighted_index(data, weights), args.repeat))
        results["hierarchical_index"].append(best_time(lambda: hierarchical_index(data, tree), args.repeat))
        results["satisfaction_rate x20"].append(
            best_time(lambda: [satisfaction_rate(data[c]) for c in ITEMS], args.repeat)
        )

    floor = results["floor (arr @ w)"]
    header = f"{'function':<24}" + "".join(f"{f'n={n:,}':>26}" for n in args.sizes)
    header += "".join(f"{f'growth x{args.sizes[i + 1] // args.sizes[i]}':>12}" for i in range(len(args.sizes) - 1))
    print(f"{len(ITEMS)} items; best of {args.repeat}; time (ratio to floor); growth = time ratio per step")
    print(header)
    print("-" * len(header))
    for name, times in results.items():
        cells = "".join(f"{t * 1e3:>14.2f} ms ({t / f:>5.2f}x)" for t, f in zip(times, floor))
        growth = "".join(f"{times[i + 1] / times[i]:>11.1f}x" for i in range(len(times) - 1))
        print(f"{name:<24}{cells}{growth}")


if __name__ == "__main__":
    main()
