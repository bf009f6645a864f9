"""Teach before testing: every quiz question maps to a learning objective of its chapter, and every
objective (on the chapter's page or its page for analysts) points at a section the chapter has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from book.quizzes.banks import chapter_objectives, core_ids

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
BANKS = [*sorted((ROOT / "book" / "quizzes" / "banks").glob("ch*.yml")),
         *sorted((ROOT / "book" / "quizzes" / "final").glob("ch*.yml"))]
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)


@pytest.fixture(scope="module")
def objectives():
    return chapter_objectives(CHAPTERS)


def _labels(chapter: str) -> set[str]:
    return {label for page in CHAPTERS.glob(f"{chapter}-*.md")
            for label in _LABEL.findall(page.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("chapter", sorted({p.name[:4] for p in CHAPTERS.glob("ch[0-9][0-9]-*.md")}))
def test_every_objective_names_a_section_the_chapter_has(objectives, chapter):
    labels = _labels(chapter)
    assert objectives[chapter], f"{chapter}: no learning objectives found"
    for objective in objectives[chapter]:
        page = f"chapters/{objective.page}.md"
        assert objective.sections, (
            f"{page}: objective {objective.id} names no section ({{ref}}) where it is taught")
        missing = [r for r in objective.sections if r not in labels]
        assert not missing, f"{page}: objective {objective.id} refers to missing sections {missing}"


def test_every_page_of_a_chapter_contributes_its_objectives(tmp_path):
    """A page for analysts neither hides the core page's objectives nor is hidden by them."""
    objective = "## Learning objectives\n\n1. [{}] Text ({{ref}}`{}`).\n"
    (tmp_path / "ch06-analysts.md").write_text(objective.format("O6.6", "fit"), encoding="utf-8")
    (tmp_path / "ch06-measurement.md").write_text(objective.format("O6.1", "why"), encoding="utf-8")
    listed = chapter_objectives(tmp_path)["ch06"]
    assert [(o.id, o.page, o.sections) for o in listed] == [
        ("O6.1", "ch06-measurement", ("why",)), ("O6.6", "ch06-analysts", ("fit",))]
    assert core_ids(listed) == ["O6.1"]


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_question_tests_a_core_objective_of_its_chapter(objectives, bank):
    raw = yaml.safe_load(bank.read_text(encoding="utf-8"))
    chapter = raw["chapter"]
    core = core_ids(objectives[chapter])
    for question in raw["questions"]:
        assert question["objective"] in core, (
            f"{bank.name}: {question['id']} tests {question['objective']}, "
            f"which is not a core objective of {chapter} ({', '.join(core)})")
