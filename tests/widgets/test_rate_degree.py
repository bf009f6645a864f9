"""Rate-vs-degree calculator: same rate, different degrees."""

from __future__ import annotations

import pytest

from widgets.rate_degree import RateDegreeCalculator


def _set(calc: RateDegreeCalculator, a: list[int], b: list[int]) -> None:
    with calc.batch():
        for box, v in zip(calc.counts["a"], a):
            box.value = v
        for box, v in zip(calc.counts["b"], b):
            box.value = v


def test_polarised_preset_same_rate_different_degree():
    calc = RateDegreeCalculator()
    calc.preset.value = "calc_rd_preset_polarised"
    t = calc.result.table
    # A = [0,0,5,20,15,45,15]: rate (45+15)/100 = 60 %; degree (15+80+75+270+105)/100 = 5.45
    # B = [25,10,5,0,0,20,40]: rate (20+40)/100 = 60 %; degree (25+20+15+120+280)/100 = 4.60
    assert t["rate"].tolist() == pytest.approx([60.0, 60.0])
    assert t["degree"].tolist() == pytest.approx([5.45, 4.60])
    html = calc.result_out.value
    assert "60.0" in html and "5.45" in html and "4.60" in html
    assert "Same rate, different degrees" in html


def test_counts_drive_rate_degree_and_level():
    calc = RateDegreeCalculator()
    _set(calc, [0, 0, 0, 0, 0, 1, 1], [1, 0, 0, 0, 0, 0, 1])
    t = calc.result.table
    # A: 2 of 2 satisfied = 100 %, degree (6+7)/2 = 6.5 -> edge 6.5 goes to the higher level 很满意
    # B: 1 of 2 satisfied = 50 %, degree (1+7)/2 = 4.0 -> 一般
    assert t["rate"].tolist() == pytest.approx([100.0, 50.0])
    assert t["degree"].tolist() == pytest.approx([6.5, 4.0])
    assert t["level_zh"].tolist() == ["很满意", "一般"]


def test_scoring_changes_the_degree_not_the_rate():
    calc = RateDegreeCalculator()
    _set(calc, [0, 0, 0, 0, 0, 1, 1], [1, 0, 0, 0, 0, 0, 1])
    calc.scoring.value = "sources"
    # sources scores -60..60: A (40+60)/2 = 50; B (-60+60)/2 = 0
    assert calc.result.table["degree"].tolist() == pytest.approx([50.0, 0.0])
    assert calc.result.table["rate"].tolist() == pytest.approx([100.0, 50.0])


def test_five_level_scale_relabels_and_hides_boxes():
    calc = RateDegreeCalculator()
    calc.scale.value = "5-level"
    assert [b.layout.display for b in calc.counts["a"]][-2:] == ["none", "none"]
    assert calc.counts["a"][2].description.lower() == "neutral"
    t = calc.result.table
    assert t["rate"].iloc[0] == pytest.approx(t["rate"].iloc[1])


def test_empty_survey_shows_the_library_error():
    calc = RateDegreeCalculator()
    _set(calc, [0] * 7, [0, 0, 0, 0, 0, 1, 1])
    assert calc.result is None
    assert "csat-error" in calc.error_out.value and "Traceback" not in calc.error_out.value


def test_default_is_the_course_survey_with_equal_rates():
    calc = RateDegreeCalculator()
    t = calc.result.table
    assert t.loc[0, "respondents"] == t.loc[1, "respondents"] > 100
    assert t.loc[0, "rate"] == pytest.approx(t.loc[1, "rate"])
    assert t.loc[0, "degree"] > t.loc[1, "degree"]
    assert calc.figure is not None and calc.figure.axes
