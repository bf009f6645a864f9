"""Checking a survey against its config: every bad cell named, nothing dropped silently."""

from __future__ import annotations

import copy

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from csat_examples.errors import CsatInputError
from csat_examples.survey import load_survey, parse_config, survey_from_frame
from cli_helpers import CONFIG, HEADER, ROWS, write_csv, write_xlsx


def test_clean_file_keeps_every_row_and_converts_codes_to_ranks(tmp_path):
    s = load_survey(write_csv(tmp_path / "ok.csv", ROWS), CONFIG)
    assert s.respondents == 4 and s.rows_read == 4 and s.log.empty
    assert s.data.loc[2, ["q1", "q2", "q3"]].tolist() == [6.0, 7.0, 5.0]
    assert s.ignored_columns == ()


def test_out_of_range_score_names_row_column_value_and_fix(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[2][2] = 9  # A3's q2, on spreadsheet row 4 (header on row 1)
    path = write_csv(tmp_path / "range.csv", rows)
    with pytest.raises(CsatInputError) as err:
        load_survey(path, CONFIG)
    text = str(err.value)
    assert "row 4" in text and "column 'q2'" in text and "value 9" in text
    assert "score outside the scale 1..7" in text and "Fix:" in text and "--on-invalid=exclude" in text


def test_bad_cell_in_xlsx_names_the_sheet_and_the_row_as_shown(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][1] = "great"  # A1's q1: row 3 (title row 1, header row 2)
    path = write_xlsx(tmp_path / "x.xlsx", rows, title="Owner survey", sheet="Wave 1")
    with pytest.raises(CsatInputError) as err:
        load_survey(path, CONFIG)
    text = str(err.value)
    assert "sheet 'Wave 1'" in text and "row 3" in text and "column 'q1'" in text and "'great'" in text


def test_label_not_on_the_scale(tmp_path):
    cfg = {**CONFIG, "scale": {"levels": 5}}
    rows = copy.deepcopy(ROWS)
    for r in rows:
        r[1:4] = ["满意", "Very satisfied", "一般"]
    rows[1][3] = "较满意"  # a 7-level label on a 5-level scale
    path = write_csv(tmp_path / "labels.csv", rows)
    with pytest.raises(CsatInputError, match=r"not a level of the 5-level scale \(row 3, column 'q3', value '较满意'\)"):
        load_survey(path, cfg)
    s = load_survey(path, cfg, on_invalid="exclude")
    assert s.data["q1"].tolist() == [4.0, 4.0, 4.0]  # 满意 is rank 4 of 5
    assert s.data["q2"].tolist() == [5.0, 5.0, 5.0]
    assert s.log[["row", "column", "value"]].values.tolist() == [[3, "q3", "较满意"]]


def test_exclude_lists_every_bad_cell_and_keeps_the_rest(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][1] = 0      # row 2, q1 out of range
    rows[0][4] = 11     # row 2, nps out of range
    rows[3][3] = "abc"  # row 5, q3 not a level
    s = load_survey(write_csv(tmp_path / "many.csv", rows), CONFIG, on_invalid="exclude")
    assert s.log[["row", "column"]].values.tolist() == [[2, "nps"], [2, "q1"], [5, "q3"]]
    assert set(s.log["action"]) == {"row excluded"}
    assert s.excluded_rows == [2, 5]
    assert list(s.data.index) == [3, 4]


def test_error_mode_counts_the_other_bad_cells(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0][1] = 0
    rows[3][3] = "abc"
    with pytest.raises(CsatInputError, match="; 1 more bad cells"):
        load_survey(write_csv(tmp_path / "two.csv", rows), CONFIG)


def test_blank_rows_are_logged_not_dropped_silently(tmp_path):
    rows = [ROWS[0], [""] * 6, ROWS[1], [""] * 6]
    s = load_survey(write_csv(tmp_path / "blank.csv", rows), CONFIG)
    assert s.respondents == 2
    assert s.log[["row", "problem"]].values.tolist() == [[3, "blank row"], [5, "blank row"]]


def test_blank_answers_are_counted_not_errors(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[1][2] = ""
    s = load_survey(write_csv(tmp_path / "gap.csv", rows), CONFIG)
    assert s.respondents == 4
    assert s.missing["q2"] == 1 and pd.isna(s.data.loc[3, "q2"])


def test_duplicated_ids(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[3][0] = "A1"  # row 5 repeats row 2's id
    path = write_csv(tmp_path / "dup.csv", rows)
    with pytest.raises(CsatInputError, match=r"duplicate respondent id \(first on row 2\).*row 5"):
        load_survey(path, CONFIG)
    s = load_survey(path, CONFIG, on_invalid="exclude")
    assert s.excluded_rows == [5] and s.data.loc[2, "id"] == "A1"


def test_column_named_in_config_but_missing_from_file(tmp_path):
    cfg = {**CONFIG, "items": {"q1": "reliability", "q2": "reliability", "q4": "tangibles"}}
    with pytest.raises(CsatInputError, match=r"does not have.*column 'q4'.*did you mean 'q1'|does not have.*column 'q4'"):
        load_survey(write_csv(tmp_path / "ok.csv", ROWS), cfg)
    # even in exclude mode: a config error is not a row problem
    with pytest.raises(CsatInputError, match="column 'q4'"):
        load_survey(write_csv(tmp_path / "ok2.csv", ROWS), cfg, on_invalid="exclude")


def test_file_columns_the_config_does_not_use_are_listed(tmp_path):
    cfg = {k: v for k, v in CONFIG.items() if k != "text"}
    s = load_survey(write_csv(tmp_path / "ok.csv", ROWS), cfg)
    assert s.ignored_columns == ("comment",)


def test_weight_tree_not_matching_the_columns(tmp_path):
    cfg = {**CONFIG, "weights": {"reliability": {"weight": 0.6, "children": {"q1": 0.5, "q9": 0.5}}, "q3": 0.4}}
    with pytest.raises(CsatInputError, match=r"weights do not match the items.*'q9'.*'q2'"):
        load_survey(write_csv(tmp_path / "ok.csv", ROWS), cfg)


def test_flat_weights_missing_an_item(tmp_path):
    cfg = {**CONFIG, "weights": {"q1": 0.5, "q2": 0.5}}
    with pytest.raises(CsatInputError, match="items without weight.*q3"):
        load_survey(write_csv(tmp_path / "ok.csv", ROWS), cfg)


def test_sources_scoring_numbers(tmp_path):
    # numbers on the sources' -60..60 scoring: 40 is 满意 (rank 6), 60 很满意 (7), -60 很不满意 (1)
    cfg = {**CONFIG, "scale": {"numbers": "sources"}}
    rows = [["A1", 40, 60, -60, 9, ""], ["A2", 30, 0, 0, 9, ""]]
    s = load_survey(write_csv(tmp_path / "src.csv", rows), cfg, on_invalid="exclude")
    assert s.data.loc[2, ["q1", "q2", "q3"]].tolist() == [6.0, 7.0, 1.0]
    assert s.log[["row", "column", "value"]].values.tolist() == [[3, "q1", "30"]]


def test_config_errors_name_the_key():
    with pytest.raises(CsatInputError, match="config key 'scale.levels'"):
        parse_config({"items": {"q1": "a"}, "scale": {"levels": 10}})
    with pytest.raises(CsatInputError, match="unknown keys.*'itmes'"):
        parse_config({"itmes": {"q1": "a"}})
    with pytest.raises(CsatInputError, match="config key 'importance'.*names dimensions"):
        parse_config({"items": {"q1": "a"}, "importance": {"b": "imp_b"}})


def test_caller_frame_is_not_modified():
    frame = pd.DataFrame([r for r in ROWS], columns=HEADER)
    before = frame.copy()
    survey_from_frame(frame, CONFIG)
    pd.testing.assert_frame_equal(frame, before)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.integers(-2, 9), st.sampled_from(["满意", "bad", "", "Neutral"])), min_size=1, max_size=30))
