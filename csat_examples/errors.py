"""The library's single exception family for bad input.

Every input check in :mod:`csat_examples` raises :class:`CsatInputError`, a
``ValueError`` whose message names the argument, the row and column where
that makes sense, the offending value, and how to fix it.  Callers (the
calculators, the command line, the book) can therefore show the message to a
person as it is, instead of a traceback.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CsatInputError", "CsatWarning", "WeightsNormalizedWarning"]


class CsatInputError(ValueError):
    """Bad input to a :mod:`csat_examples` function.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    argument : str, optional
        The name of the function argument that carries the bad value.
    row : object, optional
        The row label (index value) of the bad cell, if any.
    column : object, optional
        The column (item) name of the bad cell, if any.
    value : object, optional
        The offending value (shown with ``repr``).
    fix : str, optional
        What the caller should do about it.

    Examples
    --------
    >>> err = CsatInputError("score outside the scale 1..7", argument="data",
    ...                      row=3, column="q1", value=9,
    ...                      fix="recode the answer or mark it missing")
    >>> print(err)
    data: score outside the scale 1..7 (row 3, column 'q1', value 9). Fix: recode the answer or mark it missing.
    >>> err.column
    'q1'
    >>> isinstance(err, ValueError)
    True
    """

    _UNSET: Any = object()

    def __init__(
        self,
        problem: str,
        *,
        argument: str | None = None,
        row: Any = _UNSET,
        column: Any = _UNSET,
        value: Any = _UNSET,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.argument = argument
        self.row = None if row is self._UNSET else row
        self.column = None if column is self._UNSET else column
        self.value = None if value is self._UNSET else value
        self.fix = fix
        where = []
        if row is not self._UNSET:
            where.append(f"row {row!r}" if not isinstance(row, (int,)) else f"row {row}")
        if column is not self._UNSET:
            where.append(f"column {column!r}")
        if value is not self._UNSET:
            where.append(f"value {value!r}")
        text = f"{argument}: {problem}" if argument else problem
        if where:
            text += f" ({', '.join(where)})"
        text += "."
        if fix:
            text += f" Fix: {fix.rstrip('.')}."
        super().__init__(text)


class CsatWarning(UserWarning):
    """Base class of the library's warnings (something was changed on purpose)."""


class WeightsNormalizedWarning(CsatWarning):
    """Weights did not sum to 1 and were rescaled because ``normalize=True``."""
