"""Satisfaction rate and level distribution: worked examples, options, every error path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.errors import CsatInputError
from csat_examples.rate import RateResult, level_distribution, satisfaction_rate
from csat_examples.scales import get_scale
from csat_examples.validation import Exclusions

# 10 answers: 2 很满意, 3 满意, 2 较满意, 1 一般, 1 不太满意, 1 很不满意
TEN = pd.Series(
    ["很满意", "满意", "较满意", "满意", "一般", "很满意", "不太满意", "满意", "较满意", "很不满意"],
    name="overall",
)


def test_top_two_box_by_hand():
    # satisfied = 很满意 (2) + 满意 (3) = 5 of 10 -> 50 %
    r = satisfaction_rate(TEN)
    assert isinstance(r, RateResult)
    assert (r.rate, r.satisfied, r.respondents) == (50.0, 5, 10)
    assert r.satisfied_levels == ("满意", "很满意")
    assert float(r) == 50.0
    assert r.excluded == Exclusions.none()


def test_top_three_box_by_hand():
    # adding 较满意 (2): 7 of 10 -> 70 %
    assert satisfaction_rate(TEN, satisfied=["较满意", "满意", "很满意"]).rate == 70.0


def test_satisfied_accepts_ranks_english_names_and_a_single_level():
    # ranks 6 and 7 are 满意 and 很满意: same as the default
    assert satisfaction_rate(TEN, satisfied=[6, 7]).rate == 50.0
    assert satisfaction_rate(TEN, satisfied="very satisfied").satisfied == 2
    # non-contiguous set: 很不满意 (1) + 很满意 (2) = 3 of 10
    assert satisfaction_rate(TEN, satisfied=["很不满意", "很满意"]).rate == 30.0


def test_codes_give_the_same_rate_as_labels():
    codes = pd.Series([7, 6, 5, 6, 4, 7, 3, 6, 5, 1])  # TEN as ranks
    assert satisfaction_rate(codes).rate == 50.0
    assert satisfaction_rate(codes.astype(float)).rate == 50.0


def test_five_level_default_is_top_two_box():
    # 5-level: 满意 is rank 4, 很满意 rank 5; 3 of 4 answers are 4 or 5
    r = satisfaction_rate(pd.Series([5, 4, 3, 4]), scale="5-level")
    assert (r.rate, r.satisfied_levels) == (75.0, ("满意", "很满意"))


def test_missing_exclude_counts_the_blanks():
    s = pd.Series(["满意", None, "一般", np.nan, "很满意"], index=list("abcde"), name="overall")
    r = satisfaction_rate(s, missing="exclude")
    # 2 satisfied of 3 answered
    assert r.rate == pytest.approx(200 / 3)
    assert r.respondents == 3
    assert r.excluded.count == 2 and r.excluded.rows == ("b", "d")


def test_missing_error_names_the_row():
    s = pd.Series([6.0, np.nan], index=["r1", "r2"], name="overall")
    with pytest.raises(CsatInputError) as info:
        satisfaction_rate(s)
    assert (info.value.row, info.value.column, info.value.argument) == ("r2", "overall", "data")
    assert "missing='exclude'" in str(info.value)


@pytest.mark.parametrize(
    "responses, kwargs, match",
    [
        (pd.Series([], dtype=float), {}, "no values"),
        (pd.Series([None, None], dtype=object), {"missing": "exclude"}, "no respondent left"),
        (pd.Series(["满意", "good"]), {}, "unknown level label"),
        (pd.Series([1, 8]), {}, "not a level code"),
        (pd.Series([1, 300]), {}, "not a level code"),
        (pd.Series([1.5, 2.0]), {}, "not a level code"),
        (pd.Series([6, 7]), {"satisfied": []}, "no level counts"),
        (pd.Series([6, 7]), {"satisfied": ["delighted"]}, "not a level"),
        (pd.Series([4, 5]), {"scale": "5-level", "satisfied": ["较满意"]}, "not a level"),
        (pd.Series([6, 7]), {"missing": "skip"}, "missing-value policy"),
        (pd.Series([6, 7]), {"scale": "9-level"}, "unknown scale"),
        (["满意"], {}, "expected a pandas Series"),
    ],
)
def test_error_paths(responses, kwargs, match):
    with pytest.raises(CsatInputError, match=match) as info:
        satisfaction_rate(responses, **kwargs)
    assert "Fix:" in str(info.value)


def test_unknown_label_error_names_row_column_value():
    with pytest.raises(CsatInputError) as info:
        satisfaction_rate(pd.Series(["满意", "meh"], index=["x", "y"], name="q"))
    assert (info.value.row, info.value.column, info.value.value) == ("y", "q", "meh")


def test_input_is_not_modified():
    s = TEN.copy()
    satisfaction_rate(s, satisfied=["满意"])
    level_distribution(s)
    pd.testing.assert_series_equal(s, TEN)


def test_level_distribution_by_hand():
    d = level_distribution(TEN)
    assert d.columns.tolist() == ["rank", "zh", "en", "count", "share"]
    assert d["count"].tolist() == [1, 0, 1, 1, 2, 3, 2]
    assert d["share"].tolist() == pytest.approx([0.1, 0, 0.1, 0.1, 0.2, 0.3, 0.2])
    assert d.attrs["excluded"] == Exclusions.none()


def test_level_distribution_excluded_is_reported():
    d = level_distribution(pd.Series([1, None, 5]), scale="5-level", missing="exclude")
    assert d["count"].sum() == 2 and d.attrs["excluded"].count == 1


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(st.lists(st.integers(1, 7), min_size=1, max_size=200), st.sets(st.integers(1, 7), min_size=1))
def test_rate_equals_share_of_satisfied_codes(codes, sat):
    s = pd.Series(codes)
    expected = 100 * sum(c in sat for c in codes) / len(codes)
    assert satisfaction_rate(s, satisfied=sorted(sat)).rate == pytest.approx(expected)
    # the distribution counts add up to the respondents
    assert level_distribution(s)["count"].sum() == len(codes)


# ---- a whole DataFrame at once ---------------------------------------------

def test_dataframe_gives_one_row_per_item():
    items = pd.DataFrame({"q1": [7, 6, 2, 4], "q2": [6.0, None, 7.0, 1.0], "q3": ["满意", "一般", "很满意", "满意"]})
    table = satisfaction_rate(items, missing="exclude")
    assert table.columns.tolist() == ["item", "rate", "satisfied", "respondents", "excluded"]
    assert table["item"].tolist() == ["q1", "q2", "q3"]
    assert table["rate"].tolist() == pytest.approx([50.0, 200 / 3, 75.0])
    assert table.attrs["excluded"]["q2"].rows == (1,) and not table.attrs["excluded"]["q1"]
    assert table.attrs["satisfied_levels"] == ("满意", "很满意")
    d = level_distribution(items, missing="exclude")
    assert d.columns.tolist() == ["item", "rank", "zh", "en", "count", "share"]
    assert d.groupby("item")["count"].sum().tolist() == [4, 3, 4]
    with pytest.raises(CsatInputError, match=r"data: missing answer.*'q2'"):
        satisfaction_rate(items)
    with pytest.raises(CsatInputError, match=r"no columns"):
        satisfaction_rate(items[[]])


def _column(draw, kind: str, n: int, k: int) -> list:
    codes = draw(st.lists(st.integers(1, k), min_size=n, max_size=n))
    values: list = [float(c) for c in codes] if kind == "float" else list(codes)
    if kind == "labels":
        levels = get_scale("7-level" if k == 7 else "5-level").levels
        values = [draw(st.sampled_from([levels[c - 1].zh, levels[c - 1].en])) for c in codes]
    if kind != "int" and draw(st.booleans()):  # some blanks
        for i in draw(st.sets(st.integers(0, n - 1), max_size=n)):
            values[i] = None if kind == "labels" else np.nan
    if draw(st.integers(0, 5)) == 0:  # now and then a bad answer
        bad = {"float": [0.0, k + 1.0, 2.5, 300.0, np.inf], "int": [0, k + 1, -255, 257], "labels": ["meh"]}[kind]
        values[draw(st.integers(0, n - 1))] = draw(st.sampled_from(bad))
    return values


@st.composite
def surveys(draw):
    scale = draw(st.sampled_from(["7-level", "5-level"]))
    k = 7 if scale == "7-level" else 5
    n = draw(st.integers(1, 40))
    kinds = draw(st.lists(st.sampled_from(["float", "float", "int", "labels"]), min_size=1, max_size=4))
    frame = pd.DataFrame({f"q{j}": _column(draw, kind, n, k) for j, kind in enumerate(kinds)})
    if all(kind == "float" for kind in kinds) and draw(st.booleans()):
        frame = frame.astype(float)  # one float block
    satisfied = draw(st.one_of(st.none(), st.sets(st.integers(1, k), min_size=1).map(sorted)))
    return frame, scale, satisfied, draw(st.sampled_from(["error", "exclude"]))


def _outcome(fn):
    try:
        return fn()
    except CsatInputError as e:
        return ("error", str(e))


@settings(max_examples=300, deadline=None)
@given(surveys(), st.sampled_from([3, 65536]))
def test_one_pass_over_a_dataframe_equals_one_call_per_column(survey, slice_size):
    """Numbers, exclusions and the first error are those of a call on each column in turn."""
    from unittest import mock

    from csat_examples import rate

    frame, scale, satisfied, missing = survey
    before = frame.copy()
    with mock.patch.object(rate, "_SLICE", slice_size):  # 3: many slices even in a small survey
        table = _outcome(lambda: satisfaction_rate(frame, scale=scale, satisfied=satisfied, missing=missing))
        per_column = _outcome(lambda: [satisfaction_rate(frame[c], scale=scale, satisfied=satisfied, missing=missing)
                                       for c in frame.columns])
        dist = _outcome(lambda: level_distribution(frame, scale=scale, missing=missing))
        dist_per_column = _outcome(lambda: [level_distribution(frame[c], scale=scale, missing=missing)
                                            for c in frame.columns])
    pd.testing.assert_frame_equal(frame, before)
    if isinstance(per_column, tuple):  # an error: the same one
        assert table == per_column
    else:
        assert table["rate"].tolist() == [r.rate for r in per_column]
        assert table["satisfied"].tolist() == [r.satisfied for r in per_column]
        assert table["respondents"].tolist() == [r.respondents for r in per_column]
        assert list(table.attrs["excluded"].values()) == [r.excluded for r in per_column]
        assert table.attrs["satisfied_levels"] == per_column[0].satisfied_levels
    if isinstance(dist_per_column, tuple):  # (an item with every answer blank has a distribution, no rate)
        assert dist == dist_per_column
    else:
        expected = pd.concat([d.assign(item=c)[["item", *d.columns]] for c, d in zip(frame.columns, dist_per_column)],
                             ignore_index=True)
        pd.testing.assert_frame_equal(dist, expected)
        assert list(dist.attrs["excluded"].values()) == [d.attrs["excluded"] for d in dist_per_column]


# --- the fast path against a plain reference -------------------------------------------------------


def _reference_rank(value: object, k: int) -> int | None | str:
    """Rank 1..k of one answer, None for a blank, "bad" otherwise: the rules, one value at a time."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "bad"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return int(value) if float(value).is_integer() and 1 <= value <= k else "bad"
    if isinstance(value, str):
        if value.strip() == "":
            return None
        names = {n: lv.rank for lv in get_scale("7-level" if k == 7 else "5-level").levels
                 for n in (lv.zh, lv.en.casefold())}
        return names.get(value.strip().casefold(), "bad")
    return "bad"


