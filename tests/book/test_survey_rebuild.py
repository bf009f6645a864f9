"""A changed course survey, or changed code behind the chapters, makes the book step
execute every chapter again (the execution cache only sees a notebook's own cells)."""

from __future__ import annotations

from pathlib import Path

import pytest

from book import jupyterbook


def _run_step(tmp_path: Path, monkeypatch) -> list[list[str]]:  # noqa: ARG001 - same signature as before
    """One successful build as the step does it: its flags, then the key recorded."""
    build_root = tmp_path / "_build" / "ed" / "zh-hans"
    flags, key = jupyterbook.cache_flags(tmp_path, build_root, strict=False)
    jupyterbook.record_success(build_root, key)
    return [flags]


@pytest.fixture()
def book_root(tmp_path, monkeypatch):
    for name in jupyterbook.SURVEY_ENV:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "csat_examples").mkdir()
    (tmp_path / "csat_examples" / "charts.py").write_text("COLOUR = 'blue'\n", encoding="utf-8")
    (tmp_path / "constraints.txt").write_text("matplotlib==3.10.9\n", encoding="utf-8")
    return tmp_path


def _cache(root: Path) -> Path:
    cache = root / "_build" / "ed" / "zh-hans" / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def test_a_cache_of_unknown_origin_is_not_trusted(book_root, monkeypatch):
    cache = _cache(book_root)  # no key recorded: made by an older build
    assert "--all" in _run_step(book_root, monkeypatch)[-1]
    assert not cache.exists()
    cache = _cache(book_root)
    assert "--all" not in _run_step(book_root, monkeypatch)[-1]
    assert cache.exists()


def test_a_new_survey_clears_the_cache_and_rebuilds_all(book_root, monkeypatch):
    _run_step(book_root, monkeypatch)
    cache = _cache(book_root)
    # Same (bundled) survey as last time: the cache is used, only changed pages rebuild.
    assert "--all" not in _run_step(book_root, monkeypatch)[-1]
    assert cache.exists()

    survey = book_root / "owners.csv"
    survey.write_text("overall\n满意\n", encoding="utf-8")
    monkeypatch.setenv("CSAT_SURVEY_FILE", str(survey))
    monkeypatch.setenv("CSAT_SURVEY_CONFIG", str(survey))
    assert "--all" in _run_step(book_root, monkeypatch)[-1]
    assert not cache.exists()

    # Built once with it: the next build is incremental again ...
    assert "--all" not in _run_step(book_root, monkeypatch)[-1]
    # ... until the file itself changes.
    survey.write_text("overall\n满意\n很满意\n", encoding="utf-8")
    assert "--all" in _run_step(book_root, monkeypatch)[-1]


@pytest.mark.parametrize("changed", ["csat_examples/charts.py", "constraints.txt", "widgets/rater.py"])
def test_changed_code_or_pins_clear_the_cache(book_root, monkeypatch, changed):
    _run_step(book_root, monkeypatch)
    cache = _cache(book_root)
    assert "--all" not in _run_step(book_root, monkeypatch)[-1]
    path = book_root / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + "# changed\n", encoding="utf-8")
    assert "--all" in _run_step(book_root, monkeypatch)[-1]
    assert not cache.exists()


def test_a_chapter_edit_alone_keeps_the_cache(book_root, monkeypatch):
    _run_step(book_root, monkeypatch)
    cache = _cache(book_root)
    (book_root / "chapters").mkdir()
    (book_root / "chapters" / "ch01-customers.md").write_text("# One paragraph more\n", encoding="utf-8")
    assert "--all" not in _run_step(book_root, monkeypatch)[-1]
    assert cache.exists()
