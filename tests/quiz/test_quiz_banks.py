"""The course's banks: size, mix, objectives, and every computed answer checked by hand."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from book.quizzes import chapter_objectives, load_banks, objective_problems
from book.quizzes.banks import format_number
from book.quizzes.schema import Question

ROOT = Path(__file__).resolve().parents[2]
SEVEN = ["很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意"]
FIVE = ["很不满意", "不满意", "一般", "满意", "很满意"]


@pytest.fixture(scope="module")
def banks():
    return load_banks(ROOT / "book" / "quizzes" / "banks")


def _all(banks) -> list[Question]:
    return [q for _, b in sorted(banks.items()) for q in b.questions]


def test_seven_banks_with_at_least_ten_questions_each(banks):
    assert sorted(banks) == [f"ch{n:02d}" for n in range(1, 8)]
    for chapter, bank in banks.items():
        assert len(bank.questions) >= 10, chapter
    assert len(_all(banks)) >= 70


def test_every_chapter_mixes_recall_understanding_and_application(banks):
    for chapter, bank in banks.items():
        kinds = Counter(q.kind for q in bank.questions)
        assert set(kinds) == {"recall", "understanding", "application"}, (chapter, kinds)


def test_all_four_question_types_are_used(banks):
    assert {q.type for q in _all(banks)} == {"single", "multiple", "true_false", "numeric"}


def test_every_objective_is_covered_and_every_cited_objective_exists(banks):
    objectives = chapter_objectives(ROOT / "chapters")
    assert sorted(objectives) == sorted(banks)
    assert all(objectives[c] for c in objectives), "a chapter lists no learning objectives"
    assert objective_problems(banks, objectives) == []


def test_ids_are_unique_across_banks(banks):
    ids = [q.id for q in _all(banks)]
    assert len(ids) == len(set(ids))


def test_chinese_level_names_survive_loading(banks):
    texts = " ".join(o.text for q in _all(banks) for o in q.options)
    for name in SEVEN:
        assert name in texts


# --- every computed answer, recomputed by hand (independently of csat_examples) ---------------

def _table(q: Question) -> list[dict]:
    assert q.table is not None
    return [dict(zip(q.table.columns, row)) for row in q.table.rows]


def _levels(scale: str) -> list[str]:
    return SEVEN if scale == "7-level" else FIVE


def _score(level: str, scale: str, scoring: str) -> float:
    levels = _levels(scale)
    rank, k = levels.index(level) + 1, len(levels)
    mid = (k + 1) / 2
    return {"likert": rank, "sources": (rank - mid) * 20, "0-100": (rank - 1) / (k - 1) * 100}[scoring]


def _hierarchy(rows: list[dict]) -> dict[str, float]:
    """Score of every node: leaves as given, inner nodes the weighted sum of their children."""
    children: dict[str, list[dict]] = {}
    for r in rows:
        children.setdefault("" if r["parent"] == "-" else r["parent"], []).append(r)

    def score(name: str) -> float:
        kids = children.get(name)
        if not kids:
            return float(next(r["score"] for r in rows if r["node"] == name))
        return sum(k["weight"] * score(k["node"]) for k in kids)

    result = {r["node"]: score(r["node"]) for r in rows}
    result[""] = score("")
    return result


def _service_gaps(a: dict) -> dict[int, float]:
    return {1: a["management_perception"] - a["expectation"],
            2: a["standards"] - a["management_perception"],
            3: a["delivery"] - a["standards"],
            4: a["delivery"] - a["promises"],
            5: a["perception"] - a["expectation"]}


def _by_hand(recipe: dict, q: Question):
    name, a = recipe["function"], recipe.get("args", {})
    rows = _table(q) if q.table is not None else []
    if name == "satisfaction_rate":
        satisfied = a.get("satisfied") or ["满意", "很满意"]
        total = sum(r["count"] for r in rows)
        return 100 * sum(r["count"] for r in rows if r["level"] in satisfied) / total
    if name == "distribution_degree":
        total = sum(r["count"] for r in rows)
        return sum(_score(r["level"], a["scale"], a.get("scoring", "likert")) * r["count"]
                   for r in rows) / total
    if name == "simple_mean":
        return sum(r["score"] for r in rows) / len(rows)
    if name == "weighted_index":
        return sum(r["score"] * r["weight"] for r in rows)
    if name == "score_of":
        return _score(a["level"], a.get("scale", "7-level"), a.get("scoring", "likert"))
    if name == "rescore":
        k = len(_levels(a.get("scale", "7-level")))
        assert (a["from_scoring"], a["to_scoring"]) == ("likert", "0-100")
        return (a["value"] - 1) / (k - 1) * 100
    if name == "level_of":
        scale, scoring = a.get("scale", "7-level"), a.get("scoring", "likert")
        score = a.get("score")
        if score is None:
            score = (sum(r["score"] * r["weight"] for r in rows) if a.get("weighted")
                     else sum(r["score"] for r in rows) / len(rows))
        scores = [_score(lv, scale, scoring) for lv in _levels(scale)]
        # nearest level; a score exactly on a midpoint goes to the higher level
        best = max(range(len(scores)), key=lambda i: (-abs(scores[i] - score), i))
        return _levels(scale)[best]
    if name == "hierarchical_index":
        return _hierarchy(rows)[""]
    if name == "hierarchy_contribution":
        node = next(r for r in rows if r["node"] == a["node"])
        return node["weight"] * _hierarchy(rows)[a["node"]]  # a top-level node: global = local
    if name == "servqual":
        dims: dict[str, list[float]] = {}
        for r in rows:
            dims.setdefault(r["dimension"], []).append(r["perception"] - r["expectation"])
        gaps = {d: sum(v) / len(v) for d, v in dims.items()}
        if a.get("result", "unweighted") == "unweighted":
            return sum(gaps.values()) / len(gaps)
        return sum(a["importance"][d] / 100 * g for d, g in gaps.items())
    if name == "service_gap":
        return _service_gaps(a)[a["gap"]]
    if name == "nps":
        n = sum(r["count"] for r in rows)
        promoters = sum(r["count"] for r in rows if r["score"] >= 9)
        detractors = sum(r["count"] for r in rows if r["score"] <= 6)
        return 100 * (promoters - detractors) / n
    if name == "ipa_quadrant":
        imp = sum(r["importance"] for r in rows) / len(rows)
        perf = sum(r["performance"] for r in rows) / len(rows)
        r = next(r for r in rows if r["item"] == a["item"])
        high_i, high_p = r["importance"] >= imp, r["performance"] >= perf
        return {(True, False): "concentrate_here", (True, True): "keep_up_good_work",
                (False, False): "low_priority", (False, True): "possible_overkill"}[(high_i, high_p)]
    if name == "pareto_share":
        counts = sorted((r["count"] for r in rows), reverse=True)
        return 100 * sum(counts[: a["top"]]) / sum(counts)
    if name == "two_proportion":
        p1, p2 = a["x1"] / a["n1"], a["x2"] / a["n2"]
        pooled = (a["x1"] + a["x2"]) / (a["n1"] + a["n2"])
        se = math.sqrt(pooled * (1 - pooled) * (1 / a["n1"] + 1 / a["n2"]))
        return math.erfc(abs(p2 - p1) / se / math.sqrt(2))
    if name == "p_chart_limit":
        p, n = a["p"] / 100, a["n"]
        sign = {"ucl": 1, "lcl": -1, "center": 0}[a.get("limit", "ucl")]
        return 100 * (p + sign * 3 * math.sqrt(p * (1 - p) / n))
    raise AssertionError(f"no hand computation for recipe {name}")


def test_every_computed_answer_matches_a_hand_computation(banks):
    checked = Counter()
    for q in _all(banks):
        if q.compute is None:
            continue
        expected = _by_hand(q.compute, q)
        if q.type == "numeric":
            assert q.answer == pytest.approx(expected, abs=1e-9), q.id
            for w in q.wrong_answers:
                assert w.value == pytest.approx(_by_hand(w.compute, q), abs=1e-9), q.id
                assert abs(w.value - q.answer) > q.tolerance, q.id
        else:
            assert q.answer == expected, q.id
            assert [o.key for o in q.correct_options] == [expected], q.id
        checked[q.compute["function"]] += 1
    assert sum(checked.values()) >= 20
    assert {"satisfaction_rate", "weighted_index", "servqual", "nps", "ipa_quadrant"} <= set(checked)


@pytest.mark.parametrize("qid, expected", [
    ("ch03-q02", 14 / 30 * 100),            # (10 + 4) of 30 owners in the top two levels = 46.67 %
    ("ch03-q03", 148 / 30),                 # 1+4+9+16+30+60+28 = 148 points over 30 owners
    ("ch03-q09", 126 / 30),                 # 8+8+6+0+10+24+70 = 126: same rate, lower degree
    ("ch04-q10", 140 / 6),                  # 60+20+0+40+0+20 = 140 over 6 = 23.3 (the sources' mean)
    ("ch04-q11", 37.0),                     # 21 + 2 + 0 + 12 + 0 + 2
    ("ch06-q03", 72.6),                     # 0.6 x 75 + 0.4 x 69
    ("ch06-q06", -0.88),                    # (-1.4 - 0.6 + 0.2 - 1.0 - 1.6) / 5
    ("ch06-q07", -1.07),                    # -0.42 - 0.40 - 0.12 - 0.15 + 0.02
    ("ch07-q06", 35.0),                     # 50 % promoters - 15 % detractors
    ("ch07-q05", 70.0),                     # (45 + 25) of 100
])
def test_worked_answers(banks, qid, expected):
    question = next(q for q in _all(banks) if q.id == qid)
    assert question.answer == pytest.approx(expected, abs=1e-9)


def test_worked_feedback_agrees_with_the_computed_answer(banks):
    """The "correct" feedback shows its working; its result must be the computed answer."""
    for q in _all(banks):
        if q.type == "numeric":
            shown = format_number(q.answer, q.decimals)
            assert shown in q.feedback_correct or shown.replace("-", "\u2212") in q.feedback_correct, q.id


def test_text_that_quotes_a_computed_result_agrees_with_it(banks):
    by_id = {q.id: q for q in _all(banks)}
    # ch07-q09 tells the reader that the test of ch07-q08 gives a p-value between 0.01 and 0.05
    assert "between 0.01 and 0.05" in by_id["ch07-q09"].text
    assert 0.01 < by_id["ch07-q08"].answer < 0.05
    # ch03-q09's feedback quotes the degree of ch03-q03's estate
    assert format_number(by_id["ch03-q03"].answer, 2) in by_id["ch03-q09"].feedback_correct
    # ch04-q11's feedback compares with the simple mean of ch04-q10
    assert format_number(by_id["ch04-q10"].answer, 1) in by_id["ch04-q11"].feedback_correct


def test_shown_answer_is_within_tolerance_of_the_exact_answer(banks):
    for q in _all(banks):
        if q.type == "numeric":
            shown = float(format_number(q.answer, q.decimals))
            assert abs(shown - q.answer) <= q.tolerance + 1e-12, q.id


def test_every_question_stands_alone(banks):
    """The final assessment mixes questions, so none may lean on a neighbour's table or numbers."""
    import re
    leaning = re.compile(r"\b(previous|above|last) (question|table)|\bthe same (table|tree|scores|"
                         r"owners|analysis|gaps|data)\b", re.I)
    for q in _all(banks):
        assert not leaning.search(q.text), (q.id, q.text)
