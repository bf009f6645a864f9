"""The architecture page (docs/architecture.md) names real modules and files, and its import rule holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture.md"
# a dotted name of the project's code in backticks: `csat_examples.charts.live`, `widgets.rater`, `book.scorm`
MODULE = re.compile(r"`((?:csat_examples|widgets|book)(?:\.[A-Za-z_]\w*)*)`")
# a path of the project in backticks: `chapters/ch03-analysts.md`, `book/quizzes/banks/`
PATH = re.compile(r"`((?:chapters|book|tests|docs|widgets|csat_examples)/[\w./-]*)`")
# which top-level packages each layer must never import (the page's one-way rule)
FORBIDDEN = {"csat_examples": {"widgets", "book"}, "widgets": {"book"}}
# library modules that present results; the computing modules must not import them
PRESENTING = {"charts", "report", "cli"}


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_page_is_in_the_site_navigation():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert any(isinstance(entry, dict) and "architecture.md" in entry.values() for entry in nav)


def test_every_module_the_page_names_exists():
    names = set(MODULE.findall(_page()))
    assert len(names) > 40, "the page should name the modules of every layer"
    missing = sorted(name for name in names if _module_file(name) is None)
    assert missing == [], f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_path_the_page_names_exists():
    paths = set(PATH.findall(_page()))
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert missing == [], f"docs/architecture.md names paths that do not exist: {missing}"


def test_every_library_module_is_on_the_page():
    """A new module of the library gets a row: the page stays the map of the code."""
    named = set(MODULE.findall(_page()))
    modules = {f"csat_examples.{p.stem}" for p in (ROOT / "csat_examples").glob("*.py") if not p.stem.startswith("_")}
    packages = {f"csat_examples.{p.parent.name}" for p in (ROOT / "csat_examples").glob("*/__init__.py")
                if not p.parent.name.startswith("_")}
    charts = {f"csat_examples.charts.{p.stem}" for p in (ROOT / "csat_examples" / "charts").glob("*.py")
              if not p.stem.startswith("_")}
    widgets = {f"widgets.{p.stem}" for p in (ROOT / "widgets").glob("*.py") if not p.stem.startswith("_")}
    missing = sorted((modules | packages | charts | widgets) - named)
    assert missing == [], f"modules missing from docs/architecture.md: {missing}"


def _imported_roots(source: str) -> set[str]:
    """Top-level names a module's source imports (absolute imports; relative ones stay in its package)."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def _library_imports(source: str, package: tuple[str, ...]) -> set[str]:
    """The library's top-level modules that a module of ``csat_examples/<package...>/`` imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("csat_examples."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            # ``from ..charts import x`` in csat_examples/report/: climb level - 1 packages, then name
            base = list(package[:max(len(package) - (node.level - 1), 0)])
            parts = base + (node.module.split(".") if node.module else [node.names[0].name])
            found.add(parts[0])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("csat_examples.")}
    return found


def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_point_one_way(layer):
    offenders = [f"{path.relative_to(ROOT)} imports {sorted(_imported_roots(_source(path)) & FORBIDDEN[layer])}"
                 for path in sorted((ROOT / layer).rglob("*.py")) if _imported_roots(_source(path)) & FORBIDDEN[layer]]
    assert offenders == []


def test_computing_modules_do_not_import_the_presenting_ones():
    offenders = []
    for path in sorted((ROOT / "csat_examples").rglob("*.py")):
        parts = path.relative_to(ROOT / "csat_examples").parts
        if parts[0].removesuffix(".py") in PRESENTING:
            continue
        wrong = _library_imports(_source(path), parts[:-1]) & PRESENTING
        if wrong:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(wrong)}")
    assert offenders == []


def test_the_import_scanners_see_what_would_break_the_rule():
    """Else the rule tests above would pass whatever the code imports."""
    source = "from ..charts import radar_chart\nfrom . import model\nimport widgets.rater\nfrom book import notebook\n"
    assert _imported_roots(source) == {"widgets", "book"}
    assert _library_imports(source, ("pls",)) == {"charts", "pls"}
    assert _library_imports("from .charts import x\nimport csat_examples.report\n", ()) == {"charts", "report"}
