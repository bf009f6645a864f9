"""Quality over time and by cause: control charts and Pareto charts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
import matplotlib

from ..errors import CsatInputError
from ..lang import Lang
from ..terms import display_name, label
from .style import (AMBER, BLUE, EDGE, GREY, RED, TICK_ROOM, TITLE_GAP, Layout, chart_rc, checked_frame, finish, fix_margins,
                    layout_rc, new_figure, text_inches, text_sizes, tick_label_inches)

__all__ = ["control_chart", "pareto_chart"]



def control_chart(chart_frame: pd.DataFrame, *, lang: Lang = "en", layout: Layout = "wide") -> Figure:
    """Control chart of a p-chart or X-bar/S-chart table.

    Parameters
    ----------
    chart_frame : pandas.DataFrame
        From :func:`csat_examples.stats.p_chart` (column ``p``) or
        :func:`csat_examples.stats.xbar_s_chart` (columns ``mean``, ``s_center``;
        an S chart is drawn below the X-bar chart).
    lang : {"en", "zh", "zh-Hant"}
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, legend below the
        plot, every second period labelled); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0].lines[0]`` is the statistic per period, then the centre
        line and the upper and lower limits (steps, as limits vary with n);
        out-of-control points are circled in red.

    Examples
    --------
    >>> from csat_examples.stats import p_chart
    >>> pc = p_chart(pd.DataFrame({"period": ["m1", "m2", "m3"], "satisfied": [60, 70, 40], "n": [100] * 3}))
    >>> control_chart(pc).axes[0].lines[0].get_ydata().tolist()
    [0.6, 0.7, 0.4]
    """
    frame = checked_frame(chart_frame, "chart_frame", ["period", "center", "ucl", "lcl", "out_of_control"])
    if "p" in frame.columns:
        panels = [("p", "center", "ucl", "lcl", "chart_proportion", "chart_p_title")]
    elif "mean" in frame.columns:
        panels = [("mean", "center", "ucl", "lcl", "chart_mean", "chart_xbar_title")]
        if {"sd", "s_center", "s_ucl", "s_lcl"} <= set(frame.columns):
            panels.append(("sd", "s_center", "s_ucl", "s_lcl", "chart_sd", "chart_s_title"))
    else:
        raise CsatInputError("not a control-chart table", argument="chart_frame", value=list(frame.columns),
                             fix="pass the output of stats.p_chart or stats.xbar_s_chart")
    periods = [str(p) for p in frame["period"]]
    x = np.arange(len(periods))
    narrow = layout == "narrow"
    with matplotlib.rc_context(chart_rc() | layout_rc(layout)):
        # the page's layout is placed by _place_panels (faster); a phone's legend below needs the engine
        fig = new_figure(text_sizes(layout)["width"] if narrow else 8, (4.2 if narrow else 3.4) * len(panels) + 0.4,
                         constrained=narrow)
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
        for ax, (stat, center, ucl, lcl, ylabel, title) in zip(axes, panels):
            values = frame[stat].to_numpy(dtype=float)
            ax.plot(x, values, "-o", color=BLUE, markersize=4, label=display_name(ylabel, lang))
            ax.plot(x, frame[center].to_numpy(dtype=float), "-", color="black", linewidth=1,
                    label=label("chart_center", lang))
            ax.step(x, frame[ucl].to_numpy(dtype=float), where="mid", color=RED, linestyle="--",
                    linewidth=1, label=label("chart_limits", lang))
            ax.step(x, frame[lcl].to_numpy(dtype=float), where="mid", color=RED, linestyle="--", linewidth=1)
            out = ((values > frame[ucl].to_numpy(dtype=float)) | (values < frame[lcl].to_numpy(dtype=float)))
            if out.any():
                ax.scatter(x[out], values[out], s=120, facecolors="none", edgecolors=RED, linewidths=1.5,
                           zorder=4, label=label("chart_out_of_control", lang))
            ax.set_ylabel(display_name(ylabel, lang))
            ax.set_title(display_name(title, lang))
            if not narrow:  # a phone gets one legend below the figure instead
                ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
            ax.spines[["top", "right"]].set_visible(False)
        if narrow and len(periods) > 6:  # every second period, so the labels fit a phone
            axes[-1].set_xticks(x[::2], periods[::2], rotation=45, ha="right")
        else:
            axes[-1].set_xticks(x, periods, rotation=45 if len(periods) > 8 else 0,
                                ha="right" if len(periods) > 8 else "center")
        axes[-1].set_xlabel(label("chart_period", lang))
        if narrow:
            entries = {text: handle for ax in axes for handle, text in zip(*ax.get_legend_handles_labels())}
            fig.legend(entries.values(), entries.keys(), frameon=False, loc="outside lower center", ncols=2)
        else:
            _place_panels(fig, axes, slanted=len(periods) > 8)
        return finish(fig)


def _place_panels(fig: Figure, axes: Any, *, slanted: bool) -> None:
    """Margins of a stack of panels sharing the x axis, each with its legend right of it, from its texts."""
    rc = matplotlib.rcParams
    ticks_wide = max(tick_label_inches(fig, ax.yaxis, rc["ytick.labelsize"])[0] for ax in axes)
    _, label_high = text_inches(fig, [ax.get_ylabel() for ax in axes] + [axes[-1].get_xlabel()], rc["axes.labelsize"])
    _, title_high = text_inches(fig, [ax.get_title() for ax in axes], rc["axes.titlesize"])
    names_wide, names_high = text_inches(fig, [t.get_text() for t in axes[-1].get_xticklabels()], rc["xtick.labelsize"])
    # a name slanted by 45 degrees stands as high as 0.71 times its width and height together
    below = 0.71 * (names_wide + names_high) if slanted else names_high
    renderer = fig.canvas.get_renderer()
    legend_wide = max(ax.get_legend().get_window_extent(renderer).width for ax in axes) / fig.dpi
    fix_margins(fig, left=label_high + ticks_wide + TICK_ROOM + EDGE, right=legend_wide + EDGE,
                bottom=below + TICK_ROOM + label_high + EDGE, top=title_high + TITLE_GAP + EDGE,
                gap=title_high + TITLE_GAP + TICK_ROOM, rows=len(axes))


def pareto_chart(
    pareto_frame: pd.DataFrame, *, title_key: str = "chart_pareto_title", lang: Lang = "en",
    layout: Layout = "wide",
) -> Figure:
    """Pareto chart: bars of counts (largest first) and the cumulative share line.

    Parameters
    ----------
    pareto_frame : pandas.DataFrame
        From :func:`csat_examples.stats.pareto` (``cause, count, share,
        cumulative_share``).  Causes that are terms keys are shown by label.
    title_key : str
        Terms key of the title (e.g. ``"chart_leave_title"`` for the reasons
        customers leave).
    lang : {"en", "zh", "zh-Hant"}
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, cause names
        slanted); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        ``axes[0]`` holds the bars (counts), ``axes[1]`` the cumulative
        share line (%) with an 80 % reference line.

    Examples
    --------
    >>> from csat_examples.stats import pareto
    >>> fig = pareto_chart(pareto(["repairs", "noise", "repairs", "fees"]), lang="zh")
    >>> [int(p.get_height()) for p in fig.axes[0].patches], fig.axes[1].lines[0].get_ydata().tolist()
    ([2, 1, 1], [50.0, 75.0, 100.0])
    """
    frame = checked_frame(pareto_frame, "pareto_frame", ["cause", "count", "cumulative_share"])
    names = [display_name(c, lang) for c in frame["cause"]]
    x = np.arange(len(names))
    narrow = layout == "narrow"
    # a phone has no room for names side by side: slant them (wrapped slanted names run into each other)
    long_names = narrow or max(len(n) for n in names) > 8
    with matplotlib.rc_context(chart_rc() | layout_rc(layout)):
        width = text_sizes(layout)["width"] if narrow else max(6.5, 0.9 * len(names) + 2)
        fig = new_figure(width, 4.4, constrained=False)
        ax = fig.add_subplot()
        ax.bar(x, frame["count"], color=BLUE, width=0.7)
        ax.set_ylabel(label("chart_count", lang))
        ax2 = ax.twinx()
        ax2.plot(x, frame["cumulative_share"].to_numpy(dtype=float), "-o", color=AMBER, markersize=4)
        ax2.axhline(80, color=GREY, linestyle=":", linewidth=1)
        ax2.set_ylim(0, 105)
        ax2.set_ylabel(label("chart_cumulative_share", lang))
        ax.set_xticks(x, names, rotation=30 if long_names else 0, ha="right" if long_names else "center")
        ax.set_title(label(title_key, lang))
        ax.spines[["top"]].set_visible(False)
        ax2.spines[["top"]].set_visible(False)
        _place_twins(fig, ax, ax2, slanted=long_names)
        return finish(fig)


def _place_twins(fig: Figure, ax: Any, twin: Any, *, slanted: bool) -> None:
    """Margins of an axes and its twin (a y axis on each side), from their texts."""
    rc = matplotlib.rcParams
    left_ticks, _ = tick_label_inches(fig, ax.yaxis, rc["ytick.labelsize"])
    right_ticks, _ = tick_label_inches(fig, twin.yaxis, rc["ytick.labelsize"])
    _, label_high = text_inches(fig, [ax.get_ylabel(), twin.get_ylabel()], rc["axes.labelsize"])
    _, title_high = text_inches(fig, [ax.get_title()], rc["axes.titlesize"])
    names_wide, names_high = text_inches(fig, [t.get_text() for t in ax.get_xticklabels()], rc["xtick.labelsize"])
    # a name slanted by 30 degrees stands as high as half its width plus most of its line
    below = 0.5 * names_wide + 0.87 * names_high if slanted else names_high
    left = label_high + left_ticks + TICK_ROOM + EDGE
    right = label_high + right_ticks + TICK_ROOM + EDGE
    if slanted:  # a slanted name ends at its tick and reaches back 0.87 of its width: keep each in the figure
        low, high = ax.get_xlim()
        width = float(fig.get_figwidth())
        for tick, name in zip(ax.get_xticks(), ax.get_xticklabels()):
            wide, tall = text_inches(fig, [name.get_text()], rc["xtick.labelsize"])
            at = (tick - low) / (high - low)  # where the tick sits along the axes
            left = max(left, (0.87 * wide + 0.5 * tall + EDGE - at * (width - right)) / (1 - at))
    fix_margins(fig, left=left, right=right, bottom=below + TICK_ROOM + EDGE, top=title_high + TITLE_GAP + EDGE)
