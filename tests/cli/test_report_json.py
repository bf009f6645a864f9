"""results.json: tables converted column by column and written one row per line, the same content as before."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from csat_examples.report import build_report, to_jsonable
from csat_examples.report.output import results_text
from csat_examples.survey import course_survey


def _value_by_value(value):
    """The reference: every cell through to_jsonable, rows from pandas (how results.json was made before)."""
    if isinstance(value, pd.DataFrame):
        return [{str(k): to_jsonable(v) for k, v in row.items()} for row in value.to_dict("records")]
    return to_jsonable(value)


def _mixed_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "f": [1.5, np.nan, np.inf, -np.inf], "f32": np.array([0.1, 2, 3, 4], dtype="float32"),
        "i": np.array([1, -2, 3, 4], dtype="int64"), "u8": np.array([1, 2, 3, 255], dtype="uint8"),
        "b": [True, False, True, False], "I": pd.array([1, None, 3, 4], dtype="Int64"),
        "B": pd.array([True, None, False, True], dtype="boolean"),
        "s": ["a", None, float("nan"), "满意"], "S": pd.array(["x", None, "y", "z"], dtype="string"),
        "o": [[1, 2], {"k": np.float64(0.5)}, np.int64(7), pd.NA],
        "d": pd.to_datetime(["2025-01-01", None, "2025-03-01", "2025-04-01"]),
        "c": pd.Categorical(["low", None, "high", "low"]), 3: [0.25, 0.5, 0.75, 1.0],
    }, index=[10, 11, 12, 13])


def test_tables_convert_column_by_column_as_they_did_value_by_value():
    frame = _mixed_frame()
    got = to_jsonable(frame)
    assert got == _value_by_value(frame)
    # equal, and of the same JSON types (1 and 1.0, True and 1 compare equal in Python)
    assert json.dumps(got) == json.dumps(_value_by_value(frame))
    assert to_jsonable(frame.iloc[:0]) == [] and to_jsonable(pd.DataFrame(index=[1, 2])) == [{}, {}]


def test_results_text_reads_back_as_the_indented_json_did_with_one_line_per_table_row():
    report = build_report(course_survey(), charts=False)
    raw = {"title": report.title, "sections": report.results(), "mixed": _mixed_frame()}
    text = results_text(raw)
    expected = to_jsonable(raw)
    assert json.loads(text) == expected
    # the same JSON types too (1 and 1.0, True and 1 compare equal in Python)
    assert json.dumps(json.loads(text)) == json.dumps(expected)
    assert json.loads(text)["mixed"] == _value_by_value(_mixed_frame())
    lines = text.splitlines()
    rows = {line.strip().rstrip(",") for line in lines}
    # each row whole on a line of its own, keys in the table's order
    assert all(json.dumps(row, ensure_ascii=False) in rows for row in expected["sections"]["items"]["items"])
    assert lines[1] == f'  "title": {json.dumps(report.title, ensure_ascii=False)},'  # the rest stays indented
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in json.loads(text)["sections"]["nps"].values())
