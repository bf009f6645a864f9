"""The national customer-satisfaction index models, as :class:`PlsModel` data.

Each specification names its constructs with the keys of the terms table
(``label("pls_" + construct, lang)`` gives the English or Chinese name) and
measures each construct by an item *prefix*, so a survey whose columns are
called ``imag1..imag5``, ``expe1..``, ``qual1..``, ``val1..``, ``sat1..``,
``comp1..``, ``loy1..`` fits a specification as it is.  For other names use
:meth:`PlsModel.with_blocks`; to leave a construct out use
:meth:`PlsModel.drop` (the R ``plspm`` bank data, for example, is
``ECSI.drop("complaints")``).

Who made which index
--------------------
- **SCSB** (Swedish Customer Satisfaction Barometer), 1989: the first national
  index, designed for Sweden by Claes Fornell (Fornell 1992).  Seed 001 writes
  as if the University of Michigan's National Quality Research Center had
  launched it; the Michigan centre's own index is the ACSI (1994).  Fornell
  was at Michigan, but SCSB is a Swedish index.
- **ACSI** (American Customer Satisfaction Index), 1994: National Quality
  Research Center, University of Michigan business school (Fornell), with the
  American Society for Quality (Fornell et al. 1996).
- **ECSI** (European Customer Satisfaction Index), pilot 1999, launched 2000:
  the European Organization for Quality (EOQ) and the European Foundation for
  Quality Management (EFQM) (Eklöf 2000; Cassel & Eklöf 2001).  It adds
  *image* to the ACSI structure.
- **CCSI** (China Customer Satisfaction Index): research commissioned in 2000
  by the Ministry of Science and Technology from the China National Institute
  of Standardization (then 中国标准研究中心), with Tsinghua University's China
  Enterprise Research Center as the main research team (seed 001).  Its six
  variables are brand image, expected quality, perceived quality, perceived
  value, satisfaction and loyalty.  Seed 001's figure lost its arrows in the
  scraped copy; the arrows here follow the ECSI layout (brand image in the
  place of image, no complaints construct), which is the structure the seed's
  text describes (four causes, satisfaction as target, loyalty as result).

References
----------
Fornell, C. (1992). A national customer satisfaction barometer: the Swedish
experience. *Journal of Marketing* 56(1), 6-21.

Fornell, C., Johnson, M. D., Anderson, E. W., Cha, J., & Bryant, B. E. (1996).
The American Customer Satisfaction Index: nature, purpose, and findings.
*Journal of Marketing* 60(4), 7-18.

Cassel, C., & Eklöf, J. A. (2001). Modelling customer satisfaction and loyalty
on aggregate levels: experience from the ECSI pilot study. *Total Quality
Management* 12(7-8), 834-841.

Tenenhaus, M., Esposito Vinzi, V., Chatelin, Y.-M., & Lauro, C. (2005). PLS
path modeling. *Computational Statistics & Data Analysis* 48(1), 159-205.

Examples
--------
>>> ACSI.constructs
('expectations', 'perceived_quality', 'perceived_value', 'satisfaction', 'complaints', 'loyalty')
>>> CCSI.predecessors("satisfaction")
('brand_image', 'expected_quality', 'perceived_quality', 'perceived_value')
>>> sorted(MODELS)
['ACSI', 'CCSI', 'ECSI', 'SCSB']
"""

from __future__ import annotations

from types import MappingProxyType

from .model import PlsModel, model_from_dict

__all__ = ["ACSI", "ECSI", "SCSB", "CCSI", "MODELS", "PREFIXES"]

#: Item prefix of each construct key (the R ``plspm`` bank data's naming).
PREFIXES = MappingProxyType({
    "image": "imag", "brand_image": "imag",
    "expectations": "expe", "expected_quality": "expe",
    "perceived_quality": "qual", "perceived_value": "val",
    "satisfaction": "sat", "complaints": "comp", "loyalty": "loy",
})


def _spec(name: str, paths: dict[str, list[str]], constructs: tuple[str, ...]) -> PlsModel:
    return model_from_dict(paths, {c: PREFIXES[c] for c in constructs}, name=name)


#: American Customer Satisfaction Index (Fornell et al. 1996).
ACSI: PlsModel = _spec(
    "ACSI",
    {
        "expectations": ["perceived_quality", "perceived_value", "satisfaction"],
        "perceived_quality": ["perceived_value", "satisfaction"],
        "perceived_value": ["satisfaction"],
        "satisfaction": ["complaints", "loyalty"],
        "complaints": ["loyalty"],
    },
    ("expectations", "perceived_quality", "perceived_value", "satisfaction", "complaints", "loyalty"),
)

#: European Customer Satisfaction Index (EOQ and EFQM, 2000): ACSI plus image.
ECSI: PlsModel = _spec(
    "ECSI",
    {
        "image": ["expectations", "satisfaction", "loyalty"],
        "expectations": ["perceived_quality", "perceived_value", "satisfaction"],
        "perceived_quality": ["perceived_value", "satisfaction"],
        "perceived_value": ["satisfaction"],
        "satisfaction": ["complaints", "loyalty"],
        "complaints": ["loyalty"],
    },
    ("image", "expectations", "perceived_quality", "perceived_value", "satisfaction", "complaints", "loyalty"),
)

#: Swedish Customer Satisfaction Barometer (Fornell 1992): perceived value
#: ("perceived performance") and expectations drive satisfaction; voice
#: (complaints) and loyalty follow.
SCSB: PlsModel = _spec(
    "SCSB",
    {
        "expectations": ["perceived_value", "satisfaction"],
        "perceived_value": ["satisfaction"],
        "satisfaction": ["complaints", "loyalty"],
        "complaints": ["loyalty"],
    },
    ("expectations", "perceived_value", "satisfaction", "complaints", "loyalty"),
)

#: China Customer Satisfaction Index: six variables (see the module notes on its arrows).
CCSI: PlsModel = _spec(
    "CCSI",
    {
        "brand_image": ["expected_quality", "satisfaction", "loyalty"],
        "expected_quality": ["perceived_quality", "perceived_value", "satisfaction"],
        "perceived_quality": ["perceived_value", "satisfaction"],
        "perceived_value": ["satisfaction"],
        "satisfaction": ["loyalty"],
    },
    ("brand_image", "expected_quality", "perceived_quality", "perceived_value", "satisfaction", "loyalty"),
)

#: All four by name.
MODELS = MappingProxyType({"ACSI": ACSI, "ECSI": ECSI, "SCSB": SCSB, "CCSI": CCSI})
