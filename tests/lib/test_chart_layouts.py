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


@pytest.fixture
def distribution() -> pd.DataFrame:
    return pd.DataFrame({"rank": [1, 2, 3, 4, 5], "zh": ["很不满意", "不满意", "一般", "满意", "很满意"],
                         "en": ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
                         "count": [1, 1, 2, 4, 2], "share": [.1, .1, .2, .4, .2]})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_distribution_narrow_is_readable_on_a_phone(distribution, lang):
    fig = charts.distribution_chart(distribution, lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9


def test_distribution_wide_is_unchanged(distribution):
    fig = charts.distribution_chart(distribution, lang="zh")
    assert fig.get_figwidth() == pytest.approx(7.5)


def test_unknown_layout_is_refused(distribution):
    with pytest.raises(CsatInputError, match="layout"):
        charts.distribution_chart(distribution, layout="tablet")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pareto_narrow_is_readable_on_a_phone(lang):
    from csat_examples.stats import pareto

    causes = ["repairs", "noise", "repairs", "fees", "parking", "cleaning", "noise", "repairs"]
    fig = charts.pareto_chart(pareto(causes), lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert charts.pareto_chart(pareto(causes), lang=lang).get_figwidth() >= 6.5  # wide unchanged


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_control_narrow_is_readable_on_a_phone(lang):
    from csat_examples.stats import p_chart

    months = [f"2025-{m:02d}" for m in range(1, 13)]
    table = p_chart(pd.DataFrame({"period": months, "satisfied": [80, 82, 60, 85, 81, 79, 83, 84, 80, 95, 82, 81],
                                  "n": [100] * 12}))
    fig = charts.control_chart(table, lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert charts.control_chart(table, lang=lang).get_figwidth() == pytest.approx(8)  # wide unchanged


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ipa_narrow_is_readable_on_a_phone(lang):
    from csat_examples.ipa import ipa

    frame = ipa(pd.DataFrame({"item": ["reliability", "responsiveness", "assurance", "empathy", "tangibles"],
                              "importance": [30, 17, 13, 14, 26], "performance": [5.0, 5.4, 5.6, 4.9, 4.6]}))
    fig = charts.ipa_chart(frame, lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert charts.ipa_chart(frame, lang=lang).get_figwidth() == pytest.approx(7)  # wide unchanged


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gap_narrow_is_readable_on_a_phone(lang):
    from tests.lib.test_charts import servqual_result

    fig = charts.gap_chart(servqual_result(), lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert charts.gap_chart(servqual_result(), lang=lang).get_figwidth() == pytest.approx(7.5)  # wide unchanged


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contribution_narrow_is_readable_on_a_phone(lang):
    from tests.lib.test_charts import hierarchy_like

    fig = charts.contribution_chart(hierarchy_like(), lang=lang, layout="narrow")
    assert fig.get_figwidth() == pytest.approx(4.0)
    assert _phone_px(fig) >= 9
    assert charts.contribution_chart(hierarchy_like(), lang=lang).get_figwidth() == pytest.approx(7.5)
