"""Narrow (phone) layouts of the library charts: every text at least 9 px at 358 CSS px."""
import pandas as pd
import pytest

from book.notebook import FIGURE_DPI, smallest_text_px
from csat_examples import charts
from csat_examples.errors import CsatInputError

PHONE_CSS_PX = 358  # a 390-px phone minus the page margins


def _phone_px(fig) -> float:
    """Smallest text height as a phone shows the figure (PNG scaled to the phone's width)."""
    width_px = fig.get_figwidth() * FIGURE_DPI
    return smallest_text_px(fig) * PHONE_CSS_PX / width_px


def _distribution() -> pd.DataFrame:
    return pd.DataFrame({"rank": [1, 2, 3, 4, 5], "zh": ["很不满意", "不满意", "一般", "满意", "很满意"],
                         "en": ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
                         "count": [1, 1, 2, 4, 2], "share": [.1, .1, .2, .4, .2]})


def _pareto() -> pd.DataFrame:
    from csat_examples.stats import pareto

    return pareto(["repairs", "noise", "repairs", "fees", "parking", "cleaning", "noise", "repairs"])


def _control() -> pd.DataFrame:
    from csat_examples.stats import p_chart

    months = [f"2025-{m:02d}" for m in range(1, 13)]
    return p_chart(pd.DataFrame({"period": months, "satisfied": [80, 82, 60, 85, 81, 79, 83, 84, 80, 95, 82, 81],
                                 "n": [100] * 12}))


def _ipa() -> pd.DataFrame:
    from csat_examples.ipa import ipa

    return ipa(pd.DataFrame({"item": ["reliability", "responsiveness", "assurance", "empathy", "tangibles"],
                             "importance": [30, 17, 13, 14, 26], "performance": [5.0, 5.4, 5.6, 4.9, 4.6]}))


def _servqual():
    from tests.lib.test_charts import servqual_result

    return servqual_result()


def _hierarchy():
    from tests.lib.test_charts import hierarchy_like

    return hierarchy_like()


#: (chart function name in ``charts``, its data, the wide layout's width in inches)
CHARTS = [
    ("distribution_chart", _distribution, 7.5),
    ("pareto_chart", _pareto, 6.5),
    ("control_chart", _control, 8),
    ("ipa_chart", _ipa, 7),
    ("gap_chart", _servqual, 7.5),
    ("contribution_chart", _hierarchy, 7.5),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("chart", "data", "wide_width"), CHARTS, ids=[c[0] for c in CHARTS])
def test_narrow_is_readable_on_a_phone_and_wide_is_unchanged(chart, data, wide_width, lang):
    draw = getattr(charts, chart)
    fig = draw(data(), lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert draw(data(), lang=lang).get_figwidth() == pytest.approx(wide_width)


def test_unknown_layout_is_refused():
    with pytest.raises(CsatInputError, match="layout"):
        charts.distribution_chart(_distribution(), layout="tablet")
