"""The charts package: the names its callers use, the one PNG encoder, the label helper, the report's charts."""

from __future__ import annotations

import base64
import io
import re
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from csat_examples import charts
from csat_examples.errors import CsatInputError
from csat_examples.terms import display_name

ROOT = Path(__file__).resolve().parents[2]
# ``charts.radar_chart`` and ``from csat_examples.charts import display_name, ...``
ATTRIBUTE = re.compile(r"\bcharts\.([A-Za-z_]\w*)\b(?!\.)")
FROM_IMPORT = re.compile(r"from csat_examples\.charts import ([\w, ]+)")


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _callers() -> list[Path]:
    files = list((ROOT / "chapters").glob("*.md")) + list((ROOT / "docs").rglob("*.md"))
    for folder in ("widgets", "tests", "book", "csat_examples/report"):
        files += [p for p in (ROOT / folder).rglob("*.py") if "vendor" not in p.parts]
    return files


def test_every_name_the_callers_use_is_still_there():
    used = set()
    for path in _callers():
        text = path.read_text(encoding="utf-8")
        used |= {m for m in ATTRIBUTE.findall(text) if not m.startswith("_") and m not in {"md", "py", "html"}}
        used |= {n.strip() for group in FROM_IMPORT.findall(text) for n in group.split(",") if n.strip()}
        # the report names its chart factories as strings: figures("ipa", "ipa_chart", ...)
        if path.parent.name == "report":
            used |= set(re.findall(r'figures\(\s*f?"[^"]+",\s*"(\w+)"', text))
    assert {"radar_chart", "display_name", "live_chart", "item_chart", "heatmap_chart"} <= used
    missing = sorted(name for name in used if not hasattr(charts, name))
    assert missing == [], f"names used through csat_examples.charts that it no longer has: {missing}"
    assert set(charts.__all__) <= set(dir(charts))


def test_a_drawn_chart_is_encoded_from_its_pixels_without_a_second_draw(monkeypatch):
    fig = charts.radar_chart(pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"],
                                           "score": [5.0, 5.5, 6.0]}), lang="zh")
    expected = _pixels(charts.figure_png(fig))

    def no_draw(*args, **kwargs):
        raise AssertionError("a drawn chart was drawn again")

    monkeypatch.setattr(fig.canvas, "draw", no_draw)
    assert (_pixels(charts.figure_png(fig)) == expected).all()


def test_an_undrawn_figure_is_drawn_and_chinese_finds_a_cjk_font():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().set_title("满意率与满意度")
    with warnings.catch_warnings(), matplotlib.rc_context({"savefig.bbox": "tight"}):  # as a chapter sets it
        warnings.simplefilter("error")  # "Glyph ... missing from font" would be a UserWarning
        png = charts.figure_png(fig, dpi=100)
    assert _pixels(png).shape == (200, 300, 4)


def test_the_report_and_the_calculators_share_the_encoder():
    from csat_examples.report import render_png
    from widgets.drawing import figure_html

    d = pd.DataFrame({"rank": [1, 2, 3], "zh": ["不满意", "一般", "满意"], "en": ["dissatisfied", "neutral", "satisfied"],
                      "count": [1, 1, 2], "share": [.25, .25, .5]})
    in_page = figure_html(charts.distribution_chart(d, lang="zh"), "chart")
    embedded = base64.b64decode(re.search(r"base64,([^\"]+)", in_page).group(1))
    in_report = render_png(charts.distribution_chart(d, lang="zh"))
    assert (_pixels(embedded) == _pixels(in_report)).all()


def test_display_name_is_the_label_or_the_value_itself():
    assert display_name("reliability", "zh") == "信赖度"
    assert display_name("保洁", "zh") == "保洁"  # an organisation's own item: as written
    assert display_name(3, "en") == "3"
    assert display_name("rate", "zh", key="report_col_rate") != "rate"
    assert display_name("speed", "zh", key="pls_speed") == "speed"
    assert charts.display_name is display_name
    with pytest.raises(CsatInputError, match="language"):
        display_name("no such term", "fr")  # a wrong language is a mistake even without a label


