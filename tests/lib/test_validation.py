"""Every error path of csat_examples.validation, and that inputs are never modified."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from csat_examples.errors import CsatInputError, WeightsNormalizedWarning
from csat_examples.validation import (
    Exclusions,
    check_weights,
    handle_missing,
    require_columns,
    require_in_range,
    require_not_empty,
    require_numeric,
    require_unique,
)


@pytest.fixture
def answers() -> pd.DataFrame:
    return pd.DataFrame(
        {"q1": [1.0, 4.0, 7.0], "q2": [2.0, np.nan, 5.0], "q3": [3, 3, 3]},
        index=["r1", "r2", "r3"],
    )


def test_require_columns_names_the_unknown_item_and_lists_the_real_ones(answers):
    require_columns(answers, ["q1", "q3"])
    with pytest.raises(CsatInputError) as info:
        require_columns(answers, ["q1", "q7"], argument="items")
    err = info.value
    assert (err.argument, err.column, err.value) == ("items", "q7", "q7")
    assert "['q1', 'q2', 'q3']" in str(err)


def test_require_columns_rejects_non_frames():
    with pytest.raises(CsatInputError, match="expected a pandas DataFrame, got list"):
        require_columns([[1, 2]], ["q1"])


@pytest.mark.parametrize(
    "frame, problem",
    [
        (pd.DataFrame({"q1": []}), "no rows"),
        (pd.DataFrame(index=[0, 1]), "no columns"),
    ],
)
def test_require_not_empty_frames(frame, problem):
    with pytest.raises(CsatInputError, match=problem) as info:
        require_not_empty(frame, "data")
    assert "Fix:" in str(info.value)


def test_require_not_empty_series():
    require_not_empty(pd.Series([1]))
    with pytest.raises(CsatInputError, match="no values"):
        require_not_empty(pd.Series([], dtype=float), "responses")


def test_require_numeric_reports_row_column_value_and_count():
    df = pd.DataFrame({"q1": [1, "five", 3, "x"], "q2": [1.0, 2.0, 3.0, 4.0]}, index=list("abcd"))
    require_numeric(df, ["q2"])
    with pytest.raises(CsatInputError) as info:
        require_numeric(df, None, argument="data")
    err = info.value
    assert (err.row, err.column, err.value) == ("b", "q1", "five")
    assert "2 cells" in str(err) and "to_ranks" in str(err)


def test_require_numeric_accepts_object_columns_of_numbers_and_blanks():
    df = pd.DataFrame({"q1": pd.Series([1, 2.5, None, np.nan], dtype=object)})
    require_numeric(df)


def test_require_numeric_rejects_booleans():
    with pytest.raises(CsatInputError, match="not a number"):
        require_numeric(pd.DataFrame({"q1": [True, False]}))


def test_require_in_range_first_offending_cell_in_row_order():
    df = pd.DataFrame({"q1": [1, 2, 0], "q2": [3, 8, 4]}, index=[10, 11, 12])
    with pytest.raises(CsatInputError) as info:
        require_in_range(df, ["q1", "q2"], 1, 7)
    err = info.value
    # row 11 comes before row 12 even though q1 comes before q2.
    assert (err.row, err.column, err.value) == (11, "q2", 8)
    assert "2 cells" in str(err) and "1..7" in str(err)


def test_require_in_range_ignores_blanks_and_accepts_bounds():
    df = pd.DataFrame({"q1": [1.0, np.nan, 7.0]})
    require_in_range(df, None, 1, 7)
    require_in_range(pd.DataFrame({"q1": [np.nan, np.nan]}), None, 1, 7)
    with pytest.raises(CsatInputError, match="outside"):
        require_in_range(pd.DataFrame({"q1": [np.nan, 7.5]}), None, 1, 7)


def test_require_unique_names_the_repeat_and_the_first_row():
    ids = pd.Series(["a", "b", "a", "b", "c"], name="respondent_id")
    with pytest.raises(CsatInputError) as info:
        require_unique(ids, "respondent_id")
    err = info.value
    assert (err.row, err.value, err.column) == (2, "a", "respondent_id")
    assert "2 repeats" in str(err) and "row 0" in str(err)
    require_unique(pd.Series(["a", "b"]))


def test_require_unique_accepts_an_index():
    require_unique(pd.Index(["a", "b"]))
    with pytest.raises(CsatInputError) as info:
        require_unique(pd.Index(["x", "y", "x"], name="respondent_id"))
    assert (info.value.row, info.value.value, info.value.column) == (2, "x", "respondent_id")


def test_check_weights_orders_by_items_and_returns_floats():
    w = check_weights({"b": 0.4, "a": 0.6}, ["a", "b"])
    assert w.index.tolist() == ["a", "b"]
    assert w.dtype == float and w.tolist() == [0.6, 0.4]


def test_check_weights_tolerance_is_1e_9():
    check_weights({"a": 0.5, "b": 0.5 + 5e-10}, ["a", "b"])
    with pytest.raises(CsatInputError, match="not 1"):
        check_weights({"a": 0.5, "b": 0.5 + 5e-9}, ["a", "b"])


@pytest.mark.parametrize(
    "weights, items, problem, column",
    [
        ({"a": -0.1, "b": 1.1}, ["a", "b"], "negative", "a"),
        ({"a": 0.5}, ["a", "b"], "no weight for an item", "b"),
        ({"a": 0.5, "b": 0.3, "z": 0.2}, ["a", "b"], "not in the data", "z"),
        ({"a": "0.5", "b": 0.5}, ["a", "b"], "not a number", "a"),
        ({"a": float("nan"), "b": 0.5}, ["a", "b"], "not finite", "a"),
        ({"a": 0.0, "b": 0.0}, ["a", "b"], "sum to 0", None),
        ({"a": 0.3, "b": 0.65}, ["a", "b"], "sum to 0.95", None),
    ],
)
def test_check_weights_error_paths(weights, items, problem, column):
    with pytest.raises(CsatInputError, match=problem) as info:
        check_weights(weights, items)
    assert info.value.argument == "weights"
    assert info.value.column == column
    assert "Fix:" in str(info.value)


def test_check_weights_rejects_duplicate_items_and_wrong_types():
    with pytest.raises(CsatInputError, match="two weights"):
        check_weights(pd.Series([0.5, 0.5], index=["a", "a"]))
    with pytest.raises(CsatInputError, match="mapping"):
        check_weights([0.5, 0.5], ["a", "b"])


def test_check_weights_normalize_rescales_and_warns():
    with pytest.warns(WeightsNormalizedWarning, match="0.95"):
        w = check_weights({"a": 0.3, "b": 0.65}, ["a", "b"], normalize=True)
    # 0.3 / 0.95 and 0.65 / 0.95
    assert w.tolist() == pytest.approx([0.3 / 0.95, 0.65 / 0.95])


def test_check_weights_normalize_is_silent_when_already_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = check_weights({"a": 0.25, "b": 0.75}, normalize=True)
    assert w.tolist() == [0.25, 0.75]


def test_check_weights_does_not_modify_the_callers_series():
    original = pd.Series({"a": 1.0, "b": 3.0})
    before = original.copy()
    with pytest.warns(WeightsNormalizedWarning):
        check_weights(original, normalize=True)
    pd.testing.assert_series_equal(original, before)


def test_handle_missing_error_names_first_blank(answers):
    with pytest.raises(CsatInputError) as info:
        handle_missing(answers, ["q1", "q2"], "error")
    err = info.value
    assert (err.row, err.column) == ("r2", "q2")
    assert np.isnan(err.value)
    assert "missing='exclude'" in str(err)


def test_handle_missing_exclude_counts_and_does_not_modify(answers):
    before = answers.copy()
    kept, excluded = handle_missing(answers, ["q1", "q2"], "exclude")
    assert kept.index.tolist() == ["r1", "r3"]
    assert excluded == Exclusions(1, ("r2",), "missing answer in q2")
    pd.testing.assert_frame_equal(answers, before)


def test_handle_missing_only_looks_at_the_named_columns(answers):
    kept, excluded = handle_missing(answers, ["q1"], "error")
    assert kept is answers and excluded == Exclusions.none() and not excluded


def test_handle_missing_rejects_unknown_policy(answers):
    with pytest.raises(CsatInputError) as info:
        handle_missing(answers, ["q1"], "drop")
    assert info.value.argument == "missing" and info.value.value == "drop"
