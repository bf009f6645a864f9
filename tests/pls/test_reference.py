"""fit_pls reproduces R plspm's published outputs on the bank `satisfaction` data.

The expected numbers are R plspm's (files in tests/pls/reference, see NOTICE.md):
model IMAG -> EXPE, SAT, LOY; EXPE -> QUAL, VAL, SAT; QUAL -> VAL, SAT; VAL -> SAT;
SAT -> LOY, Mode A, scaled=False, centroid scheme unless a test says otherwise.
Tolerance: 1e-6 relative (the issue's bar); zeros (exogenous R², redundancy) 1e-12 absolute.
"""

from __future__ import annotations

import filecmp
import math

import numpy as np
import pandas as pd
import pytest

from csat_examples.pls import ECSI, fit_pls, model_from_dict

RTOL = 1e-6
ATOL = 1e-12


@pytest.fixture(scope="module")
def fit(bank, r_model):
    return fit_pls(bank, r_model, scaled=False, scheme="centroid")


def read(reference_dir, name, **kw):
    return pd.read_csv(reference_dir / name, **kw)


def test_bank_data_is_the_r_data(bank, reference_dir):
    r_data = read(reference_dir, "satisfaction.csv", index_col=0)
    items = [c for c in r_data.columns if c != "gender"]
    np.testing.assert_array_equal(bank[items].to_numpy(float), r_data[items].to_numpy(float))


def test_copy_matches_shared_folder(copy_dir, shared_dir):
    if not shared_dir.is_dir():
        pytest.skip("../shared/datasets/plspm-satisfaction is absent: nothing to compare the copy with")
    shared = sorted(shared_dir.glob("*.csv"))
    assert shared
    for path in shared:
        assert filecmp.cmp(path, copy_dir / path.name, shallow=False), path.name


def test_scores(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.scores.csv")
    np.testing.assert_allclose(fit.scores[ref.columns].to_numpy(), ref.to_numpy(), rtol=RTOL, atol=ATOL)


def test_outer_model(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.outer-model.csv", index_col=0)
    ours = fit.outer_model.set_index("item").loc[ref.index]
    assert ours["construct"].tolist() == ref["block"].tolist()
    for col in ("weight", "loading", "communality", "redundancy"):
        np.testing.assert_allclose(ours[col], ref[col], rtol=RTOL, atol=ATOL, err_msg=col)


def test_crossloadings(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.crossloadings.csv", index_col=0)
    ours = fit.crossloadings.set_index("item").loc[ref.index]
    constructs = [c for c in ref.columns if c != "block"]
    np.testing.assert_allclose(ours[constructs], ref[constructs], rtol=RTOL, atol=ATOL)


def test_inner_model_of_sat(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.inner-model.csv", index_col=0)
    ours = fit.inner_model.query("to == 'SAT'").set_index("from").loc[ref.index]
    np.testing.assert_allclose(ours[["estimate", "std_error", "t_value", "p_value"]].to_numpy(),
                               ref.to_numpy(), rtol=RTOL)


def test_inner_summary(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.inner-summary.csv", index_col=0)
    ours = fit.inner_summary.set_index("construct").loc[ref.index]
    assert ours["type"].tolist() == ref["type"].tolist()
    for col in ("r_squared", "block_communality", "mean_redundancy", "ave"):
        np.testing.assert_allclose(ours[col], ref[col], rtol=RTOL, atol=ATOL, err_msg=col)


def test_adjusted_r_squared_by_hand(fit):
    # R²_adj = 1 - (1 - R²)(n - 1)/(n - k - 1): SAT has k = 4 predecessors, n = 250.
    row = fit.inner_summary.set_index("construct").loc["SAT"]
    assert row.r_squared_adj == pytest.approx(1 - (1 - row.r_squared) * 249 / 245, rel=1e-12)


def test_effects(fit, reference_dir):
    ref = read(reference_dir, "satisfaction.effects.csv", index_col=0)
    assert list(zip(fit.effects["from"], fit.effects["to"])) == list(zip(ref["from"], ref["to"]))
    np.testing.assert_allclose(fit.effects[["direct", "indirect", "total"]].to_numpy(),
                               ref[["direct", "indirect", "total"]].to_numpy(), rtol=RTOL, atol=ATOL)


def test_unidimensionality(fit, reference_dir):
    ref = read(reference_dir, "satisfaction_unidim.csv", index_col=0)
    ours = fit.unidimensionality.set_index("construct").loc[ref.index]
    assert ours["mode"].tolist() == ref["mode"].tolist()
    cols = ["mvs", "cronbach_alpha", "dillon_goldstein_rho", "eig_1st", "eig_2nd"]
    np.testing.assert_allclose(ours[cols].to_numpy(float), ref[cols].to_numpy(float), rtol=RTOL)


def test_goodness_of_fit(fit):
    assert math.isclose(fit.gof, 0.609741624338411, rel_tol=RTOL)


@pytest.mark.parametrize("scheme", ["factorial", "path"])
def test_outer_model_other_schemes(bank, r_model, reference_dir, scheme):
    ref = read(reference_dir, f"satisfaction.outer-model-{scheme}.csv", index_col=0)
    ours = fit_pls(bank, r_model, scaled=False, scheme=scheme).outer_model.set_index("item").loc[ref.index]
    for col in ("weight", "loading", "communality", "redundancy"):
        np.testing.assert_allclose(ours[col], ref[col], rtol=RTOL, atol=ATOL, err_msg=col)


def test_mode_b_inner_summary(bank, r_model, reference_dir):
    ref = read(reference_dir, "satisfaction.modeb.inner-summary.csv", index_col=0)
    model_b = model_from_dict(r_model.paths, dict(r_model.blocks), "B")
    ours = fit_pls(bank, model_b, scaled=False).inner_summary.set_index("construct").loc[ref.index]
    np.testing.assert_allclose(ours["r_squared"], ref["r_squared"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours["block_communality"], ref["block_communality"], rtol=RTOL)
    np.testing.assert_allclose(ours["mean_redundancy"], ref["mean_Redundancy"], rtol=RTOL, atol=ATOL)
    # R shows NA for the AVE of formative blocks; so do we.
    assert ours["ave"].isna().all() and ref["ave"].isna().all()


def test_ecsi_spec_without_complaints_is_the_r_model(bank, fit):
    # ECSI minus complaints has exactly the R model's arrows, so the paths must agree.
    ecsi = fit_pls(bank, ECSI.drop("complaints"), scaled=False)
    names = dict(zip(ecsi.model.constructs, fit.model.constructs))
    renamed = ecsi.path_coefficients.rename(index=names, columns=names)
    np.testing.assert_allclose(renamed.to_numpy(), fit.path_coefficients.to_numpy(), rtol=1e-12, atol=1e-15)


def test_scaled_true_is_scaled_false_on_standardised_items(bank, r_model):
    # scaled=True only standardises the items (population sd) before the same algorithm,
    # so on items standardised by hand the two settings must agree.
    items = list(fit_pls(bank, r_model).outer_model["item"])
    z = (bank[items] - bank[items].mean()) / bank[items].std(ddof=0)
    a = fit_pls(z, r_model, scaled=False)
    b = fit_pls(bank, r_model, scaled=True)
    np.testing.assert_allclose(a.scores.to_numpy(), b.scores.to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.outer_model["weight"], b.outer_model["weight"], rtol=1e-9)
