"""Seed 004's example: the reconstructed table must reproduce the published 23.3 and 40."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from csat_examples import seed004
from csat_examples.degree import satisfaction_degree, weighted_index
from csat_examples.errors import CsatInputError
from csat_examples.scales import SEVEN_LEVEL, level_of


def test_scores_are_level_scores_of_the_sources_scoring():
    allowed = set(SEVEN_LEVEL.scores("sources"))  # -60, -40, ..., 60
    scores = seed004.reconstructed_scores()
    assert scores.index.tolist() == ["quality", "function", "price", "service", "packaging", "taste"]
    assert set(scores) <= allowed


def test_simple_mean_is_the_published_23_3_and_somewhat_satisfied():
    # seed 004: "该产品的顾客满意度得分是23.3, 属于较满意"; 140 / 6 = 23.333...
    d = satisfaction_degree(seed004.reconstructed_scores(), scoring="sources")
    assert round(d.degree, 1) == 23.3
    assert d.degree == pytest.approx(140 / 6)
    assert d.level.zh == "较满意"
    assert level_of(23.3, scoring="sources").zh == "较满意"


def test_weighted_score_is_exactly_the_published_40_and_satisfied():
    # seed 004: "加权法为40, 处于满意水平"
    d = satisfaction_degree(seed004.reconstructed_scores(), seed004.corrected_weights(), scoring="sources")
    assert d.degree == pytest.approx(40, abs=1e-12)
    assert d.level.zh == "满意"
    assert level_of(40, scoring="sources").zh == "满意"


def test_printed_weights_are_the_sources_in_its_order_and_sum_to_095():
    w = seed004.printed_weights()
    assert w.tolist() == [0.3, 0.1, 0.35, 0.15, 0.05]
    assert math.fsum(w) == pytest.approx(0.95)
    assert seed004.MISSING_WEIGHT_ATTRIBUTE not in w.index


def test_corrected_weights_add_the_missing_005():
    w = seed004.corrected_weights()
    assert math.fsum(w) == pytest.approx(1.0, abs=1e-12)
    assert w[seed004.MISSING_WEIGHT_ATTRIBUTE] == pytest.approx(1 - 0.95)
    pd.testing.assert_series_equal(
        w.drop(seed004.MISSING_WEIGHT_ATTRIBUTE), seed004.printed_weights(), check_names=False
    )


def test_the_library_refuses_the_printed_weights():
    scores = seed004.reconstructed_scores()
    with pytest.raises(CsatInputError, match="sum to 0.95"):
        weighted_index(scores[seed004.printed_weights().index], seed004.printed_weights())
    with pytest.raises(CsatInputError, match="no weight for an item") as info:
        weighted_index(scores, seed004.printed_weights())
    assert info.value.column == "taste"


def test_printed_weights_give_a_different_number():
    c = seed004.comparison().set_index("method")
    # as printed: 0.3*40 + 0.1*20 + 0.35*60 + 0.15*40 + 0.05*0 = 12 + 2 + 21 + 6 + 0 = 41
    assert c.loc["printed_as_is", "score"] == pytest.approx(41)
    assert c.loc["printed_as_is", "weight_sum"] == pytest.approx(0.95)
    # rescaled to sum 1: 41 / 0.95 = 43.157...
    assert c.loc["printed_rescaled", "score"] == pytest.approx(41 / 0.95)
    assert c.loc["weighted_corrected", "score"] == pytest.approx(40)
    assert c.loc["simple_mean", "score"] == pytest.approx(140 / 6)
    assert c.loc["printed_as_is", "score"] != c.loc["weighted_corrected", "score"]
    assert c.loc["printed_rescaled", "score"] != c.loc["weighted_corrected", "score"]
    assert c["level_zh"].tolist() == ["较满意", "满意", "满意", "满意"]


def test_table_columns_and_consistency():
    t = seed004.reconstructed_table()
    assert t.columns.tolist() == [
        "attribute", "zh", "score", "level_zh", "level_en", "printed_weight", "weight", "weighted_score"
    ]
    assert t["zh"].tolist() == ["质量", "功能", "价格", "服务", "包装", "品位"]
    assert t["weighted_score"].sum() == pytest.approx(40)
    assert t["printed_weight"].isna().tolist() == [False] * 5 + [True]
    for _, row in t.iterrows():
        assert level_of(row["score"], scoring="sources").zh == row["level_zh"]


def test_reconstruction_is_said_plainly():
    assert "RECONSTRUCTED" in seed004.__doc__
    assert "RECONSTRUCTED" in seed004.reconstructed_table.__doc__
    assert "RECONSTRUCTED" in seed004.reconstructed_scores.__doc__


def test_each_call_returns_a_fresh_object():
    a = seed004.reconstructed_scores()
    a["quality"] = -60
    assert seed004.reconstructed_scores()["quality"] == 40
