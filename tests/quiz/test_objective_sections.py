"""Teach before testing: every quiz question maps to a learning objective of its chapter, and that
objective points at a section the chapter (or its page for analysts) really has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
BANKS = [*sorted((ROOT / "book" / "quizzes" / "banks").glob("ch*.yml")),
         *sorted((ROOT / "book" / "quizzes" / "final").glob("ch*.yml"))]
_OBJECTIVE = re.compile(r"^\s*\d+\.\s+\[(O\d+\.\d+)\](.*)$")
_REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([\w-]+)>?`")
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)


def _objectives(chapter: str) -> dict[str, list[str]]:
    """Objective id -> the section labels its line refers to, over the chapter's pages."""
    found: dict[str, list[str]] = {}
    for page in sorted(CHAPTERS.glob(f"{chapter}-*.md")):
        inside = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                inside = line.strip().lower() == "## learning objectives"
                continue
            match = _OBJECTIVE.match(line) if inside else None
            if match:
                current = match.group(1)
                found[current] = _REF.findall(match.group(2))
            elif inside and found and line.startswith(" "):  # an objective wrapped onto more lines
                found[current] += _REF.findall(line)
    return found


def _labels(chapter: str) -> set[str]:
    return {label for page in CHAPTERS.glob(f"{chapter}-*.md")
            for label in _LABEL.findall(page.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_question_tests_an_objective_whose_section_exists(bank):
    raw = yaml.safe_load(bank.read_text(encoding="utf-8"))
    chapter = raw["chapter"]
    objectives, labels = _objectives(chapter), _labels(chapter)
    assert objectives, f"{chapter}: no learning objectives found"
    for objective, refs in objectives.items():
        assert refs, f"{chapter}: objective {objective} names no section ({{ref}}) where it is taught"
        missing = [r for r in refs if r not in labels]
        assert not missing, f"{chapter}: objective {objective} refers to missing sections {missing}"
    for question in raw["questions"]:
        assert question["objective"] in objectives, (
            f"{bank.name}: {question['id']} tests {question['objective']}, "
            f"which is not an objective of {chapter} ({', '.join(objectives)})")
