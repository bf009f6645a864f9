"""The quiz page's seeded order, re-implemented in Python: mulberry32 + Fisher-Yates.

``csat-quiz.js`` shuffles every attempt's options (and draws the final assessment's questions)
with these two functions; tests/browser/test_quiz_attempts.py checks that the browser gives the
same numbers as :func:`plan_attempt` for a few seeds, so what is measured here is what readers
see.  The measure: over 200 attempts of every bank, no displayed position holds more than 40 %
of the correct answers (before shuffling, 48 of 52 single-choice questions had the right answer
first).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from book.quizzes import load_banks
from book.quizzes.render import question_data

ROOT = Path(__file__).resolve().parents[2]
MASK = 0xFFFFFFFF


def mulberry32(seed: int) -> Callable[[], float]:
    """The page's generator: floats in [0, 1) from a 32-bit seed.

    Examples
    --------
    >>> rng = mulberry32(1)
    >>> rng(), rng()
    (0.6270739405881613, 0.002735721180215478)
    """
    state = seed & MASK

    def imul(x: int, y: int) -> int:  # Math.imul: the low 32 bits of the product
        return (x * y) & MASK

    def draw() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & MASK) ^ t
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return draw


def shuffled(n: int, rng: Callable[[], float]) -> list[int]:
    """0..n-1 in the page's Fisher-Yates order.

    Examples
    --------
    >>> shuffled(5, mulberry32(2026))
    [0, 4, 3, 1, 2]
    """
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(rng() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def keeps_order(q: dict[str, Any]) -> bool:
    return bool(q.get("fixedOrder")) or q["type"] == "true_false"


def plan_attempt(data: dict[str, Any], seed: int) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """(questions shown, each one's option order) of one attempt, as ``planAttempt`` in the page."""
    rng = mulberry32(seed)
    if "groups" in data:
        questions = []
        for group in data["groups"]:
            picked = sorted(shuffled(len(group["questions"]), rng)[: data.get("draw") or 1])
            questions += [group["questions"][k] for k in picked]
    else:
        questions = list(data["questions"])
    orders = []
    for q in questions:
        n = len(q.get("options") or ())
        orders.append(list(range(n)) if keeps_order(q) else shuffled(n, rng))
    return questions, orders


def _question(q) -> dict[str, Any]:
    data = question_data(q)
    data.setdefault("fixedOrder", bool(getattr(q, "fixed_order", False)))
    return data


@pytest.fixture(scope="module")
def chapter_quizzes() -> list[dict[str, Any]]:
    banks = load_banks(ROOT / "book" / "quizzes" / "banks")
    return [{"id": c, "questions": [_question(q) for q in b.questions]} for c, b in sorted(banks.items())]


def test_generator_is_uniform_enough():
    rng = mulberry32(7)
    counts = Counter(int(rng() * 4) for _ in range(40_000))
    assert all(9_500 < counts[k] < 10_500 for k in range(4)), counts


def test_correct_answers_are_spread_over_the_displayed_positions(chapter_quizzes):
    seeds = random.Random(15).sample(range(2**32), 200)
    positions: Counter[int] = Counter()
    for seed in seeds:
        for quiz in chapter_quizzes:
            questions, orders = plan_attempt(quiz, seed)
            for q, order in zip(questions, orders):   # numeric questions have no order
                for shown, k in enumerate(order):
                    positions[shown] += q["options"][k]["correct"]
    total = sum(positions.values())
    assert total > 200 * 40   # every choice question of every bank, 200 times
    worst = max(positions.values()) / total
    assert worst <= 0.40, {p: round(c / total, 3) for p, c in sorted(positions.items())}


def test_without_the_shuffle_the_same_measure_fails(chapter_quizzes):
    """The measure can fail: in the authors' order most right answers come first."""
    positions: Counter[int] = Counter()
    for quiz in chapter_quizzes:
        for q in quiz["questions"]:
            for shown, option in enumerate(q.get("options") or ()):
                positions[shown] += option["correct"]
    assert max(positions.values()) / sum(positions.values()) > 0.40


def test_fixed_order_questions_keep_the_authors_order():
    q = {"type": "single", "fixedOrder": True, "options": [{"correct": True}] * 4}
    free = {"type": "single", "options": [{"correct": True}] * 4}
    orders = {tuple(plan_attempt({"questions": [q, free]}, seed)[1][0]) for seed in range(50)}
    assert orders == {(0, 1, 2, 3)}
    assert len({tuple(plan_attempt({"questions": [free]}, seed)[1][0]) for seed in range(50)}) > 10


def test_final_draws_differ_between_attempts():
    groups = [{"chapter": f"ch{c}", "questions": [{"id": f"ch{c}-q{i}", "type": "numeric"} for i in range(9)]}
              for c in range(1, 8)]
    data = {"groups": groups, "draw": 3}
    drawn = {tuple(q["id"] for q in plan_attempt(data, seed)[0]) for seed in range(20)}
    assert len(drawn) == 20
    for ids in drawn:
        assert len(ids) == 21 and [i.split("-")[0] for i in ids] == [f"ch{c}" for c in range(1, 8) for _ in range(3)]