def _reference(frame: pd.DataFrame, k: int, satisfied: list[int], missing: str) -> list:
    """Per column: (satisfied, respondents, level counts), or "bad" / "blank" (an error for that column)."""
    out = []
    for name in frame.columns:
        ranks = [_reference_rank(v, k) for v in frame[name].astype(object)]
        if "bad" in ranks:
            out.append("bad")
        elif None in ranks and missing == "error":
            out.append("blank")
        else:
            used = [r for r in ranks if r is not None]
            out.append((sum(r in satisfied for r in used), len(used), [used.count(r) for r in range(1, k + 1)]))
    return out


@st.composite
def mixed_surveys(draw):
    """Items of every kind a survey file gives: floats with blanks, ints, labels, categoricals, object."""
    k = draw(st.sampled_from([5, 7]))
    n = draw(st.integers(1, 30))
    codes = st.integers(1, k)
    bad_numbers = st.sampled_from([0, k + 1, 2.5, 300.0, -1.0, np.inf, 1.0000000000000002, 256.0 + 6])
    labels = st.sampled_from([lv for level in get_scale("7-level" if k == 7 else "5-level").levels
                              for lv in (level.zh, level.en)])
    columns = {}
    for j in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["float", "int", "labels", "category", "object"]))
        if kind == "int":
            values = draw(st.lists(st.one_of(codes, codes, codes, st.sampled_from([0, k + 1, 257, -250])),
                                   min_size=n, max_size=n))
            columns[f"q{j}"] = pd.Series(values, dtype="int64")
        elif kind == "float":
            values = draw(st.lists(st.one_of(codes.map(float), codes.map(float), codes.map(float),
                                             st.just(np.nan), bad_numbers), min_size=n, max_size=n))
            columns[f"q{j}"] = pd.Series(values, dtype=float)
        else:
            values = draw(st.lists(st.one_of(labels, labels, st.none(), st.just("meh"),
                                             *([codes] if kind == "object" else [])), min_size=n, max_size=n))
            columns[f"q{j}"] = pd.Series(values, dtype="category" if kind == "category" else object)
    frame = pd.DataFrame(columns)
    satisfied = sorted(draw(st.sets(codes, min_size=1)))
    return frame, k, satisfied, draw(st.sampled_from(["error", "exclude"]))


