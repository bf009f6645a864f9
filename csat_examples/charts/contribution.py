"""The hierarchical index as bars: each top-level indicator's contribution, split by its leaves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from ..lang import Lang
from ..terms import display_name, label
from .live import LiveChart, drawn
from .style import (EDGE, Layout, chart_rc, checked_frame, layout_rc, new_figure, nice_ceiling, place_axes, text_inches,
                    text_sizes)

__all__ = ["contribution_chart", "live_contribution"]


def contribution_chart(
    hierarchy_result: Any,
    *,
    labels: Mapping[str, str] | None = None,
    lang: Lang = "en",
    xlim: tuple[float, float] | None = None,
    layout: Layout = "wide",
) -> Figure:
    """Horizontal bars: each top-level indicator's contribution, split by its leaves.

    Parameters
    ----------
    hierarchy_result : HierarchyResult
        From :func:`csat_examples.hierarchy.hierarchical_index`.
    labels : mapping node -> display name, optional
        E.g. ``dict(zip(t.node, t.label_en))`` of the ``hierarchical_weights``
        data set; other nodes show their label or name.
    lang : {"en", "zh", "zh-Hant"}
    xlim : (low, high), optional
        Range of contributions the axis covers at least, e.g. the scale's
        score range, so that charts of different results compare.  The axis
        always covers every bar with room for its value label, and ends at
        round numbers (1, 2, 2.5 or 5 times a power of ten).
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, a leaf's name only
        in a segment with room for it); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        One horizontal bar per top-level node (``axes[0].patches`` are the
        leaf segments, in node order), the total in the title.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> nodes = pd.DataFrame({"node": ["A", "a1", "a2", "B"], "parent": [None, "A", "A", None],
    ...     "depth": [1, 2, 2, 1], "local_weight": [.6, .5, .5, .4], "global_weight": [.6, .3, .3, .4],
    ...     "score": [5.0, 4.0, 6.0, 3.0], "contribution": [3.0, 1.2, 1.8, 1.2]})
    >>> fig = contribution_chart(SimpleNamespace(total=4.2, nodes=nodes))
    >>> [round(float(p.get_width()), 2) for p in fig.axes[0].patches]
    [1.2, 1.8, 1.2]
    """
    return drawn(live_contribution(hierarchy_result, labels=labels, lang=lang, xlim=xlim, layout=layout))


def _contribution_tree(hierarchy_result: Any, name: Any) -> tuple[pd.DataFrame, list[tuple[Any, list[Any]]], tuple]:
    """Nodes, the top-level nodes with their leaves, and a key of what the picture shows (names)."""
    nodes = checked_frame(getattr(hierarchy_result, "nodes", None), "hierarchy_result",
                   ["node", "parent", "depth", "contribution"])
    children: dict[Any, list[Any]] = {}
    for node, parent in zip(nodes["node"], nodes["parent"]):
        children.setdefault(None if parent in ("", None) or pd.isna(parent) else parent, []).append(node)

    def leaves(node: Any) -> list[Any]:
        kids = children.get(node, [])
        return [node] if not kids else [leaf for k in kids for leaf in leaves(k)]

    tree = [(node, leaves(node)) for node in children.get(None, [])]
    key = tuple((node, name(node), tuple((leaf, name(leaf)) for leaf in lv)) for node, lv in tree)
    return nodes, tree, key


def live_contribution(hierarchy_result: Any, *, labels: Mapping[str, str] | None = None, lang: Lang = "en",
                  xlim: tuple[float, float] | None = None, layout: Layout = "wide") -> LiveChart:
    names = dict(labels or {})

    def name(node: Any) -> str:
        return names.get(node, display_name(node, lang))

    _, tree, key = _contribution_tree(hierarchy_result, name)
    narrow = layout == "narrow"
    size = text_sizes(layout)
    # a leaf's name is shown only in a segment this share of the total wide (larger text needs more room)
    room = 0.18 if narrow else 0.06
    rc = chart_rc() | layout_rc(layout)
    with matplotlib.rc_context(rc):
        fig = new_figure(size["width"] if narrow else 7.5, (0.9 if narrow else 0.7) * len(tree) + 1.6,
                         constrained=False)
        ax = fig.add_subplot()
        colours = matplotlib.colormaps["tab20"].colors
        places = [(row, k, node, leaf) for row, (node, leaves) in enumerate(tree) for k, leaf in enumerate(leaves)]
        # all segments in one call: a call per bar cost 4 ms each (25 leaves: most of the chart's time)
        bars = ax.barh([row for row, *_ in places], 0.0, edgecolor="white",
                       color=[colours[(2 * row + k % 2) % 20] for row, k, *_ in places])
        segments = [(node, leaf, bar, ax.text(0.0, row, name(leaf), ha="center", va="center",
                                              fontsize=size["small"] if narrow else 7))
                    for (row, _, node, leaf), bar in zip(places, bars)]
        totals = [ax.text(0.0, row, "", va="center", fontsize=size["small"] if narrow else 9) for row in range(len(tree))]
        ax.set_yticks(range(len(tree)), [name(node) for node, _ in tree])
        ax.invert_yaxis()
        ax.set_xlabel(label("chart_contribution", lang))
        title = ax.set_title("")
        ax.spines[["top", "right"]].set_visible(False)

    def show(result: Any) -> bool:
        nodes, _, new_key = _contribution_tree(result, name)
        if new_key != key:
            return False
        contribution = dict(zip(nodes["node"], nodes["contribution"]))
        total = float(result.total)
        ends: dict[Any, float] = {}
        for node, leaf, bar, text in segments:
            left, width = ends.get(node, 0.0), float(contribution[leaf])
            bar.set_x(left)
            bar.set_width(width)
            text.set_x(left + width / 2)
            # a leaf's name only where its segment has room for it
            text.set_visible(leaf != node and width > room * (total or 1.0))
            ends[node] = left + width
        for (node, _), text in zip(tree, totals):
            # after the bar's end; a bar that runs left of zero has its label right of zero
            text.set_x(max(ends.get(node, 0.0), 0.0))
            text.set_text(f" {float(contribution[node]):.2f}")
        title.set_text(f"{label('chart_contribution_title', lang)}{label('colon', lang)}{total:.2f}")
        # the bars' extent, widened to xlim if given, with room for the value labels,
        # ending at round numbers
        low = min(0.0, *(bar.get_x() for *_, bar, _ in segments), *ends.values())
        high = max(0.0, *(bar.get_x() for *_, bar, _ in segments), *ends.values())
        if xlim is not None:
            low, high = min(low, float(xlim[0])), max(high, float(xlim[1]))
        span = (high - low) or 1.0
        ax.set_xlim(-nice_ceiling(-low + 0.05 * span) if low < 0 else 0.0,
                    nice_ceiling(high + 0.12 * span) if high > 0 else 0.0)
        return True

    show(hierarchy_result)
    with matplotlib.rc_context(rc):
        # the names beside the bars stay; a calculator's update may end the x axis in a wider number
        widest, _ = text_inches(fig, ["10.00"], matplotlib.rcParams["xtick.labelsize"])
        place_axes(fig, ax, right=EDGE + widest / 2)
    return LiveChart(fig, [bar for *_, bar, _ in segments] + [t for *_, t in segments] + totals + [title],
                     show, rc)
