"""The survey report: steps 7-9 of the measurement process, written as HTML + JSON + CSV.

:func:`build_report` runs the analyses on a cleaned
:class:`~csat_examples.survey.Survey` (:mod:`.analysis`), :func:`to_html`
renders one self-contained page (:mod:`.html`) and :func:`write_report`
writes the report folder atomically (:mod:`.output`).
"""

from .analysis import SECTION_KEYS, build_report
from .html import format_value, to_html
from .model import Chart, Report, Section, TableBlock, render_png
from .output import REPORT_FILES, csv_safe, to_jsonable, write_report

__all__ = [
    "build_report",
    "SECTION_KEYS",
    "to_html",
    "format_value",
    "write_report",
    "to_jsonable",
    "csv_safe",
    "REPORT_FILES",
    "Report",
    "Section",
    "TableBlock",
    "Chart",
    "render_png",
]