def test_every_row_read_is_kept_or_listed(answers):
    # invariant: rows read = rows kept + rows excluded, and each excluded row is in the log
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(answers))], "q1": answers})
    cfg = {"respondent_id": "id", "items": {"q1": "x"}}
    try:
        s = survey_from_frame(frame, cfg, on_invalid="exclude")
    except CsatInputError as err:
        assert "no row is left" in str(err)
        return
    assert s.respondents + len(s.excluded_rows) == s.rows_read == len(answers)
    assert set(s.data.index).isdisjoint(s.excluded_rows)


def test_ids_are_stripped_text_whatever_their_type_and_blank_ids_are_named():
    # text ids with white space, whitespace-only and empty ids; ids written as numbers take the general path
    cfg = {"respondent_id": "id", "items": {"q1": "x"}}
    frame = pd.DataFrame({"id": [" A1", "A2 ", "\tA3\u3000", "  ", None, "A1"], "q1": [5, 6, 7, 5, 6, 7]})
    s = survey_from_frame(frame, cfg, on_invalid="exclude")
    assert s.data["id"].tolist() == ["A1", "A2", "A3"] and s.data["id"].dtype == "str"
    assert s.log[["row", "problem"]].values.tolist() == [
        [5, "blank respondent id"], [6, "blank respondent id"], [7, "duplicate respondent id (first on row 2)"]]
    numbers = survey_from_frame(pd.DataFrame({"id": [101, 102], "q1": [5, 6]}), cfg)
    assert numbers.data["id"].tolist() == ["101", "102"] and numbers.data["id"].dtype == "str"
    mixed = survey_from_frame(pd.DataFrame({"id": ["A1", 7, 7.5, None], "q1": [5, 6, 7, 5]}, dtype=object), cfg,
                              on_invalid="exclude")
    assert mixed.data["id"].tolist() == ["A1", "7", "7.5"] and mixed.excluded_rows == [5]


