"""The course's survey (bundled or from environment variables) and the report built on it."""

from __future__ import annotations

import pandas as pd
import pytest

from csat_examples.datasets import load
from csat_examples.errors import CsatInputError
from csat_examples.rate import satisfaction_rate
from csat_examples.report import SECTION_KEYS, build_report, to_html
from csat_examples.survey import (
    ENV_CONFIG,
    ENV_FILE,
    bundled_config,
    course_survey,
    draft_config,
    load_survey,
    read_table,
    survey_from_frame,
)
from cli_helpers import CONFIG, ROWS, write_config, write_csv


@pytest.fixture()
def no_env(monkeypatch):
    monkeypatch.delenv(ENV_FILE, raising=False)
    monkeypatch.delenv(ENV_CONFIG, raising=False)


def test_course_survey_is_the_bundled_property_survey_by_default(no_env):
    s = course_survey()
    raw = load("property_survey")
    assert s.rows_read == len(raw) and s.respondents == len(raw)  # the generated data has no bad cell
    assert s.log.empty
    assert set(bundled_config().item_columns) <= set(raw.columns)
    assert sorted(s.data["wave"].unique()) == sorted(raw["wave"].astype(str).unique())


def test_course_survey_from_environment_variables(tmp_path, monkeypatch):
    rows = [r[:] for r in ROWS]
    rows[0][1] = 99  # a bad cell: excluded and logged, the course page still renders
    monkeypatch.setenv(ENV_FILE, str(write_csv(tmp_path / "own.csv", rows)))
    monkeypatch.setenv(ENV_CONFIG, str(write_config(tmp_path / "own.yml")))
    s = course_survey()
    assert s.source.endswith("own.csv")
    assert list(s.data["id"]) == ["A2", "A3", "A4"]
    assert s.log[["row", "column"]].values.tolist() == [[2, "q1"]]


def test_course_survey_needs_both_variables(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_FILE, str(write_csv(tmp_path / "own.csv", ROWS)))
    monkeypatch.delenv(ENV_CONFIG, raising=False)
    with pytest.raises(CsatInputError, match="CSAT_SURVEY_CONFIG is not set"):
        course_survey()


def test_report_of_the_bundled_survey_has_every_section_in_both_languages(no_env):
    s = course_survey()
    for lang in ("en", "zh"):
        report = build_report(s, lang=lang, charts=False)
        assert [sec.key for sec in report.sections] == list(SECTION_KEYS)
    results = report.results()
    # the report's rate is the library's rate of the configured overall question
    expected = satisfaction_rate(s.data["overall"], satisfied=["满意", "很满意"], missing="exclude")
    assert results["rate_degree"]["rate"] == pytest.approx(expected.rate)
    # key findings first (step 8, the report), then the steps in order: cleaning 6, analysis 7,
    # improvement 9, comments (8); the cleaning log last, as an appendix to step 6
    assert [sec.step for sec in report.sections][:3] == [8, 6, 7] and report.sections[-3].step == 9
    assert report.sections[-1].key == "appendix"
    assert "客户满意度测评报告" in to_html(report)


def test_change_section_compares_the_two_latest_waves(no_env):
    results = build_report(course_survey(), charts=False).results()["change"]
    assert (results["previous"], results["latest"]) == ("2025", "2026")
    table = results["table"]
    assert set(table["significant"]) <= {True, False}
    assert (table["significant"] == (table["p_value"] < 0.05)).all()


def test_improvement_plan_puts_high_importance_low_performance_first(no_env):
    report = build_report(course_survey(), charts=False)
    plan = report.results()["improvement"]["plan"]
    assert plan["priority"].is_monotonic_decreasing
    # the first item is in the "concentrate here" quadrant when any item is
    quadrants = report.results()["ipa"]["table"]["quadrant"]
    if (quadrants == "concentrate_here").any():
        assert plan.iloc[0]["quadrant"] == "Concentrate here" or "concentrate" in plan.iloc[0]["quadrant"].lower()


def test_weight_tree_from_config_drives_the_index(tmp_path):
    # hand computation on helpers.ROWS: item means q1 21/4, q2 24/4, q3 19/4
    # tree: reliability 0.8 (q1 0.25, q2 0.75), tangibles q3 0.2
    # index = 0.8 * (0.25 * 5.25 + 0.75 * 6) + 0.2 * 4.75 = 0.8 * 5.8125 + 0.95 = 5.6
    cfg = {**CONFIG, "weights": {"reliability": {"weight": 0.8, "children": {"q1": 0.25, "q2": 0.75}}, "q3": 0.2}}
    s = load_survey(write_csv(tmp_path / "s.csv", ROWS), cfg)
    results = build_report(s, charts=False).results()
    assert results["hierarchy"]["total"] == pytest.approx(5.6)
    assert results["rate_degree"]["degree"] == pytest.approx(5.6)


def test_sections_without_their_columns_are_left_out():
    frame = pd.DataFrame({"q1": [5, 6, 7, 3], "q2": [4, 6, 6, 2]})
    s = survey_from_frame(frame, {"items": {"q1": "service", "q2": "price"}})
    keys = [sec.key for sec in build_report(s, charts=False).sections]
    assert keys == ["findings", "summary", "rate_degree", "distribution", "items", "hierarchy", "ipa", "improvement",
                    "appendix"]


def test_unknown_language_is_bad_input(no_env):
    with pytest.raises(CsatInputError, match="unknown language"):
        build_report(course_survey(), lang="fr", charts=False)


def test_draft_config_of_the_bundled_file_loads_it():
    from importlib import resources

    path = resources.files("csat_examples") / "data" / "property_survey" / "property_survey.csv"
    text = draft_config(read_table(path))
    import yaml

    raw = yaml.safe_load(text)
    assert raw["respondent_id"] == "respondent_id" and raw["wave"] == "wave" and raw["nps"] == "nps"
    assert raw["items"]["p_rel1"] == {"dimension": "rel", "expectation": "e_rel1"}
    assert raw["cause"] == "complaint_cause" and raw["overall"] == "overall"
    s = load_survey(path, raw)
    assert s.respondents == s.rows_read


def test_one_analysis_renders_in_both_languages_with_the_numbers_of_build_report(no_env):
    import dataclasses
    import json

    from csat_examples.report import analyse, render_report, to_jsonable

    survey = course_survey()
    before = survey.data.copy()
    analysis = analyse(survey)
    pd.testing.assert_frame_equal(survey.data, before)  # the survey is only read
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.rate = None  # computed once: no section can change what another reads
    for lang in ("en", "zh"):
        rendered, built = render_report(analysis, lang=lang, charts=False), build_report(survey, lang=lang, charts=False)
        assert json.dumps(to_jsonable(rendered.results())) == json.dumps(to_jsonable(built.results()))
    # the analysis holds no text of a language: the change table is keyed by kind and column
    assert set(analysis.change.table["kind"]) == {"rate", "degree", "dimension", "item"}
    assert analysis.change.table["significant"].tolist() == [t < 0.05 for t in analysis.change.table["p_value"]]
