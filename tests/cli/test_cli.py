"""The `csat` command end to end: outputs, escaping, exit codes, --force and atomic writes."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from csat_examples import cli
from csat_examples.report import output as report_output
from cli_helpers import CONFIG, ROWS, write_config, write_csv, write_xlsx

CSAT = Path(sys.executable).with_name("csat")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script, as a user would."""
    return subprocess.run([str(CSAT), *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture()
def survey(tmp_path):
    return write_csv(tmp_path / "survey.csv", ROWS), write_config(tmp_path / "survey.yml")


def test_help_documents_the_exit_codes():
    result = run("--help")
    assert result.returncode == 0
    assert "exit codes" in result.stdout
    assert re.search(r"0\s+success", result.stdout)
    assert re.search(r"1\s+internal error", result.stdout)
    assert re.search(r"2\s+bad input", result.stdout)
    assert "exit codes" in run("analyze", "--help").stdout


def test_analyze_writes_a_self_contained_report(survey, tmp_path):
    data, cfg = survey
    out = tmp_path / "report"
    result = run("analyze", str(data), "--config", str(cfg), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    page = (out / "report.html").read_text(encoding="utf-8")
    # no outside requests: no script, no stylesheet link, every image inline
    assert "<script" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    assert re.findall(r'<img[^>]+src="([^"]{0,22})', page) and all(
        s.startswith("data:image/png;base64,") for s in re.findall(r'<img[^>]+src="([^"]+)"', page)
    )
    for key in ("summary", "rate_degree", "distribution", "items", "hierarchy", "nps", "ipa", "improvement"):
        assert f'<section id="{key}">' in page
    assert (out / "tables" / "cleaning_log.csv").is_file()
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    sections = results["sections"]
    # hand computation on helpers.ROWS (no overall question: rate over all item answers):
    # satisfied (6 or 7) answers: A1 2, A2 2, A3 0, A4 3 -> 7 of 12 = 58.33 %
    assert sections["rate_degree"]["rate"] == pytest.approx(700 / 12)
    # degree, equal item weights: respondent means 6, 17/3, 3, 20/3 -> mean 16/3
    assert sections["rate_degree"]["degree"] == pytest.approx(16 / 3)
    # NPS answers 9, 10, 4, 8: promoters 2, detractors 1 -> (2 - 1) / 4 = 25
    assert sections["nps"]["nps"] == pytest.approx(25)
    assert sections["summary"]["rows_read"] == 4


def test_script_in_a_comment_is_escaped(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][5] = "<script>alert('x')</script>"
    data = write_csv(tmp_path / "xss.csv", rows)
    out = tmp_path / "r"
    assert cli.main(["analyze", str(data), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(out), "--quiet", "--no-charts"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_bad_cell_exits_2_with_the_cell_named_and_writes_only_the_list_of_bad_cells(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[1][3] = 8
    data = write_csv(tmp_path / "bad.csv", rows)
    out = tmp_path / "r"
    result = run("analyze", str(data), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(out))
    assert result.returncode == 2
    assert "row 3" in result.stderr and "column 'q3'" in result.stderr and "value 8" in result.stderr
    assert "Fix:" in result.stderr and "Traceback" not in result.stderr
    assert f"All 1 bad cells (row as the spreadsheet shows it, column, value, problem, fix) are listed in {out / 'bad_cells.csv'}" \
        in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".csat-report", "bad_cells.csv"]  # no report
    assert pd.read_csv(out / "bad_cells.csv", encoding="utf-8-sig").values.tolist() == [
        [3, "q3", 8, "score outside the scale 1..7", "recode it to a whole number 1..7, or leave it blank if unanswered"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "c.yml", "r"]  # nothing else, no temporary folder


def test_bad_cells_with_force_keep_the_old_report_and_go_beside_it(survey, tmp_path):
    data, cfg = survey
    out = tmp_path / "r"
    assert run("analyze", str(data), "--config", str(cfg), "--out", str(out), "--quiet").returncode == 0
    page = (out / "report.html").read_bytes()
    rows = copy.deepcopy(ROWS)
    for r in rows:
        r[1] = "great"  # every q1 answer: the config, not the data, is wrong
    bad = write_csv(tmp_path / "bad.csv", rows)
    result = run("analyze", str(bad), "--config", str(cfg), "--out", str(out), "--force", "--lang", "zh")
    assert result.returncode == 2 and "问题多半出在配置而不是数据" in result.stderr
    assert "labels: {great: ?}" in result.stderr and "全部 4 个不合格单元格" in result.stderr
    assert (out / "report.html").read_bytes() == page  # the earlier report is untouched
    assert pd.read_csv(out / "bad_cells.csv", encoding="utf-8-sig")["行号"].tolist() == [2, 3, 4, 5]
    # without --force an existing report is refused before reading, as before
    assert run("analyze", str(bad), "--config", str(cfg), "--out", str(out)).returncode == 2


@pytest.mark.parametrize("values, config, says", [
    ([6, 7, 7, 6, 7, 6], {"scale": {"levels": 5}}, "set 'scale: levels: 7'"),
    (["满意", "很满意", "一般", "满意", "满意", "很满意"], {"scale": {"levels": 5, "answers": "numbers"}},
     "set 'answers: labels'"),
    ([9, 10, 0, 8, 10, 9], {"scale": {"levels": 5}}, "name the column under 'nps:'"),
    ([85, 90, 70, 60, 95, 80], {"scale": {"levels": 5}}, "set 'scale: numbers: 0-100'"),
])
def test_mostly_bad_column_suggests_the_config_change(tmp_path, values, config, says):
    rows = [[f"A{i}", v, 3, 3, 9, ""] for i, v in enumerate(values)]
    cfg = write_config(tmp_path / "c.yml", {**CONFIG, **config})
    out = tmp_path / "r"
    result = run("analyze", str(write_csv(tmp_path / "s.csv", rows)), "--config", str(cfg), "--out", str(out))
    assert result.returncode == 2 and "point to the config rather than the data" in result.stderr
    assert says in result.stderr and (out / "bad_cells.csv").is_file()


def test_on_invalid_exclude_lists_each_excluded_row_in_the_report(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[1][3] = 8
    rows[2][0] = "A1"
    data = write_xlsx(tmp_path / "bad.xlsx", rows, sheet="Owners")
    out = tmp_path / "r"
    code = cli.main(["analyze", str(data), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(out),
                     "--on-invalid", "exclude", "--quiet", "--no-charts"])
    assert code == 0
    log = pd.read_csv(out / "tables" / "cleaning_log.csv", encoding="utf-8-sig")
    assert log[["row", "column"]].values.tolist() == [[3, "q3"], [4, "id"]]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["sections"]["summary"]["rows_excluded"] == 2
    assert results["sections"]["summary"]["respondents"] == 2
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "duplicate respondent id (first on row 2)" in page


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("zero.csv", b"", "0 bytes"),
        ("zero.xlsx", b"", "0 bytes"),
        ("blank.csv", b"\n\n", "no text"),
        ("header.csv", b"id,q1,q2,q3,nps,comment\n", "no answers below the header"),
        ("binary.xlsx", bytes(range(256)) * 64, "not an Excel .xlsx workbook"),
    ],
)
def test_unreadable_files_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("analyze", str(path), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(tmp_path / "r"))
    assert result.returncode == 2
    assert message in result.stderr


def test_bad_arguments_exit_2(survey):
    data, cfg = survey
    assert run("analyze", str(data)).returncode == 2  # --config and --out missing
    assert run("frobnicate").returncode == 2


def test_refuses_to_overwrite_without_force_then_replaces_with_force(survey, tmp_path):
    data, cfg = survey
    out = tmp_path / "r"
    args = ["analyze", str(data), "--config", str(cfg), "--out", str(out), "--quiet", "--no-charts"]
    assert cli.main(args) == 0
    (out / "marker.txt").write_text("old report", encoding="utf-8")
    assert cli.main(args) == 2
    assert (out / "marker.txt").read_text(encoding="utf-8") == "old report"
    assert cli.main(args + ["--force"]) == 0
    assert not (out / "marker.txt").exists() and (out / "report.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_write_leaves_the_old_report_and_no_temporary_files(survey, tmp_path, monkeypatch, capsys):
    data, cfg = survey
    out = tmp_path / "r"
    args = ["analyze", str(data), "--config", str(cfg), "--out", str(out), "--quiet", "--no-charts"]
    assert cli.main(args) == 0
    before = (out / "report.html").read_bytes()

    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_output, "to_html", broken)
    assert cli.main(args + ["--force"]) == 1  # an unexpected failure is an internal error
    assert "internal error" in capsys.readouterr().err
    assert (out / "report.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "survey.csv", "survey.yml"]
    out2 = tmp_path / "new"
    assert cli.main(args[:5] + [str(out2), "--quiet", "--no-charts"]) == 1
    assert not out2.exists()


def test_input_file_is_never_modified(tmp_path):
    data = write_xlsx(tmp_path / "s.xlsx", ROWS, title="Owner survey")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    assert cli.main(["analyze", str(data), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(tmp_path / "r"), "--quiet", "--no-charts"]) == 0
    assert hashlib.sha256(data.read_bytes()).hexdigest() == digest


def test_gbk_csv_with_chinese_labels_in_chinese(tmp_path):
    rows = [["业主1", "满意", "很满意", "一般", 9, "电梯经常坏"], ["业主2", "较满意", "满意", "满意", 6, ""]]
    data = write_csv(tmp_path / "gbk.csv", rows, ["编号", "维修", "保洁", "安保", "推荐", "意见"], encoding="gbk")
    cfg = write_config(tmp_path / "c.yml", {"respondent_id": "编号", "items": {"维修": "reliability", "保洁": "tangibles", "安保": "assurance"},
                                            "nps": "推荐", "text": ["意见"]})
    out = tmp_path / "r"
    assert cli.main(["analyze", str(data), "--config", str(cfg), "--out", str(out), "--lang", "zh", "--quiet", "--no-charts"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "客户满意度测评报告" in page and "电梯经常坏" in page and "gb18030" in page
    assert '<html lang="zh-CN">' in page


def test_init_config_then_analyze(tmp_path):
    data = write_xlsx(tmp_path / "owners.xlsx", ROWS, title="Owner survey", groups=[("reliability", 2, 3), ("tangibles", 4, 4)])
    result = run("init-config", str(data), "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cfg = tmp_path / "owners.yml"
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith("# Starting config") and "merged heading above the column" in text
    assert run("init-config", str(data), cwd=tmp_path).returncode == 2  # exists, no --force
    out = tmp_path / "r"
    assert cli.main(["analyze", str(data), "--config", str(cfg), "--out", str(out), "--quiet", "--no-charts"]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [d["dimension"] for d in results["sections"]["items"]["dimensions"]] == ["reliability", "tangibles"]


def test_init_config_to_stdout(survey):
    data, _ = survey
    result = run("init-config", str(data), "-o", "-")
    assert result.returncode == 0
    assert "respondent_id: id" in result.stdout and "nps: nps" in result.stdout


def test_config_errors_exit_2(survey, tmp_path):
    data, _ = survey
    bad = tmp_path / "bad.yml"
    bad.write_text("items: [q1\n", encoding="utf-8")
    result = run("analyze", str(data), "--config", str(bad), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "not valid YAML" in result.stderr
    missing_col = write_config(tmp_path / "m.yml", {**CONFIG, "nps": "recommend"})
    result = run("analyze", str(data), "--config", str(missing_col), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "column 'recommend'" in result.stderr


def test_formula_in_a_comment_cannot_run_when_the_csv_is_opened(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][5] = "=HYPERLINK(\"http://example.invalid\")"
    data = write_csv(tmp_path / "f.csv", rows)
    out = tmp_path / "r"
    assert cli.main(["analyze", str(data), "--config", str(write_config(tmp_path / "c.yml")), "--out", str(out), "--quiet", "--no-charts"]) == 0
    comments = pd.read_csv(out / "tables" / "comments.csv", encoding="utf-8-sig")
    assert comments.loc[comments["row"] == 2, "comment"].item().startswith("'=")


def test_bad_cells_into_an_empty_output_folder_mark_it_so_the_report_can_replace_it(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][2] = 99
    cfg = write_config(tmp_path / "c.yml")
    out = tmp_path / "r"
    out.mkdir()
    bad = run("analyze", str(write_csv(tmp_path / "bad.csv", rows)), "--config", str(cfg), "--out", str(out), "--force")
    assert bad.returncode == 2 and sorted(p.name for p in out.iterdir()) == [".csat-report", "bad_cells.csv"]
    good = run("analyze", str(write_csv(tmp_path / "good.csv", ROWS)), "--config", str(cfg), "--out", str(out), "--quiet")
    assert good.returncode == 0, good.stderr
    assert (out / "report.html").is_file() and not (out / "bad_cells.csv").exists()


def test_many_duplicate_ids_are_not_blamed_on_the_scale(tmp_path):
    rows = [[f"A1", 6, 7, 5, 9, ""] for _ in range(6)]
    result = run("analyze", str(write_csv(tmp_path / "d.csv", rows)), "--config", str(write_config(tmp_path / "c.yml")),
                 "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "duplicate respondent id" in result.stderr
    assert "point to the config" not in result.stderr and (tmp_path / "r" / "bad_cells.csv").is_file()
