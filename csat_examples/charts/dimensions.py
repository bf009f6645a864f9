"""Scores per dimension or variable: radar, SERVQUAL gaps, importance-performance grid, brand profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..errors import CsatInputError
from ..ipa import QUADRANTS
from ..lang import Lang, is_chinese, pick
from ..terms import display_name, label
from ..validation import require_columns
from .live import LiveChart, drawn
from .style import (AMBER, BLUE, EDGE, GREEN, GREY, QUADRANT_COLOURS, RED, Layout, chart_rc,
                    checked_frame, finish, fix_margins, layout_rc, new_figure, place_axes,
                    text_inches, text_sizes, wrap)

__all__ = ["radar_chart", "gap_chart", "ipa_chart", "brand_chart", "live_radar"]

# CCSI variable columns of aircon_csi_2003 -> their terms (pls.yml).
_VARIABLE_KEYS = {
    "brand_image": "pls_brand_image",
    "expected_quality": "pls_expected_quality",
    "perceived_quality": "pls_perceived_quality",
    "perceived_value": "pls_perceived_value",
    "satisfaction": "pls_satisfaction",
    "loyalty": "pls_loyalty",
}



def radar_chart(
    dimensions_frame: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    lang: Lang = "en",
    rlim: tuple[float, float] | None = None,
) -> Figure:
    """Radar (spider) chart of scores per dimension.

    Parameters
    ----------
    dimensions_frame : pandas.DataFrame
        A ``dimension`` column and score columns, e.g. the ``dimensions``
        frame of :func:`~csat_examples.servqual.servqual` (expectation and
        perception) or of :func:`~csat_examples.servqual.rater` (score).
    columns : list of str, optional
        Series to draw; default those of ``expectation, perception, score``
        present.
    lang : {"en", "zh", "zh-Hant"}
    rlim : (low, high), optional
        Radial range (e.g. the scale's 1-7), widened if a point would leave
        it; default: fitted to the data.

    Returns
    -------
    matplotlib.figure.Figure
        One closed line per series on a polar axes (``axes[0].lines``).

    Examples
    --------
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"],
    ...                   "expectation": [6.5, 6.0, 5.5], "perception": [5.0, 5.5, 5.6]})
    >>> fig = radar_chart(f, lang="zh")
    >>> fig.axes[0].lines[1].get_ydata().tolist()
    [5.0, 5.5, 5.6, 5.0]
    """
    return drawn(live_radar(dimensions_frame, columns=columns, lang=lang, rlim=rlim))


def _radar_columns(dimensions_frame: pd.DataFrame, columns: Sequence[str] | None) -> tuple[pd.DataFrame, list[str]]:
    frame = checked_frame(dimensions_frame, "dimensions_frame", ["dimension"])
    cols = list(columns) if columns is not None else [
        c for c in ("expectation", "perception", "score") if c in frame.columns
    ]
    if not cols:
        raise CsatInputError("no score column to draw", argument="dimensions_frame",
                             value=list(frame.columns),
                             fix="pass a frame with 'perception'/'expectation' or 'score', or name columns=")
    require_columns(frame, cols, "columns")
    return frame, cols


def live_radar(dimensions_frame: pd.DataFrame, *, columns: Sequence[str] | None = None, lang: Lang = "en",
           rlim: tuple[float, float] | None = None) -> LiveChart:
    frame, cols = _radar_columns(dimensions_frame, columns)
    dimensions = frame["dimension"].tolist()
    angles = np.linspace(0, 2 * np.pi, len(frame), endpoint=False)
    closed = np.append(angles, angles[0])
    styles = {"expectation": (GREY, "--"), "perception": (BLUE, "-"), "score": (BLUE, "-")}
    rc = chart_rc()
    with matplotlib.rc_context(rc):
        fig = new_figure(5.5, 5.0)
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        series = []
        for k, col in enumerate(cols):
            colour, style = styles.get(col, ([AMBER, GREEN, RED][k % 3], "-"))
            key = f"chart_{col}" if col in ("expectation", "perception", "score") else col
            line = ax.plot(closed, np.zeros(len(closed)), style, color=colour, linewidth=2,
                           label=display_name(key, lang), marker="o", markersize=4)[0]
            area = ax.fill(closed, np.zeros(len(closed)), color=colour, alpha=0.08)[0]
            series.append((col, line, area))
        ax.set_xticks(angles, [display_name(d, lang) for d in dimensions])
        ax.tick_params(axis="x", pad=8)
        ax.set_title(label("chart_radar_title", lang), pad=18)
        ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), frameon=False, fontsize=8)

    def show(new: pd.DataFrame) -> bool:
        f, new_cols = _radar_columns(new, columns)
        if new_cols != cols or f["dimension"].tolist() != dimensions:
            return False
        for col, line, area in series:
            values = f[col].to_numpy(dtype=float)
            radii = np.append(values, values[0])
            line.set_ydata(radii)
            area.set_xy(np.column_stack([closed, radii]))
        if rlim is None:
            ax.relim()
            ax.autoscale_view()
        else:  # the fixed range, widened where a point would leave it
            radii = np.concatenate([line.get_ydata() for _, line, _ in series])
            ax.set_ylim(min(float(rlim[0]), float(np.nanmin(radii))), max(float(rlim[1]), float(np.nanmax(radii))))
        return True

    show(dimensions_frame)
    return LiveChart(fig, [area for *_, area in series] + [line for _, line, _ in series], show, rc)


def gap_chart(servqual_result: Any, *, lang: Lang = "en", layout: Layout = "wide") -> Figure:
    """Expectation and perception per dimension (top) and their gap (bottom).

    Parameters
    ----------
    servqual_result : ServqualResult
        From :func:`csat_examples.servqual.servqual`.
    lang : {"en", "zh", "zh-Hant"}
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, dimension names
        wrapped, legend below the figure); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0]``: expectation bars then perception bars;
        ``axes[1]``: gap bars (red = shortfall).

    Examples
    --------
    >>> from csat_examples.servqual import servqual
    >>> r = servqual(pd.Series({"reliability": 5.0, "tangibles": 6.0}),
    ...              pd.Series({"reliability": 6.5, "tangibles": 5.5}),
    ...              {"reliability": "reliability", "tangibles": "tangibles"})
    >>> [float(p.get_height()) for p in gap_chart(r).axes[1].patches]
    [-1.5, 0.5]
    """
    dims = checked_frame(getattr(servqual_result, "dimensions", None), "servqual_result",
                  ["dimension", "perception", "expectation", "gap"])
    names = [display_name(d, lang) for d in dims["dimension"]]
    x = np.arange(len(names))
    narrow = layout == "narrow"
    size = text_sizes(layout)
    if narrow:  # five dimension names side by side need two lines on a phone
        names = wrap(names, 6)
    with matplotlib.rc_context(chart_rc() | layout_rc(layout)):
        fig = new_figure(size["width"] if narrow else 7.5, 5.6 if narrow else 5.2)
        ax1, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
        ax1.bar(x - 0.2, dims["expectation"], 0.4, color=GREY, label=label("chart_expectation", lang))
        ax1.bar(x + 0.2, dims["perception"], 0.4, color=BLUE, label=label("chart_perception", lang))
        ax1.set_ylabel(label("chart_score", lang))
        ax1.set_ylim(0, 1.18 * float(np.nanmax(dims[["expectation", "perception"]].to_numpy(dtype=float))))
        if narrow:  # legend in its own row below the figure, not over the bars
            fig.legend(*ax1.get_legend_handles_labels(), frameon=False, ncols=2, loc="outside lower center")
        else:
            ax1.legend(frameon=False, ncols=2, loc="upper right")
        gaps = dims["gap"].to_numpy(dtype=float)
        bars = ax2.bar(x, gaps, 0.5, color=[RED if g < 0 else GREEN for g in gaps])
        for bar, g in zip(bars, gaps):
            ax2.annotate(f"{g:+.2f}", (bar.get_x() + bar.get_width() / 2, g), ha="center",
                         va="top" if g < 0 else "bottom", fontsize=size["small"],
                         xytext=(0, -2 if g < 0 else 2), textcoords="offset points")
        ax2.axhline(0, color="black", linewidth=0.8)
        ax2.set_ylabel(label("chart_gap", lang), fontsize=size["small"])
        ax2.margins(y=0.3)
        ax2.set_xticks(x, names)
        ax1.set_title(label("chart_gap_title", lang))
        for ax in (ax1, ax2):
            ax.spines[["top", "right"]].set_visible(False)
        return finish(fig)


def ipa_chart(
    ipa_frame: pd.DataFrame,
    *,
    item: str = "item",
    importance: str = "importance",
    performance: str = "performance",
    lang: Lang = "en",
    layout: Layout = "wide",
) -> Figure:
    """Importance-performance grid: points coloured by quadrant, crosshair, quadrant names.

    Parameters
    ----------
    ipa_frame : pandas.DataFrame
        Output of :func:`csat_examples.ipa.ipa` (``quadrant`` column; the
        crosshair from ``attrs["crosshair"]``, else the means).
    item, importance, performance : str
        Column names.
    lang : {"en", "zh", "zh-Hant"}
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, item names
        wrapped); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        Performance on x, importance on y (Martilla and James's layout);
        ``axes[0].collections[0]`` holds the points.

    Examples
    --------
    >>> from csat_examples.ipa import ipa
    >>> f = ipa(pd.DataFrame({"item": ["reliability", "tangibles"], "importance": [30, 10],
    ...                       "performance": [4.8, 5.5]}))
    >>> ipa_chart(f).axes[0].collections[0].get_offsets().tolist()
    [[4.8, 30.0], [5.5, 10.0]]
    """
    frame = checked_frame(ipa_frame, "ipa_frame", [item, importance, performance, "quadrant"])
    cross = frame.attrs.get("crosshair") or {
        "importance": float(frame[importance].mean()), "performance": float(frame[performance].mean())
    }
    xs = frame[performance].to_numpy(dtype=float)
    ys = frame[importance].to_numpy(dtype=float)
    narrow = layout == "narrow"
    size = text_sizes(layout)
    with matplotlib.rc_context(chart_rc() | layout_rc(layout)):
        fig = new_figure(size["width"] if narrow else 7, 4.6 if narrow else 5.5, constrained=False)
        ax = fig.add_subplot()
        ax.scatter(xs, ys, c=[QUADRANT_COLOURS.get(q, GREY) for q in frame["quadrant"]], s=45, zorder=3)
        names = [display_name(name, lang) for name in frame[item]]
        notes = [ax.annotate(name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=size["small"])
                 for x, y, name in zip(xs, ys, wrap(names, 8) if narrow else names)]
        ax.axvline(cross["performance"], color="black", linewidth=0.8, linestyle="--")
        ax.axhline(cross["importance"], color="black", linewidth=0.8, linestyle="--")
        ax.margins(0.2)
        # quadrant names in the corners, placed in axes coordinates
        corners = {(True, False): (0.02, 0.98, "left", "top"), (True, True): (0.98, 0.98, "right", "top"),
                   (False, False): (0.02, 0.02, "left", "bottom"), (False, True): (0.98, 0.02, "right", "bottom")}
        for hi_lo, key in QUADRANTS.items():
            cx, cy, ha, va = corners[hi_lo]
            ax.text(cx, cy, label(key, lang), transform=ax.transAxes, ha=ha, va=va,
                    fontsize=size["small"] if narrow else 9,
                    color=QUADRANT_COLOURS[key], fontweight="bold")
        ax.set_xlabel(label("chart_performance", lang))
        ax.set_ylabel(label("chart_importance", lang))
        ax.set_title(label("chart_ipa_title", lang))
        ax.spines[["top", "right"]].set_visible(False)
        place_axes(fig, ax)
        _keep_notes_inside(fig, ax, notes)
        return finish(fig)


def _keep_notes_inside(fig: Figure, ax: Any, notes: Sequence[Any]) -> None:
    """Widen the right and top margins so that every point's name (right of and above it) stays in the figure.

    A name at axes fraction ``f`` ends ``f`` of the axes' size plus its own
    extent from the axes' start; the margin that keeps it inside the figure
    follows from that (a name that already fits asks for nothing).
    """
    width, height = (float(v) for v in fig.get_size_inches())
    pars = fig.subplotpars
    left, right, bottom, top = pars.left * width, (1 - pars.right) * width, pars.bottom * height, (1 - pars.top) * height
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for note in notes:
        wide, high = text_inches(fig, [note.get_text()], note.get_fontsize())
        fx, fy = (note.xy[0] - x0) / (x1 - x0), (note.xy[1] - y0) / (y1 - y0)
        # the name starts 4 pt right of its point and sits 3 pt above it (see the annotate call)
        reach_x, reach_y = 4 / 72 + wide + EDGE, 3 / 72 + high + EDGE
        if fx > 0:
            right = max(right, (left + fx * (width - left) + reach_x - width) / fx)
        if fy > 0:
            top = max(top, (bottom + fy * (height - bottom) + reach_y - height) / fy)
    fix_margins(fig, left=left, right=right, bottom=bottom, top=top)

def brand_chart(
    frame: pd.DataFrame,
    *,
    brand: str = "brand",
    variables: Sequence[str] | None = None,
    lang: Lang = "en",
) -> Figure:
    """Profile lines: each brand's score on each index variable.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per brand, e.g. ``datasets.load("aircon_csi_2003")``.  With
        Chinese ``lang`` a ``<brand>_zh`` column, when present, names the brands.
    brand : str
        Column of brand names.
    variables : list of str, optional
        Numeric columns to draw, in order (default: all numeric columns).
        CCSI variable names are shown by their terms label.
    lang : {"en", "zh", "zh-Hant"}

    Returns
    -------
    matplotlib.figure.Figure
        One line per brand (``axes[0].lines``, in row order).

    Examples
    --------
    >>> from csat_examples import datasets
    >>> fig = brand_chart(datasets.load("aircon_csi_2003"), lang="zh")
    >>> fig.axes[0].lines[0].get_ydata().tolist()
    [81.29, 86.24, 86.69, 74.8, 81.3, 65.52]
    """
    data = checked_frame(frame, "frame", [brand])
    cols = list(variables) if variables is not None else [
        c for c in data.columns if c != brand and pd.api.types.is_numeric_dtype(data[c])
    ]
    require_columns(data, cols, "variables")
    chinese = is_chinese(lang) and f"{brand}_zh" in data.columns
    names = [pick(str(name), str(name_zh), lang) for name, name_zh in
             zip(data[brand], data[f"{brand}_zh"] if chinese else data[brand])]
    x = np.arange(len(cols))
    with matplotlib.rc_context(chart_rc()):
        fig = new_figure(8.5, 4.6)
        ax = fig.add_subplot()
        colours = matplotlib.colormaps["tab10"].colors
        markers = "osD^v<>p*h"
        for k, ((_, row), name) in enumerate(zip(data.iterrows(), names)):
            ax.plot(x, row[cols].to_numpy(dtype=float), marker=markers[k % len(markers)], markersize=4,
                    color=colours[k % 10], linewidth=1.2, label=name)
        ax.set_xticks(x, [display_name(_VARIABLE_KEYS.get(c, c), lang) for c in cols])
        ax.set_ylabel(label("chart_score", lang))
        ax.set_title(label("chart_brand_title", lang))
        ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5),
                  title=label("chart_brand", lang))
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        return finish(fig)
