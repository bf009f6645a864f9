"""A survey's columns under the standard names the calculators and examples read, through its config."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["RATER_SHORT", "standard_columns"]

#: Short id of each RATER dimension in the calculators' column names (p_rel1, e_tan3, imp_emp ...).
RATER_SHORT: dict[str, str] = {"reliability": "rel", "assurance": "ass", "tangibles": "tan",
                               "empathy": "emp", "responsiveness": "res"}


def standard_columns(data: pd.DataFrame, config: Any) -> pd.DataFrame:
    """Name a survey's columns as the calculators read them, using its config.

    ``overall`` for the overall-satisfaction question; for each item of a RATER
    dimension, in config order, ``p_<dim><n>`` (perception) and ``e_<dim><n>``
    (its expectation column); ``imp_<dim>`` for the importance columns.  Items of
    other dimensions keep their own names.  The data are not copied or changed.

    Examples
    --------
    >>> from csat_examples.survey import parse_config
    >>> cfg = parse_config({"items": {"q7": {"dimension": "Reliability", "expectation": "x7"}},
    ...                     "overall": "sat", "importance": {"Reliability": "w1"}})
    >>> frame = pd.DataFrame({"q7": [5], "x7": [6], "sat": ["满意"], "w1": [100]})
    >>> list(standard_columns(frame, cfg).columns)
    ['overall', 'p_rel1', 'e_rel1', 'imp_rel']
    """
    columns: dict[str, pd.Series] = {}
    if config.overall:
        columns["overall"] = data[config.overall]
    counts: dict[str, int] = {}
    for item in config.items:
        short = RATER_SHORT.get(str(item.dimension).strip().lower())
        if short is None:
            columns[item.column] = data[item.column]
            continue
        counts[short] = counts.get(short, 0) + 1
        columns[f"p_{short}{counts[short]}"] = data[item.column]
        if item.expectation:
            columns[f"e_{short}{counts[short]}"] = data[item.expectation]
    for dimension, column in config.importance.items():
        short = RATER_SHORT.get(str(dimension).strip().lower())
        if short is not None:
            columns[f"imp_{short}"] = data[column]
    return pd.DataFrame(columns, index=data.index)
