"""Chart factories: they draw the numbers they are given, in both languages,
with real Chinese glyphs (no "Glyph missing" warning), and reject bad input."""

from __future__ import annotations

import io
import warnings
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from csat_examples import charts, datasets
from csat_examples.errors import CsatInputError
from csat_examples.ipa import ipa
from csat_examples.servqual import servqual
from csat_examples.stats import p_chart, pareto, xbar_s_chart
from csat_examples.terms import label

DIMS = ["reliability", "assurance", "tangibles", "empathy", "responsiveness"]


def servqual_result():
    e = pd.Series([6.5, 6.0, 5.5, 6.0, 6.3], index=DIMS)
    p = pd.Series([5.0, 5.4, 5.6, 4.9, 4.6], index=DIMS)
    return servqual(p, e, {d: d for d in DIMS})


def hierarchy_like():
    from types import SimpleNamespace

    nodes = pd.DataFrame({
        "node": ["X21", "X311", "X312", "X22", "X321"],
        "parent": [None, "X21", "X21", None, "X22"],
        "depth": [1, 2, 2, 1, 2],
        "local_weight": [0.6, 0.5, 0.5, 0.4, 1.0],
        "global_weight": [0.6, 0.3, 0.3, 0.4, 0.4],
        "score": [5.0, 4.0, 6.0, 3.0, 3.0],
        "contribution": [3.0, 1.2, 1.8, 1.2, 1.2],
    })
    return SimpleNamespace(total=4.2, nodes=nodes)


def distribution():
    return pd.DataFrame({
        "rank": [1, 2, 3, 4, 5, 6, 7],
        "zh": ["很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意"],
        "en": ["very dissatisfied", "dissatisfied", "somewhat dissatisfied", "neutral",
               "somewhat satisfied", "satisfied", "very satisfied"],
        "count": [1, 2, 3, 4, 5, 3, 2],
        "share": np.array([1, 2, 3, 4, 5, 3, 2]) / 20,
    })


def all_figures(lang):
    """Every factory on a small known input."""
    p = p_chart(pd.DataFrame({"period": ["m1", "m2", "m3"], "satisfied": [60, 70, 40], "n": [100] * 3}))
    x = xbar_s_chart(pd.DataFrame({"period": np.repeat(["a", "b", "c"], 4),
                                   "value": [4, 5, 6, 5, 5, 6, 7, 6, 3, 4, 5, 4.0]}))
    dist = distribution()
    two = dist[["rank", "zh", "en"]].assign(a=[0, 0, 2, 4, 6, 8, 0], b=[1, 1, 0, 2, 4, 4, 8])
    table = pd.DataFrame({"survey": ["A", "B"], "rate": [40.0, 60.0], "degree_100": [64.0, 70.0]})
    frame = pd.DataFrame({"item": DIMS, "importance": [30, 17, 13, 14, 26],
                          "performance": [5.0, 5.4, 5.6, 4.9, 4.6]})
    return {
        "contribution": charts.contribution_chart(hierarchy_like(), lang=lang),
        "distribution": charts.distribution_chart(dist, lang=lang),
        "rate_degree": charts.rate_degree_chart(two, table, lang=lang),
        "radar": charts.radar_chart(servqual_result().dimensions, lang=lang),
        "gap": charts.gap_chart(servqual_result(), lang=lang),
        "ipa": charts.ipa_chart(ipa(frame), lang=lang),
        "p_chart": charts.control_chart(p, lang=lang),
        "xbar_chart": charts.control_chart(x, lang=lang),
        "pareto": charts.pareto_chart(pareto(["repairs", "noise", "repairs", "fees"]), lang=lang),
        "brand": charts.brand_chart(datasets.load("aircon_csi_2003"), lang=lang),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_renders_without_missing_glyphs(lang):
    # drawn AFTER the factories' rc context has ended, as a notebook or report does
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figures = all_figures(lang)
        for name, fig in figures.items():
            assert isinstance(fig, Figure), name
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            assert buf.getvalue()[:4] == b"\x89PNG"
    glyph = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert glyph == []


def test_charts_do_not_touch_global_rcparams():
    before = dict(matplotlib.rcParams)
    all_figures("zh")
    assert dict(matplotlib.rcParams) == before


def test_chinese_labels_come_from_the_terms_table():
    fig = charts.gap_chart(servqual_result(), lang="zh")
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert ticks == [label(d, "zh") for d in DIMS] == ["信赖度", "专业度", "有形度", "同理度", "反应度"]
    assert fig.axes[0].get_title() == label("chart_gap_title", "zh")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [label("chart_expectation", "zh"), label("chart_perception", "zh")]


def test_gap_chart_bar_heights():
    fig = charts.gap_chart(servqual_result())
    top = [p.get_height() for p in fig.axes[0].patches]
    # expectation bars first, then perception bars
    assert top == pytest.approx([6.5, 6.0, 5.5, 6.0, 6.3, 5.0, 5.4, 5.6, 4.9, 4.6])
    gaps = [p.get_height() for p in fig.axes[1].patches]
    assert gaps == pytest.approx([-1.5, -0.6, 0.1, -1.1, -1.7])
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in fig.axes[1].patches]
    assert colours[2] != colours[0]  # the one surplus is drawn differently from the shortfalls


