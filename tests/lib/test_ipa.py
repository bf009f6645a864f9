"""Importance-performance analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.errors import CsatInputError
from csat_examples.ipa import QUADRANTS, Crosshair, crosshair_of, ipa
from csat_examples.terms import label


def items() -> pd.DataFrame:
    return pd.DataFrame({
        "item": ["repairs", "response", "courtesy", "lifts", "notices"],
        "importance": [30.0, 26.0, 17.0, 14.0, 13.0],
        "performance": [5.0, 4.8, 5.3, 5.4, 4.9],
    })


def test_mean_crosshair_by_hand():
    # mean importance (30+26+17+14+13)/5 = 20; mean performance (5.0+4.8+5.3+5.4+4.9)/5 = 5.08
    out = ipa(items())
    assert out.attrs["crosshair"] == {"importance": 20.0, "performance": pytest.approx(5.08)}
    assert out["quadrant"].tolist() == [
        "concentrate_here",   # 30 >= 20, 5.0 < 5.08
        "concentrate_here",   # 26, 4.8
        "possible_overkill",  # 17 < 20, 5.3 >= 5.08
        "possible_overkill",  # 14, 5.4
        "low_priority",       # 13, 4.9
    ]


def test_midpoint_crosshair_changes_the_verdict():
    # scale midpoints: importance (0+100)/2 = 50, performance (1+7)/2 = 4: every item performs "high"
    out = ipa(items(), crosshair="midpoint", scale={"importance": (0, 100), "performance": (1, 7)})
    assert set(out["quadrant"]) == {"possible_overkill"}
    # a named scale gives Likert 1..7 on both axes: crosshair (4, 4)
    assert crosshair_of(items(), crosshair="midpoint", scale="7-level") == Crosshair(4.0, 4.0)
    out = ipa(items(), crosshair=(20.0, 5.0))
    assert out["quadrant"].tolist()[0] == "keep_up_good_work"  # 5.0 on the line counts as high


def test_custom_column_names_and_no_mutation():
    df = items().rename(columns={"item": "dim", "importance": "imp", "performance": "perf"})
    before = df.copy()
    out = ipa(df, item="dim", importance="imp", performance="perf")
    pd.testing.assert_frame_equal(df, before)
    assert "quadrant" not in df and out["quadrant"].iloc[0] == "concentrate_here"


def test_quadrant_labels_exist():
    for key in QUADRANTS.values():
        assert label(key, "en") and label(key, "zh")
    assert label("concentrate_here") == "Concentrate here"


def test_bad_input():
    df = items()
    with pytest.raises(CsatInputError, match=r"data: unknown item name.*'weight'"):
        ipa(df, importance="weight")
    bad = df.astype({"performance": object})
    bad.loc[2, "performance"] = "good"
    with pytest.raises(CsatInputError, match=r"not a number.*row 2.*'performance'.*'good'"):
        ipa(bad)
    blank = df.copy()
    blank.loc[3, "importance"] = np.nan
    with pytest.raises(CsatInputError, match=r"missing value.*row 3.*'importance'"):
        ipa(blank)
    with pytest.raises(CsatInputError, match=r"scale: the midpoint crosshair needs"):
        ipa(df, crosshair="midpoint")
    with pytest.raises(CsatInputError, match=r"crosshair: unknown crosshair rule.*'median'"):
        ipa(df, crosshair="median")
    with pytest.raises(CsatInputError, match="data: no rows"):
        ipa(df.iloc[:0])


finite = st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=30))
def test_quadrant_consistent_with_crosshair(points):
    df = pd.DataFrame({"item": [f"i{k}" for k in range(len(points))],
                       "importance": [a for a, _ in points], "performance": [b for _, b in points]})
    out = ipa(df)
    x, y = out.attrs["crosshair"]["importance"], out.attrs["crosshair"]["performance"]
    for _, row in out.iterrows():
        high_imp = row["importance"] >= x
        high_perf = row["performance"] >= y
        assert row["quadrant"] == QUADRANTS[(high_imp, high_perf)]


def test_derived_importance_matches_pandas_corrwith():
    from csat_examples.ipa import derived_importance

    rng = np.random.default_rng(3)
    items = pd.DataFrame(rng.integers(1, 8, size=(5000, 6)).astype(float), columns=[f"q{i}" for i in range(6)])
    items["flat"] = 4.0  # no spread: NaN, as corrwith gives
    target = items.iloc[:, :6].mean(axis=1) + rng.normal(0, 1, len(items))
    got = derived_importance(items, target)
    expected = items.corrwith(target)
    assert list(got.index) == list(items.columns)
    assert np.isnan(got["flat"]) and np.isnan(expected["flat"])
    np.testing.assert_allclose(got.to_numpy()[:6], expected.to_numpy()[:6], rtol=0, atol=1e-12)
