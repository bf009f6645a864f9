"""The authoring guide's quiz page quotes the real banks and lists the real recipes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from book.quizzes.compute import RECIPES
from book.quizzes.schema import parse_bank

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "authoring" / "quizzes.md"
BANKS = ROOT / "book" / "quizzes" / "banks"


def _question_blocks() -> list[dict]:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
    found = []
    for block in blocks:
        data = yaml.safe_load(block)
        if isinstance(data, list):  # a question quoted as a list item, as in a bank
            found.extend(data)
    return found


def test_quoted_questions_are_the_banks_questions_word_for_word():
    quoted = _question_blocks()
    assert len(quoted) >= 4
    for question in quoted:
        chapter = question["id"].split("-")[0]
        bank = yaml.safe_load((BANKS / f"{chapter}.yml").read_text(encoding="utf-8"))
        (original,) = [q for q in bank["questions"] if q["id"] == question["id"]]
        assert question == original, question["id"]


def test_quoted_questions_pass_the_schema():
    raw = {"chapter": "ch03", "title": "t", "page": "p", "questions": _question_blocks()}
    bank = parse_bank(raw, file="quizzes.md")
    assert {q.type for q in bank.questions} >= {"single", "true_false", "numeric"}


def test_recipe_table_lists_exactly_the_recipes():
    text = PAGE.read_text(encoding="utf-8")
    table = text.split("## The recipes", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M)) == set(RECIPES)
