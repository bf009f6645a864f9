"""Load your data: a CSV/XLSX survey, columns chosen from lists, sent to a calculator.

Until a file is loaded the calculator shows the course survey
(:func:`widgets.defaults.default_survey`).  The columns chosen feed:

* **rate vs degree** - the overall-satisfaction column (labels such as 满意 or
  codes 1..7 or 1..5, on the scale the reader picks for a file), counted per
  level by :func:`csat_examples.rate.level_distribution`;
* **weighted scoring** - the item columns, averaged by
  :func:`csat_examples.stats.item_summary`, as a flat tree with equal weights;
* **RATER** - columns named ``p_<item>``, ``e_<item>`` and ``imp_<dim>`` as in
  the course survey.

Everything the library rejects (an unknown label, a non-numeric item, missing
columns) is shown in the widget as the library's message.

Examples
--------
>>> calc = LoadDataCalculator()
>>> calc.result.rows > 0 and "overall" in calc.result.columns
True
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.lang import pick_names
from csat_examples.errors import CsatInputError
from csat_examples.rate import level_distribution
from csat_examples.stats import item_summary
from csat_examples.validation import require_columns

from .calculator import Calculator
from .defaults import default_course, default_survey
from .drawing import ChartView
from .markup import control_style, frame_html, row, scale_options
from .rate_degree import RateDegreeCalculator
from .rater import RaterCalculator, default_inputs
from .weighted_scoring import WeightedScoringCalculator

__all__ = ["LoadDataCalculator", "LoadResult", "read_table"]

_TARGETS = ("rate_degree", "weighted_scoring", "rater")


def read_table(name: str, content: bytes) -> pd.DataFrame:
    """Read CSV or XLSX bytes; anything unreadable becomes a CsatInputError.

    Examples
    --------
    >>> read_table("s.csv", "overall,q1\\n满意,5\\n".encode()).shape
    (1, 2)
    >>> read_table("s.xlsx", b"not a workbook")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: file: the file could not be read as CSV or XLSX (value 's.xlsx'). Fix: ...
    """
    suffix = Path(name).suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            # openpyxl: it is in the in-browser runtime too (pandas' default will change)
            return pd.read_excel(io.BytesIO(content), engine="openpyxl")
        return pd.read_csv(io.BytesIO(content))
    except Exception as exc:  # pandas/openpyxl raise many types; the reader needs one message
        raise CsatInputError("the file could not be read as CSV or XLSX", argument="file",
                             value=name, fix=f"save it as UTF-8 CSV or .xlsx ({type(exc).__name__}: {exc})") from exc


@dataclass(frozen=True)
class LoadResult:
    """``source`` (file name or "course survey"), ``rows``, ``columns``, and the
    inputs prepared for the target: ``distribution`` (rate vs degree),
    ``item_means`` (weighted scoring) or ``rater_inputs``."""

    source: str
    rows: int
    columns: tuple[str, ...]
    target: str
    distribution: pd.DataFrame | None = None
    item_means: pd.DataFrame | None = None
    rater_inputs: dict[str, dict[str, float]] | None = None
    scale: str = "7-level"


class LoadDataCalculator(Calculator):
    """Pick a file and columns; preview; send to rate vs degree, weighted scoring or RATER."""

    name = "load_data"
    title_key = "calc_ld_title"

    def build(self) -> list[W.Widget]:
        self.chart = ChartView("distribution", lang=self.lang)
        style = control_style()
        self.upload = W.FileUpload(accept=".csv,.xlsx", multiple=False, description=self.t("calc_ld_upload"),
                                   layout=W.Layout(width="auto"))
        self.path = W.Text(description=self.t("calc_ld_path"), style=style, continuous_update=False)
        self.target = W.Dropdown(options=[(self.t(k), v) for k, v in (("calc_rd_title", "rate_degree"),
                                                                      ("calc_ws_title", "weighted_scoring"),
                                                                      ("calc_rater_title", "rater"))],
                                 description=self.t("calc_ld_target"), style=style)
        self.overall = W.Dropdown(description=self.t("calc_ld_overall_column"), style=style)
        # A file's answers are ranks on the scale its questionnaire used: the reader says which (the
        # course survey's scale until then); reading 1..5 answers on seven levels would shift every level.
        self.scale = W.Dropdown(options=scale_options(self.lang), value=default_course().config.scale,
                                description=self.t("calc_scale"), style=style)
        self.items = W.SelectMultiple(description=self.t("calc_ld_item_columns"), style=style, rows=6)
        self.send_button = W.Button(description=self.t("calc_ld_send"), icon="arrow-down",
                                    button_style="primary", layout=W.Layout(width="auto"))
        self.calculators: dict[str, Calculator] = {
            "rate_degree": RateDegreeCalculator(self.lang),
            "weighted_scoring": WeightedScoringCalculator(self.lang),
            "rater": RaterCalculator(self.lang),
        }
        self.targets_tab = W.Tab(children=[c.view for c in self.calculators.values()])
        for i, c in enumerate(self.calculators.values()):
            self.targets_tab.set_title(i, c.title())
        self._fill_columns()
        self.upload.observe(self._on_source, names="value")
        self.path.observe(self._on_source, names="value")
        self.send_button.on_click(lambda _b: self.send())
        self.watch(self.target, self.overall, self.items, self.scale)
        return [row([self.upload, self.path]), row([self.target, self.overall, self.scale]), self.items,
                self.send_button]

    def finish_view(self) -> W.VBox:
        """The loader followed by the calculators it feeds (what ``show`` displays live)."""
        return W.VBox([self.view, self.targets_tab], layout=W.Layout(width="100%"))

    # --- source and columns -------------------------------------------------
    def _source(self) -> tuple[str, bytes | None]:
        files = self.upload.value
        if files:
            f = files[0]
            return str(f["name"]), bytes(f["content"])
        if self.path.value.strip():
            path = Path(self.path.value.strip()).expanduser()
            if not path.is_file():
                raise CsatInputError("no such file", argument="path", value=str(path),
                                     fix="check the path, or use the upload button")
            return path.name, path.read_bytes()
        return self.t("calc_ld_default_source"), None

    def _frame(self) -> tuple[str, pd.DataFrame]:
        name, content = self._source()
        return (name, default_survey()) if content is None else (name, read_table(name, content))

    def _fill_columns(self) -> None:
        try:
            name, frame = self._frame()
        except CsatInputError:
            name, frame = "", pd.DataFrame()
        columns = [str(c) for c in frame.columns]
        self.overall.options = columns
        if "overall" in columns:
            self.overall.value = "overall"
        self.items.options = columns
        # preselect the perception items when the survey has them (p_rel1 ...), else the course survey's items
        perception = tuple(c for c in columns if c.startswith("p_"))
        if not perception and name == self.t("calc_ld_default_source"):
            course = default_course().config
            perception = tuple(c for c in columns if c in course.item_columns)
        self.items.value = perception
        course_file = name == self.t("calc_ld_default_source")
        if course_file:  # its scale is known from its config
            self.scale.value = default_course().config.scale
        self.scale.disabled = course_file

    def _on_source(self, change: Any = None) -> None:
        with self.batch():
            self._fill_columns()

    # --- pure path ----------------------------------------------------------
    def state(self) -> dict[str, Any]:
        name, content = self._source()
        return {"name": name, "content": content, "target": self.target.value,
                "overall": self.overall.value, "items": tuple(self.items.value), "scale": self.scale.value}

    @staticmethod
    def compute(state: Mapping[str, Any]) -> LoadResult:
        """Read the data and prepare the chosen calculator's inputs."""
        content = state["content"]
        frame = default_survey() if content is None else read_table(state["name"], content)
        # the course survey's answers are ranks on its own scale (5 or 7 levels); a file's on the chosen one
        scale = default_course().config.scale if content is None else state.get("scale", "7-level")
        base = {"source": state["name"], "rows": len(frame), "columns": tuple(str(c) for c in frame.columns),
                "target": state["target"], "scale": scale}
        frame.columns = [str(c) for c in frame.columns]
        if state["target"] == "rate_degree":
            require_columns(frame, [state["overall"]], argument="overall column")
            dist = level_distribution(frame[state["overall"]].dropna(), scale=scale)
            return LoadResult(**base, distribution=dist)
        if state["target"] == "weighted_scoring":
            items = list(state["items"])
            if not items:
                raise CsatInputError("no item columns chosen", argument="item columns",
                                     fix=f"select one or more columns of item scores (1..{scale[0]})")
            require_columns(frame, items, argument="item columns")
            return LoadResult(**base, item_means=item_summary(frame, items))
        return LoadResult(**base, rater_inputs=default_inputs(frame))

    def render(self, result: LoadResult) -> str:
        t = self.t
        head = (f"<p><b>{t('calc_ld_loaded')}</b>: {html.escape(result.source)} &middot; {result.rows} {t('calc_ld_rows')}, "
                f"{len(result.columns)} {t('calc_ld_columns')}</p>")
        if result.distribution is not None:
            d = result.distribution
            table = pd.DataFrame({t("calc_level"): pick_names(d, self.lang), t("calc_rd_respondents"): d["count"],
                                  t("calc_share"): 100 * d["share"]})
            return head + frame_html(table)
        if result.item_means is not None:
            m = result.item_means
            table = pd.DataFrame({t("calc_item"): m["item"], t("calc_n"): m["n"], t("calc_mean"): m["mean"],
                                  t("calc_sd"): m["sd"]})
            return head + frame_html(table)
        inputs = result.rater_inputs or {}
        table = pd.DataFrame({
            t("calc_dimension"): [t(d) for d in inputs["P"]],
            t("calc_rater_perception"): list(inputs["P"].values()),
            t("calc_rater_expectation"): list(inputs["E"].values()),
            t("calc_rater_customer_weights"): list(inputs["customers"].values()),
        })
        return head + f"<p>{t('calc_ld_rater_auto')}</p>" + frame_html(table)

    def draw(self, result: LoadResult) -> Figure | None:
        if result.distribution is None:
            return None
        return self.chart.figure(result.distribution)

    # --- feeding the calculators ---------------------------------------------
    def send(self) -> Calculator | None:
        """Push the prepared inputs into the target calculator; returns it (None on error)."""
        self.refresh()
        result = self.result
        if result is None:
            return None
        calc = self.calculators[result.target]
        if result.distribution is not None:
            calc.load(list(result.distribution["count"]), scale=result.scale)
        elif result.item_means is not None:
            n = len(result.item_means)
            calc.load([{"name": str(r["item"]), "weight": 1.0 / n, "score": float(r["mean"])}
                       for _, r in result.item_means.iterrows()], scale=result.scale, scoring="likert")
        else:
            calc.load(result.rater_inputs or {})
        self.targets_tab.selected_index = list(self.calculators).index(result.target)
        return calc
