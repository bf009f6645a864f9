"""Write a report folder atomically: ``report.html``, ``results.json``, ``tables/*.csv``.

The CSV tables are UTF-8 with a byte-order mark (so Excel shows Chinese) and
survey text in them is defused against formula injection (:func:`csv_safe`).

Everything is written into a fresh temporary folder next to the target and
then renamed into place, so a reader never sees half a report and a failed
(or terminated: SIGTERM) run leaves nothing behind.  The rename itself is the
check that the target is free, so concurrent writers cannot overwrite each
other.  An existing target is refused unless ``force=True``, and even then
only a folder that this module wrote (it holds the :data:`MARKER` file) is
replaced: the old folder is moved aside, the new one renamed in, and only
then the old one deleted.
"""

from __future__ import annotations

import errno
import json
import math
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
import contextlib
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from .html import to_html
from .model import Report

__all__ = ["write_report", "write_bad_cells", "check_output_folder", "to_jsonable", "csv_safe", "REPORT_FILES", "MARKER",
           "BAD_CELLS_FILE", "Interrupted"]

REPORT_FILES = ("report.html", "results.json", "tables", "report.pdf")
#: File in every report folder: ``force`` replaces only a folder that has it (or an empty one).
MARKER = ".csat-report"
#: Every bad cell of a run stopped by them, in the output folder (see :func:`write_bad_cells`).
BAD_CELLS_FILE = "bad_cells.csv"
# Writers racing with ``force`` each move the other's report aside; this many rounds at most.
_ATTEMPTS = 20


