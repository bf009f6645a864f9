"""Which parts of the course's analyses a survey can feed, read from its config.

A chapter that needs something the organisation's survey did not ask (no
expectation questions: no SERVQUAL gaps; no importance question: no
importance weights; no complaint cause: no Pareto chart ...) shows a short
note and the bundled example survey instead.  :func:`survey_parts` says which
parts a config has, so every chapter and calculator asks the same question
the same way.
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from .columns import RATER_SHORT
from .config import SurveyConfig

__all__ = ["PARTS", "survey_parts", "missing_parts", "question_weights"]

#: Every part a chapter may need, in the order the course meets them.
PARTS = ("overall", "waves", "importance", "expectations", "rater", "nps", "period", "cause", "segments")


def survey_parts(config: SurveyConfig) -> frozenset[str]:
    """The parts of :data:`PARTS` that a survey with ``config`` has.

    ``importance``: every dimension has an importance column; ``expectations``:
    every item has an expectation column; ``rater``: the items cover all five
    RATER dimensions, each with expectations and importance (what the RATER
    calculator and SERVQUAL's weighted gaps need); ``waves``: a wave column.

    Examples
    --------
    >>> from csat_examples.survey import bundled_config, parse_config
    >>> sorted(survey_parts(bundled_config())) == sorted(PARTS)
    True
    >>> sorted(survey_parts(parse_config({"items": {"q1": "service"}, "overall": "sat", "cause": "why"})))
    ['cause', 'overall']
    """
    dimensions = set(config.dimensions.values())
    has = {
        "overall": bool(config.overall),
        "waves": bool(config.wave),
        "importance": dimensions <= set(config.importance),
        "expectations": all(item.expectation for item in config.items),
        "nps": bool(config.nps),
        "period": bool(config.period),
        "cause": bool(config.cause),
        "segments": bool(config.by),
    }
    rater_dims = {str(d).strip().lower() for d in dimensions}
    has["rater"] = has["importance"] and has["expectations"] and set(RATER_SHORT) <= rater_dims
    return frozenset(part for part in PARTS if has[part])


def missing_parts(config: SurveyConfig) -> tuple[str, ...]:
    """The parts of :data:`PARTS` a survey with ``config`` lacks, in course order.

    Examples
    --------
    >>> from csat_examples.survey import parse_config
    >>> missing_parts(parse_config({"items": {"q1": "service"}, "overall": "sat", "wave": "w", "by": ["estate"]}))
    ('importance', 'expectations', 'rater', 'nps', 'period', 'cause')
    """
    have = survey_parts(config)
    return tuple(part for part in PARTS if part not in have)


def question_weights(config: SurveyConfig, rows: pd.DataFrame) -> dict[Hashable, float]:
    """Weights of the rated questions for the satisfaction degree of ``rows`` (one wave).

    Each dimension gets its share of the owners' mean importance points (of
    these rows), or, when the survey did not ask importance for every
    dimension, a share in proportion to its number of questions (equal
    question weights); a dimension's share is split equally among its
    questions.  Chapters 3 and 7 use the same weights, so they give the same
    degree for the same wave.

    Examples
    --------
    >>> from csat_examples.survey import parse_config
    >>> cfg = parse_config({"items": {"q1": "a", "q2": "a", "q3": "b"}, "importance": {"a": "ia", "b": "ib"}})
    >>> question_weights(cfg, pd.DataFrame({"ia": [60, 80], "ib": [40, 20]}))
    {'q1': 0.35, 'q2': 0.35, 'q3': 0.3}
    >>> question_weights(parse_config({"items": {"q1": "a", "q2": "a", "q3": "b"}}), pd.DataFrame())
    {'q1': 0.3333333333333333, 'q2': 0.3333333333333333, 'q3': 0.3333333333333333}
    """
    dimension_of = config.dimensions
    dimensions = list(dict.fromkeys(dimension_of.values()))
    per_dimension = {d: sum(dimension_of[i] == d for i in config.item_columns) for d in dimensions}
    if set(dimensions) <= set(config.importance):
        points = rows[[config.importance[d] for d in dimensions]].mean().to_numpy(dtype=float)
    else:
        points = [float(per_dimension[d]) for d in dimensions]
    total = float(sum(points))
    share = {d: p / total for d, p in zip(dimensions, points)}
    return {i: float(share[dimension_of[i]] / per_dimension[dimension_of[i]]) for i in config.item_columns}
