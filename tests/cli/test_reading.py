"""Reading survey files: encodings, header detection, merged cells, broken files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from csat_examples.errors import CsatInputError
from csat_examples.survey import Table, detect_encoding, read_table
from cli_helpers import HEADER, ROWS, write_csv, write_xlsx


def test_gbk_csv_is_detected_and_decoded(tmp_path):
    # Chinese Excel saves "CSV" in GBK: the labels must come back intact
    path = write_csv(tmp_path / "gbk.csv", [["业主1", "满意", "很满意"]], ["编号", "维修", "保洁"], encoding="gbk")
    assert detect_encoding(path) == "gb18030"
    table = read_table(path)
    assert list(table.data.columns) == ["编号", "维修", "保洁"]
    assert table.data.iloc[0].tolist() == ["业主1", "满意", "很满意"]
    assert table.encoding == "gb18030"


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    path = write_csv(tmp_path / "bom.csv", ROWS, encoding="utf-8-sig")
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert list(table.data.columns) == HEADER


def test_undecodable_bytes_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,q1\n\x81\x20\xff\xfe,3\n")
    with pytest.raises(CsatInputError, match="neither UTF-8 nor GB18030"):
        read_table(path)


def test_title_lines_above_the_header_are_skipped_and_rows_numbered_as_in_the_sheet(tmp_path):
    # line 1 title, line 2 blank, line 3 header, first answer on line 4
    path = write_csv(tmp_path / "t.csv", ROWS, preamble=["Owner survey 2025", ""])
    table = read_table(path)
    assert table.header_row == 3
    assert table.data.index[0] == 4
    assert table.data.loc[4, "id"] == "A1"


def test_blank_lines_keep_the_row_numbers_true(tmp_path):
    path = write_csv(tmp_path / "b.csv", [ROWS[0], [""] * 6, ROWS[1]])
    table = read_table(path)
    # header on line 1; A2 is on line 4 because line 3 is blank
    assert table.data.loc[4, "id"] == "A2"
    assert table.data.loc[3].isna().all()


def test_xlsx_merged_title_and_group_headings(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", ROWS, title="Owner survey",
                      groups=[("Reliability", 2, 3), ("Tangibles", 4, 4)])
    table = read_table(path)
    # row 1 title (merged), row 2 group headings (merged over q1:q2), row 3 header
    assert table.header_row == 3
    assert table.sheet == "Data"
    assert list(table.data.columns) == HEADER
    assert table.data.index[0] == 4
    assert table.groups["q1"] == "Reliability" and table.groups["q2"] == "Reliability"
    assert table.data.loc[4, "q1"] == 6


def test_xlsx_merged_header_cell_is_filled_for_each_column(tmp_path):
    import openpyxl

    path = tmp_path / "h.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "score", None])
    ws.merge_cells("B1:C1")  # one heading over two columns, no row below it with names
    ws.append(["a", 5, 6])
    book.save(path)
    table = read_table(path)
    # a merged heading on the only text row: it is the header, duplicate names get a suffix
    assert list(table.data.columns) == ["id", "score", "score.1"]


def test_xlsx_sheet_choice(tmp_path):
    import openpyxl

    path = write_xlsx(tmp_path / "s.xlsx", ROWS)
    book = openpyxl.load_workbook(path)
    other = book.create_sheet("Wave 2")
    other.append(HEADER)
    other.append(["B1", 1, 2, 3, 0, ""])
    book.save(path)
    assert read_table(path, sheet="Wave 2").data.loc[2, "id"] == "B1"
    with pytest.raises(CsatInputError, match="no such sheet.*Wave 2"):
        read_table(path, sheet="Wave 3")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("zero.csv", b"", r"empty \(0 bytes\)"),
        ("zero.xlsx", b"", r"empty \(0 bytes\)"),
        ("header.csv", ",".join(HEADER).encode() + b"\n", "no answers below the header"),
        ("blank.csv", b"\n\n  \n", "no text"),
        ("photo.xlsx", bytes(range(256)) * 40, "not an Excel .xlsx workbook"),
        ("old.xls", b"x", "old binary .xls"),
        ("data.json", b"{}", "unknown file type"),
    ],
)
def test_empty_and_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CsatInputError, match=message):
        read_table(path)


def test_empty_xlsx_sheet(tmp_path):
    import openpyxl

    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(CsatInputError, match="is empty"):
        read_table(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CsatInputError, match="cannot be opened"):
        read_table(path)


def test_row_with_more_cells_than_the_header_is_an_error_not_a_silent_drop(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id,q1\nA,5\nB,6,7\n", encoding="utf-8")
    with pytest.raises(CsatInputError, match="more cells than the header"):
        read_table(path)


def test_no_header_row(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(CsatInputError, match="no header row"):
        read_table(path)


def test_input_file_is_not_modified(tmp_path):
    path = write_xlsx(tmp_path / "keep.xlsx", ROWS, title="T", groups=[("G", 2, 3)])
    before = path.read_bytes()
    read_table(path)
    assert path.read_bytes() == before


def test_semicolon_separated(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("id;q1;q2\nA;5;6\n", encoding="utf-8")
    assert read_table(path).data.loc[2].tolist() == ["A", 5, 6]


def _same_table(path: Path, **kwargs: Any) -> Table:
    """Read ``path`` with both engines; they must give the same table. Returns the automatic one."""
    fast, slow = read_table(path, **kwargs), read_table(path, engine="openpyxl", **kwargs)
    pd.testing.assert_frame_equal(fast.data, slow.data, check_exact=True)
    for a, b in zip(fast.data.itertuples(), slow.data.itertuples()):
        assert [type(v) for v in a] == [type(v) for v in b]  # 5 stays an int, a date a datetime
    for name in ("sheet", "header_row", "groups", "renamed", "unread", "hidden_sheets", "blank_tail"):
        assert getattr(fast, name) == getattr(slow, name), name
    assert slow.reader == "openpyxl"
    return fast


def test_calamine_and_openpyxl_read_the_generated_owner_survey_alike(tmp_path):
    from tests import surveygen as gen

    survey = gen.generate(300)
    table = _same_table(gen.write_xlsx(survey, tmp_path / "owners.xlsx"))
    assert table.reader == "calamine" and table.header_row == 2
    assert table.data[gen.ID].tolist() == survey.table[gen.ID].tolist()


def test_calamine_and_openpyxl_agree_on_merged_groups_hidden_sheets_dates_and_offsets(tmp_path):
    import datetime

    path = write_xlsx(tmp_path / "g.xlsx", [["A1", 6, 7, 5, 9, "好"], ["A2", 1234567890123, 0.1, -3, 1e20, None]],
                      title="Owner survey", groups=[("Reliability", 2, 3)])
    assert _same_table(path).reader == "calamine"
    book = openpyxl.load_workbook(path)
    hidden = book.create_sheet("old", 0)
    hidden.sheet_state = "hidden"
    ws = book["Data"]
    ws["F5"] = datetime.date(2025, 3, 1)
    ws["E5"] = datetime.datetime(2025, 3, 1, 10, 30)
    ws["D5"] = datetime.time(8, 15)
    ws.insert_cols(1, 2)  # the table starts in column C
    book.save(path)
    table = _same_table(path)
    assert table.reader == "calamine" and table.hidden_sheets == ("old",)
    assert isinstance(table.data.iloc[1, -1], datetime.datetime) and table.data.iloc[1, 3] == 1234567890123


# a formula without its result and a blank string go to openpyxl; an empty string is no cell for either
@pytest.mark.parametrize("cell, reader", [("=1+4", "openpyxl"), ("   ", "openpyxl"), ("", "calamine")])
def test_sheets_calamine_would_read_differently_go_to_openpyxl(tmp_path, cell, reader):
    path = write_xlsx(tmp_path / "f.xlsx", [list(r) for r in ROWS])
    book = openpyxl.load_workbook(path)
    book["Data"]["F3"] = cell
    book.save(path)
    assert _same_table(path).reader == reader


@pytest.mark.parametrize("far", ["XFD1048576", "A1048576", "ZZ40"])
def test_a_cell_far_away_is_never_read_into_a_dense_grid(tmp_path, far):
    # calamine would hold A1..far as one grid (half a terabyte for XFD1048576) and abort the process;
    # such a sheet goes to openpyxl, which reads cells as written and refuses or ignores the stray one
    path = write_xlsx(tmp_path / "far.xlsx", [list(r) for r in ROWS])
    book = openpyxl.load_workbook(path)
    book["Data"][far] = "far"
    book.save(path)
    try:
        table = read_table(path)
    except CsatInputError as exc:
        assert "far" in str(exc)
    else:
        assert table.reader == "openpyxl"


def test_a_column_typed_apart_in_two_blocks_reads_the_same_with_or_without_the_progress_bar(tmp_path):
    import numpy as np

    # numbers in the first 300,000 rows, then text and blanks: pandas types each block of rows apart
    n = 600_000
    building = np.where(np.arange(n) < 300_000, (np.arange(n) % 7 + 1).astype(str), "B1").astype(object)
    building[-5:] = ""
    path = tmp_path / "mixed.csv"
    pd.DataFrame({"id": np.arange(n), "building": building, "q1": 5, "note": "a comment"}).to_csv(path, index=False)
    assert path.stat().st_size > 8 << 20  # large enough for the progress bar's reading in blocks
    quiet, shown = read_table(path), read_table(path, progress=True)
    pd.testing.assert_frame_equal(quiet.data, shown.data, check_exact=True)
    assert {type(v) for v in quiet.data["building"].dropna()} == {str}  # 12 and "B1" alike: text


def _decodes_whole(data: bytes) -> str | None:
    """The encoding detect_encoding must find: the first that decodes the whole file at once."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


