"""Load-your-data calculator: files, column choice, errors, feeding calculators."""

from __future__ import annotations

import datetime
import io

import pandas as pd
import pytest

from widgets.load_data import LoadDataCalculator


def upload(calc: LoadDataCalculator, name: str, content: bytes) -> None:
    """What the FileUpload widget holds after a trainee picks a file."""
    calc.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                          "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)


def test_default_is_the_course_survey():
    calc = LoadDataCalculator()
    assert calc.result.rows >= 100 and "overall" in calc.result.columns
    assert calc.overall.value == "overall"
    # shares in %, as the chart shows them
    shares = calc.result.distribution["share"]
    assert "Share (%)" in calc.result_out.value
    assert f"{100 * shares.iloc[-1]:.2f}" in calc.result_out.value


def test_csv_path_feeds_rate_vs_degree(tmp_path):
    path = tmp_path / "mine.csv"
    # 3 answers: 满意, 很满意, 一般 -> counts at ranks 6, 7, 4; rate 2/3
    path.write_text("overall,q1\n满意,5\n很满意,6\n一般,4\n", encoding="utf-8")
    calc = LoadDataCalculator()
    calc.path.value = str(path)
    calc.overall.value = "overall"
    assert calc.result.rows == 3
    target = calc.send()
    assert [b.value for b in target.counts["a"]] == [0, 0, 0, 1, 0, 1, 1]
    assert target.result.table.loc[0, "rate"] == pytest.approx(200 / 3)


def test_xlsx_upload_feeds_weighted_scoring():
    frame = pd.DataFrame({"q1": [5, 7], "q2": [3, 5]})
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    calc = LoadDataCalculator()
    upload(calc, "mine.xlsx", buf.getvalue())
    calc.target.value = "weighted_scoring"
    calc.items.value = ("q1", "q2")
    target = calc.send()
    # item means 6 and 4, equal weights 0.5: index 5.0
    assert target.result.hierarchy.total == pytest.approx(5.0)


def test_a_file_name_is_shown_as_text_not_markup():
    content = "overall\n满意\n".encode()
    calc = LoadDataCalculator()
    name = '<img src=x onerror="alert(1)">.csv'
    upload(calc, name, content)
    assert calc.result is not None and calc.result.source == name
    assert "<img src=x" not in calc.result_out.value
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.csv" in calc.result_out.value


def test_unknown_label_is_reported_not_raised(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("overall\n满意\nvery happy\n", encoding="utf-8")
    calc = LoadDataCalculator()
    calc.path.value = str(path)
    calc.overall.value = "overall"
    assert calc.result is None
    assert "very happy" in calc.error_out.value and "Traceback" not in calc.error_out.value
    assert calc.send() is None


def test_missing_file_and_unreadable_file(tmp_path):
    calc = LoadDataCalculator()
    calc.path.value = str(tmp_path / "nope.csv")
    assert "no such file" in calc.error_out.value
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    calc.path.value = str(bad)
    assert "could not be read" in calc.error_out.value


def test_rater_target_needs_the_survey_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("overall,q1\n满意,5\n", encoding="utf-8")
    calc = LoadDataCalculator()
    calc.path.value = str(path)
    calc.target.value = "rater"
    assert calc.result is None and "p_rel" in calc.error_out.value
    calc.path.value = ""
    target = calc.send()
    assert target is calc.calculators["rater"] and target.result is not None


def test_a_five_level_file_is_counted_on_the_scale_the_reader_picks(tmp_path):
    path = tmp_path / "five.csv"
    path.write_text("overall\n5\n4\n4\n3\n1\n", encoding="utf-8")  # 1..5 answers: rate 3/5 on five levels
    calc = LoadDataCalculator()
    assert calc.scale.disabled  # the course survey's scale comes from its config
    calc.path.value = str(path)
    assert not calc.scale.disabled
    calc.scale.value = "5-level"
    assert list(calc.result.distribution["count"]) == [1, 0, 1, 2, 1]
    target = calc.send()
    assert target.scale.value == "5-level"
    assert target.result.table.loc[0, "rate"] == pytest.approx(60.0)
