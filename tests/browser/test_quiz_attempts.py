"""The quiz page script in Chromium, on stand-alone pages made from the real banks and ui.yml.

Shuffled options kept for an attempt, the final assessment's draw, answers kept over a reload,
no stale "Show the answer", the events an LMS adapter listens to, the certificate after a pass
(printed on one A4 page), the progress table with its CSV export and confirmed clear, and the
words in the page's language.  These tests do not need the built book (see quiz_pages.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from book.quizzes.banks import format_number
from quiz_pages import COURSE, ORIGIN, banks, final_data, serve, site, ui_words
from tests.quiz.test_quiz_shuffle import mulberry32, plan_attempt

pytestmark = [pytest.mark.browser]

STORE = "csat-course-quiz-scores"
SHOTS = Path(os.environ.get("CSAT_QUIZ_SHOTS", "/work/shots-quizjs"))


@pytest.fixture(scope="module")
def questions():
    return {q.id: q for b in banks().values() for q in b.questions}


@pytest.fixture()
def open_quiz(browser):
    """``open_quiz("ch03.html", lang="zh", width=390)``: a page of a fresh browser profile."""
    contexts = []

    def _open(name: str, lang: str = "en", width: int = 1280, height: int = 900, context=None):
        if context is None:
            context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
            contexts.append(context)
            serve(context, site(lang))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        page.goto(f"{ORIGIN}/{name}")
        return page

    yield _open
    for context in contexts:
        context.close()


def _shown_options(page, root: str = ".csat-quiz") -> list[list[str]]:
    return page.locator(f"{root} .csat-quiz-question").evaluate_all(
        "items => items.map(i => Array.from(i.querySelectorAll('.csat-quiz-option-text')).map(s => s.textContent))")


def _option_label(q, option, words) -> str:
    if q.type == "true_false":
        return words["option_true"] if option.text == "True" else words["option_false"]
    return option.text


def _answer(item, q, words, right: bool = True) -> None:
    """Answer one displayed question right (or wrong) by the option's text, wherever it is shown."""
    if q.type == "numeric":
        value = q.answer if right else q.answer + 10 * q.tolerance + 7
        item.locator("input").fill(format_number(value, q.decimals))
    else:
        chosen = q.correct_options if right else [next(o for o in q.options if not o.correct)]
        for option in chosen:
            item.get_by_label(_option_label(q, option, words), exact=True).check()
    item.get_by_role("button", name=words["check"]).click()


def _answer_all(page, questions, words, right: bool = True, root: str = ".csat-quiz") -> None:
    items = page.locator(f"{root} .csat-quiz-question")
    for i in range(items.count()):
        item = items.nth(i)
        _answer(item, questions[item.get_attribute("data-qid")], words, right)


def _store(page) -> dict:
    return json.loads(page.evaluate(f"() => localStorage.getItem('{STORE}') || '{{}}'"))


def test_the_browser_draws_the_same_numbers_as_the_python_model(open_quiz):
    page = open_quiz("ch01.html")
    data = final_data()
    for seed in (1, 2026, 123456789, 4294967295):
        rng = mulberry32(seed)
        assert page.evaluate("s => { const r = CsatQuiz.mulberry32(s); return [r(), r(), r(), r()]; }", seed) \
            == [rng() for _ in range(4)]
        plan = page.evaluate("([d, s]) => { const p = CsatQuiz.planAttempt(d, s);"
                             " return [p.questions.map(q => q.id), p.orders]; }", [data, seed])
        shown, orders = plan_attempt(data, seed)
        assert plan == [[q["id"] for q in shown], orders]


def test_option_order_is_kept_on_reload_and_drawn_again_on_start_again(open_quiz, questions):
    page = open_quiz("ch03.html")
    first = _shown_options(page)
    authors = [[o.text for o in questions[i].options] if questions[i].type != "true_false" else ["True", "False"]
               for i in page.locator(".csat-quiz-question").evaluate_all("qs => qs.map(q => q.dataset.qid)")]
    assert first != authors          # shuffled (over a dozen questions: the same order by chance is ~never)
    assert [sorted(a) for a in first] == [sorted(a) for a in authors]
    seed = _store(page)["ch03"]["attempt"]["seed"]
    page.reload()
    assert _shown_options(page) == first
    page.get_by_role("button", name="Start again").click()
    assert _shown_options(page) != first
    assert _store(page)["ch03"]["attempt"]["seed"] != seed
    assert page.errors == []


def test_fixed_order_questions_are_never_shuffled(open_quiz):
    page = open_quiz("ch01.html")
    orders = page.evaluate("""() => {
        const q = {id: "x", type: "single", fixedOrder: true, options: [{}, {}, {}, {}]};
        const seen = new Set();
        for (let s = 0; s < 30; s++) { seen.add(CsatQuiz.planAttempt({questions: [q]}, s).orders[0].join()); }
        return Array.from(seen); }""")
    assert orders == ["0,1,2,3"]


