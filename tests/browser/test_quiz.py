"""The quizzes in the built book, driven in Debian's Chromium: feedback, score, progress, reset.

Needs the built book (``python -m book build``); ``open_page`` aborts and records any request
that leaves the local server, so ``offsite_requests == []`` means the quiz works offline
(no CDN, no MathJax fallback).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from book.quizzes import load_banks
from book.quizzes.banks import format_number
from book.quizzes.render import quiz_html
from book.quizzes.schema import Bank, Option, Question

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "en/chapters/ch03-rate-vs-degree.html"
RIGHT_GREEN = "rgb(26, 127, 55)"   # --csat-right  #1a7f37
WRONG_RED = "rgb(180, 35, 24)"     # --csat-wrong  #b42318
# jupyterlite-sphinx 0.23 adds this stylesheet to every page (app.add_css_file in its setup()); it
# is not the quiz's, it is reported to the owners of the JupyterLite set-up, and it is the only
# outside request tolerated here.  Anything else (a CDN, MathJax's fallback) fails these tests.
PAGE_SHELL_FONT = "https://fonts.googleapis.com/css?family=Vibur"


def _offsite(requests: list[str]) -> list[str]:
    return [url for url in requests if url != PAGE_SHELL_FONT]


@pytest.fixture(scope="module")
def bank():
    return load_banks(ROOT / "book" / "quizzes" / "banks")["ch03"]


def _answer_right(item, q: Question) -> None:
    if q.type == "numeric":
        item.locator("input").fill(format_number(q.answer, q.decimals))
    else:
        for option in q.correct_options:
            item.get_by_label(option.text, exact=True).check()
    item.get_by_role("button", name="Check").click()


def _border(locator) -> str:
    return locator.evaluate("e => getComputedStyle(e).borderLeftColor")


def test_quiz_feedback_score_progress_and_reset(open_page, offsite_requests, book_server, bank):
    page = open_page(CHAPTER)
    quiz = page.locator("#csat-quiz-ch03")
    items = quiz.locator(".csat-quiz-question")
    assert items.count() == len(bank.questions)

    # a wrong answer: its own feedback, in red, marked "Not quite."
    first, q1 = items.nth(0), bank.questions[0]
    wrong = next(o for o in q1.options if not o.correct)
    first.get_by_label(wrong.text, exact=True).check()
    first.get_by_role("button", name="Check").click()
    feedback = first.locator(".csat-quiz-feedback")
    assert feedback.locator(".csat-quiz-verdict").inner_text() == "Not quite."
    assert wrong.feedback in feedback.inner_text()
    assert _border(feedback) == WRONG_RED

    # trying again with the right option shows its feedback in green, but the first try counts
    right = q1.correct_options[0]
    first.get_by_label(right.text, exact=True).check()
    first.get_by_role("button", name="Check").click()
    assert feedback.locator(".csat-quiz-verdict").inner_text() == "Correct."
    assert right.feedback in feedback.inner_text()
    assert _border(feedback) == RIGHT_GREEN

    # a numeric question answered right (a comma as decimal mark is accepted)
    qn_index = next(i for i, q in enumerate(bank.questions) if q.type == "numeric")
    qn = bank.questions[qn_index]
    item = items.nth(qn_index)
    item.locator("input").fill(format_number(qn.answer, qn.decimals).replace(".", ","))
    item.locator("input").press("Enter")
    numeric_feedback = item.locator(".csat-quiz-feedback")
    assert qn.feedback_correct in numeric_feedback.inner_text()
    assert _border(numeric_feedback) == RIGHT_GREEN

    for i, q in enumerate(bank.questions):
        if i not in (0, qn_index):
            _answer_right(items.nth(i), q)
    total = len(bank.questions)
    score = quiz.locator(".csat-quiz-score").inner_text()
    assert score.startswith(f"Your score: {total - 1} of {total}")

    # the progress page remembers the score, across a reload, and forgets it on reset
    page.goto(f"{book_server}/en/chapters/progress.html")
    row = page.locator('.csat-progress tr[data-quiz="ch03"]')
    assert row.locator(".csat-progress-score").inner_text().startswith(f"{total - 1} of {total}")
    page.reload()
    row = page.locator('.csat-progress tr[data-quiz="ch03"]')
    assert row.locator(".csat-progress-score").inner_text().startswith(f"{total - 1} of {total}")
    assert page.locator('.csat-progress tr[data-quiz="ch01"] .csat-progress-score').inner_text() == "not taken"
    page.get_by_role("button", name="Clear my scores").click()
    page.get_by_role("button", name="Yes, delete").click()   # the confirm step
    assert row.locator(".csat-progress-score").inner_text() == "not taken"
    assert "deleted" in page.locator(".csat-progress-status").inner_text()
    # the theme keeps its own settings in localStorage; our one key is gone
    assert page.evaluate("() => localStorage.getItem('csat-course-quiz-scores')") is None
    page.reload()
    assert page.locator('.csat-progress tr[data-quiz="ch03"] .csat-progress-score').inner_text() == "not taken"

    assert _offsite(offsite_requests) == []


def test_quiz_is_keyboard_usable(open_page, bank):
    page = open_page(CHAPTER)
    first = page.locator("#csat-quiz-ch03 .csat-quiz-question").nth(0)
    first.locator("input").first.focus()
    page.keyboard.press("ArrowDown")   # moves to and selects the second option
    page.keyboard.press("Tab")         # to the Check button
    assert page.evaluate("() => document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    chosen = int(first.locator("input:checked").get_attribute("value"))   # the author's index (shuffled)
    assert bank.questions[0].options[chosen].feedback in first.locator(".csat-quiz-feedback").inner_text()


def test_quiz_fits_a_390_px_phone(open_page, offsite_requests):
    page = open_page(CHAPTER, width=390, height=844)
    boxes = page.locator("#csat-quiz-ch03 .csat-quiz-fieldset")
    assert boxes.count() > 0
    widths = page.evaluate("""() => Array.from(document.querySelectorAll('#csat-quiz-ch03 .csat-quiz-fieldset'))
        .map(e => [e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth])""")
    for right, overflow in widths:
        assert right <= 390 and overflow <= 0
    assert _offsite(offsite_requests) == []


def test_final_assessment_page(open_page, offsite_requests, book_server):
    from book.quizzes import final_summary
    from book.quizzes.banks import load_pools

    summary = final_summary()
    total, need = summary["questions"], summary["need"]
    page = open_page("en/chapters/final-assessment.html")
    text = page.locator("main").inner_text()
    assert f"{total} questions" in text and f"{need} of {total}" in text  # the page's numbers are the pool's
    items = page.locator("#csat-quiz-final .csat-quiz-question")
    assert items.count() == total
    banks = load_banks(ROOT / "book" / "quizzes" / "banks")
    questions = {q.id: q for pool in load_pools(banks=banks).values() for q in pool.questions}
    for i in range(total):
        _answer_right(items.nth(i), questions[items.nth(i).get_attribute("data-qid")])
    summary_text = page.locator("#csat-quiz-final .csat-quiz-summary").inner_text()
    assert f"Your score: {total} of {total}" in summary_text
    assert f"Passed: the pass mark is {need} of {total}" in summary_text
    page.goto(f"{book_server}/en/chapters/progress.html")
    final = page.locator('.csat-progress tr[data-quiz="final"] .csat-progress-best').inner_text()
    assert final.startswith(f"{total} of {total} (100%)")
    assert _offsite(offsite_requests) == []


@pytest.mark.parametrize("chapter", [f"ch{n:02d}" for n in range(1, 8)])
def test_every_chapter_page_shows_its_whole_quiz(open_page, chapter):
    banks = load_banks(ROOT / "book" / "quizzes" / "banks")
    page = open_page(f"en/chapters/{banks[chapter].page}.html")
    ids = page.locator(f"#csat-quiz-{chapter} .csat-quiz-question").evaluate_all(
        "items => items.map(i => i.dataset.qid)")
    assert ids == [q.id for q in banks[chapter].questions]


def test_progress_page_links_the_moodle_and_gift_downloads(open_page, book_server):
    page = open_page("en/chapters/progress.html")
    for name in ("csat-quizzes-moodle.xml", "csat-quizzes-gift.txt"):
        link = page.locator(f'a[href$="{name}"]')
        assert link.count() == 1
        response = page.request.get(f"{book_server}/downloads/quizzes/{name}")
        assert response.ok and "很满意" in response.text()


def test_hostile_bank_text_is_shown_as_text_and_never_runs(browser):
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>[x](javascript:alert(1))'
    q = Question(id="h-q1", type="single", kind="recall", objective="O3.1", difficulty="easy",
                 text=hostile, options=(Option(hostile, True, hostile), Option("no", False, "no")))
    banks = {"ch03": Bank(chapter="ch03", title="t", page="p", questions=(q,))}
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(f"<!doctype html><meta charset=utf-8><body>{quiz_html('ch03', banks)}</body>")
    item = page.locator(".csat-quiz-question").first
    assert hostile in item.locator("legend").inner_text()
    item.get_by_label(hostile, exact=True).check()  # options are shuffled: pick it by its text
    item.get_by_role("button", name="Check").click()
    assert hostile in item.locator(".csat-quiz-feedback").inner_text()
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".csat-quiz img, .csat-quiz a[href^='javascript']").count() == 0
    assert dialogs == []
    context.close()