@settings(max_examples=400, deadline=None)
@given(mixed_surveys(), st.sampled_from([3, 65536]))
def test_dataframe_path_equals_a_plain_reference(survey, slice_size):
    """Counts, or an error naming the first bad column, are those of the rules applied value by value."""
    from unittest import mock

    from csat_examples import rate

    frame, k, satisfied, missing = survey
    scale = "7-level" if k == 7 else "5-level"
    expected = _reference(frame, k, satisfied, missing)
    # the first column in order with a problem is named; for a rate, a column with every answer blank is one
    bad = [name for name, e in zip(frame.columns, expected) if isinstance(e, str)]
    no_rate = [name for name, e in zip(frame.columns, expected) if isinstance(e, str) or e[1] == 0]
    with mock.patch.object(rate, "_SLICE", slice_size):
        if bad:
            with pytest.raises(CsatInputError) as info:
                level_distribution(frame, scale=scale, missing=missing)
            assert info.value.column == bad[0]
        else:
            dist = level_distribution(frame, scale=scale, missing=missing)
            assert dist["count"].to_numpy().reshape(len(frame.columns), k).tolist() == [e[2] for e in expected]
        if no_rate:
            with pytest.raises(CsatInputError) as info:
                satisfaction_rate(frame, scale=scale, satisfied=satisfied, missing=missing)
            assert info.value.column == no_rate[0]
            return
        table = satisfaction_rate(frame, scale=scale, satisfied=satisfied, missing=missing)
    assert table["satisfied"].tolist() == [e[0] for e in expected]
    assert table["respondents"].tolist() == [e[1] for e in expected]
    assert table["rate"].tolist() == [100.0 * e[0] / e[1] for e in expected]


