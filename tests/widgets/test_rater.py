"""RATER calculator: P, E, two importance sets side by side."""

from __future__ import annotations

import pytest

from csat_examples import datasets
from csat_examples.servqual import RATER
from widgets.rater import MANAGER_POINTS, RaterCalculator

P = {"reliability": 5.0, "assurance": 6.0, "tangibles": 6.5, "empathy": 5.5, "responsiveness": 4.5}
E = {"reliability": 6.5, "assurance": 6.5, "tangibles": 6.0, "empathy": 6.0, "responsiveness": 6.5}
OWNERS = {"reliability": 30, "assurance": 20, "tangibles": 10, "empathy": 15, "responsiveness": 25}
MANAGERS = {"reliability": 20, "assurance": 20, "tangibles": 35, "empathy": 15, "responsiveness": 10}


def _calc() -> RaterCalculator:
    return RaterCalculator(inputs={"P": P, "E": E, "customers": OWNERS, "managers": MANAGERS})


def test_weighted_gaps_for_both_weight_sets_match_hand_computation():
    calc = _calc()
    # gaps P-E: rel -1.5, ass -0.5, tan +0.5, emp -0.5, res -2.0; unweighted mean -4.0/5 = -0.8
    # owners:   .30*-1.5 + .20*-.5 + .10*.5 + .15*-.5 + .25*-2 = -.45-.10+.05-.075-.50 = -1.075
    # managers: .20*-1.5 + .20*-.5 + .35*.5 + .15*-.5 + .10*-2 = -.30-.10+.175-.075-.20 = -0.50
    owners, managers = calc.result.by_set["customers"], calc.result.by_set["managers"]
    assert owners.unweighted == pytest.approx(-0.8)
    assert owners.weighted == pytest.approx(-1.075)
    assert managers.weighted == pytest.approx(-0.5)
    # RATER index of P: owners .3*5+.2*6+.1*6.5+.15*5.5+.25*4.5 = 1.5+1.2+.65+.825+1.125 = 5.3
    assert float(calc.result.index["customers"]) == pytest.approx(5.3)
    html = calc.result_out.value
    assert "-1.075" in html and "-0.500" in html and "5.300" in html


def test_first_priority_differs_between_owners_and_managers():
    html = _calc().result_out.value
    row = next(r for r in html.split("<tr>") if "Most important dimension" in r)
    assert "Reliability" in row and "Tangibles" in row


def test_slider_change_updates_the_gaps():
    calc = _calc()
    calc.p["responsiveness"].value = 6.5  # gap 0 now
    dims = calc.result.by_set["customers"].dimensions.set_index("dimension")
    assert dims.loc["responsiveness", "gap"] == pytest.approx(0.0)


def test_points_not_summing_to_100_show_an_error():
    calc = _calc()
    calc.w["managers"]["tangibles"].value = 50  # managers' points now 115
    assert calc.result is None
    assert "csat-error" in calc.error_out.value and "Traceback" not in calc.error_out.value


def test_radar_chart_and_defaults_from_the_survey():
    calc = RaterCalculator()
    assert calc.figure is not None and calc.figure.axes
    owners = calc.result.by_set["customers"].dimensions.set_index("dimension")["weight"]
    assert owners.sum() == pytest.approx(1.0)
    # the course survey's owners put reliability or responsiveness first (seed 002)
    assert owners.idxmax() in {"reliability", "responsiveness"}
    assert set(RATER) == set(owners.index)


def test_managers_points_come_from_the_data_set_unchanged():
    table = datasets.load("rater_manager_points")
    assert MANAGER_POINTS == dict(zip(table["dimension"], table["points"].astype(float)))
    # the values the calculator always started from (tangibles first, as the sources report)
    assert MANAGER_POINTS == {"reliability": 20.0, "assurance": 20.0, "tangibles": 35.0,
                              "empathy": 15.0, "responsiveness": 10.0}
    calc = RaterCalculator(inputs={"P": P, "E": E, "customers": OWNERS})
    assert {d: b.value for d, b in calc.w["managers"].items()} == MANAGER_POINTS