ITEMS = pd.DataFrame({"item": ["维修及时性（报修后多久上门）", "保洁", "night patrols and gate security", "客服"],
                      "mean": [4.0, 3.5, 3.0, 4.2], "ci_low": [3.8, 3.2, 2.8, 4.0], "ci_high": [4.2, 3.8, 3.3, 4.4]})


def _inside(fig, texts) -> list[str]:
    """The texts whose drawn box leaves the figure (a fixed layout that cut a name off)."""
    box = fig.bbox
    out = []
    for t in texts:
        ext = t.get_window_extent()
        if t.get_text() and (ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1):
            out.append(t.get_text())
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_item_chart_shows_each_mean_and_every_name_whole(lang):
    fig = charts.item_chart(ITEMS, lang=lang, xlim=(1, 5))
    ax = fig.axes[0]
    assert ax.lines[0].get_xdata().tolist() == [4.0, 3.5, 3.0, 4.2]
    assert [t.get_text() for t in ax.get_yticklabels()] == ITEMS["item"].tolist()
    assert fig.get_layout_engine() is None  # placed by the chart itself (faster than constrained layout)
    texts = [*ax.get_yticklabels(), *ax.get_xticklabels(), ax.xaxis.label, ax.title]
    assert _inside(fig, texts) == []


@pytest.mark.parametrize("columns", [3, 10])
def test_heatmap_labels_its_cells_and_keeps_every_name_whole(columns):
    names = [f"锦绣华庭{k}期 {k}栋" for k in range(columns)]
    means = pd.DataFrame(np.linspace(2, 5, 4 * columns).reshape(4, columns), index=ITEMS["item"], columns=names)
    means.iloc[0, 0] = np.nan
    fig = charts.heatmap_chart(means, title="楼栋：各项目均值", vmin=1, vmax=5)
    ax = fig.axes[0]
    cells = [line for t in ax.texts for line in t.get_text().split("\n")]
    assert len(cells) == 4 * columns and sum(map(bool, cells)) == 4 * columns - 1  # a blank cell stays blank
    texts = [*ax.get_yticklabels(), *ax.get_xticklabels(), ax.title, *fig.axes[1].get_yticklabels()]
    assert _inside(fig, texts) == []


@pytest.mark.parametrize("shape", [(4, 3), (25, 30), (7, 1)])
def test_heatmap_values_sit_where_one_text_per_cell_would_put_them(shape):
    """The values are drawn one text per column (faster): the pixels are those of one centred text per cell."""
    rows, cols = shape
    means = pd.DataFrame(np.linspace(1.5, 6.5, rows * cols).reshape(rows, cols),
                         index=[f"q{r}" for r in range(rows)], columns=[f"楼栋{c}" for c in range(cols)])
    means.iloc[rows // 2, 0] = np.nan
    fig = charts.heatmap_chart(means, title="各楼栋分项平均分", vmin=1, vmax=7)
    fast = _pixels(charts.figure_png(fig))
    ax = fig.axes[0]
    size = ax.texts[0].get_fontsize()
    for text in list(ax.texts):
        text.remove()
    for (r, c), value in np.ndenumerate(means.to_numpy()):
        if np.isfinite(value):
            ax.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=size)
    with matplotlib.rc_context(charts.style.chart_rc()):
        fig.canvas.draw()
    assert (_pixels(charts.figure_png(fig)) == fast).all()


def test_report_charts_reject_bad_input_by_argument():
    with pytest.raises(CsatInputError, match="items"):
        charts.item_chart(ITEMS.drop(columns="ci_low"))
    with pytest.raises(CsatInputError, match="means"):
        charts.heatmap_chart([[1, 2]])


