"""The authoring guide's example calculator runs, and the tests the page shows for it pass."""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "authoring" / "nps_calc_example.py"
PAGE = ROOT / "docs" / "authoring" / "calculators.md"
# The labels step 2 of the page asks an author to add to the terms table.
LABELS = {"calc_nps_title": "Net Promoter Score", "calc_nps_answer": "Answer", "calc_nps_score": "NPS",
          "calc_nps_promoters": "Promoters", "calc_nps_detractors": "Detractors"}


@pytest.fixture()
def example_module(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The example loaded as ``widgets.nps_calc``, as step 1 of the page places it."""
    spec = importlib.util.spec_from_file_location("widgets.nps_calc", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "widgets.nps_calc", module)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module.NpsCalculator, "t", lambda self, key: LABELS[key])
    return module


def test_the_page_names_every_label_the_example_uses():
    used = set(re.findall(r"self\.t\(['\"](calc_[a-z_]+)['\"]\)", EXAMPLE.read_text(encoding="utf-8")))
    used.add("calc_nps_title")  # the title_key
    text = PAGE.read_text(encoding="utf-8")
    assert used == set(LABELS)
    assert all(f"`{key}`" in text for key in used)


def test_the_page_tests_pass_on_the_example(example_module: types.ModuleType):
    text = PAGE.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def test_" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, str(PAGE), "exec"), namespace)  # the page's own test code
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) == 2
    for test in tests:
        test()


def test_the_example_renders_statically_with_a_lite_link(example_module: types.ModuleType):
    calc = example_module.NpsCalculator()
    # default: 5 answers at each score 0..10 -> promoters 10, detractors 35 of 55: NPS = -25/55 x 100
    assert calc.result.nps == pytest.approx(-25 / 55 * 100)
    from widgets import LiveLinks

    html = calc.static_html(LiveLinks("../../lite/lab/index.html?path=en/ch07-management.ipynb", "nb.ipynb"))
    assert "ch07-management.ipynb" in html and "csat-static" in html
