"""The analyst guide's config page tells the truth: its YAML examples load and run on the bundled survey."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from csat_examples.report import SECTION_KEYS, build_report
from csat_examples.survey import bundled_config, load_config, load_survey, survey_from_frame
from csat_examples.survey.config import _KNOWN_KEYS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "analyst" / "config.md"
SURVEY_CSV = ROOT / "csat_examples" / "data" / "property_survey" / "property_survey.csv"
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)


def _yaml_blocks() -> list[tuple[str, str]]:
    """(heading above the block, block text) for every ```yaml block of the page."""
    text = PAGE.read_text(encoding="utf-8")
    blocks = []
    for match in BLOCK.finditer(text):
        headings = re.findall(r"^#+ (.+)$", text[: match.start()], re.M)
        blocks.append((headings[-1] if headings else "", match.group(1)))
    return blocks


def _complete_example() -> str:
    found = [body for heading, body in _yaml_blocks() if heading == "A complete, commented example"]
    assert len(found) == 1, "config.md must have exactly one YAML block under 'A complete, commented example'"
    return found[0]


@pytest.fixture(scope="module")
def example_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "survey.yml"
    path.write_text(_complete_example(), encoding="utf-8")
    return path


def test_complete_example_is_the_bundled_config_with_item_wording(example_path: Path):
    ours, bundled = load_config(example_path), bundled_config()
    # Same survey description key by key; only the item wording (text) is added on the page.
    assert [(i.column, i.dimension, i.expectation) for i in ours.items] == \
        [(i.column, i.dimension, i.expectation) for i in bundled.items]
    assert all(i.text for i in ours.items)
    for key in ("title", "respondent_id", "levels", "answers", "numbers", "satisfied", "scoring",
                "weights", "importance", "overall", "nps", "wave", "period", "cause", "text"):
        assert getattr(ours, key) == getattr(bundled, key), key


def test_complete_example_analyses_the_bundled_survey_file(example_path: Path):
    survey = load_survey(SURVEY_CSV, example_path)  # on_invalid="error": any bad cell would raise
    assert survey.respondents == survey.rows_read > 0
    assert list(survey.ignored_columns) == []  # building is the example's segment column
    report = build_report(survey, charts=False)
    assert [s.key for s in report.sections] == list(SECTION_KEYS)  # the example switches on every section


@pytest.mark.parametrize("index", [i for i, (heading, body) in enumerate(_yaml_blocks())
                                   if heading == "Weights"])
def test_each_weights_example_runs_on_the_bundled_survey(index: int):
    fragment = yaml.safe_load(_yaml_blocks()[index][1])
    assert set(fragment) == {"weights"}
    raw = yaml.safe_load(_complete_example())
    raw["weights"] = fragment["weights"]
    from csat_examples.datasets import load

    survey = survey_from_frame(load("property_survey"), raw, on_invalid="exclude")
    report = build_report(survey, charts=False)
    hierarchy = next(s for s in report.sections if s.key == "hierarchy")
    nodes = hierarchy.results["nodes"]
    leaves = nodes[~nodes["node"].isin(nodes["parent"].dropna())]
    # the weights used are the page's weights: leaf global weights add up to 1
    assert leaves["global_weight"].sum() == pytest.approx(1.0)
    assert set(leaves["node"]) == {i.column for i in survey.config.items}


def test_the_key_table_lists_exactly_the_keys_the_loader_accepts():
    text = PAGE.read_text(encoding="utf-8")
    table = text.split("## Every key", 1)[1].split("\n## ", 1)[0]
    keys = set(re.findall(r"^\| `([a-z_.]+)` \|", table, re.M))
    top = {k.split(".")[0] for k in keys}
    assert top == set(_KNOWN_KEYS)
    assert {k for k in keys if k.startswith("scale.")} == {"scale.levels", "scale.answers", "scale.numbers",
                                                           "scale.satisfied", "scale.labels"}
