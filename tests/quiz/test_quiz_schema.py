"""A malformed bank fails with a message naming the file, the question id and the field."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from book.quizzes import BankError, load_bank
from book.quizzes import export as quiz_export
from book.quizzes.schema import parse_bank

GOOD = {
    "chapter": "ch03",
    "title": "Rate and degree",
    "page": "ch03-rate-vs-degree",
    "questions": [
        {"id": "t-q1", "type": "single", "kind": "recall", "objective": "O3.1", "difficulty": "easy",
         "text": "Which formula gives the rate?",
         "options": [{"text": "S / C", "correct": True, "feedback": "Right."},
                     {"text": "C / S", "feedback": "Upside down."}]},
        {"id": "t-q2", "type": "multiple", "kind": "understanding", "objective": "O3.4",
         "difficulty": "medium", "text": "What can a rate not tell?",
         "options": [{"text": "why", "correct": True, "feedback": "Right."},
                     {"text": "depth", "correct": True, "feedback": "Right."},
                     {"text": "share satisfied", "feedback": "It can."}]},
        {"id": "t-q3", "type": "numeric", "kind": "application", "objective": "O3.2",
         "difficulty": "medium", "text": "Weighted degree?",
         "table": {"columns": ["attribute", "score", "weight"],
                   "rows": [["a", 6, 0.5], ["b", 4, 0.5]]},
         "compute": {"function": "weighted_index"}, "tolerance": 0.05, "decimals": 1,
         "feedback": {"correct": "Yes.", "incorrect": "Multiply and add."}},
        {"id": "t-q4", "type": "true_false", "kind": "recall", "objective": "O3.1",
         "difficulty": "easy", "text": "A rate is a share.", "answer": True,
         "feedback": {True: "Yes.", False: "It is."}},
    ],
}


def _write(tmp_path: Path, bank: dict, name: str = "ch03.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _fails(tmp_path: Path, bank: dict, question: str, field: str, words: str) -> BankError:
    path = _write(tmp_path, bank)
    with pytest.raises(BankError) as info:
        load_bank(path, root=None)
    message = str(info.value)
    assert str(path) in message
    assert f"question {question!r}" in message
    assert f"field {field!r}" in message
    assert re.search(words, message), message
    return info.value


def test_good_bank_loads_and_computes_its_numeric_answer(tmp_path):
    bank = load_bank(_write(tmp_path, GOOD), root=None)
    # 0.5 x 6 + 0.5 x 4 = 5.0, by hand
    assert bank.questions[2].answer == pytest.approx(5.0)
    assert [o.correct for o in bank.questions[3].options] == [True, False]


def _set(question: int, **fields):
    """A change to ``GOOD``: set these fields of its question ``question``."""
    return lambda bank: bank["questions"][question].update(fields)


def _drop(*path):
    """A change to ``GOOD``: remove the key at the end of ``path`` (indices and keys from the top)."""
    def change(bank):
        node = bank
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


def _uncorrect_all(bank):
    for option in bank["questions"][1]["options"]:
        option.pop("correct", None)


#: (a change to GOOD, the question and field the message must name, words it must say)
MALFORMED = [
    pytest.param(_drop("questions", 0, "options", 1, "feedback"), "t-q1", "options[1].feedback",
                 "missing feedback", id="missing-option-feedback"),
    pytest.param(_drop("questions", 3, "feedback", False), "t-q4", "feedback.false",
                 "missing feedback", id="true-false-without-one-feedback"),
    pytest.param(lambda b: b["questions"][0]["options"][1].update(correct=True), "t-q1", "options",
                 "exactly one correct option, found 2", id="single-choice-with-two-correct"),
    pytest.param(_uncorrect_all, "t-q2", "options", "at least one correct option",
                 id="multiple-choice-with-none-correct"),
    pytest.param(_drop("questions", 2, "tolerance"), "t-q3", "tolerance", "without tolerance",
                 id="numeric-without-tolerance"),
    pytest.param(_set(2, answer=5.0), "t-q3", "answer", "computed, never typed", id="numeric-answer-typed-in"),
    # the page shows 1 decimal: 5.0 +- 0.01 is finer than anyone can see
    pytest.param(_set(2, tolerance=0.01), "t-q3", "tolerance", "finer than", id="tolerance-finer-than-shown"),
    pytest.param(_set(1, id="t-q1"), "t-q1", "id", "duplicated id", id="duplicated-id"),
    pytest.param(_set(2, compute={"function": "__import__('os').system('true')"}), "t-q3", "compute.function",
                 "unknown recipe", id="unknown-recipe-is-not-run"),
    pytest.param(_set(2, compute={"function": "weighted_index", "args": {"shell": "rm -rf /"}}), "t-q3",
                 "compute.args", "bad arguments", id="bad-recipe-arguments"),
    pytest.param(_set(0, objective="O4.1"), "t-q1", "objective", "chapter 3", id="objective-of-another-chapter"),
    pytest.param(_set(0, feedbak="typo"), "t-q1", "feedbak", "unknown fields", id="unknown-field"),
    pytest.param(_set(0, kind="application", objective="O3.2",
                      text="Which level is 23.3 on the sources' scoring?",
                      compute={"function": "level_of", "args": {"score": 23.3, "scoring": "sources"}},
                      options=[{"text": "satisfied", "key": "满意", "feedback": "No."},
                               {"text": "neutral", "key": "一般", "feedback": "No."}]),
                 "t-q1", "options", "matches no option key", id="computed-choice-matching-no-option"),
]


@pytest.mark.parametrize(("change", "question", "field", "words"), MALFORMED)
def test_a_malformed_question_is_refused_naming_file_question_and_field(tmp_path, change, question, field, words):
    bad = copy.deepcopy(GOOD)
    change(bad)
    _fails(tmp_path, bad, question, field, words)


def test_duplicated_id_across_banks(tmp_path):
    from book.quizzes import load_banks
    _write(tmp_path, GOOD, "ch03.yml")
    other = copy.deepcopy(GOOD)
    other["chapter"] = "ch04"
    for q in other["questions"]:
        q["objective"] = q["objective"].replace("O3", "O4")
    _write(tmp_path, other, "ch04.yml")
    with pytest.raises(BankError, match=r"ch04.yml: question 't-q1', field 'id': duplicated id \(also in"):
        load_banks(tmp_path, root=None)


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "&lt;b&gt; smuggled entity",
    "<!-- comment -->",
])
@pytest.mark.parametrize("where", ["text", "option", "feedback"])
def test_unescaped_html_is_refused(tmp_path, hostile, where):
    bad = copy.deepcopy(GOOD)
    if where == "text":
        bad["questions"][0]["text"] = f"Which formula? {hostile}"
        field = "text"
    elif where == "option":
        bad["questions"][0]["options"][0]["text"] = hostile
        field = "options[0].text"
    else:
        bad["questions"][0]["options"][1]["feedback"] = f"No. {hostile}"
        field = "options[1].feedback"
    _fails(tmp_path, bad, "t-q1", field, "HTML markup")


def test_plain_less_than_sign_is_allowed(tmp_path):
    ok = copy.deepcopy(GOOD)
    ok["questions"][0]["text"] = "If 5 < 7 and 7 > 5, which formula gives the rate?"
    assert load_bank(_write(tmp_path, ok), root=None).questions[0].text.startswith("If 5 < 7")


def test_build_step_fails_on_a_malformed_bank(tmp_path):
    """``python -m book build`` stops at the quiz step, naming file, question and field."""
    banks = tmp_path / "book" / "quizzes" / "banks"
    banks.mkdir(parents=True)
    bad = copy.deepcopy(GOOD)
    bad["questions"][0]["options"][0]["correct"] = False
    _write(banks, bad)
    (tmp_path / "chapters").mkdir()
    with pytest.raises(BankError, match=r"book/quizzes/banks/ch03.yml: question 't-q1', field 'options'"):
        quiz_export.run(tmp_path, tmp_path / "_build" / "html", strict=False)
    assert not (tmp_path / "_build" / "html" / "downloads").exists()


def test_build_step_strict_fails_when_an_objective_is_not_covered(tmp_path):
    banks = tmp_path / "book" / "quizzes" / "banks"
    banks.mkdir(parents=True)
    _write(banks, GOOD)
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "ch03-rate.md").write_text(
        "# Rate\n\n## Learning objectives\n\n1. [O3.1] a\n2. [O3.2] b\n3. [O3.4] c\n4. [O3.9] d\n",
        encoding="utf-8")
    with pytest.raises(BankError, match=r"objective O3.9 of ch03 is checked by no question"):
        quiz_export.run(tmp_path, tmp_path / "_build" / "html", strict=True)
    # without --strict the same build warns and still writes the exports
    quiz_export.run(tmp_path, tmp_path / "_build" / "html", strict=False)
    assert (tmp_path / "_build" / "html" / "downloads" / "quizzes" / "ch03-moodle.xml").is_file()


def test_parse_bank_reports_questions_by_position_when_the_id_is_missing():
    bad = copy.deepcopy(GOOD)
    del bad["questions"][1]["id"]
    with pytest.raises(BankError, match=r"f.yml: field 'questions\[1\].id': missing or malformed id"):
        parse_bank(bad, file="f.yml")
