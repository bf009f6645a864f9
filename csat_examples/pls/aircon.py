"""Worked example: the 2003 China air-conditioner CSI (seed 001, section 3.6).

Eight brands scored 0-100 on the six CCSI variables.  The table gives the
*results* of a CCSI study (one index per brand and variable), not the survey
behind them, so it shows how indices are reported and compared; it cannot be
used to estimate path coefficients.

Examples
--------
>>> t = aircon_table()
>>> t.loc[t.satisfaction.idxmax(), "brand"]
'Haier'
>>> aircon_table(lang="zh").columns[:3].tolist()
['品牌', '品牌形象', '预期质量']
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .._deprecation import keyword_only
from ..errors import CsatInputError
from ..lang import Lang, check_lang, pick
from ..terms import label
from .diagram import construct_label, path_diagram
from .specs import CCSI

__all__ = ["aircon_table", "aircon_diagram", "VARIABLES"]

#: The six CCSI variables, in the table's order.
VARIABLES: tuple[str, ...] = CCSI.constructs


@keyword_only("lang")
def aircon_table(table: pd.DataFrame | None = None, *, lang: Lang | None = None) -> pd.DataFrame:
    """The table (``datasets.load("aircon_csi_2003")`` unless given), optionally labelled.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        Columns ``brand, brand_zh`` and the six CCSI variables.
    lang : {"en", "zh", "zh-Hant"}, optional
        Return reader-facing column names and brand names in that language.

    Examples
    --------
    >>> t = aircon_table()
    >>> t.shape
    (8, 8)
    >>> t.loc[0, "brand"], t.loc[0, "brand_zh"], float(t.loc[0, "satisfaction"])
    ('Haier', '海尔', 81.3)
    >>> aircon_table(lang="en").columns[:2].tolist()
    ['Brand', 'Brand image']
    """
    if table is None:
        from ..datasets import load

        table = load("aircon_csi_2003")
    missing = [c for c in ("brand", "brand_zh", *VARIABLES) if c not in table.columns]
    if missing:
        raise CsatInputError("the air-conditioner table lacks a column", argument="table",
                             column=missing[0], fix="pass the table of datasets.load('aircon_csi_2003')")
    out = table[["brand", "brand_zh", *VARIABLES]].copy()
    if lang is None:
        return out
    lang = check_lang(lang)
    names = pd.Series([pick(en, zh, lang) for en, zh in zip(out["brand"], out["brand_zh"])])
    labelled = out[list(VARIABLES)].rename(columns={v: construct_label(v, lang) for v in VARIABLES})
    labelled.insert(0, label("pls_brand", lang), names.to_numpy())
    return labelled


def _brand_row(table: pd.DataFrame, brand: str) -> pd.Series:
    hit = table[(table["brand"].str.lower() == str(brand).lower()) | (table["brand_zh"] == brand)]
    if hit.empty:
        raise CsatInputError("unknown brand", argument="brand", value=brand,
                             fix=f"use one of {table['brand'].tolist()!r}")
    return hit.iloc[0]


@keyword_only("lang", "table")
def aircon_diagram(brand: str = "Haier", *, lang: Lang = "en", table: pd.DataFrame | None = None) -> Figure:
    """The CCSI model with one brand's six 0-100 scores in its boxes.

    Examples
    --------
    >>> fig = aircon_diagram("格力", lang="zh")
    >>> "79.87" in " ".join(t.get_text() for t in fig.axes[0].texts)
    True
    """
    t = aircon_table(table)
    row = _brand_row(t, brand)
    name = pick(row["brand"], row["brand_zh"], lang)
    title = f"{label('pls_aircon_title', lang)}: {name}"
    return path_diagram(CCSI, lang=lang, values={v: float(row[v]) for v in VARIABLES}, title=title)
