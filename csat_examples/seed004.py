"""Seed 004's weighted-score example, with its lost table RECONSTRUCTED.

Seed 004 (an encyclopedia entry on customer satisfaction) scores six
attributes of a product (quality 质量, function 功能, price 价格, service 服务,
packaging 包装, taste 品位) on the seven levels, scored −60, −40, −20, 0, 20,
40, 60, and reports two results:

* the simple mean score is 23.3, "较满意" (somewhat satisfied);
* with importance weights the score Σ xᵢ kᵢ is 40, "满意" (satisfied).

Its per-attribute table was an image and is lost, so the six scores behind
those figures are unknown.  **The scores in this module are a
reconstruction, not the source's data**: one table of level scores that
reproduces both published figures exactly.  It is not the only such table.

The printed weights are also defective.  The source lists the attributes
as "质量、功能、价格服务、包装、品位" (the separator between 价格 and 服务 is
missing) and then gives five weights, 0.3, 0.1, 0.35, 0.15, 0.05, which sum
to 0.95.  Six attributes need six weights summing to 1, so one weight, 0.05,
is missing.  This module reads the printed weights in order as quality 0.3,
function 0.1, price 0.35, service 0.15, packaging 0.05, and takes the missing
one to be taste's: 0.05, the last attribute having lost the last weight.
(Another reading, price-and-service sharing 0.35 because the two names ran
together, would need the remaining weights re-split; nothing in the text
supports a particular split, so the simpler reading is used.)

With these scores the corrected six weights give exactly 40, while the
printed five weights used as they stand give 41 (taste silently drops out),
and rescaling them to sum to 1 gives 41/0.95 ≈ 43.16: three different
answers to one question, which is why weights must be checked before use
(:func:`csat_examples.validation.check_weights`).

References
----------
Seed 004, 顧客滿意度的分值與加權 (scores −60..60; simple score 23.3 → 较满意;
weights 0.3, 0.1, 0.35, 0.15, 0.05; weighted score 40 → 满意).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .degree import satisfaction_degree
from .errors import WeightsNormalizedWarning
from .scales import level_of

__all__ = [
    "ATTRIBUTES",
    "MISSING_WEIGHT_ATTRIBUTE",
    "reconstructed_scores",
    "reconstructed_table",
    "printed_weights",
    "corrected_weights",
    "comparison",
]

#: The six attributes (English key, Chinese name), in the source's order.
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("quality", "质量"),
    ("function", "功能"),
    ("price", "价格"),
    ("service", "服务"),
    ("packaging", "包装"),
    ("taste", "品位"),
)
#: The attribute whose weight this reconstruction takes to be missing from the print.
MISSING_WEIGHT_ATTRIBUTE = "taste"

# RECONSTRUCTED scores (the source's table is lost).  Constraints: each is a
# level score on the -60..60 scoring; they sum to 140 (mean 23.33, printed as
# 23.3); with the corrected weights the weighted score is exactly 40.
#   0.3*40 + 0.1*20 + 0.35*60 + 0.15*40 + 0.05*0 + 0.05*(-20)
#   = 12 + 2 + 21 + 6 + 0 - 1 = 40
_SCORES = (40, 20, 60, 40, 0, -20)
_PRINTED = (0.3, 0.1, 0.35, 0.15, 0.05)  # in the source's order, sum 0.95
_MISSING_WEIGHT = 0.05  # 1 - 0.95


def reconstructed_scores() -> pd.Series:
    """The six attribute scores (RECONSTRUCTED; −60..60 scoring), indexed by attribute.

    Examples
    --------
    >>> reconstructed_scores().to_dict()
    {'quality': 40.0, 'function': 20.0, 'price': 60.0, 'service': 40.0, 'packaging': 0.0, 'taste': -20.0}
    >>> round(float(reconstructed_scores().mean()), 1)
    23.3
    """
    return pd.Series([float(x) for x in _SCORES], index=[a for a, _ in ATTRIBUTES], name="score")


def printed_weights() -> pd.Series:
    """The five weights as printed in seed 004 (sum 0.95), attributed in order.

    Taste has no printed weight (see the module docstring).

    Examples
    --------
    >>> w = printed_weights()
    >>> w.to_dict()
    {'quality': 0.3, 'function': 0.1, 'price': 0.35, 'service': 0.15, 'packaging': 0.05}
    >>> round(float(w.sum()), 10)
    0.95
    """
    names = [a for a, _ in ATTRIBUTES if a != MISSING_WEIGHT_ATTRIBUTE]
    return pd.Series(list(_PRINTED), index=names, name="printed_weight")


def corrected_weights() -> pd.Series:
    """A complete set of six weights summing to 1: the printed five plus taste's 0.05.

    Examples
    --------
    >>> w = corrected_weights()
    >>> float(w["taste"]), round(float(w.sum()), 12)
    (0.05, 1.0)
    """
    w = printed_weights().reindex([a for a, _ in ATTRIBUTES])
    w[MISSING_WEIGHT_ATTRIBUTE] = _MISSING_WEIGHT
    return w.rename("weight")


def reconstructed_table() -> pd.DataFrame:
    """The per-attribute table of seed 004, RECONSTRUCTED (the original is lost).

    Returns
    -------
    pandas.DataFrame
        One row per attribute, columns ``attribute, zh, score, level_zh,
        level_en, printed_weight, weight, weighted_score``: the
        reconstructed score on the −60..60 scoring, its level, the printed
        weight (NaN for taste, whose weight is missing), the corrected weight
        and ``weight × score``.

    Notes
    -----
    Simple score :math:`\\bar x = \\frac{1}{6}\\sum x_i = 140/6 = 23.3`;
    weighted score :math:`\\sum_i k_i x_i = 40` with the corrected weights.

    References
    ----------
    Seed 004, tables 2 and 3 (lost; the figures 23.3 and 40 survive in the text).

    Examples
    --------
    >>> t = reconstructed_table()
    >>> t[["attribute", "score", "level_zh", "weight", "weighted_score"]]
       attribute  score level_zh  weight  weighted_score
    0    quality   40.0       满意    0.30            12.0
    1   function   20.0      较满意    0.10             2.0
    2      price   60.0      很满意    0.35            21.0
    3    service   40.0       满意    0.15             6.0
    4  packaging    0.0       一般    0.05             0.0
    5      taste  -20.0     不太满意    0.05            -1.0
    >>> round(float(t["score"].mean()), 1), round(float(t["weighted_score"].sum()), 10)
    (23.3, 40.0)
    """
    scores = reconstructed_scores()
    levels = [level_of(x, scale="7-level", scoring="sources") for x in scores]
    weights = corrected_weights()
    return pd.DataFrame(
        {
            "attribute": scores.index.tolist(),
            "zh": [zh for _, zh in ATTRIBUTES],
            "score": scores.to_numpy(),
            "level_zh": [lv.zh for lv in levels],
            "level_en": [lv.en for lv in levels],
            "printed_weight": printed_weights().reindex(scores.index).to_numpy(),
            "weight": weights.to_numpy(),
            "weighted_score": np.round(weights.to_numpy() * scores.to_numpy(), 12),
        }
    )


def comparison() -> pd.DataFrame:
    """The example's four ways of scoring, side by side.

    Returns
    -------
    pandas.DataFrame
        Rows ``simple_mean``, ``weighted_corrected``, ``printed_as_is``,
        ``printed_rescaled``; columns ``method, weight_sum, score, level_zh,
        level_en``.

    Notes
    -----
    ``printed_as_is`` is :math:`\\sum_{i \\ne \\text{taste}} k_i x_i` with the
    printed weights (sum 0.95): what a reader applying the printed numbers
    gets.  The library refuses that computation (weights must sum to 1), so
    it is done here by hand to show the problem.  ``printed_rescaled``
    divides the printed weights by 0.95 (``normalize=True``), which leaves
    taste out altogether.

    Examples
    --------
    >>> comparison()[["method", "weight_sum", "score", "level_zh"]].round(2)
                   method  weight_sum  score level_zh
    0         simple_mean        1.00  23.33      较满意
    1  weighted_corrected        1.00  40.00       满意
    2       printed_as_is        0.95  41.00       满意
    3    printed_rescaled        1.00  43.16       满意
    """
    scores = reconstructed_scores()
    printed = printed_weights()
    simple = satisfaction_degree(scores, scoring="sources")
    weighted = satisfaction_degree(scores, corrected_weights(), scoring="sources")
    as_is = math.fsum(printed[a] * scores[a] for a in printed.index)
    with warnings.catch_warnings():
        # The rescaling is the point of this row, not an accident to warn about.
        warnings.simplefilter("ignore", WeightsNormalizedWarning)
        rescaled = satisfaction_degree(scores[printed.index], printed, scoring="sources", normalize=True)
    rows = [
        ("simple_mean", 1.0, simple.degree),
        ("weighted_corrected", 1.0, weighted.degree),
        ("printed_as_is", round(math.fsum(printed), 12), round(as_is, 12)),
        ("printed_rescaled", 1.0, rescaled.degree),
    ]
    return pd.DataFrame(
        {
            "method": [r[0] for r in rows],
            "weight_sum": [r[1] for r in rows],
            "score": [r[2] for r in rows],
            "level_zh": [level_of(r[2], scale="7-level", scoring="sources").zh for r in rows],
            "level_en": [level_of(r[2], scale="7-level", scoring="sources").en for r in rows],
        }
    )
