"""The course's data sets, loadable by name, each with its provenance and licence.

Every data set lives in its own folder under ``csat_examples/data/`` next to
a ``NOTICE.md`` that says what it is, where it comes from and under which
licence it may be used; :func:`describe` returns that note.

=============================== ==========================================================
name                            content
=============================== ==========================================================
``aircon_csi_2003``             2003 China air-conditioner CSI: 8 brands x 6 CCSI variables
``hierarchical_weights``        seed 001's two-level indicator tree (tidy ``node, parent, weight``)
``reasons_customers_leave``     why customers stop buying (68/14/9/5/3/1 %)
``rater_manager_points``        illustrative managers' importance points for the RATER dimensions
``bank_satisfaction``           R plspm ``satisfaction`` survey, 250 x 28 (GPL-3)
``property_survey``             simulated owner survey, 2 waves x 400 owners
``property_survey_items``       its 15 RATER items with wording in English and Chinese
``property_complaints``         its complaint log (2025-2026)
``seed004``                     seed 004's reconstructed per-attribute table
=============================== ==========================================================

Examples
--------
>>> "property_survey" in names()
True
>>> load("aircon_csi_2003").shape
(8, 8)
>>> print(describe("bank_satisfaction").splitlines()[0])
# bank_satisfaction: the `satisfaction` survey of R package plspm
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable

import pandas as pd

from ..errors import CsatInputError

__all__ = ["names", "load", "describe"]

# name -> (folder, file or None when the table comes from code)
_REGISTRY: dict[str, tuple[str, str | None]] = {
    "aircon_csi_2003": ("aircon_csi_2003", "aircon_csi_2003.csv"),
    "hierarchical_weights": ("hierarchical_weights", "hierarchical_weights.csv"),
    "reasons_customers_leave": ("reasons_customers_leave", "reasons_customers_leave.csv"),
    "rater_manager_points": ("rater_manager_points", "rater_manager_points.csv"),
    "bank_satisfaction": ("bank_satisfaction", "satisfaction.csv"),
    "property_survey": ("property_survey", "property_survey.csv"),
    "property_survey_items": ("property_survey", "property_survey_items.csv"),
    "property_complaints": ("property_survey", "property_complaints.csv"),
    "seed004": ("seed004", None),
}


def _folder(name: str) -> Traversable:
    return resources.files("csat_examples") / "data" / _REGISTRY[name][0]


def _check_name(name: str) -> None:
    if name not in _REGISTRY:
        raise CsatInputError(
            "unknown data set", argument="name", value=name, fix=f"use one of {names()!r}"
        )


def names() -> list[str]:
    """Names of the bundled data sets, in a fixed order.

    Examples
    --------
    >>> names()[:3]
    ['aircon_csi_2003', 'hierarchical_weights', 'reasons_customers_leave']
    """
    return list(_REGISTRY)


def _read_property_survey(text: Traversable) -> pd.DataFrame:
    from .property_survey import ITEM_IDS, columns

    items = [f"{p}{i}" for p in ("p_", "e_") for i in ITEM_IDS]
    with text.open("r", encoding="utf-8") as fh:
        # Strings stay strings ("2025", "" for no complaint); only item blanks are NaN.
        frame = pd.read_csv(
            fh,
            dtype={c: "str" for c in ("respondent_id", "wave", "month", "building", "overall",
                                      "complaint_cause", "comment")},
            keep_default_na=False,
            na_values={c: [""] for c in items},
        )
    frame[items] = frame[items].astype("float64")
    return frame[columns()]


def _read_csv(text: Traversable, **kwargs: object) -> pd.DataFrame:
    with text.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, **kwargs)  # type: ignore[arg-type]


def _seed004() -> pd.DataFrame:
    from .. import seed004  # LIB-A's module; imported late so datasets load without it

    return seed004.reconstructed_table()


_READERS: dict[str, Callable[[Traversable], pd.DataFrame]] = {
    "property_survey": _read_property_survey,
    "hierarchical_weights": lambda t: _read_csv(t, keep_default_na=False, dtype={"parent": "str"}),
    "bank_satisfaction": lambda t: _read_csv(t, index_col=0),
}


def load(name: str) -> pd.DataFrame:
    """Load a bundled data set as a new DataFrame (safe to modify).

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Returns
    -------
    pandas.DataFrame
        The table; see :func:`describe` for its columns.

    Raises
    ------
    CsatInputError
        For an unknown name.

    Examples
    --------
    >>> load("reasons_customers_leave")["percent"].sum()
    np.int64(100)
    >>> load("rater_manager_points").set_index("dimension")["points"].idxmax()
    'tangibles'
    >>> load("property_survey").shape
    (800, 43)
    >>> load("no_such_set")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: name: unknown data set (value 'no_such_set'). Fix: use one of [...].
    """
    _check_name(name)
    file = _REGISTRY[name][1]
    if file is None:
        return _seed004()
    text = _folder(name) / file
    reader = _READERS.get(name, _read_csv)
    return reader(text)


def describe(name: str) -> str:
    """Provenance and licence note of a data set (its ``NOTICE.md``, Markdown).

    Examples
    --------
    >>> "GPL" in describe("bank_satisfaction")
    True
    >>> "synthetic" in describe("property_complaints")
    True
    """
    _check_name(name)
    return (_folder(name) / "NOTICE.md").read_text(encoding="utf-8")
