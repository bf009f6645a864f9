"""Invariants of fit_pls: standardised scores, fixed signs, order independence; full ECSI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.pls import ECSI, fit_pls, implied_r_squared, simulate

COEF = 0.3


@pytest.fixture(scope="module")
def ecsi_data() -> pd.DataFrame:
    return simulate(ECSI, COEF, n=5000, items=5, loading=0.9, seed=2026)


@pytest.fixture(scope="module")
def ecsi_fit(ecsi_data):
    return fit_pls(ecsi_data, ECSI)


def test_full_ecsi_recovers_the_generating_paths(ecsi_fit):
    # Data drawn with every path = 0.3 (7 constructs, 12 paths). PLS is consistent only as
    # blocks grow ("consistency at large"), so with 5 items of loading 0.9 a bias of a few
    # hundredths remains: we ask for every path within 0.06 of 0.3.
    est = np.array([ecsi_fit.path_coefficients.loc[a, b] for a, b in ECSI.paths])
    assert len(est) == 12
    assert np.abs(est - COEF).max() < 0.06


def test_full_ecsi_r_squared_close_to_implied(ecsi_fit):
    implied = implied_r_squared(ECSI, COEF).r_squared
    np.testing.assert_allclose(ecsi_fit.r_squared().to_numpy(), implied.to_numpy(), atol=0.08)


def test_scores_are_standardised(ecsi_fit):
    s = ecsi_fit.scores
    np.testing.assert_allclose(s.mean().to_numpy(), 0, atol=1e-12)
    np.testing.assert_allclose(s.var(ddof=0).to_numpy(), 1, rtol=1e-12)


def test_loadings_all_positive_for_a_clean_model(ecsi_fit):
    assert (ecsi_fit.outer_model["loading"] > 0.8).all()


def test_reverse_coded_block_keeps_positive_loadings(ecsi_data, ecsi_fit):
    # Reverse-coding every item of 'satisfaction' makes the block measure dissatisfaction:
    # the sign rule keeps its loadings positive, so every path into or out of it changes
    # sign and all other paths stay as they were.
    flipped = ecsi_data.copy()
    sat = list(ecsi_fit.model.blocks["satisfaction"])
    flipped[sat] = -flipped[sat]
    res = fit_pls(flipped, ECSI)
    om = res.outer_model.query("construct == 'satisfaction'")
    assert (om["loading"] > 0).all()
    names = list(ecsi_fit.model.constructs)
    sign = np.where(np.array(names) == "satisfaction", -1.0, 1.0)
    expected = ecsi_fit.path_coefficients.to_numpy() * np.outer(sign, sign)
    np.testing.assert_allclose(res.path_coefficients.to_numpy(), expected, atol=1e-10)


def test_one_reversed_item_keeps_the_score(ecsi_data, ecsi_fit):
    # Mode A: a reversed item's weight (a covariance) just changes sign, the score is unchanged.
    # (The unit starting weights differ, so both fits iterate to a tight tolerance.)
    data = ecsi_data.copy()
    data["sat2"] = -data["sat2"]
    res = fit_pls(data, ECSI, tol=1e-20)
    base = fit_pls(ecsi_data, ECSI, tol=1e-20)
    np.testing.assert_allclose(res.scores.to_numpy(), base.scores.to_numpy(), atol=1e-10)
    om = res.outer_model.set_index("item")
    assert om.loc["sat2", "loading"] < 0 < om.loc["sat1", "loading"]


def _same(a, b) -> None:
    for name in ("outer_model", "inner_model", "effects", "inner_summary", "unidimensionality"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=False, rtol=1e-10,
                                      atol=1e-12)
    assert a.gof == pytest.approx(b.gof, rel=1e-12)


@pytest.fixture(scope="module")
def small():
    data = simulate(ECSI, COEF, n=300, items=3, seed=7, scale=(1, 10))
    data.insert(0, "respondent", range(len(data)))
    return data, fit_pls(data, ECSI)


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_column_order_does_not_matter(small, rnd):
    data, base = small
    cols = list(data.columns)
    rnd.shuffle(cols)
    _same(fit_pls(data[cols], ECSI), base)


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_row_order_does_not_matter(small, rnd):
    data, base = small
    rows = list(range(len(data)))
    rnd.shuffle(rows)
    _same(fit_pls(data.iloc[rows], ECSI), base)


@settings(max_examples=10, deadline=None)
@given(scale=st.floats(0.1, 50), shift=st.floats(-100, 100))
def test_scaled_fit_ignores_item_units(small, scale, shift):
    # Standardising removes any positive linear change of the answer scale.
    data, base = small
    items = list(base.outer_model["item"])
    moved = data.copy()
    moved[items] = moved[items] * scale + shift
    _same(fit_pls(moved, ECSI), base)


def test_callers_data_is_not_modified(small):
    data, _ = small
    data = data.copy()
    data.iloc[0, 1] = np.nan
    before = data.copy()
    fit_pls(data, ECSI, missing="mean")
    pd.testing.assert_frame_equal(data, before)
