"""The bundled data sets: shapes, published figures, provenance notes, and that
the committed property survey equals its generator's output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csat_examples import datasets
from csat_examples.datasets import property_survey as ps
from csat_examples.errors import CsatInputError
from csat_examples.terms import label

ITEMS = [f"{p}{i}" for p in ("p_", "e_") for i in ps.ITEM_IDS]


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return datasets.load("property_survey")


def test_every_name_loads_and_has_a_notice_with_licence():
    for name in datasets.names():
        if name == "seed004":
            continue  # comes from LIB-A's module; checked separately below
        frame = datasets.load(name)
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
        note = datasets.describe(name)
        assert "Licence" in note and "Provenance" in note or "How it was made" in note


def test_unknown_name_names_argument_and_fix():
    with pytest.raises(CsatInputError, match=r"name: unknown data set .*'nope'.*use one of"):
        datasets.load("nope")
    with pytest.raises(CsatInputError):
        datasets.describe("nope")


def test_load_returns_a_fresh_copy():
    a = datasets.load("aircon_csi_2003")
    a.loc[0, "loyalty"] = -1
    assert datasets.load("aircon_csi_2003").loc[0, "loyalty"] == 65.52


def test_aircon_table_matches_the_decoded_source():
    t = datasets.load("aircon_csi_2003").set_index("brand")
    assert t.shape == (8, 7)
    # seed-facts.md: Haier row 81.29 86.24 86.69 74.80 81.30 65.52; Kelon loyalty 50.46
    assert t.loc["Haier"].drop("brand_zh").tolist() == [81.29, 86.24, 86.69, 74.80, 81.30, 65.52]
    assert t.loc["Kelon", "loyalty"] == 50.46
    assert t.loc["Gree", "brand_zh"] == "格力"


def test_hierarchical_weights_sum_to_one_per_parent():
    t = datasets.load("hierarchical_weights")
    assert list(t.columns[:4]) == ["node", "parent", "weight", "label_zh"]
    sums = t.groupby("parent")["weight"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-12)
    assert t.loc[t["parent"] == "", "node"].tolist() == ["X21", "X22", "X23", "X24", "X25"]
    # seed 001: X322 answering 0.25 within sales quality X22
    row = t.set_index("node").loc["X322"]
    assert (row["parent"], row["weight"], row["label_zh"]) == ("X22", 0.25, "回答")


def test_reasons_customers_leave_sum_to_100():
    t = datasets.load("reasons_customers_leave")
    assert t["percent"].tolist() == [68, 14, 9, 5, 3, 1]
    assert t["percent"].sum() == 100


def test_rater_manager_points_put_tangibles_first_and_sum_to_100():
    t = datasets.load("rater_manager_points")
    assert t["dimension"].tolist() == ["reliability", "assurance", "tangibles", "empathy", "responsiveness"]
    # the points chosen for the sources' finding (managers rank tangibles first): 20 20 35 15 10
    assert t["points"].tolist() == [20, 20, 35, 15, 10]
    assert t["points"].sum() == 100
    assert t.set_index("dimension")["points"].idxmax() == "tangibles"
    assert all(label(d, "zh") for d in t["dimension"])  # every key names a RATER dimension of the terms table
    assert "Illustrative, not measured" in datasets.describe("rater_manager_points")


def test_bank_satisfaction_shape_and_licence():
    t = datasets.load("bank_satisfaction")
    assert t.shape == (250, 28)
    assert t.columns[0] == "imag1" and t.columns[-1] == "gender"
    # first row of the R data set: imag1..imag5 = 8 8 9 5 6
    assert t.iloc[0, :5].tolist() == [8, 8, 9, 5, 6]
    assert "GPL-3" in datasets.describe("bank_satisfaction")


def test_committed_survey_equals_generator(survey):
    pd.testing.assert_frame_equal(survey, ps.generate())


def test_committed_items_and_complaints_equal_generator():
    pd.testing.assert_frame_equal(datasets.load("property_survey_items"), ps.generate_items())
    pd.testing.assert_frame_equal(datasets.load("property_complaints"), ps.generate_complaints())


def test_survey_has_the_contract_columns(survey):
    assert list(survey.columns) == ps.columns()
    assert survey.shape == (800, 43)
    assert survey["respondent_id"].is_unique
    assert sorted(survey["wave"].unique()) == ["2025", "2026"]
    assert survey["month"].nunique() == 12
    assert sorted(survey["building"].unique()) == list("ABCDEF")
    assert survey["respondent_id"].iloc[0] == "2025-0001"


def test_survey_values_are_in_range(survey):
    vals = survey[ITEMS].to_numpy()
    finite = vals[~np.isnan(vals)]
    assert finite.min() >= 1 and finite.max() <= 7 and np.all(finite == np.round(finite))
    imp = survey[[c for c in survey if c.startswith("imp_")]]
    assert (imp.sum(axis=1) == 100).all() and (imp % 5 == 0).all().all()
    assert survey["nps"].between(0, 10).all()
    assert set(survey["overall"]) <= set(ps.SEVEN_LEVELS_ZH)


def test_blanks_are_exactly_the_documented_ones(survey):
    p = survey[[f"p_{i}" for i in ps.ITEM_IDS]].isna().sum().sum()
    e = survey[[f"e_{i}" for i in ps.ITEM_IDS]].isna().sum().sum()
    assert (p, e) == (ps.BLANK_PERCEPTIONS, ps.BLANK_EXPECTATIONS) == (14, 9)
    others = [c for c in survey if c not in ITEMS]
    assert survey[others].isna().sum().sum() == 0
    assert "14 perception cells and 9 expectation cells" in datasets.describe("property_survey")


def test_complaint_causes_are_terms(survey):
    causes = set(survey["complaint_cause"]) - {""}
    causes |= set(datasets.load("property_complaints")["cause"])
    assert causes == set(ps.CAUSES)
    for cause in causes:
        assert label(cause, "zh")


def test_built_in_findings_hold(survey):
    """The properties the NOTICE promises, so chapters can rely on them."""
    p = survey[[f"p_{i}" for i in ps.ITEM_IDS]]
    e = survey[[f"e_{i}" for i in ps.ITEM_IDS]]
    assert (e.mean().to_numpy() > p.mean().to_numpy()).all()
    by_wave = p.groupby(survey["wave"]).mean()
    change = by_wave.loc["2026"] - by_wave.loc["2025"]
    assert change["p_res1"] > 0.2 and change["p_tan2"] < -0.2
    assert np.corrcoef(p.mean(axis=1), survey["nps"])[0, 1] > 0.5
    imp = survey[[f"imp_{d}" for d in ps.DIMENSION_IDS]].mean()
    assert imp.idxmax() == "imp_rel"


def test_generator_is_deterministic_and_seed_sensitive():
    a = ps.generate(seed=5, n=20)
    pd.testing.assert_frame_equal(a, ps.generate(seed=5, n=20))
    assert not a.equals(ps.generate(seed=6, n=20))


def test_items_table_has_three_items_per_dimension():
    items = datasets.load("property_survey_items")
    assert items.groupby("dimension").size().tolist() == [3] * 5
    assert set(items["dimension"]) == set(ps.DIMENSION_IDS.values())


def test_seed004_is_lib_a_reconstruction():
    seed004 = pytest.importorskip("csat_examples.seed004")
    pd.testing.assert_frame_equal(datasets.load("seed004"), seed004.reconstructed_table())
    assert "Reconstructed" in datasets.describe("seed004")
