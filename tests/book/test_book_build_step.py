"""The jupyterbook build step: a broken chapter fails every build, cached or not, and says why.

Each test builds a tiny book in a temporary folder (never the real one), with the same
``book.jupyterbook.build_book`` / ``finish_book`` the real build uses for each edition.
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
        "execute": {"execute_notebooks": "cache", "timeout": timeout, "allow_errors": False,
                    "raise_on_error": True},
    }))
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapter\n")
    (root / "index.md").write_text("# Tiny\n\nA front page.\n")
    (root / "chapter.md").write_text(
        NOTEBOOK_HEADER + "\n# Chapter\n\n```{code-cell} ipython3\n" + textwrap.dedent(cell) + "\n```\n"
    )
    return root / "build"


def _build(src: Path, build_root: Path, strict: bool, lang: str = "en") -> Path:
    process = jupyterbook.build_book(src, build_root, strict, lang)
    return jupyterbook.finish_book(process, build_root, strict, "tiny")


@pytest.mark.parametrize("strict", [True, False])
def test_any_build_fails_on_a_cell_error_and_names_the_chapter_and_error(tmp_path, strict):
    build_root = _tiny_book(tmp_path, "# check the survey has importance columns\n"
                                      "raise ValueError('deliberately broken chapter')")
    with pytest.raises(jupyterbook.JupyterBookBuildError) as failure:
        _build(tmp_path, build_root, strict)
    message = str(failure.value)
    assert "chapter" in message and "deliberately broken chapter" in message
    assert "check the survey has importance columns" in message  # the failing cell's first line


def test_a_failed_chapter_is_not_cached_into_a_succeeding_rebuild(tmp_path):
    build_root = _tiny_book(tmp_path, "raise ValueError('deliberately broken chapter')")
    with pytest.raises(jupyterbook.JupyterBookBuildError):
        _build(tmp_path, build_root, strict=False)
    # Nothing changed: the second (incremental, cached) build must fail again, not succeed.
    with pytest.raises(jupyterbook.JupyterBookBuildError, match="deliberately broken chapter"):
        _build(tmp_path, build_root, strict=False)


def test_strict_build_fails_on_a_cell_timeout(tmp_path):
    # Jupyter Book reports a timeout only as a warning ("CellTimeoutError ... build succeeded").
    build_root = _tiny_book(tmp_path, "import time\ntime.sleep(8)", timeout=2)
    with pytest.raises(jupyterbook.JupyterBookBuildError):
        _build(tmp_path, build_root, strict=True)


def test_build_sets_the_book_flag_and_the_edition_language(tmp_path):
    build_root = _tiny_book(tmp_path, "import os\nprint('flag=' + os.environ.get('CSAT_BOOK_BUILD', 'unset')"
                                      " + ' lang=' + os.environ.get('CSAT_LANG', 'unset'))")
    html = _build(tmp_path, build_root, strict=True, lang="zh-Hant")
    assert "flag=1 lang=zh-Hant" in (html / "chapter.html").read_text(encoding="utf-8")


def test_vendored_assets_named_in_config_exist(repo_root):
    config = yaml.safe_load((repo_root / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    static = [repo_root / folder for folder in config["html_static_path"]]
    wanted = [*config["nb_ipywidgets_js"], config["mathjax_path"]]
    wanted += [f"mathjax/{c}.js" for c in config["mathjax3_config"]["loader"]["load"]]
    for asset in wanted:
        assert not asset.startswith(("http:", "https:", "//")), f"{asset} would be loaded from the internet"
        assert any((folder / asset).is_file() for folder in static), f"{asset} is not in {static}"
    assert "_static" not in {p.name for p in static}, "vendored JS in _static/ would load on every page twice"


class _FakeBuild:
    """A finished edition build whose log says ``log`` (``fails``: it exited 1)."""

    def __init__(self, log: Path, text: str, fails: bool) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(text, encoding="utf-8")
        self.csat_log, self.fails = log, fails


@pytest.mark.parametrize(("first_log", "retried"), [
    ("zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:43691')", True),
    ("CellExecutionError: ZeroDivisionError: division by zero", False),
])
def test_an_edition_whose_kernel_could_not_start_is_built_again_alone(tmp_path, monkeypatch, first_log, retried):
    """Two editions' kernels can be handed the same port: that edition is built once more, after the others;
    a real error (a failing cell) is not retried."""
    calls: list[str] = []

    def build_book(src, build_root, strict, lang="en", root=None, narrow_figures=None):
        name = Path(build_root).name
        calls.append(name)
        failing = name == "zh-hant" and calls.count(name) == 1
        return _FakeBuild(Path(build_root) / "build.log", first_log if failing else "ok", failing)

    def finish_book(process, build_root, strict, name):
        if process.fails:
            raise jupyterbook.JupyterBookBuildError(f"{name} failed")
        html_dir = Path(build_root) / "html"
        html_dir.mkdir(parents=True, exist_ok=True)
        return html_dir

    monkeypatch.setattr(jupyterbook, "build_book", build_book)
    monkeypatch.setattr(jupyterbook, "finish_book", finish_book)
    monkeypatch.setattr(jupyterbook, "narrow_figures", lambda root, ed: None)
    monkeypatch.setattr(jupyterbook, "shrink_images", lambda html_dir: 0)
    (tmp_path / "out").mkdir()
    if retried:
        jupyterbook.run(tmp_path, tmp_path / "out", strict=True)
        assert calls == ["zh-hans", "zh-hant", "en", "zh-hant"]  # after the others had finished
        assert (tmp_path / "out" / "index.html").is_file()
    else:
        with pytest.raises(jupyterbook.JupyterBookBuildError, match="zh-hant failed"):
            jupyterbook.run(tmp_path, tmp_path / "out", strict=True)
        assert calls == ["zh-hans", "zh-hant", "en"]
