"""Write a report folder atomically: ``report.html``, ``results.json``, ``tables/*.csv``.

The CSV tables are UTF-8 with a byte-order mark (so Excel shows Chinese) and
survey text in them is defused against formula injection (:func:`csv_safe`).

Everything is written into a fresh temporary folder next to the target and
then renamed into place, so a reader never sees half a report and a failed
run leaves nothing behind.  An existing target is refused unless
``force=True``; then the old folder is moved aside, the new one renamed in,
and only then the old one deleted.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from .html import to_html
from .model import Report

__all__ = ["write_report", "to_jsonable", "csv_safe", "REPORT_FILES"]

REPORT_FILES = ("report.html", "results.json", "tables")


def to_jsonable(value: Any) -> Any:
    """Turn numpy/pandas values into plain JSON types (NaN -> None).

    Examples
    --------
    >>> to_jsonable({"a": np.float64(1.5), "b": [np.int64(2), float("nan")], "c": pd.Series([1], index=["x"])})
    {'a': 1.5, 'b': [2, None], 'c': {'x': 1}}
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict("records")]
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


def write_report(report: Report, out: str | Path, *, force: bool = False, generated: datetime | None = None) -> Path:
    """Write ``report`` into the folder ``out``; return its path.

    Raises
    ------
    CsatInputError
        ``out`` exists and ``force`` is False, or ``out`` is a file.

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
    ['report.html', 'results.json', 'tables']
    >>> write_report(build_report(s, charts=False), out)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: --out: the output folder already exists ...
    """
    out = Path(out)
    if out.exists() and not force:
        raise CsatInputError(
            "the output folder already exists", argument="--out", value=str(out),
            fix="choose another folder, or add --force to replace it",
        )
    if out.exists() and not out.is_dir():
        raise CsatInputError("the output path is a file, not a folder", argument="--out", value=str(out),
                             fix="choose a folder name")
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    try:
        (work / "report.html").write_text(to_html(report, generated=generated), encoding="utf-8")
        results = {"title": report.title, "lang": report.lang, "facts": dict(report.facts), "sections": report.results()}
        (work / "results.json").write_text(
            json.dumps(to_jsonable(results), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        tables = work / "tables"
        tables.mkdir()
        for name, frame in report.tables().items():
            # utf-8-sig so that Excel opens Chinese text correctly
            csv_safe(frame).to_csv(tables / f"{name}.csv", index=False, encoding="utf-8-sig")
        os.chmod(work, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.replace(out, old / out.name)
            os.replace(work, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return out
