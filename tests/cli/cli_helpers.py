"""Small survey files for the CLI tests, written the way offices produce them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HEADER = ["id", "q1", "q2", "q3", "nps", "comment"]
ROWS = [
    ["A1", 6, 7, 5, 9, "good"],
    ["A2", 5, 6, 6, 10, ""],
    ["A3", 3, 4, 2, 4, "slow repairs"],
    ["A4", 7, 7, 6, 8, ""],
]
CONFIG: dict[str, Any] = {
    "respondent_id": "id",
    "items": {"q1": "reliability", "q2": "reliability", "q3": "tangibles"},
    "nps": "nps",
    "text": ["comment"],
}


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER, *, encoding: str = "utf-8",
              preamble: list[str] = ()) -> Path:
    lines = list(preamble) + [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_config(path: Path, config: dict[str, Any] = CONFIG) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER, *, title: str | None = None,
               groups: list[tuple[str, int, int]] = (), sheet: str = "Data") -> Path:
    """An XLSX with an optional merged title row and merged group headings (label, first col, last col; 1-based)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title] + [None] * (len(header) - 1))
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    if groups:
        row = [None] * len(header)
        for text, first, _ in groups:
            row[first - 1] = text
        ws.append(row)
        r = ws.max_row
        for _, first, last in groups:
            ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
    ws.append(header)
    for values in rows:
        ws.append(values)
    book.save(path)
    return path


# --- running csat on hostile input, with the invariants every run must keep -------------------------

import contextlib  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402


@dataclass
class CsatRun:
    """What one in-process run of ``csat`` did."""

    code: int
    out: str
    err: str
    results: dict[str, Any] | None


def snapshot(root: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file and folder under ``root`` (except ``skip`` and what is inside it) -> a digest."""
    state: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        rel = str(path.relative_to(root))
        if path.is_symlink():
            state[rel] = "link:" + str(path.readlink())
        elif path.is_dir():
            state[rel] = "dir"
        else:
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def run_csat(args: list[str], root: Path, out: Path | None = None) -> CsatRun:
    """Run ``csat`` in this process and check what holds for any input.

    * the exit code is 0 (handled) or 2 (refused), never 1, and no traceback;
    * nothing under ``root`` outside ``out`` changed: the input files have the
      same hashes, and no temporary or stray folder is left;
    * a refusal says ``csat: error:`` with a fix; a report folder holds the
      marker, and its rows read = respondents + rows excluded.
    """
    from csat_examples import cli

    before = snapshot(root, out)
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(args)
    err = stderr.getvalue()
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    after = snapshot(root, out)
    if after != before:  # only a refusal for bad cells may write: their list, in the output folder named
        target = Path(args[args.index("--out") + 1]) if "--out" in args else None
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert code == 2 and target is not None, f"something outside the output folder changed: {sorted(changed)}"
        rel = target.absolute().relative_to(root.absolute())
        allowed = {str(rel), str(rel / ".csat-report"), str(rel / "bad_cells.csv")}
        assert changed <= allowed, f"something outside the output folder changed: {sorted(changed - allowed)}"
        assert str(target / "bad_cells.csv") in err, err
    results = None
    if code == 2:
        assert err.startswith("csat: error: ") and ("Fix:" in err or "修改方法" in err), err
        if "--lang" in args and args[args.index("--lang") + 1] == "zh":
            assert re.search("[\u4e00-\u9fff]", err), f"not in Chinese: {err}"
    elif out is not None and (out / "results.json").exists():
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
        summary = results["sections"]["summary"]
        assert summary["rows_read"] == summary["respondents"] + summary["rows_excluded"]
        assert (out / ".csat-report").is_file()
    return CsatRun(code, stdout.getvalue(), err, results)


def analyze(data: Path, config: Path, out: Path, *extra: str, charts: bool = False) -> list[str]:
    """Arguments of a quiet ``csat analyze`` (without charts unless asked)."""
    args = ["analyze", str(data), "--config", str(config), "--out", str(out), "--quiet", *extra]
    return args if charts else args + ["--no-charts"]
