"""The PLS path-modelling algorithm (Wold; Lohmöller) on numpy arrays.

Internal building blocks of :func:`~csat_examples.pls.fit_pls`, kept free of
pandas so that the bootstrap can call them hundreds of times cheaply.

Notes
-----
With ``X`` the items (centred; divided by their standard deviation when
``scaled``), ``W`` the block-diagonal matrix of outer weights and ``n`` rows:

1. Start with unit weights, scaled so that each block's composite has unit
   variance.
2. Outer estimate ``Y = XW``, standardised.
3. Inner weights ``E`` from the scheme: *centroid* ``sign(cor(Y_i, Y_j))``,
   *factorial* ``cor(Y_i, Y_j)`` for adjacent constructs; *path*: for a
   predecessor the multiple-regression coefficient of the construct on all its
   predecessors, for a follower the correlation.
4. Inner estimate ``Z = YE``.
5. New outer weights: Mode A ``w_j = X_j'z_j / n`` (covariances); Mode B the
   least-squares coefficients of ``z_j`` on ``X_j``.
6. Repeat 2-5 until ``sum((|w_old| - |w_new|)^2) < tol``; scale the final
   weights so that every score has unit variance.

Variances divide by ``n`` (not ``n - 1``), the starting weights and the stopping
rule are those of R ``plspm`` (Sanchez 2013), so results agree with it to
rounding error.  After convergence each block's weights are oriented so that
most of its loadings are positive (the sign of a PLS composite is otherwise
arbitrary); R ``plspm`` does not do this, and on data where it matters its
signs may differ from ours.

References
----------
Lohmöller, J.-B. (1989). *Latent Variable Path Modeling with Partial Least
Squares*. Heidelberg: Physica.

Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS
path modeling. *Computational Statistics & Data Analysis* 48(1), 159-205.

Sanchez, G. (2013). *PLS Path Modeling with R*. Berkeley: Trowchez Editions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..errors import CsatInputError

__all__ = ["Design", "Estimates", "PlsConvergenceError", "SCHEMES", "standardise", "estimate"]

Scheme = Literal["centroid", "factorial", "path"]
#: Inner weighting schemes.
SCHEMES: tuple[str, ...] = ("centroid", "factorial", "path")


class PlsConvergenceError(CsatInputError):
    """The PLS iterations did not settle within ``max_iter`` steps."""


@dataclass(frozen=True)
class Design:
    """A resolved model as arrays: item -> block index, arrows, Mode B flags."""

    block_of: np.ndarray  # (p,) int: construct index of each item
    arrows: np.ndarray  # (L, L) float 0/1: [from, to]
    mode_b: np.ndarray  # (L,) bool

    @property
    def n_constructs(self) -> int:
        return int(self.arrows.shape[0])

    def onehot(self) -> np.ndarray:
        """(p, L) indicator of each item's block."""
        out = np.zeros((self.block_of.size, self.n_constructs))
        out[np.arange(self.block_of.size), self.block_of] = 1.0
        return out


@dataclass(frozen=True)
class Estimates:
    """Outer estimation results on the prepared data."""

    weights: np.ndarray  # (p,) outer weight of each item on its own construct
    scores: np.ndarray  # (n, L) construct scores, mean 0, variance 1 (divisor n)
    crossloadings: np.ndarray  # (p, L) correlation of each item with each score
    corr: np.ndarray  # (L, L) correlation of the scores
    iterations: int


def standardise(raw: np.ndarray, scaled: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre the columns (and divide by their population sd when ``scaled``).

    Returns ``(X, mean, sd)``; ``sd`` is the population standard deviation of
    each raw column whatever ``scaled`` is (zero flags a constant column).
    """
    mean = raw.mean(axis=0)
    centred = raw - mean
    sd = np.sqrt((centred * centred).mean(axis=0))
    if scaled:
        with np.errstate(divide="ignore", invalid="ignore"):
            centred = centred / sd
    return centred, mean, sd


def _unit_variance(y: np.ndarray) -> np.ndarray:
    y = y - y.mean(axis=0)
    return y / np.sqrt((y * y).mean(axis=0))


def _inner_weights(corr: np.ndarray, design: Design, scheme: str) -> np.ndarray:
    adjacent = design.arrows + design.arrows.T
    if scheme == "centroid":
        return np.sign(corr * adjacent)
    if scheme == "factorial":
        return corr * adjacent
    e = np.zeros_like(corr)
    for k in range(design.n_constructs):
        pre = np.flatnonzero(design.arrows[:, k])
        if pre.size:
            e[pre, k] = np.linalg.solve(corr[np.ix_(pre, pre)], corr[pre, k])
        fol = np.flatnonzero(design.arrows[k, :])
        if fol.size:
            e[fol, k] = corr[k, fol]
    return e


def estimate(
    x: np.ndarray,
    design: Design,
    *,
    scheme: str = "centroid",
    tol: float = 1e-6,
    max_iter: int = 100,
) -> Estimates:
    """Run the iterative outer estimation on prepared (centred) items ``x``.

    Raises
    ------
    PlsConvergenceError
        If the weights have not settled after ``max_iter`` iterations.
    """
    n, p = x.shape
    n_lv = design.n_constructs
    rows = np.arange(p)
    onehot = design.onehot()
    blocks_b = [np.flatnonzero(design.block_of == j) for j in np.flatnonzero(design.mode_b)]
    qr_b = [np.linalg.qr(x[:, idx]) for idx in blocks_b]

    composite = x @ onehot
    w = 1.0 / np.sqrt((composite * composite).mean(axis=0))[design.block_of]
    w_old = w
    converged = False
    iteration = 0
    for iteration in range(1, max_iter + 1):
        big_w = onehot * w[:, None]
        y = _unit_variance(x @ big_w)
        corr = (y.T @ y) / n
        z = y @ _inner_weights(corr, design, scheme)
        w = (x.T @ z)[rows, design.block_of] / n
        for j, idx, (q, r) in zip(np.flatnonzero(design.mode_b), blocks_b, qr_b):
            w[idx] = np.linalg.solve(r, q.T @ z[:, j])
        change = float(np.sum((np.abs(w_old) - np.abs(w)) ** 2))
        if not np.isfinite(change):
            break
        if change < tol:
            converged = True
            break
        w_old = w
    if not converged:
        raise PlsConvergenceError(
            f"the PLS weights did not converge in {max_iter} iterations", argument="max_iter",
            value=max_iter,
            fix="raise max_iter or tol, try scheme='path' or 'factorial', or check the blocks for "
            "items that do not belong together",
        )
    big_w = onehot * w[:, None]
    y = x @ big_w
    scale = np.sqrt((y * y).mean(axis=0))
    w = w / scale[design.block_of]
    y = y / scale
    # Orient each block so that most of its loadings are positive.
    sd_x = np.sqrt((x * x).mean(axis=0))
    cross = (x.T @ y) / n / sd_x[:, None]
    own = cross[rows, design.block_of]
    votes = np.bincount(design.block_of, weights=np.sign(own), minlength=n_lv)
    total = np.bincount(design.block_of, weights=own, minlength=n_lv)
    flip = np.where((votes < 0) | ((votes == 0) & (total < 0)), -1.0, 1.0)
    w = w * flip[design.block_of]
    y = y * flip
    cross = cross * flip
    return Estimates(weights=w, scores=y, crossloadings=cross, corr=(y.T @ y) / n, iterations=iteration)
