"""csi_index and IPMA against hand computations from R's published weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csat_examples.errors import CsatInputError
from csat_examples.pls import csi_index, fit_pls, ipma, rescaled_scores


@pytest.fixture(scope="module")
def fit(bank, r_model):
    return fit_pls(bank, r_model, scaled=False)


def test_csi_index_from_r_weights(fit, bank, reference_dir):
    # ACSI method by hand: R plspm's SAT weights (scaled=False, so on the raw 0-10 items)
    # normalised to sum 1, applied to the item means, rescaled (mean - 0)/(10 - 0) * 100.
    om = pd.read_csv(reference_dir / "satisfaction.outer-model.csv", index_col=0)
    w = om.loc[om.block == "SAT", "weight"]
    expected = float((w / w.sum() * bank[w.index].mean()).sum()) / 10 * 100
    assert csi_index(fit, "SAT", scale=(0, 10)) == pytest.approx(expected, rel=1e-9)
    # a weighted mean with non-negative weights lies between the smallest and largest item mean
    means = bank[w.index].mean() * 10
    assert means.min() <= expected <= means.max()


def test_scaled_fit_uses_raw_weights(bank, r_model):
    # With standardised estimation the raw-scale weight is w / sd; the index must equal the
    # hand formula with those weights.
    res = fit_pls(bank, r_model, scaled=True)
    om = res.outer_model.query("construct == 'SAT'").set_index("item")
    raw = om["weight"] / bank[om.index].std(ddof=0)
    expected = float((raw / raw.sum() * bank[om.index].mean()).sum()) * 10
    assert csi_index(res, "SAT", scale=(0, 10)) == pytest.approx(expected, rel=1e-9)


def test_negative_weight_is_refused(bank, r_model):
    data = bank.copy()
    data["sat3"] = 10 - data["sat3"]  # a reverse-coded item
    res = fit_pls(data, r_model, scaled=False)
    with pytest.raises(CsatInputError, match="negative outer weight") as err:
        csi_index(res, "SAT", scale=(0, 10))
    assert err.value.column == "sat3"


def test_answers_outside_the_scale_are_refused(fit):
    with pytest.raises(CsatInputError):
        csi_index(fit, "SAT", scale=(1, 10))  # the bank data has answers of 0
    with pytest.raises(CsatInputError, match="minimum"):
        csi_index(fit, "SAT", scale=(10, 0))
    with pytest.raises(CsatInputError, match="unknown construct"):
        csi_index(fit, "PRICE", scale=(0, 10))


def test_ipma_matches_regression_on_rescaled_scores(fit):
    table = ipma(fit, "SAT", scale=(0, 10)).set_index("construct")
    assert list(table.index) == ["IMAG", "EXPE", "QUAL", "VAL"]
    s = rescaled_scores(fit, scale=(0, 10))
    # VAL reaches SAT only directly: its importance is its coefficient in the unstandardised
    # regression of SAT's 0-100 score on its four predecessors' 0-100 scores.
    x = np.column_stack([np.ones(len(s)), s[["IMAG", "EXPE", "QUAL", "VAL"]]])
    beta = np.linalg.lstsq(x, s["SAT"], rcond=None)[0]
    assert table.loc["VAL", "importance"] == pytest.approx(beta[4], rel=1e-9)
    # performance is the construct's 0-100 index
    assert table.loc["QUAL", "performance"] == pytest.approx(csi_index(fit, "QUAL", scale=(0, 10)), rel=1e-12)
    # total_effect is the standardised one of the effects table (R: IMAG -> SAT 0.490971137879492)
    assert table.loc["IMAG", "total_effect"] == pytest.approx(0.490971137879492, rel=1e-6)


def test_ipma_of_an_exogenous_target_is_refused(fit):
    with pytest.raises(CsatInputError, match="no construct leads"):
        ipma(fit, "IMAG", scale=(0, 10))


def test_ipma_feeds_the_ipa_quadrants(fit):
    from csat_examples.ipa import ipa

    table = ipa(ipma(fit, "LOY", scale=(0, 10)), item="construct")
    assert set(table["construct"]) == {"IMAG", "EXPE", "QUAL", "VAL", "SAT"}
    assert set(table["quadrant"]) <= {"concentrate_here", "keep_up_good_work", "low_priority", "possible_overkill"}
    # R's effects table: IMAG -> LOY has the largest total effect on LOY (0.518, SAT 0.495);
    # IMAG is also the most important in 0-100 points, so it sits on the important side.
    top = table.set_index("construct")
    assert top["total_effect"].idxmax() == "IMAG" == top["importance"].idxmax()
    assert top.loc["IMAG", "quadrant"] in {"concentrate_here", "keep_up_good_work"}
