"""The course file: an organisation's own course (name, editions, chapters, survey, pass mark).

The unit tests check the file's validation; the build test builds a second course, one edition of
the one-day cut with an organisation's name, in a copy of the project (the real build is untouched).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book.course import DEFAULT, CourseError, load_course
from book.editions import course_toc

ROOT = Path(__file__).resolve().parents[2]


def _course(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "course.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, field", [
    ("editions: [fr]\n", "editions"),
    ("editions: []\n", "editions"),
    ("chapters: [ch09-future]\n", "chapters"),
    ("chapters: half-day\n", "chapters"),
    ("survey: {file: owners.csv}\n", "survey.file"),
    ("final_assessment: {pass_mark: 70}\n", "final_assessment.pass_mark"),
    ("final_assessment: {pass_mark: yes}\n", "final_assessment.pass_mark"),
    ("organisation: {name: {fr: Société}}\n", "organisation.name"),
    ("titel: x\n", "titel"),
])
def test_a_bad_course_file_names_the_field_and_the_fix(tmp_path, text, field):
    with pytest.raises(CourseError) as failure:
        load_course(_course(tmp_path, text))
    message = str(failure.value)
    assert str(tmp_path / "course.yml") in message and repr(field) in message and "Fix:" in message


def test_survey_needs_both_its_file_and_its_config(tmp_path):
    (tmp_path / "owners.csv").write_text("overall\n满意\n", encoding="utf-8")
    with pytest.raises(CourseError, match="both the survey file and its config"):
        load_course(_course(tmp_path, "survey: {file: owners.csv}\n"))


def test_the_bundled_course_builds_everything():
    course = load_course(DEFAULT)
    assert course.editions == ("zh", "zh-Hant", "en") and course.chapters is None
    assert course.organisation_name("en") == "" and course.survey_file is None


def test_one_day_table_of_contents_keeps_the_other_pages():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    course = load_course(DEFAULT)
    one_day = course_toc(toc, type(course)(DEFAULT, chapters=("ch01-customers", "ch07-management")))
    files = [c["file"] for p in one_day["parts"] for c in p["chapters"]]
    assert "chapters/ch01-customers" in files and "chapters/ch07-management" in files
    assert "chapters/ch05-iso9000" not in files and "chapters/glossary" in files


def test_the_build_refuses_a_bad_course_file_without_a_traceback(tmp_path):
    bad = _course(tmp_path, "editions: [fr]\n")
    done = subprocess.run([sys.executable, "-m", "book", "build", "--course", str(bad)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "editions" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.book
def test_a_second_course_builds_its_own_site(tmp_path):
    """One Traditional-Chinese edition of the one-day cut, with the organisation's name on it."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "_build", "__pycache__",
                                                                  ".hypothesis", ".pytest_cache"))
    course = _course(tmp_path, "organisation: {name: 安居物业服务有限公司}\neditions: [zh-Hant]\nchapters: one-day\n"
                               "final_assessment: {pass_mark: 0.8}\n")
    env = {**os.environ, "PYTHONPATH": str(project)}
    env.pop("CSAT_COURSE", None)
    done = subprocess.run([sys.executable, "-m", "book", "build", "--course", str(course), "--only", "editions",
                           "--only", "jupyterbook"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    site = project / "_build" / "html"
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["zh-hant"]
    assert "url=zh-hant/index.html" in (site / "index.html").read_text(encoding="utf-8")
    chapters = sorted(p.stem for p in (site / "zh-hant" / "chapters").glob("ch0*.html"))
    assert [c[:4] for c in chapters if "-analysts" not in c] == ["ch01", "ch02", "ch03", "ch04", "ch07"]
    page = (site / "zh-hant" / "chapters" / "ch03-rate-vs-degree.html").read_text(encoding="utf-8")
    assert "安居物業服務有限公司" in page
    assert "csat-editions" not in page  # one edition: no language switch
