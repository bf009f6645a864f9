"""Read a survey file (CSV or XLSX) into a table whose index is the spreadsheet row.

How a file is read
------------------
* **Format** comes from the extension: ``.csv`` / ``.txt`` are CSV, ``.xlsx`` /
  ``.xlsm`` are Excel workbooks (the first *visible* sheet, or the one named
  by ``sheet``; hidden sheets are listed in ``Table.hidden_sheets``).  Old
  binary ``.xls`` files are refused with the fix (save as ``.xlsx``).
* **Encoding of a CSV**: the whole file is first decoded as UTF-8 (a byte-order
  mark, as Excel writes it, is accepted: ``utf-8-sig``); if that fails it is
  decoded as GB18030, the superset of GBK and GB2312 that Chinese offices'
  Excel saves as "CSV".  If neither decodes, the file is refused.
* **Delimiter of a CSV**: comma, semicolon or tab, sniffed from the first lines;
  lines may end in ``\\n``, ``\\r\\n`` or a lone ``\\r``.
* **Cells are read as written**: only an empty cell is blank.  Text such as
  ``NA``, ``N/A``, ``null`` or ``#N/A`` stays text here; the cleaning step
  decides what it means (and counts it).
* **Header row**: the first row (of the first 30) whose non-empty cells cover
  more than half of the table's width and are at least two-thirds text (not
  numbers).  Title lines above the header ("Owner survey 2025") and blank lines
  are skipped that way.  In a workbook, merged cells are first filled with the
  value of their top-left cell, as a reader sees them; a row that holds a
  cell merged across several columns (a group heading such as "Reliability"
  over three item columns) is not the header when one of the three rows
  below it also looks like a header: the header is then that row,
  and the group heading is kept for each column (``Table.groups``; the
  config writer offers it as the item's dimension).  A blank or repeated
  header cell gets a made-up unique name (``Unnamed: 3``, ``q1.1``), listed in
  ``Table.renamed`` so that a config cannot use it by mistake.
* **Row numbers** are the ones the user sees in the spreadsheet program:
  header row number + 1 for the first data row, 1-based.  The table's index
  holds them, so every message can name the row.  Blank lines are kept (as
  all-missing rows) so the numbering stays true.
* **Limits**, so that a small hostile file cannot exhaust the machine: a run of
  more than :data:`MAX_BLANK_RUN` blank rows ends the table (blank rows after
  the last answer are counted in ``Table.blank_tail`` and not read; a cell
  after such a gap is refused, as a stray cell); a cell to the right of the
  header's last column is refused, as in a CSV; a workbook part that expands
  more than :data:`MAX_EXPANSION` times (a "zip bomb") is refused; the size
  a worksheet *claims* is ignored (rows are read as they are).
* **Formulas** in a workbook are read as the result the spreadsheet program
  saved with them.  A formula saved without a result (a file written by a
  program that does not calculate) has no value: such cells are listed in
  ``Table.unread`` and the cleaning step refuses them where they are used.

The input file is only ever opened for reading.  XLSX rows come from one
place at a time: :class:`_CalamineRows` (the Rust calamine reader, several
times faster) when the sheet's cells are plain values it reads exactly as
openpyxl does, else :class:`_Rows` (openpyxl's own parser, which also sees
formulas saved without their result).  Merged ranges are found by a scan of
the sheet's XML either way.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import CsatInputError

__all__ = [
    "Table", "read_table", "table_from_frame", "detect_encoding", "find_header_row", "blank_rows",
    "MAX_BLANK_RUN", "MAX_CELL_CHARS", "MAX_EXPANSION",
]

_CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_SNIFF_ROWS = 30
_CHUNK = 1 << 20
#: More consecutive blank rows than this end the table.
MAX_BLANK_RUN = 1000
#: Excel's own limit on the characters of one cell; a longer header cell is refused.
MAX_CELL_CHARS = 32_767
#: A workbook part may expand at most this many times (ordinary sheets expand 5-20 times)...
MAX_EXPANSION = 100
#: ...once it is larger than this many bytes.
_EXPANSION_FLOOR = 50 << 20


@dataclass(frozen=True)
class Table:
    """A survey table as read, before any check of its values.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per spreadsheet row below the header (blank rows included),
        index = the row number shown by the spreadsheet program.
    source : str
        Path of the file (or a description for an in-memory frame).
    sheet : str or None
        Worksheet name (XLSX only).
    encoding : str or None
        Encoding used to decode a CSV.
    header_row : int
        1-based row number of the header.
    groups : dict
        Column -> group heading from a merged row above the header (XLSX).
    renamed : dict
        Made-up column name -> the header cell it stands for (``""`` for a
        blank header cell), for blank and repeated header cells.
    unread : tuple of (row, column, formula)
        Cells holding a formula saved without its result (XLSX).
    hidden_sheets : tuple of str
        Hidden sheets passed over when choosing the first sheet (XLSX).
    blank_tail : int
        Blank rows after the last answer that were not read (more than
        :data:`MAX_BLANK_RUN` in a row).
    reader : str or None
        What read the cells: ``"csv"``, ``"calamine"`` or ``"openpyxl"``
        (a workbook with formulas, error values or blank strings, or
        ``engine="openpyxl"``).
    """

    data: pd.DataFrame
    source: str
    sheet: str | None = None
    encoding: str | None = None
    header_row: int = 1
    groups: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    unread: tuple[tuple[int, str, str], ...] = ()
    hidden_sheets: tuple[str, ...] = ()
    blank_tail: int = 0
    reader: str | None = None

    def where(self, row: object) -> str:
        """Human description of a row, e.g. ``"sheet 'Data', row 5"``.

        Examples
        --------
        >>> t = table_from_frame(pd.DataFrame({"a": [1]}))
        >>> t.where(2)
        'row 2'
        """
        return f"sheet {self.sheet!r}, row {row}" if self.sheet else f"row {row}"


def _file_error(key: str, path: Path, sheet: str | None = None, **kwargs: Any) -> CsatInputError:
    if sheet is not None:
        return CsatInputError.from_terms(key, where="sheet", file=str(path), sheet=sheet, **kwargs)
    return CsatInputError.from_terms(key, where="file", file=str(path), **kwargs)


def detect_encoding(path: str | Path) -> str:
    """Return ``"utf-8-sig"`` or ``"gb18030"``: the first that decodes the whole file.

    The file is streamed through an incremental decoder, so memory stays small;
    chunks of pure ASCII (valid in both) are only checked, not decoded.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "gbk.csv")
    >>> _ = open(p, "wb").write("满意度,评分\\n满意,6\\n".encode("gbk"))
    >>> detect_encoding(p)
    'gb18030'
    """
    path = Path(path)
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    # ASCII decodes alike in both encodings: a chunk of it (an English survey, numbers) is only
                    # checked, many times faster than decoding, unless a character was cut at the last chunk's end
                    if chunk.isascii() and not decoder.getstate()[0]:
                        continue
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _file_error("not_text", path)


def _is_text(value: object) -> bool:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    if isinstance(value, (int, float, np.number)):
        return False
    text = str(value).strip()
    if not text:
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def find_header_row(rows: list[list[object]], skip: frozenset[int] = frozenset()) -> int:
    """Index (0-based) of the header among the first rows of a sheet.

    The header is the first row whose non-empty cells cover more than half of
    the widest row and are at least two-thirds text; a row in ``skip`` (group
    headings of merged cells) is passed over when one of the next three rows
    qualifies.

    Examples
    --------
    >>> find_header_row([["Owner survey 2025"], [], ["id", "q1", "q2"], ["a", 5, 6]])
    2
    >>> find_header_row([[1, 2, 3]])
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: file: no header row found in the first 30 rows: no row has mostly text cells. Fix: ...
    """
    width = max((sum(not _is_blank(v) for v in r) for r in rows), default=0)

    def qualifies(r: list[object]) -> bool:
        filled = [v for v in r if not _is_blank(v)]
        return bool(width) and len(filled) > width / 2 and sum(map(_is_text, filled)) >= 2 / 3 * len(filled)

    for i, r in enumerate(rows[:_SNIFF_ROWS]):
        if qualifies(r):
            # a group-heading row is the header only when no header row follows it
            if i in skip and any(qualifies(below) for below in rows[i + 1 : i + 4]):
                continue
            return i
    raise CsatInputError.from_terms("no_header", where="file_unnamed", rows=_SNIFF_ROWS)


def _unique(written: list[str]) -> tuple[list[str], dict[str, str]]:
    """Unique column names, and made-up name -> header cell for blank or repeated cells."""
    taken = set(written)
    names: list[str] = []
    renamed: dict[str, str] = {}
    used: set[str] = set()
    for i, name in enumerate(written):
        if name and name not in used:
            names.append(name)
            used.add(name)
            continue
        candidate, k = (f"Unnamed: {i}", 0) if not name else (f"{name}.1", 1)
        while candidate in used or candidate in taken:  # never the name of another header cell
            k += 1
            candidate = f"Unnamed: {i}.{k}" if not name else f"{name}.{k}"
        names.append(candidate)
        used.add(candidate)
        renamed[candidate] = name
    return names, renamed


def _column_names(values: list[object]) -> tuple[list[str], dict[str, str]]:
    return _unique(["" if _is_blank(v) else str(v).strip() for v in values])


def blank_rows(data: pd.DataFrame) -> np.ndarray:
    """Mask of the rows whose every cell is empty: ``data.isna().all(axis=1)``, computed faster.

    Finding the empty cells of a text column is the slow part on a large
    table, so number columns are looked at first (an integer column has no
    empty cell: then no row is blank, and no text column is scanned), and
    a text column only on the rows still blank.

    Examples
    --------
    >>> blank_rows(pd.DataFrame({"a": ["x", None, None], "b": [1.0, None, 2.0]})).tolist()
    [False, True, False]
    >>> blank_rows(pd.DataFrame({"a": ["x", None], "b": [1, 2]})).tolist()
    [False, False]
    """
    blank = np.ones(len(data), dtype=bool)
    kinds = [dtype.kind for dtype in data.dtypes]
    cheap_first = sorted(range(len(kinds)), key=lambda i: kinds[i] not in "biuf")
    for i in cheap_first:
        rows = np.flatnonzero(blank)
        if not len(rows):
            break
        column = data.iloc[:, i]
        if len(rows) > len(blank) // 4:
            blank &= column.isna().to_numpy()
        else:  # few rows left: taking them costs less than a whole column
            blank[rows] = column.iloc[rows].isna().to_numpy()
    return blank


def _blank_runs(blank: np.ndarray) -> tuple[int, int | None]:
    """``(rows to keep, first row after an over-long gap)`` for a mask of blank rows.

    The table ends where more than :data:`MAX_BLANK_RUN` blank rows follow one
    another; the second value is the position of the first non-blank row after
    that gap (None when the gap runs to the end).
    """
    if len(blank) <= MAX_BLANK_RUN or not blank.any():
        return len(blank), None
    # length of the blank run ending at each row
    idx = np.arange(len(blank))
    last_filled = np.maximum.accumulate(np.where(blank, -1, idx))
    run = idx - last_filled
    over = np.flatnonzero(run > MAX_BLANK_RUN)
    if not len(over):
        return len(blank), None
    start = int(over[0]) - MAX_BLANK_RUN  # first row of the long gap
    after = np.flatnonzero(~blank[start:])
    return start, (start + int(after[0]) if len(after) else None)


def _stray_cell_error(path: Path, sheet: str | None, row: int, column: str, value: object, gap: int) -> CsatInputError:
    return _file_error("stray_cell", path, sheet, row=row, column=column, value=value, gap=gap, limit=MAX_BLANK_RUN)


# --- CSV ---------------------------------------------------------------------------------------------

def _sniff_lines(path: Path, encoding: str) -> list[str]:
    """The first lines of a CSV, each cut at :data:`MAX_CELL_CHARS` (enough to find the header)."""
    # newline="": a lone "\r" ends a line too, and the csv module sees the line ends as written
    with path.open(encoding=encoding, newline="") as handle:
        lines = []
        for _ in range(_SNIFF_ROWS):
            line = handle.readline(MAX_CELL_CHARS + 1)
            if not line:
                break
            if len(line) > MAX_CELL_CHARS and not line.endswith(("\n", "\r")):
                handle.readline()  # skip the rest of an over-long line
            lines.append(line)
    return lines


def _read_csv(path: Path, progress: bool) -> Table:
    encoding = detect_encoding(path)
    lines = _sniff_lines(path, encoding)
    sample = "".join(lines)
    if not sample.strip():
        raise _file_error("no_text", path)
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sep = ","
    try:
        rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=sep))
    except csv.Error as exc:  # e.g. an unclosed quote that makes the first lines one giant cell
        raise _file_error("csv_unreadable", path, detail=str(exc)) from exc
    header = find_header_row(rows)
    if any(len(str(v)) >= MAX_CELL_CHARS for v in rows[header]):
        raise _file_error("header_cell_too_long", path, row=header + 1, limit=MAX_CELL_CHARS)
    names, renamed = _column_names(rows[header])
    size = path.stat().st_size
    read_kwargs: dict[str, Any] = dict(
        sep=sep,
        encoding=encoding,
        skiprows=header + 1,
        header=None,
        names=names,
        skip_blank_lines=False,  # keep blank lines so row numbers stay true
        index_col=False,
        low_memory=True,  # half the time of low_memory=False; a column of mixed types is re-read whole, below
        keep_default_na=False,  # only an empty cell is blank: "NA" or "None" is what the respondent wrote
        na_values=[""],
    )
    try:
        with warnings.catch_warnings():
            # pandas would drop the cells beyond the header with only a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # read in blocks, a column typed apart in each block could hold 12 in one and "12" in another:
            # then the file is read again as one block, as low_memory=False does
            warnings.simplefilter("error", pd.errors.DtypeWarning)
            try:
                data = _read_csv_frame(path, size, progress, read_kwargs)
            except pd.errors.DtypeWarning:
                data = _read_csv_frame(path, size, progress, {**read_kwargs, "low_memory": False})
    except pd.errors.ParserWarning as exc:
        raise _file_error("csv_wider_rows", path) from exc
    except pd.errors.ParserError as exc:
        text = str(exc)
        line = re.search(r"(?:line|row) (\d+)", text)
        row = header + int(line.group(1)) if line else None
        if "EOF inside string" in text:
            raise _file_error("csv_unclosed_quote", path, row=row) from exc
        raise _file_error("csv_wider_line", path, row=row, value=text.splitlines()[-1]) from exc
    first = header + 2
    data.index = pd.RangeIndex(first, first + len(data))
    keep, stray = _blank_runs(blank_rows(data))
    if stray is not None:
        values = data.iloc[stray]
        column = str(values.first_valid_index())
        raise _stray_cell_error(path, None, first + stray, column, values[column], stray - keep)
    blank_tail = len(data) - keep
    if blank_tail:
        data = data.iloc[:keep]
    return Table(data=data, source=str(path), encoding=encoding, header_row=header + 1, renamed=renamed,
                 blank_tail=blank_tail, reader="csv")


def _read_csv_frame(path: Path, size: int, progress: bool, read_kwargs: dict[str, Any]) -> pd.DataFrame:
    if not (progress and size > (8 << 20)):
        return pd.read_csv(path, **read_kwargs)
    from tqdm.auto import tqdm

    # read in chunks so the bar moves; the total is estimated from the first lines' length
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    per_line = max(1.0, len(head) / max(1, head.count(b"\n")))
    chunks = []
    kinds: dict[str, set[str]] = {}
    kwargs = {k: v for k, v in read_kwargs.items() if k != "low_memory"}
    with tqdm(total=int(size / per_line), desc=f"reading {path.name}", unit=" rows", unit_scale=True) as bar:
        for chunk in pd.read_csv(path, chunksize=250_000, **kwargs):
            chunks.append(chunk)
            for column, dtype in chunk.dtypes.items():  # numbers of any width concatenate alike
                kinds.setdefault(str(column), set()).add("number" if dtype.kind in "iuf" else str(dtype))
            bar.update(len(chunk))
        bar.total = bar.n
        bar.refresh()
    if any(len(k) > 1 for k in kinds.values()):
        # a column typed apart in two chunks (12 in one, "12" or blank in another): read as one block,
        # so the table is the one a run without the progress bar reads
        del chunks
        return pd.read_csv(path, **{**read_kwargs, "low_memory": False})
    return pd.concat(chunks, ignore_index=True)


# --- XLSX --------------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')
# what calamine would read differently from openpyxl: formulas (a formula saved without its result must
# be named), error values, and empty or white-space strings (calamine gives them as empty cells); plain
# byte searches, many times faster than a regular expression over the whole sheet
_NOT_FOR_CALAMINE = (b"<f>", b"<f ", b"<f/>", b't="e"', b"<t/>", b"></t>", b" </t>", b"\t</t>", b"\n</t>",
                     b"\r</t>", b":f>", b":f ")


_ROW_REF = re.compile(rb'<row r="(\d+)"')
_PAST_Z = re.compile(rb'<c r="[A-Z]{2}')  # a cell in column AA or further
_PAST_CZ = re.compile(rb'<c r="(?:[D-Z][A-Z]|[A-Z]{3})')  # a cell in column DA or further
#: calamine holds a sheet as a dense grid: at most this many times the cells written (or a million)...
_DENSE_PER_CELL = 4
_DENSE_FLOOR = 1_000_000


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """``(merged ranges, plain)`` of a sheet: merged ranges ``(min_row, min_col, max_row, max_col)``,
    1-based, and whether calamine may read it.

    The ``<mergeCells>`` element follows the sheet data, yet the rows need it as
    they are read: the sheet's XML is streamed first (decompression only, no
    parsing) and searched for it.  The same pass decides ``plain``: no
    formulas, error values or blank strings (calamine reads those otherwise
    than openpyxl; the shared strings are searched too), and a grid from A1
    to the last row and column that is not much larger than the cells
    written: calamine holds the whole grid in memory, so one cell far away
    (a hostile file) would exhaust it.
    """
    from openpyxl.utils.cell import range_boundaries

    found: set[tuple[int, int, int, int]] = set()
    plain = True
    cells = last_row = 0
    past_z = past_cz = False
    with archive.open(member.lstrip("/")) as xml:
        tail = b""
        while chunk := xml.read(_CHUNK):
            text = tail + chunk
            # a set: a match inside the overlap of two chunks is seen twice
            found.update(range_boundaries(m.decode()) for m in _MERGE.findall(text))  # type: ignore[misc]
            plain = plain and not any(needle in text for needle in _NOT_FOR_CALAMINE)
            cells += chunk.count(b"<c ")  # a cell split by the chunk's edge is missed: the estimate errs low
            last_row = max(last_row, max(map(int, _ROW_REF.findall(text)), default=0))
            past_z = past_z or bool(_PAST_Z.search(text))
            past_cz = past_cz or bool(_PAST_CZ.search(text))
            tail = text[-200:]
    strings = [n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"]
    for name in strings if plain else ():
        with archive.open(name) as xml:
            tail = b""
            while plain and (chunk := xml.read(_CHUNK)):
                text = tail + chunk
                plain = not any(needle in text for needle in _NOT_FOR_CALAMINE)
                tail = text[-200:]
    width = None if past_cz else 104 if past_z else 26  # the columns the grid may span
    if width is None or last_row * width > max(_DENSE_PER_CELL * cells, _DENSE_FLOOR):
        plain = False
    # range_boundaries gives (min_col, min_row, max_col, max_row)
    return sorted((r1, c1, r2, c2) for c1, r1, c2, r2 in found), plain


def _check_expansion(path: Path, archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        if info.file_size > _EXPANSION_FLOOR and info.file_size > MAX_EXPANSION * max(1, info.compress_size):
            raise _file_error("zip_bomb", path, member=info.filename, packed=info.compress_size,
                              unpacked=info.file_size, limit=MAX_EXPANSION)


def _choose_sheet(path: Path, book: Any, sheet: str | None) -> tuple[Any, tuple[str, ...]]:
    """The sheet to read (the first visible one by default) and the hidden sheets passed over."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            raise CsatInputError.from_terms("no_such_sheet", argument="sheet", value=sheet,
                                            sheets=repr(book.sheetnames))
        return book[sheet], ()
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise _file_error("no_visible_sheet", path, sheets=repr(book.sheetnames))
    before = book.sheetnames[: book.sheetnames.index(visible[0].title)]
    return visible[0], tuple(before)


