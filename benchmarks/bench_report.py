"""Benchmark: `csat analyze` (read + check + analyse + write the report) vs a bare read of the same file.

For n respondents x 25 items (plus id, wave, month, estate, building,
overall, NPS, complaint cause, comment; broken down by estate and building),
from CSV (n = 10^3, 10^5, 10^6, optionally 5*10^6) and XLSX (n = 10^3, 10^5,
2*10^5), each measurement runs in a fresh Python process, ``--repeat`` times
(interleaved with the floor's runs, so both see the same load), and reports
the minimum and median wall time, the minimum CPU time (user + system: the
stable figure on a shared machine; with the CPU time of the forked copy that
``csat analyze`` uses on a machine with two CPUs) and the peak memory (the
process's own peak resident set, VmHWM, or the sampled total of it and its
copy if larger; it includes the interpreter, pandas and matplotlib; the report
draws about ten charts, a fixed cost of a few CPU seconds).  The floor is a bare
``pandas.read_csv`` / ``pandas.read_excel(engine="calamine")`` of the same
file; with ``--openpyxl-floor`` the XLSX table also shows a bare
``pandas.read_excel(engine="openpyxl")`` (the reader before calamine; slow,
so measured once).  Ratios are ours / floor, of the minima and of the medians.
The load average is printed at the start and on every line.

Goals (issues 17 and 19): 10^6-row CSV <= 4x the bare read, <= 20 s and
<= 2 GB; 5*10^6 rows <= 30 s and <= 6 GB; 2*10^5-row XLSX <= 15 s.

Usage::

    .venv/bin/python benchmarks/bench_report.py                  # CSV to 10^6, XLSX to 2*10^5, 3 runs each
    .venv/bin/python benchmarks/bench_report.py --max-n 100000 --max-xlsx 1000 --repeat 5
    .venv/bin/python benchmarks/bench_report.py --max-n 5000000  # also 5*10^6 rows (writing it takes minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ITEMS = 25
DIMENSIONS = ("reliability", "assurance", "tangibles", "empathy", "responsiveness")
CAUSES = ("", "", "", "repairs", "cleaning", "security", "fees", "noise", "parking")
LABELS = ("很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意")

_MEASURE = r"""
import json, resource, sys, time, shutil
kind, path, config, out = sys.argv[1:5]
t0 = time.perf_counter()
if kind == "floor-csv":
    import pandas as pd
    pd.read_csv(path)
elif kind == "floor-xlsx":
    import pandas as pd
    pd.read_excel(path, engine="calamine")
elif kind == "floor-openpyxl":
    import pandas as pd
    pd.read_excel(path, engine="openpyxl")
else:
    from csat_examples.cli import run  # the csat command's entry point
    code = run(["analyze", path, "--config", config, "--out", out, "--quiet", "--force"])
    assert code == 0, code
seconds = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
copies = resource.getrusage(resource.RUSAGE_CHILDREN)  # the forked copy that shares the work, if any
# VmHWM (peak resident set of this program image); ru_maxrss would include the
# forking parent's memory, which a child inherits on Linux
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime + copies.ru_utime + copies.ru_stime,
                  "peak_mb": peak}))
"""

#: Seconds between two samples of the memory of a measured process and its forked copy.
SAMPLE_EVERY = 0.2


def _pss_mb(pid: int) -> float:
    """Proportional set size of a process (its private pages, plus its share of pages shared with its copy)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration):  # ended between the listing and the reading
        return 0.0


def _tree_pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            kids = [int(k) for k in children.read().split()]
    except OSError:
        return 0.0
    return _pss_mb(pid) + sum(_pss_mb(k) for k in kids)


