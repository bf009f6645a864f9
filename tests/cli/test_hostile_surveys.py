"""Hostile and broken surveys: nothing lost, nothing crashes, nothing deleted.

One test per case of the adversarial review (issue 16).  Each test builds its
small hostile input itself and runs ``csat`` through :func:`cli_helpers.run_csat`,
which checks what must hold for any input: exit code 0 or 2 (never 1, never a
traceback), the input files unchanged (hashes), nothing outside the output
folder changed or left behind, and rows read = respondents + rows excluded.
The bombs run in a subprocess whose CPU time and peak memory are measured.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import signal
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from csat_examples.errors import CsatInputError
from csat_examples.report import build_report, write_report
from csat_examples.report import output as report_output
from csat_examples.survey import load_survey, read_table
from cli_helpers import CONFIG, HEADER, ROWS, analyze, run_csat, write_config, write_csv, write_xlsx

# --- the output folder ----------------------------------------------------------------------------------


def test_force_never_replaces_a_folder_csat_did_not_write(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    run = run_csat(analyze(data, cfg, mine, "--force"), tmp_path)  # out=None: nothing at all may change
    assert run.code == 2
    assert "not a report folder written by csat (it has no .csat-report file)" in run.err and "Fix:" in run.err
    # a report folder csat wrote is replaced, but not when it holds the config just used
    report = tmp_path / "report"
    assert run_csat(analyze(data, cfg, report), tmp_path, report).code == 0
    inside = write_config(report / "c.yml")
    run = run_csat(analyze(data, inside, report, "--force"), tmp_path)
    assert run.code == 2 and "holds" in run.err and "c.yml" in run.err
    inside.unlink()
    assert run_csat(analyze(data, cfg, report, "--force"), tmp_path, report).code == 0


def test_force_replaces_a_report_folder_written_before_the_marker_existed(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    out = tmp_path / "old"
    (out / "tables").mkdir(parents=True)
    for name in ("report.html", "results.json", "tables/summary.csv"):
        (out / name).write_text("old", encoding="utf-8")
    assert run_csat(analyze(data, cfg, out, "--force"), tmp_path, out).code == 0
    (out / ".csat-report").unlink()
    (out / "tables" / "notes.txt").write_text("mine", encoding="utf-8")  # no longer only the report's files
    assert run_csat(analyze(data, cfg, out, "--force"), tmp_path).code == 2


def test_force_replaces_an_empty_folder(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    out = tmp_path / "empty"
    out.mkdir()
    assert run_csat(analyze(data, cfg, out, "--force"), tmp_path, out).code == 0


@pytest.mark.parametrize("kind", ["file", "dangling link", "link to a folder elsewhere", "parent is a file"])
def test_output_paths_that_cannot_be_a_report_folder(tmp_path, kind):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    out = tmp_path / "out"
    if kind == "file":
        out.write_text("not a folder", encoding="utf-8")
        expected = "is a file, not a folder"
    elif kind == "dangling link":
        out.symlink_to(tmp_path / "nowhere")
        expected = "symbolic link"
    elif kind == "link to a folder elsewhere":
        (tmp_path / "elsewhere").mkdir()
        out.symlink_to(tmp_path / "elsewhere")
        expected = "symbolic link"
    else:
        (tmp_path / "afile").write_text("x", encoding="utf-8")
        out = tmp_path / "afile" / "report"
        expected = "is a file, so no folder can be made inside it"
    run = run_csat(analyze(data, cfg, out, "--force"), tmp_path)
    assert run.code == 2 and expected in run.err, run.err
    assert not (tmp_path / "nowhere").exists()


def test_a_linked_parent_folder_is_followed_and_the_report_lands_in_the_real_folder(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    out = tmp_path / "real" / "report"
    assert run_csat(analyze(data, cfg, tmp_path / "link" / "report"), tmp_path, out).code == 0
    assert (out / "report.html").is_file()
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["report"]  # the temporary folder was beside it


def test_an_unwritable_output_folder_is_refused_and_leaves_nothing(tmp_path, monkeypatch):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # root may write anywhere, so the refusal of the file system is played by mkdtemp
    monkeypatch.setattr(report_output.tempfile, "mkdtemp", refused)
    run = run_csat(analyze(data, cfg, tmp_path / "a" / "b" / "report"), tmp_path)
    assert run.code == 2 and "cannot write in" in run.err
    assert not (tmp_path / "a").exists()  # the parents it made are gone again


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_parent_is_refused_before_reading(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        run = run_csat(analyze(data, cfg, locked / "report"), tmp_path)
    finally:
        locked.chmod(0o755)
    assert run.code == 2 and "cannot write in" in run.err


def test_concurrent_writers_without_force_one_wins_the_others_are_refused(tmp_path, monkeypatch):
    survey = load_survey(write_csv(tmp_path / "s.csv", ROWS), CONFIG)
    report = build_report(survey, charts=False)
    out = tmp_path / "report"
    writers = 4
    # every writer has checked that the folder is free and written its files before any of them
    # publishes: the window in which check-then-replace lets them all "succeed"
    barrier = threading.Barrier(writers)
    write_files = report_output._write_files

    def slow(*args):
        write_files(*args)
        barrier.wait(timeout=30)

    monkeypatch.setattr(report_output, "_write_files", slow)
    outcomes: list[str] = []

    def write() -> None:
        try:
            write_report(report, out)
            outcomes.append("written")
        except CsatInputError as err:
            outcomes.append(str(err))

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("written") == 1
    assert sum("already exists" in o for o in outcomes) == writers - 1
    assert sorted(p.name for p in out.iterdir()) == [".csat-report", "report.html", "results.json", "tables"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report", "s.csv"]  # no temporary folder left


def test_concurrent_writers_with_force_all_finish_and_one_complete_report_remains(tmp_path, monkeypatch):
    survey = load_survey(write_csv(tmp_path / "s.csv", ROWS), CONFIG)
    report = build_report(survey, charts=False)
    out = tmp_path / "report"
    write_report(report, out)
    barrier = threading.Barrier(3)
    write_files = report_output._write_files

    def slow(*args):
        write_files(*args)
        barrier.wait(timeout=30)

    monkeypatch.setattr(report_output, "_write_files", slow)
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            write_report(report, out, force=True)
        except BaseException as exc:  # noqa: BLE001 - a writer that crashes is what this test looks for
            failures.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # a writer may find the old report already moved aside by another (it tries again), never crash
    assert not failures, failures
    assert sorted(p.name for p in out.iterdir()) == [".csat-report", "report.html", "results.json", "tables"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report", "s.csv"]


def test_sigterm_during_the_write_leaves_no_temporary_folder(tmp_path):
    data, cfg = write_csv(tmp_path / "s.csv", ROWS), write_config(tmp_path / "s.yml")
    out = tmp_path / "report"
    # the process sends itself SIGTERM halfway through writing the files: in a subprocess, so that
    # a missing handler would kill that process and not the test run
    script = (
        "import os, signal, sys\n"
        "from csat_examples import cli\n"
        "from csat_examples.report import output\n"
        "original = output.to_html\n"
        "def html(*a, **k):\n"
        "    text = original(*a, **k)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return text\n"
        "output.to_html = html\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run([sys.executable, "-c", script, *analyze(data, cfg, out)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "interrupted; nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no report, no .report.tmp-* folder


def _patch_sheet(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            zout.writestr(item, change(content) if item.filename == "xl/worksheets/sheet1.xml" else content)
    return target


# --- answers lost silently ------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], header: list[str] = HEADER, sheet: str = "Data") -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    return book


def test_a_formula_saved_without_its_result_is_a_bad_cell_not_a_blank(tmp_path):
    book = _workbook(tmp_path / "f.xlsx", ROWS)
    book.active["C3"] = "=1+4"  # openpyxl saves formulas without a result, as scripts and some exports do
    data = tmp_path / "f.xlsx"
    book.save(data)
    cfg = write_config(tmp_path / "c.yml")
    run = run_csat(analyze(data, cfg, tmp_path / "r"), tmp_path)
    assert run.code == 2
    assert re.search(r"file '.*f\.xlsx', sheet 'Data': a formula saved without its result.*"
                     r"\(row 3, column 'q2', value '=1\+4'\)\. Fix: open the file in Excel or LibreOffice", run.err)
    out = tmp_path / "r"
    run = run_csat(analyze(data, cfg, out, "--on-invalid", "exclude"), tmp_path, out)
    assert run.code == 0
    assert run.results["sections"]["summary"]["rows_excluded"] == 1
    log = pd.read_csv(out / "tables" / "cleaning_log.csv", encoding="utf-8-sig")
    assert log[["row", "column", "value"]].values.tolist() == [[3, "q2", "'=1+4"]]  # defused in the CSV


def test_a_hidden_first_sheet_is_passed_over_and_named(tmp_path):
    book = openpyxl.Workbook()
    old = book.active
    old.title = "old"
    old.append(HEADER)
    old.append(["X1", 1, 1, 1, 0, "fifty rows of an old wave"])
    old.sheet_state = "hidden"
    current = book.create_sheet("Data")
    current.append(HEADER)
    for r in ROWS:
        current.append(r)
    data = tmp_path / "h.xlsx"
    book.save(data)
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0
    summary = run.results["sections"]["summary"]
    assert summary["sheet"] == "Data" and summary["respondents"] == 4 and summary["hidden_sheets"] == ["old"]
    assert "hidden sheets before it were not read: old" in (out / "report.html").read_text(encoding="utf-8")


def test_na_like_text_is_a_counted_blank_answer_and_ids_and_comments_keep_it(tmp_path):
    rows = [["NA", "N/A", 7, 5, 9, "None"], ["A2", 5, "null", 6, "#N/A", ""], ["A3", 3, 4, "NaN", 4, "x"], ["A4", 7, 7, 6, 8, ""]]
    data = write_csv(tmp_path / "na.csv", rows)
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0
    summary = run.results["sections"]["summary"]
    assert summary["respondents"] == 4 and summary["rows_excluded"] == 0
    assert {(m["column"], m["value"], m["count"]) for m in summary["blank_markers"]} == {
        ("q1", "N/A", 1), ("q2", "null", 1), ("q3", "NaN", 1), ("nps", "#N/A", 1)}
    assert summary["blank_answers"] == {"q1": 1, "q2": 1, "q3": 1, "nps": 1}
    comments = pd.read_csv(out / "tables" / "comments.csv", encoding="utf-8-sig", keep_default_na=False)
    assert "None" in comments["comment"].tolist()  # a comment is kept as written
    assert load_survey(data, CONFIG).data.loc[2, "id"] == "NA"  # an id is kept as written too


def test_a_repeated_header_is_refused_not_renamed_into_another_item(tmp_path):
    header = ["id", "q1", "q1", "q3", "nps", "comment"]
    data = write_csv(tmp_path / "dup.csv", ROWS, header)
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml", {**CONFIG, "items": {"q1": "r", "q3": "t"}}),
                           tmp_path / "r"), tmp_path)
    assert run.code == 2 and "the header has 2 columns named 'q1' (B, C)" in run.err
    made_up = write_config(tmp_path / "m.yml", {**CONFIG, "items": {"q1.1": "r", "q3": "t"}})
    run = run_csat(analyze(data, made_up, tmp_path / "r"), tmp_path)
    assert run.code == 2 and "made-up name for the repeated 'q1' column C" in run.err


# --- phantom respondents --------------------------------------------------------------------------------


def test_an_unquoted_line_break_does_not_make_a_respondent(tmp_path):
    data = tmp_path / "nl.csv"
    data.write_text("id,q1,q2,q3,nps,comment\nA1,6,7,5,9,good\nA2,5,6,6,10,two\nlines\nA3,3,4,2,4,x\nA4,7,7,6,8,\n",
                    encoding="utf-8")
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0
    summary = run.results["sections"]["summary"]
    assert (summary["rows_read"], summary["respondents"], summary["rows_excluded"]) == (5, 4, 1)
    log = pd.read_csv(out / "tables" / "cleaning_log.csv", encoding="utf-8-sig")
    assert log[["row", "column", "value"]].values.tolist() == [[4, "id", "lines"]]
    assert "line split by an unquoted line break" in log["problem"].iloc[0]


def test_a_stray_cell_far_below_the_data_is_refused_not_read_as_blank_rows(tmp_path):
    book = _workbook(tmp_path / "s.xlsx", ROWS)
    book.active["A200000"] = "x"
    data = tmp_path / "s.xlsx"
    book.save(data)
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), tmp_path / "r"), tmp_path)
    assert run.code == 2
    assert re.search(r"sheet 'Data': a cell 199994 blank rows below the survey data .*\(row 200000, column 'id', "
                     r"value 'x'\)\. Fix: delete the stray cell", run.err)


def test_many_formatted_blank_rows_after_the_data_are_counted_not_logged_one_by_one(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", ROWS)
    blanks = b"".join(b'<row r="%d"><c r="B%d" t="inlineStr"><is><t> </t></is></c></row>' % (i, i) for i in range(6, 3006))
    data = _patch_sheet(plain, tmp_path / "t.xlsx", lambda xml: xml.replace(b"</sheetData>", blanks + b"</sheetData>"))
    table = read_table(data)
    assert len(table.data) == 4 and table.blank_tail == 3000
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0 and run.results["sections"]["summary"]["blank_rows_not_read"] == 3000
    assert run.results["sections"]["summary"]["log_entries"] == 0


# --- resource exhaustion from small files ---------------------------------------------------------------

# CPU seconds rather than wall-clock ones: the work done, whatever else the machine is busy with.
# The peak is VmHWM (this program image's own): Linux keeps ru_maxrss across fork and exec, so it
# reported the size of the pytest process that started the child (580 MB late in a full run).
_MEASURED = (
    "import resource, sys\n"
    "from csat_examples.cli import run\n"
    "def cpu():\n"
    "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    return usage.ru_utime + usage.ru_stime\n"
    "start = cpu()\n"
    "code = run(sys.argv[1:])\n"
    "peak = next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
    "print(f'@@ {cpu() - start:.3f} {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def measured(args: list[str]) -> tuple[int, str, float, float]:
    """Run ``csat`` in a subprocess capped at 2 GB; return (code, stderr, CPU seconds in the command, peak MB)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    result = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True,
                            timeout=120, preexec_fn=cap)
    seconds, kib = re.search(r"@@ ([\d.]+) (\d+)", result.stderr).groups()
    return result.returncode, result.stderr, float(seconds), int(kib) / 1024


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    # a valid config whose title nests aliases 9 deep: 9^9 strings once anything prints or walks it
    levels = ["  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"  - &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    bomb = tmp_path / "bomb.yml"
    bomb.write_text("items: {q1: reliability, q2: reliability, q3: tangibles}\ntitle:\n" + "\n".join(levels) + "\n",
                    encoding="utf-8")
    assert bomb.stat().st_size < 500
    code, err, seconds, megabytes = measured(analyze(write_csv(tmp_path / "s.csv", ROWS), bomb, tmp_path / "r"))
    assert code == 2 and "uses a YAML alias (alias *a at line 4); aliases are not allowed" in err
    assert seconds <= 5 and megabytes <= 500, (seconds, megabytes)


def test_a_deeply_nested_config_is_refused(tmp_path):
    deep = tmp_path / "deep.yml"
    deep.write_text("items: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    run = run_csat(analyze(write_csv(tmp_path / "s.csv", ROWS), deep, tmp_path / "r"), tmp_path)
    assert run.code == 2 and "nested too deeply" in run.err


def test_an_xlsx_claiming_a_huge_sheet_is_read_by_its_cells(tmp_path):
    # 2,000 respondents in a sheet that claims 16,384 columns: padded to that width, about 1 GB
    rows = ROWS + [[f"B{i}", 1 + i % 7, 1 + i * 3 % 7, 1 + i * 5 % 7, i % 11, ""] for i in range(2_000)]
    plain = write_xlsx(tmp_path / "plain.xlsx", rows)
    data = _patch_sheet(plain, tmp_path / "claims.xlsx",
                        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml))
    assert data.stat().st_size < 100_000
    out = tmp_path / "r"
    code, err, seconds, megabytes = measured(analyze(data, write_config(tmp_path / "c.yml"), out))
    assert code == 0, err
    summary = json.loads((out / "results.json").read_text(encoding="utf-8"))["sections"]["summary"]
    assert summary["rows_read"] == summary["respondents"] == 2_004
    assert seconds <= 5 and megabytes <= 500, (seconds, megabytes)


def test_a_row_with_one_far_right_empty_cell_per_row_stays_small(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", ROWS)
    rows = b"".join(b'<row r="%d"><c r="XFD%d" s="0"/></row>' % (i, i) for i in range(6, 20_006))
    data = _patch_sheet(plain, tmp_path / "wide.xlsx", lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"))
    out = tmp_path / "r"
    code, err, seconds, megabytes = measured(analyze(data, write_config(tmp_path / "c.yml"), out))
    assert code == 0, err
    assert seconds <= 5 and megabytes <= 500, (seconds, megabytes)


def test_a_zip_bomb_sheet_is_refused_unread(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", ROWS)
    filler = b"<row><c/></row>" * 4_500_000  # 67 MB of XML that deflates to a few hundred KB
    data = _patch_sheet(plain, tmp_path / "bomb.xlsx", lambda xml: xml.replace(b"</sheetData>", filler + b"</sheetData>"))
    assert data.stat().st_size < 1_000_000
    code, err, seconds, megabytes = measured(analyze(data, write_config(tmp_path / "c.yml"), tmp_path / "r"))
    assert code == 2 and "refused as a possible zip bomb" in err
    assert seconds <= 5 and megabytes <= 500, (seconds, megabytes)


# --- internal errors where the input is at fault ---------------------------------------------------------


def test_cr_only_line_endings(tmp_path):
    data = tmp_path / "cr.csv"
    data.write_bytes(("\r".join([",".join(HEADER)] + [",".join(map(str, r)) for r in ROWS]) + "\r").encode())
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0 and run.results["sections"]["summary"]["respondents"] == 4


def test_a_cell_over_128_kib_is_read_whole(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][5] = "长" * 140_000  # in the lines the header is looked for in, and larger than csv's field limit
    data = write_csv(tmp_path / "big.csv", rows)
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), out), tmp_path, out)
    assert run.code == 0
    comments = pd.read_csv(out / "tables" / "comments.csv", encoding="utf-8-sig")
    assert comments["comment"].str.len().max() == 140_000


def test_an_unclosed_quote_is_named(tmp_path):
    data = tmp_path / "q.csv"
    data.write_text("id,q1,q2,q3,nps,comment\nA1,6,7,5,9,good\nA2,5,6,6,10,\"never closed\nA3,3,4,2,4,x\n",
                    encoding="utf-8")
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), tmp_path / "r"), tmp_path)
    assert run.code == 2 and "is opened and never closed" in run.err


