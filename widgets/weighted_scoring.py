"""Weighted scoring: an indicator tree, weights per level, item scores, the total index.

Starts from the sources' two-level example (product, sales, installation,
repair and billing quality and their sub-indicators: ``datasets.load(
"hierarchical_weights")``), or from the six attributes of the encyclopedia
example (``csat_examples.seed004``: simple mean 23.3 -> 较满意, weighted 40 ->
满意).  Indicators can be added, removed and renamed.  Weights that do not sum
to 1 under a parent get a visible warning; "rescale" normalises them live.

Every number comes from the library: the total and each node's contribution
from :func:`csat_examples.hierarchy.hierarchical_index`, the simple mean from
:func:`csat_examples.degree.satisfaction_degree`, the verdict from
:func:`csat_examples.scales.level_of`, the level sums from
:func:`csat_examples.validation.check_weights`, the chart from
:func:`csat_examples.charts.contribution_chart`.

Examples
--------
>>> calc = WeightedScoringCalculator(preset="seed004")
>>> round(calc.result.simple, 1), calc.result.simple_level.zh
(23.3, '较满意')
>>> round(calc.result.hierarchy.total, 1), calc.result.level.zh
(40.0, '满意')
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.lang import pick
from csat_examples import datasets, seed004
from csat_examples.degree import satisfaction_degree
from csat_examples.errors import CsatInputError, WeightsNormalizedWarning
from csat_examples.hierarchy import hierarchical_index
from csat_examples.scales import get_scale, level_of, rescore
from csat_examples.validation import check_weights

from .calculator import Calculator
from .drawing import ChartView
from .markup import control_style, frame_html, row, scale_options, scoring_options, warning_html

__all__ = ["WeightedScoringCalculator", "WeightedScoringResult", "preset_rows", "level_sums", "ILLUSTRATIVE_SCORES"]

#: Leaf scores used with the sources' tree (7-level Likert).  The source gives
#: weights only, no scores: these are illustrative inputs, cycled over the leaves.
ILLUSTRATIVE_SCORES: tuple[float, ...] = (6.0, 5.0, 5.5, 5.0, 4.5, 4.0, 5.5, 6.5, 6.0, 3.5, 5.0, 4.5, 6.0, 5.5)


@dataclass(frozen=True)
class WeightedScoringResult:
    """What the calculator shows.

    ``hierarchy``: the library's HierarchyResult (``total``, ``nodes``);
    ``level``: verdict of the total; ``simple``/``simple_level``: simple mean of
    the leaf scores and its verdict; ``level_sums``: DataFrame ``parent, sum,
    ok`` (one row per set of siblings); ``normalized``: weights were rescaled.
    """

    hierarchy: Any
    level: Any
    simple: float
    simple_level: Any
    level_sums: pd.DataFrame
    normalized: bool
    scale: str
    scoring: str


def preset_rows(preset: str, lang: str = "en") -> tuple[list[dict[str, Any]], str, str]:
    """Rows ``{name, parent, weight, score}`` (parent "" = top level), scale, scoring.

    Indicators are named by their label in ``lang`` (the data set's codes X21,
    X311 ... mean nothing to a trainee).

    Examples
    --------
    >>> rows, scale, scoring = preset_rows("tree")
    >>> rows[0]["name"], rows[0]["weight"], rows[0]["score"] is None
    ('product quality', 0.3, True)
    """
    if preset == "seed004":
        table = seed004.reconstructed_table()
        # the attribute keys ("quality") as a reader writes them, the Chinese in the reader's script
        rows = [{"name": pick(str(r["attribute"]).capitalize(), str(r["zh"]), lang), "parent": "",
                 "weight": float(r["weight"]), "score": float(r["score"])} for _, r in table.iterrows()]
        return rows, "7-level", "sources"
    tree = datasets.load("hierarchical_weights")
    names = {node: pick(en, zh, lang) for node, en, zh in zip(tree["node"], tree["label_en"], tree["label_zh"])}
    parents = {p for p in tree["parent"] if isinstance(p, str) and p}
    scores = itertools.cycle(ILLUSTRATIVE_SCORES)
    rows = []
    for _, r in tree.iterrows():
        code = str(r["node"])
        parent = r["parent"] if isinstance(r["parent"], str) and r["parent"] else ""
        rows.append({"name": str(names[code]), "parent": str(names[parent]) if parent else "",
                     "weight": float(r["weight"]), "score": None if code in parents else next(scores)})
    return rows, "7-level", "likert"


def level_sums(rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Sum of the weights under each parent and whether the library accepts it.

    ``rows``: ``{name, parent, weight}`` dicts.  Returns ``parent, sum, ok``
    (``ok``: :func:`~csat_examples.validation.check_weights` passes).

    Examples
    --------
    >>> level_sums([{"name": "a", "parent": "", "weight": 0.5},
    ...             {"name": "b", "parent": "", "weight": 0.4}])
      parent  sum     ok
    0         0.9  False
    """
    frame = pd.DataFrame(list(rows), columns=["name", "parent", "weight"])
    sums = []
    for parent, group in frame.groupby("parent", sort=False):
        weights = pd.Series(group["weight"].to_numpy(dtype=float), index=group["name"].to_list())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", WeightsNormalizedWarning)
                check_weights(weights, list(weights.index))
            ok = True
        except CsatInputError:
            ok = False
        sums.append({"parent": parent, "sum": float(weights.sum()), "ok": ok})
    return pd.DataFrame(sums, columns=["parent", "sum", "ok"])


