"""The survey report: steps 7-9 of the measurement process, written as HTML + JSON + CSV.

Compute, then present: :func:`analyse` runs every analysis once on a cleaned
:class:`~csat_examples.survey.Survey` into a frozen, language-free
:class:`SurveyAnalysis` (:mod:`.analysis`); :func:`render_report` turns it
into labelled sections in one language (:mod:`.sections`); :func:`build_report`
does both.  :func:`to_html` renders one self-contained page (:mod:`.html`)
and :func:`write_report` writes the report folder atomically (:mod:`.output`).
"""

from .analysis import SurveyAnalysis, analyse
from .html import format_value, to_html
from .model import Chart, Report, Section, TableBlock, render_png
from .output import (BAD_CELLS_FILE, MARKER, REPORT_FILES, Interrupted, check_output_folder, csv_safe, to_jsonable,
                     write_bad_cells, write_report)
from .sections import SECTION_KEYS, build_report, render_report

__all__ = [
    "analyse",
    "SurveyAnalysis",
    "render_report",
    "build_report",
    "SECTION_KEYS",
    "to_html",
    "format_value",
    "write_report",
    "write_bad_cells",
    "BAD_CELLS_FILE",
    "check_output_folder",
    "MARKER",
    "Interrupted",
    "to_jsonable",
    "csv_safe",
    "REPORT_FILES",
    "Report",
    "Section",
    "TableBlock",
    "Chart",
    "render_png",
]
