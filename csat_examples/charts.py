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
quadrants) are shown by their label; other names are shown as given.

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
====================== =====================================================

The first four also come as a :class:`LiveChart` (:func:`live_chart`) that
takes new data of the same shape in place, for calculators that redraw after
every click.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .errors import CsatInputError
from .fonts import cjk_rc
from .ipa import QUADRANTS
from .lang import Lang, is_chinese, pick, pick_names
from .terms import label
from .validation import require_columns, require_not_empty

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
    "display_name",
    "LiveChart",
    "live_chart",
]

# One palette for the whole course: expectation grey, perception/main blue,
# shortfalls red, surpluses green, accents amber.
_GREY = "#9aa5b1"
_BLUE = "#2b6cb0"
_RED = "#c53030"
_GREEN = "#2f855a"
_AMBER = "#d69e2e"
_QUADRANT_COLOURS = {
    "concentrate_here": _RED,
    "keep_up_good_work": _GREEN,
    "low_priority": _GREY,
    "possible_overkill": _AMBER,
}
# CCSI variable columns of aircon_csi_2003 -> their terms (pls.yml).
_VARIABLE_KEYS = {
    "brand_image": "pls_brand_image",
    "expected_quality": "pls_expected_quality",
    "perceived_quality": "pls_perceived_quality",
    "perceived_value": "pls_perceived_value",
    "satisfaction": "pls_satisfaction",
    "loyalty": "pls_loyalty",
}


def display_name(value: Hashable, lang: Lang = "en") -> str:
    """The label of ``value`` if it is a terms-table key, else ``str(value)``.

    Examples
    --------
    >>> display_name("reliability", "zh"), display_name("X21")
    ('信赖度', 'X21')
    """
    key = str(value)
    try:
        return label(key, lang)
    except CsatInputError:
        label("chart_count", lang)  # an unknown *language* must still raise
        return key


def _rc() -> dict[str, object]:
    """:func:`~csat_examples.fonts.cjk_rc` with the font family named concretely.

    A generic family ("sans-serif") is looked up in the rcParams in force when
    the figure is *drawn*; a notebook or a report draws after the context has
    ended, with the default DejaVu Sans, and Chinese turns into boxes.  Naming
    the families makes every text keep the CJK font (DejaVu Sans as fallback
    for glyphs such as the minus sign).
    """
    rc = dict(cjk_rc())
    rc["font.family"] = list(rc["font.sans-serif"])  # type: ignore[call-overload]
    return rc


Layout = Literal["wide", "narrow"]


def _text_sizes(layout: Layout) -> dict[str, float]:
    """Font sizes (points) and figure width (inches) for a layout.

    "narrow" is a phone: a figure 4 in wide at the book's 100 DPI, shown about
    358 CSS px wide, so every text must be at least 9 px there; "wide" keeps
    today's sizes (existing figures and tests depend on them).

    Examples
    --------
    >>> _text_sizes("narrow")["small"] > _text_sizes("wide")["small"]
    True
    """
    if layout == "wide":
        return {"width": 7.5, "small": 8.0, "normal": 10.0, "title": 12.0}
    if layout == "narrow":
        return {"width": 4.0, "small": 10.0, "normal": 10.5, "title": 11.0}
    raise CsatInputError("unknown layout", argument="layout", value=layout, fix='use "wide" or "narrow"')


def _layout_rc(layout: Layout) -> dict[str, object]:
    """rcParams for axis labels, ticks and title in a layout (empty for "wide", which keeps today's look)."""
    if layout == "wide":
        return {}
    size = _text_sizes(layout)
    return {"font.size": size["normal"], "axes.labelsize": size["normal"], "xtick.labelsize": size["small"],
            "ytick.labelsize": size["small"], "axes.titlesize": size["title"], "legend.fontsize": size["small"]}


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


