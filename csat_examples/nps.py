"""Net Promoter Score from answers to "How likely are you to recommend us?" (0-10).

References
----------
Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business
Review* 81(12), 46-54.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ._deprecation import renamed
from .errors import CsatInputError
from .validation import Exclusions, handle_missing, require_in_range, require_not_empty, require_numeric

__all__ = ["NpsResult", "nps", "nps_group"]

Missing = Literal["error", "exclude"]


@dataclass(frozen=True)
class NpsResult:
    """Result of :func:`nps`.

    Attributes
    ----------
    nps : float
        % promoters − % detractors, between −100 and 100.
    promoters, passives, detractors : int
        Counts of answers 9-10, 7-8 and 0-6.
    n : int
        Answers used.
    excluded : Exclusions
        Blank answers left out (``missing="exclude"``).
    """

    nps: float
    promoters: int
    passives: int
    detractors: int
    n: int
    excluded: Exclusions = field(default_factory=Exclusions.none)

    def __float__(self) -> float:
        return self.nps

    def shares(self) -> dict[str, float]:
        """Promoters, passives and detractors in % of ``n``.

        Examples
        --------
        >>> nps([10, 8, 3, 9]).shares()
        {'promoters': 50.0, 'passives': 25.0, 'detractors': 25.0}
        """
        return {k: 100.0 * getattr(self, k) / self.n for k in ("promoters", "passives", "detractors")}


def _as_series(scores: pd.Series | Iterable[float], argument: str) -> pd.Series:
    if isinstance(scores, pd.Series):
        return scores
    if isinstance(scores, (pd.DataFrame, str, bytes)) or not isinstance(scores, Iterable):
        raise CsatInputError(
            f"expected one column of 0-10 answers, got {type(scores).__name__}",
            argument=argument, fix="pass a Series or list of integers 0..10",
        )
    return pd.Series(list(scores), name=argument)


def nps_group(score: int) -> str:
    """``"promoters"`` (9-10), ``"passives"`` (7-8) or ``"detractors"`` (0-6).

    Notes
    -----
    For an integer answer :math:`s \\in \\{0, \\dots, 10\\}`: promoters if
    :math:`s \\ge 9`, passives if :math:`7 \\le s \\le 8`, detractors if
    :math:`s \\le 6`.  These are the groups :math:`P` and :math:`D` of
    :func:`nps`.

    Examples
    --------
    >>> [nps_group(s) for s in (6, 7, 8, 9)]
    ['detractors', 'passives', 'passives', 'promoters']
    """
    if isinstance(score, (bool, np.bool_)) or not isinstance(score, (int, np.integer)) or not 0 <= score <= 10:
        raise CsatInputError("not an answer on the 0-10 scale", argument="score", value=score,
                             fix="pass an integer from 0 to 10")
    return "promoters" if score >= 9 else "passives" if score >= 7 else "detractors"


@renamed(scores="data")
def nps(data: pd.Series | Iterable[float], *, missing: Missing = "error") -> NpsResult:
    """Net Promoter Score of 0-10 answers.

    Parameters
    ----------
    data : pandas.Series or iterable of int
        One answer per respondent, integers 0..10 (floats such as ``9.0``
        are accepted when whole; blanks are ``NaN``/``None``).
    missing : {"error", "exclude"}
        ``"exclude"`` leaves blank answers out and counts them.

    Returns
    -------
    NpsResult
        ``float(result)`` is the score.  ``data`` is not modified.

    Raises
    ------
    CsatInputError
        For an empty input, text, a value outside 0..10, a fraction, or a
        blank with ``missing="error"``, naming the row and value.

    Notes
    -----
    :math:`NPS = 100\\,(P - D) / n` with :math:`P` the answers 9-10,
    :math:`D` the answers 0-6 and :math:`n` all answers used; passives (7-8)
    count in :math:`n` only.

    References
    ----------
    Reichheld (2003).

    Examples
    --------
    Five promoters, three passives and two detractors of ten:
    100 (5 − 2) / 10 = 30.

    >>> r = nps([10, 9, 9, 10, 9, 8, 7, 7, 6, 0])
    >>> r.nps, r.promoters, r.passives, r.detractors, r.n
    (30.0, 5, 3, 2, 10)
    >>> nps([9, None, 3], missing="exclude").excluded.count
    1
    """
    s = _as_series(data, "data")
    require_not_empty(s, "data")
    frame = s.to_frame(name=s.name if s.name is not None else "data")
    column = frame.columns[0]
    require_numeric(frame, [column], "data")
    kept, excluded = handle_missing(frame, [column], missing, "data")
    if len(kept) == 0:
        raise CsatInputError(
            "every answer is blank", argument="data", value=f"{len(frame)} blanks",
            fix="pass at least one 0-10 answer",
        )
    require_in_range(kept, [column], 0, 10, "data")
    values = kept[column].to_numpy(dtype=float)
    fraction = values != np.round(values)
    if fraction.any():
        i = int(np.argmax(fraction))
        raise CsatInputError(
            f"not a whole number, {int(fraction.sum())} answers",
            argument="data", row=kept.index[i], column=column, value=float(values[i]),
            fix="NPS answers are integers 0..10: round or recode them",
        )
    n = len(values)
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    return NpsResult(
        nps=100.0 * (promoters - detractors) / n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        n=n,
        excluded=excluded,
    )
