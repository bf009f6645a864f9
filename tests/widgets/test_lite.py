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
    assert {"numpy", "pandas", "matplotlib", "pyyaml"} <= set(packages)
    assert "pyodideUrl" not in kernel  # the CDN default of the kernel


def test_intranet_pyodide_url_and_local_folder(tmp_path):
    wheels = [Path("csat_examples-0.1.0-py3-none-any.whl")]
    s = lite.lite_settings(wheels, "https://intranet.example/pyodide/v314.0.6/full/")
    kernel = s["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "https://intranet.example/pyodide/v314.0.6/full/pyodide.mjs"
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
    preloaded = {{"pyyaml": "yaml"}.get(p, p) for p in (*lite.PYODIDE_PACKAGES, *lite.EXTRA_WHEELS)}
    loaded_otherwise = {"PIL", "IPython"}  # pillow comes with matplotlib; IPython with the kernel
    optional = {"mplfonts"}  # a CJK font package, imported only when installed (csat_examples.fonts)
    optional |= {"jieba", "python_calamine"}  # csat analyze: comment words, fast XLSX; each has a fallback
    assert "scipy" not in third_party and "scipy" not in lite.PYODIDE_PACKAGES
    assert third_party - preloaded - loaded_otherwise - optional == set()
