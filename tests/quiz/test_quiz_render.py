"""What the page gets: escaped quiz JSON, self-hosted script, final-assessment draw, progress list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from book.quizzes import final_summary, load_banks, render
from book.quizzes.banks import load_bank, load_pool
from book.quizzes.schema import Bank, Option, Question

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).with_name("fixtures")
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
    render.show_quiz("ch01", lang="zh-Hant")
    render.show_progress(lang="en")
    [(quiz, quiz_js), (progress, progress_js)] = shown
    assert quiz_js is None and progress_js is None  # no inline script: the page loads the files
    assert 'data-quiz="ch01"' in quiz and 'data-quiz="progress"' in progress
    # pages are <edition>/chapters/*.html: the data of the page's edition, the shared script and style
    assert re.findall(r'(?:src|href)="([^"]+)"', quiz) == [
        "../../quizzes/csat-quiz.css", "../../quizzes/zh-hant/ch01.js", "../../quizzes/csat-quiz.js"]
    assert "../../quizzes/en/progress.js" in progress
    assets = render.book_assets(banks, pools={}, langs=("zh", "en"))
    assert sorted(assets) == sorted([f"{f}/{c}.js" for f in ("zh-hans", "en") for c in [*banks, "final", "progress"]]
                                    + ["csat-quiz.js", "csat-quiz.css"])
    data = json.loads(re.search(r'\["ch01"\] = (.*);\n$', assets["en/ch01.js"], re.S).group(1))
    assert data["progressUrl"] == "progress.html" and data["lang"] == "en"
    assert data["title"] == f"Chapter 1: {banks['ch01'].title}"
    assert [q["id"] for q in data["questions"]] == [q.id for q in banks["ch01"].questions]
    zh = json.loads(re.search(r'\["ch01"\] = (.*);\n$', assets["zh-hans/ch01.js"], re.S).group(1))
    assert zh["lang"] == "zh-Hans" and zh["ui"]["final_title"] == "结业测评" and zh["title"].startswith("第 1 章")


def test_book_data_scripts_escape_hostile_text():
    script = render.book_assets(_hostile_bank(), pools={}, langs=("en",))["en/ch03.js"]
    assert "<" not in script and ">" not in script
    payload = json.loads(re.search(r'\["ch03"\] = (.*);\n$', script, re.S).group(1))
    assert payload["questions"][0]["text"] == HOSTILE


def test_chapter_quiz_in_chinese_carries_its_language_words_and_option_order():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    data = render.chapter_quiz_data(bank, "zh-Hant")
    assert data["lang"] == "zh-Hant" and data["title"] == "第 3 章　滿意率與滿意度"
    assert data["ui"] == render.ui_words("zh-Hant")
    single, tf, numeric = data["questions"]
    assert single["fixedOrder"] is False and single["options"][0]["correct"]
    # the interface words of true/false (the page script's table) once it has them, else the bank's
    assert [o["text"] for o in tf["options"]] == [data["ui"].get("option_true", "True"),
                                                  data["ui"].get("option_false", "False")]
    assert tf["fixedOrder"] is True
    assert numeric["answer"] == 60.0 and numeric["table"]["columns"] == ["等級", "人數", "備註"]


def test_numeric_question_carries_its_computed_answer_and_tolerance(banks):
    data = _data(render.quiz_html("ch03", banks), "csat-quiz-ch03")
    q = next(q for q in data["questions"] if q["id"] == "ch03-q02")
    assert q["answer"] == pytest.approx(14 / 30 * 100)   # 14 of 30 owners, by hand
    assert q["tolerance"] == 0.1 and q["unit"] == "%"
    assert q["wrong"][0]["value"] == pytest.approx(20 / 30 * 100)  # 较满意 counted too
    assert q["table"]["rows"][0] == ["很不满意", "1"]


@pytest.fixture()
def small():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    return {"ch03": bank}, {"ch03": load_pool(FIXTURES / "final" / "ch03.yml", root=None)}


def test_final_assessment_data_holds_the_pool_by_group(small):
    banks, pools = small
    data = render.final_data("zh", banks, pools, progress_url="progress.html")
    assert (data["id"], data["title"], data["lang"], data["draw"]) == ("final", "结业测评", "zh-Hans", 1)
    assert data["passMark"] == 0.7 and data["progressUrl"] == "progress.html"
    assert [(g["chapter"], g["objectives"], len(g["questions"])) for g in data["groups"]] == [
        ("ch03", ["O3.1"], 3), ("ch03", ["O3.2"], 3)]
    assert data["groups"][1]["questions"][0]["id"] == "final-ch03-q04"
    assert data["groups"][0]["questions"][0]["text"].startswith("小区案例 1")
    assert data["chapters"] == [{"id": "ch03", "title": "第 3 章　满意率与满意度"}]
    assert set(data["course"]) == {"title", "version"} and data["course"]["title"] == "客户满意度：测评与管理"
    assert set(data) == {"id", "title", "lang", "ui", "passMark", "progressUrl", "draw", "groups",
                         "course", "chapters"}


def test_final_summary_states_questions_pool_and_pass_mark(small):
    banks, pools = small
    # two groups, one question drawn from each; 70 % of 2 is 1.4, so 2 right answers are needed
    assert final_summary(banks, pools) == {"questions": 2, "pool": 6, "pass_percent": 70, "need": 2}


def test_only_the_course_chapters_and_its_pass_mark_are_used(small, tmp_path, monkeypatch):
    banks, pools = small
    course = tmp_path / "course.yml"
    course.write_text("chapters: [ch01-customers]\nfinal_assessment: {pass_mark: 0.5}\n", encoding="utf-8")
    monkeypatch.setenv("CSAT_COURSE", str(course))
    data = render.final_data("en", banks, pools)
    assert data["groups"] == [] and data["chapters"] == [] and data["passMark"] == 0.5
    assert [q["id"] for q in render.progress_data("en", banks)["quizzes"]] == ["final"]


def test_progress_lists_every_chapter_and_the_final_with_existing_pages(banks):
    data = render.progress_data("zh-Hant", banks)
    assert data["lang"] == "zh-Hant" and data["ui"]["final_title"] == "結業測評"
    assert set(data["course"]) == {"title", "version"}
    quizzes = data["quizzes"]
    assert [q["id"] for q in quizzes] == sorted(banks) + ["final"]
    for q in quizzes:
        page = ROOT / "chapters" / q["url"].replace(".html", ".md")
        assert page.is_file(), page
