"""breakdown() and segment_changes(): per-segment figures recomputed with pandas, and properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.breakdown import breakdown, breakdown_and_changes, holm, segment_changes
from tests import surveygen as gen


@pytest.fixture(scope="module")
def frame():
    g = gen.generate(600)
    data = g.ranks.copy()
    data[gen.ESTATE] = g.table[gen.ESTATE]
    data[gen.WAVE] = g.table[gen.WAVE]
    data["sat"] = (data[gen.OVERALL] >= 4).astype(float).where(data[gen.OVERALL].notna())
    data["nps"] = g.table[gen.NPS].astype(float)
    return data


def test_per_segment_figures_match_pandas(frame):
    t = breakdown(frame, gen.ESTATE, items=list(gen.ITEMS), satisfied="sat", nps="nps", wave=gen.WAVE)
    for (estate, wave), group in [((e, ""), frame[frame[gen.ESTATE] == e]) for e in gen.ESTATES] + [
            ((e, w), frame[(frame[gen.ESTATE] == e) & (frame[gen.WAVE] == w)]) for e in gen.ESTATES for w in gen.WAVES]:
        rate = t[(t["segment"] == estate) & (t["wave"] == wave) & (t["measure"] == "rate")].iloc[0]
        assert rate["estimate"] == pytest.approx(100 * group["sat"].mean()) and rate["n"] == group["sat"].notna().sum()
        for item in gen.ITEMS:
            row = t[(t["segment"] == estate) & (t["wave"] == wave) & (t["key"] == item)].iloc[0]
            assert row["estimate"] == pytest.approx(group[item].mean()) and row["n"] == group[item].notna().sum()
            rest = frame.loc[frame.index.difference(group.index)] if wave == "" else \
                frame[(frame[gen.WAVE] == wave) & (frame[gen.ESTATE] != estate)]
            assert row["rest"] == pytest.approx(rest[item].mean())
        nps = t[(t["segment"] == estate) & (t["wave"] == wave) & (t["measure"] == "nps")].iloc[0]
        assert nps["estimate"] == pytest.approx(100 * ((group["nps"] >= 9).mean() - (group["nps"] <= 6).mean()))


def test_the_worst_estate_is_significantly_lower(frame):
    t = breakdown(frame, gen.ESTATE, items=list(gen.ITEMS), satisfied="sat", wave=gen.WAVE)
    overall = t[(t["wave"] == "") & (t["measure"] == "rate")]
    worst = overall.sort_values("estimate").iloc[0]
    assert worst["segment"] == gen.WORST_ESTATE and worst["significant"] and worst["difference"] < 0


def test_the_improved_estate_changes_on_repairs(frame):
    c = segment_changes(frame, gen.ESTATE, wave=gen.WAVE, previous=gen.WAVES[0], latest=gen.WAVES[1], items=["维修"])
    best = c.sort_values("change").iloc[-1]
    assert best["segment"] == gen.IMPROVED_ESTATE and best["change"] > 0.3 and best["test"] == "Welch two-sample t test"
    before = frame[(frame[gen.ESTATE] == gen.IMPROVED_ESTATE) & (frame[gen.WAVE] == gen.WAVES[0])]["维修"]
    assert best["previous"] == pytest.approx(before.mean()) and best["n_previous"] == before.notna().sum()


def test_small_segments_are_marked_unreliable():
    df = pd.DataFrame({"b": ["x"] * 40 + ["y"] * 5, "q": [4, 5] * 20 + [1, 2, 1, 2, 1]})
    t = breakdown(df, "b", items=["q"])
    assert t.set_index("segment")["unreliable"].to_dict() == {"x": False, "y": True}
    assert not breakdown(df, "b", items=["q"], min_n=5)["unreliable"].any()


def test_holm_matches_the_textbook_example():
    # Holm (1979) style: sorted p 0.01, 0.02, 0.03 with m=3 -> 0.03, 0.04, 0.04
    assert holm([0.03, 0.01, 0.02]).round(6).tolist() == [0.04, 0.03, 0.04]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers(1, 5), st.booleans()), min_size=2, max_size=60))
def test_breakdown_properties(rows):
    df = pd.DataFrame(rows, columns=["seg", "q", "sat"]).assign(sat=lambda d: d["sat"].astype(float))
    t = breakdown(df, "seg", items=["q"], satisfied="sat")
    for measure, part in t.groupby("measure"):
        assert part["n"].sum() == len(df)  # every answer in exactly one segment
    assert t.loc[t["measure"] == "rate", "estimate"].between(0, 100).all()
    assert t.loc[t["measure"] == "item", "estimate"].between(1, 5).all()
    tested = t["p_value"].notna()
    assert (t.loc[tested, "p_adjusted"] >= t.loc[tested, "p_value"] - 1e-12).all()
    assert (t.loc[tested, "p_adjusted"] <= 1).all()
    # the row order of the data does not matter
    shuffled = breakdown(df.sample(frac=1, random_state=1), "seg", items=["q"], satisfied="sat")
    pd.testing.assert_frame_equal(t, shuffled)


def test_every_test_matches_the_single_test_on_the_raw_answers(frame):
    # the tests run for all segments at once; each must be the single test on that segment vs the rest
    from csat_examples.stats import two_proportion_test, welch_test

    t = breakdown(frame, gen.ESTATE, items=list(gen.ITEMS)[:3], satisfied="sat")
    for _, row in t[t["wave"] == ""].iterrows():
        inside = frame[gen.ESTATE].astype(str) == row["segment"]
        column = "sat" if row["measure"] == "rate" else row["key"]
        a, b = frame.loc[~inside, column].dropna(), frame.loc[inside, column].dropna()
        if row["measure"] == "rate":
            expected = two_proportion_test(int(a.sum()), len(a), int(b.sum()), len(b))
        else:
            expected = welch_test(a, b)
        assert row["test"] == expected.method
        assert row["p_value"] == pytest.approx(expected.p_value, rel=0, abs=1e-12)


def test_breakdown_and_changes_gives_the_two_tables_of_the_two_calls(frame):
    # one pass for both (segments coded once, sums by wave shared, t tails together): the same tables
    frame = frame.assign(degree=frame[list(gen.ITEMS)].mean(axis=1))  # a column of fractions: summed by groupby
    measures = {"items": list(gen.ITEMS), "satisfied": "sat", "nps": "nps", "degree": "degree"}
    by = [gen.ESTATE, gen.WAVE]
    table, changes = breakdown_and_changes(frame, by, wave=gen.WAVE, previous=gen.WAVES[0], latest=gen.WAVES[1],
                                           min_n=20, **measures)
    pd.testing.assert_frame_equal(table, breakdown(frame, by, wave=gen.WAVE, min_n=20, **measures), check_exact=True)
    pd.testing.assert_frame_equal(changes, segment_changes(frame, by, wave=gen.WAVE, previous=gen.WAVES[0],
                                                           latest=gen.WAVES[1], min_n=20, **measures),
                                  check_exact=True)
    assert (table["test"] == "Welch two-sample t test").sum() > 20 and changes["p_value"].notna().any()


def test_welch_p_values_are_the_scalar_t_tails(frame):
    # the tails of a table are computed together in arrays: each is the scalar tail of its own test, bit for bit
    from csat_examples.distributions import t_sf
    from csat_examples.stats import welch_test

    t = breakdown(frame, gen.ESTATE, items=list(gen.ITEMS), wave=gen.WAVE)
    checked = 0
    for _, row in t[t["test"] == "Welch two-sample t test"].iterrows():
        rows = frame if row["wave"] == "" else frame[frame[gen.WAVE].astype(str) == row["wave"]]
        inside = rows[gen.ESTATE].astype(str) == row["segment"]
        result = welch_test(rows.loc[~inside, row["key"]].dropna(), rows.loc[inside, row["key"]].dropna())
        assert row["p_value"] == pytest.approx(2 * t_sf(abs(result.statistic), result.df), rel=1e-12)
        checked += 1
    assert checked > 50


def test_counts_by_all_segment_columns_at_once_give_the_same_tables(frame, monkeypatch):
    # two segment columns: the coded answers are counted by both and the wave together, then added up per
    # column (breakdown._Joint); with too many combinations each column is counted by itself
    import csat_examples.breakdown as module

    frame = frame.assign(block=np.arange(len(frame)) % 7, degree=frame[list(gen.ITEMS)].mean(axis=1))
    measures = {"items": list(gen.ITEMS), "satisfied": "sat", "nps": "nps", "degree": "degree"}
    by = [gen.ESTATE, "block"]
    args = {"wave": gen.WAVE, "previous": gen.WAVES[0], "latest": gen.WAVES[1], "min_n": 20, **measures}
    joint = breakdown_and_changes(frame, by, **args)
    no_waves = breakdown(frame, by, min_n=20, **measures)
    monkeypatch.setattr(module, "_JOINT_MAX", 1)
    assert not module._Joint.fits({"a": (np.zeros(2), np.array(["x", "y"]))})
    alone = breakdown_and_changes(frame, by, **args)
    for ours, theirs in zip(joint, alone):
        pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    pd.testing.assert_frame_equal(no_waves, breakdown(frame, by, min_n=20, **measures), check_exact=True)
    assert set(joint[0]["by"]) == {gen.ESTATE, "block"}


def test_t_intervals_are_those_of_the_scalar_quantile_bit_for_bit():
    # the quantiles of a table are computed together (distributions.t_ppf_array): each interval is
    # estimate -/+ t_ppf((1 + c) / 2, n - 1) * sqrt(var / n) with the scalar quantile, also for segments
    # of more than 1001 answers (where the quantile's continued fraction runs in decimals) and of 1 answer
    from csat_examples.breakdown import _mean_var
    from csat_examples.distributions import t_ppf

    rng = np.random.default_rng(7)
    sizes = {"A": 1, "B": 2, "C": 31, "D": 1_500, "E": 2_400}
    data = pd.DataFrame({"seg": np.repeat(list(sizes), list(sizes.values())),
                         "q1": rng.integers(1, 8, sum(sizes.values())).astype(float)})
    data.loc[data.index[::7], "q1"] = np.nan  # blanks: n differs from the segment's size
    t = breakdown(data, "seg", items=["q1"], min_n=1, confidence=0.9)
    for _, row in t.iterrows():
        answers = data.loc[data["seg"] == row["segment"], "q1"].dropna().to_numpy()
        n = len(answers)
        sums = np.array([[n, answers.sum(), (answers**2).sum(), 0.0, 0.0]])
        if n < 2:
            assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])
            continue
        mean, var = (float(v[0]) for v in _mean_var(sums))
        half = t_ppf(0.95, n - 1) * np.sqrt(var / n)
        assert row["n"] == n and row["estimate"] == mean
        assert (row["ci_low"], row["ci_high"]) == (mean - half, mean + half)