def test_dollar_signs_in_comments_causes_and_labels_are_drawn_as_text(tmp_path):
    rows = [r + [c] for r, c in zip(copy.deepcopy(ROWS), [r"$\foo{x}$", "$^^$", "costs $5 and $6", ""])]
    rows[0][5] = r"$\frac{a}{b}$ and $\undefined$"
    data = write_csv(tmp_path / "m.csv", rows, HEADER + ["cause"])
    cfg = write_config(tmp_path / "c.yml", {**CONFIG, "cause": "cause",
                                            "items": {"q1": {"dimension": r"$\rel$", "text": r"$\alpha$ fix"},
                                                      "q2": "$x", "q3": "tangibles"}})
    out = tmp_path / "r"
    run = run_csat(analyze(data, cfg, out, charts=True), tmp_path, out)
    assert run.code == 0
    assert r"$\foo{x}$" in (out / "report.html").read_text(encoding="utf-8")


def test_one_respondent_in_the_last_period_is_named_not_fatal(tmp_path):
    rows = [r + [p] for r, p in zip(copy.deepcopy(ROWS), ["2025-01", "2025-01", "2025-02", "2025-03"])]
    rows.append(["A5", 6, 6, 6, 9, "", "2025-02"])
    data = write_csv(tmp_path / "p.csv", rows, HEADER + ["month"])
    out = tmp_path / "r"
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml", {**CONFIG, "period": "month"}), out, charts=True),
                   tmp_path, out)
    assert run.code == 0
    control = run.results["sections"]["control"]
    assert control["skipped_periods"] == ["2025-03"]
    assert [r["period"] for r in control["xbar_s_chart"]] == ["2025-01", "2025-02"]


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"text": {"a": 1}}, "config key 'text': must be a column name or a list of column names"),
        ({"text": 5}, "column '5'"),  # a number is a column name written without quotes: not in the file
        ({"weights": {"reliability": {"weight": 0.8, "children": ["q1", "q2"]}, "q3": 0.2}},
         "config key 'weights.reliability': a group needs a weight and a mapping of children"),
        ({"weights": {"q1": "abc", "q2": 0.5, "q3": 0.5}}, "config key 'weights.q1': a weight must be a number"),
        ({"weights": {"q1": 0.3, "q2": 0.3, "q3": 0.3}}, "config key 'weights': the weights add up to 0.9, not 1"),
        ({"items": ["q1", "q2"]}, "config key 'items': must map each item column to its dimension"),
        ({"items": {"q1": {"dimension": ["a", "b"]}}}, "config key 'items.q1.dimension': must be one name"),
        ({"title": ["a", "b"]}, "config key 'title': must be one name"),
        ({"scale": {"satisfied": ["delighted"]}}, "config key 'scale.satisfied': not a level of the 7-level scale"),
        ({"scale": {"levels": True}}, "config key 'scale.levels': must be 5 or 7"),
    ],
)
def test_config_values_of_the_wrong_type(tmp_path, change, expected):
    data = write_csv(tmp_path / "s.csv", ROWS)
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml", {**CONFIG, **change}), tmp_path / "r"), tmp_path)
    assert run.code == 2 and expected in run.err, run.err
    assert "normalize" not in run.err  # the command line has no such option


