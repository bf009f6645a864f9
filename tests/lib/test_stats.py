"""Item summaries, two-wave tests, control charts, Pareto tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from csat_examples import datasets
from csat_examples.errors import CsatInputError
from csat_examples.stats import (
    c4,
    item_summary,
    p_chart,
    pareto,
    two_proportion_test,
    welch_test,
    xbar_s_chart,
)


# ---- item_summary ----------------------------------------------------------

def test_item_summary_by_hand():
    # q1 = 2, 4, 6, 8: mean 5, sd sqrt(((9+1+1+9)/3)) = sqrt(20/3) = 2.5820, se = 2.5820/2 = 1.2910
    # 95 % t(0.975, 3) = 3.18245 -> half width 4.1085 -> [0.8915, 9.1085]
    df = pd.DataFrame({"q1": [2, 4, 6, 8], "q2": [1.0, np.nan, 3.0, np.nan]})
    t = item_summary(df).set_index("item")
    assert t.loc["q1", "n"] == 4 and t.loc["q1", "mean"] == 5.0
    assert t.loc["q1", "sd"] == pytest.approx(math.sqrt(20 / 3))
    assert t.loc["q1", "se"] == pytest.approx(math.sqrt(20 / 3) / 2)
    assert t.loc["q1", "ci_low"] == pytest.approx(5 - 3.182446 * math.sqrt(20 / 3) / 2, abs=1e-5)
    assert (t.loc["q2", "n"], t.loc["q2", "excluded"]) == (2, 2)
    lo, hi = sps.t.interval(0.95, 1, loc=2.0, scale=math.sqrt(2) / math.sqrt(2))
    assert (t.loc["q2", "ci_low"], t.loc["q2", "ci_high"]) == pytest.approx((lo, hi))


def test_item_summary_options_and_errors():
    df = pd.DataFrame({"q1": [2.0, 4.0, np.nan], "q2": [1, 2, 3]})
    t90 = item_summary(df, ["q2"], confidence=0.90)
    assert t90["item"].tolist() == ["q2"]
    assert t90.loc[0, "ci_high"] - 2 == pytest.approx(sps.t.ppf(0.95, 2) * 1 / math.sqrt(3))
    with pytest.raises(CsatInputError, match=r"data: missing answer.*row 2.*'q1'"):
        item_summary(df, missing="error")
    with pytest.raises(CsatInputError, match=r"items: unknown item name.*'q9'"):
        item_summary(df, ["q9"])
    with pytest.raises(CsatInputError, match=r"confidence"):
        item_summary(df, confidence=95)
    with pytest.raises(CsatInputError, match=r"item has no answers.*'q3'"):
        item_summary(df.assign(q3=np.nan))
    bad = df.astype({"q2": object})
    bad.loc[1, "q2"] = "n/a"
    with pytest.raises(CsatInputError, match=r"not a number.*row 1.*'q2'.*'n/a'"):
        item_summary(bad)
    single = item_summary(pd.DataFrame({"q": [5.0]}))
    assert single.loc[0, "n"] == 1 and np.isnan(single.loc[0, "sd"])


# ---- two-proportion test ---------------------------------------------------

def test_two_proportion_by_hand_and_against_chi_square():
    # 240/400 = 0.60 vs 272/400 = 0.68; pooled 512/800 = 0.64
    # se0 = sqrt(0.64 * 0.36 * (1/400 + 1/400)) = sqrt(0.001152) = 0.0339411
    # z = 0.08 / 0.0339411 = 2.35702; p = 2 * (1 - Phi(2.35702)) = 0.018422
    r = two_proportion_test(240, 400, 272, 400)
    assert r.difference == pytest.approx(0.08)
    assert r.statistic == pytest.approx(0.08 / math.sqrt(0.001152))
    assert r.p_value == pytest.approx(0.018422, abs=1e-6)
    assert math.isnan(r.df) and r.significant()
    # z^2 equals Pearson's chi-square without continuity correction
    chi2, p, _, _ = sps.chi2_contingency([[240, 160], [272, 128]], correction=False)
    assert r.statistic**2 == pytest.approx(chi2) and r.p_value == pytest.approx(p)
    # Wald interval: se = sqrt(.6*.4/400 + .68*.32/400) = sqrt(0.0006 + 0.000544) = 0.0338231;
    # 1.959964 * se = 0.0662920
    assert (r.ci_low, r.ci_high) == pytest.approx((0.08 - 0.066292, 0.08 + 0.066292), abs=1e-6)


def test_two_proportion_edge_and_bad_input():
    same = two_proportion_test(10, 10, 20, 20)
    assert (same.statistic, same.p_value) == (0.0, 1.0)
    with pytest.raises(CsatInputError, match=r"x2: more satisfied respondents than respondents"):
        two_proportion_test(1, 10, 11, 10)
    with pytest.raises(CsatInputError, match=r"n1: sample has no respondents"):
        two_proportion_test(0, 0, 1, 10)
    with pytest.raises(CsatInputError, match=r"x1: not a whole, non-negative count.*2.5"):
        two_proportion_test(2.5, 10, 1, 10)
    with pytest.raises(CsatInputError, match=r"n2: not a count.*'20'"):
        two_proportion_test(1, 10, 1, "20")


def test_survey_rate_change_between_waves():
    df = datasets.load("property_survey")
    top2 = df["overall"].isin(["满意", "很满意"])
    x = top2.groupby(df["wave"]).sum()
    n = df.groupby("wave").size()
    r = two_proportion_test(x["2025"], n["2025"], x["2026"], n["2026"])
    assert r.difference == pytest.approx(x["2026"] / 400 - x["2025"] / 400)
    assert 0 <= r.p_value <= 1


# ---- Welch test ------------------------------------------------------------

def test_welch_by_hand():
    # a = 4,5,6: mean 5, var 1 -> 1/3; b = 5..8: mean 6.5, var 5/3 -> 5/12
    # t = 1.5 / sqrt(1/3 + 5/12) = 1.5 / sqrt(0.75) = 1.732051
    # df = 0.75^2 / ((1/3)^2/2 + (5/12)^2/3) = 0.5625 / 0.113426 = 4.95918
    r = welch_test([4, 5, 6], [5, 6, 7, 8])
    assert r.statistic == pytest.approx(math.sqrt(3))
    assert r.df == pytest.approx(0.5625 / ((1 / 9) / 2 + (25 / 144) / 3))
    assert r.difference == 1.5


def test_welch_against_scipy_on_the_survey():
    df = datasets.load("property_survey")
    old = df.loc[df["wave"] == "2025", "p_res1"]
    new = df.loc[df["wave"] == "2026", "p_res1"]
    r = welch_test(old, new, missing="exclude")
    ref = sps.ttest_ind(new.dropna(), old.dropna(), equal_var=False)
    assert r.statistic == pytest.approx(ref.statistic)
    assert r.p_value == pytest.approx(ref.pvalue)
    assert r.df == pytest.approx(ref.df)
    lo, hi = ref.confidence_interval(0.95)
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi))
    assert r.difference > 0 and r.significant()  # the built-in improvement of res1
    # tan2 got worse in 2026
    r2 = welch_test(df.loc[df["wave"] == "2025", "p_tan2"], df.loc[df["wave"] == "2026", "p_tan2"],
                    missing="exclude")
    assert r2.difference < 0 and r2.significant()


def test_welch_bad_input():
    with pytest.raises(CsatInputError, match=r"a: needs at least 2 answers"):
        welch_test([5], [5, 6])
    with pytest.raises(CsatInputError, match=r"b: missing answer"):
        welch_test([5, 6], [5, None, 7])
    with pytest.raises(CsatInputError, match=r"b: not a number.*'seven'"):
        welch_test([5, 6], [5, "seven"])
    with pytest.raises(CsatInputError, match=r"no spread"):
        welch_test([5, 5], [6, 6])
    with pytest.raises(CsatInputError, match=r"a: no values"):
        welch_test([], [1, 2])


# ---- control charts --------------------------------------------------------

def test_c4_table_values():
    # Montgomery, Appendix VI: c4(2) = 0.7979, c4(5) = 0.9400, c4(10) = 0.9727, c4(25) = 0.9896
    assert [round(c4(n), 4) for n in (2, 5, 10, 25)] == [0.7979, 0.9400, 0.9727, 0.9896]
    # c4(2) = sqrt(2) * Gamma(1) / Gamma(1/2) = sqrt(2 / pi)
    assert c4(2) == pytest.approx(math.sqrt(2 / math.pi))


def test_p_chart_by_hand():
    # p-bar = 170 / 300 = 0.566667; 3 sqrt(0.566667 * 0.433333 / 100) = 0.148661
    counts = pd.DataFrame({"month": ["m2", "m1", "m3"], "sat": [70, 60, 40], "size": [100, 100, 100]})
    out = p_chart(counts, "month", "sat", "size")
    assert out["period"].tolist() == ["m1", "m2", "m3"]
    assert out["p"].tolist() == [0.6, 0.7, 0.4]
    assert out["center"].iloc[0] == pytest.approx(170 / 300)
    assert out["ucl"].iloc[0] == pytest.approx(170 / 300 + 0.148661, abs=1e-6)
    assert out["lcl"].iloc[0] == pytest.approx(170 / 300 - 0.148661, abs=1e-6)
    assert out["out_of_control"].tolist() == [False, False, True]


def test_p_chart_limits_clip_and_vary_with_n():
    # p-bar = 59/60 = 0.983333; n=20: 3 sqrt(0.983333*0.016667/20) = 0.085878 -> ucl 1.069 clipped to 1
    out = p_chart(pd.DataFrame({"period": [1, 2, 3], "satisfied": [19, 20, 20], "n": [20, 20, 20]}))
    assert (out["ucl"] == 1.0).all()
    assert out["lcl"].iloc[0] == pytest.approx(59 / 60 - 0.085878, abs=1e-6)
    # rows of the same period are added; bigger n -> narrower limits
    out = p_chart(pd.DataFrame({"period": ["a", "a", "b"], "satisfied": [30, 30, 10], "n": [50, 50, 25]}))
    assert out["n"].tolist() == [100, 25]
    width = out["ucl"] - out["lcl"]
    assert width.iloc[1] == pytest.approx(2 * width.iloc[0])  # sqrt(100/25) = 2


def test_p_chart_on_survey_months():
    df = datasets.load("property_survey")
    monthly = (
        df.assign(satisfied=df["overall"].isin(["满意", "很满意"]).astype(int), n=1)
        .groupby("month", as_index=False)[["satisfied", "n"]].sum()
    )
    out = p_chart(monthly, "month")
    assert len(out) == 12 and out["n"].sum() == 800
    assert out["center"].iloc[0] == pytest.approx(monthly["satisfied"].sum() / 800)


def test_p_chart_bad_input():
    ok = pd.DataFrame({"period": ["a"], "satisfied": [5], "n": [10]})
    with pytest.raises(CsatInputError, match=r"more satisfied than respondents.*row 0.*'satisfied'.*11"):
        p_chart(ok.assign(satisfied=11))
    with pytest.raises(CsatInputError, match=r"not a whole, non-negative count.*'n'.*-1"):
        p_chart(ok.assign(n=-1))
    with pytest.raises(CsatInputError, match=r"unknown item name.*'count'"):
        p_chart(ok, satisfied_count="count")
    with pytest.raises(CsatInputError, match=r"period has no respondents"):
        p_chart(ok.assign(satisfied=0, n=0))
    with pytest.raises(CsatInputError, match=r"period is missing.*row 0"):
        p_chart(ok.assign(period=[None]))


def test_xbar_s_chart_equal_sizes_use_textbook_constants():
    # 4 periods of 5 scores; A3(5) = 1.427, B3(5) = 0, B4(5) = 2.089 (Montgomery, Appendix VI)
    rng = np.random.default_rng(1)
    values = rng.integers(1, 8, size=20).astype(float)
    df = pd.DataFrame({"wave": np.repeat(["p1", "p2", "p3", "p4"], 5), "score": values})
    out = xbar_s_chart(df, "wave", "score")
    groups = values.reshape(4, 5)
    s = groups.std(axis=1, ddof=1)
    s_bar = math.sqrt((s**2).mean())  # equal n: pooled = root mean of variances
    assert out["center"].iloc[0] == pytest.approx(values.mean())
    assert out["ucl"].iloc[0] - values.mean() == pytest.approx(1.427 * s_bar, abs=1e-3 * s_bar)
    assert out["s_ucl"].iloc[0] == pytest.approx(2.089 * s_bar, abs=1e-3 * s_bar)
    assert (out["s_lcl"] == 0).all()
    np.testing.assert_allclose(out["sd"], s)
    np.testing.assert_allclose(out["mean"], groups.mean(axis=1))


def test_xbar_s_chart_flags_a_shifted_period():
    df = pd.DataFrame({"period": np.repeat(list("abcd"), 10),
                       "value": np.tile([4, 5, 5, 6, 5, 4, 6, 5, 5, 5], 4).astype(float)})
    df.loc[df["period"] == "d", "value"] += 2
    out = xbar_s_chart(df)
    assert out["out_of_control"].tolist() == [False, False, False, True]
    # B3(10) = 0.284 > 0 for n = 10: a lower S limit exists
    assert (out["s_lcl"] > 0).all()


def test_xbar_s_chart_bad_input():
    with pytest.raises(CsatInputError, match=r"period has fewer than 2 scores.*'b'"):
        xbar_s_chart(pd.DataFrame({"period": ["a", "a", "b"], "value": [1.0, 2.0, 3.0]}))
    with pytest.raises(CsatInputError, match=r"missing answer.*row 1.*'value'"):
        xbar_s_chart(pd.DataFrame({"period": ["a", "a"], "value": [1.0, None]}))
    with pytest.raises(CsatInputError, match=r"data: no rows"):
        xbar_s_chart(pd.DataFrame({"period": [], "value": []}))


# ---- Pareto ----------------------------------------------------------------

def test_pareto_of_reasons_customers_leave():
    reasons = datasets.load("reasons_customers_leave")
    t = pareto(dict(zip(reasons["reason"], reasons["percent"])))
    assert t["cause"].tolist()[0] == "staff_indifference"
    assert t["share"].tolist() == pytest.approx([68, 14, 9, 5, 3, 1])
    # cumulative: 68, 82, 91, 96, 99, 100
    assert t["cumulative_share"].tolist() == pytest.approx([68, 82, 91, 96, 99, 100])


def test_pareto_of_survey_complaints():
    log = datasets.load("property_complaints")
    t = pareto(log["cause"])
    counts = log["cause"].value_counts()
    assert t["cause"].iloc[0] == counts.idxmax() == "repairs"
    assert t["count"].sum() == len(log) and t.attrs["no_cause"] == 0
    survey = datasets.load("property_survey")
    t2 = pareto(survey["complaint_cause"])
    assert t2.attrs["no_cause"] == (survey["complaint_cause"] == "").sum()


def test_pareto_ties_and_bad_input():
    t = pareto(["b", "a", "c", "c"])
    assert t["cause"].tolist() == ["c", "a", "b"]  # ties broken by name
    with pytest.raises(CsatInputError, match=r"causes: no cause to count"):
        pareto(["", None])
    with pytest.raises(CsatInputError, match=r"causes: count is negative.*-3"):
        pareto({"a": 5, "b": -3})
    with pytest.raises(CsatInputError, match=r"causes: not a number.*'many'"):
        pareto({"a": 5, "b": "many"})
    with pytest.raises(CsatInputError, match=r"causes: no values"):
        pareto([])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["repairs", "noise", "fees", "parking", ""]), min_size=1, max_size=80))
def test_pareto_is_sorted_and_ends_at_100(causes):
    if all(c == "" for c in causes):
        return
    t = pareto(causes)
    assert t["count"].is_monotonic_decreasing
    assert t["cumulative_share"].is_monotonic_increasing
    assert t["cumulative_share"].iloc[-1] == pytest.approx(100)
    assert t["count"].sum() + t.attrs["no_cause"] == len(causes)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 500), st.floats(0, 1)), min_size=1, max_size=20))
def test_p_chart_limits_bracket_the_centre_within_0_1(groups):
    df = pd.DataFrame({"period": range(len(groups)),
                       "n": [n for n, _ in groups],
                       "satisfied": [round(n * f) for n, f in groups]})
    out = p_chart(df)
    assert ((out["lcl"] >= 0) & (out["lcl"] <= out["center"])).all()
    assert ((out["ucl"] <= 1) & (out["ucl"] >= out["center"])).all()


def test_inputs_are_not_mutated():
    df = datasets.load("property_survey")
    before = df.copy()
    item_summary(df, ["p_rel1", "p_tan2"])
    welch_test(df["p_rel1"], df["p_res1"], missing="exclude")
    monthly = df.assign(satisfied=1, n=1).groupby("month", as_index=False)[["satisfied", "n"]].sum()
    monthly_before = monthly.copy()
    p_chart(monthly, "month")
    xbar_s_chart(df.dropna(subset=["p_rel1"]), "month", "p_rel1")
    pareto(df["complaint_cause"])
    pd.testing.assert_frame_equal(df, before)
    pd.testing.assert_frame_equal(monthly, monthly_before)


def test_welch_with_huge_scores_gives_finite_results():
    # Hypothesis found b=[0, 2.3e77]: squaring the variances overflowed (OverflowError, not a clear error).
    result = welch_test([0.0, 2.3e77, 1.0], [0.0, 1.0, 2.0])
    assert np.isfinite([result.statistic, result.df, result.p_value]).all()
    assert result.df == pytest.approx(2.0)


def test_welch_arrays_are_the_single_tests_bit_for_bit():
    from csat_examples.stats import welch_arrays, welch_from_moments

    rng = np.random.default_rng(0)
    m1, m2, v1, v2 = rng.uniform(1, 7, (4, 3000))
    n1, n2 = rng.integers(2, 5000, (2, 3000)).astype(float)
    arrays = welch_arrays(m1, v1, n1, m2, v2, n2)
    for i in range(3000):
        single = welch_from_moments(float(m1[i]), float(v1[i]), int(n1[i]), float(m2[i]), float(v2[i]), int(n2[i]))
        assert single == tuple(float(a[i]) for a in arrays)
    t, df, _, _ = arrays
    reference = sps.ttest_ind_from_stats(m2, np.sqrt(v2), n2, m1, np.sqrt(v1), n1, equal_var=False)
    np.testing.assert_allclose(t, reference.statistic, rtol=1e-12)


@pytest.mark.parametrize("value", [np.inf, -np.inf, 1e101, -1e300])
@pytest.mark.parametrize("nullable", [False, True])
def test_item_summary_refuses_infinite_and_huge_scores_naming_the_cell(value, nullable):
    # the columns are scanned one by one; the refusal is require_finite's, before a blank is complained of
    df = pd.DataFrame({"q1": [2.0, 4.0, np.nan], "q2": [1.0, value, 3.0]})
    if nullable:
        df = df.astype("Float64")
    with pytest.raises(CsatInputError, match=r"infinite or too large a number.*row 1.*'q2'"):
        item_summary(df, missing="error")
    assert item_summary(df.assign(q2=[1.0, 1e100, 3.0]))["n"].tolist() == [2, 3]


@settings(deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e100, -1e100,
                                                                                         np.nextafter(1e100, 2e100)])),
                max_size=20))
def test_too_large_is_abs_beyond_max_abs(values):
    """The check by the extremes answers what ``abs(x) > MAX_ABS`` on every number answers."""
    from csat_examples.stats import _too_large
    from csat_examples.validation import MAX_ABS

    column = pd.Series(values, dtype=float)
    assert _too_large(column) == bool((np.abs(column.to_numpy()) > MAX_ABS).any())
