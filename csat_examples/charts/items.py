"""A survey's own items: their means with confidence intervals, and their means per segment."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from ..lang import Lang
from ..terms import display_name, label
from .style import BLUE, TICK_ROOM, chart_rc, checked_frame, finish, fix_margins, new_figure, text_inches

__all__ = ["item_chart", "heatmap_chart"]

#: Height of one item's row, and of the title and axis, in inches (the item chart grows with the items).
ITEM_ROW_INCHES, ITEM_FRAME_INCHES = 0.32, 1.2
# whiskers a quieter grey than the points
_WHISKER = "#7b8794"
# These charts are the report's and place their axes themselves (no layout engine: faster), in
# inches: room for the title above, and the most of the width that the names beside the axes may take.
_TITLE_ROOM, _MAX_NAME_SHARE = 0.36, 0.6
#: Size (points) of the values in a heat map's cells.
_CELL_FONT_SIZE = 8.0


def item_chart(
    items: pd.DataFrame,
    *,
    names: Sequence[str] | None = None,
    lang: Lang = "en",
    xlim: tuple[float, float] | None = None,
) -> Figure:
    """Dot-and-whisker chart of item means with their confidence intervals, first item on top.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per item: ``item``, ``mean``, ``ci_low``, ``ci_high``.
    names : list of str, optional
        The items' display names (default: their label, or the item itself).
    lang : {"en", "zh", "zh-Hant"}
    xlim : (low, high), optional
        The score range, e.g. the scale's 1-5.

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0].lines[0]`` holds the means (y = 0 for the last item).

    Examples
    --------
    >>> f = pd.DataFrame({"item": ["q1", "q2"], "mean": [4.0, 3.5], "ci_low": [3.8, 3.2], "ci_high": [4.2, 3.8]})
    >>> item_chart(f, xlim=(1, 5)).axes[0].lines[0].get_xdata().tolist()
    [4.0, 3.5]
    """
    frame = checked_frame(items, "items", ["item", "mean", "ci_low", "ci_high"])
    shown = list(names) if names is not None else [display_name(i, lang) for i in frame["item"]]
    with matplotlib.rc_context(chart_rc()):
        fig = new_figure(8, ITEM_ROW_INCHES * len(frame) + ITEM_FRAME_INCHES, constrained=False)
        names_wide, _ = text_inches(fig, shown, matplotlib.rcParams["ytick.labelsize"])
        _, line = text_inches(fig, ["0"], matplotlib.rcParams["xtick.labelsize"])
        fix_margins(fig, left=min(names_wide + TICK_ROOM, _MAX_NAME_SHARE * 8), right=0.25,
                    bottom=2 * line + 2 * TICK_ROOM, top=_TITLE_ROOM)
        ax = fig.add_subplot()
        y = np.arange(len(frame))[::-1]
        mean = frame["mean"].to_numpy()
        err = np.vstack([mean - frame["ci_low"].to_numpy(), frame["ci_high"].to_numpy() - mean])
        ax.errorbar(mean, y, xerr=err, fmt="o", color=BLUE, ecolor=_WHISKER, capsize=3)
        ax.set_yticks(y, shown)
        if xlim is not None:
            ax.set_xlim(*xlim)
        ax.set_xlabel(label("report_col_mean", lang))
        ax.grid(axis="x", alpha=0.3)
        ax.set_title(label("report_item_ci_chart", lang))
        return finish(fig)


def heatmap_chart(means: pd.DataFrame, *, title: str = "", vmin: float | None = None,
                  vmax: float | None = None) -> Figure:
    """Item x segment heat map of means, each cell labelled with its value (red low, green high).

    Parameters
    ----------
    means : pandas.DataFrame
        Items as rows, segments as columns (their display names); NaN cells
        stay blank.
    title : str
        The chart's title.
    vmin, vmax : float, optional
        The colour scale's ends, e.g. the scale's 1-5.

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0].images[0]`` holds the means, ``axes[0].texts`` their values (one
        text per column, a line per row); ``axes[1]`` is the colour bar.

    Examples
    --------
    >>> m = pd.DataFrame({"east": [4.0, 3.0], "west": [3.5, float("nan")]}, index=["q1", "q2"])
    >>> fig = heatmap_chart(m, vmin=1, vmax=5)
    >>> [t.get_text() for t in fig.axes[0].texts]  # one text per column, a line per row
    ['4.00\\n3.00', '3.50\\n']
    """
    frame = checked_frame(means, "means", [])
    rows, cols = frame.shape
    values = frame.to_numpy(dtype=float)
    slanted = cols > 6  # many segment names side by side overlap unless slanted
    width = min(2.0 + 1.1 * cols, 12)
    with matplotlib.rc_context(chart_rc()):
        fig = new_figure(width, 1.2 + 0.45 * rows, constrained=False)
        row_names, _ = text_inches(fig, [str(i) for i in frame.index], matplotlib.rcParams["ytick.labelsize"])
        col_wide, col_high = text_inches(fig, [str(c) for c in frame.columns], matplotlib.rcParams["xtick.labelsize"])
        # a name slanted by 30 degrees stands as high as half its width plus most of its line
        below = 0.5 * col_wide + 0.87 * col_high if slanted else col_high
        fix_margins(fig, left=min(row_names + TICK_ROOM, _MAX_NAME_SHARE * width), right=0.15,
                    bottom=below + TICK_ROOM, top=_TITLE_ROOM)
        ax = fig.add_subplot()
        image = ax.imshow(values, cmap="RdYlGn", vmin=vmin, vmax=vmax, aspect="auto")
        ax.set_xticks(range(cols), [str(c) for c in frame.columns], rotation=30 if slanted else 0,
                      ha="right" if slanted else "center")
        ax.set_yticks(range(rows), [str(i) for i in frame.index])
        _label_cells(fig, ax, values, _CELL_FONT_SIZE)
        fig.colorbar(image, ax=ax, shrink=0.8)
        ax.set_title(title)
        return finish(fig)


def _label_cells(fig: Figure, ax: Axes, values: np.ndarray, size: float) -> None:
    """Write each finite value into its cell of an ``imshow`` of ``values`` (two decimals, centred).

    One text per column, its lines a row apart: a map of 30 segments x 25
    items has 750 values, and 750 text artists took two thirds of the chart's
    time.  The line spacing is worked out from the font's line metrics (as
    matplotlib lays out lines) and the row height of the axes, placed before
    this call, so each line sits where a one-line text centred in its cell
    would; a blank (NaN) cell gets an empty line.
    """
    rows, cols = values.shape
    labels = [["" if not np.isfinite(v) else f"{v:.2f}" for v in values[:, c]] for c in range(cols)]
    renderer = fig.canvas.get_renderer()
    prop = FontProperties(size=size)
    # matplotlib's line pitch is (h - d) * linespacing + d, h and d the tallest line's height and
    # deepest descent, at least those of "lp"
    metrics = [renderer.get_text_width_height_descent(t, prop, ismath=False)
               for t in {"lp", *(t for column in labels for t in column if t)}]
    height, descent = max(m[1] for m in metrics), max(m[2] for m in metrics)
    row = ax.bbox.height / rows
    spacing = (row - descent) / (height - descent)
    for c, column in enumerate(labels):
        if any(column):
            ax.text(c, (rows - 1) / 2, "\n".join(column), ha="center", va="center", fontsize=size,
                    linespacing=spacing, multialignment="center")
