"""Bootstrap: seeded, honest about failed resamples, consistent with the analytic errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csat_examples.pls import fit_pls


@pytest.fixture(scope="module")
def boot(bank, r_model):
    return fit_pls(bank, r_model, scaled=False, bootstrap=300, seed=42)


def test_same_seed_same_table(bank, r_model, boot):
    again = fit_pls(bank, r_model, scaled=False, bootstrap=300, seed=42)
    pd.testing.assert_frame_equal(again.bootstrap.table, boot.bootstrap.table)
    other = fit_pls(bank, r_model, scaled=False, bootstrap=300, seed=43)
    assert not np.allclose(other.bootstrap.table["std_error"], boot.bootstrap.table["std_error"])


def test_table_shape_and_originals(boot):
    b = boot.bootstrap
    assert b.resamples == 300 and b.failed == 0 and b.confidence == 0.95
    t = b.table
    # 27 weights + 27 loadings + 10 paths + 15 total effects + 5 R²
    assert t.groupby("parameter", sort=False).size().to_dict() == {
        "weight": 27, "loading": 27, "path": 10, "total_effect": 15, "r_squared": 5}
    paths = t.query("parameter == 'path'").set_index("name")["original"]
    assert paths["VAL -> SAT"] == pytest.approx(0.589330650016017, rel=1e-9)  # R plspm estimate
    assert (t["ci_low"] <= t["ci_high"]).all()


def test_bootstrap_errors_agree_with_ols_errors(boot):
    # The inner regressions' analytic standard errors (R's lm) and the bootstrap's should be
    # of the same size for these well-behaved paths.
    t = boot.bootstrap.table.query("parameter == 'path' and name.str.endswith('-> SAT')").set_index("name")
    ols = boot.inner_model.query("to == 'SAT'").set_index("from")["std_error"]
    ratio = np.array([t.loc[f"{k} -> SAT", "std_error"] / ols[k] for k in ols.index])
    assert ((ratio > 0.6) & (ratio < 1.7)).all(), ratio


def test_significant_paths_have_intervals_away_from_zero(boot):
    t = boot.bootstrap.table.set_index(["parameter", "name"])
    assert t.loc[("path", "VAL -> SAT"), "ci_low"] > 0.3  # t = 9.8 in R's regression
    low, high = t.loc[("path", "EXPE -> SAT"), ["ci_low", "ci_high"]]  # t = -0.04
    assert low < 0 < high


def test_failed_resamples_are_counted(bank, r_model):
    # An item answered 10 by everyone but 2 people is constant in many resamples:
    # those resamples cannot be estimated and must be counted, not hidden.
    data = bank.copy()
    data["loy4"] = 10
    data.loc[data.index[:2], "loy4"] = 9
    res = fit_pls(data, r_model, bootstrap=60, seed=1)
    b = res.bootstrap
    assert b.failed > 0 and b.resamples + b.failed == 60
