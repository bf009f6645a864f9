"""Gap-model calculator: controls -> gaps, diagram arrows and countermeasures."""

from __future__ import annotations

import html

import pytest

from csat_examples.terms import label
from widgets.gap_model import LEVELS, PRESETS, GapModelCalculator


def _set(calc: GapModelCalculator, dim: str, values: tuple[float, ...]) -> None:
    with calc.batch():
        for level, value in zip(LEVELS, values):
            calc.sliders[dim][level].value = value


def test_gaps_follow_the_sliders_with_the_sign_convention():
    calc = GapModelCalculator()
    # expectation 6.5, management 6.0, standards 5.5, delivery 5.0, promises 6.0, perception 5.2
    # by hand: G1 = 6.0-6.5 = -0.5, G2 = 5.5-6.0 = -0.5, G3 = 5.0-5.5 = -0.5,
    #          G4 = 5.0-6.0 = -1.0, G5 = 5.2-6.5 = -1.3
    _set(calc, "empathy", (6.5, 6.0, 5.5, 5.0, 6.0, 5.2))
    got = calc.result.by_dimension["empathy"].round(6).tolist()
    assert got == [-0.5, -0.5, -0.5, -1.0, -1.3]


def test_diagram_arrows_are_sized_and_coloured_by_the_gap():
    calc = GapModelCalculator()
    calc.show_dim.value = "reliability"
    _set(calc, "reliability", (6.0, 6.0, 6.0, 6.0, 6.0, 6.0))  # all gaps 0
    arrows = {p.get_gid(): p for p in calc.figure.axes[0].patches if p.get_gid()}
    assert set(arrows) == {f"gap{n}" for n in range(1, 6)}
    assert arrows["gap4"].get_linewidth() == pytest.approx(1.0)
    _set(calc, "reliability", (6.0, 6.0, 6.0, 5.0, 6.5, 5.5))  # G4 = 5.0-6.5 = -1.5
    arrows = {p.get_gid(): p for p in calc.figure.axes[0].patches if p.get_gid()}
    assert arrows["gap4"].get_linewidth() == pytest.approx(1.0 + 4.0 * 1.5)
    red = (0xC6 / 255, 0x28 / 255, 0x28 / 255, 1.0)
    assert arrows["gap4"].get_edgecolor() == pytest.approx(red)
    assert arrows["gap1"].get_linewidth() == pytest.approx(1.0)  # G1 = 0: thin, green
    assert arrows["gap1"].get_edgecolor()[1] > arrows["gap1"].get_edgecolor()[0]
    assert "Gap 4: -1.50" in [t.get_text() for t in calc.figure.axes[0].texts]


def test_average_of_dimensions_is_shown_by_default():
    calc = GapModelCalculator(preset="calc_gap_preset_over_promising")
    # over-promising preset, G4 = delivery - promises per dimension:
    # 5.0-6.8, 5.2-6.5, 5.3-6.6, 4.9-6.4, 4.8-6.9 = -1.8, -1.3, -1.3, -1.5, -2.1; mean -8.0/5 = -1.6
    assert float(calc.result.mean.loc[4]) == pytest.approx(-1.6)
    assert "Gap 4: -1.60" in [t.get_text() for t in calc.figure.axes[0].texts]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_presets_set_every_slider(preset):
    calc = GapModelCalculator(preset="calc_gap_preset_well_run")
    calc.preset.value = preset
    for dim, values in PRESETS[preset].items():
        assert tuple(calc.sliders[dim][lv].value for lv in LEVELS) == pytest.approx(values)


def test_presets_tell_different_stories():
    well = GapModelCalculator(preset="calc_gap_preset_well_run").result.mean
    over = GapModelCalculator(preset="calc_gap_preset_over_promising").result.mean
    misread = GapModelCalculator(preset="calc_gap_preset_misreads").result.mean
    assert well.abs().max() < 0.3
    assert over.idxmin() == 4          # over-promising: the promise gap is the worst
    # misreading owners: of the provider-side gaps (1-4), the knowledge gap is the worst
    assert misread.loc[[1, 2, 3, 4]].idxmin() == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_countermeasures_come_from_the_terms_table(lang):
    calc = GapModelCalculator(lang=lang)
    for n in range(1, 6):
        text = label(f"gap{n}_countermeasures", lang)
        assert html.escape(text) in calc.result_out.value
    assert calc.error_out.value == ""


def test_draws_without_a_cjk_font(monkeypatch):
    # JupyterLite (Pyodide) has no CJK font: the calculator must still draw
    import csat_examples.charts.style
    import csat_examples.fonts

    def no_font():
        raise csat_examples.fonts.NoCJKFontError("none here")

    monkeypatch.setattr(csat_examples.charts.style, "cjk_rc", no_font)
    calc = GapModelCalculator()
    assert calc.error is None and calc.figure_out.value.startswith("<img")


@pytest.mark.parametrize(("lang", "text"), [("zh", "差距 4：-1.60"), ("zh-Hant", "差距 4：-1.60")])
def test_gap_values_are_written_as_the_language_writes_them(lang, text):
    calc = GapModelCalculator(lang, preset="calc_gap_preset_over_promising")
    assert text in [t.get_text() for t in calc.figure.axes[0].texts]
