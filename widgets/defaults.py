"""The survey behind the calculators' default data (the course survey, its columns in the calculators' names)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from csat_examples.survey.columns import standard_columns

if TYPE_CHECKING:
    from csat_examples.survey import Survey

__all__ = ["default_survey", "default_course", "bundled_survey"]

_ENV = ("CSAT_SURVEY_FILE", "CSAT_SURVEY_CONFIG", "CSAT_SURVEY_SHEET")


def default_course() -> Survey:
    """The course survey itself (data, config, cleaning log), as ``course_survey()`` returns it.

    Kept per setting of the environment variables that choose it; callers must
    not change it (:func:`default_survey` gives a copy of its data).

    Examples
    --------
    >>> default_course().config.levels in (5, 7)
    True
    """
    return _course(tuple(os.environ.get(k, "") for k in _ENV))


def default_survey() -> pd.DataFrame:
    """The survey behind the calculators' defaults (a copy: callers may change it).

    ``csat_examples.survey.course_survey()``: the bundled property survey, or an
    organisation's own when ``CSAT_SURVEY_FILE``/``CSAT_SURVEY_CONFIG`` point at
    it.  Its columns are renamed through its config to the names the
    calculators read (:func:`standard_columns`), so an organisation's survey
    works whatever its column names.  Loading and cleaning take a good part of
    a second, so the result is kept per setting of those environment variables.
    """
    survey = default_course()
    return standard_columns(survey.data, survey.config).copy()


def bundled_survey() -> pd.DataFrame:
    """The bundled example survey in the calculators' column names (a copy).

    What a calculator falls back on when the course survey did not ask what it
    needs (expectations, importance ...); the chapter says so beside it.

    Examples
    --------
    >>> {"p_rel1", "e_rel1", "imp_rel", "overall"} <= set(bundled_survey().columns)
    True
    """
    survey = _bundled()
    return standard_columns(survey.data, survey.config).copy()


@lru_cache(maxsize=4)
def _course(key: tuple[str, ...]) -> Survey:  # noqa: ARG001 - the key keys the cache
    from csat_examples.survey import course_survey

    return course_survey()


@lru_cache(maxsize=1)
def _bundled() -> Survey:
    from csat_examples.survey import bundled_survey as bundled

    return bundled()