def test_cleaned_table_keeps_the_column_order_and_types(tmp_path):
    # answers (float ranks and numbers) first, in config order, then the text columns as text
    cfg = {"respondent_id": "id", "items": {"q1": "x", "q2": "x"}, "overall": "all", "nps": "nps", "wave": "wave",
           "by": ["estate"], "cause": "cause", "text": ["note"], "importance": {"x": "imp"}}
    frame = pd.DataFrame({"note": ["ok", "", " fine "], "estate": ["E1 ", 2, None], "cause": ["noise", None, "N/A"],
                          "wave": [2025, 2025, 2025], "imp": [50, 60.5, None], "nps": [9, 10, None], "all": ["满意", 7, 5],
                          "q2": [5, None, 6], "q1": ["很满意", 6, None], "id": ["a", "b", "c"]})
    s = survey_from_frame(frame, cfg)
    assert list(s.data.columns) == ["q1", "q2", "all", "nps", "imp", "wave", "cause", "estate", "note", "id"]
    assert [str(t) for t in s.data.dtypes] == ["float64"] * 5 + ["str"] * 5
    assert s.data["estate"].tolist() == ["E1", "2", ""] and s.data["cause"].tolist() == ["noise", "", ""]
    assert s.data["wave"].tolist() == ["2025"] * 3 and s.data["note"].tolist() == ["ok", "", "fine"]
    assert s.data["q1"].tolist()[:2] == [7.0, 6.0] and s.missing.to_dict() == {"q1": 1, "q2": 1, "all": 0, "nps": 1}
    assert s.blank_markers.values.tolist() == [["cause", "N/A", 1]]


