"""Bring your own survey: read a CSV/XLSX file with a YAML config, check and clean it.

Steps 5-6 of the course's nine-step measurement process (fieldwork data in,
clean data out): :func:`load_survey` reads the file (:mod:`.reading`), checks
it against the config (:mod:`.config`, :mod:`.cleaning`) and returns a
:class:`Survey` holding the cleaned data, the config and a cleaning log of
every row left out and why.  :func:`course_survey` is the survey the course
itself uses (bundled, or an organisation's own through environment variables).
"""

from .cleaning import LOG_COLUMNS, Survey, bad_cells_table, clean_table
from .config import Item, SurveyConfig, load_config, parse_config
from .init_config import draft_config, init_config
from .parts import PARTS, missing_parts, question_weights, survey_parts
from .loading import ENV_CONFIG, ENV_FILE, ENV_SHEET, bundled_config, bundled_survey, course_survey, load_survey, survey_from_frame
from .reading import Table, detect_encoding, find_header_row, read_table, table_from_frame

__all__ = [
    "Survey",
    "SurveyConfig",
    "Item",
    "Table",
    "LOG_COLUMNS",
    "load_survey",
    "survey_from_frame",
    "course_survey",
    "bundled_config",
    "bundled_survey",
    "load_config",
    "parse_config",
    "clean_table",
    "bad_cells_table",
    "read_table",
    "table_from_frame",
    "detect_encoding",
    "find_header_row",
    "draft_config",
    "init_config",
    "ENV_FILE",
    "ENV_CONFIG",
    "ENV_SHEET",
    "PARTS",
    "survey_parts",
    "missing_parts",
    "question_weights",
]
