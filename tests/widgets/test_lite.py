"""book.lite: the wheel, the Lite contents and the kernel settings (no browser)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from book import lite


def test_wheel_holds_library_calculators_terms_and_book(repo_root, tmp_path):
    wheel = lite.build_wheel(repo_root, tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("widgets/__init__.py", "widgets/gap_model.py", "csat_examples/terms.py",
                   "csat_examples/data/terms/widgets.yml", "book/lite.py"):
        assert needed in names
    assert wheel.name.endswith("-py3-none-any.whl")
    assert not (repo_root / "build").exists()  # built from a copy: the tree stays clean


def test_lite_notebooks_are_the_instructor_notebooks_with_the_browser_kernel(tmp_path):
    from book.editions import EDITIONS
    from book.instructor import NOTEBOOKS

    for ed in EDITIONS:
        folder = tmp_path / NOTEBOOKS / ed.folder
        folder.mkdir(parents=True)
        (folder / "ch03-rate-vs-degree.ipynb").write_text(json.dumps({
            "cells": [{"cell_type": "markdown", "id": "c0", "metadata": {}, "source": "率为 37.2%"}],
            "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}),
            encoding="utf-8")
    dest = tmp_path / "contents"
    written = lite.notebooks(tmp_path, dest)
    expected = [f"{ed.folder}/ch03-rate-vs-degree" for ed in EDITIONS]
    assert sorted(str(p.relative_to(dest).with_suffix("")) for p in written) == sorted([*expected, "lite-smoke"])
    smoke = json.loads((dest / "lite-smoke.ipynb").read_text(encoding="utf-8"))
    code = "".join(c["source"] for c in smoke["cells"] if c["cell_type"] == "code")
    assert "import numpy" not in code and "smoke ok" in code
    for ed in EDITIONS:
        nb = json.loads((dest / ed.folder / "ch03-rate-vs-degree.ipynb").read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python"  # the in-browser kernel
        assert nb["cells"][0]["source"] == "率为 37.2%"  # the text with its numbers, as the book shows it


def test_kernel_preloads_our_wheel_by_url_from_the_worker():
    wheels = [Path("ipywidgets-8.1.9-py3-none-any.whl"), Path("csat_examples-0.1.0-py3-none-any.whl")]
    settings = lite.lite_settings(wheels)
    kernel = settings["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    packages = kernel["loadPyodideOptions"]["packages"]
    assert packages[-1] == "../../../../pypi/csat_examples-0.1.0-py3-none-any.whl"
    assert {"numpy", "pyyaml", "pillow"} <= set(packages)
    # pandas and matplotlib by their wheel on the CDN: Pyodide loads no dependency of a wheel URL
    cdn = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/"
    assert f"{cdn}pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl" in packages
    assert f"{cdn}matplotlib-3.10.8-cp314-cp314-pyemscripten_2026_0_wasm32.whl" in packages
    assert not {"pandas", "matplotlib", *lite.LEFT_OUT} & set(packages)
    assert "pyodideUrl" not in kernel  # the CDN default of the kernel


def test_intranet_pyodide_url_and_local_folder(tmp_path):
    wheels = [Path("csat_examples-0.1.0-py3-none-any.whl")]
    s = lite.lite_settings(wheels, "https://intranet.example/pyodide/v314.0.6/full/")
    kernel = s["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "https://intranet.example/pyodide/v314.0.6/full/pyodide.mjs"
    assert ("https://intranet.example/pyodide/v314.0.6/full/pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
            in kernel["loadPyodideOptions"]["packages"])  # the mirror's wheel, not the CDN's
    local = tmp_path / "pyodide"
    local.mkdir()
    (local / "pyodide-lock.json").write_text(json.dumps({"packages": {
        "numpy": {"file_name": "numpy-2.whl"}, "pyyaml": {"file_name": "pyyaml-6.whl"}}}))
    (local / "pyyaml-6.whl").write_bytes(b"")
    s = lite.lite_settings(wheels, str(local), local)
    kernel = s["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    # only what the local Pyodide holds is preloaded; the site's copy is found by the build
    assert kernel["loadPyodideOptions"]["packages"] == ["pyyaml", "../../../../pypi/csat_examples-0.1.0-py3-none-any.whl"]
    assert "pyodideUrl" not in kernel
    (local / lite.PYODIDE_WHEELS["pandas"]).write_bytes(b"")
    s = lite.lite_settings(wheels, str(local), local)
    kernel = s["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["loadPyodideOptions"]["packages"] == [
        "pyyaml", "../../../../static/pyodide/pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
        "../../../../pypi/csat_examples-0.1.0-py3-none-any.whl"]


def test_configure_writes_piplite_urls_and_copies_a_local_pyodide(repo_root, tmp_path):
    local = tmp_path / "mypyodide"
    local.mkdir()
    (local / "pyodide-lock.json").write_text(json.dumps({"packages": {}}))
    (local / "pyodide.mjs").write_text("")
    site = tmp_path / "lite"
    site.mkdir()
    wheels = [Path("wheels/csat_examples-0.1.0-py3-none-any.whl")]
    lite.configure(site, wheels, str(local), repo_root)
    config = json.loads((site / "jupyter_lite_config.json").read_text())
    assert config["PipliteAddon"]["piplite_urls"] == ["wheels/csat_examples-0.1.0-py3-none-any.whl"]
    assert (site / "static" / "pyodide" / "pyodide.mjs").exists()
    lite.configure(site, wheels, None, repo_root)  # back to the CDN: the copy goes
    assert not (site / "static" / "pyodide").exists()


def test_build_step_has_the_contract_signature():
    import inspect

    assert list(inspect.signature(lite.run).parameters) == ["root", "out", "strict"]


@pytest.mark.parametrize("value", ["", None])
def test_no_local_pyodide_without_a_folder(value, repo_root):
    assert lite._local_pyodide(value, repo_root) is None


def test_the_kernel_preloads_what_the_library_imports_and_no_scipy(repo_root):
    """In JupyterLite a package our code imports (lazily too) is there only if the kernel loaded it.

    The preloaded Pyodide packages and wheels must cover every import of csat_examples and the
    calculators, and scipy (14 MB) must not be among them: it is neither imported nor preloaded.
    """
    import ast
    import sys

    imported: set[str] = set()
    for path in [*(repo_root / "csat_examples").rglob("*.py"), *(repo_root / "widgets").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"csat_examples", "widgets", "book"}
    preloaded = {{"pyyaml": "yaml", "pillow": "PIL", "python-dateutil": "dateutil"}.get(p, p)
                 for p in (*lite.PYODIDE_PACKAGES, *lite.PYODIDE_WHEELS, *lite.EXTRA_WHEELS)}
    loaded_otherwise = {"IPython"}  # with the kernel
    optional = {"mplfonts"}  # a CJK font package, imported only when installed (csat_examples.fonts)
    optional |= {"jieba", "python_calamine"}  # csat analyze: comment words, fast XLSX; each has a fallback
    assert "scipy" not in third_party and "scipy" not in lite.PYODIDE_PACKAGES
    assert third_party - preloaded - loaded_otherwise - optional == set()


def _pyodide_lock(repo_root: Path) -> dict:
    lock = repo_root / lite.CACHE / "pyodide" / f"pyodide-{lite.PYODIDE_VERSION}" / "pyodide-lock.json"
    if not lock.exists():
        pytest.skip(f"no Pyodide lock file in {lock.parent} (benchmarks/bench_lite.py fetches it from npm)")
    return json.loads(lock.read_text(encoding="utf-8"))["packages"]


def test_wheels_by_url_are_the_locks_and_their_needed_dependencies_are_preloaded(repo_root):
    """A wheel loaded by URL brings no dependency: every one it needs must be preloaded by name.

    The names are the lock's files of PYODIDE_VERSION (a version bump must update them), and of
    their lock dependencies only LEFT_OUT (fontTools, pytz) is missing from what the kernel loads.
    """
    lock = _pyodide_lock(repo_root)
    for name, file in lite.PYODIDE_WHEELS.items():
        assert lock[name]["file_name"] == file
    by_name = lite.lock_closure(lock, [*lite.PYODIDE_PACKAGES, *lite.KERNEL_PACKAGES], loaded=lite.PYODIDE_WHEELS)
    needed = lite.lock_closure(lock, list(lite.PYODIDE_WHEELS))
    assert set(needed) - set(by_name) - set(lite.PYODIDE_WHEELS) == set(lite.LEFT_OUT)
    assert not set(lite.LEFT_OUT) & set(by_name)


def test_chapters_run_without_the_dependencies_left_out(repo_root):
    """matplotlib draws, and pandas works, with fontTools and pytz unimportable (as in the Lite kernel)."""
    import subprocess
    import sys

    code = """
