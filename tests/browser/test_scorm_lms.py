"""The SCORM package in Chromium, with and without an LMS.

The English package (``_build/html/downloads/scorm/csat-course-en.zip``) is unzipped and served
with ``lms.html`` beside it: a stand-in for the LMS's page, which hosts the SCORM 1.2 runtime
``scorm-again`` (vendored in ``tests/vendor/scorm-again``) as ``window.API`` and opens the
package's launch page in a frame, as Moodle's SCORM player does.  The launch page shows the book
in its own frame, so the frames are: LMS page > launch page (#sco) > book page (#csat-scorm-book).

``test_adapter_*`` dispatch the quiz script's events themselves, so they check the adapter on its
own.  ``test_lms_records_the_score_the_page_shows`` answers a chapter quiz by clicking, as a
trainee does: it needs the quiz script that dispatches those events.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from book.quizzes import load_banks
from book.quizzes.banks import format_number
from book.quizzes.schema import Question
from tests.offsite import blocking_offsite

pytestmark = [pytest.mark.browser, pytest.mark.book]

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "tests" / "vendor" / "scorm-again" / "scorm12.min.js"
CHAPTERS = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07")

LMS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in LMS</title>
<script src="scorm12.min.js"></script>
<script>
  window.lmsLog = [];
  window.API = new Scorm12API({ logLevel: 5, autocommit: false });
  <!--saved-->
  ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
    window.API.on(name, function () { window.lmsLog.push([name]); });
  });
  window.API.on("LMSSetValue.cmi.*", function (element, value) { window.lmsLog.push(["set", element, value]); });
</script></head>
<body><iframe id="sco" src="launch.html" style="width: 1200px; height: 860px" title="course"></iframe></body></html>
"""


# Every page of the web book raises this already (the theme's Thebe support declares the constant
# twice); it is not the package's and is reported to whoever owns the page template.
KNOWN_PAGE_ERROR = "Identifier 'THEBE_JS_URL' has already been declared"


def _errors(page) -> list[str]:
    return [e for e in page.errors if KNOWN_PAGE_ERROR not in e]


