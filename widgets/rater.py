"""RATER: perception and expectation per dimension, two importance weight sets side by side.

The sources report that customers rank reliability and responsiveness first
while managers rank tangibles first.  The calculator scores the same P and E
with the owners' and the managers' importance points and shows what each set
does to the verdict: SERVQUAL gaps and indices from
:func:`csat_examples.servqual.servqual`, the weighted perception index from
:func:`csat_examples.servqual.rater`, the radar chart from
:func:`csat_examples.charts.radar_chart`.

Defaults: P, E and the owners' importance points are the means of the course
survey (``p_*``, ``e_*``, ``imp_*`` columns); the managers' points are the
``rater_manager_points`` data set, an illustrative set that puts tangibles
first, as the sources describe.

Examples
--------
>>> calc = RaterCalculator()
>>> sorted(calc.result.by_set)
['customers', 'managers']
>>> calc.result.by_set["customers"].weighted != calc.result.by_set["managers"].weighted
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from csat_examples import datasets
from csat_examples.errors import CsatInputError
from csat_examples.validation import require_columns
from csat_examples.servqual import RATER, rater, servqual
from csat_examples.survey.columns import RATER_SHORT
from csat_examples.survey.parts import survey_parts

from .calculator import Calculator
from .defaults import bundled_survey, default_course, default_survey
from .drawing import ChartView
from .markup import control_style, frame_html, row

__all__ = ["RaterCalculator", "RaterResult", "MANAGER_POINTS", "default_inputs", "RATER_SHORT"]


def _manager_points() -> dict[str, float]:
    table = datasets.load("rater_manager_points")
    return {str(d): float(p) for d, p in zip(table["dimension"], table["points"])}


#: Managers' importance points (sum 100), tangibles first as the sources report: the
#: ``rater_manager_points`` data set (illustrative, not measured; see its provenance note).
MANAGER_POINTS: dict[str, float] = _manager_points()


def default_inputs(data: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """Mean P, E and owners' importance points per dimension from a survey.

    Without ``data``: the course survey, or, when it did not ask what RATER
    needs (all five dimensions with expectations and importance points), the
    bundled example survey; the chapter beside the calculator says so.

    Examples
    --------
    >>> sorted(default_inputs())
    ['E', 'P', 'customers']
    """
    if data is None:
        has_rater = "rater" in survey_parts(default_course().config)
        survey = default_survey() if has_rater else bundled_survey()
    else:
        survey = data
    out: dict[str, dict[str, float]] = {"P": {}, "E": {}, "customers": {}}
    for dim, short in RATER_SHORT.items():
        p_cols = [c for c in survey.columns if str(c).startswith(f"p_{short}")]
        e_cols = [c for c in survey.columns if str(c).startswith(f"e_{short}")]
        if not p_cols or not e_cols:
            raise CsatInputError(f"no perception or expectation columns for {dim}", argument="data",
                                 column=f"p_{short}*/e_{short}*",
                                 fix=f"name the columns p_{short}1, e_{short}1, ... as in the course survey")
        require_columns(survey, [f"imp_{short}"], argument="data")
        out["P"][dim] = round(float(survey[p_cols].stack().mean()), 2)
        out["E"][dim] = round(float(survey[e_cols].stack().mean()), 2)
        out["customers"][dim] = round(float(survey[f"imp_{short}"].mean()), 1)
    # rounding can leave the points at 99.9 or 100.1: put the remainder on the largest
    top = max(out["customers"], key=out["customers"].__getitem__)
    out["customers"][top] = round(out["customers"][top] + 100.0 - sum(out["customers"].values()), 1)
    return out


@dataclass(frozen=True)
class RaterResult:
    """``by_set``: weight set ("customers", "managers") -> ServqualResult;
    ``index``: weight set -> RaterResult of the library (weighted P)."""

    by_set: dict[str, Any]
    index: dict[str, Any]


class RaterCalculator(Calculator):
    """P, E and two importance sets -> radar, gaps table, weighted indices."""

    name = "rater"
    title_key = "calc_rater_title"

    def __init__(self, lang: str = "en", inputs: Mapping[str, Mapping[str, float]] | None = None,
                 top: int = 7) -> None:
        """``top``: the highest answer of the scale P and E are on (7 or 5), the sliders' and the radar's top.

        A chapter showing a five-level survey's numbers passes 5: on a 1-7
        radar they would sit in its inner part and look worse than they are.
        The default stays 7, so that numbers loaded later from a seven-level
        file always fit.

        Examples
        --------
        >>> calc = RaterCalculator(top=5)
        >>> calc.p["reliability"].max, calc.chart.options["rlim"]
        (5.0, (1.0, 5.0))
        """
        self._inputs = dict(inputs) if inputs is not None else None
        self._top = float(top)
        super().__init__(lang)

    def build(self) -> list[W.Widget]:
        # the radius spans the sliders' whole scale, so shapes compare from one setting to the next
        self.chart = ChartView("radar", lang=self.lang, rlim=(1.0, self._top))
        style = control_style()
        inputs = self._inputs or {**default_inputs(), "managers": MANAGER_POINTS}
        inputs.setdefault("managers", MANAGER_POINTS)

        def slider(value: float, key: str, dim: str) -> W.FloatSlider:
            return W.FloatSlider(value=value, min=1.0, max=self._top, step=0.05, style=style,
                                 description=f"{self.t(dim)} {self.t(key).split(' ')[-1]}",
                                 continuous_update=False, layout=W.Layout(width="98%"))

        self.p = {d: slider(inputs["P"][d], "calc_rater_perception", d) for d in RATER}
        self.e = {d: slider(inputs["E"][d], "calc_rater_expectation", d) for d in RATER}

        def points(value: float, dim: str) -> W.BoundedFloatText:
            return W.BoundedFloatText(value=value, min=0.0, max=100.0, step=1.0, style=style,
                                      description=self.t(dim), layout=W.Layout(width="98%"))

        self.w = {s: {d: points(inputs[s][d], d) for d in RATER} for s in ("customers", "managers")}
        # a slider needs about 300 px: one dimension per line on a phone, two or three on a desktop
        pe = [W.VBox([self.p[d], self.e[d]], layout=W.Layout(width="100%", min_width="300px")) for d in RATER]
        weights = [
            W.VBox([W.HTML(f"<b>{self.t('calc_rater_customer_weights')}</b>"), *self.w["customers"].values()]),
            W.VBox([W.HTML(f"<b>{self.t('calc_rater_manager_weights')}</b>"), *self.w["managers"].values()]),
        ]
        self.watch(*self.p.values(), *self.e.values(), *self.w["customers"].values(),
                   *self.w["managers"].values())
        note = W.HTML(f"<p class='csat-note'>{self.t('calc_rater_finding')}</p>")
        return [note, row(pe, basis="30%"), row(weights)]

    def load(self, inputs: Mapping[str, Mapping[str, float]]) -> None:
        """Set the controls from ``inputs`` (``P``, ``E``, ``customers``, optionally ``managers``: dimension -> value).

        Examples
        --------
        >>> calc = RaterCalculator()
        >>> calc.load({"P": {"reliability": 3.0}, "E": {"reliability": 6.0}})
        >>> calc.p["reliability"].value, calc.e["reliability"].value
        (3.0, 6.0)
        """
        controls = {"P": self.p, "E": self.e, **self.w}
        with self.batch():
            for key, values in inputs.items():
                for dim, value in values.items():
                    controls[key][dim].value = value

    def state(self) -> dict[str, Any]:
        return {"P": {d: float(s.value) for d, s in self.p.items()},
                "E": {d: float(s.value) for d, s in self.e.items()},
                "weights": {s: {d: float(b.value) for d, b in ws.items()} for s, ws in self.w.items()}}

    @staticmethod
    def compute(state: Mapping[str, Any]) -> RaterResult:
        """SERVQUAL and RATER indices of the same P/E under each weight set."""
        perceptions = pd.Series(state["P"], dtype=float)
        expectations = pd.Series(state["E"], dtype=float)
        dims = {d: d for d in perceptions.index}
        by_set, index = {}, {}
        for name, points in state["weights"].items():
            by_set[name] = servqual(perceptions, expectations, dims, importance=dict(points))
            weights = by_set[name].dimensions.set_index("dimension")["weight"]
            index[name] = rater(perceptions, None, weights)
        return RaterResult(by_set, index)

    def render(self, result: RaterResult) -> str:
        t = self.t
        cust, mgr = result.by_set["customers"], result.by_set["managers"]
        dims = cust.dimensions
        table = pd.DataFrame({
            t("calc_dimension"): [t(d) for d in dims["dimension"]],
            t("calc_rater_perception"): dims["perception"].to_numpy(),
            t("calc_rater_expectation"): dims["expectation"].to_numpy(),
            t("calc_rater_gap"): dims["gap"].to_numpy(),
            t("calc_rater_customers"): dims["weight"].to_numpy(),
            t("calc_rater_managers"): mgr.dimensions["weight"].to_numpy(),
        })

        def first(res: Any) -> str:
            d = res.dimensions.sort_values("weight", ascending=False).iloc[0]["dimension"]
            return t(d)

        summary = pd.DataFrame({
            "": [t("calc_rater_unweighted"), t("calc_rater_weighted_gap"), t("calc_rater_index"),
                 t("calc_rater_first_priority")],
            t("calc_rater_customers"): [f"{cust.unweighted:+.3f}", f"{cust.weighted:+.3f}",
                                        f"{float(result.index['customers']):.3f}", first(cust)],
            t("calc_rater_managers"): [f"{mgr.unweighted:+.3f}", f"{mgr.weighted:+.3f}",
                                       f"{float(result.index['managers']):.3f}", first(mgr)],
        })
        return frame_html(summary, digits=3) + frame_html(table, digits=2)

    def draw(self, result: RaterResult) -> Figure:
        return self.chart.figure(result.by_set["customers"].dimensions)
