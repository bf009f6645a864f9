"""The JupyterHub samples of the instructor guide install what the chapters need."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "docs" / "instructor" / "jupyterhub"
SCRIPTS = sorted(SAMPLES.glob("*.sh"))
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.S | re.M)
IMPORT = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)


def _extras_installed(script: Path) -> set[str]:
    """The extras of the course a sample installs: '"$COURSE[book]"' -> {'book'}."""
    found = re.findall(r'"\$COURSE\[([a-z,]+)\]"', script.read_text(encoding="utf-8"))
    assert found, f"{script.name} does not install the course"
    return {extra for group in found for extra in group.split(",")}


def _closure(requirements: list[str], extras: set[str]) -> set[str]:
    """Installed distributions reachable from the course's requirements with ``extras``."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [(r, extras) for r in requirements]
    while todo:
        raw, active = todo.pop()
        req = Requirement(raw)
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (active or {""})):
            continue
        name = req.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            todo += [(r, set(req.extras)) for r in (metadata.requires(req.name) or [])]
        except metadata.PackageNotFoundError:
            pass
    return seen


def _chapter_imports() -> set[str]:
    modules = set()
    for md in sorted((ROOT / "chapters").glob("ch[0-9][0-9]-*.md")):
        for cell in CODE_CELL.findall(md.read_text(encoding="utf-8")):
            modules |= set(IMPORT.findall(cell))
    return modules


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_sample_scripts_are_valid_bash(script: Path):
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0


def test_sample_hub_config_compiles():
    compile((SAMPLES / "jupyterhub_config.py").read_text(encoding="utf-8"), "jupyterhub_config.py", "exec")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_samples_install_an_extra_that_provides_every_chapter_import(script: Path):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = _extras_installed(script)
    assert extras <= set(pyproject["project"]["optional-dependencies"])
    installed = _closure(metadata.requires("csat-examples") or [], extras) | {"csat-examples"}
    providers = metadata.packages_distributions()
    missing = []
    for module in sorted(_chapter_imports()):
        if module in sys.stdlib_module_names:
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if module in ("csat_examples", "widgets", "book"):
            dists.add("csat-examples")  # the course itself (installed editable here)
        if not dists & installed:
            missing.append(module)
    assert missing == [], f"{script.name} installs extras {extras}, which do not provide {missing}"
    assert "jupytext" in installed  # the chapters are Markdown notebooks
