"""The five service-quality gaps as a diagram whose arrows show each gap's size and sign.

Customer side on top (expected and perceived service), provider side below
(management's perception of the expectations, the service standards, the
service delivered, what was promised); an arrow for each of the five gaps
between them, its width growing with the gap, red for a shortfall.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .live import Blit
from .style import DPI, font_rc

__all__ = ["GapDiagram", "gap_diagram"]

# Box centres in the diagram (axes units): customer side on top, provider side below.
_POS = {
    "expectation": (0.45, 0.88),
    "perception": (0.45, 0.66),
    "delivery": (0.45, 0.40),
    "promises": (0.90, 0.40),
    "standards": (0.45, 0.22),
    "management_perception": (0.45, 0.04),
}
_HALF_W, _HALF_H = 0.18, 0.045
_PROMISE_HALF_W = 0.15


class GapDiagram:
    """The five-gap model as a reusable figure: boxes drawn once, gap arrows redrawn.

    Arrow width grows with |gap|; red = shortfall, green = none.  Each gap
    arrow carries the gid ``gap<n>`` so tests can find it.  The boxes and their
    long labels are rendered once and kept as a background; an update redraws
    only the five arrows, their values and the title (text rendering is what
    makes a matplotlib redraw slow).

    Parameters
    ----------
    labels : mapping level -> text
        The boxes' names, for the six levels ``expectation``,
        ``management_perception``, ``standards``, ``delivery``, ``promises``
        and ``perception`` (the arguments of
        :func:`csat_examples.servqual.service_gaps`).
    gap_label : str
        The word before each gap's number ("Gap", "差距").
    side_labels : (str, str)
        The names of the customer's side and the provider's side.
    colon : str
        What joins a gap's name to its value, as the language writes it (": ", "：").
    """

    def __init__(self, labels: Mapping[str, str], gap_label: str, side_labels: tuple[str, str], *,
                 colon: str = ": ") -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.gap_label, self.colon = gap_label, colon
        with matplotlib.rc_context(font_rc()):
            fig = Figure(figsize=(6.0, 5.2), dpi=DPI)
            self.canvas = FigureCanvasAgg(fig)
            ax = fig.add_axes((0.0, 0.0, 1.0, 0.93))
            ax.set_xlim(0.0, 1.08)
            ax.set_ylim(-0.03, 0.95)
            ax.axis("off")
            self.title = fig.suptitle("", fontsize=11, animated=True)
            ax.axhline(0.53, color="#888888", linestyle="--", linewidth=1)
            ax.text(1.06, 0.55, side_labels[0], ha="right", va="bottom", fontsize=9, color="#555555")
            ax.text(1.06, 0.51, side_labels[1], ha="right", va="top", fontsize=9, color="#555555")
            for level, (x, y) in _POS.items():
                half_w = _PROMISE_HALF_W if level == "promises" else _HALF_W
                ax.add_patch(FancyBboxPatch((x - half_w, y - _HALF_H), 2 * half_w, 2 * _HALF_H,
                                            boxstyle="round,pad=0.008", facecolor="#eef3fb",
                                            edgecolor="#34568b"))
                # long English labels go on two lines (Chinese ones are short)
                ax.text(x, y, textwrap.fill(labels[level], 24),
                        ha="center", va="center", fontsize=8, linespacing=1.1)
            # how the levels feed each other (not gaps): thin grey links
            for start, end in (((0.45, 0.40 + _HALF_H), (0.45, 0.66 - _HALF_H)),
                               ((0.90, 0.40 + _HALF_H), (0.45 + _HALF_W, 0.88 - 0.02))):
                ax.add_patch(FancyArrowPatch(start, end, arrowstyle="->", mutation_scale=10,
                                             linewidth=0.8, color="#9e9e9e", linestyle="--"))
            ends = {
                1: ((0.17, 0.88), (0.17, 0.04), (0.155, 0.46), "right"),
                2: ((0.32, 0.22 - _HALF_H), (0.32, 0.04 + _HALF_H), (0.34, 0.13), "left"),
                3: ((0.32, 0.40 - _HALF_H), (0.32, 0.22 + _HALF_H), (0.34, 0.31), "left"),
                4: ((0.45 + _HALF_W, 0.40), (0.90 - _PROMISE_HALF_W, 0.40), (0.69, 0.47), "center"),
                5: ((0.32, 0.88 - _HALF_H), (0.32, 0.66 + _HALF_H), (0.34, 0.77), "left"),
            }
            self.arrows: dict[int, FancyArrowPatch] = {}
            self.values: dict[int, Any] = {}
            for number, (start, end, (tx, ty), ha) in ends.items():
                arrow = FancyArrowPatch(start, end, arrowstyle="<|-|>", mutation_scale=10,
                                        shrinkA=0, shrinkB=0, animated=True)
                arrow.set_gid(f"gap{number}")
                ax.add_patch(arrow)
                self.arrows[number] = arrow
                self.values[number] = ax.text(tx, ty, "", ha=ha, va="center", fontsize=8,
                                              fontweight="bold", animated=True,
                                              bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        self.fig = fig
        self._blit = Blit()

    def update(self, values: pd.Series, title: str) -> Figure:
        """Set arrows and labels for ``values`` (gap number 1..5 -> value)."""
        for number, arrow in self.arrows.items():
            value = float(values.loc[number])
            colour = "#c62828" if value < 0 else "#2e7d32"
            arrow.set_linewidth(1.0 + 4.0 * min(abs(value), 3.0))
            arrow.set_color(colour)
            self.values[number].set_text(f"{self.gap_label} {number}{self.colon}{value:+.2f}")
            self.values[number].set_color(colour)
        self.title.set_text(title)
        return self.fig

    def png(self) -> bytes:
        """PNG of the current state: cached background + the animated artists."""
        return self._blit.png(self.fig, (*self.arrows.values(), *self.values.values(), self.title), font_rc())


def gap_diagram(values: pd.Series, labels: Mapping[str, str], gap_label: str,
                side_labels: tuple[str, str], title: str, *, colon: str = ": ") -> Figure:
    """The five-gap diagram for ``values`` (gap number 1..5 -> gap) as a Figure (see :class:`GapDiagram`).

    Examples
    --------
    >>> names = {level: level for level in _POS}
    >>> fig = gap_diagram(pd.Series({1: -0.4, 2: 0.1, 3: 0.0, 4: -1.5, 5: -0.9}), names, "Gap",
    ...                   ("customer", "provider"), "All dimensions")
    >>> arrow = fig.findobj(lambda a: a.get_gid() == "gap4")[0]
    >>> arrow.get_linewidth(), arrow.get_edgecolor()[:3] == matplotlib.colors.to_rgb("#c62828")
    (7.0, True)
    """
    return GapDiagram(labels, gap_label, side_labels, colon=colon).update(values, title)