class LiveChart:
    """A chart that takes new data of the same shape in place.

    Building a figure costs 20-40 ms before a pixel is drawn, and drawing all
    of its text costs more; a calculator that redraws after every click keeps
    one ``LiveChart`` instead.  :meth:`update` changes only the data artists
    listed in :attr:`dynamic` (bar lengths, lines, value labels, a title with
    a total) and the axis limits, so a caller may keep the rest of the
    picture rendered and redraw just those artists (blitting).

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

    def __init__(self, figure: Figure, dynamic: Sequence[Any], show: Any, rc: Mapping[str, object]) -> None:
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


def live_chart(kind: str, *data: Any, **options: Any) -> LiveChart:
    """A :class:`LiveChart` of one of the charts that calculators redraw.

    Parameters
    ----------
    kind : {"contribution", "distribution", "rate_degree", "radar"}
        The chart: :func:`contribution_chart`, :func:`distribution_chart`,
        :func:`rate_degree_chart` or :func:`radar_chart`.
    *data, **options
        That function's arguments.

    Examples
    --------
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"], "score": [5.0, 5.5, 6.0]})
    >>> chart = live_chart("radar", f, rlim=(1, 7))
    >>> chart.update(f.assign(score=[4.0, 5.0, 6.5]))
    True
    >>> chart.figure.axes[0].lines[0].get_ydata().tolist()
    [4.0, 5.0, 6.5, 4.0]
    """
    builders = {"contribution": _contribution, "distribution": _distribution,
                "rate_degree": _rate_degree, "radar": _radar}
    if kind not in builders:
        raise CsatInputError("unknown live chart", argument="kind", value=kind,
                             fix=f"use one of {sorted(builders)}")
    return builders[kind](*data, **options)


def _finish(fig: Figure) -> Figure:
    # Render inside the rc context so lazily created tick labels get the CJK font.
    fig.canvas.draw()
    return fig


def _drawn(chart: LiveChart) -> Figure:
    with matplotlib.rc_context(chart.rc):
        return _finish(chart.figure)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (> 0).

    Axis ends at such round numbers stay put while a value moves a little, so
    a calculator's cached picture of the axes stays valid.

    Examples
    --------
    >>> _nice_ceiling(23.5), _nice_ceiling(4.2), _nice_ceiling(0.8), _nice_ceiling(100)
    (25.0, 5.0, 1.0, 100.0)
    """
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value * (1 - 1e-12))


def _share_top(shares: Any) -> float:
    """Upper y limit for shares in %: 12 % headroom for the value labels, in steps of 5.

    Steps keep the axis (and a calculator's cached picture of it) unchanged
    while a count moves by one.

    Examples
    --------
    >>> _share_top([10, 40.0]), _share_top([0, 0]), _share_top([100])
    (45.0, 10.0, 115.0)
    """
    top = float(np.nanmax(np.asarray(shares, dtype=float), initial=0.0))
    return max(10.0, 5.0 * math.ceil(1.12 * top / 5.0))


def _wrap(names: Sequence[str], width: int = 12) -> list[str]:
    """Break long English names onto two lines so that neighbouring tick labels never overlap."""
    return [textwrap.fill(n, width, break_long_words=False) if " " in n else n for n in names]


