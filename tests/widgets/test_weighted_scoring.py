"""Weighted-scoring calculator: tree editing, live normalisation, errors, 23.3 vs 40."""

from __future__ import annotations

import pytest

from widgets.weighted_scoring import WeightedScoringCalculator


def _leaf_scores(calc: WeightedScoringCalculator, scores: dict[str, float]) -> None:
    with calc.batch():
        for name, value in scores.items():
            calc.node(name).score.value = value


def test_seed004_simple_mean_23_3_vs_weighted_40():
    calc = WeightedScoringCalculator(preset="seed004")
    # seed 004 (sources scoring -60..60): simple mean 23.3 -> 较满意, weighted 40 -> 满意
    assert calc.result.simple == pytest.approx(23.333, abs=1e-3)
    assert calc.result.simple_level.zh == "较满意"
    assert calc.result.hierarchy.total == pytest.approx(40.0)
    assert calc.result.level.zh == "满意"
    html = calc.result_out.value
    assert "23.33" in html and "40.00" in html
    assert "somewhat satisfied" in html.lower() and ">satisfied<" in html.lower().replace(" ", "")


def test_simple_mean_toggle_hides_the_simple_mean():
    calc = WeightedScoringCalculator(preset="seed004")
    calc.simple_mean.value = False
    assert "23.33" not in calc.result_out.value
    assert "40.00" in calc.result_out.value


def test_tree_total_matches_hand_computation():
    calc = WeightedScoringCalculator()
    # all leaves 5 except reliability (X311) = 7 and accurate (X351) = 1 (7-level Likert).
    # by hand: Y = 5 + 0.30*0.40*(7-5) + 0.15*0.60*(1-5) = 5 + 0.24 - 0.36 = 4.88
    leaves = [n.name.value for n in calc.nodes if not calc._children(n)]
    scores = {name: 5.0 for name in leaves}
    scores.update({"reliability": 7.0, "accurate": 1.0})
    _leaf_scores(calc, scores)
    assert calc.result.hierarchy.total == pytest.approx(4.88)
    assert calc.result.level.rank == 5  # 4.88 lies in the band 4.5..5.5 -> 较满意
    assert "4.88" in calc.result_out.value


def test_weights_not_summing_to_one_warn_and_normalisation_fixes_it():
    calc = WeightedScoringCalculator()
    calc.node("product quality").weight.value = 0.40  # top level now sums to 1.10
    assert calc.result is None
    assert "csat-error" in calc.error_out.value and "Traceback" not in calc.error_out.value
    assert "do not sum to 1" in calc.warnings_out.value and "1.1" in calc.warnings_out.value
    calc.normalize.value = True
    assert calc.result is not None and calc.error_out.value == ""
    assert "do not sum to 1" in calc.warnings_out.value        # the warning stays visible
    assert "rescaled" in calc.warnings_out.value
    nodes = calc.result.hierarchy.nodes.set_index("node")
    # by hand: 0.40 / 1.10 = 0.363636...
    assert nodes.loc["product quality", "local_weight"] == pytest.approx(0.40 / 1.10)


def test_score_outside_the_scale_is_reported_in_the_widget():
    calc = WeightedScoringCalculator()
    calc.node("reliability").score.value = 9.0  # 7-level Likert runs 1..7
    assert calc.result is None
    message = calc.error_out.value
    assert "9" in message and "Traceback" not in message


def test_empty_tree_is_reported_in_the_widget():
    calc = WeightedScoringCalculator(preset="seed004")
    for node in list(calc.nodes):
        calc.remove_node(node)
    assert calc.nodes == []
    assert calc.result is None and "csat-error" in calc.error_out.value


def test_add_rename_remove_indicators():
    calc = WeightedScoringCalculator(preset="seed004")
    calc.node("Quality").name.value = "build quality"
    assert "build quality" in calc.result_out.value
    with calc.batch():
        new = calc.add_node("parking", None, weight=0.0, score=60.0)
    assert "parking" in calc.result_out.value
    assert calc.result.hierarchy.total == pytest.approx(40.0)  # weight 0 changes nothing
    calc.remove_node(new)
    assert "parking" not in calc.result_out.value


def test_child_under_a_leaf_turns_it_into_a_group():
    calc = WeightedScoringCalculator(preset="seed004")
    price = calc.node("Price")
    calc.new_parent.value = price.id
    calc.new_name.value = "fees"
    calc._on_add()
    calc.node("fees").weight.value = 1.0
    calc.node("fees").score.value = 60.0  # same score as price had: total unchanged
    assert price.score.layout.visibility == "hidden"
    assert calc.result.hierarchy.total == pytest.approx(40.0)


def test_changing_scoring_rescales_the_scores():
    calc = WeightedScoringCalculator(preset="seed004")
    calc.scoring.value = "likert"
    # sources 40 is level 6 (满意) -> Likert 6; the weighted index 40 -> 6.0
    assert calc.node("Quality").score.value == pytest.approx(6.0)
    assert calc.result.hierarchy.total == pytest.approx(6.0)


def test_contribution_chart_is_drawn():
    calc = WeightedScoringCalculator(preset="seed004")
    assert calc.figure is not None and calc.figure.axes
    assert calc.figure_out.value.startswith("<img")


def test_chinese_labels():
    calc = WeightedScoringCalculator(lang="zh", preset="seed004")
    assert "质量" in calc.result_out.value and "满意" in calc.result_out.value