def test_distribution_chart_heights_and_highlight():
    fig = charts.distribution_chart(distribution(), lang="zh")
    bars = fig.axes[0].patches
    assert [b.get_height() for b in bars] == pytest.approx([5, 10, 15, 20, 25, 15, 10])
    colours = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    assert len(set(colours[-2:])) == 1 and colours[-1] != colours[0]  # top-2-box highlighted
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][0] == "很不满意"
    fig = charts.distribution_chart(distribution(), satisfied=[5, 6, 7])
    colours = [matplotlib.colors.to_hex(b.get_facecolor()) for b in fig.axes[0].patches]
    assert colours[4] == colours[6] != colours[3]


def test_rate_degree_chart_data():
    dist = distribution()[["rank", "zh", "en"]].assign(a=[0, 0, 2, 4, 6, 8, 0], b=[1, 1, 0, 2, 4, 4, 8])
    table = pd.DataFrame({"survey": ["A", "B"], "rate": [40.0, 60.0], "degree_100": [64.0, 70.0]})
    fig = charts.rate_degree_chart(dist, table)
    left = [p.get_height() for p in fig.axes[0].patches]
    # survey A shares: 0 0 10 20 30 40 0 (%); survey B: 5 5 0 10 20 20 40
    assert left == pytest.approx([0, 0, 10, 20, 30, 40, 0, 5, 5, 0, 10, 20, 20, 40])
    assert [p.get_height() for p in fig.axes[1].patches] == [40.0, 64.0, 60.0, 70.0]
    with pytest.raises(CsatInputError, match="different numbers of surveys"):
        charts.rate_degree_chart(dist, table.iloc[:1])


def test_radar_chart_closes_each_line():
    fig = charts.radar_chart(servqual_result().dimensions)
    lines = fig.axes[0].lines
    assert len(lines) == 2
    assert lines[0].get_ydata().tolist() == [6.5, 6.0, 5.5, 6.0, 6.3, 6.5]
    assert lines[1].get_ydata().tolist() == [5.0, 5.4, 5.6, 4.9, 4.6, 5.0]
    rater_frame = pd.DataFrame({"dimension": ["Speed", "Care", "Price"], "score": [1.0, 2.0, 3.0]})
    fig = charts.radar_chart(rater_frame, lang="zh")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Speed", "Care", "Price"]
    with pytest.raises(CsatInputError, match="no score column"):
        charts.radar_chart(pd.DataFrame({"dimension": ["a"], "n": [3]}))