def test_first_answers_survive_a_reload_and_still_count(open_quiz, questions):
    words = ui_words("en")
    page = open_quiz("ch03.html")
    item = page.locator(".csat-quiz-question").first
    q = questions[item.get_attribute("data-qid")]
    _answer(item, q, words, right=False)
    page.reload()
    item = page.locator(".csat-quiz-question").first
    assert words["earlier_wrong"] in item.locator(".csat-quiz-feedback").inner_text()
    total = len(banks()["ch03"].questions)
    assert f"Answered 1 of {total}; 0 right" in page.locator(".csat-quiz-summary").inner_text()
    _answer(item, q, words, right=True)       # reading the right feedback does not change the mark
    assert f"Answered 1 of {total}; 0 right" in page.locator(".csat-quiz-summary").inner_text()


def test_no_stale_show_the_answer_button(open_quiz, questions):
    words = ui_words("en")
    page = open_quiz("ch03.html")
    item = page.locator('.csat-quiz-question[data-type="numeric"]').first
    q = questions[item.get_attribute("data-qid")]
    reveal = item.get_by_role("button", name=words["show_answer"])
    _answer(item, q, words, right=False)
    assert reveal.count() == 1
    _answer(item, q, words, right=True)
    assert reveal.count() == 0                  # the answer is on screen: no offer to show it
    _answer(item, q, words, right=False)
    assert reveal.count() == 0                  # ... nor after a later wrong try
    other = page.locator('.csat-quiz-question[data-type="numeric"]').nth(1)
    q2 = questions[other.get_attribute("data-qid")]
    _answer(other, q2, words, right=False)
    other.get_by_role("button", name=words["show_answer"]).click()
    assert "The answer is " + format_number(q2.answer, q2.decimals) in other.inner_text()
    _answer(other, q2, words, right=False)
    assert other.get_by_role("button", name=words["show_answer"]).count() == 0


def test_events_for_an_lms_adapter(open_quiz, questions):
    words = ui_words("en")
    page = open_quiz("ch03.html")
    page.evaluate("""() => { window.got = {finished: [], progress: []};
        document.addEventListener('csat-quiz:finished', e => window.got.finished.push(e.detail));
        document.addEventListener('csat-quiz:progress', e => window.got.progress.push(e.detail)); }""")
    items = page.locator(".csat-quiz-question")
    first_id = items.first.get_attribute("data-qid")
    _answer(items.first, questions[first_id], words, right=False)
    got = page.evaluate("() => window.got")
    assert got["finished"] == [] and len(got["progress"]) == 1
    assert first_id in got["progress"][0]["ch03"]["attempt"]["results"]
    for i in range(1, items.count()):
        _answer(items.nth(i), questions[items.nth(i).get_attribute("data-qid")], words)
    got = page.evaluate("() => window.got")
    [done] = got["finished"]
    total = len(banks()["ch03"].questions)
    assert (done["quiz"], done["score"], done["total"], done["passMark"], done["passed"]) == ("ch03", total - 1, total, None, None)
    answers = {a["question"]: a for a in done["answers"]}
    assert list(answers) == [q.id for q in banks()["ch03"].questions]
    assert answers[first_id]["correct"] is False and all(a["correct"] for k, a in answers.items() if k != first_id)
    q1 = banks()["ch03"].questions[0]    # a single choice: the right option's letter in the bank's order
    assert answers[q1.id]["response"] == "abcdefgh"[[o.correct for o in q1.options].index(True)] or q1.id == first_id
    assert got["progress"][-1] == _store(page)


