"""NPS: the Net Promoter Score of the answers 0..10 a class enters.

Controls: how many respondents gave each answer 0..10.  The score comes from
:func:`csat_examples.nps.nps`; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.nps import NpsResult, nps

from .calculator import Calculator
from .markup import control_style, frame_html, row

__all__ = ["NpsCalculator"]


class NpsCalculator(Calculator):
    """Counts per answer 0..10 -> NPS with promoters, passives and detractors."""

    name = "nps"
    title_key = "calc_nps_title"

    def build(self) -> list[W.Widget]:
        self.counts = [
            W.BoundedIntText(value=5, min=0, max=100_000, style=control_style(),
                             description=f"{self.t('calc_nps_answer')} {score}")
            for score in range(11)
        ]
        self.watch(*self.counts)              # any change -> refresh() -> compute() -> render()
        return [row(self.counts, basis="30%")]

    def state(self) -> dict[str, Any]:
        return {"counts": tuple(int(box.value) for box in self.counts)}

    @staticmethod
    def compute(state: Mapping[str, Any]) -> NpsResult:
        answers = pd.Series([score for score, n in enumerate(state["counts"]) for _ in range(n)])
        return nps(answers)                   # an empty survey raises CsatInputError: shown, not thrown

    def render(self, result: NpsResult) -> str:
        return frame_html(pd.DataFrame({
            self.t("calc_nps_score"): [result.nps],
            self.t("calc_nps_promoters"): [result.promoters],
            self.t("calc_nps_detractors"): [result.detractors],
        }), digits=1)

    def draw(self, result: NpsResult) -> Figure | None:
        return None                           # or a figure from csat_examples.charts
