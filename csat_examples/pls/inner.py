"""Inner (structural) model: path regressions, R² and effects.

Notes
-----
Each endogenous construct's score is regressed by ordinary least squares on the
scores of its predecessors, with an intercept (which is zero, the scores being
centred, and is not reported).  With ``R`` the correlation matrix of the
scores, the coefficients are ``R_pp^{-1} R_pj``, their standard errors
``sqrt((1 - R²)/(n - k - 1) · diag(R_pp^{-1}))`` and the p-values two-sided
from Student's t with ``n - k - 1`` degrees of freedom (as R's ``lm``, which
R ``plspm`` uses).  Total effects are ``(I - B)^{-1} - I`` for the matrix of
direct effects ``B``; indirect = total - direct.

References
----------
Sanchez, G. (2013). *PLS Path Modeling with R*, chapter 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..distributions import t_sf
from ..errors import CsatInputError
from .algorithm import Design

__all__ = ["InnerFit", "inner_regressions", "total_effects"]

#: Two predictor scores closer to collinear than this make a regression undefined.
COLLINEAR_TOLERANCE = 1e-8


@dataclass(frozen=True)
class InnerFit:
    """Path coefficients ``[from, to]`` with standard errors, t, p; R² per construct."""

    coef: np.ndarray
    std_error: np.ndarray
    t_value: np.ndarray
    p_value: np.ndarray
    r_squared: np.ndarray
    r_squared_adj: np.ndarray


def inner_regressions(
    corr: np.ndarray, design: Design, n: int, names: Sequence[str] | None = None, *, tests: bool = True
) -> InnerFit:
    """Regress every endogenous construct on its predecessors (from the score correlations).

    Raises
    ------
    CsatInputError
        If two predecessors of a construct have (near) collinear scores.
    """
    n_lv = design.n_constructs
    coef = np.zeros((n_lv, n_lv))
    se = np.full((n_lv, n_lv), np.nan)
    r2 = np.zeros(n_lv)
    r2_adj = np.zeros(n_lv)
    for j in range(n_lv):
        pre = np.flatnonzero(design.arrows[:, j])
        if not pre.size:
            continue
        rpp = corr[np.ix_(pre, pre)]
        if pre.size > 1 and np.linalg.eigvalsh(rpp)[0] < COLLINEAR_TOLERANCE:
            off = np.abs(rpp - np.eye(pre.size))
            a, b = np.unravel_index(int(np.argmax(off)), off.shape)
            # constructs by name, or by position when the caller (the bootstrap) passes no names
            name = (lambda k: names[k] if names is not None else f"construct {k}")
            first, second = name(int(pre[a])), name(int(pre[b]))
            raise CsatInputError(
                f"the scores of {first!r} and {second!r} are collinear (correlation "
                f"{corr[pre[a], pre[b]]:.6f}), so the regression of {name(j)!r} on them is undefined",
                argument="model", value=f"{first}, {second}",
                fix="merge the two blocks, drop one construct, or measure them with distinct items",
            )
        inv = np.linalg.inv(rpp)
        beta = inv @ corr[pre, j]
        coef[pre, j] = beta
        r2[j] = float(corr[pre, j] @ beta)
        df = n - pre.size - 1
        r2_adj[j] = 1.0 - (1.0 - r2[j]) * (n - 1) / df if df > 0 else np.nan
        if tests and df > 0:
            se[pre, j] = np.sqrt(max(1.0 - r2[j], 0.0) / df * np.diag(inv))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = coef / se
    p = np.full_like(t, np.nan)
    if tests:
        for j in range(n_lv):
            pre = np.flatnonzero(design.arrows[:, j])
            if pre.size and n - pre.size - 1 > 0:
                p[pre, j] = [2.0 * t_sf(abs(v), n - pre.size - 1) for v in t[pre, j]]
    return InnerFit(coef=coef, std_error=se, t_value=t, p_value=p, r_squared=r2, r_squared_adj=r2_adj)


def total_effects(direct: np.ndarray) -> np.ndarray:
    """Total effects ``(I - B)^{-1} - I`` of a recursive model with direct effects ``B[from, to]``.

    Examples
    --------
    >>> b = np.array([[0, 0.5, 0.2], [0, 0, 0.4], [0, 0, 0]])
    >>> float(total_effects(b)[0, 2])  # 0.2 direct + 0.5 * 0.4 indirect
    0.4
    """
    eye = np.eye(direct.shape[0])
    return np.linalg.solve(eye - direct.T, eye).T - eye
