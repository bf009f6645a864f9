"""Net Promoter Score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples import datasets
from csat_examples.errors import CsatInputError
from csat_examples.nps import nps, nps_group


def test_nps_by_hand():
    # 12 answers: promoters 9,10,10,9 (4); passives 7,8,8 (3); detractors 0,3,5,6,6 (5)
    # NPS = 100 * (4 - 5) / 12 = -8.333...
    answers = [9, 10, 10, 9, 7, 8, 8, 0, 3, 5, 6, 6]
    r = nps(answers)
    assert (r.promoters, r.passives, r.detractors, r.n) == (4, 3, 5, 12)
    assert r.nps == pytest.approx(-100 / 12)
    assert float(r) == r.nps
    assert r.shares()["detractors"] == pytest.approx(500 / 12)


def test_group_boundaries():
    # 6 is a detractor, 7 and 8 passives, 9 a promoter
    assert [nps_group(s) for s in range(11)] == ["detractors"] * 7 + ["passives"] * 2 + ["promoters"] * 2
    with pytest.raises(CsatInputError, match="score"):
        nps_group(11)


def test_all_promoters_and_all_detractors():
    assert nps([9, 10]).nps == 100.0
    assert nps(pd.Series([0, 6])).nps == -100.0


def test_whole_floats_accepted_and_input_not_mutated():
    s = pd.Series([9.0, 7.0, np.nan, 2.0], index=["a", "b", "c", "d"])
    before = s.copy()
    r = nps(s, missing="exclude")
    # 1 promoter, 1 passive, 1 detractor of 3 -> 0
    assert r.nps == 0.0 and r.n == 3
    assert r.excluded.count == 1 and r.excluded.rows == ("c",)
    pd.testing.assert_series_equal(s, before)


def test_survey_nps_per_wave():
    df = datasets.load("property_survey")
    for wave, group in df.groupby("wave"):
        r = nps(group["nps"])
        expected = 100 * ((group["nps"] >= 9).mean() - (group["nps"] <= 6).mean())
        assert r.nps == pytest.approx(expected) and r.n == 400


@pytest.mark.parametrize(
    ("answers", "pattern"),
    [
        ([9, 11], r"data: score outside the scale 0..10.*row 1.*value 11"),
        ([9, -1], r"outside the scale 0..10.*value -1"),
        ([9, 7.5], r"data: not a whole number.*row 1.*value 7.5"),
        ([9, "ten"], r"data: not a number.*row 1.*'ten'"),
        ([], r"data: no values"),
        ([9, None], r"data: missing answer.*row 1"),
        ([None, None], r"every answer is blank"),
    ],
)
def test_bad_answers(answers, pattern):
    missing = "exclude" if answers == [None, None] else "error"
    with pytest.raises(CsatInputError, match=pattern):
        nps(answers, missing=missing)


def test_not_a_column():
    with pytest.raises(CsatInputError, match="data: expected one column"):
        nps(pd.DataFrame({"a": [1]}))
    with pytest.raises(CsatInputError, match="unknown missing-value policy"):
        nps([1], missing="drop")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_in_range_and_counts_add_up(answers):
    r = nps(answers)
    assert -100 <= r.nps <= 100
    assert r.promoters + r.passives + r.detractors == r.n == len(answers)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=100), st.integers(0, 10))
def test_raising_one_answer_never_lowers_nps(answers, i):
    i = i % len(answers)
    higher = list(answers)
    higher[i] = min(10, higher[i] + 1)
    assert nps(higher).nps >= nps(answers).nps
