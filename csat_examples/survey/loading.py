"""Load a survey file with its config: read, check, clean; and the course's survey.

The course's own survey (chapter 7's end-to-end example, the calculators'
default data) is :func:`course_survey`: the bundled property-management survey
(:func:`csat_examples.datasets.load` ``("property_survey")``) with the bundled
config ``property_survey.yml`` next to this module, unless the environment
variables ``CSAT_SURVEY_FILE`` (a CSV or XLSX) and ``CSAT_SURVEY_CONFIG`` (its
YAML config) point at an organisation's own survey.  ``CSAT_SURVEY_SHEET``
optionally names the worksheet.  Setting only one of the two main variables is
an error (a survey without its config cannot be read).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Mapping

import pandas as pd

from ..errors import CsatInputError
from .cleaning import Survey, clean_table
from .config import SurveyConfig, load_config, parse_config, read_yaml
from .reading import read_table, table_from_frame

__all__ = ["load_survey", "survey_from_frame", "course_survey", "bundled_config", "bundled_survey", "ENV_FILE", "ENV_CONFIG", "ENV_SHEET"]

ENV_FILE = "CSAT_SURVEY_FILE"
ENV_CONFIG = "CSAT_SURVEY_CONFIG"
ENV_SHEET = "CSAT_SURVEY_SHEET"


def _config(config: SurveyConfig | Mapping[str, Any] | str | Path) -> SurveyConfig:
    if isinstance(config, SurveyConfig):
        return config
    if isinstance(config, Mapping):
        return parse_config(config)
    return load_config(config)


def load_survey(
    path: str | Path,
    config: SurveyConfig | Mapping[str, Any] | str | Path,
    *,
    sheet: str | None = None,
    on_invalid: Literal["error", "exclude"] | None = None,
    progress: bool = False,
) -> Survey:
    """Read a CSV/XLSX survey, check every configured cell, return the cleaned :class:`Survey`.

    Parameters
    ----------
    path : str or Path
        The survey file (never modified).
    config : SurveyConfig, mapping, or path of a YAML file
    sheet : str, optional
        Worksheet of an XLSX file (default: the first).
    on_invalid : {"error", "exclude"}, optional
        Stop at the first bad cell, or leave rows with bad cells out and list
        each bad cell in ``Survey.log``.  Default: the config's
        ``on_invalid``, else ``"error"``.
    progress : bool
        Show a progress bar while reading a large file.

    Raises
    ------
    CsatInputError
        Naming file, sheet, row (as the spreadsheet shows it), column, value and fix.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "s.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("id,q1,q2\\nA,满意,6\\nB,很满意,9\\n")
    >>> cfg = {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}}
    >>> load_survey(p, cfg)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: file '...s.csv': score outside the scale 1..7 (row 3, column 'q2', value 9). Fix: ...
    >>> s = load_survey(p, cfg, on_invalid="exclude")
    >>> s.data[["q1", "q2"]].to_dict("index")
    {2: {'q1': 6.0, 'q2': 6.0}}
    >>> s.log[["row", "column", "value", "action"]].to_dict("records")
    [{'row': 3, 'column': 'q2', 'value': '9', 'action': 'row excluded'}]
    """
    cfg = _config(config)
    table = read_table(path, sheet=sheet, progress=progress)
    return clean_table(table, cfg, on_invalid=on_invalid or cfg.on_invalid or "error")


def survey_from_frame(
    data: pd.DataFrame,
    config: SurveyConfig | Mapping[str, Any] | str | Path,
    *,
    on_invalid: Literal["error", "exclude"] | None = None,
    source: str = "DataFrame",
) -> Survey:
    """Like :func:`load_survey` for a DataFrame (row numbers as if its header were row 1).

    The caller's frame is not changed.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["A", "B", "C"], "q1": ["满意", "很满意", "9"], "q2": [6, 7, 5]})
    >>> cfg = {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}}
    >>> s = survey_from_frame(df, cfg, on_invalid="exclude")
    >>> s.data[["q1", "q2"]].to_dict("index")
    {2: {'q1': 6.0, 'q2': 6.0}, 3: {'q1': 7.0, 'q2': 7.0}}
    >>> s.log[["row", "column", "value", "action"]].to_dict("records")
    [{'row': 4, 'column': 'q1', 'value': '9', 'action': 'row excluded'}]
    """
    cfg = _config(config)
    return clean_table(table_from_frame(data, source), cfg, on_invalid=on_invalid or cfg.on_invalid or "error")


def bundled_config() -> SurveyConfig:
    """The config of the bundled property-management survey (``property_survey.yml``).

    Examples
    --------
    >>> cfg = bundled_config()
    >>> cfg.scale, len(cfg.items), cfg.wave
    ('7-level', 15, 'wave')
    """
    text = (resources.files("csat_examples.survey") / "property_survey.yml").read_text(encoding="utf-8")
    return parse_config(read_yaml(text, "property_survey.yml"))


def course_survey() -> Survey:
    """The survey the course's chapter 7 and calculators use.

    ``CSAT_SURVEY_FILE`` + ``CSAT_SURVEY_CONFIG`` (and optionally
    ``CSAT_SURVEY_SHEET``) select an organisation's own survey; otherwise the
    bundled property-management survey with :func:`bundled_config`.  Rows with
    bad cells are excluded and listed in ``Survey.log`` (a course page must
    render even on an imperfect file).

    Examples
    --------
    With the environment variables unset (cleared here, so the example does
    not depend on the caller's environment) it is the bundled survey:

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ):
    ...     for name in (ENV_FILE, ENV_CONFIG, ENV_SHEET):
    ...         _ = os.environ.pop(name, None)
    ...     s = course_survey()
    >>> s.source, s.data.shape
    ('property_survey', (800, 43))
    >>> s.data["wave"].unique().tolist()
    ['2025', '2026']
    """
    file, config = os.environ.get(ENV_FILE), os.environ.get(ENV_CONFIG)
    if file or config:
        if not (file and config):
            missing = ENV_CONFIG if file else ENV_FILE
            raise CsatInputError.from_terms("env_missing", argument="environment", value=file or config,
                                            missing=missing, file_var=ENV_FILE, config_var=ENV_CONFIG)
        return load_survey(file, config, sheet=os.environ.get(ENV_SHEET) or None, on_invalid="exclude")
    return bundled_survey()


def bundled_survey() -> Survey:
    """The bundled property-management survey with :func:`bundled_config`, whatever the environment.

    What a chapter shows instead when an organisation's survey did not ask
    what a section needs (see :func:`~csat_examples.survey.parts.missing_parts`).

    Examples
    --------
    >>> bundled_survey().source
    'property_survey'
    """
    from ..datasets import load

    return survey_from_frame(load("property_survey"), bundled_config(), on_invalid="exclude", source="property_survey")