def to_jsonable(value: Any) -> Any:
    """Turn numpy/pandas values into plain JSON types (NaN -> None).

    A DataFrame becomes a list of row dicts (its index dropped), converted
    column by column (see :func:`_column_values`).

    Examples
    --------
    >>> to_jsonable({"a": np.float64(1.5), "b": [np.int64(2), float("nan")], "c": pd.Series([1], index=["x"])})
    {'a': 1.5, 'b': [2, None], 'c': {'x': 1}}
    >>> to_jsonable(pd.DataFrame({"n": [1, 2], "x": [0.5, np.inf], "s": ["a", None]}))
    [{'n': 1, 'x': 0.5, 's': 'a'}, {'n': 2, 'x': None, 's': None}]
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        keys = [str(k) for k in value.columns]
        if not keys:
            return [{} for _ in range(len(value))]
        columns = [_column_values(value.iloc[:, i]) for i in range(len(keys))]
        return [dict(zip(keys, row)) for row in zip(*columns)]
    if isinstance(value, pd.Series):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (str,)):
        return value
    return str(value)


def _column_values(column: pd.Series) -> list[Any]:
    """A column's values as :func:`to_jsonable` makes them, a numeric column in one step.

    Value by value, a breakdown table of 20,000 rows took most of a second;
    numpy's ``tolist`` gives the same Python ints, floats and bools at once.

    Examples
    --------
    >>> _column_values(pd.Series([1.5, np.nan, -np.inf])), _column_values(pd.Series([3, 4], dtype="int8"))
    ([1.5, None, None], [3, 4])
    >>> _column_values(pd.Series([1, None], dtype="Int64")), _column_values(pd.Series([True, False]))
    ([1, None], [True, False])
    """
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iubf":
        values = column.to_numpy()
        out = values.tolist()
        if values.dtype.kind == "f":
            for i in np.flatnonzero(~np.isfinite(values)).tolist():
                out[i] = None
        return out
    # text (most cells are str: no call for them), nullable (Int64, string ...), dates, mixed
    return [v if type(v) is str else to_jsonable(v) for v in column.tolist()]


#: One value on one line, by json's C encoder (``indent`` makes json use its slow pure-Python one).
_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
#: JSON text of a str (json's own C function; ``_compact`` costs ten times more per call).
_string = json.encoder.encode_basestring


def results_text(value: Any, indent: str = "") -> str:
    """JSON text of ``value`` (as :func:`to_jsonable` makes it), indented, each table row on one line.

    A DataFrame's rows are written one object per line: as readable as
    ``json.dumps(to_jsonable(value), indent=2)`` for the rest, and many times
    faster for tables of 20,000 rows; ``json.loads`` reads the same.

    Examples
    --------
    >>> table = pd.DataFrame({"item": ["q1", "q2"], "n": [3.0, np.nan]})
    >>> print(results_text({"rate": np.float64(81.5), "table": table, "e": [], "s": pd.Series({"a": 1})}))
    {
      "rate": 81.5,
      "table": [
        {"item": "q1", "n": 3.0},
        {"item": "q2", "n": null}
      ],
      "e": [],
      "s": {
        "a": 1
      }
    }
    """
    inner = indent + "  "
    if isinstance(value, pd.DataFrame):
        rows = _table_rows(value)
        return "[\n" + ",\n".join(inner + row for row in rows) + f"\n{indent}]" if rows else "[]"
    if isinstance(value, pd.Series):
        value = dict(value.items())
    if isinstance(value, dict) and value:
        items = (f"{inner}{_string(str(k))}: {results_text(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, (list, tuple)) and value:
        return "[\n" + ",\n".join(inner + results_text(v, inner) for v in value) + f"\n{indent}]"
    return _compact(to_jsonable(value))


def _table_rows(frame: pd.DataFrame) -> list[str]:
    """Each row of ``frame`` as one JSON object, built column by column (a row at a time cost 10 us a row).

    Examples
    --------
    >>> _table_rows(pd.DataFrame({"a": [1, 2], "b %": [True, None], "c": ["x", "满意"]}))
    ['{"a": 1, "b %": true, "c": "x"}', '{"a": 2, "b %": null, "c": "满意"}']
    """
    if not len(frame.columns):
        return ["{}"] * len(frame)
    # one %-template per table: a row is filled in by C code ("%" in a column name escaped)
    template = "{" + ", ".join(_string(str(k)).replace("%", "%%") + ": %s" for k in frame.columns) + "}"
    columns = [_json_column(frame.iloc[:, i]) for i in range(len(frame.columns))]
    return [template % row for row in zip(*columns)]


def _json_column(column: pd.Series) -> list[str]:
    """The JSON text of each value of ``column``, as :func:`to_jsonable` and ``json.dumps`` make it.

    Examples
    --------
    >>> _json_column(pd.Series([0.1, np.nan])), _json_column(pd.Series([False])), _json_column(pd.Series(["a", None]))
    (['0.1', 'null'], ['false'], ['"a"', 'null'])
    """
    values = _column_values(column)
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        return ["null" if v is None else float.__repr__(v) for v in values]  # json writes floats by repr
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return list(map(int.__repr__, values))
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "b":
        return ["true" if v else "false" for v in values]
    return [_string(v) if type(v) is str else "null" if v is None else _compact(v) for v in values]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas when the CSV is opened.

    Survey text (comments, ids, bad values) that starts with ``=``, ``+``,
    ``@`` or ``-`` (other than a number) gets a leading apostrophe, as the
    OWASP advice on CSV injection suggests; numbers are untouched.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"c": ["=HYPERLINK(1)", "-5", "-x", "ok"], "n": [-1.0, 2.0, 3.0, 4.0]})).values.tolist()
    [["'=HYPERLINK(1)", -1.0], ['-5', 2.0], ["'-x", 3.0], ['ok', 4.0]]
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = [
                f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "@", "-", "\t", "\r") and not _is_number(v) else v
                for v in out[column]
            ]
    return out


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM) while a report was being written; nothing was left behind."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stop_cleanly() -> Iterator[None]:
    """Turn SIGTERM into :class:`Interrupted` for the duration, so the ``finally`` clauses run.

    Only the main thread can install a signal handler; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _out_error(key: str, out: Path, **params: Any) -> CsatInputError:
    return CsatInputError.from_terms(key, argument="--out", value=str(out), **params)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def check_output_folder(out: str | Path, *, force: bool = False, keep: tuple[str | Path, ...] = ()) -> Path:
    """Refuse an output folder that the report must not be written to; return its absolute path.

    The report goes into a *new* folder.  An existing one is replaced only
    with ``force`` and only when it is a report folder this library wrote (it
    holds the :data:`MARKER` file, or only the report's own files) or is
    empty, and never when it holds one of the ``keep`` files (the survey, the
    config).  ``out`` must not be a symbolic link, a file, or in a folder
    that cannot be written.

    Raises
    ------
    CsatInputError
        Saying which rule, with the fix.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_output_folder(os.path.join(folder, "report")).name
    'report'
    >>> check_output_folder(folder, force=True) == Path(folder)  # empty: nothing to lose
    True
    >>> _ = open(os.path.join(folder, "notes.txt"), "w").write("mine")
    >>> check_output_folder(folder, force=True)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: --out: the folder exists and is not a report folder written by csat (it has no .csat-report file); ...
    """
    out = Path(out)
    if out.is_symlink():
        raise _out_error("out_symlink", out)
    target = out.absolute().parent.resolve() / out.name
    if out.name in ("", ".", ".."):
        target = out.resolve()
    if target.exists():
        if not target.is_dir():
            raise _out_error("out_is_file", out)
        if _is_failed_run(target):  # only the bad cells of an earlier run: the report takes its place
            return target
        if not force:
            raise _out_error("out_exists", out)
        if not _is_report_folder(target) and any(target.iterdir()):
            raise _out_error("out_not_a_report", out, marker=MARKER)
        for path in keep:
            if _inside(Path(path), target):
                raise _out_error("out_holds_input", out, file=str(path))
    ancestor = target.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise _out_error("out_parent_not_folder", out, parent=str(ancestor))
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise _out_error("out_not_writable", out, parent=str(ancestor))
    return target


