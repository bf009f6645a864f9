"""PLS path modelling for customer-satisfaction indices (ACSI, ECSI, SCSB, CCSI).

Fit a model with :func:`fit_pls`, report a 0-100 index with :func:`csi_index`,
map importance against performance with :func:`ipma`, draw the model with
:func:`path_diagram`.  Models are data (:class:`PlsModel`): use a ready
specification or declare one with :func:`model_from_dict`.

Examples
--------
>>> from csat_examples.pls import ECSI, fit_pls, simulate
>>> res = fit_pls(simulate(ECSI, 0.3, n=200, seed=3), ECSI)
>>> res.model.name, res.n
('ECSI', 200)
"""

from .aircon import aircon_diagram, aircon_table
from .algorithm import SCHEMES, PlsConvergenceError
from .diagram import construct_label, path_diagram
from .fit import MISSING_POLICIES, fit_pls
from .index import csi_index, ipma, raw_weights, rescaled_scores
from .model import MODES, PlsModel, model_from_dict
from .result import BootstrapResult, PlsResult
from .simulate import ImpliedFit, implied_r_squared, simulate
from .specs import ACSI, CCSI, ECSI, MODELS, SCSB

__all__ = [
    "fit_pls",
    "csi_index",
    "ipma",
    "rescaled_scores",
    "raw_weights",
    "path_diagram",
    "construct_label",
    "aircon_table",
    "aircon_diagram",
    "PlsResult",
    "BootstrapResult",
    "PlsModel",
    "model_from_dict",
    "PlsConvergenceError",
    "ACSI",
    "ECSI",
    "SCSB",
    "CCSI",
    "MODELS",
    "MODES",
    "SCHEMES",
    "MISSING_POLICIES",
    "simulate",
    "implied_r_squared",
    "ImpliedFit",
]
