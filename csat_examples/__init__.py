"""csat_examples: customer-satisfaction measurement, tested.

The public API is re-exported here once its modules exist; see each module's
docstring for the formula it implements and the source it follows.
"""

from .errors import CsatInputError, CsatWarning, WeightsNormalizedWarning

__all__ = ["CsatInputError", "CsatWarning", "WeightsNormalizedWarning"]
__version__ = "0.1.0"