def test_ipa_chart_points_and_crosshair():
    frame = ipa(pd.DataFrame({"item": ["a", "b", "c"], "importance": [10.0, 20.0, 30.0],
                              "performance": [3.0, 5.0, 4.0]}))
    fig = charts.ipa_chart(frame)
    ax = fig.axes[0]
    assert ax.collections[0].get_offsets().tolist() == [[3.0, 10.0], [5.0, 20.0], [4.0, 30.0]]
    # crosshair: mean performance 4 (vertical line), mean importance 20 (horizontal line)
    assert ax.lines[0].get_xdata()[0] == pytest.approx(4.0)
    assert ax.lines[1].get_ydata()[0] == pytest.approx(20.0)
    texts = {t.get_text() for t in ax.texts}
    assert {label(k) for k in ("concentrate_here", "keep_up_good_work", "low_priority",
                               "possible_overkill")} <= texts


def test_control_chart_lines():
    pc = p_chart(pd.DataFrame({"period": ["m1", "m2", "m3"], "satisfied": [60, 70, 40], "n": [100] * 3}))
    ax = charts.control_chart(pc).axes[0]
    assert ax.lines[0].get_ydata().tolist() == [0.6, 0.7, 0.4]
    assert ax.lines[1].get_ydata() == pytest.approx([170 / 300] * 3)
    assert ax.lines[2].get_ydata() == pytest.approx(pc["ucl"].tolist())
    assert len(ax.collections) == 1  # m3 is circled as out of control
    assert ax.collections[0].get_offsets().tolist() == [[2.0, 0.4]]
    xs = xbar_s_chart(pd.DataFrame({"period": np.repeat(["a", "b"], 3), "value": [4, 5, 6, 5, 6, 7.0]}))
    fig = charts.control_chart(xs)
    assert len(fig.axes) == 2
    assert fig.axes[0].lines[0].get_ydata().tolist() == [5.0, 6.0]
    assert fig.axes[1].lines[0].get_ydata().tolist() == [1.0, 1.0]
    with pytest.raises(CsatInputError, match="not a control-chart table"):
        charts.control_chart(pc.drop(columns="p"))


def test_pareto_chart_bars_and_line():
    table = pareto(datasets.load("property_complaints")["cause"])
    fig = charts.pareto_chart(table, lang="zh")
    assert [p.get_height() for p in fig.axes[0].patches] == table["count"].tolist()
    assert fig.axes[1].lines[0].get_ydata().tolist() == pytest.approx(table["cumulative_share"].tolist())
    assert fig.axes[0].get_xticklabels()[0].get_text() == label("repairs", "zh")
    fig = charts.pareto_chart(table, title_key="chart_leave_title")
    assert fig.axes[0].get_title() == label("chart_leave_title")


def test_brand_chart_lines_and_names():
    t = datasets.load("aircon_csi_2003")
    fig = charts.brand_chart(t, lang="zh")
    ax = fig.axes[0]
    assert len(ax.lines) == 8
    assert ax.lines[-1].get_ydata().tolist() == [71.41, 80.70, 79.78, 71.75, 73.06, 50.46]
    assert [t_.get_text() for t_ in ax.get_legend().get_texts()][0] == "海尔"
    assert [t_.get_text() for t_ in ax.get_xticklabels()][0] == label("pls_brand_image", "zh")
    fig = charts.brand_chart(t, variables=["loyalty"])
    assert fig.axes[0].lines[0].get_ydata().tolist() == [65.52]


