"""The build step with pools and Chinese text: strict fails naming the file; otherwise warns and writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from book.quizzes import export as quiz_export
from book.quizzes.schema import BankError

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture()
def book(tmp_path):
    shutil.copytree(FIXTURES / "banks", tmp_path / "book" / "quizzes" / "banks")
    shutil.copytree(FIXTURES / "final", tmp_path / "book" / "quizzes" / "final")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "ch03-rate-vs-degree.md").write_text(
        "# Rate\n\n## Learning objectives\n\n1. [O3.1] a\n2. [O3.2] b\n", encoding="utf-8")
    return tmp_path


def test_strict_build_passes_with_complete_pools_and_translations(book):
    out = book / "_build" / "html"
    quiz_export.run(book, out, strict=True)
    for edition in ("zh-hans", "zh-hant", "en"):
        assert (out / "downloads" / "quizzes" / edition / "final-gift.txt").is_file()
        assert (out / "quizzes" / edition / "final.js").is_file()
    assert "满意率统计的是什么" in (out / "quizzes" / "zh-hans" / "ch03.js").read_text(encoding="utf-8")


def test_a_missing_translation_fails_strict_and_warns_otherwise(book, capsys):
    zh = book / "book" / "quizzes" / "final" / "zh" / "ch03.yml"
    content = yaml.safe_load(zh.read_text(encoding="utf-8"))
    del content["questions"]["final-ch03-q05"]
    zh.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    out = book / "_build" / "html"
    with pytest.raises(BankError, match=r"book/quizzes/final/zh/ch03.yml: question 'final-ch03-q05': missing"):
        quiz_export.run(book, out, strict=True)
    quiz_export.run(book, out, strict=False)
    assert "final/zh/ch03.yml: question 'final-ch03-q05': missing" in capsys.readouterr().err
    final = (out / "quizzes" / "zh-hans" / "final.js").read_text(encoding="utf-8")
    assert "Estate case 5" in final and "小区案例 4" in final  # that question in English, the others Chinese


def test_a_chapter_without_a_pool_fails_strict(book):
    shutil.rmtree(book / "book" / "quizzes" / "final")
    with pytest.raises(BankError, match=r"chapter ch03 has no final-assessment pool"):
        quiz_export.run(book, book / "_build" / "html", strict=True)


def test_a_course_of_other_chapters_does_not_need_this_chapters_pool(book, monkeypatch):
    shutil.rmtree(book / "book" / "quizzes" / "final")
    course = book / "course.yml"
    course.write_text("chapters: [ch01-customers]\n", encoding="utf-8")
    monkeypatch.setenv("CSAT_COURSE", str(course))
    quiz_export.run(book, book / "_build" / "html", strict=True)
    assert not (book / "_build" / "html" / "quizzes" / "en" / "ch03.js").exists()
    assert not (book / "_build" / "html" / "downloads" / "quizzes" / "en" / "ch03-moodle.xml").exists()