import importlib.abc, io, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("fontTools", "pytz"):
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Block())
import matplotlib
matplotlib.use("Agg")
import pandas as pd
from csat_examples import datasets
from csat_examples.fonts import use_cjk_font
from csat_examples.rate import satisfaction_rate
survey = datasets.load("property_survey")
assert 0 < float(satisfaction_rate(survey["p_rel1"].dropna())) < 100
use_cjk_font()
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.bar(["很满意", "满意"], [3, 4])
ax.set_title("满意率 $T = S / C$")
fig.savefig(io.BytesIO(), format="png")
print(sorted(m for m in sys.modules if m.split(".")[0] in ("fontTools", "pytz")))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root,
                          env={**__import__("os").environ, "PYTHONPATH": str(repo_root)})
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"


_URL_LOAD = """
import { loadPyodide } from "%(dir)s/pyodide.mjs";
const dir = "%(dir)s/";
const py = await loadPyodide({ indexURL: dir, packages: ["six", dir + "%(wheel)s"] });
const start = Object.keys(py.loadedPackages).sort();
await py.loadPackagesFromImports("import stack_data");  // what the kernel does for a cell's imports
console.log(JSON.stringify([start, Object.keys(py.loadedPackages).sort()]));
"""


def test_pyodide_loads_a_wheel_url_without_its_lock_dependencies(repo_root, tmp_path):
    """What PYODIDE_WHEELS relies on, in Pyodide itself (Node, the offline Pyodide of the browser tests).

    stack-data's lock dependencies (executing, asttokens, pure-eval) stand in for pandas' and
    matplotlib's: loaded by URL, none comes along, and a cell's ``import`` later loads nothing.
    """
    import shutil
    import subprocess

    offline = repo_root / lite.CACHE / "offline-pyodide"
    wheels = sorted(offline.glob("stack_data-*.whl"))
    if shutil.which("node") is None or not wheels:
        pytest.skip("needs node and the offline Pyodide (tests/browser/test_calculators.py prepares it)")
    script = tmp_path / "load.mjs"
    script.write_text(_URL_LOAD % {"dir": offline.resolve().as_posix(), "wheel": wheels[0].name}, encoding="utf-8")
    done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    start, after_import = json.loads(done.stdout.strip().splitlines()[-1])
    assert after_import == start
    assert not {"executing", "asttokens", "pure-eval"} & set(start)
    assert {"six", "stack-data"} <= set(start)
