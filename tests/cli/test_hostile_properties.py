"""Survey files with random defects: whatever hypothesis breaks, ``csat`` handles it or refuses it cleanly.

Each example writes a small survey (CSV in one of three encodings and three
line endings, or XLSX with an optional title row, hidden sheet and formula
cells) with a random set of defects, and runs ``csat analyze`` in English or
Chinese, stopping at bad cells or excluding them.  :func:`cli_helpers.run_csat`
checks the invariants of every run: exit code 0 or 2 (never 1, no traceback),
a message with a fix in the language asked for, the input unchanged, nothing
outside the output folder changed, rows read = respondents + rows excluded.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import openpyxl
from hypothesis import HealthCheck, given, settings

from cli_helpers import CONFIG, HEADER, analyze, run_csat, write_config

CELLS = st.one_of(
    st.integers(1, 7),
    st.integers(1, 7),
    st.sampled_from([0, 8, 9, -1, 3.5, "满意", "very satisfied", "abc", "", " ", "N/A", "NA", "null", "None", "#N/A",
                     "NaN", "inf", "1e400", "=1+2", "$\\frac{a}{b}$", "<script>x</script>", "长" * 50]),
)
TEXT = st.one_of(st.sampled_from(["", "good", "slow repairs", "$5 fee", "=HYPERLINK(1)", "a,b", 'say "hi"', "None"]),
                 st.text(max_size=20))
DEFECTS = st.lists(st.sampled_from([
    "blank row", "duplicate id", "blank id", "line break", "long cell", "more cells", "repeated header",
    "stray cell", "formula", "hidden sheet", "title row", "wave typo", "one in last period", "config typo",
    "two roles", "trailing blanks",
]), max_size=4, unique=True)


@st.composite
def surveys(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(2, 10))
    rows = [[f"A{i}", draw(CELLS), draw(CELLS), draw(CELLS), draw(st.one_of(st.integers(0, 10), CELLS)), draw(TEXT),
             draw(st.sampled_from(["2025", "2026"])), draw(st.sampled_from(["2025-01", "2025-02"]))] for i in range(n)]
    return {"rows": rows, "defects": draw(DEFECTS), "format": draw(st.sampled_from(["csv", "xlsx"])),
            "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"])),
            "newline": draw(st.sampled_from(["\n", "\r\n", "\r"])),
            "lang": draw(st.sampled_from(["en", "zh"])), "on_invalid": draw(st.sampled_from(["error", "exclude"]))}


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f'"{text}"' if any(c in text for c in ',"\n\r') and not text.startswith('"') else text


def write_survey(folder: Path, spec: dict[str, Any]) -> tuple[Path, Path]:
    header = HEADER + ["wave", "month"]
    rows = [list(r) for r in spec["rows"]]
    defects = spec["defects"]
    config: dict[str, Any] = {**CONFIG, "wave": "wave", "period": "month"}
    if "blank row" in defects:
        rows.insert(1, [None] * len(header))
    if "duplicate id" in defects:
        rows[-1][0] = rows[0][0]
    if "blank id" in defects:
        rows[0][0] = ""
    if "long cell" in defects:
        rows[0][5] = "x" * 40_000
    if "repeated header" in defects:
        header = header[:3] + ["q1"] + header[4:]
    if "wave typo" in defects:
        rows[0][6] = "2062"
    if "one in last period" in defects:
        rows[-1][7] = "2025-12"
    if "config typo" in defects:
        config["scale"] = {"level": 5}
    if "two roles" in defects:
        config["cause"] = "q2"
    cfg = write_config(folder / "survey.yml", config)
    if spec["format"] == "xlsx":
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        # control characters cannot be stored in a workbook at all: Excel itself would not write them
        rows = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r] for r in rows]
        book = openpyxl.Workbook()
        ws = book.active
        if "hidden sheet" in defects:
            ws.title = "old"
            ws.append(header)
            ws.append(["Z", 1, 1, 1, 0, "", "2024", "2024-01"])
            ws.sheet_state = "hidden"
            ws = book.create_sheet("Data")
        if "title row" in defects:
            ws.append(["Owner survey"])
        ws.append(header)
        for r in rows:
            ws.append(r)
        if "formula" in defects:
            ws.cell(row=ws.max_row, column=3).value = "=1+1"
        if "stray cell" in defects:
            ws.cell(row=ws.max_row + 1500, column=1).value = "x"
        if "more cells" in defects:
            ws.cell(row=ws.max_row, column=len(header) + 2).value = "extra"
        if "trailing blanks" in defects:
            ws.cell(row=ws.max_row + 5, column=2).value = " "
        data = folder / "survey.xlsx"
        book.save(data)
        return data, cfg
    newline = spec["newline"]
    lines = [",".join(header)] + [",".join(_cell(v) for v in r) for r in rows]
    if "line break" in defects:
        lines[1] += "\nbroken part"
    if "more cells" in defects:
        lines[-1] += ",extra"
    if "stray cell" in defects:
        lines += [""] * 1200 + ["x"]
    if "trailing blanks" in defects:
        lines += [""] * 3
    text = newline.join(lines) + newline
    data = folder / "survey.csv"
    try:
        data.write_bytes(text.encode(spec["encoding"]))
    except UnicodeEncodeError:  # a character GBK has not: the file is written as UTF-8 instead
        data.write_bytes(text.encode("utf-8"))
    return data, cfg


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=surveys())
def test_any_broken_survey_is_handled_or_refused_cleanly(spec):
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        data, cfg = write_survey(folder, spec)
        out = folder / "report"
        run = run_csat(analyze(data, cfg, out, "--lang", spec["lang"], "--on-invalid", spec["on_invalid"]), folder, out)
        if run.code == 0:
            summary = run.results["sections"]["summary"]
            assert summary["respondents"] >= 1
            assert summary["rows_read"] <= len(spec["rows"]) + 10  # a stray cell or a long gap is never read as rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)
