"""Input checks shared by the whole library: one helper per kind of bad input.

Every function here either returns quietly or raises
:class:`~csat_examples.errors.CsatInputError` with a message that names the
argument, the row and column of the first offending cell, the offending
value, how many cells are affected, and what to do about it.  Other modules
call these helpers instead of writing their own checks, so the wording of
errors is the same everywhere.

The checks work on whole numpy arrays (no Python loop over rows), so they are
cheap enough to run on every call, even on a million respondents.  None of
them modifies its input.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import CsatInputError, WeightsNormalizedWarning

__all__ = [
    "Exclusions",
    "cell_error",
    "check_range_array",
    "numeric_matrix",
    "missing_from_mask",
    "missing_policy",
    "MISSING_POLICIES",
    "WEIGHT_TOLERANCE",
    "require_columns",
    "require_numeric",
    "require_in_range",
    "require_not_empty",
    "require_unique",
    "require_finite",
    "MAX_ABS",
    "check_weights",
    "handle_missing",
]

Missing = Literal["error", "exclude"]
MISSING_POLICIES: tuple[str, ...] = ("error", "exclude")
#: Weights count as summing to 1 when ``abs(sum - 1) <= WEIGHT_TOLERANCE``.
WEIGHT_TOLERANCE: float = 1e-9
#: Largest size of a number the computations accept (its square times a million rows stays finite).
MAX_ABS: float = 1e100


@dataclass(frozen=True)
class Exclusions:
    """Rows left out of a computation on purpose, and why.

    Attributes
    ----------
    count : int
        How many rows were left out.
    rows : tuple
        Their index labels, in the order of the data.
    reason : str
        Why they were left out (empty when nothing was).

    Examples
    --------
    >>> Exclusions.none()
    Exclusions(count=0, rows=(), reason='')
    >>> bool(Exclusions(2, ("r1", "r7"), "missing answer"))
    True
    """

    count: int
    rows: tuple[Hashable, ...]
    reason: str

    @classmethod
    def none(cls) -> Exclusions:
        """Nothing was excluded."""
        return cls(0, (), "")

    def __bool__(self) -> bool:
        return self.count > 0


def _as_frame(data: Any, argument: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame()
    raise CsatInputError(
        f"expected a pandas DataFrame, got {type(data).__name__}",
        argument=argument,
        fix="pass a DataFrame with one row per respondent and one column per item",
    )


def _columns_list(columns: Iterable[Hashable] | Hashable | None, frame: pd.DataFrame) -> list[Hashable]:
    if columns is None:
        return list(frame.columns)
    if isinstance(columns, (str, bytes)) or not isinstance(columns, Iterable):
        return [columns]
    return list(columns)


def _first_cell(
    mask: np.ndarray, frame: pd.DataFrame, columns: Sequence[Hashable]
) -> tuple[Hashable, Hashable, Any, int]:
    """Row label, column, value and count of the cells where a 2-D ``mask`` is True."""
    count = int(mask.sum())
    # argmax over the flattened C-order mask finds the first bad cell row by row.
    flat = int(np.argmax(mask.reshape(-1)))
    i, j = divmod(flat, mask.shape[1])
    column = columns[j]
    row = frame.index[i]
    value = frame[column].iloc[i]
    return row, column, _plain(value), count


def cell_error(
    mask: np.ndarray,
    frame: pd.DataFrame,
    columns: Sequence[Hashable],
    problem: str,
    argument: str,
    fix: str,
) -> CsatInputError:
    """The error for the cells where ``mask`` is True: names the first, counts them all."""
    row, column, value, count = _first_cell(mask, frame, columns)
    return CsatInputError(
        problem.format(cells=_cells(count), rows=int(mask.any(axis=1).sum())),
        argument=argument, row=row, column=column, value=value, fix=fix,
    )


def _plain(value: Any) -> Any:
    """numpy scalars shown as plain Python values in messages."""
    return value.item() if isinstance(value, np.generic) else value


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


def require_columns(data: pd.DataFrame, columns: Iterable[Hashable], argument: str = "data") -> None:
    """Raise unless every name in ``columns`` is a column of ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
        The table to check.
    columns : iterable of column names
        Names that must be present (e.g. the ``items`` argument).
    argument : str
        Name of the caller's argument, used in the message.

    Raises
    ------
    CsatInputError
        Naming the first unknown column and listing the columns that exist,
        or a wanted column whose name the data has twice (which of the two
        would be meant is not known).

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2], "q2": [3, 4]})
    >>> require_columns(df, ["q1"])
    >>> require_columns(df, ["q1", "q9"], argument="items")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: items: unknown item name (column 'q9', value 'q9'). Fix: use one of the data's columns: ['q1', 'q2'].
    """
    frame = _as_frame(data, argument)
    present = set(frame.columns)
    wanted = _columns_list(columns, frame)
    for name in wanted:
        if name not in present:
            raise CsatInputError(
                "unknown item name",
                argument=argument,
                column=name,
                value=name,
                fix=f"use one of the data's columns: {list(frame.columns)!r}",
            )
    if frame.columns.has_duplicates:
        repeated = set(frame.columns[frame.columns.duplicated()])
        for name in wanted:
            if name in repeated:
                raise CsatInputError(
                    f"the data has {int((frame.columns == name).sum())} columns with this name",
                    argument=argument,
                    column=name,
                    fix="give each column its own name (e.g. data.columns = [...]), or drop the repeated one "
                    "(data.loc[:, ~data.columns.duplicated()])",
                )


def require_not_empty(data: pd.DataFrame | pd.Series, argument: str = "data") -> None:
    """Raise if ``data`` has no rows (or, for a DataFrame, no columns).

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
    argument : str
        Name of the caller's argument, used in the message.

    Examples
    --------
    >>> require_not_empty(pd.DataFrame({"q1": [5]}))
    >>> require_not_empty(pd.DataFrame({"q1": []}))
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: no rows to compute from (value 'DataFrame with 0 rows and 1 columns'). Fix: pass at least one respondent.
    """
    if isinstance(data, pd.DataFrame):
        if len(data) == 0 or data.shape[1] == 0:
            raise CsatInputError(
                "no rows to compute from" if len(data) == 0 else "no columns to compute from",
                argument=argument,
                value=f"DataFrame with {data.shape[0]} rows and {data.shape[1]} columns",
                fix="pass at least one respondent" if len(data) == 0 else "pass at least one item column",
            )
    elif len(data) == 0:
        raise CsatInputError(
            "no values to compute from",
            argument=argument,
            value=f"{type(data).__name__} of length 0",
            fix="pass at least one value",
        )


def _is_number_array(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)


def require_numeric(
    data: pd.DataFrame | pd.Series,
    columns: Iterable[Hashable] | None = None,
    argument: str = "data",
) -> None:
    """Raise if a cell of ``columns`` holds something other than a number or a blank.

    Blanks (``NaN``/``None``) pass: whether they are allowed is the job of
    :func:`handle_missing`.  Booleans and strings (``"5"``, ``"n/a"``) fail:
    recode them first so that nothing is guessed silently.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
    columns : iterable of column names, optional
        Columns to check; all of them when None.
    argument : str
        Name of the caller's argument, used in the message.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 2], "q2": [3, "four"]}, index=["a", "b"])
    >>> require_numeric(df, ["q1"])
    >>> require_numeric(df)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: not a number, 1 cell (row 'b', column 'q2', value 'four'). Fix: recode the answers as numbers (blank for a missing answer), e.g. with to_ranks() for level labels, or leave the column out of the items.
    """
    frame = _as_frame(data, argument)
    cols = _columns_list(columns, frame)
    require_columns(frame, cols, argument)
    for name in cols:
        col = frame[name]
        if _is_number_array(col):
            continue
        values = col.to_numpy(dtype=object)
        is_number = np.fromiter(
            (isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
             for v in values),
            dtype=bool,
            count=len(values),
        )
        bad = ~is_number & ~pd.isna(col).to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise CsatInputError(
                f"not a number, {_cells(int(bad.sum()))}",
                argument=argument,
                row=_plain(frame.index[i]),
                column=name,
                value=_plain(values[i]),
                fix="recode the answers as numbers (blank for a missing answer), e.g. with "
                "to_ranks() for level labels, or leave the column out of the items",
            )


def require_finite(
    data: pd.DataFrame | pd.Series,
    columns: Iterable[Hashable] | None = None,
    argument: str = "data",
    *,
    limit: float = MAX_ABS,
) -> None:
    """Raise if a number in ``columns`` is infinite or larger in size than ``limit`` (blanks pass).

    Sums of squares of numbers beyond :data:`MAX_ABS` overflow; no survey
    answer, weight or importance is that large, so such a value is a typo or
    an unconverted code.

    Examples
    --------
    >>> require_finite(pd.DataFrame({"importance": [30.0, 1e5]}))
    >>> require_finite(pd.DataFrame({"importance": [30.0, float("inf")]}))
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: infinite or too large a number, 1 cell (row 1, column 'importance', value inf). Fix: ...
    """
    frame = _as_frame(data, argument)
    cols = _columns_list(columns, frame)
    arr = numeric_matrix(frame, cols, argument)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(arr) & ~np.isnan(arr) | (np.abs(arr) > limit)
    if bad.any():
        raise cell_error(bad, frame, cols, "infinite or too large a number, {cells}", argument,
                          fix=f"use numbers between -{limit:g} and {limit:g} (blank for a missing value)")


def numeric_matrix(frame: pd.DataFrame, columns: Sequence[Hashable], argument: str) -> np.ndarray:
    """The numeric block of ``frame[columns]`` as a float array (a view when possible)."""
    require_numeric(frame, columns, argument)
    # Avoids the copy that frame[columns] makes when the columns are all of them.
    sub = frame if list(frame.columns) == list(columns) else frame[list(columns)]
    if all(isinstance(t, np.dtype) for t in sub.dtypes):
        return sub.to_numpy(dtype=float, copy=False)
    # Nullable extension columns (Int64, Float64) hold pd.NA: read it as a blank.
    return sub.to_numpy(dtype=float, na_value=np.nan)


def check_range_array(
    arr: np.ndarray,
    frame: pd.DataFrame,
    columns: Sequence[Hashable],
    low: float,
    high: float,
    argument: str,
) -> None:
    """Raise a :class:`CsatInputError` naming the first cell of ``arr`` (``frame[columns]`` as numbers)
    outside ``[low, high]``; blanks are not checked here."""
    # Two fast reductions on the whole array; the cell-by-cell mask is only
    # built once we know there is something to report.
    if arr.size == 0:
        return
    lo, hi = arr.min(), arr.max()
    if np.isnan(lo):  # a blank poisons min/max; fall back to the NaN-aware pass
        if np.isnan(arr).all():
            return
        lo, hi = np.nanmin(arr), np.nanmax(arr)
    if lo >= low and hi <= high:
        return
    raise cell_error(
        (arr < low) | (arr > high), frame, columns,
        f"score outside the scale {low:g}..{high:g}, {{cells}}", argument,
        fix=f"recode the answer to a value between {low:g} and {high:g}, "
        "blank it if it is not an answer, or choose the scoring the data uses",
    )


def require_in_range(
    data: pd.DataFrame | pd.Series,
    columns: Iterable[Hashable] | None,
    low: float,
    high: float,
    argument: str = "data",
) -> None:
    """Raise if a number in ``columns`` lies outside ``low..high`` (blanks pass).

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
    columns : iterable of column names or None (all columns)
    low, high : float
        Inclusive bounds, e.g. the range of a scale's scoring.
    argument : str
        Name of the caller's argument, used in the message.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 7], "q2": [3, 9]})
    >>> require_in_range(df, ["q1"], 1, 7)
    >>> require_in_range(df, None, 1, 7)
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: score outside the scale 1..7, 1 cell (row 1, column 'q2', value 9). Fix: recode the answer to a value between 1 and 7, blank it if it is not an answer, or choose the scoring the data uses.
    """
    frame = _as_frame(data, argument)
    cols = _columns_list(columns, frame)
    arr = numeric_matrix(frame, cols, argument)
    check_range_array(arr, frame, cols, low, high, argument)


def require_unique(series: pd.Series, argument: str = "respondent_id") -> None:
    """Raise if ``series`` (e.g. respondent ids) holds a value twice.

    Parameters
    ----------
    series : pandas.Series or pandas.Index
        The values that must be unique.
    argument : str
        Name of the caller's argument, used in the message.

    Raises
    ------
    CsatInputError
        Naming the first repeated value, the row of its repeat, the row of
        its first occurrence, and how many repeats there are.

    Examples
    --------
    >>> require_unique(pd.Series(["a", "b"]))
    >>> require_unique(pd.Series(["a", "b", "a"], name="respondent_id"))
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: respondent_id: duplicate value, 1 repeat (row 2, column 'respondent_id', value 'a'). Fix: give every respondent one row with a unique id (the first is at row 0).
    """
    values = pd.Series(series, name=series.name) if isinstance(series, pd.Index) else series
    dup = values.duplicated(keep="first").to_numpy()
    if dup.any():
        i = int(np.argmax(dup))
        value = _plain(values.iloc[i])
        first = values.index[int(np.argmax((values == value).to_numpy()))]
        repeats = int(dup.sum())
        raise CsatInputError(
            f"duplicate value, {repeats} repeat{'s' if repeats > 1 else ''}",
            argument=argument,
            row=_plain(values.index[i]),
            column=values.name,
            value=value,
            fix=f"give every respondent one row with a unique id (the first is at row {_plain(first)!r})",
        )


def check_weights(
    weights: Mapping[Hashable, float] | pd.Series,
    items: Iterable[Hashable] | None = None,
    *,
    normalize: bool = False,
    argument: str = "weights",
) -> pd.Series:
    """Validate item weights and return them as a float Series in ``items`` order.

    Weights must be finite numbers, non-negative, one per item, with no
    weight for an item that is not being scored, and sum to 1 within
    :data:`WEIGHT_TOLERANCE` (``1e-9``).  With ``normalize=True`` a set that
    does not sum to 1 is divided by its sum, and a
    :class:`~csat_examples.errors.WeightsNormalizedWarning` says so.

    Parameters
    ----------
    weights : mapping item -> weight, or pandas.Series indexed by item
    items : iterable of item names, optional
        The items being scored; the weights' own keys when None.
    normalize : bool
        Rescale weights that do not sum to 1 instead of raising.
    argument : str
        Name of the caller's argument, used in the message.

    Returns
    -------
    pandas.Series
        Float weights indexed by item, in the order of ``items``, summing to 1.
        The caller's object is not modified.

    Notes
    -----
    Normalised weights are :math:`w_i / \\sum_j w_j`.

    Examples
    --------
    >>> check_weights({"q1": 0.25, "q2": 0.75}, ["q2", "q1"]).tolist()
    [0.75, 0.25]
    >>> check_weights({"q1": 0.3, "q2": 0.6}, ["q1", "q2"])
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: weights: weights sum to 0.9, not 1 (value 0.9). Fix: correct the weights so they sum to 1, or pass normalize=True to rescale them.
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("ignore")
    ...     check_weights({"q1": 1, "q2": 3}, normalize=True).tolist()
    [0.25, 0.75]
    """
    if isinstance(weights, pd.Series):
        w = weights
    elif isinstance(weights, Mapping):
        w = pd.Series(dict(weights), dtype=object)
    else:
        raise CsatInputError(
            f"expected a mapping item -> weight or a pandas Series, got {type(weights).__name__}",
            argument=argument,
            fix="pass e.g. {'quality': 0.6, 'price': 0.4}",
        )
    if w.index.has_duplicates:
        raise CsatInputError(
            "an item has two weights",
            argument=argument,
            value=_plain(w.index[w.index.duplicated()][0]),
            fix="give each item one weight",
        )
    wanted = list(w.index) if items is None else _columns_list(items, pd.DataFrame())
    if len(wanted) == 0:
        raise CsatInputError("no items to weight", argument=argument, fix="pass at least one item")
    wanted_set = set(wanted)
    for name in w.index:
        if name not in wanted_set:
            raise CsatInputError(
                "weight given for an item that is not in the data",
                argument=argument,
                column=name,
                value=_plain(w[name]),
                fix=f"remove it, or score it too (items are {wanted!r})",
            )
    for name in wanted:
        if name not in w.index:
            raise CsatInputError(
                "no weight for an item",
                argument=argument,
                column=name,
                fix="give every item a weight (0 to leave it out on purpose)",
            )
    values: list[float] = []
    for name in wanted:
        v = w[name]
        if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, (bool, np.bool_)):
            raise CsatInputError(
                "weight is not a number",
                argument=argument,
                column=name,
                value=_plain(v),
                fix="use a number between 0 and 1",
            )
        fv = float(v)
        if not math.isfinite(fv) or abs(fv) > MAX_ABS:
            raise CsatInputError(
                "weight is not finite" if not math.isfinite(fv) else "weight is too large to add up",
                argument=argument, column=name, value=fv,
                fix="use a number between 0 and 1",
            )
        if fv < 0:
            raise CsatInputError(
                "weight is negative", argument=argument, column=name, value=fv,
                fix="use a weight of 0 or more (reverse-score the item instead of giving it a negative weight)",
            )
        values.append(fv)
    out = pd.Series(values, index=pd.Index(wanted), dtype=float, name="weight")
    total = math.fsum(values)
    if total <= 0:
        raise CsatInputError(
            "weights sum to 0", argument=argument, value=total,
            fix="give at least one item a positive weight",
        )
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        if not normalize:
            raise CsatInputError(
                f"weights sum to {total:.10g}, not 1",
                argument=argument,
                value=round(total, 12),
                fix="correct the weights so they sum to 1, or pass normalize=True to rescale them",
            )
        warnings.warn(
            f"{argument}: weights summed to {total:.10g}; each was divided by that sum so they sum to 1",
            WeightsNormalizedWarning,
            stacklevel=2,
        )
        out = out / total
    return out


def missing_policy(missing: str, argument: str = "missing") -> str:
    """``missing`` if it is one of :data:`MISSING_POLICIES`, else a :class:`CsatInputError` naming ``argument``."""
    if missing not in MISSING_POLICIES:
        raise CsatInputError(
            "unknown missing-value policy",
            argument=argument,
            value=missing,
            fix=f"use one of {MISSING_POLICIES!r}",
        )
    return missing


def missing_from_mask(
    mask: np.ndarray,
    frame: pd.DataFrame,
    columns: Sequence[Hashable],
    missing: str,
    argument: str,
) -> tuple[np.ndarray, Exclusions]:
    """Shared core of :func:`handle_missing`: ``mask`` marks blank cells (2-D)."""
    row_bad = mask.any(axis=1)
    if not row_bad.any():
        return row_bad, Exclusions.none()
    if missing == "error":
        raise cell_error(
            mask, frame, columns, "missing answer, {cells} in {rows} rows", argument,
            fix="fill the blanks, or pass missing='exclude' to leave incomplete rows out (they are counted)",
        )
    rows = tuple(_plain(r) for r in frame.index[row_bad])
    reason = f"missing answer in {', '.join(map(str, [c for c, m in zip(columns, mask.any(axis=0)) if m]))}"
    return row_bad, Exclusions(len(rows), rows, reason)


def handle_missing(
    data: pd.DataFrame,
    columns: Iterable[Hashable] | None,
    missing: Missing,
    argument: str = "data",
) -> tuple[pd.DataFrame, Exclusions]:
    """Apply a missing-answer policy to ``columns`` of ``data``.

    Parameters
    ----------
    data : pandas.DataFrame
    columns : iterable of column names or None (all columns)
        Columns in which a blank (``NaN``/``None``) counts as missing.
    missing : {"error", "exclude"}
        ``"error"`` raises on the first blank; ``"exclude"`` drops every row
        with a blank in ``columns`` and reports them.
    argument : str
        Name of the caller's argument, used in the message.

    Returns
    -------
    (pandas.DataFrame, Exclusions)
        The complete rows (the caller's object itself when nothing was
        dropped; never modified) and what was left out.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [5.0, None, 3.0]}, index=["a", "b", "c"])
    >>> kept, excl = handle_missing(df, ["q1"], "exclude")
    >>> kept.index.tolist(), excl.count, excl.rows, excl.reason
    (['a', 'c'], 1, ('b',), 'missing answer in q1')
    >>> handle_missing(df, ["q1"], "error")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: data: missing answer, 1 cell in 1 rows (row 'b', column 'q1', value nan). Fix: fill the blanks, or pass missing='exclude' to leave incomplete rows out (they are counted).
    """
    missing_policy(missing)
    frame = _as_frame(data, argument)
    cols = _columns_list(columns, frame)
    require_columns(frame, cols, argument)
    mask = frame[cols].isna().to_numpy() if cols else np.zeros((len(frame), 0), dtype=bool)
    row_bad, excluded = missing_from_mask(mask, frame, cols, missing, argument)
    if not excluded:
        return frame, excluded
    return frame.loc[~row_bad], excluded
