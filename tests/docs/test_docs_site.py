"""The documentation site (MkDocs) built into _build/html/docs by the book build."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS_SRC = ROOT / "docs"
# Modules whose every public name must have a reference entry.
REFERENCED = {
    "reference/scales.md": ["csat_examples.scales"],
    "reference/rate.md": ["csat_examples.rate"],
    "reference/degree.md": ["csat_examples.degree"],
    "reference/hierarchy.md": ["csat_examples.hierarchy"],
    "reference/seed004.md": ["csat_examples.seed004"],
    "reference/servqual.md": ["csat_examples.servqual"],
    "reference/nps-ipa.md": ["csat_examples.nps", "csat_examples.ipa"],
    "reference/breakdown.md": ["csat_examples.breakdown"],
    "reference/stats.md": ["csat_examples.stats", "csat_examples.distributions"],
    "reference/charts.md": ["csat_examples.charts"],
    "reference/datasets.md": ["csat_examples.datasets"],
    "reference/pls.md": ["csat_examples.pls"],
    "reference/survey.md": ["csat_examples.survey", "csat_examples.report", "csat_examples.cli"],
    "reference/support.md": ["csat_examples.errors", "csat_examples.lang", "csat_examples.terms", "csat_examples.fonts"],
    "reference/validation.md": ["csat_examples.validation"],
    "reference/widgets.md": ["widgets"],
}
# Resources a page would fetch (scripts, styles, images, frames); plain <a> links are fine.
OFFSITE = re.compile(
    r"""<(?:script|img|iframe|source)\b[^>]*\bsrc\s*=\s*["'](?:https?:)?//|<link\b[^>]*\bhref\s*=\s*["'](?:https?:)?//""",
    re.I,
)


def _public_names(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    return list(getattr(module, "__all__", []))


@pytest.fixture(scope="module")
def docs_html(built_book: Path) -> Path:
    site = built_book / "docs"
    if not (site / "index.html").is_file():
        pytest.fail("_build/html/docs is missing: the book build's docs step did not run")
    return site


def test_every_package_module_has_a_reference_page():
    """Each module of csat_examples that has __all__ appears on some reference page."""
    import pkgutil

    import csat_examples

    documented = {m for mods in REFERENCED.values() for m in mods}
    for info in pkgutil.iter_modules(csat_examples.__path__):
        name = f"csat_examples.{info.name}"
        if info.name.startswith("_"):
            continue
        assert name in documented, f"{name} has no page under docs/reference/"


def test_nav_lists_every_page_and_every_page_exists():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    in_nav = set(walk(config["nav"]))
    on_disk = {str(p.relative_to(DOCS_SRC)) for p in DOCS_SRC.rglob("*.md")}
    assert on_disk == in_nav


def _anchors(module_name: str, name: str) -> set[str]:
    """Ids under which a public name may be documented: where it is exported, or where it is defined.

    A function that shares its name with its own submodule (``csat_examples.pls.simulate``) is
    documented from the submodule, because the documentation tool resolves the package's name
    to the submodule.
    """
    ids = {f"{module_name}.{name}"}
    obj = getattr(importlib.import_module(module_name), name)
    defined_in, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    if isinstance(defined_in, str) and isinstance(qualname, str):
        ids.add(f"{defined_in}.{qualname}")
    return ids


@pytest.mark.parametrize("page", sorted(REFERENCED))
def test_reference_page_documents_every_public_name(docs_html: Path, page: str):
    html = (docs_html / page.replace(".md", ".html")).read_text(encoding="utf-8")
    missing = []
    for module_name in REFERENCED[page]:
        for name in _public_names(module_name):
            if not any(f'id="{anchor}"' in html for anchor in _anchors(module_name, name)):
                missing.append(f"{module_name}.{name}")
    assert missing == [], f"missing from {page}: {missing}"


def test_no_page_or_asset_points_off_site(docs_html: Path):
    offenders = []
    for path in docs_html.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in OFFSITE.finditer(text):
            offenders.append(f"{path.relative_to(docs_html)}: {text[match.start():match.start() + 80]}")
    for path in docs_html.rglob("*.css"):
        if "fonts.googleapis" in path.read_text(encoding="utf-8", errors="ignore"):
            offenders.append(str(path))
    assert offenders == []


@pytest.mark.browser
def test_docs_pages_load_without_leaving_the_site(docs_html: Path, open_page, offsite_requests):
    for page in ["docs/index.html", "docs/which-function.html", "docs/reference/degree.html",
                 "docs/instructor/live-session.html", "docs/analyst/config.html"]:
        p = open_page(page)
        assert p.locator("h1").first.is_visible()
    assert offsite_requests == []


LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"'#?]+)[^"']*["']""", re.I)


def test_every_relative_link_resolves_including_links_into_the_book(docs_html: Path):
    """MkDocs checks links between its own pages; links written as HTML into the book, its
    JupyterLite site and the quiz downloads (``../../downloads/...``) are checked here."""
    root = docs_html.parent  # _build/html: the book, with this site under docs/
    broken = []
    for page in docs_html.rglob("*.html"):
        if page.name == "404.html":
            continue  # written with site-absolute links, for a server that shows it at any depth
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
                continue  # http:, mailto:, data: ... (off-site loads are checked above)
            resolved = (page.parent / target).resolve()
            if target.endswith("/"):
                resolved = resolved / "index.html"
            if not resolved.exists() or root.resolve() not in resolved.parents:
                broken.append(f"{page.relative_to(docs_html)} -> {target}")
    assert broken == []
