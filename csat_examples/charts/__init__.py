"""Matplotlib figures of the library's results, in English or Chinese.

Every factory takes a result of a :mod:`csat_examples` function, returns a
new :class:`matplotlib.figure.Figure` (not registered with pyplot, so no
global state; ``plt.close(fig)`` is harmless), and takes every word it shows
from the terms table (``lang="en"``, ``"zh"`` or ``"zh-Hant"``).  Figures are drawn under
``matplotlib.rc_context(cjk_rc())`` (with the CJK family named explicitly)
and rendered once inside it, so Chinese labels keep their CJK font when the
figure is shown or saved later, outside the context.

Each figure carries a short title; a book caption can add the context.
Values that are terms-table keys (RATER dimensions, complaint causes,
quadrants) are shown by their label; other names are shown as given
(:func:`display_name`).

====================== =====================================================
factory                input
====================== =====================================================
contribution_chart     :class:`~csat_examples.hierarchy.HierarchyResult`
distribution_chart     :func:`~csat_examples.rate.level_distribution` frame
rate_degree_chart      per-level counts of surveys + their rate and degree
radar_chart            dimension frame (servqual / rater / item means)
gap_chart              :class:`~csat_examples.servqual.ServqualResult`
ipa_chart              :func:`~csat_examples.ipa.ipa` frame
control_chart          :func:`~csat_examples.stats.p_chart` or ``xbar_s_chart`` frame
pareto_chart           :func:`~csat_examples.stats.pareto` frame
brand_chart            brands x index variables (``aircon_csi_2003``)
item_chart             a survey's item means with confidence intervals
heatmap_chart          item x segment means
gap_diagram            the five service-quality gaps (:class:`GapDiagram`)
====================== =====================================================

The first four also come as a :class:`LiveChart` (:func:`live_chart`) that
takes new data of the same shape in place, for calculators that redraw after
every click; a :class:`Blit` redraws only its changing artists, and
:func:`figure_png` turns any figure into PNG bytes (the report and the
calculators share it).

The package's modules: ``style`` (palette, fonts, layouts), ``live`` (the
live-update engine), ``png`` (the PNG encoder), ``levels``, ``contribution``,
``dimensions``, ``control``, ``items`` and ``gap_model`` (the charts).
"""

from __future__ import annotations

from ..terms import display_name
from .contribution import contribution_chart
from .control import control_chart, pareto_chart
from .dimensions import brand_chart, gap_chart, ipa_chart, radar_chart
from .gap_model import GapDiagram, gap_diagram
from .items import heatmap_chart, item_chart
from .levels import distribution_chart, rate_degree_chart
from .live import Blit, LiveChart, live_chart
from .png import figure_png

__all__ = [
    "contribution_chart",
    "distribution_chart",
    "rate_degree_chart",
    "radar_chart",
    "gap_chart",
    "ipa_chart",
    "control_chart",
    "pareto_chart",
    "brand_chart",
    "item_chart",
    "heatmap_chart",
    "gap_diagram",
    "GapDiagram",
    "display_name",
    "LiveChart",
    "live_chart",
    "Blit",
    "figure_png",
]