@pytest.mark.parametrize("data", [
    # ASCII chunks are only checked, not decoded: around them the answer must be the whole file's
    b"id,q1\n" + b"a" * (2 << 20) + "满意".encode("utf-8") + b"\n",
    b"id,q1\n" + b"a" * (2 << 20) + "满意".encode("gbk") + b"\n",
    b"id,q1\n" + b"a" * (2 << 20) + b"\xff\xfe\n",  # neither
    "满".encode("utf-8") + b"a" * ((1 << 20) - 4) + "意".encode("utf-8") + b"a" * 10,  # 意 cut at the chunk's end
    # a character cut at a chunk's end, then an ASCII chunk: not valid UTF-8, though the bytes after the ASCII
    # chunk would complete the character (GB18030 reads the same bytes as pairs)
    b"a" * ((1 << 20) - 1) + b"\xe6" + b"a" * (1 << 20) + b"\xba\x80",
])
def test_encoding_is_the_one_that_decodes_the_whole_file(tmp_path, data):
    from csat_examples.survey import reading

    assert reading._CHUNK == 1 << 20  # the sizes above are made for this chunk
    path = tmp_path / "e.csv"
    path.write_bytes(data)
    expected = _decodes_whole(data)
    if expected is None:
        with pytest.raises(CsatInputError, match="neither UTF-8 nor GB18030"):
            detect_encoding(path)
    else:
        assert detect_encoding(path) == expected


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"id": ["a", None, None, "b"], "q1": [5, None, None, 6], "note": [None, None, "x", None]}),
    pd.DataFrame({"id": ["a", None, "b"], "q1": [5, 6, 7]}),  # an integer column: no row is blank
    pd.DataFrame({"a": [None, None], "b": [float("nan"), None]}, dtype=object),  # all blank
    pd.DataFrame(index=range(3)),  # no columns: every row is blank, as for isna().all(axis=1)
    # few blank rows left after the first column: the others are looked at on those rows only
    pd.DataFrame({"q1": [1.0] * 50 + [None] * 3, "id": ["x"] * 50 + [None, "y", None], "d": [None] * 52 + ["z"]}),
])
def test_blank_rows_are_the_rows_with_every_cell_empty(frame):
    from csat_examples.survey.reading import blank_rows

    expected = frame.isna().all(axis=1).to_numpy()
    assert blank_rows(frame).tolist() == expected.tolist()
    assert blank_rows(frame.astype({c: "str" for c in frame.columns if frame[c].dtype == object})).tolist() == expected.tolist()
