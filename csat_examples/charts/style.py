"""The course's look: palette, fonts, the wide and narrow layouts, and the steps every chart shares.

Every chart is drawn under :func:`chart_rc` (the CJK fonts named concretely)
on a figure from :func:`new_figure`, and rendered once by :func:`finish`
inside that context, so Chinese labels keep their font when the figure is
shown or saved later.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FixedFormatter

from ..errors import CsatInputError
from ..fonts import NoCJKFontError, cjk_rc
from ..validation import require_columns, require_not_empty

__all__ = ["DPI", "TICK_ROOM", "TITLE_GAP", "EDGE", "GREY", "BLUE", "RED", "GREEN", "AMBER", "QUADRANT_COLOURS", "Layout", "chart_rc", "font_rc",
           "text_sizes", "layout_rc", "new_figure", "text_inches", "tick_label_inches", "axis_label_inches", "place_axes", "fix_margins", "finish", "nice_ceiling", "share_top", "wrap", "checked_frame"]

# One palette for the whole course: expectation grey, perception/main blue,
# shortfalls red, surpluses green, accents amber.
GREY = "#9aa5b1"
BLUE = "#2b6cb0"
RED = "#c53030"
GREEN = "#2f855a"
AMBER = "#d69e2e"
QUADRANT_COLOURS = {
    "concentrate_here": RED,
    "keep_up_good_work": GREEN,
    "low_priority": GREY,
    "possible_overkill": AMBER,
}

#: Resolution of the figures (matplotlib's default): the book, the calculators and the report draw at it.
DPI = 100

Layout = Literal["wide", "narrow"]

#: For charts that place their axes themselves (:func:`fix_margins`), in inches: room for a tick,
#: its gap and a label's gap; between a title and its axes (matplotlib's 6 pt pad and some air);
#: at the figure's edges.
TICK_ROOM, TITLE_GAP, EDGE = 0.2, 0.12, 0.08


def chart_rc() -> dict[str, object]:
    """:func:`~csat_examples.fonts.cjk_rc` with the font family named concretely.

    A generic family ("sans-serif") is looked up in the rcParams in force when
    the figure is *drawn*; a notebook or a report draws after the context has
    ended, with the default DejaVu Sans, and Chinese turns into boxes.  Naming
    the families makes every text keep the CJK font (DejaVu Sans as fallback
    for glyphs such as the minus sign).

    Examples
    --------
    >>> rc = chart_rc()
    >>> rc["font.family"] == rc["font.sans-serif"]
    True
    """
    rc = dict(cjk_rc())
    rc["font.family"] = list(rc["font.sans-serif"])  # type: ignore[call-overload]
    return rc


def font_rc() -> dict[str, object]:
    """:func:`~csat_examples.fonts.cjk_rc`, or no change where no CJK font can be had.

    In JupyterLite (Pyodide) there is no system font with Chinese glyphs: the
    calculators must still draw (English labels are fine; Chinese ones would
    show as boxes) rather than fail.

    Examples
    --------
    >>> "font.family" in font_rc() or font_rc() == {}
    True
    """
    try:
        return cjk_rc()
    except NoCJKFontError:
        return {}


def text_sizes(layout: Layout) -> dict[str, float]:
    """Font sizes (points) and figure width (inches) for a layout.

    "narrow" is a phone: a figure 4 in wide at the book's 100 DPI, shown about
    358 CSS px wide, so every text must be at least 9 px there; "wide" keeps
    today's sizes (existing figures and tests depend on them).

    Examples
    --------
    >>> text_sizes("narrow")["small"] > text_sizes("wide")["small"]
    True
    """
    if layout == "wide":
        return {"width": 7.5, "small": 8.0, "normal": 10.0, "title": 12.0}
    if layout == "narrow":
        return {"width": 4.0, "small": 10.0, "normal": 10.5, "title": 11.0}
    raise CsatInputError("unknown layout", argument="layout", value=layout, fix='use "wide" or "narrow"')


def layout_rc(layout: Layout) -> dict[str, object]:
    """rcParams for axis labels, ticks and title in a layout (empty for "wide", which keeps today's look).

    Examples
    --------
    >>> layout_rc("wide"), layout_rc("narrow")["font.size"]
    ({}, 10.5)
    """
    if layout == "wide":
        return {}
    size = text_sizes(layout)
    return {"font.size": size["normal"], "axes.labelsize": size["normal"], "xtick.labelsize": size["small"],
            "ytick.labelsize": size["small"], "axes.titlesize": size["title"], "legend.fontsize": size["small"]}


def new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    """A figure on its own Agg canvas (not registered with pyplot).

    Constrained layout fits every label but measures all of the figure's text
    at each draw (a third of a report chart's drawing time); a chart whose
    margins it can work out itself passes ``constrained=False`` and calls
    :func:`fix_margins`.

    Examples
    --------
    >>> new_figure(4, 3).get_size_inches().tolist(), new_figure(4, 3, constrained=False).get_layout_engine()
    ([4.0, 3.0], None)
    """
    fig = Figure(figsize=(width, height), layout="constrained" if constrained else None)
    FigureCanvasAgg(fig)
    return fig


def text_inches(fig: Figure, texts: Iterable[str], size: float | str) -> tuple[float, float]:
    """Width of the widest and height of the tallest of ``texts`` at font ``size``, in inches.

    Measured by the figure's renderer in the fonts in force (call it inside
    the chart's rc context), so Chinese and long names get the room they take.

    Examples
    --------
    >>> fig = new_figure(4, 3)
    >>> wide, _ = text_inches(fig, ["a", "a much longer name"], 10)
    >>> 1.0 < wide < 1.6
    True
    """
    renderer = fig.canvas.get_renderer()
    prop = FontProperties(size=size)
    width = height = 0.0
    for text in texts:
        lines = str(text).split("\n")
        sizes = [renderer.get_text_width_height_descent(line or " ", prop, ismath=False) for line in lines]
        width = max(width, *(w for w, _, _ in sizes))
        height = max(height, sum(h for _, h, _ in sizes) * (1.2 if len(lines) > 1 else 1.0))
    return width / fig.dpi, height / fig.dpi


def tick_label_inches(fig: Figure, axis: Any, size: float | str) -> tuple[float, float]:
    """Widest and tallest tick label ``axis`` shows at its limits now, in inches (see :func:`text_inches`).

    The labels come from the axis' locator and formatter, without making the
    tick artists (a layout engine makes and measures them at every draw).

    Examples
    --------
    >>> fig = new_figure(4, 3, constrained=False)
    >>> ax = fig.add_subplot()
    >>> ax.set_ylim(0, 1000)
    (0.0, 1000.0)
    >>> wide, high = tick_label_inches(fig, ax.yaxis, 10)
    >>> 0.25 < wide < 0.5 and 0.05 < high < 0.2  # "1000" at 10 pt
    True
    """
    low, high = sorted(axis.get_view_interval())
    slack = 1e-10 * (high - low)
    locs = [v for v in axis.get_majorticklocs() if low - slack <= v <= high + slack]
    return text_inches(fig, axis.get_major_formatter().format_ticks(locs) or [""], size)


def axis_label_inches(fig: Figure, axis: Any, size: float | str) -> tuple[float, float]:
    """Widest and tallest tick label of ``axis``: its own names (categories), else its numbers now.

    Examples
    --------
    >>> fig = new_figure(4, 3, constrained=False)
    >>> ax = fig.add_subplot()
    >>> _ = ax.set_xticks([0, 1], ["short", "a much longer name"])
    >>> axis_label_inches(fig, ax.xaxis, 10) == text_inches(fig, ["a much longer name"], 10)
    True
    """
    formatter = axis.get_major_formatter()
    if isinstance(formatter, FixedFormatter):
        return text_inches(fig, formatter.seq or [""], size)
    return tick_label_inches(fig, axis, size)


def place_axes(fig: Figure, ax: Any, *, y_numbers: Sequence[str] | None = None, right: float = EDGE) -> None:
    """Margins of a figure's one axes from its title, axis labels and tick labels (no layout engine).

    ``y_numbers`` are the widest y tick labels a live chart may show later
    (default: those it shows now); ``right`` is the room right of the axes.

    Examples
    --------
    >>> fig = new_figure(4, 3, constrained=False)
    >>> ax = fig.add_subplot()
    >>> _ = ax.set_title("Title"), ax.set_ylabel("Share (%)"), ax.set_ylim(0, 100)
    >>> place_axes(fig, ax)
    >>> 0.1 < fig.subplotpars.left < 0.25 and 0.8 < fig.subplotpars.top < 0.95
    True
    """
    rc = matplotlib.rcParams
    if y_numbers is None:
        y_wide, _ = axis_label_inches(fig, ax.yaxis, rc["ytick.labelsize"])
    else:
        y_wide, _ = text_inches(fig, y_numbers, rc["ytick.labelsize"])
    x_wide, x_high = axis_label_inches(fig, ax.xaxis, rc["xtick.labelsize"])
    _, y_label = text_inches(fig, [ax.get_ylabel()], rc["axes.labelsize"]) if ax.get_ylabel() else (0.0, 0.0)
    _, x_label = text_inches(fig, [ax.get_xlabel()], rc["axes.labelsize"]) if ax.get_xlabel() else (0.0, 0.0)
    _, title = text_inches(fig, [ax.get_title()], rc["axes.titlesize"]) if ax.get_title() else (0.0, 0.0)
    # a number at the right end of the x axis is centred on it: half of it stands out
    fix_margins(fig, left=EDGE + y_label + y_wide + TICK_ROOM, right=max(right, EDGE + x_wide / 2),
                bottom=EDGE + x_label + x_high + TICK_ROOM, top=EDGE + title + TITLE_GAP)


def fix_margins(fig: Figure, *, left: float, right: float, bottom: float, top: float, gap: float = 0.0,
                rows: int = 1) -> None:
    """Place the axes with these margins around them, in inches (instead of a layout engine).

    ``gap`` is the room between ``rows`` axes stacked one above the other.

    Examples
    --------
    >>> fig = new_figure(4, 2, constrained=False)
    >>> fix_margins(fig, left=1, right=0.2, bottom=0.5, top=0.5)
    >>> fig.subplotpars.left, fig.subplotpars.top
    (0.25, 0.75)
    >>> fix_margins(fig, left=1, right=0.2, bottom=0.2, top=0.2, gap=0.4, rows=2)
    >>> round(fig.subplotpars.hspace, 6)  # each axes 0.6 in high, the gap 0.4 in
    0.666667
    """
    width, height = (float(v) for v in fig.get_size_inches())
    # matplotlib counts the space between axes in their mean height
    axes_high = (height - top - bottom - (rows - 1) * gap) / rows
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height,
                        hspace=gap / axes_high)


def finish(fig: Figure) -> Figure:
    """Render ``fig`` once; call it inside the chart's rc context.

    Tick labels are made lazily, at the first draw: drawing inside the
    context gives them the CJK font, and the pixels are kept for the PNG
    (:func:`~csat_examples.charts.png.figure_png` encodes them without a
    second draw).
    """
    fig.canvas.draw()
    return fig


def nice_ceiling(value: float) -> float:
    """The smallest 1, 1.25, 1.5, 2, 2.5 or 5 times a power of ten that is at least ``value`` (> 0).

    Axis ends at such round numbers stay put while a value moves a little, so
    a calculator's cached picture of the axes stays valid.  The steps between
    1 and 2 keep a bar of 1.1 from getting an axis twice its length (five
    dimensions of about 1 point each left half of the index chart empty).

    Examples
    --------
    >>> nice_ceiling(23.5), nice_ceiling(4.2), nice_ceiling(0.8), nice_ceiling(100), nice_ceiling(1.1)
    (25.0, 5.0, 1.0, 100.0, 1.25)
    """
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 1.25, 1.5, 2.0, 2.5, 5.0, 10.0) if step * power >= value * (1 - 1e-12))


def share_top(shares: Any) -> float:
    """Upper y limit for shares in %: 12 % headroom for the value labels, in steps of 5.

    Steps keep the axis (and a calculator's cached picture of it) unchanged
    while a count moves by one.

    Examples
    --------
    >>> share_top([10, 40.0]), share_top([0, 0]), share_top([100])
    (45.0, 10.0, 115.0)
    """
    top = float(np.nanmax(np.asarray(shares, dtype=float), initial=0.0))
    return max(10.0, 5.0 * math.ceil(1.12 * top / 5.0))


def wrap(names: Sequence[str], width: int = 12) -> list[str]:
    """Break long English names onto two lines so that neighbouring tick labels never overlap.

    Examples
    --------
    >>> wrap(["very dissatisfied", "满意"], 10)
    ['very\\ndissatisfied', '满意']
    """
    return [textwrap.fill(n, width, break_long_words=False) if " " in n else n for n in names]


def checked_frame(data: Any, argument: str, columns: Sequence[Hashable]) -> pd.DataFrame:
    """``data`` if it is a non-empty DataFrame with ``columns``, else a :class:`CsatInputError` naming ``argument``.

    Examples
    --------
    >>> checked_frame([1, 2], "distribution", ["rank"])
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: distribution: expected a pandas DataFrame, got list. Fix: pass the table the matching csat_examples function returns.
    """
    if not isinstance(data, pd.DataFrame):
        raise CsatInputError(f"expected a pandas DataFrame, got {type(data).__name__}", argument=argument,
                             fix="pass the table the matching csat_examples function returns")
    require_not_empty(data, argument)
    require_columns(data, columns, argument)
    return data
