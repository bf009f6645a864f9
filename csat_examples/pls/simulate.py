"""Survey data generated from a known PLS path model (for teaching, tests and benchmarks).

Notes
-----
Constructs are standardised: exogenous ones are independent standard normal;
an endogenous one is ``η_j = Σ β_kj η_k + ζ_j`` with the residual variance
``1 - R²_j`` chosen so that ``var(η_j) = 1`` (``R²_j = β'Σβ`` from the implied
covariance of its predecessors).  Item ``i`` of construct ``j`` is
``λ η_j + sqrt(1 - λ²) ε_i``; with ``scale=(low, high)`` the items are moved
to that scale (mean at its centre, sd one sixth of its width) and rounded to
whole points, like survey answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from .model import PlsModel

__all__ = ["simulate", "implied_r_squared", "ImpliedFit"]


@dataclass(frozen=True)
class ImpliedFit:
    """:func:`implied_r_squared`'s result.

    Attributes
    ----------
    r_squared : pandas.Series
        R² of each endogenous construct, named ``"r_squared"``.
    covariance : numpy.ndarray
        The implied construct covariance (constructs in the model's order,
        all with variance 1).

    It unpacks as ``r_squared, covariance`` (the tuple it replaces).
    """

    r_squared: pd.Series
    covariance: np.ndarray

    def __iter__(self) -> Iterator[pd.Series | np.ndarray]:
        return iter((self.r_squared, self.covariance))


def _coefficients(model: PlsModel, coefficients: Mapping[tuple[str, str], float] | float) -> dict[tuple[str, str], float]:
    if isinstance(coefficients, (int, float)):
        return {p: float(coefficients) for p in model.paths}
    out = {}
    for p in model.paths:
        if p not in coefficients:
            raise CsatInputError("no coefficient for a path of the model", argument="coefficients",
                                 value=f"{p[0]} -> {p[1]}", fix="give a coefficient for every path")
        out[p] = float(coefficients[p])
    extra = [k for k in coefficients if k not in out]
    if extra:
        raise CsatInputError("coefficient for a path that is not in the model", argument="coefficients",
                             value=f"{extra[0][0]} -> {extra[0][1]}", fix="use the model's paths")
    return out


def implied_r_squared(model: PlsModel, coefficients: Mapping[tuple[str, str], float] | float) -> ImpliedFit:
    """R² of each endogenous construct and the construct covariance implied by the coefficients.

    Notes
    -----
    Constructs are taken in path order, all with variance 1.  For an
    endogenous construct ``j`` with predecessors ``P`` and coefficients
    ``β = (β_kj)_{k in P}``::

        R²_j = β' Σ_PP β,        cov(η_j, η_m) = β' Σ_Pm   (m ≠ j),

    where ``Σ`` is the construct covariance built so far (exogenous
    constructs independent).  ``R²_j >= 1`` is refused.

    Returns
    -------
    ImpliedFit
        ``r_squared`` per endogenous construct and the covariance ``Σ``.

    Examples
    --------
    >>> from csat_examples.pls import model_from_dict
    >>> m = model_from_dict({"a": ["c"], "b": ["c"]}, {"a": "a", "b": "b", "c": "c"})
    >>> implied_r_squared(m, 0.5).r_squared.round(2).to_dict()
    {'c': 0.5}
    """
    beta = _coefficients(model, coefficients)
    names = list(model.constructs)
    order = sorted(names, key=lambda c: model.depth()[c])
    idx = {c: i for i, c in enumerate(names)}
    sigma = np.eye(len(names))
    r2 = {}
    for c in order:
        pre = model.predecessors(c)
        if not pre:
            continue
        b = np.array([beta[(k, c)] for k in pre])
        pi = [idx[k] for k in pre]
        explained = float(b @ sigma[np.ix_(pi, pi)] @ b)
        if explained >= 1:
            raise CsatInputError(f"the coefficients explain more than all the variance of {c!r}",
                                 argument="coefficients", value=round(explained, 4),
                                 fix="use smaller path coefficients")
        r2[c] = explained
        others = [i for i in range(len(names)) if i != idx[c]]
        cov = b @ sigma[np.ix_(pi, others)]
        sigma[idx[c], others] = cov
        sigma[others, idx[c]] = cov
    return ImpliedFit(pd.Series(r2, name="r_squared").reindex(list(model.endogenous)), sigma)


def simulate(
    model: PlsModel,
    coefficients: Mapping[tuple[str, str], float] | float = 0.3,
    n: int = 500,
    *,
    items: int = 4,
    loading: float = 0.85,
    scale: tuple[float, float] | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Draw ``n`` respondents from ``model`` with known path coefficients.

    Parameters
    ----------
    model : PlsModel
        Blocks given as prefixes get ``items`` items each (``prefix1`` ...);
        blocks given as lists keep their names.
    coefficients : float or mapping ``(from, to) -> float``
        Standardised path coefficients (one number for all paths).
    n : int
        Rows.
    items : int
        Items per prefix block.
    loading : float
        Correlation of each item with its construct (0 < loading <= 1).
    scale : (low, high), optional
        Round the items onto this answer scale (e.g. ``(1, 10)``).
    seed : int, optional
        Seed of the random generator.

    Returns
    -------
    pandas.DataFrame
        One column per item, in block order.

    Examples
    --------
    >>> from csat_examples.pls import CCSI
    >>> df = simulate(CCSI, 0.3, n=5, items=2, scale=(1, 10), seed=1)
    >>> list(df.columns[:4]), df.shape
    (['imag1', 'imag2', 'expe1', 'expe2'], (5, 12))
    """
    if not 0 < loading <= 1:
        raise CsatInputError("loading must be in (0, 1]", argument="loading", value=loading,
                             fix="use e.g. 0.85")
    if int(n) < 2:
        raise CsatInputError("need at least two rows", argument="n", value=n, fix="use n >= 2")
    beta = _coefficients(model, coefficients)
    r2 = implied_r_squared(model, beta).r_squared
    rng = np.random.default_rng(seed)
    eta: dict[str, np.ndarray] = {}
    for c in sorted(model.constructs, key=lambda c: model.depth()[c]):
        pre = model.predecessors(c)
        if not pre:
            eta[c] = rng.standard_normal(n)
        else:
            eta[c] = sum(beta[(k, c)] * eta[k] for k in pre) + np.sqrt(1 - r2[c]) * rng.standard_normal(n)
    columns: dict[str, np.ndarray] = {}
    for c in model.constructs:
        block = model.blocks[c]
        names = [f"{block}{i + 1}" for i in range(items)] if isinstance(block, str) else list(block)
        for name in names:
            value = loading * eta[c] + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            if scale is not None:
                low, high = scale
                value = np.clip(np.round((low + high) / 2 + value * (high - low) / 6), low, high)
            columns[name] = value
    return pd.DataFrame(columns)