class _Rows:
    """The cells of one worksheet as written, row by row, by openpyxl's parser.

    Iterating gives ``(row number, {column number: value})`` for each row that
    has a written value (1-based numbers; blank rows and cells are simply not
    there), so the work is proportional to the cells in the file, whatever
    size the sheet claims.  Values are the results saved with formulas; a
    formula saved without its result is collected in :attr:`uncached`
    (``(row, column) -> formula``) instead.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.uncached: dict[tuple[int, int], str] = {}

    def __iter__(self) -> Iterator[tuple[int, dict[int, Any]]]:
        # openpyxl's own sheet parser, as its read-only worksheet uses it, minus the padding of
        # every row to the width the sheet claims (a one-cell row claiming 16,384 columns)
        from openpyxl.worksheet._reader import WorkSheetParser

        uncached = self.uncached

        class Parser(WorkSheetParser):  # type: ignore[misc]
            def parse_cell(self, element: Any) -> dict[str, Any]:
                cell = super().parse_cell(element)
                if cell["value"] is None and element.get("t") != "str":  # "str" with no text: an empty result
                    formula = element.find("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f")
                    if formula is not None:
                        uncached[(cell["row"], cell["column"])] = "=" + (formula.text or "")
                return cell

        ws, book = self.ws, self.ws.parent
        with ws._get_source() as src:
            parser = Parser(src, ws._shared_strings, data_only=True, epoch=book.epoch,
                            date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                values = {c["column"]: c["value"] for c in cells if c["value"] is not None}
                if values:
                    yield number, values


class _CalamineRows:
    """The cells of a plain worksheet (see :func:`_scan_sheet`) read by calamine, as :class:`_Rows` gives them.

    calamine (Rust) reads a sheet 5-10 times faster than openpyxl's parser.
    Its values are made the ones openpyxl gives: a whole number is an
    ``int`` (calamine has floats only), a date a ``datetime``, an empty
    string no cell.
    """

    def __init__(self, path: Path, sheet: str) -> None:
        self.path, self.sheet = path, sheet
        self.uncached: dict[tuple[int, int], str] = {}  # a plain sheet has no formulas
        self._loaded: tuple[Any, Any] | None = None

    def load(self) -> int:
        """Load the sheet (the Rust side of the work); return its rows, for a progress bar."""
        from python_calamine import CalamineWorkbook

        if self._loaded is None:
            workbook = CalamineWorkbook.from_path(str(self.path))
            self._loaded = (workbook, workbook.get_sheet_by_name(self.sheet))
        return int(self._loaded[1].height)

    def __iter__(self) -> Iterator[tuple[int, dict[int, Any]]]:
        from datetime import date, datetime

        self.load()
        assert self._loaded is not None
        workbook, sheet = self._loaded
        try:
            first = sheet.start[1] + 1 if sheet.start else 1  # rows come from row 1, columns from the first used
            for number, row in enumerate(sheet.iter_rows(), start=1):
                values: dict[int, Any] = {}
                for column, value in enumerate(row, start=first):
                    kind = value.__class__
                    if kind is str:
                        if value:
                            values[column] = value
                    elif kind is float:
                        values[column] = int(value) if value.is_integer() and -1e15 < value < 1e15 else value
                    elif kind is date:
                        values[column] = datetime(value.year, value.month, value.day)
                    else:
                        values[column] = value
                if values:
                    yield number, values
        finally:
            workbook.close()
            self._loaded = None


class _MergedFill:
    """Fills the cells of merged ranges with their top-left value, row by row."""

    def __init__(self, merged: list[tuple[int, int, int, int]]) -> None:
        self.pending = sorted(merged)
        self.active: list[tuple[int, int, int, Any]] = []  # (last row, first col, last col, value)

    def apply(self, number: int, values: list[Any]) -> list[Any]:
        if not self.active and (not self.pending or self.pending[0][0] > number):
            return values  # the usual row: nothing merged
        while self.pending and self.pending[0][0] <= number:
            r1, c1, r2, c2 = self.pending.pop(0)
            if r1 == number:
                self.active.append((r2, c1, c2, values[c1 - 1] if c1 - 1 < len(values) else None))
        self.active = [a for a in self.active if a[0] >= number]
        for _, c1, c2, top_left in self.active:
            if len(values) < c2:
                values = values + [None] * (c2 - len(values))
            values[c1 - 1 : c2] = [top_left] * (c2 - c1 + 1)
        return values


def _dense(values: dict[int, Any], width: int | None = None) -> list[Any]:
    """A row as a list of ``width`` cells (default: up to its last written cell)."""
    width = max(values, default=0) if width is None else width
    row: list[Any] = [None] * width
    for column, value in values.items():
        if column <= width:
            row[column - 1] = value
    return row


_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_RELATION = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|'
                       rb'<(?:\w+:)?Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def _calamine_plan(path: Path, archive: zipfile.ZipFile, sheet: str | None) -> tuple[str, tuple[str, ...], list[Any]] | None:
    """``(sheet, hidden sheets passed over, merged ranges)`` when calamine can read the sheet, else None.

    None sends the workbook to openpyxl, which also words every error: no
    calamine, a workbook it cannot open, a chart sheet, a sheet that is not
    plain (see :func:`_scan_sheet`), or names the simple look-up below does
    not resolve.  openpyxl is not even opened for a plain sheet: opening a
    workbook that does not say its size up front parses every sheet once.
    """
    if not _has_calamine():
        return None
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = workbook.sheets_metadata
        workbook.close()
        names = [m.name for m in sheets]
        if any(m.typ != SheetTypeEnum.WorkSheet for m in sheets):
            return None
        if sheet is not None:
            if sheet not in names:
                return None
            title, hidden = sheet, ()
        else:
            visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
            if not visible:
                return None
            title = visible[0]
            hidden = tuple(names[: names.index(title)])
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except Exception:  # a broken workbook: openpyxl says what is wrong with it
        return None
    ids = {html.unescape(n.decode()): r.decode() for n, r in _SHEET_ENTRY.findall(book)}
    targets = {(a or d).decode(): (b or c).decode() for a, b, c, d in _RELATION.findall(rels)}
    target = targets.get(ids.get(title, ""), "")
    member = target.lstrip("/") if target.startswith("/") else "xl/" + target
    if not target or member not in archive.namelist():
        return None
    merged, plain = _scan_sheet(archive, member)
    return (title, hidden, merged) if plain else None


def _read_xlsx(path: Path, sheet: str | None, progress: bool, engine: str = "auto") -> Table:
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise _file_error("not_xlsx", path)
    with zipfile.ZipFile(path) as archive:
        _check_expansion(path, archive)
        plan = _calamine_plan(path, archive, sheet) if engine == "auto" else None
    if plan is not None:
        title, hidden, merged = plan
        rows = _CalamineRows(path, title)
        return _xlsx_table(path, title, hidden, merged, rows, progress, rows.load() if progress else 0, "calamine")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for broken files
        raise _file_error("xlsx_unopenable", path, detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        ws, hidden = _choose_sheet(path, book, sheet)
        with zipfile.ZipFile(path) as archive:
            merged, _ = _scan_sheet(archive, ws._worksheet_path)
        # the size the sheet claims, for the progress bar only (openpyxl may parse the sheet to find it)
        claimed = (ws.max_row or 0) if progress else 0
        return _xlsx_table(path, ws.title, hidden, merged, _Rows(ws), progress, claimed, "openpyxl")
    finally:
        book.close()


def _xlsx_table(path: Path, title: str, hidden: tuple[str, ...], merged: list[tuple[int, int, int, int]],
                source: _Rows | _CalamineRows, progress: bool, claimed: int, reader: str) -> Table:
    """The table of one sheet from its rows as written (the same rules whichever reader gave them)."""
    from openpyxl.utils import get_column_letter

    rows_iter: Iterator[tuple[int, dict[int, Any]]] = iter(source)
    if progress and 20_000 < claimed < 10_000_000:
        from tqdm.auto import tqdm

        rows_iter = tqdm(rows_iter, total=claimed, desc=f"reading {path.name}", unit="row")
    fill = _MergedFill(merged)
    group_rows = {r1 - 1 for r1, c1, r2, c2 in merged if c2 > c1 and r1 == r2}
    written: dict[int, dict[int, Any]] = {}
    pending: tuple[int, dict[int, Any]] | None = None
    for number, values in rows_iter:
        if number > _SNIFF_ROWS:
            pending = (number, values)
            break
        written[number] = values
    if not written:
        raise _file_error("empty_sheet", path, name=title)
    head = [fill.apply(n, _dense(written.get(n, {}))) for n in range(1, max(written) + 1)]
    header = find_header_row(head, frozenset(group_rows))
    width = max((i + 1 for i, v in enumerate(head[header]) if not _is_blank(v)), default=0)
    names, renamed = _column_names(head[header][:width])
    groups: dict[str, str] = {}
    if header - 1 in group_rows:
        for name, value in zip(names, head[header - 1]):
            if not _is_blank(value):
                groups[name] = str(value).strip()
    first = header + 2
    rows: list[list[Any]] = [(r + [None] * width)[:width] for r in head[header + 1 :]]
    blank_run = next((k for k, r in enumerate(reversed(rows)) if any(not _is_blank(v) for v in r)), len(rows))
    seen = len(head)
    for number, values in itertools.chain([pending] if pending else [], rows_iter):
        # only a row with a cell beyond the header needs a closer look (max over the keys is cheap)
        beyond = [c for c, v in values.items() if c > width and not _is_blank(v)] if max(values) > width else []
        if beyond:
            column = min(beyond)
            raise _file_error("xlsx_cell_right_of_header", path, sheet=title, row=number,
                              column=get_column_letter(column), value=values[column],
                              last=get_column_letter(max(width, 1)))
        gap = number - seen - 1  # rows with nothing written between the last row and this one
        seen = number
        cells = fill.apply(number, _dense(values, width))[:width]
        if any(not _is_blank(v) for v in cells):
            if blank_run + gap > MAX_BLANK_RUN:
                j = next(j for j, v in enumerate(cells) if not _is_blank(v))
                raise _stray_cell_error(path, title, number, names[j], cells[j], blank_run + gap)
            blank_run = 0
        else:
            blank_run += gap + 1
            if blank_run > MAX_BLANK_RUN:
                continue  # not kept: the end of the table, unless a stray cell follows (refused)
        rows.extend([None] * width for _ in range(gap))
        rows.append(cells)
    blank_tail = 0
    if blank_run > MAX_BLANK_RUN:  # a long gap runs to the end: none of it is read
        blank_tail = blank_run
        while rows and all(_is_blank(v) for v in rows[-1]):
            rows.pop()
    data = pd.DataFrame(rows, columns=names, dtype=object)
    data.index = pd.RangeIndex(first, first + len(data))
    data = data.infer_objects()
    last = first + len(data) - 1
    unread = tuple(
        (r, names[c - 1], formula) for (r, c), formula in sorted(source.uncached.items())
        if c <= width and first <= r <= last
    )
    return Table(data=data, source=str(path), sheet=title, header_row=header + 1, groups=groups,
                 renamed=renamed, unread=unread, hidden_sheets=hidden, blank_tail=blank_tail, reader=reader)


def _has_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:  # an install without it still reads every workbook, more slowly
        return False
    return True


def read_table(path: str | Path, *, sheet: str | None = None, progress: bool = False,
               engine: Literal["auto", "openpyxl"] = "auto") -> Table:
    """Read a CSV or XLSX survey file; see the module docstring for the rules.

    Parameters
    ----------
    path : str or Path
        The file; never modified.
    sheet : str, optional
        Worksheet name (XLSX); default the first visible sheet.
    progress : bool
        Show a tqdm progress bar on long reads.
    engine : {"auto", "openpyxl"}
        Reader of a workbook's cells: ``"auto"`` takes calamine (fast) for
        a sheet whose cells it reads as openpyxl does, openpyxl for the
        others; ``"openpyxl"`` always openpyxl.  Both give the same table.

    Returns
    -------
    Table

    Raises
    ------
    CsatInputError
        Missing, empty, undecodable or unreadable file, no header row, a cell
        beyond the header or far below the data, a zip bomb.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("Owner survey\\nid,q1\\nA,5\\n\\nB,6\\n")
    >>> t = read_table(p)
    >>> t.header_row, list(t.data.index), list(t.data.columns)
    (2, [3, 4, 5], ['id', 'q1'])
    """
    path = Path(path)
    if not path.is_file():
        raise _file_error("no_such_file", path)
    if path.stat().st_size == 0:
        raise _file_error("empty_file", path)
    suffix = path.suffix.lower()
    if suffix in _XLSX_SUFFIXES:
        if engine not in ("auto", "openpyxl"):
            raise CsatInputError.from_terms("unknown_engine", argument="engine", value=engine)
        table = _read_xlsx(path, sheet, progress, engine)
    elif suffix in _CSV_SUFFIXES:
        if sheet is not None:
            raise CsatInputError.from_terms("csv_has_no_sheets", argument="sheet", value=sheet)
        table = _read_csv(path, progress)
    elif suffix == ".xls":
        raise _file_error("old_xls", path)
    else:
        raise _file_error("unknown_type", path, suffix=repr(suffix))
    if blank_rows(table.data).all():
        raise _file_error("no_answers", path, table.sheet, header_row=table.header_row)
    return table


def table_from_frame(data: pd.DataFrame, source: str = "DataFrame") -> Table:
    """Wrap an in-memory frame as if it were a sheet with its header on row 1.

    The caller's frame is not changed (it is copied).  Repeated column names
    are made unique as in a file (and listed in ``Table.renamed``).

    Examples
    --------
    >>> table_from_frame(pd.DataFrame({"q1": [5, 6]})).data.index.tolist()
    [2, 3]
    >>> table_from_frame(pd.DataFrame([[1, 2]], columns=["q1", "q1"])).renamed
    {'q1.1': 'q1'}
    """
    frame = data.copy()
    names, renamed = _unique([str(c) for c in frame.columns])
    frame.columns = names
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return Table(data=frame, source=source, renamed=renamed)