def test_importance_that_gives_no_dimension_a_weight(tmp_path):
    rows = [r + [0, 0] for r in copy.deepcopy(ROWS)]
    data = write_csv(tmp_path / "i.csv", rows, HEADER + ["imp_rel", "imp_tan"])
    cfg = write_config(tmp_path / "c.yml", {**CONFIG, "importance": {"reliability": "imp_rel", "tangibles": "imp_tan"},
                                            "weights": "importance"})
    run = run_csat(analyze(data, cfg, tmp_path / "r", "--lang", "zh"), tmp_path)
    assert run.code == 2 and "各维度重要性的平均值之和为 0" in run.err and "修改方法" in run.err


def test_init_config_into_a_missing_folder_or_onto_a_folder(tmp_path):
    data = write_csv(tmp_path / "s.csv", ROWS)
    run = run_csat(["init-config", str(data), "-o", str(tmp_path / "missing" / "s.yml"), "--quiet"], tmp_path)
    assert run.code == 2 and "does not exist" in run.err and "create the folder first" in run.err
    run = run_csat(["init-config", str(data), "-o", str(tmp_path), "--quiet", "--lang", "zh"], tmp_path)
    assert run.code == 2 and "该路径是文件夹" in run.err


# --- silently accepted mistakes --------------------------------------------------------------------------