# --- the one-pass kernel against a plain reference, value by value ------------------------------------


def _awkward_numbers(k: int) -> list[float]:
    """Numbers the kernel must reject (or, for whole 1..k, accept) however numpy casts them to a byte."""
    near = [float(np.nextafter(float(r), d)) for r in range(1, k + 1) for d in (-np.inf, np.inf)]  # one ulp off
    return [*near, np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, -1.0, -255.0, -256.0, 255.0, 256.0, 256.0 + 6,
            512.0 + 1, k + 1.0, k + 0.5, 1.5, 1e300, -1e300, 5e-324, -5e-324, 2.2250738585072014e-308,
            2.0**63, 2.0**64 + 2.0**12, 1e20, 6.0 + 2.0**-40]


def _reference_counts(values: np.ndarray, k: int, thresholds: list[int]) -> list[int] | None:
    """Answers at or above each threshold if every value is a whole number 1..k, else None: value by value."""
    as_floats = [float(v) for v in values.tolist()]
    if not all(v.is_integer() and 1 <= v <= k for v in as_floats):
        return None
    return [sum(v >= t for v in as_floats) for t in thresholds]


def _holds_exactly(dtype: str, value: float) -> bool:
    if np.isnan(value):
        return dtype.startswith("float")
    if dtype.startswith("float"):
        with np.errstate(over="ignore"):
            return float(np.array(value).astype(dtype)) == value
    info = np.iinfo(dtype)
    return np.isfinite(value) and value.is_integer() and info.min <= value <= info.max


@st.composite
def kernel_columns(draw):
    k = draw(st.sampled_from([5, 7]))
    whole = st.integers(1, k).map(float)
    values = draw(st.lists(st.one_of(whole, whole, whole, st.sampled_from(_awkward_numbers(k))), min_size=1,
                           max_size=60))
    dtype = draw(st.sampled_from(["float64", "float64", "float32", "int64", "int8", "uint8", "uint64"]))
    values = [v for v in values if _holds_exactly(dtype, v)] or [1.0]  # so that the reference sees what the kernel sees
    values = np.array(values).astype(dtype)
    if draw(st.booleans()):  # a column of a row-major table: strided
        table = np.zeros((len(values), 2), dtype=values.dtype)
        table[:, 1] = values
        values = table[:, 1]
    thresholds = sorted(draw(st.sets(st.integers(1, k + 1), min_size=1)))
    return values, k, thresholds


