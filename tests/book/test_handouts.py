"""The class kit: a participant handout per chapter (one A4 sheet) and the facilitator answer key, per edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book.handouts import MAX_HANDOUT_PAGES, chapter_parts, pdf_pages
from bookpages import chapter_files

pytestmark = pytest.mark.book
EDITIONS = ["zh-hans", "zh-hant", "en"]
SOURCES = Path(__file__).resolve().parents[2] / "_build" / "handouts"


def _pdf(path: Path) -> bytes:
    assert path.is_file(), f"{path} is missing"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), f"{path} is not a PDF"
    return data


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("source", chapter_files())
def test_every_chapter_has_a_one_sheet_handout(built_book, edition, source):
    page = Path(source).name
    pdf = _pdf(built_book / "downloads" / "handouts" / edition / f"{page}.pdf")
    assert 1 <= pdf_pages(pdf) <= MAX_HANDOUT_PAGES
    # A4 is 595.3 x 841.9 points (Chromium writes 594.96 x 841.92)
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf).groups())
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1, f"not A4: {width} x {height} pt"
    handout = (SOURCES / edition / f"{page}.html").read_text(encoding="utf-8")
    parts = chapter_parts((built_book / edition / f"{source}.html").read_text(encoding="utf-8"), page)
    assert parts.objectives and parts.takeaways and parts.exercises, f"{edition}/{page}: sections not found"
    questions, answers = handout.split('<section class="answers">')
    for name, body, solution in parts.exercises:
        assert body in questions and name in questions
        assert solution not in questions, f"{edition}/{page}: the solution of {name} is beside its question"
        assert solution in answers, f"{edition}/{page}: the answers at the end lack {name}"
    assert "<pre" not in handout and "highlight" not in handout, f"{edition}/{page}: code in a handout"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_answer_key_has_every_solution_and_quiz_answer(built_book, edition):
    pdf = _pdf(built_book / "downloads" / f"answer-key-{edition}.pdf")
    assert pdf_pages(pdf) > len(chapter_files())
    key = (SOURCES / f"answer-key-{edition}.html").read_text(encoding="utf-8")
    for source in chapter_files():
        parts = chapter_parts((built_book / edition / f"{source}.html").read_text(encoding="utf-8"),
                              Path(source).name)
        assert parts.title in key
        for name, _, solution in parts.exercises:
            assert solution and solution in key, f"{edition}: the solution of {name} is not in the answer key"
    assert key.count('<ol class="quiz">') == len(chapter_files())


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant"])
def test_chinese_documents_embed_a_chinese_font(built_book, edition):
    pdf = _pdf(built_book / "downloads" / f"answer-key-{edition}.pdf")
    assert b"NotoSansCJK" in pdf or b"NotoSerifCJK" in pdf