def _frame(data: Any, argument: str, columns: Sequence[Hashable]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise CsatInputError(f"expected a pandas DataFrame, got {type(data).__name__}", argument=argument,
                             fix="pass the table the matching csat_examples function returns")
    require_not_empty(data, argument)
    require_columns(data, columns, argument)
    return data


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
    return _drawn(_contribution(hierarchy_result, labels=labels, lang=lang, xlim=xlim, layout=layout))


def _contribution_tree(hierarchy_result: Any, name: Any) -> tuple[pd.DataFrame, list[tuple[Any, list[Any]]], tuple]:
    """Nodes, the top-level nodes with their leaves, and a key of what the picture shows (names)."""
    nodes = _frame(getattr(hierarchy_result, "nodes", None), "hierarchy_result",
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


def _contribution(hierarchy_result: Any, *, labels: Mapping[str, str] | None = None, lang: Lang = "en",
                  xlim: tuple[float, float] | None = None, layout: Layout = "wide") -> LiveChart:
    names = dict(labels or {})

    def name(node: Any) -> str:
        return names.get(node, display_name(node, lang))

    _, tree, key = _contribution_tree(hierarchy_result, name)
    narrow = layout == "narrow"
    size = _text_sizes(layout)
    # a leaf's name is shown only in a segment this share of the total wide (larger text needs more room)
    room = 0.18 if narrow else 0.06
    rc = _rc() | _layout_rc(layout)
    with matplotlib.rc_context(rc):
        fig = _new_figure(size["width"] if narrow else 7.5, (0.9 if narrow else 0.7) * len(tree) + 1.6)
        ax = fig.add_subplot()
        colours = matplotlib.colormaps["tab20"].colors
        segments, totals = [], []
        for row, (node, leaves) in enumerate(tree):
            for k, leaf in enumerate(leaves):
                bar = ax.barh(row, 0.0, color=colours[(2 * row + k % 2) % 20], edgecolor="white")[0]
                text = ax.text(0.0, row, name(leaf), ha="center", va="center", fontsize=size["small"] if narrow else 7)
                segments.append((node, leaf, bar, text))
            totals.append(ax.text(0.0, row, "", va="center", fontsize=size["small"] if narrow else 9))
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
        title.set_text(f"{label('chart_contribution_title', lang)}: {total:.2f}")
        # the bars' extent, widened to xlim if given, with room for the value labels,
        # ending at round numbers
        low = min(0.0, *(bar.get_x() for *_, bar, _ in segments), *ends.values())
        high = max(0.0, *(bar.get_x() for *_, bar, _ in segments), *ends.values())
        if xlim is not None:
            low, high = min(low, float(xlim[0])), max(high, float(xlim[1]))
        span = (high - low) or 1.0
        ax.set_xlim(-_nice_ceiling(-low + 0.05 * span) if low < 0 else 0.0,
                    _nice_ceiling(high + 0.12 * span) if high > 0 else 0.0)
        return True

    show(hierarchy_result)
    return LiveChart(fig, [bar for *_, bar, _ in segments] + [t for *_, t in segments] + totals + [title],
                     show, rc)


def distribution_chart(
    distribution: pd.DataFrame,
    *,
    satisfied: Sequence[int] | None = None,
    lang: Lang = "en",
    layout: Layout = "wide",
) -> Figure:
    """Bars of the share of answers at each level, satisfied levels highlighted.

    Parameters
    ----------
    distribution : pandas.DataFrame
        :func:`csat_examples.rate.level_distribution` output: ``rank, zh, en,
        count, share`` (share as a fraction 0..1), lowest level first.
    satisfied : ranks, optional
        Levels drawn in the highlight colour; default the top two (top-2-box).
    lang : {"en", "zh", "zh-Hant"}
    layout : {"wide", "narrow"}
        "narrow" draws for a phone (4 in wide, larger text, names wrapped
        shorter); "wide" is the page column.

    Returns
    -------
    matplotlib.figure.Figure
        Bar heights are shares in %; the y axis ends at a multiple of 5 %.

    Examples
    --------
    >>> d = pd.DataFrame({"rank": [1, 2, 3, 4, 5], "zh": ["很不满意", "不满意", "一般", "满意", "很满意"],
    ...                   "en": ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
    ...                   "count": [1, 1, 2, 4, 2], "share": [.1, .1, .2, .4, .2]})
    >>> [round(p.get_height()) for p in distribution_chart(d, lang="zh").axes[0].patches]
    [10, 10, 20, 40, 20]
    """
    return _drawn(_distribution(distribution, satisfied=satisfied, lang=lang, layout=layout))


def _level_names(frame: pd.DataFrame, lang: Lang) -> list[str]:
    return pick_names(frame, lang)


def _distribution(distribution: pd.DataFrame, *, satisfied: Sequence[int] | None = None,
                  lang: Lang = "en", layout: Layout = "wide") -> LiveChart:
    dist = _frame(distribution, "distribution", ["rank", "zh", "en", "count", "share"])
    ranks = dist["rank"].tolist()
    top = set(satisfied) if satisfied is not None else set(sorted(ranks)[-2:])
    names = _level_names(dist, lang)
    rc = _rc() | _layout_rc(layout)
    with matplotlib.rc_context(rc):
        size = _text_sizes(layout)
        fig = _new_figure(size["width"], 3.8)
        ax = fig.add_subplot()
        bars = ax.bar(range(len(ranks)), np.zeros(len(ranks)), color=[_BLUE if r in top else _GREY for r in ranks])
        counts = [ax.annotate("", (bar.get_x() + bar.get_width() / 2, 0.0), ha="center", va="bottom",
                              fontsize=size["small"], xytext=(0, 2), textcoords="offset points") for bar in bars]
        ax.set_xticks(range(len(ranks)), _wrap(names, 12 if layout == "wide" else 6))
        ax.set_xlabel(label("chart_level", lang))
        ax.set_ylabel(label("chart_share", lang))
        ax.set_title(label("chart_distribution_title", lang))
        ax.spines[["top", "right"]].set_visible(False)

    def show(new: pd.DataFrame) -> bool:
        d = _frame(new, "distribution", ["rank", "zh", "en", "count", "share"])
        if d["rank"].tolist() != ranks or _level_names(d, lang) != names:
            return False
        heights = 100 * d["share"].to_numpy(dtype=float)
        for bar, note, height, count in zip(bars, counts, heights, d["count"]):
            bar.set_height(height)
            note.xy = (note.xy[0], height)
            note.set_text(f"{int(count)}")
        ax.set_ylim(0, _share_top(heights))
        return True

    show(dist)
    return LiveChart(fig, [*bars, *counts], show, rc)


def rate_degree_chart(
    distributions: pd.DataFrame,
    table: pd.DataFrame,
    *,
    lang: Lang = "en",
) -> Figure:
    """Two surveys (or more) side by side: answers per level, and rate vs degree.

    Parameters
    ----------
    distributions : pandas.DataFrame
        ``rank, zh, en`` and one count column per survey (e.g. ``a``, ``b``).
    table : pandas.DataFrame
        One row per survey, in the order of the count columns, with
        ``survey`` (display name), ``rate`` (0-100) and ``degree_100`` (0-100).
    lang : {"en", "zh", "zh-Hant"}

    Returns
    -------
    matplotlib.figure.Figure
        Left axes: shares (%) per level, one bar series per survey; right
        axes: for each survey a rate bar then a degree bar.

    Examples
    --------
    >>> dist = pd.DataFrame({"rank": [1, 2, 3], "zh": ["不满意", "一般", "满意"],
    ...                      "en": ["dissatisfied", "neutral", "satisfied"], "a": [0, 5, 5], "b": [4, 1, 5]})
    >>> table = pd.DataFrame({"survey": ["A", "B"], "rate": [50.0, 50.0], "degree_100": [75.0, 55.0]})
    >>> fig = rate_degree_chart(dist, table)
    >>> [round(p.get_height()) for p in fig.axes[1].patches]
    [50, 75, 50, 55]
    """
    return _drawn(_rate_degree(distributions, table, lang=lang))


def _rate_degree_inputs(distributions: pd.DataFrame, table: pd.DataFrame,
                        lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame, list[Any], tuple]:
    """Checked inputs, the count columns, and a key of what the picture shows (names)."""
    dist = _frame(distributions, "distributions", ["rank", "zh", "en"])
    tab = _frame(table, "table", ["survey", "rate", "degree_100"])
    surveys = [c for c in dist.columns if c not in ("rank", "zh", "en")]
    if len(surveys) != len(tab):
        raise CsatInputError(
            "distributions and table describe different numbers of surveys", argument="table",
            value=f"{len(surveys)} count columns, {len(tab)} rows",
            fix="give one count column per row of the table, in the same order",
        )
    return dist, tab, surveys, (tuple(_level_names(dist, lang)), tuple(surveys), tuple(tab["survey"]))


def _rate_degree(distributions: pd.DataFrame, table: pd.DataFrame, *, lang: Lang = "en") -> LiveChart:
    dist, tab, surveys, key = _rate_degree_inputs(distributions, table, lang)
    names = _level_names(dist, lang)
    survey_names = [f"{label('chart_survey', lang)} {s}" for s in tab["survey"]]
    colours = [_BLUE, _AMBER, _GREEN, _GREY]
    rc = _rc()
    with matplotlib.rc_context(rc):
        fig = _new_figure(9.5, 4.4)
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[3, 2])
        width = 0.8 / len(surveys)
        x = np.arange(len(names))
        series = [ax1.bar(x + (k - (len(surveys) - 1) / 2) * width, np.zeros(len(names)), width, label=sname,
                          color=colours[k % len(colours)])
                  for k, sname in enumerate(survey_names)]
        ax1.set_xticks(x, _wrap(names, 10))
        ax1.tick_params(axis="x", labelsize=8)
        ax1.set_ylabel(label("chart_share", lang))
        ax1.set_title(label("chart_distribution_title", lang))
        ax1.legend(frameon=False)
        pairs = []  # per survey: (rate bar, its label), (degree bar, its label)
        for k in range(len(tab)):
            pair = []
            for j, colour in enumerate((_GREY, _BLUE)):
                bar = ax2.bar(k * 3 + j, 0.0, 0.9, color=colour)[0]
                pair.append((bar, ax2.annotate("", (k * 3 + j, 0.0), ha="center", va="bottom", fontsize=8,
                                               xytext=(0, 2), textcoords="offset points")))
            pairs.append(pair)
        ax2.set_xticks([k * 3 + 0.5 for k in range(len(tab))], survey_names)
        ax2.set_ylim(0, 110)
        ax2.legend(handles=[matplotlib.patches.Patch(color=_GREY, label=label("chart_rate", lang)),
                            matplotlib.patches.Patch(color=_BLUE, label=label("chart_degree", lang))],
                   frameon=False, loc="upper center", ncols=1, fontsize=9)
        ax2.set_title(label("chart_rate_degree_title", lang))
        for ax in (ax1, ax2):
            ax.spines[["top", "right"]].set_visible(False)

    def show(new_distributions: pd.DataFrame, new_table: pd.DataFrame) -> bool:
        d, t, cols, new_key = _rate_degree_inputs(new_distributions, new_table, lang)
        if new_key != key:
            return False
        tallest = 0.0
        for col, bars in zip(cols, series):
            counts = d[col].to_numpy(dtype=float)
            share = 100 * counts / counts.sum() if counts.sum() else counts
            tallest = max(tallest, float(share.max()))
            for bar, value in zip(bars, share):
                bar.set_height(value)
        for pair, row in zip(pairs, t.itertuples(index=False)):
            for (bar, note), value in zip(pair, (float(row.rate), float(row.degree_100))):
                bar.set_height(value)
                note.xy = (note.xy[0], value)
                note.set_text(f"{value:.1f}")
        ax1.set_ylim(0, _share_top([tallest]))
        return True

    show(distributions, table)
    dynamic = [bar for bars in series for bar in bars] + [a for pair in pairs for p in pair for a in p]
    return LiveChart(fig, dynamic, show, rc)


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
    return _drawn(_radar(dimensions_frame, columns=columns, lang=lang, rlim=rlim))


def _radar_columns(dimensions_frame: pd.DataFrame, columns: Sequence[str] | None) -> tuple[pd.DataFrame, list[str]]:
    frame = _frame(dimensions_frame, "dimensions_frame", ["dimension"])
    cols = list(columns) if columns is not None else [
        c for c in ("expectation", "perception", "score") if c in frame.columns
    ]
    if not cols:
        raise CsatInputError("no score column to draw", argument="dimensions_frame",
                             value=list(frame.columns),
                             fix="pass a frame with 'perception'/'expectation' or 'score', or name columns=")
    require_columns(frame, cols, "columns")
    return frame, cols


def _radar(dimensions_frame: pd.DataFrame, *, columns: Sequence[str] | None = None, lang: Lang = "en",
           rlim: tuple[float, float] | None = None) -> LiveChart:
    frame, cols = _radar_columns(dimensions_frame, columns)
    dimensions = frame["dimension"].tolist()
    angles = np.linspace(0, 2 * np.pi, len(frame), endpoint=False)
    closed = np.append(angles, angles[0])
    styles = {"expectation": (_GREY, "--"), "perception": (_BLUE, "-"), "score": (_BLUE, "-")}
    rc = _rc()
    with matplotlib.rc_context(rc):
        fig = _new_figure(5.5, 5.0)
        ax = fig.add_subplot(projection="polar")
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        series = []
        for k, col in enumerate(cols):
            colour, style = styles.get(col, ([_AMBER, _GREEN, _RED][k % 3], "-"))
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
    dims = _frame(getattr(servqual_result, "dimensions", None), "servqual_result",
                  ["dimension", "perception", "expectation", "gap"])
    names = [display_name(d, lang) for d in dims["dimension"]]
    x = np.arange(len(names))
    narrow = layout == "narrow"
    size = _text_sizes(layout)
    if narrow:  # five dimension names side by side need two lines on a phone
        names = _wrap(names, 6)
    with matplotlib.rc_context(_rc() | _layout_rc(layout)):
        fig = _new_figure(size["width"] if narrow else 7.5, 5.6 if narrow else 5.2)
        ax1, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
        ax1.bar(x - 0.2, dims["expectation"], 0.4, color=_GREY, label=label("chart_expectation", lang))
        ax1.bar(x + 0.2, dims["perception"], 0.4, color=_BLUE, label=label("chart_perception", lang))
        ax1.set_ylabel(label("chart_score", lang))
        ax1.set_ylim(0, 1.18 * float(np.nanmax(dims[["expectation", "perception"]].to_numpy(dtype=float))))
        if narrow:  # legend in its own row below the figure, not over the bars
            fig.legend(*ax1.get_legend_handles_labels(), frameon=False, ncols=2, loc="outside lower center")
        else:
            ax1.legend(frameon=False, ncols=2, loc="upper right")
        gaps = dims["gap"].to_numpy(dtype=float)
        bars = ax2.bar(x, gaps, 0.5, color=[_RED if g < 0 else _GREEN for g in gaps])
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
        return _finish(fig)


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
    frame = _frame(ipa_frame, "ipa_frame", [item, importance, performance, "quadrant"])
    cross = frame.attrs.get("crosshair") or {
        "importance": float(frame[importance].mean()), "performance": float(frame[performance].mean())
    }
    xs = frame[performance].to_numpy(dtype=float)
    ys = frame[importance].to_numpy(dtype=float)
    narrow = layout == "narrow"
    size = _text_sizes(layout)
    with matplotlib.rc_context(_rc() | _layout_rc(layout)):
        fig = _new_figure(size["width"] if narrow else 7, 4.6 if narrow else 5.5)
        ax = fig.add_subplot()
        ax.scatter(xs, ys, c=[_QUADRANT_COLOURS.get(q, _GREY) for q in frame["quadrant"]], s=45, zorder=3)
        names = [display_name(name, lang) for name in frame[item]]
        for x, y, name in zip(xs, ys, _wrap(names, 8) if narrow else names):
            ax.annotate(name, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=size["small"])
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
                    color=_QUADRANT_COLOURS[key], fontweight="bold")
        ax.set_xlabel(label("chart_performance", lang))
        ax.set_ylabel(label("chart_importance", lang))
        ax.set_title(label("chart_ipa_title", lang))
        ax.spines[["top", "right"]].set_visible(False)
        return _finish(fig)


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
    frame = _frame(chart_frame, "chart_frame", ["period", "center", "ucl", "lcl", "out_of_control"])
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
    with matplotlib.rc_context(_rc() | _layout_rc(layout)):
        fig = _new_figure(_text_sizes(layout)["width"] if narrow else 8, (4.2 if narrow else 3.4) * len(panels) + 0.4)
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
        for ax, (stat, center, ucl, lcl, ylabel, title) in zip(axes, panels):
            values = frame[stat].to_numpy(dtype=float)
            ax.plot(x, values, "-o", color=_BLUE, markersize=4, label=display_name(ylabel, lang))
            ax.plot(x, frame[center].to_numpy(dtype=float), "-", color="black", linewidth=1,
                    label=label("chart_center", lang))
            ax.step(x, frame[ucl].to_numpy(dtype=float), where="mid", color=_RED, linestyle="--",
                    linewidth=1, label=label("chart_limits", lang))
            ax.step(x, frame[lcl].to_numpy(dtype=float), where="mid", color=_RED, linestyle="--", linewidth=1)
            out = ((values > frame[ucl].to_numpy(dtype=float)) | (values < frame[lcl].to_numpy(dtype=float)))
            if out.any():
                ax.scatter(x[out], values[out], s=120, facecolors="none", edgecolors=_RED, linewidths=1.5,
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
        return _finish(fig)


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
    frame = _frame(pareto_frame, "pareto_frame", ["cause", "count", "cumulative_share"])
    names = [display_name(c, lang) for c in frame["cause"]]
    x = np.arange(len(names))
    narrow = layout == "narrow"
    # a phone has no room for names side by side: slant them (wrapped slanted names run into each other)
    long_names = narrow or max(len(n) for n in names) > 8
    with matplotlib.rc_context(_rc() | _layout_rc(layout)):
        width = _text_sizes(layout)["width"] if narrow else max(6.5, 0.9 * len(names) + 2)
        fig = _new_figure(width, 4.4)
        ax = fig.add_subplot()
        ax.bar(x, frame["count"], color=_BLUE, width=0.7)
        ax.set_ylabel(label("chart_count", lang))
        ax2 = ax.twinx()
        ax2.plot(x, frame["cumulative_share"].to_numpy(dtype=float), "-o", color=_AMBER, markersize=4)
        ax2.axhline(80, color=_GREY, linestyle=":", linewidth=1)
        ax2.set_ylim(0, 105)
        ax2.set_ylabel(label("chart_cumulative_share", lang))
        ax.set_xticks(x, names, rotation=30 if long_names else 0, ha="right" if long_names else "center")
        ax.set_title(label(title_key, lang))
        ax.spines[["top"]].set_visible(False)
        ax2.spines[["top"]].set_visible(False)
        return _finish(fig)


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
    data = _frame(frame, "frame", [brand])
    cols = list(variables) if variables is not None else [
        c for c in data.columns if c != brand and pd.api.types.is_numeric_dtype(data[c])
    ]
    require_columns(data, cols, "variables")
    chinese = is_chinese(lang) and f"{brand}_zh" in data.columns
    names = [pick(str(name), str(name_zh), lang) for name, name_zh in
             zip(data[brand], data[f"{brand}_zh"] if chinese else data[brand])]
    x = np.arange(len(cols))
    with matplotlib.rc_context(_rc()):
        fig = _new_figure(8.5, 4.6)
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
        return _finish(fig)
