"""The survey behind the calculators' default data (the course survey, its columns in the calculators' names)."""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd

from csat_examples.survey.columns import standard_columns

__all__ = ["default_survey"]


def default_survey() -> pd.DataFrame:
    """The survey behind the calculators' defaults (a copy: callers may change it).

    ``csat_examples.survey.course_survey()``: the bundled property survey, or an
    organisation's own when ``CSAT_SURVEY_FILE``/``CSAT_SURVEY_CONFIG`` point at
    it.  Its columns are renamed through its config to the names the
    calculators read (:func:`standard_columns`), so an organisation's survey
    works whatever its column names.  Loading and cleaning take a good part of
    a second, so the result is kept per setting of those environment variables.
    """
    key = tuple(os.environ.get(k, "") for k in ("CSAT_SURVEY_FILE", "CSAT_SURVEY_CONFIG", "CSAT_SURVEY_SHEET"))
    return _survey(key).copy()


@lru_cache(maxsize=4)
def _survey(key: tuple[str, ...]) -> pd.DataFrame:  # noqa: ARG001 - the key keys the cache
    from csat_examples.survey import course_survey

    survey = course_survey()
    return standard_columns(survey.data, survey.config)