@settings(max_examples=500, deadline=None)
@given(kernel_columns(), st.sampled_from([1, 3, 32768]))
def test_rank_counter_equals_a_plain_reference(column, slice_size):
    """Counts, or None (general path), are those of the rules applied value by value, for any dtype or slicing."""
    import warnings
    from unittest import mock

    from csat_examples import rate

    values, k, thresholds = column
    before = values.copy()
    with mock.patch.object(rate, "_SLICE", slice_size), warnings.catch_warnings():
        warnings.simplefilter("error")  # the cast of NaN or huge numbers must not warn
        counter = rate._RankCounter(k, thresholds, longest=max(1, len(values) // 2))  # announced too short
        got = counter.counts(values)
        again = counter.counts(values[: max(1, len(values) // 3)])  # the same buffers, a shorter column
    expected = _reference_counts(values, k, thresholds)
    assert (None if got is None else got.tolist()) == expected
    shorter = _reference_counts(values[: max(1, len(values) // 3)], k, thresholds)
    assert (None if again is None else again.tolist()) == shorter
    np.testing.assert_array_equal(values, before)


@pytest.mark.parametrize("group", [1, 8])
def test_rank_counter_rejects_each_awkward_number_alone_and_among_whole_ones(group):
    """Every awkward number, anywhere in a long column of valid answers, sends the column to the general path."""
    from unittest import mock

    from csat_examples import rate

    with mock.patch.object(rate, "_GROUP", group):  # 1: the column is two groups of ranks checked in turn
        _rejects_each_awkward_number(rate)


def _rejects_each_awkward_number(rate) -> None:
    for k in (5, 7):
        counter = rate._RankCounter(k, [1, k], longest=70000)
        column = np.tile(np.arange(1.0, k + 1), 70000 // k + 1)[:70000]
        assert counter.counts(column).tolist() == [70000, int(np.count_nonzero(column == k))]
        for number in _awkward_numbers(k):
            if float(number).is_integer() and 1 <= number <= k:
                continue
            for where in (0, 32767, 32768, 65535, 65536, 69999):  # in the first slice (which fails early), later
                spoilt = column.copy()
                spoilt[where] = number
                assert counter.counts(spoilt) is None, (k, number, where)


def test_kernel_buffers_are_kept_per_counter():
    """Reused from column to column by one counter (one library call), never shared between two, and a group long."""
    from csat_examples import rate

    counter, other = rate._RankCounter(7, [6]), rate._RankCounter(7, [6])
    here, _ = counter._group_buffer(1000)
    there, _ = other._group_buffer(1000)
    assert not np.shares_memory(here, there)
    assert np.shares_memory(counter._group_buffer(500)[0], here)
    assert here.dtype == np.uint8 and len(here) >= 2 * 1000
    # a column longer than a group is read group after group: nothing of the column's length is allocated
    longest = 10 * rate._SLICE * rate._GROUP
    buffer, group = rate._RankCounter(7, [6], longest=longest)._group_buffer(longest)
    assert group == rate._SLICE * rate._GROUP and len(buffer) == 2 * group
    column = np.tile(np.arange(1.0, 8.0), longest // 7 + 1)[:longest]
    counts = rate._RankCounter(7, [1, 6], longest=10).counts(column)
    assert counts.tolist() == [longest, np.count_nonzero(column >= 6)]


def test_threads_counting_at_once_get_their_own_numbers():
    """Concurrent calls on surveys of one size (so that a shared buffer would be shared) give each its own counts."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(19)
    surveys = [pd.DataFrame(rng.integers(low, 8, size=(100_000, 2)).astype(float), columns=["a", "b"])
               for low in [1, 3, 5, 6, 1, 2, 4, 7]]
    expected = [[int((s[c] >= 6).sum()) for c in s.columns] for s in surveys]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns between numpy calls, inside one call of the kernel
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert list(pool.map(lambda s: satisfaction_rate(s)["satisfied"].tolist(), surveys)) == expected
    finally:
        sys.setswitchinterval(interval)
