"""Rate vs degree: two surveys with the same satisfaction rate can differ in degree.

Controls: the scale (7 or 5 levels), the scoring, and the number of
respondents per level for two surveys.  The rate comes from
:func:`csat_examples.rate.satisfaction_rate` (top-2-box by default), the degree
from :func:`csat_examples.degree.distribution_degree` and its level from
:func:`csat_examples.scales.level_of`; the chart from
:func:`csat_examples.charts.rate_degree_chart`.

Examples
--------
>>> calc = RateDegreeCalculator()
>>> r = calc.result
>>> bool(r.table.loc[0, "rate"] == r.table.loc[1, "rate"])
True
>>> bool(r.table.loc[0, "degree"] > r.table.loc[1, "degree"])
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.lang import pick_names
from csat_examples.degree import distribution_degree
from csat_examples.rate import level_distribution, satisfaction_rate
from csat_examples.scales import get_scale, level_of

from .calculator import Calculator
from .defaults import default_course
from .drawing import ChartView
from .markup import control_style, frame_html, row, scale_options, scoring_options

__all__ = ["RateDegreeCalculator", "RateDegreeResult", "default_counts", "course_scale", "seven_to_five",
           "five_to_seven", "PRESETS"]

_MAX_K = 7
_SURVEYS = ("a", "b")


@dataclass(frozen=True)
class RateDegreeResult:
    """Rate and degree of the two surveys.

    ``table``: one row per survey with columns ``survey, respondents, satisfied,
    rate, degree, degree_100, level_en, level_zh``; ``distributions``: counts per
    level (rows = levels, lowest first; columns ``rank, zh, en, a, b``).
    """

    scale: str
    scoring: str
    table: pd.DataFrame
    distributions: pd.DataFrame
    rates: tuple[Any, Any]


def _counts_of(responses: pd.Series, scale: str) -> list[int]:
    dist = level_distribution(responses.dropna(), scale=scale)
    return [int(c) for c in dist["count"]]


def seven_to_five(counts: Sequence[int]) -> list[int]:
    """Collapse 7-level counts onto the 5 levels: 不太满意, 一般 and 较满意 -> 一般.

    The 5-level questionnaire has no 不太满意 or 较满意; putting those answers
    in the middle keeps the top-2 box, so the rate is unchanged (illustration
    only: a real 5-level survey asks a different question).

    Examples
    --------
    >>> seven_to_five([1, 2, 3, 4, 5, 6, 7])
    [1, 2, 12, 6, 7]
    """
    c = list(counts)
    return [c[0], c[1], c[2] + c[3] + c[4], c[5], c[6]]


def five_to_seven(counts: Sequence[int]) -> list[int]:
    """Put 5-level counts on the 7 levels by meaning: 非常满意 -> 很满意, 一般 -> 一般 ...

    The 7-level scale's 不太满意 and 较满意 stay empty; the top-2 box is kept,
    so the rate is unchanged (illustration only, as :func:`seven_to_five`).

    Examples
    --------
    >>> five_to_seven([1, 2, 3, 4, 5])
    [1, 2, 0, 3, 0, 4, 5]
    """
    c = list(counts)
    return [c[0], c[1], 0, c[2], 0, c[3], c[4]]


def course_scale() -> str:
    """The scale of the course survey (``"7-level"`` or ``"5-level"``): the calculator starts on it.

    Examples
    --------
    >>> course_scale() in ("5-level", "7-level")
    True
    """
    return default_course().config.scale


def default_counts(scale: str | None = None) -> tuple[list[int], list[int]]:
    """Survey A = the course survey's ``overall`` answers; survey B = the same
    number of satisfied owners (top two levels), everyone else at the lowest level.

    The answers are counted on the course survey's own scale (5 or 7 levels)
    and put on ``scale`` (default: that same scale) by meaning.  A survey
    without an overall question gives its first rated question instead.  B is
    built so that the two surveys have exactly the same rate: what changes is
    how dissatisfied the others are, which only the degree sees.

    Examples
    --------
    >>> a, b = default_counts("7-level")
    >>> sum(a) == sum(b) and a[-2:] == b[-2:] and b[1:5] == [0, 0, 0, 0]
    True
    """
    survey = default_course()
    own = survey.config.scale
    column = survey.config.overall or survey.config.item_columns[0]
    a = _counts_of(survey.data[column], own)
    b = [sum(a) - a[-2] - a[-1], *[0] * (len(a) - 3), a[-2], a[-1]]
    scale = scale or own
    if scale == own:
        return a, b
    change = seven_to_five if own == "7-level" else five_to_seven
    return change(a), change(b)


#: Hand-made pairs with equal rates (counts lowest level first, 7 levels).
PRESETS: dict[str, tuple[list[int], list[int]]] = {
    # 60 of 100 satisfied in both; A's others are neutral-ish, B's furious.
    "calc_rd_preset_polarised": ([0, 0, 5, 20, 15, 45, 15], [25, 10, 5, 0, 0, 20, 40]),
}


class RateDegreeCalculator(Calculator):
    """Two distributions side by side: satisfaction rate vs satisfaction degree."""

    name = "rate_degree"
    title_key = "calc_rd_title"

    def __init__(self, lang: str = "en", counts: Sequence[Sequence[int]] | None = None,
                 scale: str | None = None, scoring: str = "likert") -> None:
        self._init_counts = counts
        # given counts set the scale (one count per level); else start on the course survey's scale
        self._init_scale = scale or (f"{len(counts[0])}-level" if counts is not None else course_scale())
        self._init_scoring = scoring
        super().__init__(lang)

    def build(self) -> list[W.Widget]:
        self.chart = ChartView("rate_degree", lang=self.lang)
        style = control_style()
        self.scale = W.Dropdown(options=scale_options(self.lang), value=self._init_scale,
                                description=self.t("calc_scale"), style=style)
        self.scoring = W.Dropdown(options=scoring_options(self.lang), value=self._init_scoring,
                                  description=self.t("calc_scoring"), style=style)
        self.preset = W.Dropdown(
            options=[(self.t("calc_rd_preset_course"), "course"),
                     (self.t("calc_rd_preset_polarised"), "calc_rd_preset_polarised")],
            value="course", description=self.t("calc_preset"), style=style)
        self.counts: dict[str, list[W.BoundedIntText]] = {
            s: [W.BoundedIntText(value=0, min=0, max=1_000_000, style=style,
                                 layout=W.Layout(width="auto"))
                for _ in range(_MAX_K)]
            for s in _SURVEYS
        }
        columns = []
        for s in _SURVEYS:
            head = W.HTML(f"<b>{self.t('calc_rd_survey_' + s)}</b> &middot; {self.t('calc_rd_counts')}")
            columns.append(W.VBox([head, *self.counts[s]], layout=W.Layout(min_width="170px")))
        self._relabel()
        self._apply_preset()
        self.scale.observe(self._on_scale, names="value")
        self.preset.observe(self._on_preset, names="value")
        self.watch(self.scoring, *self.counts["a"], *self.counts["b"])
        return [row([self.preset], basis="100%"), row([self.scale, self.scoring]), row(columns)]

    # --- control wiring (reads widget values only) --------------------------
    def _relabel(self) -> None:
        levels = get_scale(self.scale.value).levels
        for s in _SURVEYS:
            for i, box in enumerate(self.counts[s]):
                if i < len(levels):
                    box.description = levels[i].name(self.lang)
                    box.layout.display = None
                else:
                    box.layout.display = "none"

    def _apply_preset(self) -> None:
        scale = self.scale.value
        if self._init_counts is not None:
            a, b = (list(c) for c in self._init_counts)
            self._init_counts = None
        elif self.preset.value == "course":
            a, b = default_counts(scale)
        else:
            a, b = PRESETS[self.preset.value]
            if scale == "5-level":
                a, b = seven_to_five(a), seven_to_five(b)
        for s, values in zip(_SURVEYS, (a, b)):
            for i, box in enumerate(self.counts[s]):
                box.value = int(values[i]) if i < len(values) else 0

    def _on_scale(self, change: Any = None) -> None:
        with self.batch():
            self._relabel()
            self._apply_preset()

    def _on_preset(self, change: Any = None) -> None:
        with self.batch():
            self._apply_preset()

    def load(self, counts: Sequence[int], *, scale: str = "7-level", survey: str = "a") -> None:
        """Show ``counts`` (one per level, lowest first) as survey ``survey`` ("a" or "b") on ``scale``.

        Examples
        --------
        >>> calc = RateDegreeCalculator()
        >>> calc.load([1, 2, 3, 4, 5, 6, 7])
        >>> [box.value for box in calc.counts["a"]][:7]
        [1, 2, 3, 4, 5, 6, 7]
        """
        with self.batch():
            if self.scale.value != scale:
                self.scale.value = scale
            self._relabel()
            for box, count in zip(self.counts[survey], counts):
                box.value = int(count)

    # --- the pure path ------------------------------------------------------
    def state(self) -> dict[str, Any]:
        k = get_scale(self.scale.value).k
        return {
            "scale": self.scale.value,
            "scoring": self.scoring.value,
            "a": tuple(int(b.value) for b in self.counts["a"][:k]),
            "b": tuple(int(b.value) for b in self.counts["b"][:k]),
        }

    @staticmethod
    def compute(state: Mapping[str, Any]) -> RateDegreeResult:
        """Rate and degree of both surveys from counts per level (lowest level first)."""
        scale = get_scale(state["scale"])
        ranks = [lvl.rank for lvl in scale.levels]
        rows, rates = [], []
        dist = pd.DataFrame({"rank": ranks, "zh": [l.zh for l in scale.levels],
                             "en": [l.en for l in scale.levels]})
        for s in _SURVEYS:
            counts = list(state[s])
            dist[s] = counts
            responses = pd.Series(np.repeat(ranks, counts), name=f"survey_{s}")
            rate = satisfaction_rate(responses, scale=scale)
            degree = distribution_degree(pd.Series(counts, index=ranks), scale=scale,
                                         scoring=state["scoring"]).degree
            level = level_of(degree, scale=scale, scoring=state["scoring"])
            degree_100 = float(distribution_degree(pd.Series(counts, index=ranks), scale=scale,
                                                   scoring="0-100"))
            rates.append(rate)
            rows.append({"survey": s.upper(), "respondents": rate.respondents,
                         "satisfied": rate.satisfied, "rate": float(rate.rate),
                         "degree": float(degree), "degree_100": degree_100,
                         "level_en": level.en, "level_zh": level.zh})
        return RateDegreeResult(state["scale"], state["scoring"], pd.DataFrame(rows), dist,
                                (rates[0], rates[1]))

    def render(self, result: RateDegreeResult) -> str:
        t = self.t
        table = pd.DataFrame({
            "": [t("calc_rd_survey_a"), t("calc_rd_survey_b")],
            t("calc_rd_respondents"): result.table["respondents"],
            t("calc_rd_satisfied"): result.table["satisfied"],
            t("calc_rd_rate"): [f"{v:.1f}" for v in result.table["rate"]],
            t("calc_rd_degree"): [f"{v:.2f}" for v in result.table["degree"]],
            t("calc_rd_degree_100"): [f"{v:.1f}" for v in result.table["degree_100"]],
            t("calc_level"): pick_names(result.table, self.lang, en="level_en", zh="level_zh"),
        })
        note = ""
        if abs(result.table.loc[0, "rate"] - result.table.loc[1, "rate"]) < 1e-9 and \
                abs(result.table.loc[0, "degree"] - result.table.loc[1, "degree"]) > 1e-9:
            note = f"<p class='csat-note'>{t('calc_rd_same_rate')}</p>"
        return frame_html(table, digits=2) + note

    def draw(self, result: RateDegreeResult) -> Figure:
        return self.chart.figure(result.distributions, result.table)
