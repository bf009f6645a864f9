"""What the page gets: escaped quiz JSON, self-hosted script, final-assessment draw, progress list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from book.quizzes import describe_final, final_questions, load_banks, render
from book.quizzes.schema import Bank, Option, Question

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)> [a](javascript:alert(1)) $x$'


@pytest.fixture(scope="module")
def banks():
    return load_banks(ROOT / "book" / "quizzes" / "banks")


def _hostile_bank() -> dict[str, Bank]:
    # Built directly, bypassing parse_bank (which would refuse it): the renderer must be safe anyway.
    q = Question(id="h-q1", type="single", kind="recall", objective="O3.1", difficulty="easy",
                 text=HOSTILE, options=(Option(HOSTILE, True, HOSTILE), Option("no", False, "no")))
    return {"ch03": Bank(chapter="ch03", title=HOSTILE, page="ch03-rate-vs-degree", questions=(q,))}


def _data(fragment: str, element_id: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{element_id}-data">(.*?)</script>', fragment, re.S)
    assert match, fragment[:300]
    return json.loads(match.group(1))


def test_hostile_bank_text_cannot_close_the_data_script_or_add_markup():
    fragment = render.quiz_html("ch03", _hostile_bank())
    # the only </script> tags are those of the data block and of the inline library
    assert fragment.count("</script>") == 2
    assert "<img" not in fragment
    block = re.search(r'id="csat-quiz-ch03-data">(.*?)</script>', fragment, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block  # written as \u003c etc.
    data = _data(fragment, "csat-quiz-ch03")
    assert data["questions"][0]["text"] == HOSTILE           # delivered intact, as data
    assert data["questions"][0]["options"][0]["feedback"] == HOSTILE


def test_the_script_uses_text_content_never_inner_html():
    js = (ROOT / "book" / "quizzes" / "static" / "csat-quiz.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", js, flags=re.S)  # comments may mention them
    for unsafe in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                   "new Function"):
        assert unsafe not in code, unsafe
    assert "textContent" in js


def test_no_network_and_no_cdn_in_the_assets():
    for name in ("csat-quiz.js", "csat-quiz.css"):
        text = (ROOT / "book" / "quizzes" / "static" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//cdn|fetch\(|XMLHttpRequest|sendBeacon|@import", text), name


def test_show_quiz_displays_html_then_javascript(monkeypatch, banks):
    shown = []
    monkeypatch.setattr(render, "cached_banks", lambda: banks)
    monkeypatch.setattr(render, "_display", lambda html, js: shown.append((html, js)))
    render.show_quiz("ch03")
    [(html, js)] = shown
    data = _data(html, "csat-quiz-ch03")
    assert [q["id"] for q in data["questions"]] == [q.id for q in banks["ch03"].questions]
    assert data["progressUrl"] is None  # in a notebook there is no progress page to link to
    assert "window.CsatQuiz" in js
    with pytest.raises(KeyError, match="no quiz bank for 'ch99'"):
        render.show_quiz("ch99")


def test_in_the_book_the_page_loads_same_site_assets_written_by_the_build(monkeypatch, banks):
    shown = []
    monkeypatch.setenv("CSAT_BOOK_BUILD", "1")
    monkeypatch.setattr(render, "cached_banks", lambda: banks)
    monkeypatch.setattr(render, "_display", lambda html, js: shown.append((html, js)))
    render.show_quiz("ch01")
    render.show_progress()
    [(quiz, quiz_js), (progress, progress_js)] = shown
    assert quiz_js is None and progress_js is None  # no inline script: the page loads the files
    assert 'data-quiz="ch01"' in quiz and 'data-quiz="progress"' in progress
    assert re.findall(r'(?:src|href)="([^"]+)"', quiz) == [
        "../quizzes/csat-quiz.css", "../quizzes/ch01.js", "../quizzes/csat-quiz.js"]
    assets = render.book_assets(banks)
    assert sorted(assets) == sorted([f"{c}.js" for c in banks] + [
        "final.js", "progress.js", "csat-quiz.js", "csat-quiz.css"])
    data = json.loads(re.search(r'\["ch01"\] = (.*);\n$', assets["ch01.js"], re.S).group(1))
    assert data["progressUrl"] == "progress.html"
    assert [q["id"] for q in data["questions"]] == [q.id for q in banks["ch01"].questions]


def test_book_data_scripts_escape_hostile_text():
    script = render.book_assets(_hostile_bank())["ch03.js"]
    assert "<" not in script and ">" not in script
    payload = json.loads(re.search(r'\["ch03"\] = (.*);\n$', script, re.S).group(1))
    assert payload["questions"][0]["text"] == HOSTILE


def test_numeric_question_carries_its_computed_answer_and_tolerance(banks):
    data = _data(render.quiz_html("ch03", banks), "csat-quiz-ch03")
    q = next(q for q in data["questions"] if q["id"] == "ch03-q02")
    assert q["answer"] == pytest.approx(14 / 30 * 100)   # 14 of 30 owners, by hand
    assert q["tolerance"] == 0.1 and q["unit"] == "%"
    assert q["wrong"][0]["value"] == pytest.approx(20 / 30 * 100)  # 较满意 counted too
    assert q["table"]["rows"][0] == ["很不满意", "1"]


def test_final_assessment_is_a_fixed_seed_mix_of_every_chapter(banks):
    first = final_questions(banks)
    assert [q.id for q in first] == [q.id for q in final_questions(banks)]
    per_chapter = {c: [q for q in first if q.id.startswith(c)] for c in banks}
    assert all(len(qs) == render.FINAL_PER_CHAPTER for qs in per_chapter.values())
    assert [q.id[:4] for q in first] == sorted(q.id[:4] for q in first)  # chapter order
    other = final_questions(banks, seed=render.FINAL_SEED + 1)
    assert [q.id for q in other] != [q.id for q in first]


def test_final_assessment_states_its_pass_mark(banks):
    n = 7 * render.FINAL_PER_CHAPTER
    # 70 % of 21 is 14.7, so 15 right answers are needed
    assert "Pass mark: 15 of 21" in describe_final(banks)
    data = render.final_data(banks)
    assert data["passMark"] == 0.7 and len(data["questions"]) == n


def test_progress_lists_every_chapter_and_the_final_with_existing_pages(banks):
    quizzes = render.progress_data(banks)["quizzes"]
    assert [q["id"] for q in quizzes] == sorted(banks) + ["final"]
    for q in quizzes:
        page = ROOT / "chapters" / q["url"].replace(".html", ".md")
        assert page.is_file(), page
