"""Exports per language (Moodle XML, GIFT) of banks and final pools, checked after writing; hostile text."""

from __future__ import annotations

import dataclasses
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book.quizzes.banks import load_bank, load_pool
from book.quizzes.export import write_exports
from book.quizzes.gift import check_gift, read_gift, sections_to_gift
from book.quizzes.moodle import CATEGORY_ROOT, Section, category_level, check_moodle_xml, sections_to_moodle_xml
from book.quizzes.schema import Bank, BankError, Option, Question

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    pool = load_pool(FIXTURES / "final" / "ch03.yml", root=None)
    folder = tmp_path_factory.mktemp("html") / "downloads" / "quizzes"
    write_exports({"ch03": bank}, folder, {"ch03": pool})
    return folder


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("edition", ["zh-hans", "zh-hant", "en"])
def test_every_language_has_moodle_and_gift_of_banks_and_final_pool(written, edition):
    names = {p.name for p in (written / edition).iterdir()}
    assert names == {"csat-quizzes-moodle.xml", "csat-quizzes-gift.txt", "ch03-moodle.xml", "ch03-gift.txt",
                     "ch03-jupyterquiz.json", "final-moodle.xml", "final-gift.txt"}
    final = ET.parse(written / edition / "final-moodle.xml").getroot()
    ids = [q.findtext("idnumber") for q in final.findall("question") if q.get("type") != "category"]
    assert ids == [f"final-ch03-q0{i}" for i in range(1, 7)]
    assert len(read_gift((written / edition / "final-gift.txt").read_text(encoding="utf-8"))) == 6


def test_chinese_exports_are_chinese_with_chinese_categories(written):
    root = ET.parse(written / "zh-hans" / "ch03-moodle.xml").getroot()
    category = root.find("question[@type='category']/category/text").text
    assert category == f"{CATEGORY_ROOT}/客户满意度：测评与管理/第 3 章　满意率与满意度"
    texts = [_plain(q.findtext("questiontext/text")) for q in root.findall("question") if q.get("type") != "category"]
    assert texts[0].strip() == "满意率统计的是什么？"
    # Moodle's true/false answers keep their own words in every language
    tf = root.find("question[@type='truefalse']")
    assert [a.findtext("text") for a in tf.findall("answer")] == ["true", "false"]
    gift = read_gift((written / "zh-hant" / "final-gift.txt").read_text(encoding="utf-8"))
    assert gift[0].category.endswith("/結業測評題庫/第 3 章　滿意率與滿意度")
    assert "社區案例 1" in gift[0].text
    assert (written / "zh-hant" / "ch03-gift.txt").read_text(encoding="utf-8").count("TRUE") + \
        (written / "zh-hant" / "ch03-gift.txt").read_text(encoding="utf-8").count("FALSE") == 1


def test_english_files_stay_beside_the_readme(written):
    assert (written / "csat-quizzes-moodle.xml").read_bytes() == (written / "en" / "csat-quizzes-moodle.xml").read_bytes()
    assert "zh-hans, zh-hant, en" in (written / "README.txt").read_text(encoding="utf-8")


def _question(text: str, option: str, feedback: str, qid: str = "h-q1") -> Question:
    return Question(id=qid, type="single", kind="recall", objective="O3.1", difficulty="easy", text=text,
                    options=(Option(option, True, feedback), Option("other", False, "no")))


def test_a_double_hyphen_title_and_newlines_keep_the_xml_well_formed_and_gift_whole():
    title = "Rate -- degree --> <!-- x\n\n::evil::{=yes}"
    bank = Bank("ch03", title, "p", (_question("a\nb -- c", "x\r\n\n~y", "=z"),), path="banks/ch03.yml")
    section = Section(f"course/{title}".replace("\n", " "), title.replace("\n", " "), bank.questions, bank.path)
    data = sections_to_moodle_xml([section])
    check_moodle_xml(data, [section], file="x.xml")
    assert b"<!--" not in data
    text = sections_to_gift([section])
    check_gift(text, [section], file="x.gift")
    # the title stays on its category line (Moodle reads that whole line as the category name)
    assert [ln for ln in text.splitlines() if "evil" in ln] == [f"$CATEGORY: {CATEGORY_ROOT}/{section.category}"]
    assert [g.name for g in read_gift(text)] == ["h-q1"]


def test_check_gift_names_the_question_a_broken_file_loses():
    sections = [Section("c", "i", (_question("q", "a", "b"), _question("r", "a", "b", "h-q2")), "banks/ch03.yml")]
    text = sections_to_gift(sections)
    broken = text.replace("::h-q2::", "::h-q9::")
    with pytest.raises(BankError, match=r"banks/ch03.yml: question 'h-q2': the GIFT file x.gift reads back 'h-q9'"):
        check_gift(broken, sections, file="x.gift")
    with pytest.raises(BankError, match=r"banks/ch03.yml: question 'h-q2'"):
        shorter = dataclasses.replace(sections[0], questions=sections[0].questions[:1])
        check_moodle_xml(sections_to_moodle_xml([shorter]), sections, file="x.xml")


def test_a_control_character_is_refused_naming_file_question_and_field():
    section = Section("c", "i", (_question("ok", "a\x0bb", "f"),), "banks/ch03.yml")
    for export in (sections_to_moodle_xml, sections_to_gift):
        with pytest.raises(BankError, match=r"banks/ch03.yml: question 'h-q1', field 'options\[0\].text': "
                                            r"contains the control character U\+000B"):
            export([section])


HOSTILE = st.text(alphabet=st.sampled_from(list("~=#{}:\\/-<>&!\"'[]%$ \n\r\t\x00\x1f\x7faé满意\u2028")) |
                  st.characters(), min_size=1, max_size=40).filter(lambda t: t.strip())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, text=HOSTILE, option=HOSTILE, feedback=HOSTILE)
def test_hostile_strings_survive_both_exports_or_are_refused_by_name(title, text, option, feedback):
    if option == "other":
        option += "!"
    question = _question(text, option, feedback)
    section = Section(f"course/{category_level(title)}", title, (question,), "banks/ch03.yml")
    try:
        xml = sections_to_moodle_xml([section])
    except BankError as err:  # only for a character XML cannot hold, naming where it is
        assert "control character" in str(err) and str(err).startswith("banks/ch03.yml")
        return
    check_moodle_xml(xml, [section], file="x.xml")
    node = ET.fromstring(xml).find("question[@type='multichoice']")
    assert _plain(node.findtext("answer/text")) == option.replace("\r\n", "\n").replace("\r", "\n") or \
        html.unescape(node.findtext("answer/text")) == option
    gift = sections_to_gift([section])
    check_gift(gift, [section], file="x.gift")
    [g] = read_gift(gift)
    def lines(text: str) -> str:  # GIFT writes every line break as "\n"; the reader strips the ends
        return re.sub(r"\r\n|\r|\x85|\u2028|\u2029", "\n", text).strip()

    assert lines(g.answers[0].text) == lines(option) and lines(g.answers[0].feedback) == lines(feedback)


def test_bank_fields_are_not_changed_by_exports():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    before = dataclasses.asdict(bank)
    sections_to_gift([Section("c", "i", bank.questions, bank.path)])
    assert dataclasses.asdict(bank) == before
