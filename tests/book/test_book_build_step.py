"""The jupyterbook build step: strict mode fails on a broken chapter, default mode does not.

Each test builds a tiny book in a temporary folder (never the real one), with the same
``book.jupyterbook.run`` the real build uses.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from book import jupyterbook

NOTEBOOK_HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _tiny_book(root: Path, cell: str, timeout: int = 30) -> Path:
    (root / "_config.yml").write_text(yaml.safe_dump({
        "title": "tiny",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "cache", "timeout": timeout, "allow_errors": False},
    }))
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapter\n")
    (root / "index.md").write_text("# Tiny\n\nA front page.\n")
    (root / "chapter.md").write_text(
        NOTEBOOK_HEADER + "\n# Chapter\n\n```{code-cell} ipython3\n" + textwrap.dedent(cell) + "\n```\n"
    )
    return root / "_build" / "html"


def test_strict_build_fails_on_a_cell_error(tmp_path):
    out = _tiny_book(tmp_path, "raise ValueError('deliberately broken chapter')")
    with pytest.raises(jupyterbook.JupyterBookBuildError, match="strict"):
        jupyterbook.run(tmp_path, out, strict=True)


def test_strict_build_fails_on_a_cell_timeout(tmp_path):
    # Jupyter Book reports a timeout only as a warning ("CellTimeoutError ... build succeeded").
    out = _tiny_book(tmp_path, "import time\ntime.sleep(8)", timeout=2)
    with pytest.raises(jupyterbook.JupyterBookBuildError):
        jupyterbook.run(tmp_path, out, strict=True)


def test_default_build_reports_a_cell_error_but_finishes(tmp_path):
    out = _tiny_book(tmp_path, "raise ValueError('deliberately broken chapter')")
    jupyterbook.run(tmp_path, out, strict=False)
    assert (out / "chapter.html").is_file()


def test_build_sets_csat_book_build_for_the_notebooks(tmp_path):
    out = _tiny_book(tmp_path, "import os\nprint('flag=' + os.environ.get('CSAT_BOOK_BUILD', 'unset'))")
    jupyterbook.run(tmp_path, out, strict=True)
    assert "flag=1" in (out / "chapter.html").read_text(encoding="utf-8")


def test_output_must_be_a_build_html_folder(tmp_path):
    with pytest.raises(ValueError, match="_build/html"):
        jupyterbook.command(tmp_path, tmp_path / "elsewhere", strict=False)


def test_vendored_assets_named_in_config_exist(repo_root):
    config = yaml.safe_load((repo_root / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    static = [repo_root / folder for folder in config["html_static_path"]]
    wanted = [*config["nb_ipywidgets_js"], config["mathjax_path"]]
    wanted += [f"mathjax/{c}.js" for c in config["mathjax3_config"]["loader"]["load"]]
    for asset in wanted:
        assert not asset.startswith(("http:", "https:", "//")), f"{asset} would be loaded from the internet"
        assert any((folder / asset).is_file() for folder in static), f"{asset} is not in {static}"
    assert "_static" not in {p.name for p in static}, "vendored JS in _static/ would load on every page twice"
