"""The result of :func:`~csat_examples.pls.fit_pls`: tidy tables in one object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..validation import Exclusions
from .model import PlsModel

__all__ = ["PlsResult", "BootstrapResult"]


@dataclass(frozen=True)
class BootstrapResult:
    """Bootstrap standard errors and percentile confidence intervals.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per parameter; columns ``parameter`` (``"weight"``,
        ``"loading"``, ``"path"``, ``"total_effect"``, ``"r_squared"``),
        ``name`` (item, ``"A -> B"`` or construct), ``original`` (full-sample
        estimate), ``mean``, ``std_error`` (sd of the resample estimates, divisor
        ``B - 1``), ``ci_low``, ``ci_high`` (percentile interval), ``t_value``
        (original / std_error).
    resamples : int
        Resamples that were used.
    failed : int
        Resamples left out because they could not be estimated (a constant
        item in the resample, or no convergence); counted, never hidden.
    confidence : float
        Level of the intervals.
    seed : int or None
        Seed of the random generator (same seed, same table).
    """

    table: pd.DataFrame
    resamples: int
    failed: int
    confidence: float
    seed: int | None


@dataclass(frozen=True)
class PlsResult:
    """A fitted PLS path model (see :func:`~csat_examples.pls.fit_pls`).

    Attributes
    ----------
    model : PlsModel
        The model with its blocks resolved to the data's columns.
    scores : pandas.DataFrame
        Construct scores (rows as in the data that was used; columns =
        constructs), mean 0 and variance 1 (divisor ``n``).
    outer_model : pandas.DataFrame
        ``item, construct, weight, loading, communality, redundancy``.  Weights
        apply to the items as used in the algorithm: centred raw items when
        ``scaled=False``, standardised items when ``scaled=True``.
    crossloadings : pandas.DataFrame
        ``item, construct`` and one column per construct: correlation of each
        item with each construct's score.
    inner_model : pandas.DataFrame
        ``to, from, estimate, std_error, t_value, p_value``: one row per path.
    path_coefficients : pandas.DataFrame
        Square matrix ``[from, to]`` of path coefficients (0 where no arrow).
    inner_summary : pandas.DataFrame
        ``construct, type, r_squared, r_squared_adj, block_communality,
        mean_redundancy, ave``.
    effects : pandas.DataFrame
        ``from, to, direct, indirect, total`` for every pair joined by a chain of arrows.
    unidimensionality : pandas.DataFrame
        ``construct, mode, mvs, cronbach_alpha, dillon_goldstein_rho, eig_1st, eig_2nd``.
    reliability : pandas.DataFrame
        ``construct, mode, items, cronbach_alpha, dillon_goldstein_rho,
        composite_reliability, ave``.
    gof : float
        Goodness of fit (Tenenhaus et al. 2005).
    iterations : int
        Iterations the outer estimation needed.
    n : int
        Rows used.
    excluded : Exclusions
        Rows left out (``missing="exclude"``).
    imputed : int
        Cells filled with their item's mean (``missing="mean"``).
    settings : mapping
        ``scheme``, ``scaled``, ``tol``, ``max_iter``, ``missing``.
    item_mean, item_sd : pandas.Series
        Mean and population sd of each raw item (used by :func:`csi_index`).
    data : pandas.DataFrame
        The item values used (after imputation), a copy.
    bootstrap : BootstrapResult or None

    Examples
    --------
    >>> from csat_examples.pls import SCSB, fit_pls, simulate
    >>> res = fit_pls(simulate(SCSB, 0.3, n=150, seed=5), SCSB, bootstrap=20, seed=1)
    >>> res.inner_summary.columns.tolist()
    ['construct', 'type', 'r_squared', 'r_squared_adj', 'block_communality', 'mean_redundancy', 'ave']
    >>> res.r_squared().index.tolist()
    ['perceived_value', 'satisfaction', 'complaints', 'loyalty']
    >>> res.bootstrap.resamples + res.bootstrap.failed
    20
    """

    model: PlsModel
    scores: pd.DataFrame
    outer_model: pd.DataFrame
    crossloadings: pd.DataFrame
    inner_model: pd.DataFrame
    path_coefficients: pd.DataFrame
    inner_summary: pd.DataFrame
    effects: pd.DataFrame
    unidimensionality: pd.DataFrame
    reliability: pd.DataFrame
    gof: float
    iterations: int
    n: int
    excluded: Exclusions
    imputed: int
    settings: Mapping[str, Any]
    item_mean: pd.Series
    item_sd: pd.Series
    data: pd.DataFrame = field(repr=False)
    bootstrap: BootstrapResult | None = None

    def r_squared(self) -> pd.Series:
        """R² of each endogenous construct (a Series named ``r_squared``)."""
        s = self.inner_summary.set_index("construct")["r_squared"]
        return s.loc[list(self.model.endogenous)]

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"PlsResult(model={self.model.name!r}, n={self.n}, constructs={len(self.model.constructs)}, "
            f"scheme={s['scheme']!r}, scaled={s['scaled']}, iterations={self.iterations}, gof={self.gof:.4f})"
        )
