"""csat_examples: customer-satisfaction measurement, tested.

The most used functions are importable from the package itself; everything
else lives in its module (``csat_examples.servqual``, ``csat_examples.pls``,
``csat_examples.survey`` ...), each documented with the formula it implements
and the source it follows.  Names that are both a module and a function
(``servqual``, ``rater``, ``nps``, ``ipa``) are imported from their module:
``from csat_examples.servqual import servqual``.

Examples
--------
>>> import pandas as pd
>>> import csat_examples as cx
>>> answers = pd.Series(["满意", "很满意", "一般", "较满意", "满意"])
>>> cx.satisfaction_rate(answers).rate
60.0
>>> cx.level_of(23.3, scale="7-level", scoring="sources").zh
'较满意'
"""

from .degree import DegreeResult, distribution_degree, satisfaction_degree, weighted_index
from .errors import CsatInputError, CsatWarning, WeightsNormalizedWarning
from .hierarchy import HierarchyResult, hierarchical_index
from .rate import RateResult, level_distribution, satisfaction_rate
from .scales import FIVE_LEVEL, SEVEN_LEVEL, Level, Scale, get_scale, level_of, score_of, to_ranks
from .servqual import RATER, service_gaps
from .stats import item_summary, p_chart, pareto, two_proportion_test, welch_test, xbar_s_chart

__all__ = [
    "CsatInputError",
    "CsatWarning",
    "WeightsNormalizedWarning",
    "Level",
    "Scale",
    "SEVEN_LEVEL",
    "FIVE_LEVEL",
    "get_scale",
    "level_of",
    "score_of",
    "to_ranks",
    "RateResult",
    "satisfaction_rate",
    "level_distribution",
    "DegreeResult",
    "weighted_index",
    "satisfaction_degree",
    "distribution_degree",
    "HierarchyResult",
    "hierarchical_index",
    "RATER",
    "service_gaps",
    "item_summary",
    "two_proportion_test",
    "welch_test",
    "p_chart",
    "xbar_s_chart",
    "pareto",
]
__version__ = "0.1.0"