def _is_report_folder(folder: Path) -> bool:
    """A folder this module wrote: it has the marker, or (written before the marker existed) it
    holds nothing but ``report.html``, ``results.json`` and ``tables/*.csv``."""
    # one listing, so that a report another writer renames into place meanwhile is seen whole
    names = {p.name for p in folder.iterdir()}
    if MARKER in names:
        return True
    tables = folder / "tables"
    return ("report.html" in names and names <= set(REPORT_FILES) and tables.is_dir()
            and all(p.suffix == ".csv" and p.is_file() for p in tables.iterdir()))


def _is_failed_run(folder: Path) -> bool:
    """A folder :func:`write_bad_cells` made for a run that stopped: its marker and the bad cells only."""
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:  # gone (another writer moved it aside) or not a folder: not such a folder
        return False
    return names == {MARKER, BAD_CELLS_FILE} and (folder / MARKER).is_file() and (folder / BAD_CELLS_FILE).is_file()


def write_bad_cells(cells: pd.DataFrame, out: str | Path, *, force: bool = False,
                    keep: tuple[str | Path, ...] = ()) -> Path:
    """Write the bad cells of a run they stopped to ``out/bad_cells.csv``; return the file's path.

    ``out`` is the report folder the run was asked for.  A new folder is
    made (atomically, with the :data:`MARKER` file) holding only this list;
    the next run that succeeds replaces it without ``--force``.  An existing
    report folder (allowed by ``force``) keeps its report and gets the list
    beside it.  Nothing is written into any other folder, so the survey's
    own folder and files are never touched.

    Examples
    --------
    >>> import os, tempfile
    >>> out = os.path.join(tempfile.mkdtemp(), "report")
    >>> path = write_bad_cells(pd.DataFrame({"row": [3], "column": ["q1"], "value": ["=1+1"]}), out)
    >>> path.name, sorted(p.name for p in path.parent.iterdir())
    ('bad_cells.csv', ['.csat-report', 'bad_cells.csv'])
    >>> path.read_text(encoding="utf-8-sig").splitlines()[1]
    "3,q1,'=1+1"
    >>> check_output_folder(out) == path.parent  # the next run may write its report there
    True
    """
    out = Path(out)
    target = check_output_folder(out, force=force, keep=keep)
    text = csv_safe(cells).to_csv(index=False)
    marker = {"written_by": "csat_examples (csat analyze, stopped by bad cells)", "files": [BAD_CELLS_FILE, MARKER]}
    if target.exists():  # an earlier report (or earlier bad cells, or an empty folder): the list goes in it
        if not any(target.iterdir()):  # empty: marked as ours, so that the next report may replace it
            (target / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        tmp = target / f".{BAD_CELLS_FILE}.tmp"
        tmp.write_text(text, encoding="utf-8-sig")
        tmp.replace(target / BAD_CELLS_FILE)
        return target / BAD_CELLS_FILE
    created = _make_parents(target.parent, out)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        (work / BAD_CELLS_FILE).write_text(text, encoding="utf-8-sig")
        (work / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        os.chmod(work, 0o755)
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        _remove_empty(created)
        raise
    return target / BAD_CELLS_FILE


def _make_parents(folder: Path, out: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created (deepest last)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    created = []
    try:
        for path in reversed(missing):
            path.mkdir()
            created.append(path)
    except OSError as exc:
        _remove_empty(created)
        raise _out_error("out_not_writable", out, parent=str(path)) from exc
    return created


def _remove_empty(folders: list[Path]) -> None:
    for path in reversed(folders):
        try:
            path.rmdir()
        except OSError:  # not empty any more: someone else uses it now
            break


def _publish(work: Path, target: Path, out: Path, force: bool, moved: list[Path]) -> None:
    """Rename ``work`` to ``target`` atomically; with ``force`` move an existing report aside first.

    ``rename`` fails when the target is a non-empty folder, so of several
    writers without ``force`` exactly one succeeds (no check-then-replace).
    Folders moved aside are appended to ``moved``.
    """
    for _ in range(_ATTEMPTS):
        try:
            os.rename(work, target)
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise _out_error("out_cannot_write", out, detail=exc.strerror or str(exc)) from exc
        if not force:
            raise _out_error("out_exists", out)
        try:
            is_report = _is_report_folder(target)
        except FileNotFoundError:  # another writer moved it aside meanwhile: try the rename again
            continue
        if not is_report:
            raise _out_error("out_not_a_report", out, marker=MARKER)
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        try:
            os.rename(target, aside / target.name)
        except FileNotFoundError:  # another writer moved it first: try again
            aside.rmdir()
            continue
        moved.append(aside)
    raise _out_error("out_busy", out)


def write_report(report: Report, out: str | Path, *, force: bool = False, generated: datetime | None = None,
                 keep: tuple[str | Path, ...] = (), pdf: bool = False) -> Path:
    """Write ``report`` into the folder ``out``; return its path.

    The files are written into a temporary folder next to ``out`` and renamed
    into place, so a reader never sees half a report.  If anything fails, or
    the process receives SIGTERM, the temporary folder (and any parent folder
    this call created) is removed and an existing report is left as it was.
    The folder gets a :data:`MARKER` file, by which ``force`` recognises a
    folder it may replace (see :func:`check_output_folder`; ``keep`` lists
    files that must not be inside a replaced folder).  With ``pdf`` the page
    is also printed to ``report.pdf`` (A4) by headless Chromium, inside the
    temporary folder, so the PDF arrives with the rest or not at all.

    Raises
    ------
    CsatInputError
        ``out`` exists and ``force`` is False; ``out`` is a file, a symbolic
        link, not writable, or an existing folder that is not a report.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from csat_examples.report import build_report
    >>> from csat_examples.survey import survey_from_frame
    >>> df = pd.DataFrame({"id": ["A", "B", "C"], "q1": ["满意", "很满意", "一般"], "q2": [6, 7, 5]})
    >>> s = survey_from_frame(df, {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}})
    >>> out = write_report(build_report(s, charts=False), os.path.join(tempfile.mkdtemp(), "report"))
    >>> sorted(p.name for p in out.iterdir())
    ['.csat-report', 'report.html', 'results.json', 'tables']
    >>> write_report(build_report(s, charts=False), out)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: --out: the output folder already exists ...
    """
    out = Path(out)
    target = check_output_folder(out, force=force, keep=keep)
    force = force or _is_failed_run(target)  # an earlier run's bad cells give way
    created: list[Path] = []
    moved: list[Path] = []
    work: Path | None = None
    published = False
    try:
        with _stop_cleanly():
            created = _make_parents(target.parent, out)
            try:
                work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
            except OSError as exc:
                raise _out_error("out_not_writable", out, parent=str(target.parent)) from exc
            _write_files(report, work, generated)
            if pdf:
                print_pdf(work / "report.html", work / "report.pdf")
            _publish(work, target, out, force, moved)
            published = True
            for aside in moved:
                shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        if not published:
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
            if moved and not target.exists():  # put the old report back where it was
                with contextlib.suppress(OSError):
                    os.rename(moved[-1] / target.name, target)
            _remove_empty(created)
        raise
    finally:
        for aside in moved:
            shutil.rmtree(aside, ignore_errors=True)
    return target


#: Browsers that can print a page to PDF headless, tried in this order.
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
#: Seconds a browser may take to print the report.
PDF_TIMEOUT = 300


def print_pdf(page: Path, pdf: Path) -> None:
    """Print ``page`` (a local HTML file) to an A4 ``pdf`` with headless Chromium.

    The page's print styles keep tables and figures whole (see :mod:`.html`).

    Raises
    ------
    CsatInputError
        No Chromium or Chrome on the PATH, or the browser failed.
    """
    import subprocess

    browser = next((found for name in _BROWSERS if (found := shutil.which(name))), None)
    if browser is None:
        raise CsatInputError.from_terms("pdf_no_browser", argument="--pdf", value="chromium")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.resolve().as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CsatInputError.from_terms("pdf_failed", argument="--pdf", value=browser, detail="timeout") from exc
    if done.returncode != 0 or not pdf.is_file():
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise CsatInputError.from_terms("pdf_failed", argument="--pdf", value=browser, detail=detail[0])


def _write_files(report: Report, work: Path, generated: datetime | None) -> None:
    (work / "report.html").write_text(to_html(report, generated=generated), encoding="utf-8")
    results = {"title": report.title, "lang": report.lang, "facts": dict(report.facts), "sections": report.results()}
    (work / "results.json").write_text(results_text(results), encoding="utf-8")
    tables = work / "tables"
    tables.mkdir()
    for name, frame in report.tables().items():
        # utf-8-sig so that Excel opens Chinese text correctly
        csv_safe(frame).to_csv(tables / f"{name}.csv", index=False, encoding="utf-8-sig")
    marker = {"written_by": "csat_examples (csat analyze)", "files": [*REPORT_FILES, MARKER]}
    (work / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    os.chmod(work, 0o755)
