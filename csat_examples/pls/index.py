"""0-100 indices from a fitted PLS model: :func:`csi_index`, :func:`rescaled_scores`, :func:`ipma`.

Notes
-----
The ACSI method reports each construct on 0-100: the outer weights are taken
on the raw item scale (for standardised estimation ``w_raw = w / sd``),
normalised to sum to 1, and applied to the items' answers ``x`` on a scale
``[low, high]``::

    index = (Σ w_i x_i - low) / (high - low) × 100,   with Σ w_i = 1.

This needs every weight to be non-negative (a negative weight would let a
*worse* answer raise the index), so a negative weight is refused.

The importance-performance map analysis (IPMA) sets, for a target construct,
each predecessor's *importance* (its unstandardised total effect on the target
in the structural model re-estimated on the 0-100 scores: how many index
points the target gains per point of the predecessor) against its
*performance* (its mean 0-100 score).

References
----------
Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996).
The American Customer Satisfaction Index: nature, purpose, and findings.
*Journal of Marketing* 60(4), 7-18.

Ringle, C. M., & Sarstedt, M. (2016). Gain more insight from your PLS-SEM
results: the importance-performance map analysis. *Industrial Management &
Data Systems* 116(9), 1865-1886.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecation import keyword_only
from ..errors import CsatInputError
from ..validation import require_in_range
from .inner import total_effects
from .result import PlsResult

__all__ = ["csi_index", "rescaled_scores", "ipma", "raw_weights"]


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    try:
        low, high = (float(scale[0]), float(scale[1]))
    except (TypeError, ValueError, IndexError):
        raise CsatInputError("scale must be a pair (min, max)", argument="scale", value=scale,
                             fix="pass the answer scale, e.g. (1, 10)") from None
    if not low < high:
        raise CsatInputError("scale minimum must be below its maximum", argument="scale", value=scale,
                             fix="pass (min, max), e.g. (1, 10)")
    return low, high


def _check_construct(result: PlsResult, construct: str, argument: str) -> None:
    if construct not in result.model.constructs:
        raise CsatInputError("unknown construct", argument=argument, value=construct,
                             fix=f"use one of {list(result.model.constructs)!r}")


def raw_weights(result: PlsResult) -> pd.Series:
    """Outer weights on the raw item scale, normalised to sum to 1 within each block.

    Raises
    ------
    CsatInputError
        If an item has a negative weight (the ACSI index needs non-negative weights).

    Examples
    --------
    >>> from csat_examples.pls import CCSI, fit_pls, simulate
    >>> res = fit_pls(simulate(CCSI, 0.25, n=200, scale=(1, 10), seed=2), CCSI)
    >>> w = raw_weights(res)
    >>> round(float(w[["sat1", "sat2", "sat3", "sat4"]].sum()), 12)
    1.0
    """
    om = result.outer_model.set_index("item")
    w = om["weight"]
    if result.settings["scaled"]:
        w = w / result.item_sd.loc[w.index]
    negative = w[w < 0]
    if len(negative):
        item = str(negative.index[0])
        raise CsatInputError(
            f"item has a negative outer weight in the block of {om.loc[item, 'construct']!r}; "
            "the ACSI 0-100 index needs non-negative weights",
            argument="result", column=item, value=float(negative.iloc[0]),
            fix="check whether the item is reverse-coded (recode it) or drop it from the block",
        )
    return (w / w.groupby(om["construct"]).transform("sum")).rename("weight")


@keyword_only("scale")
def rescaled_scores(result: PlsResult, *, scale: tuple[float, float]) -> pd.DataFrame:
    """Each respondent's 0-100 score on every construct (normalised raw weights).

    Notes
    -----
    For respondent ``r`` and construct ``j`` with items ``i`` in its block::

        score_rj = Σ_i w_i (x_ri - low) / (high - low) × 100,

    where ``w_i`` are the raw-scale outer weights of :func:`raw_weights`
    (``w / sd`` for standardised estimation), normalised so that
    ``Σ_i w_i = 1`` within the block; ``(low, high)`` is ``scale``.

    Examples
    --------
    >>> from csat_examples.pls import CCSI, fit_pls, simulate
    >>> res = fit_pls(simulate(CCSI, 0.25, n=200, scale=(1, 10), seed=2), CCSI)
    >>> s = rescaled_scores(res, scale=(1, 10))
    >>> bool(s.min().min() >= 0 and s.max().max() <= 100)
    True
    """
    low, high = _check_scale(scale)
    items = list(result.outer_model["item"])
    require_in_range(result.data, items, low, high, argument="scale")
    w = raw_weights(result)
    constructs = list(result.model.constructs)
    onehot = pd.get_dummies(result.outer_model["construct"]).reindex(columns=constructs).to_numpy(float)
    matrix = onehot * w.loc[items].to_numpy()[:, None]
    values = (result.data[items].to_numpy(float) - low) / (high - low) * 100.0
    return pd.DataFrame(values @ matrix, index=result.data.index, columns=constructs)


@keyword_only("scale")
def csi_index(result: PlsResult, construct: str, *, scale: tuple[float, float]) -> float:
    """The 0-100 customer-satisfaction index of one construct (ACSI method).

    Parameters
    ----------
    result : PlsResult
        A fitted model.
    construct : str
        Usually ``"satisfaction"``; any construct works.
    scale : (min, max)
        The answer scale of the construct's items, e.g. ``(1, 10)``.

    Returns
    -------
    float
        ``(Σ w_i mean(x_i) - min) / (max - min) × 100`` with the raw-scale outer
        weights normalised to sum to 1.

    Raises
    ------
    CsatInputError
        Unknown construct, a bad scale or answers outside it, or a negative
        outer weight.

    Notes
    -----
    The index is the mean of the respondents' 0-100 scores
    (:func:`rescaled_scores`)::

        CSI = Σ_i w_i (mean(x_i) - low) / (high - low) × 100,   Σ_i w_i = 1,

    with ``w_i`` the raw-scale outer weights of the construct's items and
    ``(low, high)`` the answer scale.

    Examples
    --------
    >>> from csat_examples.pls import CCSI, fit_pls, simulate
    >>> res = fit_pls(simulate(CCSI, 0.25, n=200, scale=(1, 10), seed=2), CCSI)
    >>> 40 < csi_index(res, "satisfaction", scale=(1, 10)) < 60
    True
    """
    _check_construct(result, construct, "construct")
    return float(rescaled_scores(result, scale=scale)[construct].mean())


@keyword_only("scale")
def ipma(result: PlsResult, target: str, *, scale: tuple[float, float]) -> pd.DataFrame:
    """Importance-performance map of the constructs that lead to ``target``.

    Returns
    -------
    pandas.DataFrame
        ``construct, importance, performance, total_effect``: importance =
        unstandardised total effect on ``target`` (0-100 points per point),
        performance = mean 0-100 score, total_effect = standardised total effect.
        Feed it to the library's IPA chart with ``item="construct"``.

    Notes
    -----
    With ``Y`` the 0-100 scores of :func:`rescaled_scores`, centred, each
    endogenous construct ``j`` is regressed by least squares on its
    predecessors, giving unstandardised path coefficients ``B``.  The total
    effects are ``T = (I - B)⁻¹ - I = B + B² + B³ + ...`` (all paths), and
    for each construct ``c`` that reaches ``target``::

        importance_c  = T[c, target]
        performance_c = mean(Y_c)        (uncentred 0-100 score)
        total_effect_c = the standardised total effect of the fitted model.

    Examples
    --------
    >>> from csat_examples.pls import CCSI, fit_pls, simulate
    >>> res = fit_pls(simulate(CCSI, 0.25, n=200, scale=(1, 10), seed=2), CCSI)
    >>> ipma(res, "loyalty", scale=(1, 10)).columns.tolist()
    ['construct', 'importance', 'performance', 'total_effect']
    """
    _check_construct(result, target, "target")
    scores = rescaled_scores(result, scale=scale)
    constructs = list(result.model.constructs)
    arrows = result.model.path_matrix().to_numpy(float)
    y = scores.to_numpy(float)
    y = y - y.mean(axis=0)
    coef = np.zeros_like(arrows)
    for j in range(len(constructs)):
        pre = np.flatnonzero(arrows[:, j])
        if pre.size:
            coef[pre, j] = np.linalg.lstsq(y[:, pre], y[:, j], rcond=None)[0]
    total = total_effects(coef)
    reach = total_effects(arrows) > 0
    t = constructs.index(target)
    std_total = result.effects.set_index(["from", "to"])["total"]
    rows = [(c, total[i, t], float(scores[c].mean()), float(std_total.loc[(c, target)]))
            for i, c in enumerate(constructs) if reach[i, t]]
    if not rows:
        raise CsatInputError("no construct leads to the target", argument="target", value=target,
                             fix="choose an endogenous construct such as 'satisfaction' or 'loyalty'")
    return pd.DataFrame(rows, columns=["construct", "importance", "performance", "total_effect"])
