"""Scales, levels, scorings, banding at every edge, and label decoding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.errors import CsatInputError
from csat_examples.scales import (
    FIVE_LEVEL,
    SCORINGS,
    SEVEN_LEVEL,
    Level,
    get_scale,
    level_of,
    rescore,
    score_of,
    to_ranks,
)

BOTH = [SEVEN_LEVEL, FIVE_LEVEL]


def test_seven_levels_in_the_sources_order():
    assert [lv.zh for lv in SEVEN_LEVEL.levels] == [
        "很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意"
    ]
    assert [lv.rank for lv in SEVEN_LEVEL.levels] == list(range(1, 8))
    assert SEVEN_LEVEL.k == 7


def test_five_levels_are_the_seven_without_the_two_mild_ones():
    assert [lv.zh for lv in FIVE_LEVEL.levels] == ["很不满意", "不满意", "一般", "满意", "很满意"]
    assert [lv.rank for lv in FIVE_LEVEL.levels] == [1, 2, 3, 4, 5]


def test_every_level_has_english_name_and_signs_in_both_languages():
    for scale in BOTH:
        for lv in scale.levels:
            assert lv.en and lv.signs_en and lv.signs_zh
            assert all(s for s in lv.signs_en + lv.signs_zh)
    # Seed 004's signs of the lowest and highest level.
    assert SEVEN_LEVEL.levels[0].signs_zh[:4] == ("愤慨", "恼怒", "投诉", "反宣传")
    assert SEVEN_LEVEL.levels[-1].signs_zh[:3] == ("激动", "满足", "感谢")


def test_scorings_match_the_sources():
    # seed 004 table 1: -60 .. 60 in steps of 20
    assert SEVEN_LEVEL.scores("sources") == (-60, -40, -20, 0, 20, 40, 60)
    # extension to 5 levels with the same 20-point step
    assert FIVE_LEVEL.scores("sources") == (-40, -20, 0, 20, 40)
    assert SEVEN_LEVEL.scores("likert") == (1, 2, 3, 4, 5, 6, 7)
    # (rank-1)/6*100 for rank 2: 16.67
    assert SEVEN_LEVEL.scores("0-100")[1] == pytest.approx(100 / 6)
    assert FIVE_LEVEL.scores("0-100") == (0, 25, 50, 75, 100)


def test_score_of_accepts_level_names_ranks_and_objects():
    assert score_of("满意", scoring="sources") == 40
    assert score_of("SATISFIED", scoring="sources") == 40
    assert score_of("滿意", scoring="sources") == 40  # traditional characters (seed 000)
    assert score_of(SEVEN_LEVEL.levels[5], scoring="sources") == 40
    assert score_of(6, scoring="sources") == 40
    assert score_of("满意", scale="5-level", scoring="likert") == 4
    # the 7-level Level object of 满意 also names 满意 on the 5-level scale
    assert score_of(SEVEN_LEVEL.levels[5], scale="5-level") == 4


@pytest.mark.parametrize("bad", ["不太满意", 0, 6, True, 2.5, None])
def test_score_of_rejects_levels_the_scale_lacks(bad):
    with pytest.raises(CsatInputError) as info:
        score_of(bad, scale="5-level")
    assert info.value.argument == "level" and "Fix:" in str(info.value)


@pytest.mark.parametrize("scale", BOTH, ids=lambda s: s.name)
@pytest.mark.parametrize("scoring", SCORINGS)
def test_level_of_at_every_band_edge(scale, scoring):
    scores = scale.scores(scoring)
    edges = scale.band_edges(scoring)
    assert len(edges) == scale.k - 1
    for j, edge in enumerate(edges):
        # the edge is the midpoint of the two neighbouring level scores
        assert edge == pytest.approx((scores[j] + scores[j + 1]) / 2)
        assert level_of(edge, scale=scale, scoring=scoring).rank == j + 2  # on the edge: the higher level
        below = np.nextafter(edge - 1e-6 * (scores[-1] - scores[0]), -np.inf)
        assert level_of(below, scale=scale, scoring=scoring).rank == j + 1
    for lv, s in zip(scale.levels, scores):
        assert level_of(s, scale=scale, scoring=scoring) == lv
    assert level_of(scores[0], scale=scale, scoring=scoring).rank == 1
    assert level_of(scores[-1], scale=scale, scoring=scoring).rank == scale.k


@pytest.mark.parametrize("scale", BOTH, ids=lambda s: s.name)
@pytest.mark.parametrize("scoring", SCORINGS)
def test_level_of_rejects_scores_outside_the_range(scale, scoring):
    low, high = scale.score_range(scoring)
    for bad in (low - 0.01, high + 0.01):
        with pytest.raises(CsatInputError, match="outside") as info:
            level_of(bad, scale=scale, scoring=scoring)
        assert info.value.argument == "score" and info.value.value == bad


def test_level_of_seed004_figures():
    # seed 004: simple mean 23.3 -> 较满意, weighted 40 -> 满意
    assert level_of(23.3, scale="7-level", scoring="sources").zh == "较满意"
    assert level_of(40, scale="7-level", scoring="sources").zh == "满意"


def test_level_of_edge_tolerance_absorbs_rounding():
    # (4.5 - 1) / 6 * 100 is the 0-100 edge between 一般 and 较满意, computed another way
    x = rescore(4.5, scale="7-level", from_scoring="likert", to_scoring="0-100")
    assert level_of(x, scale="7-level", scoring="0-100").zh == "较满意"


@pytest.mark.parametrize("bad", ["5", float("nan"), float("inf"), None, True])
def test_level_of_rejects_non_numbers(bad):
    with pytest.raises(CsatInputError):
        level_of(bad)


def test_unknown_scale_and_scoring():
    with pytest.raises(CsatInputError, match="unknown scale"):
        get_scale("3-level")
    with pytest.raises(CsatInputError, match="unknown scoring") as info:
        level_of(3, scoring="percent")
    assert info.value.argument == "scoring"


def test_rescore_keeps_type_and_does_not_modify():
    df = pd.DataFrame({"q1": [1, 7], "q2": [4.0, np.nan]})
    before = df.copy()
    out = rescore(df, scale="7-level", from_scoring="likert", to_scoring="sources")
    assert isinstance(out, pd.DataFrame)
    assert out["q1"].tolist() == [-60.0, 60.0]
    assert out["q2"].iloc[0] == 0.0 and np.isnan(out["q2"].iloc[1])
    pd.testing.assert_frame_equal(df, before)
    assert isinstance(rescore(3, scale="5-level", from_scoring="likert", to_scoring="0-100"), float)


def test_rescore_rejects_out_of_range():
    with pytest.raises(CsatInputError, match="outside"):
        rescore(8, scale="7-level", from_scoring="likert", to_scoring="sources")
    with pytest.raises(CsatInputError) as info:
        rescore(pd.Series([1, 9], name="q1"), scale="7-level", from_scoring="likert", to_scoring="sources")
    assert (info.value.row, info.value.column, info.value.value) == (1, "q1", 9)


@settings(deadline=None)
@given(
    scale=st.sampled_from(BOTH),
    codes=st.lists(st.one_of(st.none(), st.integers(1, 7), st.floats(1, 7)), min_size=1, max_size=30),
    integer=st.booleans(),
)
def test_rescore_likert_to_likert_is_the_formula_bit_for_bit(scale, codes, integer):
    """The likert-to-likert shortcut returns what a2 + b2 (x - a1) / b1 returns: same bits, dtypes, labels."""
    values = [None if c is None else min(c, scale.k) for c in codes]
    if integer:
        frame = pd.DataFrame({"q1": pd.array([None if v is None else int(v) for v in values], dtype="Int64")},
                             index=[f"r{i}" for i in range(len(values))])
    else:
        frame = pd.DataFrame({"q1": pd.array(values, dtype=float), "q2": pd.array(values[::-1], dtype=float)})
    before = frame.copy()
    a, b = scale._line("likert")
    for data in (frame, frame.iloc[:, 0]):
        out = rescore(data, scale=scale, from_scoring="likert", to_scoring="likert")
        full = a + b * (data.astype(float) - a) / b
        assert type(out) is type(full)
        if isinstance(out, pd.DataFrame):
            pd.testing.assert_frame_equal(out, full, check_exact=True)
        else:
            pd.testing.assert_series_equal(out, full, check_exact=True)
        np.testing.assert_array_equal(out.to_numpy().view(np.int64), full.to_numpy().view(np.int64))
    pd.testing.assert_frame_equal(frame, before)


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(
    scale=st.sampled_from(BOTH),
    a=st.sampled_from(SCORINGS),
    b=st.sampled_from(SCORINGS),
    u=st.floats(0, 1),
)
def test_rescore_round_trip_and_same_level(scale, a, b, u):
    low, high = scale.score_range(a)
    x = low + u * (high - low)
    y = rescore(x, scale=scale, from_scoring=a, to_scoring=b)
    assert rescore(y, scale=scale, from_scoring=b, to_scoring=a) == pytest.approx(x, abs=1e-9)
    lo_b, hi_b = scale.score_range(b)
    assert lo_b - 1e-9 <= y <= hi_b + 1e-9
    # the band edges are at the same relative positions in every scoring
    assert level_of(x, scale=scale, scoring=a) == level_of(min(max(y, lo_b), hi_b), scale=scale, scoring=b)


def test_to_ranks_labels_codes_and_blanks():
    s = pd.Series(["很不满意", "Very Satisfied ", "較滿意", "", None, "3", 5], index=list("abcdefg"), name="overall")
    out = to_ranks(s)
    assert out.index.tolist() == list("abcdefg") and out.name == "overall"
    np.testing.assert_array_equal(out.to_numpy(), [1, 7, 5, np.nan, np.nan, 3, 5])


def test_to_ranks_numeric_codes_and_frames():
    df = pd.DataFrame({"q1": [1, 5], "q2": [2.0, np.nan]})
    out = to_ranks(df, scale="5-level")
    assert out.columns.tolist() == ["q1", "q2"]
    np.testing.assert_array_equal(out.to_numpy(), [[1, 2], [5, np.nan]])


@pytest.mark.parametrize(
    "values, scale, row, value",
    [
        (pd.Series(["满意", "meh"], index=["x", "y"], name="q"), "7-level", "y", "meh"),
        (pd.Series(["满意", "不太满意"], name="q"), "5-level", 1, "不太满意"),
        (pd.Series([1, 8], name="q"), "7-level", 1, 8),
        (pd.Series([1.0, 2.5], name="q"), "7-level", 1, 2.5),
        (pd.Series([3, 0], name="q"), "5-level", 1, 0),
        (pd.Series(["1", "9"], name="q"), "7-level", 1, "9"),
    ],
)
def test_to_ranks_errors_name_row_column_value(values, scale, row, value):
    with pytest.raises(CsatInputError) as info:
        to_ranks(values, scale=scale, argument="responses")
    err = info.value
    assert (err.argument, err.row, err.column, err.value) == ("responses", row, "q", value)
    assert "Fix:" in str(err)


def test_to_ranks_rejects_booleans_and_non_pandas():
    with pytest.raises(CsatInputError):
        to_ranks(pd.Series([True, False]))
    with pytest.raises(CsatInputError, match="Series"):
        to_ranks(["满意"])


def test_level_objects_are_accepted_by_to_ranks():
    assert to_ranks(pd.Series([SEVEN_LEVEL.levels[2]])).tolist() == [3.0]
    assert isinstance(level_of(1), Level)
