"""Importance-performance analysis (IPA): which items to improve first.

Each item is placed by how important it is to customers and how well it
performs; a crosshair splits the plane into four quadrants (Martilla and
James 1977):

================== ============== ================ =====================
key                importance     performance      advice
================== ============== ================ =====================
concentrate_here   high           low              improve first
keep_up_good_work  high           high             hold the level
low_priority       low            low              improve when possible
possible_overkill  low            high             resources may go elsewhere
================== ============== ================ =====================

Labels (English and Chinese) are in the terms table under these keys.

References
----------
Martilla, J. A. and James, J. C. (1977). Importance-performance analysis.
*Journal of Marketing* 41(1), 77-79.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import CsatInputError
from .validation import require_columns, require_finite, require_not_empty, require_numeric

__all__ = ["QUADRANTS", "Crosshair", "ipa", "quadrant_of", "crosshair_of", "derived_importance"]


@dataclass(frozen=True)
class Crosshair:
    """Where the IPA grid splits high from low: :func:`crosshair_of`'s result.

    Attributes
    ----------
    importance, performance : float
        The crosshair on each axis.

    Examples
    --------
    >>> c = Crosshair(20.0, 5.0)
    >>> x, y = c  # unpacks like the tuple it replaces
    >>> (x, y) == (c.importance, c.performance)
    True
    """

    importance: float
    performance: float

    def __iter__(self) -> Iterator[float]:
        return iter((self.importance, self.performance))

#: Quadrant keys: (high importance?, high performance?) -> key.
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "concentrate_here",
    (True, True): "keep_up_good_work",
    (False, False): "low_priority",
    (False, True): "possible_overkill",
}


def quadrant_of(importance: float, performance: float, crosshair: tuple[float, float]) -> str:
    """Quadrant key of one point; a point on a line counts as *high*.

    Notes
    -----
    With crosshair :math:`(c_I, c_P)`, the key is
    ``QUADRANTS[(I >= c_I, P >= c_P)]``: high importance and low performance
    is ``concentrate_here``, high and high ``keep_up_good_work``, low and low
    ``low_priority``, low importance and high performance
    ``possible_overkill``.

    Examples
    --------
    >>> quadrant_of(30, 4.5, (20, 5.0))
    'concentrate_here'
    >>> quadrant_of(20, 5.0, (20, 5.0))
    'keep_up_good_work'
    """
    return QUADRANTS[(bool(importance >= crosshair[0]), bool(performance >= crosshair[1]))]


def _bounds(scale: Any, axis: str) -> tuple[float, float]:
    if isinstance(scale, Mapping):
        if axis not in scale:
            raise CsatInputError(
                f"no range for {axis}", argument="scale", value=dict(scale),
                fix="pass {'importance': (low, high), 'performance': (low, high)}",
            )
        scale = scale[axis]
    if isinstance(scale, (tuple, list)) and len(scale) == 2:
        low, high = (float(v) for v in scale)
        if not low < high:
            raise CsatInputError("range must have low < high", argument="scale", value=tuple(scale),
                                 fix="pass (low, high), e.g. (1, 7)")
        return low, high
    from .scales import get_scale  # a Scale or its name: Likert 1..k

    k = get_scale(scale).k
    return 1.0, float(k)


def crosshair_of(
    data: pd.DataFrame,
    *,
    importance: str = "importance",
    performance: str = "performance",
    crosshair: str | tuple[float, float] = "mean",
    scale: Any = None,
) -> Crosshair:
    """The crosshair :func:`ipa` uses.

    Notes
    -----
    ``"mean"``: :math:`(\\bar I, \\bar P)`, the means of the two columns over
    the items.  ``"midpoint"``: :math:`((l_I + h_I)/2, (l_P + h_P)/2)` for the
    ranges :math:`[l, h]` of ``scale`` (a named Likert scale of k levels has
    range :math:`[1, k]`).  A tuple is returned as given (as floats).

    Returns
    -------
    Crosshair
        ``importance`` and ``performance``; it unpacks as ``x, y``.

    Examples
    --------
    >>> df = pd.DataFrame({"importance": [10, 30], "performance": [4.0, 6.0]})
    >>> crosshair_of(df)
    Crosshair(importance=20.0, performance=5.0)
    >>> crosshair_of(df, crosshair="midpoint", scale={"importance": (0, 100), "performance": (1, 7)})
    Crosshair(importance=50.0, performance=4.0)
    """
    if isinstance(crosshair, tuple):
        if len(crosshair) != 2 or not all(
            isinstance(v, (int, float, np.integer, np.floating)) and np.isfinite(v) for v in crosshair
        ):
            raise CsatInputError("crosshair must be two finite numbers", argument="crosshair",
                                 value=crosshair, fix="pass (importance, performance), 'mean' or 'midpoint'")
        return Crosshair(float(crosshair[0]), float(crosshair[1]))
    if crosshair == "mean":
        return Crosshair(float(data[importance].mean()), float(data[performance].mean()))
    if crosshair == "midpoint":
        if scale is None:
            raise CsatInputError(
                "the midpoint crosshair needs the scale's range", argument="scale", value=None,
                fix="pass scale=(1, 7), a Scale name such as '7-level', or a dict per axis",
            )
        lo_i, hi_i = _bounds(scale, "importance")
        lo_p, hi_p = _bounds(scale, "performance")
        return Crosshair((lo_i + hi_i) / 2, (lo_p + hi_p) / 2)
    raise CsatInputError("unknown crosshair rule", argument="crosshair", value=crosshair,
                         fix="use 'mean', 'midpoint' or a tuple (importance, performance)")


def ipa(
    data: pd.DataFrame,
    *,
    importance: str = "importance",
    performance: str = "performance",
    item: str = "item",
    crosshair: Literal["mean", "midpoint"] | tuple[float, float] = "mean",
    scale: Any = None,
) -> pd.DataFrame:
    """Place items in the four importance-performance quadrants.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per item with an item-name column and numeric importance
        and performance columns.
    importance, performance, item : str
        Column names.
    crosshair : {"mean", "midpoint"} or (float, float)
        Where the lines cross: the mean importance and mean performance of
        the items (data-centred, the usual choice), the midpoints of the
        scales (needs ``scale``), or given values.
    scale : tuple, dict, Scale or str, optional
        Range for the midpoint rule: ``(low, high)`` for both axes, a dict
        ``{"importance": (lo, hi), "performance": (lo, hi)}``, or a scale
        (``"7-level"``: Likert 1..7 on both axes).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with a ``quadrant`` column (keys of
        :data:`QUADRANTS`); ``attrs["crosshair"]`` holds the crosshair as
        ``{"importance": x, "performance": y}``.

    Notes
    -----
    High importance means importance >= the crosshair's importance; high
    performance likewise (a point on a line counts as high).

    References
    ----------
    Martilla and James (1977).

    Examples
    --------
    >>> df = pd.DataFrame({"item": ["repairs", "lifts", "notices", "garden"],
    ...                    "importance": [30, 25, 10, 15],
    ...                    "performance": [4.2, 5.6, 5.9, 4.8]})
    >>> ipa(df)[["item", "quadrant"]].values.tolist()
    [['repairs', 'concentrate_here'], ['lifts', 'keep_up_good_work'], ['notices', 'possible_overkill'], ['garden', 'low_priority']]
    >>> ipa(df).attrs["crosshair"]
    {'importance': 20.0, 'performance': 5.125}
    """
    if not isinstance(data, pd.DataFrame):
        raise CsatInputError(f"expected a pandas DataFrame, got {type(data).__name__}", argument="data",
                             fix="pass one row per item with importance and performance columns")
    require_not_empty(data, "data")
    require_columns(data, [item, importance, performance], "data")
    require_numeric(data, [importance, performance], "data")
    require_finite(data, [importance, performance], "data")
    for column in (importance, performance):
        blank = data[column].isna().to_numpy()
        if blank.any():
            i = int(np.argmax(blank))
            raise CsatInputError(
                "missing value", argument="data", row=data.index[i], column=column, value=float("nan"),
                fix="give every item an importance and a performance, or drop the item",
            )
    centre = crosshair_of(data, importance=importance, performance=performance,
                          crosshair=crosshair, scale=scale)
    x, y = centre.importance, centre.performance
    out = data.copy()
    high_imp = out[importance].to_numpy(dtype=float) >= x
    high_perf = out[performance].to_numpy(dtype=float) >= y
    out["quadrant"] = [QUADRANTS[(bool(a), bool(b))] for a, b in zip(high_imp, high_perf)]
    out.attrs["crosshair"] = {"importance": x, "performance": y}
    return out


def derived_importance(items: pd.DataFrame, target: pd.Series | np.ndarray) -> pd.Series:
    """Pearson correlation of each item column with ``target``: the items' derived importance.

    Every row must be complete (drop rows with a blank first).  The target is
    centred once and each column costs a centring and two sums of products,
    instead of pandas' ``corrwith`` path (alignment, scaling and three dot
    products per column), which a million respondents times 25 items made
    slow; the numbers agree with ``corrwith`` to rounding (1e-14).  A column
    or target without spread gives NaN.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [4, 3, 3, 1], "q3": [2, 2, 2, 2]})
    >>> derived_importance(items, pd.Series([1, 2, 4, 4])).round(4).tolist()
    [0.9467, -0.7506, nan]
    """
    y = np.asarray(target, dtype=float)
    out = np.full(items.shape[1], np.nan)
    if len(y) >= 2:
        y = y - y.mean()
        # sums of products by numpy's pairwise summation, not BLAS dot products: these are as exact
        # (more, on a million rows), the same on every machine, and start no threads that fight
        # over a busy one (ten times slower there)
        product = y * y
        y_ss = float(product.sum())
        column = np.empty(len(y))
        for j in range(items.shape[1]):
            # one column at a time: a centred copy of all items would double the memory of the scores
            values = items.iloc[:, j].to_numpy(dtype=float)
            np.subtract(values, values.mean(), out=column)
            ss = float(np.multiply(column, column, out=product).sum())
            if ss > 0 and y_ss > 0:
                cross = float(np.multiply(column, y, out=product).sum())
                out[j] = np.clip(cross / np.sqrt(ss * y_ss), -1.0, 1.0)
    return pd.Series(out, index=items.columns, dtype=float)