def make_frame(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(5, 1, size=(n, 1))
    scores = np.clip(np.rint(base + rng.normal(0, 1, size=(n, ITEMS))), 1, 7).astype(np.int8)
    frame = pd.DataFrame(scores, columns=[f"q{i + 1:02d}" for i in range(ITEMS)])
    frame.insert(0, "respondent_id", [f"R{i:07d}" for i in range(n)])
    frame.insert(1, "wave", np.where(np.arange(n) < n // 2, "2025", "2026"))
    frame.insert(2, "month", [f"{2025 + (i >= n // 2)}-{(i % 6) + 4:02d}" for i in range(n)])
    # 8 estates of 25 buildings each: 200 segments, the breakdown's heavy case
    estate = rng.integers(0, 8, n)
    frame.insert(3, "estate", np.char.add("E", estate.astype(str)))
    frame.insert(4, "building", np.char.add(np.char.add("E", estate.astype(str)), np.char.add("-B", rng.integers(0, 25, n).astype(str))))
    overall = np.clip(np.rint(scores.mean(axis=1) + rng.normal(0, 0.7, n)), 1, 7).astype(int)
    frame["overall"] = np.asarray(LABELS, dtype=object)[overall - 1]
    frame["nps"] = np.clip(np.rint(overall * 1.4 + rng.normal(0, 1.5, n)), 0, 10).astype(int)
    frame["complaint_cause"] = np.asarray(CAUSES, dtype=object)[rng.integers(0, len(CAUSES), n)]
    frame["comment"] = np.where(rng.random(n) < 0.05, "needs faster repairs", "")
    return frame


def config() -> dict:
    return {
        "title": "Benchmark survey",
        "respondent_id": "respondent_id",
        "scale": {"levels": 7},
        "items": {f"q{i + 1:02d}": DIMENSIONS[i % len(DIMENSIONS)] for i in range(ITEMS)},
        "overall": "overall",
        "nps": "nps",
        "wave": "wave",
        "period": "month",
        "cause": "complaint_cause",
        "text": ["comment"],
        "by": ["estate", "building"],
    }


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Survey")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    book.save(path)


def measure(kind: str, path: Path, cfg: Path, out: Path) -> dict:
    """Time, CPU time (with the forked copy's) and peak memory of one run in a fresh process.

    The peak is the larger of the process's own peak resident set (exact) and the largest sampled total
    of it and its copy (proportional set sizes, so that pages they share count once), sampled every
    ``SAMPLE_EVERY`` seconds.
    """
    with subprocess.Popen([sys.executable, "-c", _MEASURE, kind, str(path), str(cfg), str(out)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        sampled = 0.0
        while proc.poll() is None:
            sampled = max(sampled, _tree_pss_mb(proc.pid))
            time.sleep(SAMPLE_EVERY)
        stdout, stderr = proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"{kind} run failed: {stderr}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mb"] = max(result["peak_mb"], sampled)
    return result


#: Goals by (file kind, rows): (seconds, MB, ratio to the floor) or None where no goal is set.
GOALS = {("csv", 1_000_000): (20.0, 2048.0, 4.0), ("csv", 5_000_000): (30.0, 6144.0, None),
         ("xlsx", 200_000): (15.0, None, None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=1_000_000, help="largest CSV size (5000000 adds 5*10^6)")
    parser.add_argument("--max-xlsx", type=int, default=200_000, help="largest XLSX size")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (min and median shown)")
    parser.add_argument("--openpyxl-floor", action="store_true", help="also time a bare openpyxl read of each XLSX")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_report_"))
    cfg = work / "survey.yml"
    cfg.write_text(yaml.safe_dump(config(), allow_unicode=True), encoding="utf-8")
    cases = [("csv", n) for n in (1_000, 100_000, 1_000_000, 5_000_000) if n <= args.max_n]
    cases += [("xlsx", n) for n in (1_000, 100_000, 200_000) if n <= args.max_xlsx]
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores "
          f"(wall time suffers when others run; CPU time much less); {args.repeat} runs each")
    print(f"{'file':<5}{'rows':>10}{'floor min':>10}{'med':>7}{'csat min':>9}{'med':>7}{'ratio min':>10}{'med':>6}"
          f"{'floor cpu':>10}{'csat cpu':>9}{'ratio':>6}{'floor MB':>9}{'csat MB':>8}")
    try:
        _run(cases, work, cfg, args.repeat, args.openpyxl_floor)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the test files are large


def _stats(runs: list[dict]) -> dict:
    seconds = sorted(r["seconds"] for r in runs)
    return {"min": seconds[0], "median": float(np.median(seconds)), "cpu": min(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs)}


def _run(cases: list[tuple[str, int]], work: Path, cfg: Path, repeat: int, openpyxl_floor: bool) -> None:
    for kind, n in cases:
        frame = make_frame(n)
        path = work / f"survey_{n}.{kind}"
        if kind == "csv":
            frame.to_csv(path, index=False)
        else:
            write_xlsx(frame, path)
        del frame
        floors, ours = [], []
        for _ in range(repeat):  # interleaved: a burst of load hits both
            floors.append(measure(f"floor-{kind}", path, cfg, work / "out"))
            ours.append(measure("csat", path, cfg, work / "out"))
        f, o = _stats(floors), _stats(ours)
        line = (f"{kind:<5}{n:>10,}{f['min']:>10.2f}{f['median']:>7.2f}{o['min']:>9.2f}{o['median']:>7.2f}"
                f"{o['min'] / f['min']:>10.2f}{o['median'] / f['median']:>6.2f}"
                f"{f['cpu']:>10.2f}{o['cpu']:>9.2f}{o['cpu'] / f['cpu']:>6.2f}{f['peak_mb']:>9.0f}{o['peak_mb']:>8.0f}"
                f"   (file {path.stat().st_size / 1e6:.0f} MB, load {os.getloadavg()[0]:.1f})")
        goal = GOALS.get((kind, n))
        if goal:
            seconds, mb, ratio = goal
            met = [f"{o['min']:.1f} s <= {seconds:g} s: {'yes' if o['min'] <= seconds else 'NO'}"]
            if mb:
                met.append(f"{o['peak_mb']:.0f} MB <= {mb:.0f} MB: {'yes' if o['peak_mb'] <= mb else 'NO'}")
            if ratio:
                met.append(f"ratio {o['min'] / f['min']:.2f} <= {ratio:g}: {'yes' if o['min'] / f['min'] <= ratio else 'NO'}")
            line += "\n      goal: " + "; ".join(met)
        if kind == "xlsx" and openpyxl_floor:
            slow = measure("floor-openpyxl", path, cfg, work / "out")
            line += (f"\n      bare openpyxl read: {slow['seconds']:.2f} s (cpu {slow['cpu']:.2f} s); "
                     f"csat min / openpyxl read = {o['min'] / slow['seconds']:.2f}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