def test_final_assessment_draw_certificate_only_after_a_pass_and_a4_print(open_quiz, questions):
    words = ui_words("en")
    page = open_quiz("final.html")
    qids = page.locator(".csat-quiz-question").evaluate_all("qs => qs.map(q => q.dataset.qid)")
    assert len(qids) == 21 and [i[:4] for i in qids] == [f"ch0{c}" for c in range(1, 8) for _ in range(3)]
    page.reload()
    assert page.locator(".csat-quiz-question").evaluate_all("qs => qs.map(q => q.dataset.qid)") == qids
    panel = page.locator(".csat-cert-panel")
    _answer_all(page, questions, words, right=False)
    assert "Not passed yet" in page.locator(".csat-quiz-summary").inner_text()
    assert panel.inner_text() == "" and page.get_by_role("button", name="Print certificate").count() == 0

    page.get_by_role("button", name="Try again").click()
    drawn = page.locator(".csat-quiz-question").evaluate_all("qs => qs.map(q => q.dataset.qid)")
    assert drawn != qids                         # a new draw
    _answer_all(page, questions, words)
    assert "Passed: the pass mark is 15 of 21" in page.locator(".csat-quiz-summary").inner_text()
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed++; }; }")
    page.get_by_role("button", name="Print certificate").click()
    assert page.locator(".csat-cert-message").inner_text() == words["cert_need_name"]
    assert page.evaluate("() => window.printed") == 0
    page.get_by_label(words["cert_name_label"]).fill("Chan Tai Man")
    page.get_by_role("button", name="Print certificate").click()
    assert page.evaluate("() => window.printed") == 1
    cert = page.locator(".csat-cert-panel .csat-cert")
    text = cert.inner_text()
    for expected in ("Certificate of completion", "Chan Tai Man", COURSE["title"], "version 2.1",
                     "Final assessment: 21 of 21 right (100%)", "Chapter 7: Managing customer satisfaction",
                     "not a verified credential", "the record in the LMS is the official one"):
        assert expected in text, expected
    assert re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December) \d+, \d{4}", text)

    # print: an A4 page rule, and nothing but the certificate on paper
    sizes = page.evaluate("""() => { const out = [];
        const walk = rules => { for (const r of rules) { if (r.cssRules) walk(r.cssRules);
            if (r.type === CSSRule.PAGE_RULE) out.push(r.style.getPropertyValue('size')); } };
        for (const s of document.styleSheets) walk(s.cssRules); return out; }""")
    assert [s.lower() for s in sizes] == ["a4"]
    page.evaluate("() => document.body.classList.add('csat-cert-printing')")  # as window.print() leaves it
    page.emulate_media(media="print")
    assert page.locator("main").is_hidden() and page.locator("header").is_hidden()
    assert page.locator("body > .csat-cert-sheet .csat-cert").is_visible()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1                      # one page ...
    width, height = (float(v) for v in boxes[0])
    assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5   # ... of A4 (210 x 297 mm)
    page.emulate_media(media="screen")
    assert page.locator("body > .csat-cert-sheet").is_hidden()
    assert page.errors == []


def _seed_scores(page) -> None:
    store = {"ch03": {"title": "t", "correct": 12, "total": 14, "updated": "2026-11-30T08:00:00Z",
                      "best": 13, "bestTotal": 14, "bestDate": "2026-11-28T09:30:00Z"},
             "final": {"title": "t", "correct": 18, "total": 21, "updated": "2026-11-30T10:00:00Z",
                       "best": 18, "bestTotal": 21, "bestDate": "2026-11-30T10:00:00Z", "passMark": 0.7}}
    page.evaluate(f"s => localStorage.setItem('{STORE}', JSON.stringify(s))", store)
    page.reload()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_progress_page_dates_csv_export_and_confirmed_clear(open_quiz, lang):
    words = ui_words(lang)
    page = open_quiz("progress.html", lang=lang)
    _seed_scores(page)
    row = page.locator('tr[data-quiz="ch03"]')
    final = page.locator('tr[data-quiz="final"]')
    if lang == "zh":
        assert row.locator(".csat-progress-best").inner_text() == "答对 13/14 题（93%）"
        assert row.locator(".csat-progress-when").inner_text() == "2026年11月28日"
        assert final.locator(".csat-progress-best").inner_text() == "答对 18/21 题（86%），已通过"
        assert page.locator('tr[data-quiz="ch01"] .csat-progress-score').inner_text() == "尚未作答"
    else:
        assert row.locator(".csat-progress-best").inner_text() == "13 of 14 (93%)"
        assert row.locator(".csat-progress-when").inner_text() == "November 28, 2026"
        assert row.locator(".csat-progress-score").inner_text() == "12 of 14, November 30, 2026"
        assert final.locator(".csat-progress-best").inner_text() == "18 of 21 (86%), passed"
    assert not re.search(r"\b11/2[0-9]/2026\b", page.locator(".csat-progress").inner_text())  # no US m/d/y

    with page.expect_download() as info:
        page.get_by_role("button", name=words["export_csv"]).click()
    download = info.value
    assert download.suggested_filename == words["csv_file"]
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")      # UTF-8 byte-order mark: Excel opens Chinese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [words[k] for k in ("csv_quiz", "csv_title", "csv_best", "csv_total", "csv_percent", "csv_date")]
    by_id = {r[0]: r for r in rows[1:]}
    assert list(by_id) == [f"ch0{c}" for c in range(1, 8)] + ["final"]
    assert by_id["ch03"][2:] == ["13", "14", "93", "2026-11-28"]
    assert by_id["final"][2:] == ["18", "21", "86", "2026-11-30"]
    assert by_id["ch01"][2:] == ["", "", "", ""]

    events = page.evaluate("""() => { window.got = [];
        document.addEventListener('csat-quiz:progress', e => window.got.push(e.detail)); }""")
    assert events is None
    clear = page.get_by_role("button", name=words["clear"])
    confirm = page.locator(".csat-progress-confirm")
    assert confirm.is_hidden()
    clear.click()
    assert words["clear_confirm"] in confirm.inner_text()
    page.get_by_role("button", name=words["clear_cancel"]).click()
    assert confirm.is_hidden() and _store(page)["ch03"]["best"] == 13
    clear.click()
    page.get_by_role("button", name=words["clear_yes"]).click()
    assert _store(page) == {} and page.evaluate("() => window.got") == [{}]
    assert page.locator(".csat-progress-status").inner_text() == words["cleared"]
    assert page.locator('tr[data-quiz="ch03"] .csat-progress-score').inner_text() == words["not_taken"]
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_chinese_pages_speak_chinese(open_quiz, questions, lang):
    words = ui_words(lang)
    page = open_quiz("ch03.html", lang=lang)
    assert page.locator("html").get_attribute("lang") == {"zh": "zh-CN", "zh-Hant": "zh-TW"}[lang]
    quiz = page.locator(".csat-quiz")
    assert quiz.get_by_role("button", name=words["check"]).count() == len(banks()["ch03"].questions)
    assert quiz.get_by_role("button", name=words["restart"]).count() == 1
    item = quiz.locator('.csat-quiz-question[data-type="numeric"]').first
    _answer(item, questions[item.get_attribute("data-qid")], words, right=False)
    assert item.locator(".csat-quiz-verdict").inner_text() == words["incorrect"]
    assert item.get_by_role("button", name=words["show_answer"]).count() == 1
    if lang == "zh":
        assert words["show_answer"] == "显示答案" and words["incorrect"] == "回答不正确。"
    else:
        assert words["show_answer"] == "顯示答案"        # converted to Traditional at build
    _answer_all(page, questions, words)
    summary = quiz.locator(".csat-quiz-summary").inner_text()
    assert summary.startswith(words["score"].split("{")[0])
    assert not re.search(r"\b(of|Your|score|Saved)\b", summary)
    assert page.errors == []


