"""A real owners' survey export (tests/surveygen.py) goes through init-config + analyze with no edits."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from cli_helpers import analyze, run_csat

from tests import surveygen as gen


@pytest.fixture(scope="module")
def owners(tmp_path_factory):
    root = tmp_path_factory.mktemp("owners")
    survey = gen.generate()
    return survey, gen.write_xlsx(survey, root / "owners.xlsx"), root


def test_init_config_guesses_every_column(owners, tmp_path):
    _, data, _ = owners
    cfg = tmp_path / "owners.yml"
    assert run_csat(["init-config", str(data), "-o", str(cfg), "--quiet"], tmp_path, cfg).code == 0
    text = cfg.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["scale"]["levels"] == 5  # one typo (55) does not make the scale 7-level...
    assert f"保洁 row {gen.spreadsheet_row(gen.TYPO[0])}: 55" in text and raw["on_invalid"] == "exclude"  # ...it is reported
    assert raw["scale"]["labels"] == {"非常满意": 5, "比较满意": 4, "基本满意": 4, "非常不满意": 1}
    assert raw["items"] == {"保洁": {"dimension": "tangibles"}, "安保": {"dimension": "assurance"},
                            "维修": {"dimension": "responsiveness"}, "绿化": {"dimension": "tangibles"},
                            "客服": {"dimension": "empathy"}}
    assert "check this" in text
    assert sorted(raw["not_applicable"]) == sorted(gen.NOT_APPLICABLE)
    assert raw["by"] == [gen.ESTATE, gen.BUILDING, gen.YEARS_COL]
    assert (raw["respondent_id"], raw["overall"], raw["nps"], raw["wave"], raw["cause"], raw["text"]) == (
        gen.ID, gen.OVERALL, gen.NPS, gen.WAVE, gen.CAUSE, [gen.COMMENT])
    named = {raw[k] for k in ("respondent_id", "overall", "nps", "wave", "cause")} | set(raw["items"]) | set(raw["by"])
    assert named | set(raw["text"]) == set(gen.COLUMNS)  # every column used


def test_the_drafted_config_analyses_the_survey_first_time(owners, tmp_path):
    survey, data, _ = owners
    cfg = tmp_path / "owners.yml"
    run_csat(["init-config", str(data), "-o", str(cfg), "--quiet"], tmp_path, cfg)
    out = tmp_path / "r"
    run = run_csat(analyze(data, cfg, out, "--lang", "zh"), tmp_path, out)
    assert run.code == 0, run.err
    summary = run.results["sections"]["summary"]
    typo_row = gen.spreadsheet_row(gen.TYPO[0])
    assert summary["rows_excluded"] == 1 and summary["respondents"] == len(survey.table) - 1
    log = pd.read_csv(out / "tables" / "cleaning_log.csv")
    assert log["row"].tolist() == [typo_row] and log["column"].tolist() == ["保洁"]
    # not applicable answers are counted per column and the owners' other answers are kept
    na = pd.DataFrame(summary["not_applicable"])
    kept = survey.table.drop(index=gen.TYPO[0])
    for item in gen.ITEMS:
        expected = int(kept[item].isin(gen.NOT_APPLICABLE).sum())
        assert int(na.loc[na["column"] == item, "count"].sum()) == expected
    items = pd.DataFrame(run.results["sections"]["items"]["items"]).set_index("item")
    truth = survey.ranks.drop(index=gen.TYPO[0])
    for item in gen.ITEMS:
        assert items.loc[item, "n"] == truth[item].notna().sum()
        assert items.loc[item, "mean"] == pytest.approx(truth[item].mean())
    # the overall labels, variants included, are read as their levels: top-two-box rate
    rate = run.results["sections"]["rate_degree"]["rate"]
    assert rate == pytest.approx(100 * (truth[gen.OVERALL] >= 4).mean())


def test_a_not_applicable_answer_keeps_the_other_answers():
    from csat_examples.survey import survey_from_frame

    frame = pd.DataFrame({"q1": ["不适用", 4, 5], "q2": [3, "不清楚", 5]})
    s = survey_from_frame(frame, {"items": {"q1": "a", "q2": "a"}, "scale": {"levels": 5},
                                  "not_applicable": {"q1": ["不适用"], "q2": ["不清楚"]}})
    assert s.respondents == 3 and s.data["q1"].tolist()[1:] == [4.0, 5.0] and s.data["q2"].tolist()[0] == 3.0
    assert s.not_applicable.values.tolist() == [["q1", "不适用", 1], ["q2", "不清楚", 1]]
