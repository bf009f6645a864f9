"""What a report is made of: sections holding text, tables and rendered charts.

Sections are plain data, so the HTML writer, the JSON writer and the tests
all read the same object.  Charts are rendered to PNG bytes as soon as they
are drawn (and the matplotlib figure closed), so a report holds no figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..lang import Lang

__all__ = ["Chart", "TableBlock", "Section", "Report", "render_png"]


@dataclass(frozen=True)
class Chart:
    """A chart rendered to PNG, with its caption."""

    name: str
    png: bytes
    caption: str


@dataclass(frozen=True)
class TableBlock:
    """A table shown in the report and saved as ``tables/<name>.csv``."""

    name: str
    frame: pd.DataFrame
    caption: str = ""
    limit: int | None = None
    #: Columns holding shares of 1 (the CSV keeps them so); the page shows them in per cent.
    fractions: tuple[str, ...] = ()
    #: Decimals, row by row, of the ``previous``/``latest``/``change`` columns of a table that mixes
    #: measures: a rate or an NPS reads with one, a mean score with two.
    row_decimals: tuple[int, ...] = ()


@dataclass
class Section:
    """One section of the report (one part of the nine-step process)."""

    key: str
    step: int
    title: str
    notes: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """The whole report: title, language, provenance facts and sections."""

    title: str
    lang: Lang
    facts: list[tuple[str, str]]
    sections: list[Section]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (for the CSV files)."""
        return {t.name: t.frame for s in self.sections for t in s.tables}

    def results(self) -> dict[str, Any]:
        """Machine-readable results by section key (for ``results.json``)."""
        return {s.key: s.results for s in self.sections}


def render_png(figure: Any, dpi: int = 100) -> bytes:
    """PNG bytes of a matplotlib figure; the figure is closed afterwards.

    :func:`csat_examples.charts.figure_png`: a figure already drawn (the
    library's charts draw themselves once, inside their CJK font context) is
    encoded from its pixels; any other figure is saved under
    :func:`csat_examples.fonts.cjk_rc` so that Chinese text finds a CJK font.
    No ``bbox_inches="tight"``: the figures lay themselves out.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> render_png(fig)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import matplotlib.pyplot as plt

    from ..charts import figure_png
    from ..fonts import cjk_rc

    try:
        return figure_png(figure, dpi=dpi, rc=cjk_rc())
    finally:
        plt.close(figure)