def test_a_typo_inside_scale_is_refused_with_the_right_key(tmp_path):
    data = write_csv(tmp_path / "s.csv", ROWS)
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml", {**CONFIG, "scale": {"level": 5}}), tmp_path / "r"),
                   tmp_path)
    assert run.code == 2 and "config key 'scale': unknown keys (value ['level']). Fix: did you mean 'levels'?" in run.err


def test_one_column_in_two_roles_is_refused(tmp_path):
    data = write_csv(tmp_path / "s.csv", ROWS)
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml", {**CONFIG, "nps": "q1"}), tmp_path / "r"), tmp_path)
    assert run.code == 2 and "one column has two roles, 'items' and 'nps' (column 'q1', value 'q1')" in run.err


def test_a_wave_typo_does_not_become_the_latest_wave(tmp_path):
    rows = [[f"R{i}", 5 + i % 3, 6, 5, 9, "", "2025" if i < 20 else "2026"] for i in range(40)]
    rows[7][6] = "2062"
    data = write_csv(tmp_path / "w.csv", rows, HEADER + ["wave"])
    cfg = write_config(tmp_path / "c.yml", {**CONFIG, "wave": "wave"})
    run = run_csat(analyze(data, cfg, tmp_path / "r"), tmp_path)
    assert run.code == 2
    assert "a wave label on only 1 rows while '2026' has 20: a typo? (row 9, column 'wave', value '2062')" in run.err
    listed = write_config(tmp_path / "l.yml", {**CONFIG, "wave": "wave", "waves": ["2025", "2026"]})
    run = run_csat(analyze(data, listed, tmp_path / "r"), tmp_path)
    assert run.code == 2 and "a wave not listed in the config's 'waves'" in run.err
    out = tmp_path / "r"
    run = run_csat(analyze(data, listed, out, "--on-invalid", "exclude"), tmp_path, out)
    assert run.code == 0
    change = run.results["sections"]["change"]
    assert (change["previous"], change["latest"]) == ("2025", "2026")


