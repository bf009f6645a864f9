"""The five service-quality gaps: a diagram whose arrows show each gap's size and sign.

For each RATER dimension the trainee enters six levels on the 1-7 scale:
expected service and perceived service (customer side); management's
perception of the expectations, the service standards, the service delivered
and what was promised (provider side).  The gaps come from
:func:`csat_examples.servqual.service_gaps` (gap = later level - earlier level,
negative = shortfall); the countermeasures for each gap from the terms table.
Presets: a well-run estate office, one that over-promises, one that misreads
its owners.

Examples
--------
>>> calc = GapModelCalculator(preset="calc_gap_preset_over_promising")
>>> gaps = calc.result.mean
>>> float(gaps.loc[4]) < -1   # gap 4: delivery falls well short of the promises
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import html
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.charts.gap_model import GapDiagram
from csat_examples.servqual import RATER, service_gaps

from .calculator import Calculator
from .markup import control_style, frame_html, png_html, row

__all__ = ["GapModelCalculator", "GapModelResult", "LEVELS", "PRESETS"]

#: The six levels of the model, in the argument order of ``service_gaps``.
LEVELS: tuple[str, ...] = ("expectation", "management_perception", "standards", "delivery",
                           "promises", "perception")
# level names, gap names and countermeasures are the library's terms (service.yml)
_LEVEL_KEY = {level: f"gap_level_{level}" for level in LEVELS}


def _same(values: tuple[float, ...]) -> dict[str, tuple[float, ...]]:
    return {dim: values for dim in RATER}


#: Levels per dimension (order of LEVELS) for the three presets, on 1..7.
#: Illustrative inputs for teaching, not survey results.
PRESETS: dict[str, dict[str, tuple[float, ...]]] = {
    # small gaps everywhere: managers know owners, standards are met, promises kept
    "calc_gap_preset_well_run": {
        "reliability": (6.2, 6.1, 6.0, 5.9, 6.0, 6.0),
        "assurance": (5.8, 5.8, 5.7, 5.7, 5.7, 5.8),
        "tangibles": (5.2, 5.3, 5.3, 5.3, 5.2, 5.4),
        "empathy": (5.6, 5.5, 5.5, 5.4, 5.4, 5.5),
        "responsiveness": (6.0, 5.9, 5.9, 5.8, 5.8, 5.9),
    },
    # the brochure promises more than the office delivers (gap 4), owners feel it (gap 5)
    "calc_gap_preset_over_promising": {
        "reliability": (6.4, 6.2, 6.0, 5.0, 6.8, 4.7),
        "assurance": (6.0, 5.9, 5.8, 5.2, 6.5, 5.0),
        "tangibles": (5.5, 5.5, 5.5, 5.3, 6.6, 5.0),
        "empathy": (5.8, 5.6, 5.5, 4.9, 6.4, 4.8),
        "responsiveness": (6.3, 6.1, 6.0, 4.8, 6.9, 4.5),
    },
    # managers think owners care about the lobby, not about repairs (gap 1, the RATER finding)
    "calc_gap_preset_misreads": {
        "reliability": (6.5, 4.6, 4.5, 4.4, 4.5, 4.4),
        "assurance": (5.8, 5.2, 5.1, 5.0, 5.1, 5.0),
        "tangibles": (4.8, 6.3, 6.2, 6.1, 6.2, 5.6),
        "empathy": (5.6, 4.9, 4.8, 4.8, 4.8, 4.7),
        "responsiveness": (6.4, 4.5, 4.4, 4.3, 4.4, 4.2),
    },
}


@dataclass(frozen=True)
class GapModelResult:
    """``gaps``: the library's per-dimension frame (columns ``gap, key, name, from_level,
    to_level, value, dimension``); ``by_dimension``: gap (rows 1..5) x dimension;
    ``mean``: gap 1..5 averaged over the dimensions; ``shown``: the dimension drawn
    ("all" = the mean)."""

    gaps: pd.DataFrame
    by_dimension: pd.DataFrame
    mean: pd.Series
    shown: str


class GapModelCalculator(Calculator):
    """Six levels per RATER dimension -> the five gaps, drawn, with countermeasures."""

    name = "gap_model"
    title_key = "calc_gap_title"

    def __init__(self, lang: str = "en", preset: str = "calc_gap_preset_over_promising") -> None:
        self._init_preset = preset
        super().__init__(lang)

    def build(self) -> list[W.Widget]:
        style = control_style()
        self.diagram = GapDiagram({level: self.t(key) for level, key in _LEVEL_KEY.items()},
                                  self.t("calc_gap_number"),
                                  (self.t("calc_gap_customer_side"), self.t("calc_gap_provider_side")),
                                  colon=self.t("colon"))
        self.preset = W.Dropdown(options=[(self.t(k), k) for k in PRESETS], value=self._init_preset,
                                 description=self.t("calc_preset"), style=style)
        self.show_dim = W.Dropdown(
            options=[(self.t("calc_all_dimensions"), "all")] + [(self.t(d), d) for d in RATER],
            value="all", description=self.t("calc_gap_show"), style=style)
        self.sliders: dict[str, dict[str, W.FloatSlider]] = {}
        pages = []
        for dim in RATER:
            self.sliders[dim] = {
                level: W.FloatSlider(value=4.0, min=1.0, max=7.0, step=0.1, description=self.t(_LEVEL_KEY[level]),
                                     style=style, continuous_update=False,
                                     layout=W.Layout(width="98%"))
                for level in LEVELS
            }
            pages.append(W.VBox(list(self.sliders[dim].values()), layout=W.Layout(width="100%")))
        self.levels = W.Accordion(children=pages, layout=W.Layout(width="100%"))
        for i, dim in enumerate(RATER):
            self.levels.set_title(i, self.t(dim))
        self._apply_preset()
        self.preset.observe(self._on_preset, names="value")
        self.watch(self.show_dim, *(s for d in self.sliders.values() for s in d.values()))
        return [row([self.preset, self.show_dim]), self.levels]

    def _apply_preset(self) -> None:
        for dim, values in PRESETS[self.preset.value].items():
            for level, value in zip(LEVELS, values):
                self.sliders[dim][level].value = value

    def _on_preset(self, change: Any = None) -> None:
        with self.batch():
            self._apply_preset()

    def state(self) -> dict[str, Any]:
        return {"levels": {dim: {lv: float(s.value) for lv, s in d.items()} for dim, d in self.sliders.items()},
                "show": self.show_dim.value}

    @staticmethod
    def compute(state: Mapping[str, Any]) -> GapModelResult:
        """Gaps per dimension and their mean from the six levels per dimension."""
        frame = pd.DataFrame(state["levels"]).T  # rows = dimensions, columns = levels
        gaps = service_gaps(**{level: frame[level] for level in LEVELS})
        by_dim = gaps.pivot(index="gap", columns="dimension", values="value")
        by_dim = by_dim[[d for d in RATER if d in by_dim.columns]]
        mean = by_dim.mean(axis=1)
        return GapModelResult(gaps, by_dim, mean, state["show"])

    def render(self, result: GapModelResult) -> str:
        t = self.t
        shown = result.mean if result.shown == "all" else result.by_dimension[result.shown]
        table = pd.DataFrame({t("calc_gap_number"): [f"{t('calc_gap_number')} {g}" for g in result.by_dimension.index]})
        for dim in result.by_dimension.columns:
            table[t(dim)] = result.by_dimension[dim].to_numpy()
        table[t("calc_all_dimensions")] = result.mean.to_numpy()
        measures = ["<div class='csat-countermeasures'>", f"<p><b>{html.escape(t('calc_gap_countermeasures'))}</b></p><ul>"]
        for g in result.by_dimension.index:
            value = float(shown.loc[g])
            state = t("calc_gap_shortfall") if value < 0 else t("calc_gap_no_shortfall")
            measures.append(f"<li><b>{html.escape(t(f'gap{g}_name'))}</b> ({value:+.2f}, {html.escape(state)}): "
                            f"{html.escape(t(f'gap{g}_countermeasures'))}</li>")
        measures.append("</ul></div>")
        return frame_html(table) + "".join(measures)

    def draw(self, result: GapModelResult) -> Figure:
        shown = result.mean if result.shown == "all" else result.by_dimension[result.shown]
        title = self.t("calc_all_dimensions") if result.shown == "all" else self.t(result.shown)
        return self.diagram.update(shown, title)

    def figure_markup(self, fig: Figure) -> str:
        return png_html(self.diagram.png(), self.title())
