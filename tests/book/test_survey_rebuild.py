"""A changed course survey makes the book step execute every chapter again."""

from __future__ import annotations

import subprocess
from pathlib import Path

from book import jupyterbook


def _run_step(tmp_path: Path, monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def fake_run(cmd, **kwargs):  # noqa: ARG001 - stands in for jupyter-book
        calls.append(list(cmd))
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(jupyterbook.subprocess, "run", fake_run)
    monkeypatch.setattr(jupyterbook, "shrink_images", lambda out: 0)
    jupyterbook.run(tmp_path, tmp_path / "_build" / "html", strict=False)
    return calls


def test_a_new_survey_clears_the_cache_and_rebuilds_all(tmp_path, monkeypatch):
    for name in jupyterbook.SURVEY_ENV:
        monkeypatch.delenv(name, raising=False)
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    # Same (bundled) survey as last time: the cache is used, only changed pages rebuild.
    assert "--all" not in _run_step(tmp_path, monkeypatch)[-1]
    assert cache.exists()

    survey = tmp_path / "owners.csv"
    survey.write_text("overall\n满意\n", encoding="utf-8")
    monkeypatch.setenv("CSAT_SURVEY_FILE", str(survey))
    monkeypatch.setenv("CSAT_SURVEY_CONFIG", str(survey))
    assert "--all" in _run_step(tmp_path, monkeypatch)[-1]
    assert not cache.exists()

    # Built once with it: the next build is incremental again ...
    assert "--all" not in _run_step(tmp_path, monkeypatch)[-1]
    # ... until the file itself changes.
    survey.write_text("overall\n满意\n很满意\n", encoding="utf-8")
    assert "--all" in _run_step(tmp_path, monkeypatch)[-1]
