"""The Chinese text of a bank/pool: same answers and order, every problem named, English fallback."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
import yaml

from book.quizzes.banks import load_bank, load_pool
from book.quizzes.schema import BankError
from book.quizzes.translate import QuizTranslationWarning, translate, translation

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture()
def copy(tmp_path):
    """The fixture bank in a scratch folder, its Chinese file editable: (bank, zh path, zh dict)."""
    shutil.copytree(FIXTURES, tmp_path / "f")
    path = tmp_path / "f" / "banks" / "ch03.yml"
    zh = path.parent / "zh" / "ch03.yml"
    return load_bank(path, root=None), zh, yaml.safe_load(zh.read_text(encoding="utf-8"))


def test_chinese_bank_keeps_answers_order_and_computed_values():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    zh = translate(bank, "zh", strict=True)
    assert zh.lang == "zh" and zh.title == "满意率与满意度"
    for en_q, zh_q in zip(bank.questions, zh.questions):
        assert (zh_q.id, zh_q.type, zh_q.answer, zh_q.fixed_order) == (en_q.id, en_q.type, en_q.answer, en_q.fixed_order)
        assert [o.correct for o in zh_q.options] == [o.correct for o in en_q.options]
        assert [w.value for w in zh_q.wrong_answers] == [w.value for w in en_q.wrong_answers]
    single, tf, numeric = zh.questions
    assert single.options[0].text == "达到“满意”及以上的业主所占的比例"
    assert [o.key for o in tf.options] == ["true", "false"]
    assert tf.options[1].feedback.startswith("对：") and tf.options[1].correct
    assert numeric.table.columns == ("等级", "人数", "备注")
    assert [r[2] for r in numeric.table.rows] == ["电梯噪声", "-", "-", "rel1", "-"]
    assert numeric.unit == "%" and numeric.wrong_answers[0].feedback.startswith("只算了最高一档")


def test_traditional_chinese_is_converted_everywhere_including_the_table():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    hant = translate(bank, "zh-Hant", strict=True)
    assert hant.lang == "zh-Hant" and hant.title == "滿意率與滿意度"
    numeric = hant.questions[2]
    assert numeric.table.columns == ("等級", "人數", "備註")
    assert numeric.table.rows[0][0] == "很不滿意" and numeric.table.rows[0][2] == "電梯噪聲"
    assert numeric.answer == 60.0


def test_pool_translation():
    pool = load_pool(FIXTURES / "final" / "ch03.yml", root=None)
    zh = translate(pool, "zh", strict=True)
    assert zh.groups == pool.groups and zh.questions[0].text.startswith("小区案例 1")


def test_english_is_returned_as_it_is():
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    assert translate(bank, "en") is bank


@pytest.mark.parametrize("change, question, field", [
    (lambda d: d["questions"].pop("ch03-q02"), "ch03-q02", None),                     # missing id
    (lambda d: d["questions"].update({"ch03-q99": {"text": "多余"}}), "ch03-q99", None),  # extra id
    (lambda d: d["questions"]["ch03-q01"]["options"].pop(), "ch03-q01", "options"),  # option count
    (lambda d: d["questions"]["ch03-q01"]["options"][1].pop("feedback"), "ch03-q01", "options[1].feedback"),
    (lambda d: d["questions"]["ch03-q02"]["feedback"].pop(False), "ch03-q02", "feedback.false"),
    (lambda d: d["questions"]["ch03-q03"].pop("unit"), "ch03-q03", "unit"),
    (lambda d: d["questions"]["ch03-q03"].update(wrong_answers=[]), "ch03-q03", "wrong_answers"),
    (lambda d: d["questions"]["ch03-q03"].update(table_columns=["等级"]), "ch03-q03", "table_columns"),
    (lambda d: d["questions"]["ch03-q03"].update(table_cells={}), "ch03-q03", "table_cells['lift noise']"),
    (lambda d: d["questions"]["ch03-q03"].update(answer=3), "ch03-q03", "answer"),
    (lambda d: d["questions"]["ch03-q01"].update(text="<b>满意率</b>"), "ch03-q01", "text"),
    (lambda d: d.pop("title"), None, "title"),
])
def test_each_problem_names_file_question_and_field(copy, change, question, field):
    bank, zh_path, zh = copy
    change(zh)
    zh_path.write_text(yaml.safe_dump(zh, allow_unicode=True), encoding="utf-8")
    with pytest.raises(BankError) as err:
        translate(bank, "zh", strict=True)
    message = str(err.value)
    assert message.startswith(f"{zh_path}: ")
    if question:
        assert f"question {question!r}" in message
    if field:
        assert f"field {field!r}" in message


def test_outside_strict_a_problem_warns_and_that_question_stays_english(copy):
    bank, zh_path, zh = copy
    zh["questions"]["ch03-q01"]["options"].pop()
    zh_path.write_text(yaml.safe_dump(zh, allow_unicode=True), encoding="utf-8")
    with pytest.warns(QuizTranslationWarning, match=r"question 'ch03-q01', field 'options'"):
        out = translate(bank, "zh")
    assert out.questions[0] == bank.questions[0]
    assert out.questions[1].text.startswith("一位")


def test_a_missing_file_leaves_everything_english(copy):
    bank, zh_path, _ = copy
    zh_path.unlink()
    out, problems = translation(bank, "zh-Hant")
    assert [str(p) for p in problems] == [f"{zh_path}: no Chinese text for this file. "
                                          "Fix: write it (see book/quizzes/translate.py)."]
    assert out.questions == bank.questions and out.title == bank.title
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(QuizTranslationWarning):
            translate(bank, "zh")


def test_without_opencc_traditional_chinese_uses_the_library_table(monkeypatch):
    """In JupyterLite there is no OpenCC: the quiz still comes in Traditional characters."""
    import sys

    from book.quizzes.translate import hant_converter

    monkeypatch.setitem(sys.modules, "opencc", None)  # makes "import opencc" fail
    convert = hant_converter()
    assert convert("满意率与满意度") == "滿意率與滿意度"
    bank = load_bank(FIXTURES / "banks" / "ch03.yml", root=None)
    assert translate(bank, "zh-Hant", strict=True).title == "滿意率與滿意度"


def test_interface_words_exist_in_both_languages_and_a_gap_is_named(tmp_path):
    from book.quizzes.ui import ui_words

    assert ui_words("en").keys() == ui_words("zh").keys() == ui_words("zh-Hant").keys()
    assert all(ui_words("zh").values())
    broken = tmp_path / "ui.yml"
    broken.write_text("final_title:\n  en: Final assessment\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"book/quizzes/ui.yml: field 'final_title.zh': missing or empty text"):
        ui_words("en", broken)
