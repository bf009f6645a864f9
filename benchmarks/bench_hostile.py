"""Benchmark: `csat analyze` on small hostile files (the resource-exhaustion cases of issue 16).

Each file is a few hundred bytes to a few dozen KB: a YAML config of nested
aliases (9^9 strings if expanded), an XLSX of 2,000 respondents whose sheet
claims to be 16,384 columns by 1,048,576 rows, an XLSX with one stray cell
200,000 rows below the data, and an XLSX whose sheet XML deflates 100-fold.  Every run is a fresh Python process
capped at 2 GB of address space (so an unbounded run ends in a MemoryError
rather than taking the machine down); the table shows its exit code, CPU time
(user + system) inside ``main`` and peak resident memory (VmHWM, with the
interpreter and pandas: about 150 MB of it).

Goal: every case within 5 CPU seconds and 500 MB, exit code 0 or 2.

Usage::

    .venv/bin/python benchmarks/bench_hostile.py
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/bench_hostile.py   # the same on another version
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import yaml

_MEASURE = r"""
import json, resource, sys
from csat_examples.cli import run
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
start = cpu()
try:
    code = run(sys.argv[1:])
except MemoryError:
    code = "MemoryError"
seconds = cpu() - start
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({"code": code, "cpu": seconds, "peak_mb": peak}))
"""
HEADER = ["id", "q1", "q2", "q3"]
ROWS = [["A1", 6, 7, 5], ["A2", 5, 6, 6], ["A3", 3, 4, 2], ["A4", 7, 7, 6]]
CONFIG = {"respondent_id": "id", "items": {"q1": "reliability", "q2": "reliability", "q3": "tangibles"}}


def _xlsx(path: Path, stray: bool = False, respondents: int = 0) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for i in range(respondents):
        ws.append([f"B{i}", 1 + i % 7, 1 + (i * 3) % 7, 1 + (i * 5) % 7])
    if stray:
        ws["A200000"] = "x"
    book.save(path)
    return path


def _patched(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            zout.writestr(item, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return target


def _alias_bomb() -> str:
    """A valid config whose title nests aliases 9 deep: 9^9 strings once anything prints or walks it."""
    levels = ["  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"  - &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    return "items: {q1: reliability, q2: reliability, q3: tangibles}\ntitle:\n" + "\n".join(levels) + "\n"


def cases(work: Path) -> list[tuple[str, Path, Path]]:
    config = work / "survey.yml"
    config.write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    plain = _xlsx(work / "plain.xlsx")
    bomb = work / "bomb.yml"
    bomb.write_text(_alias_bomb(), encoding="utf-8")
    claims = _patched(_xlsx(work / "many.xlsx", respondents=2_000), work / "claims.xlsx",
                      lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml))
    deflating = _patched(plain, work / "deflating.xlsx",
                         lambda xml: xml.replace(b"</sheetData>", b"<row><c/></row>" * 4_500_000 + b"</sheetData>"))
    return [
        ("YAML alias bomb (config)", plain, bomb),
        ("XLSX 2000 rows claiming 16384 cols", claims, config),
        ("XLSX stray cell at row 200000", _xlsx(work / "stray.xlsx", stray=True), config),
        ("XLSX sheet deflating 100x+", deflating, config),
    ]


def measure(data: Path, config: Path, out: Path) -> dict:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    args = ["analyze", str(data), "--config", str(config), "--out", str(out), "--quiet", "--no-charts", "--force"]
    result = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True,
                            preexec_fn=cap, timeout=600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"code": f"died ({result.returncode})", "cpu": float("nan"), "peak_mb": float("nan")}
    return json.loads(lines[-1])


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    try:
        print(f"{'case':<32}{'bytes':>9}{'exit':>14}{'cpu s':>8}{'peak MB':>9}")
        for name, data, config in cases(work):
            size = (config if config.name == "bomb.yml" else data).stat().st_size
            result = measure(data, config, work / "out")
            print(f"{name:<32}{size:>9,}{str(result['code']):>14}{result['cpu']:>8.2f}{result['peak_mb']:>9.0f}", flush=True)
            shutil.rmtree(work / "out", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
