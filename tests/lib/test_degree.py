"""Weighted index and satisfaction degree: worked examples, invariants, every error path."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csat_examples.degree import DegreeResult, distribution_degree, satisfaction_degree, weighted_index
from csat_examples.errors import CsatInputError, WeightsNormalizedWarning
from csat_examples.rate import level_distribution
from csat_examples.scales import SCORINGS, SEVEN_LEVEL, FIVE_LEVEL

SURVEY = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "quality": [7, 5, 6],
        "price": [4, 3, 5],
        "service": [6, 6, 7],
    },
    index=[101, 102, 103],
)
W = {"quality": 0.5, "price": 0.2, "service": 0.3}


def test_weighted_index_rows_by_hand():
    # a: 0.5*7 + 0.2*4 + 0.3*6 = 3.5 + 0.8 + 1.8 = 6.1
    # b: 0.5*5 + 0.2*3 + 0.3*6 = 2.5 + 0.6 + 1.8 = 4.9
    # c: 0.5*6 + 0.2*5 + 0.3*7 = 3.0 + 1.0 + 2.1 = 6.1
    out = weighted_index(SURVEY, W)
    assert out.name == "index" and out.index.tolist() == [101, 102, 103]
    assert out.tolist() == pytest.approx([6.1, 4.9, 6.1])


def test_weighted_index_of_one_set_of_scores():
    # 0.5*60 + 0.2*(-20) + 0.3*40 = 30 - 4 + 12 = 38
    assert weighted_index(pd.Series({"quality": 60, "price": -20, "service": 40}), W) == pytest.approx(38)


def test_satisfaction_degree_by_hand():
    # mean of 6.1, 4.9, 6.1 = 17.1 / 3 = 5.7 -> likert band 5.5..6.5 = 满意;
    # 0-100: (5.7 - 1) / 6 * 100 = 78.33
    d = satisfaction_degree(SURVEY, W)
    assert isinstance(d, DegreeResult)
    assert d.degree == pytest.approx(5.7)
    assert d.degree_100 == pytest.approx(470 / 6)
    assert d.level.zh == "满意"
    assert (d.respondents, d.normalized, d.excluded.count) == (3, False, 0)
    assert d.weights.to_dict() == W
    assert float(d) == d.degree


def test_equal_weights_are_the_simple_mean():
    # item means 6, 4, 6.333 -> mean 16.333/3 = 5.444 -> 较满意 (band 4.5..5.5)
    d = satisfaction_degree(SURVEY, items=["quality", "price", "service"])
    assert d.degree == pytest.approx(49 / 9)
    assert d.level.zh == "较满意"
    assert d.weights.tolist() == pytest.approx([1 / 3] * 3)


def test_degree_on_the_sources_scoring_and_five_level_scale():
    s = pd.Series({"x": 40, "y": -40})
    d = satisfaction_degree(s, {"x": 0.75, "y": 0.25}, scale="5-level", scoring="sources")
    # 0.75*40 - 0.25*40 = 20 -> 满意 on the 5-level sources scoring; 0-100: (20+40)/80*100 = 75
    assert (d.degree, d.degree_100, d.level.zh) == (20.0, 75.0, "满意")


def test_normalize_rescales_says_so_and_reports_it():
    w = {"quality": 3, "price": 1, "service": 1}
    with pytest.raises(CsatInputError, match="sum to 5"):
        satisfaction_degree(SURVEY, w)
    with pytest.warns(WeightsNormalizedWarning):
        d = satisfaction_degree(SURVEY, w, normalize=True)
    assert d.normalized
    assert d.weights.tolist() == pytest.approx([0.6, 0.2, 0.2])
    # means 6, 4, 6.333: 0.6*6 + 0.2*4 + 0.2*6.333 = 3.6 + 0.8 + 1.2667 = 5.6667
    assert d.degree == pytest.approx(5.6 + 0.2 / 3)


def test_missing_exclude_reports_rows():
    df = SURVEY.astype({"price": float}).copy()
    df.loc[102, "price"] = np.nan
    before = df.copy()
    out = weighted_index(df, W, missing="exclude")
    assert out.index.tolist() == [101, 103]
    assert out.attrs["excluded"].rows == (102,)
    d = satisfaction_degree(df, W, missing="exclude")
    assert d.respondents == 2 and d.excluded.count == 1 and d.excluded.reason == "missing answer in price"
    assert d.degree == pytest.approx(6.1)
    with pytest.raises(CsatInputError) as info:
        satisfaction_degree(df, W)
    assert (info.value.row, info.value.column) == (102, "price")
    pd.testing.assert_frame_equal(df, before)


def test_inputs_are_never_modified():
    df, w = SURVEY.copy(), pd.Series({"quality": 2.0, "price": 1.0, "service": 1.0})
    w_before = w.copy()
    with pytest.warns(WeightsNormalizedWarning):
        satisfaction_degree(df, w, normalize=True)
    weighted_index(df, W)
    pd.testing.assert_frame_equal(df, SURVEY)
    pd.testing.assert_series_equal(w, w_before)


@pytest.mark.parametrize(
    "call, match, column",
    [
        (lambda: satisfaction_degree(SURVEY.assign(price=[4, 9, 5]), W), "outside the scale 1..7", "price"),
        (lambda: satisfaction_degree(pd.Series({"quality": 80, "price": 0, "service": 0}), W, scoring="sources"),
         "outside the scale -60..60", "quality"),
        (lambda: weighted_index(SURVEY, {"quality": 0.5, "price": 0.5, "taste": 0.0}), "not in the data", "taste"),
        (lambda: weighted_index(SURVEY, W, items=["quality", "price"]), "not in the data", None),
        (lambda: weighted_index(SURVEY, {"quality": 0.5, "price": 0.5}, items=["quality", "price", "service"]),
         "no weight for an item", "service"),
        (lambda: weighted_index(SURVEY, W, items=["quality", "price", "speed"]), "unknown item name", "speed"),
        (lambda: weighted_index(SURVEY, {"quality": 1.2, "price": -0.2}), "negative", "price"),
        (lambda: weighted_index(SURVEY, {"quality": 0.5, "price": 0.4}), "sum to 0.9", None),
        (lambda: weighted_index(SURVEY, {"id": 0.5, "price": 0.5}), "not a number", "id"),
        (lambda: weighted_index(SURVEY.iloc[:0], W), "no rows", None),
        (lambda: weighted_index(pd.Series(dtype=float), W), "no values", None),
        (lambda: weighted_index(SURVEY.assign(price=[1, np.inf, 2]), W), "infinite", "price"),
        (lambda: weighted_index(SURVEY, W, missing="drop"), "missing-value policy", None),
        (lambda: weighted_index([[1, 2]], W), "expected a pandas", None),
        (lambda: weighted_index(SURVEY, [0.5, 0.5]), "mapping", None),
        (lambda: weighted_index(pd.Series({"quality": 5, "price": 4}), W), "not in the data", "service"),
        (lambda: satisfaction_degree(SURVEY.assign(price=[np.nan] * 3), W, missing="exclude"),
         "no respondent left", None),
        (lambda: satisfaction_degree(SURVEY, W, scoring="stars"), "unknown scoring", None),
    ],
)
def test_error_paths(call, match, column):
    with pytest.raises(CsatInputError, match=match) as info:
        call()
    assert "Fix:" in str(info.value)
    if column is not None:
        assert info.value.column == column


def test_string_in_numeric_column_names_the_cell():
    df = SURVEY.astype({"price": object}).copy()
    df.loc[103, "price"] = "five"
    with pytest.raises(CsatInputError) as info:
        weighted_index(df, W)
    assert (info.value.row, info.value.column, info.value.value) == (103, "price", "five")


def test_out_of_range_error_names_the_cell():
    with pytest.raises(CsatInputError) as info:
        satisfaction_degree(SURVEY.assign(price=[4, 0, 5]), W)
    assert (info.value.row, info.value.column, info.value.value) == (102, "price", 0)


# -- invariants (hypothesis) -------------------------------------------------

@st.composite
def scored_table(draw):
    scale = draw(st.sampled_from([SEVEN_LEVEL, FIVE_LEVEL]))
    scoring = draw(st.sampled_from(SCORINGS))
    low, high = scale.score_range(scoring)
    k = draw(st.integers(1, 6))
    n = draw(st.integers(1, 8))
    cells = draw(st.lists(st.floats(low, high), min_size=n * k, max_size=n * k))
    raw = draw(st.lists(st.floats(0.01, 10), min_size=k, max_size=k))
    items = [f"i{j}" for j in range(k)]
    data = pd.DataFrame(np.array(cells).reshape(n, k), columns=items)
    weights = pd.Series(np.array(raw) / sum(raw), index=items)
    return scale, scoring, data, weights


def _degree(data, weights, scale, scoring, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsNormalizedWarning)
        return satisfaction_degree(data, weights, scale=scale, scoring=scoring, normalize=True, **kw)


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(scored_table())
def test_index_stays_within_the_scale(case):
    scale, scoring, data, weights = case
    low, high = scale.score_range(scoring)
    d = _degree(data, weights, scale, scoring)
    assert low <= d.degree <= high
    assert 0 <= d.degree_100 <= 100
    per_row = _rows(data, weights)
    assert (per_row >= low - 1e-9).all() and (per_row <= high + 1e-9).all()


def _rows(data, weights):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WeightsNormalizedWarning)
        return weighted_index(data, weights, normalize=True)


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(scored_table(), st.data())
def test_monotone_in_every_item_score(case, draw):
    scale, scoring, data, weights = case
    low, high = scale.score_range(scoring)
    j = draw.draw(st.integers(0, data.shape[1] - 1))
    raised = data.copy()
    col = raised.columns[j]
    raised[col] = np.minimum(raised[col] + draw.draw(st.floats(0, high - low)), high)
    assert (_rows(raised, weights).to_numpy() >= _rows(data, weights).to_numpy() - 1e-9).all()
    assert _degree(raised, weights, scale, scoring).degree >= _degree(data, weights, scale, scoring).degree - 1e-9


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(scored_table(), st.randoms(use_true_random=False))
def test_invariant_to_item_order(case, rnd):
    scale, scoring, data, weights = case
    cols = list(data.columns)
    rnd.shuffle(cols)
    shuffled_w = weights[list(reversed(cols))]
    a = _degree(data, weights, scale, scoring).degree
    b = _degree(data[cols], shuffled_w, scale, scoring).degree
    assert b == pytest.approx(a, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(scored_table())
def test_normalize_changes_nothing_when_weights_sum_to_one(case):
    scale, scoring, data, weights = case
    weights = weights.copy()
    weights.iloc[-1] = 1.0 - weights.iloc[:-1].sum()
    assume(weights.iloc[-1] >= 0 and abs(weights.sum() - 1) <= 1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no WeightsNormalizedWarning may be raised
        plain = satisfaction_degree(data, weights, scale=scale, scoring=scoring)
        normed = satisfaction_degree(data, weights, scale=scale, scoring=scoring, normalize=True)
    assert normed.degree == plain.degree and not normed.normalized
    pd.testing.assert_series_equal(normed.weights, plain.weights)


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(scored_table())
def test_per_respondent_equals_row_by_row(case):
    scale, scoring, data, weights = case
    rows = _rows(data, weights)
    for label, row in data.iterrows():
        assert rows[label] == pytest.approx(sum(weights[c] * row[c] for c in data.columns), abs=1e-9)


# -- distribution_degree -----------------------------------------------------

def test_distribution_degree_by_hand():
    # 10 很满意 (7), 30 满意 (6), 10 一般 (4): (70 + 180 + 40) / 50 = 5.8
    assert distribution_degree({"很满意": 10, "满意": 30, "一般": 10}).degree == 5.8
    # same on sources: (10*60 + 30*40 + 10*0) / 50 = 36
    assert distribution_degree({"很满意": 10, "满意": 30, "一般": 10}, scoring="sources").degree == 36.0


def test_same_rate_different_degree():
    # both 80 % top-2-box; the first satisfied group is all 很满意, the second all 满意,
    # and the rest differ: (80*7 + 20*4)/100 = 6.4 vs (80*6 + 20*1)/100 = 5.0
    a = [0, 0, 0, 20, 0, 0, 80]
    b = [20, 0, 0, 0, 0, 80, 0]
    assert distribution_degree(a).degree == 6.4 and distribution_degree(b).degree == 5.0


def test_distribution_degree_from_level_distribution_and_data_agree():
    d = level_distribution(pd.Series([7, 6, 6, 4, 1]))
    # (7 + 6 + 6 + 4 + 1) / 5 = 4.8
    assert distribution_degree(d).degree == pytest.approx(4.8)


@pytest.mark.parametrize(
    "dist, match",
    [
        ([1, 2, 3], "expected 7 counts"),
        ({"满意": -1}, "0 or more"),
        ({"满意": "3"}, "0 or more"),
        ({"满意": 0}, "no respondents"),
        ({"meh": 3}, "not a level"),
        (pd.DataFrame({"rank": [6, 6], "count": [1, 2]}), "counted twice"),
        (pd.DataFrame({"n": [1]}), "unknown item name"),
        (42, "expected counts"),
    ],
)
def test_distribution_degree_errors(dist, match):
    with pytest.raises(CsatInputError, match=match):
        distribution_degree(dist)


def test_distribution_degree_returns_what_satisfaction_degree_returns():
    # 10 很满意, 30 满意, 10 一般 as counts and as the 50 answers themselves
    from_counts = distribution_degree({"很满意": 10, "满意": 30, "一般": 10})
    from_answers = satisfaction_degree(pd.DataFrame({"q": [7] * 10 + [6] * 30 + [4] * 10}))
    assert type(from_counts) is type(from_answers) is DegreeResult
    for field in ("degree", "degree_100"):
        assert getattr(from_counts, field) == pytest.approx(getattr(from_answers, field))
    for field in ("level", "respondents", "normalized", "scale", "scoring"):
        assert getattr(from_counts, field) == getattr(from_answers, field)
    assert from_counts.excluded.count == 0
    assert from_counts.weights.to_dict() == pytest.approx(
        {"很不满意": 0, "不满意": 0, "不太满意": 0, "一般": 0.2, "较满意": 0, "满意": 0.6, "很满意": 0.2})