def _crowding(fig) -> list[str]:
    """What a fixed layout got wrong: texts leaving the figure, legends or titles over another axes' plot.

    (A legend inside its own axes may be meant; a test of a legend beside the plot checks that itself.)
    """
    ticks = {id(t.label1) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.get_major_ticks()} | {
        id(t.label2) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.get_major_ticks()}
    shown_ticks = [label for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.get_major_ticks()
                   if min(axis.get_view_interval()) <= t.get_loc() <= max(axis.get_view_interval())
                   for label in (t.label1, t.label2) if label.get_visible()]
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and id(t) not in ticks] + shown_ticks
    problems = [f"outside: {name}" for name in _inside(fig, texts)]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = [(f"legend of {ax.get_title()!r}", ax.get_legend())] if ax.get_legend() else []
        boxes.append((f"title {ax.get_title()!r}", ax.title))
        for name, artist in boxes:
            box = artist.get_window_extent(renderer)
            for other in fig.axes:
                if other is not ax and box.overlaps(other.bbox.shrunk(0.98, 0.98)) \
                        and not other.bbox.overlaps(ax.bbox):  # a twin shares the plot
                    problems.append(f"{name} over the axes of {other.get_title()!r}")
    return problems


def _control_frames():
    from csat_examples.stats import p_chart, xbar_s_chart

    rng = np.random.default_rng(4)
    periods = [f"2025年第{k}季度" for k in range(1, 11)]
    p = p_chart(pd.DataFrame({"period": periods, "satisfied": rng.integers(60, 90, 10), "n": [100] * 10}))
    x = xbar_s_chart(pd.DataFrame({"period": np.repeat(periods[:5], 6), "value": rng.normal(4, 1, 30)}))
    return {"p": p, "xbar_s": x}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["p", "xbar_s"])
def test_control_chart_places_its_panels_with_every_text_whole(kind, lang):
    fig = charts.control_chart(_control_frames()[kind], lang=lang)
    assert fig.get_layout_engine() is None  # placed by the chart itself (faster than constrained layout)
    assert _crowding(fig) == []
    assert not any(ax.get_legend().get_window_extent().overlaps(ax.bbox) for ax in fig.axes)  # beside the plot
    top, *rest = sorted(fig.axes, key=lambda ax: -ax.bbox.y0)
    for upper, lower in zip([top, *rest], rest):  # a lower panel's title stays below the panel above
        assert lower.title.get_window_extent().y1 < upper.bbox.y0


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pareto_chart_places_its_twin_axes_with_every_text_whole(lang, layout):
    from csat_examples.stats import pareto

    causes = ["repairs"] * 5 + ["noise"] * 4 + ["a very long cause named by the estate itself"] * 2 + ["fees"]
    fig = charts.pareto_chart(pareto(causes), lang=lang, layout=layout)
    assert fig.get_layout_engine() is None  # placed by the chart itself (faster than constrained layout)
    assert _crowding(fig) == []


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contribution_chart_places_itself_with_every_text_whole(lang, layout):
    from types import SimpleNamespace

    # small contributions: the axis ends in a wide number ("2.00"), whose right half stands beyond the axes
    nodes = pd.DataFrame({"node": ["reliability", "r1", "r2", "empathy"], "parent": [None, "reliability", "reliability", None],
                          "depth": [1, 2, 2, 1], "contribution": [0.98, 0.5, 0.48, 0.7]})
    chart = charts.live_chart("contribution", SimpleNamespace(total=1.68, nodes=nodes), lang=lang, layout=layout)
    fig = chart.figure
    assert fig.get_layout_engine() is None  # placed by the chart itself (faster than constrained layout)
    with matplotlib.rc_context(chart.rc):
        fig.canvas.draw()
    assert _crowding(fig) == []


@pytest.mark.parametrize("layout", ["wide", "narrow"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ipa_chart_keeps_long_point_names_in_the_figure(lang, layout):
    from csat_examples.ipa import ipa

    # the best-performing and the most important items have long names: right of and above the plot's corner
    frame = ipa(pd.DataFrame({"item": ["reliability", "lift and entrance-gate repairs within a day", "assurance",
                                       "小区公共区域保洁及垃圾清运及时性"],
                              "importance": [30, 17, 13, 40], "performance": [5.0, 6.9, 5.6, 4.9]}))
    fig = charts.ipa_chart(frame, lang=lang, layout=layout)
    assert fig.get_layout_engine() is None  # placed by the chart itself (faster than constrained layout)
    assert _crowding(fig) == []
