"""The final assessment's pools: format, groups against the chapter's objectives, no copies of bank questions."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from book.quizzes.banks import (Objective, core_ids, load_bank, load_pool, load_pools, objective_problems,
                                pool_problems)
from book.quizzes.schema import BankError, parse_bank

BANK = {"chapter": "ch03", "title": "Rate versus degree", "page": "ch03-rate-vs-degree", "questions": [
    {"id": "ch03-q01", "type": "single", "kind": "recall", "objective": "O3.1", "difficulty": "easy",
     "text": "What does a satisfaction rate count?", "fixed_order": True, "options": [
         {"text": "Satisfied owners out of all", "correct": True, "feedback": "Yes."},
         {"text": "The mean score", "feedback": "That is the degree."}]}]}


def _tf(qid: str, objective: str, text: str) -> dict:
    return {"id": qid, "type": "true_false", "kind": "application", "objective": objective,
            "difficulty": "medium", "text": text, "answer": True,
            "feedback": {True: "Right.", False: "Look again."}}


def pool_raw() -> dict:
    questions = [_tf(f"final-ch03-q0{i}", "O3.1" if i <= 3 else "O3.2", f"Case {i} at the estate.")
                 for i in range(1, 7)]
    return {"chapter": "ch03", "groups": [["O3.1"], ["O3.2"]], "questions": questions}


def _write(path: Path, raw: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_fixed_order_is_read_and_defaults_to_false():
    bank = parse_bank(BANK, file="ch03.yml")
    assert bank.questions[0].fixed_order is True
    raw = copy.deepcopy(BANK)
    del raw["questions"][0]["fixed_order"]
    assert parse_bank(raw, file="ch03.yml").questions[0].fixed_order is False
    raw["questions"][0]["fixed_order"] = "yes"
    with pytest.raises(BankError, match=r"ch03.yml: question 'ch03-q01', field 'fixed_order'"):
        parse_bank(raw, file="ch03.yml")


def test_a_good_pool_loads_and_groups_its_questions(tmp_path):
    pool = load_pool(_write(tmp_path / "final" / "ch03.yml", pool_raw()), root=tmp_path,
                     objectives=["O3.1", "O3.2"])
    assert pool.path == "final/ch03.yml"
    assert [len(pool.group_questions(g)) for g in range(2)] == [3, 3]


@pytest.mark.parametrize("change, field", [
    (lambda r: r["questions"].pop(), "groups[1]"),                                 # only 2 in group 2
    (lambda r: r["groups"].append(["O3.1"]), "groups[2]"),                          # objective twice
    (lambda r: r["questions"][0].update(objective="O3.5"), "objective"),            # in no group
    (lambda r: r["questions"][0].update(id="ch03-q77"), "id"),                      # not final-ch03-
    (lambda r: r["questions"][1].update(id="final-ch03-q01"), "id"),                # duplicated
    (lambda r: r.update(extra=1), "extra"),
])
def test_a_broken_pool_names_file_and_field(tmp_path, change, field):
    raw = pool_raw()
    change(raw)
    with pytest.raises(BankError) as err:
        load_pool(_write(tmp_path / "final" / "ch03.yml", raw), root=tmp_path)
    assert str(err.value).startswith("final/ch03.yml: ") and f"field {field!r}" in str(err.value)


def test_groups_must_hold_every_core_objective_exactly_once(tmp_path):
    path = _write(tmp_path / "final" / "ch03.yml", pool_raw())
    with pytest.raises(BankError, match=r"core objective O3.3 of ch03 is in no group"):
        load_pool(path, root=tmp_path, objectives=["O3.1", "O3.2", "O3.3"])
    with pytest.raises(BankError, match=r"O3.2 is not a core objective of ch03"):
        load_pool(path, root=tmp_path, objectives=["O3.1"])


def test_pool_ids_and_texts_must_not_repeat_the_banks(tmp_path):
    bank = load_bank(_write(tmp_path / "banks" / "ch03.yml", BANK), root=tmp_path)
    raw = pool_raw()
    raw["questions"][0]["text"] = BANK["questions"][0]["text"]
    path = _write(tmp_path / "final" / "ch03.yml", raw)
    with pytest.raises(BankError, match=r"question 'final-ch03-q01', field 'text': same text as ch03-q01"):
        load_pools(tmp_path / "final", root=tmp_path, banks={"ch03": bank})
    pool = load_pool(path, root=tmp_path)
    pool_bank = {"x": bank.__class__(**{**bank.__dict__, "questions": pool.questions[1:2]})}
    assert any("field 'id': id also used" in str(p) for p in pool_problems(pool, banks=pool_bank))


def test_one_pool_a_chapter(tmp_path):
    _write(tmp_path / "final" / "ch03.yml", pool_raw())
    _write(tmp_path / "final" / "ch03b.yml", pool_raw())
    with pytest.raises(BankError, match=r"final/ch03b.yml: field 'chapter': chapter ch03 already has a pool"):
        load_pools(tmp_path / "final", root=tmp_path)


def test_objective_problems_report_missing_and_misgrouped_pools(tmp_path):
    bank = load_bank(_write(tmp_path / "banks" / "ch03.yml", BANK), root=tmp_path)
    pool = load_pool(_write(tmp_path / "final" / "ch03.yml", pool_raw()), root=tmp_path)
    # O3.2 is taught on the page for analysts: no question needs to check it, no group may hold it
    objectives = {"ch03": [Objective("O3.1", "ch03-rate-vs-degree"), Objective("O3.2", "ch03-analysts")]}
    assert objective_problems({"ch03": bank}, objectives) == []
    assert objective_problems({"ch03": bank}, objectives, pools={}) == [
        "chapter ch03 has no final-assessment pool (book/quizzes/final/ch03.yml)"]
    assert objective_problems({"ch03": bank}, objectives, pools={"ch03": pool}) == [
        "final/ch03.yml: field 'groups': O3.2 is not a core objective of ch03 (O3.1)."]


def test_a_chapter_question_may_not_check_an_objective_of_the_page_for_analysts(tmp_path):
    raw = copy.deepcopy(BANK)
    raw["questions"][0]["objective"] = "O3.2"
    bank = load_bank(_write(tmp_path / "banks" / "ch03.yml", raw), root=tmp_path)
    objectives = {"ch03": [Objective("O3.1", "ch03-rate-vs-degree"), Objective("O3.2", "ch03-analysts")]}
    assert objective_problems({"ch03": bank}, objectives) == [
        "banks/ch03.yml: objective O3.1 of ch03 is checked by no question",
        "banks/ch03.yml: question 'ch03-q01', field 'objective': O3.2 is taught on the page for "
        "analysts (ch03-analysts), and the chapter's quiz checks its core objectives (O3.1)"]


def test_the_course_pools_and_chinese_files_present_load_and_fit():
    """Whatever pools and Chinese files the book has: checked against the banks and objectives."""
    from book.quizzes.banks import FINAL_DIR, chapter_objectives, load_banks
    from book.quizzes.translate import translation, translation_path

    root = Path(__file__).resolve().parents[2]
    banks = load_banks()
    pools = load_pools(FINAL_DIR, banks=banks)
    objectives = chapter_objectives(root / "chapters")
    for chapter, pool in pools.items():
        assert [str(p) for p in pool_problems(pool, objectives=core_ids(objectives[chapter]))] == []
    for obj in [*banks.values(), *pools.values()]:
        if translation_path(obj).is_file():
            assert [str(p) for p in translation(obj, "zh")[1]] == []