class _NodeRow:
    """Controls of one indicator: name (rename), weight, score, remove."""

    _ids = itertools.count()

    def __init__(self, calc: WeightedScoringCalculator, name: str, parent: _NodeRow | None,
                 weight: float, score: float | None) -> None:
        self.id = next(self._ids)
        self.parent = parent
        style = control_style()
        self.name = W.Text(value=name, description=calc.t("calc_ws_indicator"), style=style,
                           continuous_update=False, layout=W.Layout(flex="2 1 40%", min_width="150px"))
        self.weight = W.BoundedFloatText(value=weight, min=0.0, max=1e9, step=0.05,
                                         description=calc.t("calc_ws_weight"), style=style,
                                         layout=W.Layout(flex="1 1 20%", min_width="110px"))
        self.score = W.FloatText(value=5.0 if score is None else score, step=0.5,
                                 description=calc.t("calc_ws_score"), style=style,
                                 layout=W.Layout(flex="1 1 20%", min_width="110px"))
        self.remove = W.Button(description=calc.t("calc_ws_remove"), icon="trash",
                               layout=W.Layout(flex="0 0 auto", width="auto"))
        self.box = W.Box([self.name, self.weight, self.score, self.remove],
                         layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                         align_items="center"))

    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth() + 1


class WeightedScoringCalculator(Calculator):
    """Indicator tree with weights and scores -> weighted index, verdict, contributions."""

    name = "weighted_scoring"
    title_key = "calc_ws_title"

    def __init__(self, lang: str = "en", preset: str = "tree") -> None:
        self._init_preset = preset
        self.nodes: list[_NodeRow] = []
        super().__init__(lang)

    # --- controls ----------------------------------------------------------
    def build(self) -> list[W.Widget]:
        self.chart = ChartView("contribution", lang=self.lang)
        style = control_style()
        self.preset = W.Dropdown(options=[(self.t("calc_ws_preset_tree"), "tree"),
                                          (self.t("calc_ws_preset_seed004"), "seed004")],
                                 value=self._init_preset, description=self.t("calc_preset"), style=style)
        self.scale = W.Dropdown(options=scale_options(self.lang), description=self.t("calc_scale"),
                                style=style)
        self.scoring = W.Dropdown(options=scoring_options(self.lang), description=self.t("calc_scoring"),
                                  style=style)
        self.normalize = W.Checkbox(value=False, description=self.t("calc_ws_normalize"), style=style,
                                    indent=False)
        self.simple_mean = W.Checkbox(value=True, description=self.t("calc_ws_simple_mean"),
                                      style=style, indent=False)
        self.rows_box = W.VBox(layout=W.Layout(width="100%"))
        self.new_parent = W.Dropdown(description=self.t("calc_ws_parent"), style=style)
        self.new_name = W.Text(description=self.t("calc_ws_new_name"), style=style)
        self.add = W.Button(description=self.t("calc_ws_add"), icon="plus",
                            layout=W.Layout(width="auto"))
        self.warnings_out = W.HTML(layout=W.Layout(width="100%"))
        self._load_preset()
        self.preset.observe(self._on_preset, names="value")
        self._prev = (self.scale.value, self.scoring.value)
        self.scale.observe(self._on_rescale, names="value")
        self.scoring.observe(self._on_rescale, names="value")
        self.add.on_click(self._on_add)
        self.watch(self.normalize, self.simple_mean)
        return [row([self.preset], basis="100%"), row([self.scale, self.scoring]),
                row([self.normalize, self.simple_mean], basis="100%"), self.rows_box, self.warnings_out,
                row([self.new_parent, self.new_name, self.add], basis="30%")]

    def _make_row(self, name: str, parent: _NodeRow | None, weight: float, score: float | None) -> _NodeRow:
        node = _NodeRow(self, name, parent, weight, score)
        node.remove.on_click(lambda _b, n=node: self.remove_node(n))
        self.watch(node.weight, node.score)
        node.name.observe(self._on_rename, names="value")
        return node

    def _load_preset(self) -> None:
        rows, scale, scoring = preset_rows(self.preset.value, self.lang)
        self._load_rows(rows, scale, scoring)

    def _load_rows(self, rows: Sequence[Mapping[str, Any]], scale: str, scoring: str) -> None:
        self.scale.value, self.scoring.value = scale, scoring
        self._prev = (scale, scoring)
        by_name: dict[str, _NodeRow] = {}
        self.nodes = []
        for r in rows:
            node = self._make_row(r["name"], by_name.get(r.get("parent")), r["weight"], r["score"])
            by_name[r["name"]] = node
            self.nodes.append(node)
        self._layout_rows()

    def load(self, rows: Sequence[Mapping[str, Any]], *, scale: str = "7-level", scoring: str = "likert") -> None:
        """Replace the tree with ``rows`` (``name``, optional ``parent``, ``weight``, ``score``), in order.

        Examples
        --------
        >>> calc = WeightedScoringCalculator()
        >>> calc.load([{"name": "Cleaning", "weight": 0.5, "score": 6.0},
        ...            {"name": "Repairs", "weight": 0.5, "score": 4.0}])
        >>> [n.name.value for n in calc.nodes], round(calc.result.hierarchy.total, 2)
        (['Cleaning', 'Repairs'], 5.0)
        """
        with self.batch():
            self._load_rows(rows, scale, scoring)

    def _children(self, node: _NodeRow | None) -> list[_NodeRow]:
        return [n for n in self.nodes if n.parent is node]

    def _layout_rows(self) -> None:
        ordered: list[_NodeRow] = []

        def walk(parent: _NodeRow | None) -> None:
            for child in self._children(parent):
                ordered.append(child)
                walk(child)

        walk(None)
        self.nodes = ordered
        for node in ordered:
            node.box.layout.padding = f"0 0 0 {12 * node.depth()}px"
            # an inner node's score is not used: its value comes from its children
            node.score.layout.visibility = "hidden" if self._children(node) else "visible"
        self.rows_box.children = [n.box for n in ordered]
        self._update_parent_options()

    def _update_parent_options(self) -> None:
        options = [(self.t("calc_ws_top"), -1)] + [(n.name.value, n.id) for n in self.nodes]
        current = self.new_parent.value
        self.new_parent.options = options
        self.new_parent.value = current if current in [v for _, v in options] else -1

    # --- callbacks (they read widget values only) ---------------------------
    def _on_preset(self, change: Any = None) -> None:
        with self.batch():
            self._load_preset()

    def _on_rename(self, change: Any = None) -> None:
        self._update_parent_options()
        self.refresh()

    def _on_rescale(self, change: Any = None) -> None:
        old_scale, old_scoring = self._prev
        new_scale, new_scoring = self.scale.value, self.scoring.value
        self._prev = (new_scale, new_scoring)
        with self.batch():
            for node in self.nodes:
                try:  # keep each score's meaning: via 0-100, which both scales share
                    v = rescore(float(node.score.value), scale=old_scale, from_scoring=old_scoring,
                                to_scoring="0-100")
                    node.score.value = round(float(rescore(v, scale=new_scale, from_scoring="0-100",
                                                           to_scoring=new_scoring)), 3)
                except CsatInputError:
                    pass  # an out-of-range score stays as typed; refresh shows the error

    def _on_add(self, _button: Any = None) -> None:
        name = self.new_name.value.strip() or f"{self.t('calc_ws_indicator')} {len(self.nodes) + 1}"
        parent = next((n for n in self.nodes if n.id == self.new_parent.value), None)
        self.add_node(name, parent)
        self.new_name.value = ""

    def add_node(self, name: str, parent: _NodeRow | None = None, weight: float = 0.0,
                 score: float | None = None) -> _NodeRow:
        """Add an indicator under ``parent`` (None = top level) and recompute."""
        if score is None:
            low, high = get_scale(self.scale.value).score_range(self.scoring.value)
            score = (low + high) / 2
        node = self._make_row(name, parent, weight, score)
        self.nodes.append(node)
        self._layout_rows()
        self.refresh()
        return node

    def remove_node(self, node: _NodeRow) -> None:
        """Remove an indicator and everything under it, then recompute."""
        doomed = {node.id}
        changed = True
        while changed:
            changed = False
            for n in self.nodes:
                if n.parent is not None and n.parent.id in doomed and n.id not in doomed:
                    doomed.add(n.id)
                    changed = True
        self.nodes = [n for n in self.nodes if n.id not in doomed]
        self._layout_rows()
        self.refresh()

    def node(self, name: str) -> _NodeRow:
        """The row of the indicator called ``name`` (for tests and notebooks)."""
        return next(n for n in self.nodes if n.name.value == name)

    # --- the pure path ------------------------------------------------------
    def state(self) -> dict[str, Any]:
        rows = []
        for n in self.nodes:
            is_leaf = not self._children(n)
            rows.append({"name": n.name.value.strip(),
                         "parent": "" if n.parent is None else n.parent.name.value.strip(),
                         "weight": float(n.weight.value),
                         "score": float(n.score.value) if is_leaf else None})
        return {"rows": rows, "scale": self.scale.value, "scoring": self.scoring.value,
                "normalize": bool(self.normalize.value), "simple_mean": bool(self.simple_mean.value)}

    @staticmethod
    def compute(state: Mapping[str, Any]) -> WeightedScoringResult:
        """Index, verdict, level sums and simple mean of a tree given as rows."""
        rows = list(state["rows"])
        frame = pd.DataFrame(rows, columns=["name", "parent", "weight", "score"])
        tree = pd.DataFrame({"node": frame["name"], "parent": frame["parent"].replace("", None),
                             "weight": frame["weight"]})
        leaves = frame[frame["score"].notna()]
        scores = pd.Series(leaves["score"].to_numpy(dtype=float), index=leaves["name"].to_list())
        sums = level_sums(rows)
        # the simple mean also checks that every score lies on the chosen scale
        simple = satisfaction_degree(scores.to_frame().T, None, scale=state["scale"],
                                     scoring=state["scoring"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", WeightsNormalizedWarning)
            result = hierarchical_index(scores, tree, normalize=state["normalize"])
        level = level_of(float(result.total), scale=state["scale"], scoring=state["scoring"])
        return WeightedScoringResult(result, level, float(simple.degree), simple.level, sums,
                                     bool(state["normalize"]) and not bool(sums["ok"].all()),
                                     state["scale"], state["scoring"])

    def _sum_warnings(self, sums: pd.DataFrame) -> str:
        return "".join(
            warning_html(f"{self.t('calc_ws_level_sum_warning')}{self.t('colon')}{r['parent'] or self.t('calc_ws_top')} "
                         f"({self.t('calc_ws_level_sum')} = {r['sum']:.3g})")
            for _, r in sums[~sums["ok"]].iterrows())

    def refresh(self, change: Any = None) -> None:
        super().refresh(change)
        if self._quiet or not hasattr(self, "warnings_out"):
            return
        if self.result is not None:
            note = (f"<p class='csat-note'>{self.t('calc_ws_renormalized_note')}</p>"
                    if self.result.normalized else "")
            self.warnings_out.value = self._sum_warnings(self.result.level_sums) + note
        else:  # an error is shown: still say which level is off
            self.warnings_out.value = self._sum_warnings(level_sums(self.state()["rows"]))

    def render(self, result: WeightedScoringResult) -> str:
        t = self.t
        lang = self.lang
        lines = [(t("calc_ws_total"), f"{result.hierarchy.total:.2f}", result.level.name(lang))]
        if self.simple_mean.value:
            lines.append((t("calc_ws_simple"), f"{result.simple:.2f}", result.simple_level.name(lang)))
        summary = pd.DataFrame(lines, columns=["", t("calc_value"), t("calc_ws_verdict")])
        nodes = result.hierarchy.nodes
        detail = pd.DataFrame({
            t("calc_ws_indicator"): nodes["node"],
            t("calc_ws_weight"): nodes["local_weight"],
            t("calc_ws_global_weight"): nodes["global_weight"],
            t("calc_ws_score"): nodes["score"],
            t("calc_ws_contribution"): nodes["contribution"],
        })
        return frame_html(summary) + frame_html(detail, digits=3)

    def draw(self, result: WeightedScoringResult) -> Figure:
        return self.chart.figure(result.hierarchy)
