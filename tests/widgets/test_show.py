"""widgets.show: static result in the book build, live app otherwise; layout and labels."""

from __future__ import annotations

import re

import ipywidgets as W
import pytest

import widgets
from widgets import CALCULATORS, make, show
from widgets import LiveLinks

NAMES = list(CALCULATORS)


@pytest.fixture()
def shown(monkeypatch):
    captured: list[object] = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: captured.extend(objs))
    return captured


@pytest.mark.parametrize("name", NAMES)
def test_book_build_shows_a_static_result_and_a_lite_link(name, shown, monkeypatch):
    monkeypatch.setenv("CSAT_BOOK_BUILD", "1")
    links = LiveLinks(run=f"../../lite/lab/index.html?path=en/{name}.ipynb", notebook=f"../../lite/files/en/{name}.ipynb")
    assert show(name, links=links) is None
    (obj,) = shown
    html = obj.data  # IPython.display.HTML
    assert f'data-calculator="{name}"' in html
    assert "<img" in html and "<table" in html
    assert f'href="{links.run}"' in html
    assert "Run live in your browser" in html
    assert f'href="{links.notebook}" download' in html
    # no dead controls: the static block holds no form elements
    assert not re.search(r"<(input|select|button|textarea)\b", html)
    assert "csat-error" not in html


def test_book_build_without_links_shows_no_dead_link(shown, monkeypatch):
    monkeypatch.setenv("CSAT_BOOK_BUILD", "1")
    show("rater")
    assert "csat-lite-link" not in shown[0].data and "csat-static" in shown[0].data


@pytest.mark.parametrize("name", NAMES)
def test_live_kernel_shows_the_app(name, shown, monkeypatch):
    monkeypatch.delenv("CSAT_BOOK_BUILD", raising=False)
    show(name)
    (obj,) = shown
    assert isinstance(obj, W.VBox)


def test_unknown_calculator_is_a_readable_error():
    from csat_examples.errors import CsatInputError

    with pytest.raises(CsatInputError, match="no such calculator"):
        make("abacus")


def _walk(widget: W.Widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


@pytest.mark.parametrize("name", NAMES)
def test_descriptions_are_never_cut_and_layout_fits_390px(name):
    calc = make(name)
    view = calc.finish_view() if name == "load_data" else calc.view
    for w in _walk(view):
        if getattr(w, "description", "") and hasattr(w, "style") and hasattr(w.style, "description_width"):
            assert w.style.description_width == "initial", (name, w.description)
        width = w.layout.width or ""
        if width.endswith("px"):
            assert float(width[:-2]) <= 390, (name, w, width)
        min_width = w.layout.min_width or ""
        if min_width.endswith("px"):
            assert float(min_width[:-2]) <= 390, (name, w, min_width)


@pytest.mark.parametrize("name", NAMES)
def test_chinese_labels_come_from_the_terms_table(name):
    calc = make(name, lang="zh")
    view = calc.finish_view() if name == "load_data" else calc.view
    descriptions = [w.description for w in _walk(view) if getattr(w, "description", "")]
    assert descriptions
    cjk = [d for d in descriptions if re.search(r"[\u4e00-\u9fff]", d)]
    assert len(cjk) == len(descriptions), [d for d in descriptions if d not in cjk]
    assert re.search(r"[\u4e00-\u9fff]", calc.title_out.value)


def test_unknown_language_is_rejected():
    from csat_examples.errors import CsatInputError

    with pytest.raises(CsatInputError, match="unknown language"):
        make("gap_model", lang="fr")


def test_package_exports():
    assert set(widgets.__all__) >= {"show", "make"}


def test_a_chart_that_needs_a_missing_cjk_font_leaves_the_numbers(monkeypatch):
    # JupyterLite has no CJK font; the library's charts then raise NoCJKFontError
    from csat_examples.fonts import NoCJKFontError
    from widgets.rate_degree import RateDegreeCalculator

    def no_font(*args, **kwargs):
        raise NoCJKFontError("No font with Chinese glyphs was found.")

    monkeypatch.setattr(RateDegreeCalculator, "draw", no_font)
    calc = RateDegreeCalculator()
    assert calc.result is not None and "<table" in calc.result_out.value
    assert "Chinese glyphs" in calc.figure_out.value and "Traceback" not in calc.figure_out.value


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_every_calculator_speaks_each_edition_language(name, lang):
    from csat_examples.lang import simplified_only

    from widgets import make

    calc = make(name, lang=lang)
    assert calc.error is None
    text = re.sub(r"<[^>]+>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", calc.static_html())
    has_chinese = re.search(r"[\u4e00-\u9fff]", text) is not None
    assert has_chinese == (lang != "en") or name == "gap_model" and lang == "en"
    if lang == "zh-Hant":
        assert not simplified_only(text), f"{name}: Simplified characters in the Traditional edition"
