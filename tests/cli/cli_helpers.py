"""Small survey files for the CLI tests, written the way offices produce them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HEADER = ["id", "q1", "q2", "q3", "nps", "comment"]
ROWS = [
    ["A1", 6, 7, 5, 9, "good"],
    ["A2", 5, 6, 6, 10, ""],
    ["A3", 3, 4, 2, 4, "slow repairs"],
    ["A4", 7, 7, 6, 8, ""],
]
CONFIG: dict[str, Any] = {
    "respondent_id": "id",
    "items": {"q1": "reliability", "q2": "reliability", "q3": "tangibles"},
    "nps": "nps",
    "text": ["comment"],
}


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER, *, encoding: str = "utf-8",
              preamble: list[str] = ()) -> Path:
    lines = list(preamble) + [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_config(path: Path, config: dict[str, Any] = CONFIG) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER, *, title: str | None = None,
               groups: list[tuple[str, int, int]] = (), sheet: str = "Data") -> Path:
    """An XLSX with an optional merged title row and merged group headings (label, first col, last col; 1-based)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title] + [None] * (len(header) - 1))
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
    if groups:
        row = [None] * len(header)
        for text, first, _ in groups:
            row[first - 1] = text
        ws.append(row)
        r = ws.max_row
        for _, first, last in groups:
            ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
    ws.append(header)
    for values in rows:
        ws.append(values)
    book.save(path)
    return path
