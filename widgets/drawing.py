"""Figures for the calculators: PNGs in the page, redrawn in part after each click.

A calculator's figure is an embedded PNG (it shows in a live kernel, in JupyterLite and in a
static page alike); :class:`ChartView` keeps a library chart across redraws and :class:`Blit`
redraws only its changing artists.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from csat_examples.charts import live_chart
from csat_examples.fonts import NoCJKFontError, cjk_rc

from .markup import png_html

__all__ = ["DPI", "font_rc", "figure_html", "canvas_png", "Blit", "ChartView"]

#: Resolution of calculator figures: the library charts' own (matplotlib's default).  At 72 dpi
#: their 8-pt labels were 8 px high, hard to read where the book shrinks a figure to its column.
DPI = 100


def font_rc() -> dict[str, object]:
    """:func:`~csat_examples.fonts.cjk_rc`, or no change where no CJK font exists.

    In JupyterLite (Pyodide) there is no system font with Chinese glyphs: the
    calculators must still draw (English labels are fine; Chinese ones would
    show as boxes) rather than fail.
    """
    try:
        return cjk_rc()
    except NoCJKFontError:
        return {}


def _has_cjk(fig: Figure) -> bool:
    from matplotlib.text import Text

    return any(any(ord(ch) >= 0x2E80 for ch in t.get_text()) for t in fig.findobj(Text))


def figure_html(fig: Figure, alt: str) -> str:
    """The figure as an ``<img>`` with an embedded PNG that scales to the width.

    The PNG lives in the HTML widget itself, so it shows in a live kernel,
    in JupyterLite and in a static page alike.  Fonts are resolved when the
    figure is drawn, so a figure with Chinese text is saved under
    :func:`~csat_examples.fonts.cjk_rc`; one without is not (drawing with the
    large CJK font costs about three times as long).
    """
    drawn = _drawn_png(fig)
    if drawn is not None:
        return png_html(drawn, alt)
    buf = io.BytesIO()
    with matplotlib.rc_context(font_rc() if _has_cjk(fig) else {}):
        fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return png_html(buf.getvalue(), alt)


def _drawn_png(fig: Figure) -> bytes | None:
    """PNG of what an Agg canvas has already rendered, or None if it must be drawn.

    The library's charts draw themselves once (inside their font settings) before
    returning; encoding that buffer avoids a second full draw.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    renderer = getattr(canvas, "renderer", None)
    if not isinstance(canvas, FigureCanvasAgg) or renderer is None or fig.stale:
        return None
    if (int(renderer.width), int(renderer.height)) != tuple(int(v) for v in fig.bbox.size):
        return None
    return canvas_png(canvas)


def canvas_png(canvas: Any) -> bytes:
    """PNG of the pixels an Agg canvas holds now (fast zlib level: these PNGs live a few seconds)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


class Blit:
    """Redraw only a figure's changing artists over a kept picture of the rest.

    Drawing text is what makes a matplotlib redraw slow (tick labels, titles,
    long names); a calculator's click changes a few bars or lines.  The first
    :meth:`png` renders the whole figure with the ``dynamic`` artists left out
    (they are marked animated) and keeps those pixels; later calls paste them
    back and draw just the dynamic artists.  The kept picture is renewed when
    any axis limit, and with it the ticks, has changed.
    """

    def __init__(self) -> None:
        self._background: Any = None
        self._key: tuple[Any, ...] | None = None

    @staticmethod
    def _limits(fig: Figure) -> tuple[Any, ...]:
        # reading the limits also runs any pending autoscaling, as a draw would
        return tuple((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim()) for ax in fig.axes) + (
            tuple(fig.bbox.size),)

    def forget(self) -> None:
        """Drop the kept picture (the figure was replaced)."""
        self._background, self._key = None, None

    def png(self, fig: Figure, dynamic: Sequence[Any], rc: Mapping[str, object]) -> bytes:
        """PNG of ``fig`` as it is now."""
        canvas = fig.canvas
        for artist in dynamic:
            artist.set_animated(True)
        with matplotlib.rc_context(dict(rc)):
            key = self._limits(fig)
            if self._background is None or key != self._key:
                canvas.draw()  # everything but the animated artists
                self._background = canvas.copy_from_bbox(fig.bbox)
                self._key = self._limits(fig)  # the layout engine may have moved the axes
            else:
                canvas.restore_region(self._background)
            for artist in dynamic:
                fig.draw_artist(artist)
        return canvas_png(canvas)


class ChartView:
    """A calculator's library chart (:func:`csat_examples.charts.live_chart`), kept across redraws.

    :meth:`figure` puts a new result into the same figure when its shape is
    unchanged (same levels, nodes, names), else builds the chart anew;
    :meth:`png` redraws through a :class:`Blit`.

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
