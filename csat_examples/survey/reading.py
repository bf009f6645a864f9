"""Read a survey file (CSV or XLSX) into a table whose index is the spreadsheet row.

How a file is read
------------------
* **Format** comes from the extension: ``.csv`` / ``.txt`` are CSV, ``.xlsx`` /
  ``.xlsm`` are Excel workbooks (first sheet, or the one named by ``sheet``).
  Old binary ``.xls`` files are refused with the fix (save as ``.xlsx``).
* **Encoding of a CSV**: the whole file is first decoded as UTF-8 (a byte-order
  mark, as Excel writes it, is accepted: ``utf-8-sig``); if that fails it is
  decoded as GB18030, the superset of GBK and GB2312 that Chinese offices'
  Excel saves as "CSV".  If neither decodes, the file is refused.
* **Delimiter of a CSV**: comma, semicolon or tab, sniffed from the first lines.
* **Header row**: the first row (of the first 30) whose non-empty cells cover
  more than half of the table's width and are at least two-thirds text (not
  numbers).  Title lines above the header ("Owner survey 2025") and blank lines
  are skipped that way.  In a workbook, merged cells are first filled with the
  value of their top-left cell, as a reader sees them; a row that holds a
  cell merged across several columns (a group heading such as "Reliability"
  over three item columns) is not the header when one of the three rows
  below it also looks like a header: the header is then that row,
  and the group heading is kept for each column (``Table.groups``; the
  config writer offers it as the item's dimension).
* **Row numbers** are the ones the user sees in the spreadsheet program:
  header row number + 1 for the first data row, 1-based.  The table's index
  holds them, so every message can name the row.  Blank lines are kept (as
  all-missing rows) so the numbering stays true.

The input file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CsatInputError

__all__ = ["Table", "read_table", "table_from_frame", "detect_encoding", "find_header_row"]

_CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_SNIFF_ROWS = 30
_CHUNK = 1 << 20


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
    """

    data: pd.DataFrame
    source: str
    sheet: str | None = None
    encoding: str | None = None
    header_row: int = 1
    groups: dict[str, str] = field(default_factory=dict)

    def where(self, row: object) -> str:
        """Human description of a row, e.g. ``"sheet 'Data', row 5"``.

        Examples
        --------
        >>> t = table_from_frame(pd.DataFrame({"a": [1]}))
        >>> t.where(2)
        'row 2'
        """
        return f"sheet {self.sheet!r}, row {row}" if self.sheet else f"row {row}"


def _bad_file(path: Path, problem: str, fix: str) -> CsatInputError:
    return CsatInputError(problem, argument=f"file {str(path)!r}", fix=fix)


