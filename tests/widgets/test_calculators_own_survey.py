"""The calculators' defaults follow an organisation's own survey, whatever its column names."""

from __future__ import annotations

import yaml

from csat_examples import datasets
from widgets import defaults
from widgets.rater import default_inputs

BUNDLED_CONFIG = defaults.__file__.replace("widgets/defaults.py", "csat_examples/survey/property_survey.yml")


def _own_survey(tmp_path):
    """The bundled survey with every column renamed, and a config that says so."""
    data = datasets.load("property_survey")
    renamed = {c: f"Q_{c}" for c in data.columns if c.startswith(("p_", "e_", "imp_"))}
    renamed["overall"] = "总体满意"
    data.rename(columns=renamed).to_csv(tmp_path / "own.csv", index=False)
    with open(BUNDLED_CONFIG, encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    config["items"] = {f"Q_{k}": {**v, "expectation": f"Q_{v['expectation']}"} for k, v in config["items"].items()}
    config["importance"] = {k: f"Q_{v}" for k, v in config["importance"].items()}
    config["overall"] = "总体满意"
    (tmp_path / "own.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return tmp_path / "own.csv", tmp_path / "own.yml"


def test_renamed_survey_gives_the_same_defaults(tmp_path, monkeypatch):
    bundled = default_inputs()
    bundled_overall = defaults.default_survey()["overall"].value_counts().to_dict()
    csv, cfg = _own_survey(tmp_path)
    monkeypatch.setenv("CSAT_SURVEY_FILE", str(csv))
    monkeypatch.setenv("CSAT_SURVEY_CONFIG", str(cfg))
    own = default_inputs()
    assert own == bundled
    survey = defaults.default_survey()
    assert "overall" in survey.columns
    assert survey["overall"].value_counts().to_dict() == bundled_overall


def test_a_five_level_survey_without_expectations_opens_every_calculator(tmp_path, monkeypatch):
    """The issue's survey: 5-level labels, Chinese columns, no expectation or importance questions."""
    from tests import surveygen as gen
    from widgets.load_data import LoadDataCalculator
    from widgets.rate_degree import RateDegreeCalculator
    from widgets.rater import RaterCalculator

    survey = gen.generate(200)
    data = gen.write_xlsx(survey, tmp_path / "owners.xlsx")
    (tmp_path / "owners.yml").write_text(yaml.safe_dump(gen.config_for(survey), allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CSAT_SURVEY_FILE", str(data))
    monkeypatch.setenv("CSAT_SURVEY_CONFIG", str(tmp_path / "owners.yml"))
    overall = survey.ranks.drop(index=gen.TYPO[0])[gen.OVERALL]
    truth = overall.value_counts().reindex(range(1, 6), fill_value=0).tolist()
    rate = 100 * float((overall >= 4).mean())

    calc = RateDegreeCalculator()  # counted on the survey's own five levels, not on seven (rate 0.0 %)
    assert calc.scale.value == "5-level" and calc.state()["a"] == tuple(truth)
    assert abs(calc.result.table.loc[0, "rate"] - rate) < 1e-9
    loader = LoadDataCalculator()
    assert loader.result.scale == "5-level" and loader.result.rows == len(overall)
    assert list(loader.result.distribution["count"]) == truth
    assert set(loader.items.value) == {"p_tan1", "p_ass1", "p_res1", "p_tan2", "p_emp1"}  # the survey's items
    # no expectations: RATER starts from the bundled survey instead of refusing to open
    assert RaterCalculator().result is not None
    assert default_inputs() == default_inputs(defaults.bundled_survey())