def test_a_missing_word_shows_its_key_and_nothing_breaks(browser):
    data = final_data()
    data["ui"] = {k: v for k, v in data["ui"].items() if k != "check"}
    context = browser.new_context()
    from quiz_pages import page_html
    serve(context, {"final.html": page_html("csat-quiz", data)})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{ORIGIN}/final.html")
    assert page.locator(".csat-quiz-check").first.inner_text() == "check"
    assert errors == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(open_quiz, questions, lang, width):
    """Quiz, final assessment, certificate and progress page, for a person to look at."""
    words = ui_words(lang)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_quiz("ch03.html", lang=lang, width=width, height=900)
    items = page.locator(".csat-quiz-question")
    _answer(items.nth(0), questions[items.nth(0).get_attribute("data-qid")], words, right=False)
    numeric = page.locator('.csat-quiz-question[data-type="numeric"]').first
    _answer(numeric, questions[numeric.get_attribute("data-qid")], words, right=False)
    page.screenshot(path=str(SHOTS / f"quiz-{lang}-{width}.png"), full_page=False)
    numeric.screenshot(path=str(SHOTS / f"quiz-numeric-{lang}-{width}.png"))
    _answer_all(page, questions, words)

    final = open_quiz("final.html", context=page.context)
    final.screenshot(path=str(SHOTS / f"final-{lang}-{width}.png"))
    _answer_all(final, questions, words)
    final.evaluate("() => { window.print = () => {}; }")
    final.locator(".csat-cert-name").fill("陈小明" if lang != "en" else "Chan Tai Man")
    final.locator(".csat-cert-print").click()
    final.locator(".csat-quiz-summary").scroll_into_view_if_needed()
    final.locator(".csat-cert-panel").screenshot(path=str(SHOTS / f"certificate-{lang}-{width}.png"))
    final.evaluate("() => document.body.classList.add('csat-cert-printing')")
    final.emulate_media(media="print")
    if width == 1280:
        final.pdf(path=str(SHOTS / f"certificate-{lang}.pdf"), prefer_css_page_size=True, print_background=True)
    final.emulate_media(media="screen")

    progress = open_quiz("progress.html", context=page.context)
    progress.screenshot(path=str(SHOTS / f"progress-{lang}-{width}.png"), full_page=True)
    widths = progress.evaluate("() => document.documentElement.scrollWidth")
    assert widths <= width
    assert page.errors == [] and final.errors == [] and progress.errors == []
