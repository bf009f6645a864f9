"""Fit a PLS path model: :func:`fit_pls`."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from ..validation import Exclusions, handle_missing, require_finite, require_not_empty, require_numeric
from .algorithm import SCHEMES, Design, estimate, standardise
from .bootstrap import parameter_vector, run_bootstrap
from .inner import inner_regressions, total_effects
from .model import PlsModel
from .reliability import block_unidimensionality, composite_reliability, goodness_of_fit
from .result import PlsResult

__all__ = ["fit_pls", "MISSING_POLICIES"]

#: What ``fit_pls`` can do with blanks.
MISSING_POLICIES: tuple[str, ...] = ("error", "exclude", "mean")


def _check_settings(scheme: str, missing: str, tol: float, max_iter: int, bootstrap: int) -> None:
    if scheme not in SCHEMES:
        raise CsatInputError("unknown inner weighting scheme", argument="scheme", value=scheme,
                             fix=f"use one of {SCHEMES}")
    if missing not in MISSING_POLICIES:
        raise CsatInputError("unknown missing-value policy", argument="missing", value=missing,
                             fix=f"use one of {MISSING_POLICIES}")
    if not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise CsatInputError("tolerance must be a small positive number", argument="tol", value=tol,
                             fix="use e.g. 1e-6")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise CsatInputError("max_iter must be a positive whole number", argument="max_iter",
                             value=max_iter, fix="use e.g. 100")
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, (int, np.integer)) or bootstrap < 0:
        raise CsatInputError("bootstrap must be a whole number of resamples (0 for none)",
                             argument="bootstrap", value=bootstrap, fix="use e.g. 500")


def _impute_means(frame: pd.DataFrame, items: list[str]) -> tuple[pd.DataFrame, int]:
    block = frame[items]
    blanks = block.isna()
    count = int(blanks.to_numpy().sum())
    if count == 0:
        return frame, 0
    empty = [c for c in items if blanks[c].all()]
    if empty:
        raise CsatInputError("item has no answers at all, so it has no mean to impute", argument="data",
                             column=empty[0], fix="drop the item from the model")
    filled = frame.copy()
    filled[items] = block.fillna(block.mean())
    return filled, count


def _min_rows(model: PlsModel) -> int:
    biggest = max(len(model.blocks[c]) for c in model.constructs)
    most_pred = max(len(model.predecessors(c)) for c in model.constructs)
    # A Mode B block is a regression on its items, and every inner regression needs
    # residual degrees of freedom: below this the estimates are not defined.
    return max(biggest, most_pred + 1) + 2


def fit_pls(
    data: pd.DataFrame,
    model: PlsModel,
    *,
    scheme: Literal["centroid", "factorial", "path"] = "centroid",
    scaled: bool = True,
    tol: float = 1e-6,
    max_iter: int = 100,
    missing: Literal["error", "exclude", "mean"] = "error",
    bootstrap: int = 0,
    seed: int | None = None,
    confidence: float = 0.95,
) -> PlsResult:
    """Estimate a PLS path model (Wold / Lohmöller algorithm).

    Parameters
    ----------
    data : pandas.DataFrame
        Rows = respondents, columns = items (other columns are ignored).  Not
        modified.
    model : PlsModel
        From :func:`model_from_dict` or a ready specification (:data:`ECSI` ...).
    scheme : {"centroid", "factorial", "path"}
        Inner weighting scheme.
    scaled : bool
        ``True``: standardise the items (population sd) before estimation.
        ``False``: only centre them, so the outer weights apply to the raw
        items; the scores are standardised either way (as R ``plspm``).
    tol : float
        Stop when ``sum((|w_old| - |w_new|)^2) < tol``.
    max_iter : int
        Iteration cap; not converging by then raises :class:`PlsConvergenceError`.
    missing : {"error", "exclude", "mean"}
        Blanks in the model's items: refuse (default), leave incomplete rows
        out (counted in ``result.excluded``), or fill each blank with its item's
        mean (counted in ``result.imputed``).
    bootstrap : int
        Number of bootstrap resamples (0 = none).
    seed : int, optional
        Seed of the bootstrap's random generator.
    confidence : float
        Level of the bootstrap percentile intervals.

    Returns
    -------
    PlsResult
        Tidy tables: ``outer_model``, ``crossloadings``, ``inner_model``,
        ``path_coefficients``, ``inner_summary``, ``effects``, ``scores``,
        ``unidimensionality``, ``reliability``; ``gof``; ``bootstrap``.

    Raises
    ------
    CsatInputError
        Unknown item or prefix, a non-numeric cell, blanks (with
        ``missing="error"``), a constant item, collinear items in a Mode B
        block, collinear construct scores in a regression, too few rows for the
        largest block or regression, bad settings.
    PlsConvergenceError
        If the weights do not converge in ``max_iter`` iterations.

    Notes
    -----
    The algorithm (see :mod:`csat_examples.pls.algorithm`) alternates outer
    estimates ``Y = XW`` and inner estimates ``Z = YE`` until the weights settle;
    then the scores are regressed along the paths (:mod:`~csat_examples.pls.inner`)
    and the blocks' reliability is computed (:mod:`~csat_examples.pls.reliability`).
    Conventions (variances with divisor ``n``, starting weights, stopping rule)
    are R ``plspm``'s, whose published outputs on its ``satisfaction`` data
    the tests reproduce to 1e-6; in addition each block is oriented so that
    most of its loadings are positive, and results do not depend on the order
    of the data's columns.

    References
    ----------
    Lohmöller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least
    Squares*. Heidelberg: Physica.

    Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS
    path modeling. *Computational Statistics & Data Analysis* 48(1), 159-205.

    Sanchez, G. (2013). *PLS Path Modeling with R*. Berkeley: Trowchez Editions.

    Examples
    --------
    >>> from csat_examples.pls import CCSI, fit_pls, simulate
    >>> data = simulate(CCSI, 0.25, n=300, seed=7)
    >>> res = fit_pls(data, CCSI)
    >>> res.inner_model.columns.tolist()
    ['to', 'from', 'estimate', 'std_error', 't_value', 'p_value']
    >>> row = res.effects.query("`from` == 'brand_image' and to == 'loyalty'")
    >>> float(row.total.iloc[0]) > float(row.direct.iloc[0])
    True
    >>> round(float(res.scores.var(ddof=0).max()), 6)
    1.0
    """
    if not isinstance(data, pd.DataFrame):
        raise CsatInputError("data must be a pandas DataFrame", argument="data",
                             value=type(data).__name__, fix="pass rows = respondents, columns = items")
    if not isinstance(model, PlsModel):
        raise CsatInputError("model must be a PlsModel", argument="model", value=type(model).__name__,
                             fix="build it with model_from_dict(paths, blocks) or use ECSI, ACSI, SCSB, CCSI")
    _check_settings(scheme, missing, tol, max_iter, bootstrap)
    require_not_empty(data, "data")
    resolved = model.resolve(data.columns, argument="model")
    items = list(resolved.items())
    require_numeric(data, items, "data")
    require_finite(data, items, "data")
    imputed = 0
    if missing == "mean":
        frame, imputed = _impute_means(data, items)
        excluded = Exclusions.none()
    else:
        frame, excluded = handle_missing(data, items, missing, "data")
    n = len(frame)
    needed = _min_rows(resolved)
    if n < needed:
        raise CsatInputError(
            f"too few rows ({n}) for this model: its largest block or regression needs at least {needed}",
            argument="data", value=n, fix="collect more responses or use smaller blocks",
        )
    raw = frame[items].to_numpy(dtype=float)
    x, mean, sd = standardise(raw, scaled)
    constructs = list(resolved.constructs)
    cidx = {c: i for i, c in enumerate(constructs)}
    block_of = np.array([cidx[c] for c in constructs for _ in resolved.blocks[c]])
    constant = np.flatnonzero(sd <= 1e-12 * np.maximum(np.abs(mean), 1.0))
    if constant.size:
        i = int(constant[0])
        raise CsatInputError(
            f"item is constant (every answer is {raw[0, i]:g}) in the block of {constructs[block_of[i]]!r}",
            argument="data", column=items[i], value=float(raw[0, i]),
            fix="drop the item from the block: an item that never varies carries no information",
        )
    arrows = resolved.path_matrix().to_numpy(dtype=float)
    mode_b = np.array([resolved.modes[c] == "B" for c in constructs])
    design = Design(block_of=block_of, arrows=arrows, mode_b=mode_b)
    for j in np.flatnonzero(mode_b):
        idx = np.flatnonzero(block_of == j)
        if np.linalg.matrix_rank(x[:, idx]) < idx.size:
            raise CsatInputError(
                f"the items of the formative (Mode B) block {constructs[j]!r} are collinear",
                argument="model", value=[items[i] for i in idx],
                fix="drop an item that is a combination of the others, or use Mode A",
            )
    est = estimate(x, design, scheme=scheme, tol=tol, max_iter=max_iter)
    inner = inner_regressions(est.corr, design, n, constructs)

    index = frame.index
    scores = pd.DataFrame(est.scores, index=index, columns=constructs)
    loading = est.crossloadings[np.arange(len(items)), block_of]
    communality = loading**2
    r2 = inner.r_squared
    outer_model = pd.DataFrame({
        "item": items,
        "construct": [constructs[j] for j in block_of],
        "weight": est.weights,
        "loading": loading,
        "communality": communality,
        "redundancy": communality * r2[block_of],
    })
    crossloadings = pd.DataFrame(est.crossloadings, columns=constructs)
    crossloadings.insert(0, "construct", outer_model["construct"])
    crossloadings.insert(0, "item", items)
    rows = []
    for j, to in enumerate(constructs):
        for k in np.flatnonzero(arrows[:, j]):
            rows.append((to, constructs[k], inner.coef[k, j], inner.std_error[k, j],
                         inner.t_value[k, j], inner.p_value[k, j]))
    inner_model = pd.DataFrame(rows, columns=["to", "from", "estimate", "std_error", "t_value", "p_value"])
    path_coefficients = pd.DataFrame(inner.coef, index=constructs, columns=constructs)
    endogenous = arrows.any(axis=0)
    block_comm = np.bincount(block_of, weights=communality) / np.bincount(block_of)
    ave = np.where(mode_b, np.nan, block_comm)
    inner_summary = pd.DataFrame({
        "construct": constructs,
        "type": np.where(endogenous, "Endogenous", "Exogenous"),
        "r_squared": r2,
        "r_squared_adj": inner.r_squared_adj,
        "block_communality": block_comm,
        "mean_redundancy": block_comm * r2,
        "ave": ave,
    })
    total = total_effects(inner.coef)
    reach = total_effects(arrows) > 0
    effects = pd.DataFrame(
        [(constructs[a], constructs[b], inner.coef[a, b], total[a, b] - inner.coef[a, b], total[a, b])
         for a, b in zip(*np.nonzero(reach))],
        columns=["from", "to", "direct", "indirect", "total"],
    )
    uni_rows, rel_rows = [], []
    for j, c in enumerate(constructs):
        idx = np.flatnonzero(block_of == j)
        block = block_unidimensionality(raw[:, idx], resolved.modes[c])
        alpha, rho, eig1, eig2 = block.alpha, block.dg_rho, block.eig_1st, block.eig_2nd
        uni_rows.append((c, resolved.modes[c], idx.size, alpha, rho, eig1, eig2))
        cr = composite_reliability(loading[idx]) if not mode_b[j] else np.nan
        rel_rows.append((c, resolved.modes[c], idx.size, alpha, rho, cr, ave[j]))
    unidimensionality = pd.DataFrame(uni_rows, columns=["construct", "mode", "mvs", "cronbach_alpha",
                                                        "dillon_goldstein_rho", "eig_1st", "eig_2nd"])
    reliability = pd.DataFrame(rel_rows, columns=["construct", "mode", "items", "cronbach_alpha",
                                                  "dillon_goldstein_rho", "composite_reliability", "ave"])
    gof = goodness_of_fit(communality, block_of, r2, endogenous)
    boot = None
    if bootstrap:
        original = parameter_vector(est.weights, est.crossloadings, inner.coef, r2, design)
        boot = run_bootstrap(raw, design, items, constructs, original, resamples=int(bootstrap), seed=seed,
                             confidence=confidence, scheme=scheme, scaled=scaled, tol=tol, max_iter=max_iter)
    return PlsResult(
        model=resolved,
        scores=scores,
        outer_model=outer_model,
        crossloadings=crossloadings,
        inner_model=inner_model,
        path_coefficients=path_coefficients,
        inner_summary=inner_summary,
        effects=effects,
        unidimensionality=unidimensionality,
        reliability=reliability,
        gof=gof,
        iterations=est.iterations,
        n=n,
        excluded=excluded,
        imputed=imputed,
        settings={"scheme": scheme, "scaled": bool(scaled), "tol": tol, "max_iter": int(max_iter),
                  "missing": missing},
        item_mean=pd.Series(mean, index=items, name="mean"),
        item_sd=pd.Series(sd, index=items, name="sd"),
        data=frame[items].copy(),
        bootstrap=boot,
    )
