"""SERVQUAL, RATER index and the five-gap model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples import datasets
from csat_examples.datasets.property_survey import DIMENSION_IDS, ITEM_IDS
from csat_examples.errors import CsatInputError
from csat_examples.servqual import (
    RATER,
    rater,
    service_gaps,
    servqual,
    split_perception_expectation,
)
from csat_examples.terms import label

# 12manage SERVQUAL example: the five dimension gaps; unweighted score = their mean
# (-0.65 - 1.10 - 0.83 - 0.70 - 1.01) / 5 = -4.29 / 5 = -0.858.
GAPS_12MANAGE = {"tangibles": -0.65, "reliability": -1.10, "responsiveness": -0.83,
                 "assurance": -0.70, "empathy": -1.01}


def two_items_per_dimension():
    """P and E answers of 3 respondents whose dimension gaps are the 12manage ones.

    Each dimension has items x1, x2; expectations 6 everywhere; perceptions
    6 + gap +/- 0.5 for x1/x2 and +/- 0.25 across respondents, so every item and
    respondent deviation cancels in the dimension mean.
    """
    p, e, dims = {}, {}, {}
    for d, g in GAPS_12MANAGE.items():
        for k, sign in ((1, 1), (2, -1)):
            col = f"{d[:3]}{k}"
            dims[col] = d
            e[col] = [6.0, 6.0, 6.0]
            p[col] = [6 + g + sign * 0.5 + dev for dev in (-0.25, 0.0, 0.25)]
    return pd.DataFrame(p), pd.DataFrame(e), dims


def test_12manage_unweighted_score():
    p, e, dims = two_items_per_dimension()
    r = servqual(p, e, dims)
    assert r.unweighted == pytest.approx(-0.858, abs=1e-12)
    assert float(r) == pytest.approx(-0.858)
    gaps = r.dimensions.set_index("dimension")["gap"]
    for d, g in GAPS_12MANAGE.items():
        assert gaps[d] == pytest.approx(g, abs=1e-12)
    assert r.dimensions["dimension"].tolist() == list(RATER)
    assert r.weighted is None and r.dimensions["weight"].isna().all()
    assert r.respondents == 3 and r.excluded.count == 0


def test_weighted_score_by_hand():
    # importance points: reliability 30, responsiveness 25, assurance 20, empathy 15, tangibles 10
    # weighted = 0.30*-1.10 + 0.25*-0.83 + 0.20*-0.70 + 0.15*-1.01 + 0.10*-0.65
    #          = -0.33 - 0.2075 - 0.14 - 0.1515 - 0.065 = -0.894
    p, e, dims = two_items_per_dimension()
    imp = {"reliability": 30, "responsiveness": 25, "assurance": 20, "empathy": 15, "tangibles": 10}
    r = servqual(p, e, dims, importance=imp)
    assert r.weighted == pytest.approx(-0.894, abs=1e-12)
    assert float(r) == pytest.approx(-0.894)
    d = r.dimensions.set_index("dimension")
    assert d.loc["reliability", "weight"] == 0.30
    assert d.loc["reliability", "weighted_gap"] == pytest.approx(-0.33)
    assert d["importance"].sum() == 100


def test_item_table_and_series_input_agree():
    p, e, dims = two_items_per_dimension()
    r_frames = servqual(p, e, dims)
    r_means = servqual(p.mean(), e.mean(), dims)
    pd.testing.assert_frame_equal(r_frames.items, r_means.items)
    assert list(r_frames.items.columns) == ["item", "dimension", "perception", "expectation", "gap"]
    # rel1: perception 6 - 1.10 + 0.5 = 5.40, expectation 6 -> gap -0.60
    row = r_frames.items.set_index("item").loc["rel1"]
    assert row["perception"] == pytest.approx(5.40) and row["gap"] == pytest.approx(-0.60)
    assert r_means.respondents is None


def test_inputs_are_not_mutated():
    p, e, dims = two_items_per_dimension()
    p.iloc[0, 0] = np.nan
    p0, e0 = p.copy(), e.copy()
    servqual(p, e, dims, missing="exclude", importance={d: 20 for d in RATER})
    pd.testing.assert_frame_equal(p, p0)
    pd.testing.assert_frame_equal(e, e0)


def test_missing_exclude_counts_rows_from_both_tables():
    p, e, dims = two_items_per_dimension()
    p.loc[0, "rel1"] = np.nan
    e.loc[2, "tan2"] = np.nan
    r = servqual(p, e, dims, missing="exclude")
    assert r.excluded.count == 2 and set(r.excluded.rows) == {0, 2}
    assert "perceptions" in r.excluded.reason and "expectations" in r.excluded.reason
    assert r.respondents == 1
    # only respondent 1 (deviation 0) is left: dimension gaps are exactly the 12manage ones
    assert r.unweighted == pytest.approx(-0.858)
    with pytest.raises(CsatInputError, match=r"perceptions: missing answer.*row 0.*'rel1'"):
        servqual(p, e, dims)


def test_survey_gaps_are_negative():
    df = datasets.load("property_survey")
    p, e = split_perception_expectation(df, ITEM_IDS)
    dims = {i: DIMENSION_IDS[i[:3]] for i in ITEM_IDS}
    r = servqual(p, e, dims, missing="exclude")
    assert r.excluded.count > 0 and r.respondents == len(df) - r.excluded.count
    assert (r.dimensions["gap"] < 0).all()


# ---- bad input -------------------------------------------------------------

def test_p_and_e_with_different_columns():
    p, e, dims = two_items_per_dimension()
    with pytest.raises(CsatInputError, match=r"expectations: item has a perception but no expectation.*'rel1'"):
        servqual(p, e.drop(columns="rel1"), dims)
    with pytest.raises(CsatInputError, match=r"perceptions: item has an expectation but no perception.*'tan2'"):
        servqual(p.drop(columns="tan2"), e, {k: v for k, v in dims.items() if k != "tan2"})


def test_p_and_e_of_different_kinds_or_rows():
    p, e, dims = two_items_per_dimension()
    with pytest.raises(CsatInputError, match="must both be DataFrames"):
        servqual(p, e.mean(), dims)
    with pytest.raises(CsatInputError, match="different rows"):
        servqual(p, e.iloc[:2], dims)


def test_item_without_dimension_and_unknown_item():
    p, e, dims = two_items_per_dimension()
    partial = dict(dims)
    del partial["emp1"]
    with pytest.raises(CsatInputError, match=r"dimensions: item has no dimension.*'emp1'"):
        servqual(p, e, partial)
    with pytest.raises(CsatInputError, match=r"not in the data.*'zzz'"):
        servqual(p, e, {**dims, "zzz": "empathy"})


def test_importance_must_sum_to_100_and_name_known_dimensions():
    p, e, dims = two_items_per_dimension()
    with pytest.raises(CsatInputError, match=r"importance: importance points sum to 95, not 100"):
        servqual(p, e, dims, importance={"reliability": 30, "responsiveness": 25, "assurance": 20,
                                         "empathy": 10, "tangibles": 10})
    with pytest.raises(CsatInputError, match=r"importance:.*'price'"):
        servqual(p, e, dims, importance={**{d: 20 for d in RATER}, "price": 0})
    with pytest.raises(CsatInputError, match=r"importance: weight is negative.*'empathy'"):
        servqual(p, e, dims, importance={**{d: 30 for d in RATER}, "empathy": -20})


def test_text_in_numeric_column_and_empty_data():
    p, e, dims = two_items_per_dimension()
    p = p.astype(object)
    p.loc[1, "ass2"] = "good"
    with pytest.raises(CsatInputError, match=r"perceptions: not a number.*row 1.*'ass2'.*'good'"):
        servqual(p, e, dims)
    with pytest.raises(CsatInputError, match="perceptions: no rows"):
        servqual(p.iloc[:0], e.iloc[:0], dims)


# ---- rater -----------------------------------------------------------------

def test_rater_index_by_hand():
    # reliability items 5, 6 -> 5.5; tangibles 4; weights 0.6 / 0.4 -> 0.6*5.5 + 0.4*4 = 4.9
    scores = pd.DataFrame({"rel1": [4.0, 6.0], "rel2": [6.0, 6.0], "tan1": [3.0, 5.0]})
    r = rater(scores, {"rel1": "reliability", "rel2": "reliability", "tan1": "tangibles"},
              {"reliability": 0.6, "tangibles": 0.4})
    assert float(r) == pytest.approx(4.9)
    assert r.dimensions["score"].tolist() == [5.5, 4.0]
    assert list(r.dimensions.columns) == ["dimension", "score", "weight", "contribution"]
    assert r.dimensions["contribution"].sum() == pytest.approx(r.index)


def test_rater_on_dimension_scores_and_gaps():
    # gaps as scores, weights 0.2 each: index = mean of the 12manage gaps = -0.858
    r = rater(pd.Series(GAPS_12MANAGE), None, {d: 0.2 for d in RATER})
    assert float(r) == pytest.approx(-0.858)
    assert r.dimensions["dimension"].tolist() == list(RATER)


def test_rater_bad_weights():
    s = pd.Series(GAPS_12MANAGE)
    with pytest.raises(CsatInputError, match=r"weights: unknown dimension.*'speed'"):
        rater(s, None, {**{d: 0.2 for d in RATER}, "speed": 0.0})
    with pytest.raises(CsatInputError, match=r"weights: weights sum to 0.9"):
        rater(s, None, {**{d: 0.2 for d in RATER}, "empathy": 0.1})
    with pytest.raises(CsatInputError, match=r"no weight.*'empathy'"):
        rater(s, None, {d: 0.25 for d in RATER if d != "empathy"})
    with pytest.raises(CsatInputError, match=r"data: missing answer"):
        rater(pd.DataFrame({"reliability": [1.0, np.nan]}), None, {"reliability": 1.0})
    r = rater(pd.DataFrame({"reliability": [1.0, np.nan]}), None, {"reliability": 1.0}, missing="exclude")
    assert r.excluded.count == 1 and float(r) == 1.0


# ---- five-gap model --------------------------------------------------------

def test_service_gaps_sign_convention():
    # E 6.5, management thinks 6.0 (G1 -0.5), standards 5.5 (G2 -0.5), delivery 5.0 (G3 -0.5),
    # promised 6.0 (G4 = 5.0 - 6.0 = -1.0), perceived 5.2 (G5 = 5.2 - 6.5 = -1.3)
    g = service_gaps(6.5, 6.0, 5.5, 5.0, 6.0, 5.2)
    assert g["value"].tolist() == pytest.approx([-0.5, -0.5, -0.5, -1.0, -1.3])
    assert list(g.columns) == ["gap", "key", "name", "from_level", "to_level", "value"]
    assert g["from_level"].tolist() == ["expectation", "management_perception", "standards",
                                        "promises", "expectation"]
    assert g["to_level"].tolist() == ["management_perception", "standards", "delivery",
                                      "delivery", "perception"]


def test_service_gaps_per_dimension_and_labels():
    e = pd.Series({"reliability": 6.5, "tangibles": 5.0})
    g = service_gaps(e, 6.0, 5.5, pd.Series({"tangibles": 5.5, "reliability": 5.0}), 6.0, 5.2, lang="zh")
    assert g.columns[0] == "dimension" and len(g) == 10
    tan = g[g["dimension"] == "tangibles"].set_index("key")["value"]
    assert tan["gap1"] == pytest.approx(1.0) and tan["gap3"] == pytest.approx(0.0)
    assert g.loc[0, "name"] == label("gap1_name", "zh")
    for k in range(1, 6):
        assert label(f"gap{k}_countermeasures", "en") and label(f"gap{k}_countermeasures", "zh")


def test_service_gaps_bad_input():
    with pytest.raises(CsatInputError, match=r"standards: level is not a number.*'high'"):
        service_gaps(6, 6, "high", 5, 5, 5)
    with pytest.raises(CsatInputError, match=r"delivery: per-dimension levels name different dimensions"):
        service_gaps(pd.Series({"a": 1.0}), 1, 1, pd.Series({"b": 1.0}), 1, 1)
    with pytest.raises(CsatInputError, match=r"promises: level is not finite"):
        service_gaps(1, 1, 1, 1, float("nan"), 1)


# ---- properties ------------------------------------------------------------

scores = st.floats(min_value=1, max_value=7, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(scores, scores), min_size=5, max_size=5))
def test_gaps_are_antisymmetric_when_p_and_e_swap(pairs):
    p = pd.Series({d: a for d, (a, _) in zip(RATER, pairs)})
    e = pd.Series({d: b for d, (_, b) in zip(RATER, pairs)})
    dims = {d: d for d in RATER}
    imp = {"reliability": 30, "assurance": 20, "tangibles": 10, "empathy": 15, "responsiveness": 25}
    pe = servqual(p, e, dims, importance=imp)
    ep = servqual(e, p, dims, importance=imp)
    np.testing.assert_allclose(pe.items["gap"], -ep.items["gap"])
    assert pe.unweighted == pytest.approx(-ep.unweighted, abs=1e-12)
    assert pe.weighted == pytest.approx(-ep.weighted, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(scores, min_size=6, max_size=6))
def test_gap5_minus_sum_of_provider_gaps(levels):
    # G1 + G2 + G3 = delivery - expectation, whatever the levels
    g = service_gaps(*levels).set_index("key")["value"]
    assert g["gap1"] + g["gap2"] + g["gap3"] == pytest.approx(levels[3] - levels[0], abs=1e-9)


def test_every_gap_level_has_a_label():
    g = service_gaps(1, 2, 3, 4, 5, 6)
    for level in set(g["from_level"]) | set(g["to_level"]):
        assert label(f"gap_level_{level}", "en") and label(f"gap_level_{level}", "zh")