def test_contribution_chart_segments_and_labels():
    fig = charts.contribution_chart(hierarchy_like(), labels={"X21": "Product quality"})
    ax = fig.axes[0]
    assert [round(p.get_width(), 6) for p in ax.patches] == [1.2, 1.8, 1.2]
    assert [round(p.get_x(), 6) for p in ax.patches] == [0.0, 1.2, 0.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Product quality", "X22"]
    assert "4.20" in ax.get_title()


def test_bad_input_and_language():
    with pytest.raises(CsatInputError, match="lang"):
        charts.gap_chart(servqual_result(), lang="fr")
    with pytest.raises(CsatInputError, match="servqual_result: expected a pandas DataFrame"):
        charts.gap_chart(object())
    with pytest.raises(CsatInputError, match=r"pareto_frame: unknown item name.*'cumulative_share'"):
        charts.pareto_chart(pd.DataFrame({"cause": ["a"], "count": [1]}))
    with pytest.raises(CsatInputError, match="distribution: no rows"):
        charts.distribution_chart(distribution().iloc[:0])
    with pytest.raises(CsatInputError, match=r"variables: unknown item name.*'price'"):
        charts.brand_chart(datasets.load("aircon_csi_2003"), variables=["price"])


def test_chart_inputs_are_not_mutated():
    r = servqual_result()
    dims_before = r.dimensions.copy()
    charts.gap_chart(r)
    charts.radar_chart(r.dimensions)
    pd.testing.assert_frame_equal(r.dimensions, dims_before)
    t = datasets.load("aircon_csi_2003")
    t_before = t.copy()
    charts.brand_chart(t, lang="zh")
    pd.testing.assert_frame_equal(t, t_before)


# --- live charts: new data of the same shape go into the same figure, and the
# result looks exactly like a chart built afresh from those data

def pixels(fig) -> np.ndarray:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return np.asarray(Image.open(buf))


def other_hierarchy():
    h = hierarchy_like()
    nodes = h.nodes.assign(score=[6.0, 7.0, 5.0, 2.0, 2.0], contribution=[3.6, 2.1, 1.5, 0.8, 0.8])
    return SimpleNamespace(total=4.4, nodes=nodes)


def two_surveys(a, b):
    dist = distribution()[["rank", "zh", "en"]].assign(a=a, b=b)
    table = pd.DataFrame({"survey": ["A", "B"], "rate": [40.0, 60.0], "degree_100": [64.0, 70.0]})
    return dist, table


CASES = {
    # kind: (first data, second data of the same shape, options)
    "contribution": ((hierarchy_like(),), (other_hierarchy(),), {}),
    "contribution_fixed": ((hierarchy_like(),), (other_hierarchy(),), {"xlim": (0.0, 7.0)}),
    "distribution": ((distribution(),),
                     (distribution().assign(count=[9, 0, 1, 1, 1, 1, 7], share=np.array([9, 0, 1, 1, 1, 1, 7]) / 20),),
                     {}),
    "rate_degree": (two_surveys([0, 0, 2, 4, 6, 8, 0], [1, 1, 0, 2, 4, 4, 8]),
                    two_surveys([5, 0, 0, 0, 0, 5, 10], [1, 1, 1, 1, 1, 1, 14]), {}),
    "radar": ((servqual_result().dimensions,),
              (servqual_result().dimensions.assign(perception=[3.0, 6.9, 2.5, 4.0, 5.5]),), {}),
    "radar_fixed": ((servqual_result().dimensions,),
                    (servqual_result().dimensions.assign(perception=[3.0, 6.9, 2.5, 4.0, 5.5]),), {"rlim": (1, 7)}),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_updated_chart_looks_like_a_new_one(case, lang, same_picture):
    first, second, options = CASES[case]
    kind = case.removesuffix("_fixed")
    chart = charts.live_chart(kind, *first, lang=lang, **options)
    chart.figure.canvas.draw()
    assert chart.update(*second) is True
    fresh = charts.live_chart(kind, *second, lang=lang, **options)
    # drawn once before, as the updated chart was: constrained layout starts from the last layout
    fresh.figure.canvas.draw()
    expected = pixels(fresh.figure)
    assert same_picture(pixels(chart.figure), expected)
    # and the public factory draws the same picture
    public = getattr(charts, f"{kind}_chart")(*second, lang=lang, **options)
    assert same_picture(pixels(public), expected)


def test_update_changes_only_the_dynamic_artists_and_the_limits():
    chart = charts.live_chart("distribution", distribution())
    ax = chart.figure.axes[0]
    before = [t.get_text() for t in ax.get_xticklabels()], ax.get_title(), ax.get_ylabel()
    new = distribution().assign(count=[0, 0, 0, 0, 0, 10, 10], share=[0, 0, 0, 0, 0, 0.5, 0.5])
    assert chart.update(new)
    assert [round(p.get_height()) for p in ax.patches] == [0, 0, 0, 0, 0, 50, 50]
    assert [t.get_text() for t in ax.texts] == ["0", "0", "0", "0", "0", "10", "10"]
    assert ([t.get_text() for t in ax.get_xticklabels()], ax.get_title(), ax.get_ylabel()) == before
    assert ax.get_ylim() == (0.0, 60.0)  # 50 % plus headroom, in steps of 5
    assert set(chart.dynamic) == set(ax.patches) | set(ax.texts)


def test_data_of_another_shape_are_refused_and_nothing_changes():
    chart = charts.live_chart("contribution", hierarchy_like())
    widths = [p.get_width() for p in chart.figure.axes[0].patches]
    renamed = hierarchy_like()
    renamed.nodes = renamed.nodes.replace({"X22": "X23"})
    assert chart.update(renamed) is False
    assert [p.get_width() for p in chart.figure.axes[0].patches] == widths
    radar = charts.live_chart("radar", servqual_result().dimensions)
    assert radar.update(servqual_result().dimensions.iloc[:4]) is False
    rd = charts.live_chart("rate_degree", *two_surveys([1] * 7, [2] * 7))
    dist, table = two_surveys([1] * 7, [2] * 7)
    assert rd.update(dist, table.assign(survey=["A", "C"])) is False


def test_fixed_ranges_widen_for_data_outside_them():
    chart = charts.live_chart("contribution", hierarchy_like(), xlim=(0.0, 2.0))
    low, high = chart.figure.axes[0].get_xlim()
    assert low == 0.0 and high >= 3.0  # the longest bar (3.0) stays inside
    radar = charts.live_chart("radar", servqual_result().dimensions, rlim=(5.0, 6.0))
    assert radar.figure.axes[0].get_ylim() == pytest.approx((4.6, 6.5))
    radar.update(servqual_result().dimensions.assign(perception=[5.5] * 5, expectation=[5.5] * 5))
    assert radar.figure.axes[0].get_ylim() == pytest.approx((5.0, 6.0))


def test_bad_input_is_reported_as_for_the_factories():
    with pytest.raises(CsatInputError, match="kind.*unknown live chart|unknown live chart.*kind"):
        charts.live_chart("pie", distribution())
    chart = charts.live_chart("distribution", distribution())
    with pytest.raises(CsatInputError, match="distribution: no rows"):
        chart.update(distribution().iloc[:0])
    with pytest.raises(CsatInputError, match="different numbers of surveys"):
        charts.live_chart("rate_degree", *two_surveys([1] * 7, [2] * 7)).update(
            *two_surveys([1] * 7, [2] * 7)[:1], pd.DataFrame({"survey": ["A"], "rate": [1.0], "degree_100": [2.0]}))


def test_dimension_names_come_from_the_terms_table_in_both_languages():
    chart = charts.live_chart("radar", servqual_result().dimensions, lang="zh")
    chart.figure.canvas.draw()
    assert [t.get_text() for t in chart.figure.axes[0].get_xticklabels()] == [
        "信赖度", "专业度", "有形度", "同理度", "反应度"]


@pytest.mark.parametrize("width", [9.5, 4.0])  # the page's figure, and a phone's refit
def test_rate_degree_legend_covers_no_axes(width):
    dist = pd.DataFrame({"rank": [1, 2, 3], "zh": ["不满意", "一般", "满意"], "en": ["dissatisfied", "neutral", "satisfied"],
                         "a": [0, 5, 5], "b": [4, 1, 5]})
    table = pd.DataFrame({"survey": ["A", "B"], "rate": [50.0, 50.0], "degree_100": [75.0, 55.0]})
    fig = charts.rate_degree_chart(dist, table)
    fig.set_size_inches(width, 4.4)
    fig.canvas.draw()
    legend = fig.legends[0].get_window_extent()
    assert not any(legend.overlaps(ax.get_window_extent()) for ax in fig.axes)
