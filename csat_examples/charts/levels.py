"""Answers per level: one survey's distribution, and two surveys' rate and degree side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..errors import CsatInputError
from ..lang import Lang, pick_names
from ..terms import label
from .live import LiveChart, drawn
from .style import AMBER, BLUE, GREEN, GREY, Layout, chart_rc, checked_frame, layout_rc, new_figure, share_top, text_sizes, wrap

__all__ = ["distribution_chart", "rate_degree_chart", "live_distribution", "live_rate_degree"]


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
    return drawn(live_distribution(distribution, satisfied=satisfied, lang=lang, layout=layout))


def _level_names(frame: pd.DataFrame, lang: Lang) -> list[str]:
    return pick_names(frame, lang)


def live_distribution(distribution: pd.DataFrame, *, satisfied: Sequence[int] | None = None,
                  lang: Lang = "en", layout: Layout = "wide") -> LiveChart:
    dist = checked_frame(distribution, "distribution", ["rank", "zh", "en", "count", "share"])
    ranks = dist["rank"].tolist()
    top = set(satisfied) if satisfied is not None else set(sorted(ranks)[-2:])
    names = _level_names(dist, lang)
    rc = chart_rc() | layout_rc(layout)
    with matplotlib.rc_context(rc):
        size = text_sizes(layout)
        fig = new_figure(size["width"], 3.8)
        ax = fig.add_subplot()
        bars = ax.bar(range(len(ranks)), np.zeros(len(ranks)), color=[BLUE if r in top else GREY for r in ranks])
        counts = [ax.annotate("", (bar.get_x() + bar.get_width() / 2, 0.0), ha="center", va="bottom",
                              fontsize=size["small"], xytext=(0, 2), textcoords="offset points") for bar in bars]
        ax.set_xticks(range(len(ranks)), wrap(names, 12 if layout == "wide" else 6))
        ax.set_xlabel(label("chart_level", lang))
        ax.set_ylabel(label("chart_share", lang))
        ax.set_title(label("chart_distribution_title", lang))
        ax.spines[["top", "right"]].set_visible(False)

    def show(new: pd.DataFrame) -> bool:
        d = checked_frame(new, "distribution", ["rank", "zh", "en", "count", "share"])
        if d["rank"].tolist() != ranks or _level_names(d, lang) != names:
            return False
        heights = 100 * d["share"].to_numpy(dtype=float)
        for bar, note, height, count in zip(bars, counts, heights, d["count"]):
            bar.set_height(height)
            note.xy = (note.xy[0], height)
            note.set_text(f"{int(count)}")
        ax.set_ylim(0, share_top(heights))
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
    return drawn(live_rate_degree(distributions, table, lang=lang))


def _rate_degree_inputs(distributions: pd.DataFrame, table: pd.DataFrame,
                        lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame, list[Any], tuple]:
    """Checked inputs, the count columns, and a key of what the picture shows (names)."""
    dist = checked_frame(distributions, "distributions", ["rank", "zh", "en"])
    tab = checked_frame(table, "table", ["survey", "rate", "degree_100"])
    surveys = [c for c in dist.columns if c not in ("rank", "zh", "en")]
    if len(surveys) != len(tab):
        raise CsatInputError(
            "distributions and table describe different numbers of surveys", argument="table",
            value=f"{len(surveys)} count columns, {len(tab)} rows",
            fix="give one count column per row of the table, in the same order",
        )
    return dist, tab, surveys, (tuple(_level_names(dist, lang)), tuple(surveys), tuple(tab["survey"]))


def live_rate_degree(distributions: pd.DataFrame, table: pd.DataFrame, *, lang: Lang = "en") -> LiveChart:
    dist, tab, surveys, key = _rate_degree_inputs(distributions, table, lang)
    names = _level_names(dist, lang)
    survey_names = [f"{label('chart_survey', lang)} {s}" for s in tab["survey"]]
    colours = [BLUE, AMBER, GREEN, GREY]
    rc = chart_rc()
    with matplotlib.rc_context(rc):
        fig = new_figure(9.5, 4.4)
        ax1, ax2 = fig.subplots(1, 2, width_ratios=[3, 2])
        width = 0.8 / len(surveys)
        x = np.arange(len(names))
        series = [ax1.bar(x + (k - (len(surveys) - 1) / 2) * width, np.zeros(len(names)), width, label=sname,
                          color=colours[k % len(colours)])
                  for k, sname in enumerate(survey_names)]
        ax1.set_xticks(x, wrap(names, 10))
        ax1.tick_params(axis="x", labelsize=8)
        ax1.set_ylabel(label("chart_share", lang))
        ax1.set_title(label("chart_distribution_title", lang))
        ax1.legend(frameon=False)
        pairs = []  # per survey: (rate bar, its label), (degree bar, its label)
        for k in range(len(tab)):
            pair = []
            for j, colour in enumerate((GREY, BLUE)):
                bar = ax2.bar(k * 3 + j, 0.0, 0.9, color=colour)[0]
                pair.append((bar, ax2.annotate("", (k * 3 + j, 0.0), ha="center", va="bottom", fontsize=8,
                                               xytext=(0, 2), textcoords="offset points")))
            pairs.append(pair)
        ax2.set_xticks([k * 3 + 0.5 for k in range(len(tab))], survey_names)
        ax2.set_ylim(0, 110)
        # under the figure: inside the narrow right panel the legend covered its bars and axis
        fig.legend(handles=[matplotlib.patches.Patch(color=GREY, label=label("chart_rate", lang)),
                            matplotlib.patches.Patch(color=BLUE, label=label("chart_degree", lang))],
                   frameon=False, loc="outside lower right", ncols=2, fontsize=9)
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
        ax1.set_ylim(0, share_top([tallest]))
        return True

    show(distributions, table)
    dynamic = [bar for bars in series for bar in bars] + [a for pair in pairs for p in pair for a in p]
    return LiveChart(fig, dynamic, show, rc)