def detect_encoding(path: str | Path) -> str:
    """Return ``"utf-8-sig"`` or ``"gb18030"``: the first that decodes the whole file.

    The file is streamed through an incremental decoder, so memory stays small.

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
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _bad_file(
        path,
        "the file is neither UTF-8 nor GB18030/GBK text",
        "save it from Excel as 'CSV UTF-8' or as .xlsx",
    )


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
    raise CsatInputError(
        f"no header row found in the first {_SNIFF_ROWS} rows: no row has mostly text cells",
        argument="file",
        fix="put one row of column names (e.g. respondent_id, q1, q2...) above the answers",
    )


def _column_names(values: list[object]) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(values):
        name = "" if _is_blank(v) else str(v).strip()
        if not name:
            name = f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name] - 1}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def _read_csv(path: Path, progress: bool) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = "".join(line for _, line in zip(range(_SNIFF_ROWS), handle))
    if not sample.strip():
        raise _bad_file(path, "the file has no text (only blank lines)", "export the survey again with its header row")
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sep = ","
    rows = list(csv.reader(io.StringIO(sample), delimiter=sep))
    header = find_header_row(rows)
    names = _column_names(rows[header])
    size = path.stat().st_size
    read_kwargs: dict[str, Any] = dict(
        sep=sep,
        encoding=encoding,
        skiprows=header + 1,
        header=None,
        names=names,
        skip_blank_lines=False,  # keep blank lines so row numbers stay true
        index_col=False,
        low_memory=False,
    )
    try:
        with warnings.catch_warnings():
            # pandas would drop the cells beyond the header with only a warning
            warnings.simplefilter("error", pd.errors.ParserWarning)
            data = _read_csv_frame(path, size, progress, read_kwargs)
    except pd.errors.ParserWarning as exc:
        raise CsatInputError(
            "some rows have more cells than the header row",
            argument=f"file {str(path)!r}",
            fix="give every column a name in the header row, or remove the extra separators",
        ) from exc
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        row = header + int(line.group(1)) if line else None
        raise CsatInputError(
            "a line has more cells than the header",
            argument=f"file {str(path)!r}",
            row=row,
            value=str(exc).splitlines()[-1],
            fix="remove the extra separators in that line or quote the text that contains them",
        ) from exc
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data))
    return Table(data=data, source=str(path), encoding=encoding, header_row=header + 1)


def _read_csv_frame(path: Path, size: int, progress: bool, read_kwargs: dict[str, Any]) -> pd.DataFrame:
    if not (progress and size > (8 << 20)):
        return pd.read_csv(path, **read_kwargs)
    from tqdm.auto import tqdm

    # read in chunks so the bar moves; the total is estimated from the first lines' length
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    per_line = max(1.0, len(head) / max(1, head.count(b"\n")))
    chunks = []
    kwargs = {k: v for k, v in read_kwargs.items() if k != "low_memory"}
    with tqdm(total=int(size / per_line), desc=f"reading {path.name}", unit=" rows", unit_scale=True) as bar:
        for chunk in pd.read_csv(path, chunksize=250_000, **kwargs):
            chunks.append(chunk)
            bar.update(len(chunk))
        bar.total = bar.n
        bar.refresh()
    return pd.concat(chunks, ignore_index=True)


def _merged_ranges(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    """``(min_row, min_col, max_row, max_col)`` of merged ranges, 1-based.

    openpyxl's fast read-only mode does not expose merged cells; the
    ``<mergeCells>`` element follows the sheet data, so the sheet's XML is
    streamed (decompression only, no parsing) and searched for it.
    """
    from openpyxl.utils.cell import range_boundaries

    pattern = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')
    found: set[tuple[int, int, int, int]] = set()
    tail = b""
    with archive.open(member.lstrip("/")) as xml:
        while chunk := xml.read(_CHUNK):
            text = tail + chunk
            # a set: a match inside the overlap of two chunks is seen twice
            found.update(range_boundaries(m.decode()) for m in pattern.findall(text))  # type: ignore[misc]
            tail = text[-200:]
    # range_boundaries gives (min_col, min_row, max_col, max_row)
    return sorted((r1, c1, r2, c2) for c1, r1, c2, r2 in found)


def _read_xlsx(path: Path, sheet: str | None, progress: bool) -> Table:
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise _bad_file(
            path,
            "this is not an Excel .xlsx workbook (not a zip archive; perhaps an old .xls or another file renamed)",
            "open it in Excel and save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8'",
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for broken files
        raise _bad_file(
            path,
            f"the workbook cannot be opened ({type(exc).__name__}: {exc})",
            "open it in Excel and save it again as .xlsx",
        ) from exc
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise CsatInputError(
                "no such sheet", argument="sheet", value=sheet, fix=f"use one of {book.sheetnames}"
            )
        with zipfile.ZipFile(path) as archive:
            merged = _merged_ranges(archive, ws._worksheet_path)
        total = ws.max_row
        rows_iter = ws.iter_rows(values_only=True)
        if progress and total and total > 20_000:
            from tqdm.auto import tqdm

            rows_iter = tqdm(rows_iter, total=total, desc=f"reading {path.name}", unit="row")
        raw = pd.DataFrame(list(rows_iter))
        title = ws.title
    finally:
        book.close()
    if raw.empty or raw.isna().all().all():
        raise _bad_file(path, f"sheet {title!r} is empty", "choose the sheet with the answers (--sheet NAME)")
    group_rows: set[int] = set()
    for r1, c1, r2, c2 in merged:
        # fill each merged range with its top-left value, as a reader sees it
        if r1 - 1 < len(raw) and c1 - 1 < raw.shape[1]:
            value = raw.iat[r1 - 1, c1 - 1]
            for c in range(c1 - 1, min(c2, raw.shape[1])):
                if raw.dtypes.iloc[c] != object:
                    raw[raw.columns[c]] = raw[raw.columns[c]].astype(object)
            raw.iloc[r1 - 1 : r2, c1 - 1 : c2] = value
            if c2 > c1 and r1 == r2:
                group_rows.add(r1 - 1)
    head = raw.iloc[:_SNIFF_ROWS].astype(object).where(raw.iloc[:_SNIFF_ROWS].notna(), None).values.tolist()
    header = find_header_row(head, frozenset(group_rows))
    names = _column_names(head[header])
    groups: dict[str, str] = {}
    above = header - 1
    if above in group_rows:
        for name, value in zip(names, head[above]):
            if not _is_blank(value):
                groups[name] = str(value).strip()
    data = raw.iloc[header + 1 :].copy()
    data.columns = names
    data.index = pd.RangeIndex(header + 2, header + 2 + len(data))
    data = data.infer_objects()
    return Table(data=data, source=str(path), sheet=title, header_row=header + 1, groups=groups)


def read_table(path: str | Path, *, sheet: str | None = None, progress: bool = False) -> Table:
    """Read a CSV or XLSX survey file; see the module docstring for the rules.

    Parameters
    ----------
    path : str or Path
        The file; never modified.
    sheet : str, optional
        Worksheet name (XLSX); default the first sheet.
    progress : bool
        Show a tqdm progress bar on long reads.

    Returns
    -------
    Table

    Raises
    ------
    CsatInputError
        Missing, empty, undecodable or unreadable file, no header row.

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
        raise _bad_file(path, "no such file", "check the path")
    if path.stat().st_size == 0:
        raise _bad_file(path, "the file is empty (0 bytes)", "export the survey again; the file has no content")
    suffix = path.suffix.lower()
    if suffix in _XLSX_SUFFIXES:
        table = _read_xlsx(path, sheet, progress)
    elif suffix in _CSV_SUFFIXES:
        if sheet is not None:
            raise CsatInputError("a CSV file has no sheets", argument="sheet", value=sheet, fix="drop --sheet")
        table = _read_csv(path, progress)
    elif suffix == ".xls":
        raise _bad_file(path, "old binary .xls workbooks are not read", "save it in Excel as .xlsx (or CSV UTF-8)")
    else:
        raise _bad_file(path, f"unknown file type {suffix!r}", "give a .csv or .xlsx file")
    if table.data.dropna(how="all").empty:
        raise _bad_file(
            path,
            f"there are no answers below the header (header at {table.where(table.header_row)})",
            "check that the file holds the survey answers",
        )
    return table


def table_from_frame(data: pd.DataFrame, source: str = "DataFrame") -> Table:
    """Wrap an in-memory frame as if it were a sheet with its header on row 1.

    The caller's frame is not changed (it is copied).

    Examples
    --------
    >>> table_from_frame(pd.DataFrame({"q1": [5, 6]})).data.index.tolist()
    [2, 3]
    """
    frame = data.copy()
    frame.columns = [str(c) for c in frame.columns]
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return Table(data=frame, source=source)
