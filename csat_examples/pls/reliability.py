"""Block reliability and model fit: Cronbach's alpha, Dillon-Goldstein's rho, AVE, GoF.

Notes
-----
For a block of ``p`` standardised items with correlation matrix ``R``:

- Cronbach's alpha (standardised) ``= p/(p-1) · (1 - p / 1'R1)``, set to 0 when
  negative (as R ``plspm``).
- Dillon-Goldstein's rho ``= (Σλ)² / ((Σλ)² + Σ(1 - λ²))`` with ``λ`` the
  correlations of the items with the block's first principal component (R
  ``plspm``'s definition); ``composite_reliability`` is the same formula with
  the PLS loadings (``ρ_c`` of the SmartPLS literature).
- ``eig_1st``, ``eig_2nd``: the two largest eigenvalues of ``R`` (a block is
  unidimensional when only the first exceeds 1).
- AVE (average variance extracted) ``= Σλ²/(Σλ² + Σ(1-λ²))`` with PLS loadings,
  i.e. their mean square; it is a reflective-measurement measure, so it is
  ``NaN`` for Mode B blocks (R ``plspm`` shows ``NA``).
- Goodness of fit ``GoF = sqrt(mean communality × mean R²)``, the mean
  communality over the items of blocks with more than one item, the mean R²
  over endogenous constructs (Tenenhaus et al. 2005).

Where R ``plspm`` reports 0 for alpha and rho of a Mode B block, we report
``NaN`` (not defined, rather than zero).

References
----------
Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS
path modeling. *Computational Statistics & Data Analysis* 48(1), 159-205.

Sanchez, G. (2013). *PLS Path Modeling with R*, chapter 4.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["Unidimensionality", "block_unidimensionality", "composite_reliability", "goodness_of_fit"]


@dataclass(frozen=True)
class Unidimensionality:
    """One block's reliability: :func:`block_unidimensionality`'s result.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha (standardised); ``NaN`` for a Mode B block.
    dg_rho : float
        Dillon-Goldstein's rho; ``NaN`` for a Mode B block.
    eig_1st, eig_2nd : float
        The two largest eigenvalues of the items' correlation matrix.

    It unpacks as ``alpha, dg_rho, eig_1st, eig_2nd`` (the tuple it replaces).
    """

    alpha: float
    dg_rho: float
    eig_1st: float
    eig_2nd: float

    def __iter__(self) -> Iterator[float]:
        return iter((self.alpha, self.dg_rho, self.eig_1st, self.eig_2nd))


def block_unidimensionality(x: np.ndarray, mode: str) -> Unidimensionality:
    """Alpha, Dillon-Goldstein's rho and the two largest eigenvalues of one block of raw items ``x`` (n, p).

    Parameters
    ----------
    x : numpy.ndarray
        The block's items, one row per respondent.
    mode : {"A", "B"}
        The block's measurement mode.

    Returns
    -------
    Unidimensionality

    Examples
    --------
    >>> x = np.array([[1.0, 2, 1], [2, 2, 3], [3, 4, 3], [4, 5, 5]])
    >>> [round(v, 4) for v in block_unidimensionality(x, "A")]
    [0.9658, 0.9779, 2.8093, 0.1835]
    >>> round(block_unidimensionality(x, "A").alpha, 4)
    0.9658
    """
    p = x.shape[1]
    if p == 1:
        return Unidimensionality(1.0, 1.0, 1.0, 0.0)
    corr = np.corrcoef(x, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    eig1, eig2 = float(values[-1]), float(values[-2])
    if mode == "B":
        return Unidimensionality(float("nan"), float("nan"), eig1, eig2)
    alpha = p / (p - 1) * (1.0 - p / corr.sum())
    lam = vectors[:, -1] * np.sqrt(eig1)
    rho = composite_reliability(lam)
    return Unidimensionality(max(float(alpha), 0.0), rho, eig1, eig2)


def composite_reliability(loadings: np.ndarray) -> float:
    """``(Σλ)² / ((Σλ)² + Σ(1 - λ²))`` for the loadings ``λ`` of one block.

    Examples
    --------
    >>> round(composite_reliability(np.array([0.8, 0.8, 0.8])), 4)
    0.8421
    """
    s2 = float(np.sum(loadings)) ** 2
    return s2 / (s2 + float(np.sum(1.0 - loadings**2)))


def goodness_of_fit(communality: np.ndarray, block_of: np.ndarray, r_squared: np.ndarray,
                    endogenous: np.ndarray) -> float:
    """Tenenhaus's GoF (``NaN`` when every block has a single item).

    Examples
    --------
    >>> goodness_of_fit(np.array([0.64, 0.64, 0.81]), np.array([0, 0, 1]),
    ...                 np.array([0.0, 0.49]), np.array([False, True]))
    0.56
    """
    sizes = np.bincount(block_of)
    multi = sizes[block_of] > 1
    if not multi.any() or not endogenous.any():
        return float("nan")
    return float(np.sqrt(communality[multi].mean() * r_squared[endogenous].mean()))