@pytest.fixture(scope="module")
def package_site(built_book: Path, tmp_path_factory) -> Path:
    """The English package unzipped, with the stand-in LMS page beside its launch page."""
    package = built_book / "downloads" / "scorm" / "csat-course-en.zip"
    assert package.is_file(), f"{package} is missing: the build's scorm step writes it"
    site = tmp_path_factory.mktemp("scorm-en")
    with zipfile.ZipFile(package) as zf:
        zf.extractall(site)
    shutil.copy(RUNTIME, site / "scorm12.min.js")
    (site / "lms.html").write_text(LMS_PAGE.replace("<!--saved-->", ""), encoding="utf-8")
    # an LMS that kept a trainee's progress from an earlier visit (on another computer)
    saved = f"window.API.loadFromJSON({{suspend_data: {json.dumps(json.dumps(SAVED))}}}, '');"
    (site / "lms-saved.html").write_text(LMS_PAGE.replace("<!--saved-->", saved), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def package_server(package_site: Path, serve_folder):
    with serve_folder(package_site) as url:
        yield url


@pytest.fixture()
def page(browser, package_server):
    """A fresh browser page; ``page.errors`` collects uncaught script errors of every frame."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    p = ctx.new_page()
    p.errors = []
    p.on("pageerror", lambda exc: p.errors.append(str(exc)))
    p.offsite = []
    p.route("**/*", blocking_offsite(package_server, p.offsite))
    yield p
    ctx.close()


#: What the LMS kept of an earlier visit: chapter 1's quiz finished with a best of 7 out of 8.
SAVED = {"v": 1, "done": ["ch01"], "progress": {"ch01": {
    "title": "Chapter 1 quiz", "correct": 6, "total": 8, "updated": "2026-11-02T08:30:00.000Z",
    "best": 7, "bestTotal": 8, "bestDate": "2026-11-01T08:00:00.000Z"}}}


def _book_frame(page, package_server: str, chapter: str):
    """Open ``en/chapters/<chapter>`` in the launch page's book frame; return that frame."""
    launch = page.frame_locator("#sco")
    launch.locator("#csat-scorm-book").wait_for(state="attached")
    frame = page.frame_locator("#sco").locator("#csat-scorm-book").element_handle().content_frame()
    frame.goto(f"{package_server}/en/chapters/{chapter}", wait_until="load")
    return frame


def _lms(page) -> dict:
    """What the stand-in LMS holds (read while the session is open)."""
    return page.evaluate(r"""() => {
      const get = (name) => window.API.LMSGetValue(name);
      // interactions are write-only in SCORM 1.2: read what the page wrote from the log
      const interactions = [];
      window.lmsLog.forEach(e => {
        const m = e[0] === "set" && /^cmi\.interactions\.(\d+)\.(\w+)$/.exec(e[1]);
        if (!m) return;
        const it = interactions[Number(m[1])] = interactions[Number(m[1])] || {};
        it[{student_response: "response"}[m[2]] || m[2]] = e[2];
      });
      return {status: get("cmi.core.lesson_status"), raw: get("cmi.core.score.raw"),
              min: get("cmi.core.score.min"), max: get("cmi.core.score.max"),
              suspend: get("cmi.suspend_data"), interactions,
              calls: window.lmsLog.filter(e => e.length === 1).map(e => e[0])};
    }""")


def _finish(frame, detail: dict) -> None:
    frame.evaluate("""(detail) => {
      const target = document.querySelector(".csat-quiz") || document.body;
      target.dispatchEvent(new CustomEvent("csat-quiz:finished", {detail, bubbles: true}));
    }""", detail)


def _detail(quiz: str, score: int, total: int, pass_mark: float | None = None) -> dict:
    passed = pass_mark is None or score >= -(-pass_mark * total // 1)
    answers = [{"question": f"{quiz}-q{i + 1:02d}", "correct": i < score, "response": f"option {i}",
                "kind": "numeric" if i % 3 == 2 else "choice"} for i in range(total)]
    return {"quiz": quiz, "score": score, "total": total, "passMark": pass_mark, "passed": passed,
            "answers": answers}


def test_adapter_reports_quizzes_status_and_progress_to_the_lms(page, package_server):
    page.goto(f"{package_server}/lms.html", wait_until="load")
    frame = _book_frame(page, package_server, "ch01-customers.html")
    page.wait_for_function("() => window.lmsLog.some(e => e[0] === 'LMSInitialize')")

    _finish(frame, _detail("ch01", 5, 8))
    lms = _lms(page)
    assert (lms["status"], lms["raw"], lms["min"], lms["max"]) == ("incomplete", "63", "0", "100")
    assert [i["id"] for i in lms["interactions"]] == [f"ch01-q{i:02d}" for i in range(1, 9)]
    assert [i["result"] for i in lms["interactions"]] == ["correct"] * 5 + ["wrong"] * 3
    assert lms["interactions"][0]["response"] == "option 0"
    assert [i["type"] for i in lms["interactions"][:3]] == ["choice", "choice", "numeric"]
    assert json.loads(lms["suspend"])["done"] == ["ch01"]
    assert lms["calls"].count("LMSCommit") >= 1

    # the progress object goes into suspend_data
    frame.evaluate("""() => window.dispatchEvent(new CustomEvent("csat-quiz:progress",
        {detail: {ch01: {correct: 5, answered: 8, total: 8, best: 5}}}))""")
    assert json.loads(_lms(page)["suspend"])["progress"] == {"ch01": {"correct": 5, "answered": 8, "total": 8,
                                                                       "best": 5}}

    # moving to other pages keeps the one session; every chapter finished -> completed
    for number, quiz in enumerate(CHAPTERS[1:], start=2):
        frame = _book_frame(page, package_server, "progress.html" if number % 2 else "glossary.html")
        _finish(frame, _detail(quiz, 3, 4))
    lms = _lms(page)
    assert (lms["status"], lms["raw"]) == ("completed", "75")
    assert lms["calls"].count("LMSInitialize") == 1 and "LMSFinish" not in lms["calls"]
    assert len(lms["interactions"]) == 8 + 6 * 4

    # the final assessment decides passed/failed; a pass is not undone by a later failed attempt
    frame = _book_frame(page, package_server, "final-assessment.html")
    _finish(frame, _detail("final", 10, 21, 0.7))
    assert (_lms(page)["status"], _lms(page)["raw"]) == ("failed", "48")
    _finish(frame, _detail("final", 18, 21, 0.7))
    assert (_lms(page)["status"], _lms(page)["raw"]) == ("passed", "86")
    _finish(frame, _detail("final", 2, 21, 0.7))
    assert (_lms(page)["status"], _lms(page)["raw"]) == ("passed", "86")
    # a chapter quiz taken again after the final assessment does not change the grade
    _finish(frame, _detail("ch02", 0, 4))
    assert (_lms(page)["status"], _lms(page)["raw"]) == ("passed", "86")

    # leaving the course (the LMS removes the launch frame) ends the session
    page.evaluate("() => document.getElementById('sco').remove()")
    page.wait_for_function("() => window.lmsLog.some(e => e[0] === 'LMSFinish')")
    sets = {e[1]: e[2] for e in page.evaluate("() => window.lmsLog") if e[0] == "set"}
    assert re.fullmatch(r"\d{4}:\d\d:\d\d\.\d\d", sets["cmi.core.session_time"])
    assert _errors(page) == []


def test_adapter_keeps_suspend_data_and_fields_within_scorm_limits(page, package_server):
    page.goto(f"{package_server}/lms.html", wait_until="load")
    frame = _book_frame(page, package_server, "ch02-satisfaction.html")
    page.wait_for_function("() => window.lmsLog.some(e => e[0] === 'LMSInitialize')")
    detail = _detail("ch02", 1, 2)
    detail["answers"][0].update(question="ch02 q 1 (with spaces)", response="x" * 400 + "\n")
    detail["answers"][1]["response"] = ["0", "2"]
    _finish(frame, detail)
    frame.evaluate("""() => {
      const big = {};
      for (let i = 0; i < 200; i++) big["quiz" + i] = {title: "A long quiz title ".repeat(5), correct: 1,
                                                       answered: 2, total: 2, best: 1, updated: "2026-01-01"};
      window.dispatchEvent(new CustomEvent("csat-quiz:progress", {detail: big}));
    }""")
    _finish(frame, _detail("ch03", 1, 1))   # commits the suspend_data
    lms = _lms(page)
    assert lms["interactions"][0]["id"] == "ch02_q_1__with_spaces_"
    assert len(lms["interactions"][0]["response"]) == 255
    assert lms["interactions"][1]["response"] == "0,2"
    assert len(lms["suspend"]) <= 4096
    assert json.loads(lms["suspend"])["done"] == ["ch02", "ch03"]
    assert _errors(page) == []


def test_without_an_lms_the_package_works_as_before(page, package_server):
    page.goto(f"{package_server}/launch.html", wait_until="load")
    frame = page.frame_locator("#csat-scorm-book")
    frame.locator(".csat-quiz, #main-content, main").first.wait_for()
    assert page.evaluate("() => window.CsatScorm.role === 'host' && window.CsatScorm.connected") is False
    book = page.frame_locator("#csat-scorm-book").locator("body").element_handle().owner_frame()
    book.goto(f"{package_server}/en/chapters/ch01-customers.html", wait_until="load")
    quiz = book.locator("#csat-quiz-ch01")
    quiz.locator(".csat-quiz-question").first.wait_for()
    first = quiz.locator(".csat-quiz-question").first
    first.locator("input").first.check()
    first.get_by_role("button", name=re.compile("Check|检查|檢查")).click()
    assert first.locator(".csat-quiz-feedback .csat-quiz-verdict").inner_text()
    _finish(book, _detail("ch01", 1, 1))   # events with nobody listening: nothing breaks
    # a page of the package opened on its own, outside the launch page
    page.goto(f"{package_server}/en/chapters/ch02-satisfaction.html", wait_until="load")
    _finish(page.main_frame, _detail("ch02", 1, 1))
    assert page.locator("#csat-quiz-ch02 .csat-quiz-question").count() > 0
    assert _errors(page) == []
    assert [u for u in page.offsite if "fonts.googleapis.com" not in u] == []


def _answer(item, q: Question, right: bool) -> None:
    if q.type == "numeric":
        item.locator("input").fill(format_number(q.answer if right else q.answer + 1000, q.decimals))
    elif right:
        for option in q.correct_options:
            item.get_by_label(option.text, exact=True).check()
    else:
        wrong = next(o for o in q.options if not o.correct)
        item.get_by_label(wrong.text, exact=True).check()
    item.locator(".csat-quiz-check").click()


def test_lms_records_the_score_the_page_shows(page, package_server):
    """End to end: a trainee answers every question of chapter 3 in the LMS (needs the quiz events)."""
    bank = load_banks(ROOT / "book" / "quizzes" / "banks")["ch03"]
    page.goto(f"{package_server}/lms.html", wait_until="load")
    frame = _book_frame(page, package_server, "ch03-rate-vs-degree.html")
    items = frame.locator("#csat-quiz-ch03 .csat-quiz-question")
    items.first.wait_for()
    by_id = {q.id: q for q in bank.questions}
    for k in range(items.count()):
        item = items.nth(k)
        q = by_id[item.get_attribute("data-qid")]
        _answer(item, q, right=k not in (0, 2))   # two wrong at the first try
    shown = frame.locator("#csat-quiz-ch03 .csat-quiz-score").inner_text()
    percent = re.search(r"(\d+)\s*%", shown).group(1)
    try:
        page.wait_for_function("() => window.API.LMSGetValue('cmi.core.score.raw') !== ''", timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"the page shows {shown!r} but the LMS got no score: the quiz script did not dispatch "
                    "'csat-quiz:finished' (or the adapter did not pass it on)")
    lms = _lms(page)
    assert lms["raw"] == percent
    assert lms["status"] == "incomplete"          # the other chapters are not finished yet
    assert len(lms["interactions"]) == len(bank.questions)
    assert [i["result"] for i in lms["interactions"]].count("wrong") == 2
    kinds = {q.id: "numeric" if q.type == "numeric" else "choice" for q in bank.questions}
    assert {i["id"]: i["type"] for i in lms["interactions"]} == kinds
    assert _errors(page) == []


def test_progress_kept_by_the_lms_comes_back_on_another_computer(page, package_server):
    """A trainee who finished chapter 1 elsewhere opens the course: the page shows their best score."""
    page.goto(f"{package_server}/lms-saved.html", wait_until="load")
    frame = _book_frame(page, package_server, "ch01-customers.html")
    saved = frame.locator("#csat-quiz-ch01 .csat-quiz-saved")
    saved.wait_for()
    assert re.search(r"\b7\b.*\b8\b", saved.inner_text()), saved.inner_text()
    stored = frame.evaluate("() => JSON.parse(localStorage.getItem(window.CsatQuiz.STORE))")
    assert {k: stored["ch01"][k] for k in ("best", "bestTotal", "bestDate")} == {
        "best": 7, "bestTotal": 8, "bestDate": "2026-11-01T08:00:00.000Z"}
    # the progress page lists it too
    frame = _book_frame(page, package_server, "progress.html")
    frame.locator(".csat-progress table").wait_for()
    assert "7" in frame.locator(".csat-progress tbody tr").first.inner_text()
    assert _errors(page) == []


def test_saved_progress_merges_with_this_browsers_own(page, package_server):
    page.goto(f"{package_server}/lms.html", wait_until="load")
    frame = _book_frame(page, package_server, "glossary.html")
    merged = frame.evaluate("""() => {
      const m = window.CsatScorm.merged;
      const weak = {ch01: {best: 3, bestTotal: 8, bestDate: "a", correct: 3, attempt: {seed: 1}}};
      const strong = {ch01: {best: 8, bestTotal: 8, bestDate: "b", correct: 8}};
      return {
        nothing_saved: m({ch01: {best: 1}}, null),
        added: m({}, {ch02: {best: 2, bestTotal: 4}}),
        better_saved: m(weak, strong),
        weaker_saved: m(JSON.parse(JSON.stringify(strong)), {ch01: {best: 1, bestTotal: 8, bestDate: "c"}}),
        garbage: m({}, {ch01: "x", ch02: null}),
      };
    }""")
    assert merged["nothing_saved"] is None and merged["weaker_saved"] is None and merged["garbage"] is None
    assert merged["added"] == {"ch02": {"best": 2, "bestTotal": 4}}
    # the better best comes in; this browser's own attempt in progress stays
    assert merged["better_saved"] == {"ch01": {"best": 8, "bestTotal": 8, "bestDate": "b", "correct": 3,
                                               "attempt": {"seed": 1}}}
