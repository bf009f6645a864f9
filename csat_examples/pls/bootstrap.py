"""Bootstrap standard errors and percentile intervals for a PLS model.

Notes
-----
Each resample draws ``n`` rows with replacement, re-runs the whole estimation
(standardising, iterating, orienting signs, regressing) and keeps the outer
weights, loadings, path coefficients, total effects and R².  The standard
error is the standard deviation of the ``B`` resample estimates (divisor
``B - 1``), the interval the ``(1-c)/2`` and ``(1+c)/2`` percentiles.  A
resample that cannot be estimated (an item constant in it, no convergence) is
left out and counted in :attr:`BootstrapResult.failed`.

References
----------
Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS
path modeling. *Computational Statistics & Data Analysis* 48(1), 159-205
(section 3.4, resampling).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from .algorithm import Design, estimate, standardise
from .inner import inner_regressions, total_effects
from .result import BootstrapResult

__all__ = ["run_bootstrap", "parameter_vector"]


def parameter_vector(est_weights: np.ndarray, crossloadings: np.ndarray, coef: np.ndarray,
                     r2: np.ndarray, design: Design) -> np.ndarray:
    """Weights, own loadings, path coefficients, total effects, endogenous R² as one vector."""
    p = design.block_of.size
    own = crossloadings[np.arange(p), design.block_of]
    arrows = design.arrows.astype(bool)
    reach = total_effects(design.arrows) > 0
    endo = arrows.any(axis=0)
    return np.concatenate([est_weights, own, coef[arrows], total_effects(coef)[reach], r2[endo]])


def parameter_labels(items: Sequence[str], constructs: Sequence[str], design: Design) -> pd.DataFrame:
    """``parameter, name`` of each entry of :func:`parameter_vector`."""
    arrows = design.arrows.astype(bool)
    reach = total_effects(design.arrows) > 0
    rows = [("weight", i) for i in items] + [("loading", i) for i in items]
    rows += [("path", f"{constructs[a]} -> {constructs[b]}") for a, b in zip(*np.nonzero(arrows))]
    rows += [("total_effect", f"{constructs[a]} -> {constructs[b]}") for a, b in zip(*np.nonzero(reach))]
    rows += [("r_squared", constructs[j]) for j in np.flatnonzero(arrows.any(axis=0))]
    return pd.DataFrame(rows, columns=["parameter", "name"])


def run_bootstrap(
    raw: np.ndarray,
    design: Design,
    items: Sequence[str],
    constructs: Sequence[str],
    original: np.ndarray,
    *,
    resamples: int,
    seed: int | None,
    confidence: float,
    scheme: str,
    scaled: bool,
    tol: float,
    max_iter: int,
) -> BootstrapResult:
    """Resample rows of ``raw`` ``resamples`` times; summarise the parameter vectors."""
    if not 0 < confidence < 1:
        raise CsatInputError("confidence level must be between 0 and 1", argument="confidence",
                             value=confidence, fix="use e.g. 0.95")
    rng = np.random.default_rng(seed)
    n = raw.shape[0]
    draws = []
    failed = 0
    for _ in range(resamples):
        idx = rng.integers(0, n, size=n)
        x, _, sd = standardise(raw[idx], scaled)
        if np.any(sd <= 0):
            failed += 1
            continue
        try:
            est = estimate(x, design, scheme=scheme, tol=tol, max_iter=max_iter)
            inner = inner_regressions(est.corr, design, n, tests=False)
        except (CsatInputError, np.linalg.LinAlgError):
            failed += 1
            continue
        draws.append(parameter_vector(est.weights, est.crossloadings, inner.coef, inner.r_squared, design))
    table = parameter_labels(items, constructs, design)
    table["original"] = original
    if draws:
        arr = np.vstack(draws)
        lo, hi = np.quantile(arr, [(1 - confidence) / 2, (1 + confidence) / 2], axis=0)
        table["mean"] = arr.mean(axis=0)
        table["std_error"] = arr.std(axis=0, ddof=1) if len(draws) > 1 else np.nan
        table["ci_low"] = lo
        table["ci_high"] = hi
    else:
        for col in ("mean", "std_error", "ci_low", "ci_high"):
            table[col] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        table["t_value"] = table["original"] / table["std_error"]
    return BootstrapResult(table=table, resamples=len(draws), failed=failed, confidence=confidence, seed=seed)
