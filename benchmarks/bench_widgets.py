"""Time from a control change to a redrawn output, per calculator.

Each row sets one control of a live calculator (as a trainee's click does) and
measures until its observer has recomputed the result with the library and
rewritten the output widgets: the HTML table (written first) and the PNG
figure (its data artists redrawn over a kept picture of the rest).  A second
table times changes that give the chart another shape, which rebuild it.  Goal: median under
50 ms on the course machine.  Wall time is what a trainee feels; CPU time
(``process_time``) is shown too because a busy machine inflates wall time.

Run: ``.venv/bin/python benchmarks/bench_widgets.py [--repeat 30] [--lang en]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from widgets import make


def _changes(name: str, calc: Any) -> Callable[[int], None]:
    """A function that makes the i-th control change of the calculator."""
    if name == "weighted_scoring":
        leaf = next(n for n in calc.nodes if not calc._children(n))
        return lambda i: setattr(leaf.score, "value", 4.0 + (i % 5) * 0.5)
    if name == "gap_model":
        slider = calc.sliders["reliability"]["delivery"]
        return lambda i: setattr(slider, "value", 4.0 + (i % 5) * 0.2)
    if name == "rater":
        slider = calc.p["reliability"]
        return lambda i: setattr(slider, "value", 4.0 + (i % 5) * 0.2)
    if name == "rate_degree":
        box = calc.counts["a"][3]
        start = box.value
        return lambda i: setattr(box, "value", start + 1 + i % 5)
    if name == "load_data":
        # the overall-satisfaction column chosen from the list: the survey is read again and counted
        columns = ["overall", next(c for c in calc.overall.options if c.startswith("p_"))]
        return lambda i: setattr(calc.overall, "value", columns[i % 2])
    raise ValueError(name)


def _rebuilds(name: str, calc: Any) -> Callable[[int], None] | None:
    """A change that gives the chart another shape, so that it is built and drawn whole."""
    if name == "weighted_scoring":
        top = next(n for n in calc.nodes if calc._children(n))
        return lambda i: setattr(top.name, "value", f"Indicator {i}")
    if name == "rate_degree":
        return lambda i: setattr(calc.scale, "value", ("5-level", "7-level")[i % 2])
    return None


def bench(name: str, repeat: int, lang: str, rebuild: bool = False) -> dict[str, float] | None:
    calc = make(name, lang=lang)
    change = (_rebuilds if rebuild else _changes)(name, calc)
    if change is None:
        return None
    change(0)  # warm-up: first draw caches fonts and backgrounds
    change(1)
    table_at: list[float] = []
    calc.result_out.observe(lambda _c: table_at.append(time.perf_counter()), names="value")
    walls, cpus, tables = [], [], []
    for i in range(repeat):
        table_at.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        change(i + 2)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        tables.append((table_at[-1] - t0) * 1000 if table_at else float("nan"))
    if calc.error is not None:
        raise RuntimeError(f"{name}: {calc.error}")
    return {"table": statistics.median(tables), "median": statistics.median(walls),
            "p90": sorted(walls)[int(0.9 * (len(walls) - 1))], "cpu": statistics.median(cpus)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--lang", choices=["en", "zh"], action="append")
    args = parser.parse_args(argv)
    langs = args.lang or ["en", "zh"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.repeat} changes each; "
          "ms from the change to the table / to the redrawn figure (wall and CPU)")
    print(f"{'calculator':<18}{'lang':<6}{'table':>8}{'figure':>8}{'p90':>8}{'cpu':>8}  goal < 50 ms")
    for name in ("weighted_scoring", "gap_model", "rater", "rate_degree", "load_data"):
        for lang in langs:
            r = bench(name, args.repeat, lang)
            assert r is not None
            verdict = "ok" if r["median"] < 50 else ("table ok, figure slow" if r["table"] < 50 else "SLOW")
            print(f"{name:<18}{lang:<6}{r['table']:>8.1f}{r['median']:>8.1f}{r['p90']:>8.1f}{r['cpu']:>8.1f}  {verdict}")
    print("\nchanges that give the chart another shape (rename an indicator, switch the scale):\n"
          "the chart is built and drawn whole; rare, and not part of the goal")
    for name in ("weighted_scoring", "rate_degree"):
        for lang in langs:
            r = bench(name, max(5, args.repeat // 3), lang, rebuild=True)
            assert r is not None
            print(f"{name:<18}{lang:<6}{r['table']:>8.1f}{r['median']:>8.1f}{r['p90']:>8.1f}{r['cpu']:>8.1f}")


if __name__ == "__main__":
    main()