@pytest.mark.parametrize("name", ["q" * 127, "长" * 200, "x" * 1500, "two\nlines", "a\u2028b", "c\x85d", "key: value"])
def test_init_config_writes_valid_yaml_for_any_header(tmp_path, name):
    header = ["id", name, "q2", "q3", "nps", "comment"]
    data = write_xlsx(tmp_path / "h.xlsx", ROWS, header)
    cfg = tmp_path / "h.yml"
    assert run_csat(["init-config", str(data), "-o", str(cfg), "--quiet"], tmp_path, cfg).code == 0
    assert name in yaml.safe_load(cfg.read_text(encoding="utf-8"))["items"]
    out = tmp_path / "r"
    assert run_csat(analyze(data, cfg, out), tmp_path, out).code == 0


# --- messages in the user's language ----------------------------------------------------------------------


def test_a_bad_cell_message_in_chinese_names_file_sheet_row_column_value_and_fix(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[1][2] = 9
    data = write_xlsx(tmp_path / "s.xlsx", rows, sheet="业主")
    run = run_csat(analyze(data, write_config(tmp_path / "c.yml"), tmp_path / "r", "--lang", "zh"), tmp_path)
    assert run.code == 2
    assert re.search(r"文件 '.*s\.xlsx'，工作表 '业主'：分数超出量表范围 1\.\.7（第 3 行，列 'q2'，值 9）。"
                     r"修改方法：改为 1\.\.7 的整数；未作答则留空；或加上 --on-invalid=exclude", run.err), run.err


def test_every_message_has_the_same_fields_in_both_languages():
    import string

    from csat_examples.terms import terms_table

    terms = terms_table()
    messages = terms[terms["key"].str.startswith("err_")]
    assert len(messages) > 100
    for row in messages.itertuples():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (row.en, row.zh)]
        assert fields[0] == fields[1], row.key
