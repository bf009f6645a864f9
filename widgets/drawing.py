"""Figures for the calculators: PNGs in the page, redrawn in part after each click.

A calculator's figure is an embedded PNG (it shows in a live kernel, in JupyterLite and in a
static page alike); :class:`ChartView` keeps a library chart across redraws, and the library's
:class:`~csat_examples.charts.Blit` redraws only its changing artists.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from csat_examples.charts import Blit, figure_png, live_chart
from csat_examples.charts.style import DPI, font_rc

from .markup import png_html

__all__ = ["DPI", "font_rc", "figure_html", "ChartView"]


def figure_html(fig: Figure, alt: str) -> str:
    """The figure as an ``<img>`` with an embedded PNG that scales to the width.

    The PNG lives in the HTML widget itself, so it shows in a live kernel,
    in JupyterLite and in a static page alike.  A figure the library has
    drawn already is encoded from its pixels; another is drawn at
    :data:`DPI`, under the CJK fonts only if it has Chinese text (drawing
    with the large CJK font costs about three times as long).  A fast zlib
    level: these PNGs live a few seconds.
    """
    return png_html(figure_png(fig, dpi=DPI, compress_level=1), alt)


class ChartView:
    """A calculator's library chart (:func:`csat_examples.charts.live_chart`), kept across redraws.

    :meth:`figure` puts a new result into the same figure when its shape is
    unchanged (same levels, nodes, names), else builds the chart anew;
    :meth:`png` redraws through a :class:`~csat_examples.charts.Blit`.

    Examples
    --------
    >>> import pandas as pd
    >>> view = ChartView("radar", rlim=(1, 7))
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"], "score": [5.0, 5.5, 6.0]})
    >>> first = view.figure(f)
    >>> view.figure(f.assign(score=[4.0, 5.0, 6.5])) is first
    True
    >>> view.png()[:4]
    b'\\x89PNG'
    """

    def __init__(self, kind: str, **options: Any) -> None:
        self.kind = kind
        self.options = options
        self.live: Any = None
        self._blit = Blit()

    def figure(self, *data: Any) -> Figure:
        """The chart showing ``data`` (the same figure while their shape stays the same)."""
        if self.live is None or not self.live.update(*data):
            self.live = live_chart(self.kind, *data, **self.options)
            self._blit.forget()
        return self.live.figure

    def shows(self, fig: Figure) -> bool:
        """Whether ``fig`` is this view's current figure."""
        return self.live is not None and self.live.figure is fig

    def png(self) -> bytes:
        """PNG of the chart as it is now."""
        return self._blit.png(self.live.figure, self.live.dynamic, self.live.rc)
