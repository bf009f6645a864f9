"""Moodle XML and GIFT exports: counts, answers and feedback against the banks; GIFT round trip."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from book.quizzes import load_banks
from book.quizzes.export import DOWNLOADS, write_exports
from book.quizzes.gift import banks_to_gift, read_gift
from book.quizzes.moodle import banks_to_moodle_xml
from book.quizzes.schema import Bank, Option, Question, Table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def banks():
    return load_banks(ROOT / "book" / "quizzes" / "banks")


@pytest.fixture(scope="module")
def exported(banks, tmp_path_factory):
    folder = tmp_path_factory.mktemp("html") / DOWNLOADS
    write_exports(banks, folder)
    return folder


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _questions_by_category(root: ET.Element) -> dict[str, list[ET.Element]]:
    result: dict[str, list[ET.Element]] = {}
    current = None
    for q in root.findall("question"):
        if q.get("type") == "category":
            current = q.findtext("category/text")
            result[current] = []
        else:
            result[current].append(q)
    return result


def test_moodle_xml_has_one_category_per_chapter_with_the_banks_counts(banks, exported):
    raw = (exported / "csat-quizzes-moodle.xml").read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    categories = _questions_by_category(ET.fromstring(raw))
    assert len(categories) == len(banks) == 7
    for (chapter, bank), (name, questions) in zip(sorted(banks.items()), categories.items()):
        assert name.endswith(f"Chapter {int(chapter[2:])}: {bank.title}")
        assert [q.findtext("idnumber") for q in questions] == [q.id for q in bank.questions]


def test_moodle_answers_and_feedback_match_the_banks(banks, exported):
    root = ET.parse(exported / "csat-quizzes-moodle.xml").getroot()
    elements = {q.findtext("idnumber"): q for q in root.findall("question") if q.get("type") != "category"}
    for bank in banks.values():
        for q in bank.questions:
            node = elements[q.id]
            assert q.text in _plain(node.findtext("questiontext/text"))
            answers = node.findall("answer")
            if q.type in ("single", "multiple"):
                assert node.get("type") == "multichoice"
                assert node.findtext("single") == ("true" if q.type == "single" else "false")
                assert [_plain(a.findtext("text")) for a in answers] == [o.text for o in q.options]
                assert [_plain(a.findtext("feedback/text")) for a in answers] == [o.feedback for o in q.options]
                grades = [float(a.get("fraction")) for a in answers]
                assert [g > 0 for g in grades] == [o.correct for o in q.options], q.id
                assert sum(g for g in grades if g > 0) == pytest.approx(100, abs=1e-3), q.id
            elif q.type == "true_false":
                assert node.get("type") == "truefalse"
                truth = {a.findtext("text"): float(a.get("fraction")) for a in answers}
                assert truth == {"true": 100.0 if q.options[0].correct else 0.0,
                                 "false": 100.0 if q.options[1].correct else 0.0}
                assert [a.findtext("feedback/text") for a in answers] == [html.escape(o.feedback, quote=False) for o in q.options]
            else:
                assert node.get("type") == "numerical"
                right = answers[0]
                assert right.get("fraction") == "100"
                assert float(right.findtext("text")) == pytest.approx(q.answer, abs=1e-6)
                assert float(right.findtext("tolerance")) == q.tolerance
                assert _plain(right.findtext("feedback/text")) == q.feedback_correct
                assert [float(a.findtext("text")) for a in answers[1:-1]] == pytest.approx(
                    [w.value for w in q.wrong_answers], abs=1e-6)
                assert answers[-1].findtext("text") == "*"
                assert _plain(answers[-1].findtext("feedback/text")) == q.feedback_incorrect
            tags = [t.findtext("text") for t in node.findall("tags/tag")]
            assert tags == [q.objective, q.difficulty, q.kind]


def test_moodle_xml_keeps_chinese_text_in_utf8(exported):
    raw = (exported / "csat-quizzes-moodle.xml").read_bytes()
    assert "很不满意, 不满意, 不太满意, 一般, 较满意, 满意, 很满意".encode("utf-8") in raw
    assert b"&#" not in raw  # characters are written as UTF-8, not as numeric references


def test_per_chapter_files_and_readme(banks, exported):
    for chapter, bank in banks.items():
        root = ET.parse(exported / f"{chapter}-moodle.xml").getroot()
        assert len([q for q in root.findall("question") if q.get("type") != "category"]) == len(bank.questions)
        assert len(read_gift((exported / f"{chapter}-gift.txt").read_text(encoding="utf-8"))) == len(bank.questions)
        jq = json.loads((exported / f"{chapter}-jupyterquiz.json").read_text(encoding="utf-8"))
        assert len(jq) == len(bank.questions)
    readme = (exported / "README.txt").read_text(encoding="utf-8")
    assert f"{sum(len(b.questions) for b in banks.values())} self-assessment questions" in readme


def test_gift_round_trip_gives_back_every_question(banks, exported):
    text = (exported / "csat-quizzes-gift.txt").read_text(encoding="utf-8")
    parsed = {q.idnumber: q for q in read_gift(text)}
    assert len(parsed) == sum(len(b.questions) for b in banks.values())
    for chapter, bank in banks.items():
        for q in bank.questions:
            g = parsed[q.id]
            assert g.name == q.id
            assert g.category.endswith(f"Chapter {int(chapter[2:])}: {bank.title}")
            assert g.tags == [q.objective, q.difficulty, q.kind]
            assert q.text in _plain(g.text)
            if q.type in ("single", "multiple"):
                assert g.type == "multichoice"
                assert [a.text for a in g.answers] == [o.text for o in q.options]
                assert [a.feedback for a in g.answers] == [o.feedback for o in q.options]
                assert [a.weight > 0 for a in g.answers] == [o.correct for o in q.options]
                # single choice uses "=" (Moodle: one answer); multiple uses only %weights
                assert any(a.correct_flag == "=" for a in g.answers) == (q.type == "single")
            elif q.type == "true_false":
                assert g.type == "truefalse"
                assert g.truth == q.options[0].correct
                assert [a.feedback for a in g.answers] == [o.feedback for o in q.options]
            else:
                assert g.type == "numerical"
                assert float(g.answers[0].text) == pytest.approx(q.answer, abs=1e-6)
                assert g.answers[0].tolerance == pytest.approx(q.tolerance)
                assert g.answers[0].weight == 100 and g.answers[0].feedback == q.feedback_correct
                assert [float(a.text) for a in g.answers[1:]] == pytest.approx(
                    [w.value for w in q.wrong_answers], abs=1e-6)
                assert all(a.weight == 0 for a in g.answers[1:])
                assert g.general_feedback.endswith(q.feedback_incorrect)


def test_gift_escapes_special_characters_and_keeps_chinese():
    nasty = "Gaps {P = 5: E = 6} #1 ~ \\ and 很满意?"
    question = Question(
        id="x-q1", type="single", kind="recall", objective="O1.1", difficulty="easy", text=nasty,
        table=Table(("level", "count"), (("很满意", 3), ("a=b", 1))),
        options=(Option("= right {yes}", True, "fb # one: ok"), Option("~ wrong", False, "fb = two")))
    bank = Bank(chapter="ch01", title="T: {x}", page="p", questions=(question,))
    text = banks_to_gift([bank])
    assert "很满意" in text
    [g] = read_gift(text)
    assert nasty in _plain(g.text) and "a=b" in _plain(g.text)
    assert [(a.text, a.feedback, a.weight) for a in g.answers] == [
        ("= right {yes}", "fb # one: ok", 100.0), ("~ wrong", "fb = two", 0.0)]
    xml = ET.fromstring(banks_to_moodle_xml([bank]))
    assert nasty in _plain(xml.find("question[@type='multichoice']/questiontext/text").text)


def test_jupyterquiz_json_loads_in_jupyterquiz(banks, exported, monkeypatch):
    """The per-chapter JSON is what jupyterquiz 2.9's display_quiz takes, with text escaped."""
    import jupyterquiz.dynamic.display as jq_display

    shown = []
    monkeypatch.setattr(jq_display, "display", lambda obj: shown.append(obj))
    data = json.loads((exported / "ch03-jupyterquiz.json").read_text(encoding="utf-8"))
    jq_display.display_quiz(data)
    assert len(shown) == 2 and "show_questions" in shown[1].data
    bank = banks["ch03"]
    assert [d["type"] for d in data] == [
        {"single": "multiple_choice", "true_false": "multiple_choice", "multiple": "many_choice",
         "numeric": "numeric"}[q.type] for q in bank.questions]
    numeric = next(d for d, q in zip(data, bank.questions) if q.type == "numeric")
    low, high = numeric["answers"][0]["range"]
    q = next(q for q in bank.questions if q.type == "numeric")
    assert low <= q.answer < high and numeric["answers"][0]["correct"] is True
    # jupyterquiz inserts text with innerHTML and turns [a](b) into links: nothing raw gets through
    assert all("<" not in a["answer"] for d in data if "answers" in d for a in d["answers"] if "answer" in a)
