"""Satisfaction rate and level distribution: worked examples, options, every error path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.errors import CsatInputError
from csat_examples.rate import RateResult, level_distribution, satisfaction_rate
from csat_examples.validation import Exclusions

# 10 answers: 2 很满意, 3 满意, 2 较满意, 1 一般, 1 不太满意, 1 很不满意
TEN = pd.Series(
    ["很满意", "满意", "较满意", "满意", "一般", "很满意", "不太满意", "满意", "较满意", "很不满意"],
    name="overall",
)


def test_top_two_box_by_hand():
    # satisfied = 很满意 (2) + 满意 (3) = 5 of 10 -> 50 %
    r = satisfaction_rate(TEN)
    assert isinstance(r, RateResult)
    assert (r.rate, r.satisfied, r.respondents) == (50.0, 5, 10)
    assert r.satisfied_levels == ("满意", "很满意")
    assert float(r) == 50.0
    assert r.excluded == Exclusions.none()


def test_top_three_box_by_hand():
    # adding 较满意 (2): 7 of 10 -> 70 %
    assert satisfaction_rate(TEN, satisfied=["较满意", "满意", "很满意"]).rate == 70.0


def test_satisfied_accepts_ranks_english_names_and_a_single_level():
    # ranks 6 and 7 are 满意 and 很满意: same as the default
    assert satisfaction_rate(TEN, satisfied=[6, 7]).rate == 50.0
    assert satisfaction_rate(TEN, satisfied="very satisfied").satisfied == 2
    # non-contiguous set: 很不满意 (1) + 很满意 (2) = 3 of 10
    assert satisfaction_rate(TEN, satisfied=["很不满意", "很满意"]).rate == 30.0


def test_codes_give_the_same_rate_as_labels():
    codes = pd.Series([7, 6, 5, 6, 4, 7, 3, 6, 5, 1])  # TEN as ranks
    assert satisfaction_rate(codes).rate == 50.0
    assert satisfaction_rate(codes.astype(float)).rate == 50.0


def test_five_level_default_is_top_two_box():
    # 5-level: 满意 is rank 4, 很满意 rank 5; 3 of 4 answers are 4 or 5
    r = satisfaction_rate(pd.Series([5, 4, 3, 4]), scale="5-level")
    assert (r.rate, r.satisfied_levels) == (75.0, ("满意", "很满意"))


def test_missing_exclude_counts_the_blanks():
    s = pd.Series(["满意", None, "一般", np.nan, "很满意"], index=list("abcde"), name="overall")
    r = satisfaction_rate(s, missing="exclude")
    # 2 satisfied of 3 answered
    assert r.rate == pytest.approx(200 / 3)
    assert r.respondents == 3
    assert r.excluded.count == 2 and r.excluded.rows == ("b", "d")


def test_missing_error_names_the_row():
    s = pd.Series([6.0, np.nan], index=["r1", "r2"], name="overall")
    with pytest.raises(CsatInputError) as info:
        satisfaction_rate(s)
    assert (info.value.row, info.value.column, info.value.argument) == ("r2", "overall", "responses")
    assert "missing='exclude'" in str(info.value)


@pytest.mark.parametrize(
    "responses, kwargs, match",
    [
        (pd.Series([], dtype=float), {}, "no values"),
        (pd.Series([None, None], dtype=object), {"missing": "exclude"}, "no respondent left"),
        (pd.Series(["满意", "good"]), {}, "unknown level label"),
        (pd.Series([1, 8]), {}, "not a level code"),
        (pd.Series([1, 300]), {}, "not a level code"),
        (pd.Series([1.5, 2.0]), {}, "not a level code"),
        (pd.Series([6, 7]), {"satisfied": []}, "no level counts"),
        (pd.Series([6, 7]), {"satisfied": ["delighted"]}, "not a level"),
        (pd.Series([4, 5]), {"scale": "5-level", "satisfied": ["较满意"]}, "not a level"),
        (pd.Series([6, 7]), {"missing": "skip"}, "missing-value policy"),
        (pd.Series([6, 7]), {"scale": "9-level"}, "unknown scale"),
        (["满意"], {}, "expected a pandas Series"),
    ],
)
def test_error_paths(responses, kwargs, match):
    with pytest.raises(CsatInputError, match=match) as info:
        satisfaction_rate(responses, **kwargs)
    assert "Fix:" in str(info.value)


def test_unknown_label_error_names_row_column_value():
    with pytest.raises(CsatInputError) as info:
        satisfaction_rate(pd.Series(["满意", "meh"], index=["x", "y"], name="q"))
    assert (info.value.row, info.value.column, info.value.value) == ("y", "q", "meh")


def test_input_is_not_modified():
    s = TEN.copy()
    satisfaction_rate(s, satisfied=["满意"])
    level_distribution(s)
    pd.testing.assert_series_equal(s, TEN)


def test_level_distribution_by_hand():
    d = level_distribution(TEN)
    assert d.columns.tolist() == ["rank", "zh", "en", "count", "share"]
    assert d["count"].tolist() == [1, 0, 1, 1, 2, 3, 2]
    assert d["share"].tolist() == pytest.approx([0.1, 0, 0.1, 0.1, 0.2, 0.3, 0.2])
    assert d.attrs["excluded"] == Exclusions.none()


def test_level_distribution_excluded_is_reported():
    d = level_distribution(pd.Series([1, None, 5]), "5-level", missing="exclude")
    assert d["count"].sum() == 2 and d.attrs["excluded"].count == 1


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(st.lists(st.integers(1, 7), min_size=1, max_size=200), st.sets(st.integers(1, 7), min_size=1))
def test_rate_equals_share_of_satisfied_codes(codes, sat):
    s = pd.Series(codes)
    expected = 100 * sum(c in sat for c in codes) / len(codes)
    assert satisfaction_rate(s, satisfied=sorted(sat)).rate == pytest.approx(expected)
    # the distribution counts add up to the respondents
    assert level_distribution(s)["count"].sum() == len(codes)
