"""Every page of every edition has no serious or critical accessibility violation (axe-core).

axe-core (npm, vendored in ``tests/vendor/axe-core``) runs inside each page in Chromium: contrast,
alternative text in the page's language, labelled controls, heading order, ``lang``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpages import EDITIONS, toc_files

pytestmark = [pytest.mark.book, pytest.mark.browser]
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in SERIOUS]


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {targets})")
    return "\n".join(lines)


@pytest.mark.parametrize("source", toc_files())
@pytest.mark.parametrize("edition", EDITIONS)
def test_page_has_no_serious_accessibility_violation(open_page, edition, source):
    page = open_page(f"{edition}/{source}.html", width=1280, height=900)
    violations = _violations(page)
    assert not violations, f"{edition}/{source}:\n{_describe(violations)}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_phone_layout_has_no_serious_accessibility_violation(open_page, edition):
    page = open_page(f"{edition}/chapters/ch03-rate-vs-degree.html", width=390, height=844)
    violations = _violations(page)
    assert not violations, f"{edition} at 390 px:\n{_describe(violations)}"
