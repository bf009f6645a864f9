"""Charts that take new data in place, and redraws of only their changing artists.

Building a figure costs 20-40 ms before a pixel is drawn, and drawing all of
its text costs more; a calculator that redraws after every click keeps one
:class:`LiveChart` (from :func:`live_chart`) and a :class:`Blit`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from ..errors import CsatInputError
from .png import canvas_png
from .style import finish

__all__ = ["LiveChart", "live_chart", "drawn", "Blit"]


class LiveChart:
    """A chart that takes new data of the same shape in place.

    :meth:`update` changes only the data artists listed in :attr:`dynamic`
    (bar lengths, lines, value labels, a title with a total) and the axis
    limits, so a caller may keep the rest of the picture rendered and redraw
    just those artists (blitting, see :class:`Blit`).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The chart, on an Agg canvas.
    dynamic : tuple of matplotlib.artist.Artist
        The artists :meth:`update` may change; everything else stays fixed
        while the axis limits stay the same.
    rc : dict
        The rcParams the chart is drawn under (its fonts).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"rank": [1, 2, 3], "zh": ["不满意", "一般", "满意"],
    ...                   "en": ["dissatisfied", "neutral", "satisfied"],
    ...                   "count": [1, 1, 2], "share": [.25, .25, .5]})
    >>> chart = live_chart("distribution", d)
    >>> chart.update(d.assign(count=[0, 1, 3], share=[0, .25, .75]))
    True
    >>> [round(p.get_height()) for p in chart.figure.axes[0].patches]
    [0, 25, 75]
    >>> chart.update(d.iloc[:2])  # other levels: build a new chart
    False
    """

    def __init__(self, figure: Figure, dynamic: Sequence[Any], show: Callable[..., bool],
                 rc: Mapping[str, object]) -> None:
        self.figure = figure
        self.dynamic = tuple(dynamic)
        self.rc = dict(rc)
        self._show = show

    def update(self, *data: Any) -> bool:
        """Show ``data`` (the chart's inputs) in place.

        Returns
        -------
        bool
            False, with nothing changed, when the data do not fit this figure
            (other levels, nodes, dimensions or names): build a new chart.
        """
        with matplotlib.rc_context(self.rc):
            return bool(self._show(*data))


def drawn(chart: LiveChart) -> Figure:
    """The chart's figure, rendered once under its rc (what the static factories return)."""
    with matplotlib.rc_context(chart.rc):
        return finish(chart.figure)


def live_chart(kind: str, *data: Any, **options: Any) -> LiveChart:
    """A :class:`LiveChart` of one of the charts that calculators redraw.

    Parameters
    ----------
    kind : {"contribution", "distribution", "rate_degree", "radar"}
        The chart: :func:`~csat_examples.charts.contribution_chart`,
        :func:`~csat_examples.charts.distribution_chart`,
        :func:`~csat_examples.charts.rate_degree_chart` or
        :func:`~csat_examples.charts.radar_chart`.
    *data, **options
        That function's arguments.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"], "score": [5.0, 5.5, 6.0]})
    >>> chart = live_chart("radar", f, rlim=(1, 7))
    >>> chart.update(f.assign(score=[4.0, 5.0, 6.5]))
    True
    >>> chart.figure.axes[0].lines[0].get_ydata().tolist()
    [4.0, 5.0, 6.5, 4.0]
    """
    # the builders live beside their static charts, which import this module: look them up now
    from .contribution import live_contribution
    from .dimensions import live_radar
    from .levels import live_distribution, live_rate_degree

    builders: dict[str, Callable[..., LiveChart]] = {
        "contribution": live_contribution, "distribution": live_distribution,
        "rate_degree": live_rate_degree, "radar": live_radar,
    }
    if kind not in builders:
        raise CsatInputError("unknown live chart", argument="kind", value=kind,
                             fix=f"use one of {sorted(builders)}")
    return builders[kind](*data, **options)


class Blit:
    """Redraw only a figure's changing artists over a kept picture of the rest.

    Drawing text is what makes a matplotlib redraw slow (tick labels, titles,
    long names); a calculator's click changes a few bars or lines.  The first
    :meth:`png` renders the whole figure with the ``dynamic`` artists left out
    (they are marked animated) and keeps those pixels; later calls paste them
    back and draw just the dynamic artists.  The kept picture is renewed when
    any axis limit, and with it the ticks, has changed.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"], "score": [5.0, 5.5, 6.0]})
    >>> chart = live_chart("radar", f, rlim=(1, 7))
    >>> Blit().png(chart.figure, chart.dynamic, chart.rc)[:4]
    b'\\x89PNG'
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
