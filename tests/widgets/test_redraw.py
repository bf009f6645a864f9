"""Partial redraws: after a click a calculator redraws only the changed artists over a
kept picture of the rest.  What it shows must be exactly what a full redraw shows."""

from __future__ import annotations

import base64
import io
import re

import matplotlib
import numpy as np
import pytest
from PIL import Image

from widgets import make
from widgets.drawing import font_rc


def shown(calc) -> np.ndarray:
    """The picture in the calculator's figure output, decoded."""
    data = re.search(r'src="data:image/png;base64,([^"]+)"', calc.figure_out.value).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGBA"))


def full_redraw(fig) -> np.ndarray:
    """Every artist drawn again, at the figure's current layout."""
    for artist in fig.findobj():
        artist.set_animated(False)
    fig.set_layout_engine("none")  # keep the axes where they are (constrained layout drifts)
    with matplotlib.rc_context(font_rc()):
        fig.canvas.draw()
    buf = io.BytesIO()
    Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buf, "png")
    return np.asarray(Image.open(buf))


def first_leaf(calc):
    return next(n for n in calc.nodes if not calc._children(n))


CLICKS = {
    "weighted_scoring": [lambda c: setattr(first_leaf(c).score, "value", 6.5),
                         lambda c: setattr(first_leaf(c).score, "value", 1.0)],
    "gap_model": [lambda c: setattr(c.sliders["reliability"]["delivery"], "value", 1.5),
                  lambda c: setattr(c.sliders["tangibles"]["perception"], "value", 6.8)],
    "rater": [lambda c: setattr(c.p["reliability"], "value", 2.0),
              lambda c: setattr(c.e["empathy"], "value", 6.9)],
    # the second click makes one level hold most answers: the share axis grows
    "rate_degree": [lambda c: setattr(c.counts["a"][3], "value", c.counts["a"][3].value + 1),
                    lambda c: setattr(c.counts["a"][6], "value", 5000)],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(CLICKS))
def test_a_partial_redraw_shows_what_a_full_redraw_shows(name, lang, same_picture):
    calc = make(name, lang=lang)
    figure = calc.figure
    for click in CLICKS[name]:
        click(calc)
        assert calc.error is None
        assert calc.figure is figure  # the same figure took the new values
    assert same_picture(shown(calc), full_redraw(calc.figure))


def test_the_figure_holds_the_new_values():
    rater = make("rater")
    rater.p["reliability"].value = 2.0
    line = rater.figure.axes[0].lines[-1]  # perception
    assert line.get_ydata()[0] == pytest.approx(2.0)
    assert rater.figure.axes[0].get_ylim() == (1.0, 7.0)  # the sliders' scale, whatever the values

    rd = make("rate_degree")
    rd.counts["a"][6].value = 5000
    heights = [p.get_height() for p in rd.figure.axes[1].patches]
    table = rd.result.table
    assert heights == pytest.approx([table.loc[0, "rate"], table.loc[0, "degree_100"],
                                     table.loc[1, "rate"], table.loc[1, "degree_100"]])

    ws = make("weighted_scoring")
    leaf = first_leaf(ws)
    leaf.score.value = 7.0
    nodes = ws.result.hierarchy.nodes.set_index("node")
    widths = [p.get_width() for p in ws.figure.axes[0].patches]
    assert widths[0] == pytest.approx(nodes.loc[leaf.name.value, "contribution"])
    assert str(f"{ws.result.hierarchy.total:.2f}") in ws.figure.axes[0].get_title()


def test_renaming_an_indicator_draws_a_new_chart_with_the_new_name(same_picture):
    calc = make("weighted_scoring")
    figure = calc.figure
    top = next(n for n in calc.nodes if calc._children(n))
    top.name.value = "Estate security"
    assert calc.error is None and calc.figure is not figure
    assert "Estate security" in [t.get_text() for t in calc.figure.axes[0].get_yticklabels()]
    assert same_picture(shown(calc), full_redraw(calc.figure))


def test_the_contribution_axis_ends_at_a_round_number_and_stays_while_scores_move(same_picture):
    calc = make("weighted_scoring")
    ax = calc.figure.axes[0]
    low, high = ax.get_xlim()
    longest = max(p.get_x() + p.get_width() for p in ax.patches)
    assert low == 0.0 and longest < high <= 2 * longest
    assert high in {1.0, 2.0, 2.5, 5.0, 10.0}  # round: 1, 2, 2.5 or 5 x 10^k
    first_leaf(calc).score.value = first_leaf(calc).score.value - 0.5
    assert ax.get_xlim() == (low, high)
    calc.scoring.value = "0-100"  # scores now run to 100: the axis follows
    assert calc.error is None
    assert calc.figure.axes[0].get_xlim()[1] in {25.0, 50.0, 100.0}
    assert same_picture(shown(calc), full_redraw(calc.figure))
