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