def test_a_row_answering_only_in_text_is_kept_and_a_row_of_labels_alone_is_listed():
    cfg = {"respondent_id": "id", "items": {"q1": "x"}, "wave": "wave", "by": ["estate"], "text": ["note"]}
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "q1": [5, None, None, 6], "wave": ["2025"] * 4,
                          "estate": ["E1", "E1", None, "E2"], "note": ["", "slow repairs", None, ""]})
    s = survey_from_frame(frame, cfg, on_invalid="exclude")
    assert s.data["id"].tolist() == ["a", "b", "d"]  # b answered in the comment only
    assert s.log[["row", "column", "value"]].values.tolist() == [[4, "id", "c"]]
    assert s.log["problem"][0].startswith("no answer in any column the config uses")


def test_a_rare_wave_label_is_named_against_the_largest_wave_whatever_the_blank_waves():
    # blank waves outnumber every label: a blank is no label, neither the largest wave nor a typo
    cfg = {"respondent_id": "id", "items": {"q1": "x"}, "wave": "wave"}
    waves = ["2025"] * 30 + ["2062"] + [""] * 40
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(waves))], "q1": [5] * len(waves), "wave": waves})
    with pytest.raises(CsatInputError, match=r"only 1 rows while '2025' has 30.*row 32, column 'wave', value '2062'"):
        survey_from_frame(frame, cfg)


def _rank_or_bad(value):
    return (float(value), None, None) if 1 <= value <= 7 else (None, "outside", "fix")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=40), st.sets(st.sampled_from(["0", "8", "9", "12"])),
       st.sampled_from(["int64", "int8", "uint16"]))
def test_whole_numbers_read_by_value_convert_as_factorized(values, na, dtype):
    # a column of small whole numbers is read by value: the same numbers, bad values, counts and their order
    # (first cell first) as the same values factorized one by one as objects
    from csat_examples.survey.cleaning import _codes, _convert

    by_value = pd.Series(values, dtype=dtype)
    assert _codes(by_value)[0] is by_value.to_numpy() or _codes(by_value)[0].tolist() == values
    numbers, bad, counted, declared = _convert(by_value, _rank_or_bad, True, frozenset(na))
    numbers_o, bad_o, counted_o, declared_o = _convert(pd.Series(values, dtype=object), _rank_or_bad, True, frozenset(na))
    assert numbers.tobytes() == numbers_o.tobytes()
    assert list(bad.items()) == list(bad_o.items())
    assert list(counted.items()) == list(counted_o.items()) == []
    assert list(declared.items()) == list(declared_o.items())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(2024, 2026),
                          st.sampled_from(["2025", " 2025", "2026 ", "N/A", "", " ", "a", "b"])), max_size=40))
def test_labels_are_counted_as_value_counts_counts_the_text(values):
    # the wave labels are counted from the distinct values: the counts and order of value_counts() of the text
    from csat_examples.survey.cleaning import _as_text

    text, _, labels = _as_text(pd.Series(values, dtype=object), markers=True, labels=True)
    counts = text.value_counts()
    assert list(labels.items()) == [(str(k), int(n)) for k, n in counts.items() if k != ""]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", " a", "", None]), min_size=1, max_size=12), st.booleans())
def test_repeated_ids_are_named_whatever_their_order(ids, in_order):
    # increasing ids are known distinct without hashing; any other order is hashed: both find every repeat
    frame = pd.DataFrame({"id": sorted(ids, key=str) if in_order else ids, "q1": [5] * len(ids)})
    text = frame["id"].map(lambda v: "" if pd.isna(v) else v.strip())
    expected = sorted(int(r) + 2 for r in text.index[text.duplicated() & (text != "")])
    try:
        s = survey_from_frame(frame, {"respondent_id": "id", "items": {"q1": "x"}}, on_invalid="exclude")
    except CsatInputError as err:
        assert "no row is left" in str(err)
        return
    assert sorted(s.log.loc[s.log["problem"].str.startswith("duplicate"), "row"]) == expected
