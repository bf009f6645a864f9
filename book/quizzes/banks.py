"""Load the chapter banks and final-assessment pools, compute their answers, check them.

The banks are ``banks/chNN.yml``; the final assessment's pools ``final/chNN.yml``.  Both are
checked against the chapters' "Learning objectives" (:func:`objective_problems`), and a pool
against the banks too (:func:`pool_problems`: no id used twice, no question copied).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml

from .compute import evaluate
from .schema import Bank, BankError, Pool, Question, bank_file_label, parse_bank, parse_pool

__all__ = [
    "BANKS_DIR",
    "FINAL_DIR",
    "ROOT",
    "load_bank",
    "load_banks",
    "cached_banks",
    "load_pool",
    "load_pools",
    "cached_pools",
    "pool_problems",
    "resolve",
    "Objective",
    "chapter_objectives",
    "core_ids",
    "objective_problems",
    "format_number",
]

BANKS_DIR = Path(__file__).resolve().parent / "banks"
FINAL_DIR = Path(__file__).resolve().parent / "final"
ROOT = Path(__file__).resolve().parents[2]
_Quiz = TypeVar("_Quiz", Bank, Pool)
_OBJECTIVE_LINE = re.compile(r"^\s*\d+\.\s+\[(O\d+\.\d+)\](.*)$")
_SECTION_REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?([\w-]+)>?`")


def format_number(value: float, decimals: int) -> str:
    """Show ``value`` with ``decimals`` places ("-0.0" shown as "0.0").

    Examples
    --------
    >>> format_number(66.66666, 1), format_number(-0.001, 2), format_number(40.0, 0)
    ('66.7', '0.00', '40')
    """
    text = f"{value:.{decimals}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def resolve(question: Question, *, file: str) -> Question:
    """Compute a question's answer (numeric value, or the correct option of a computed choice)."""
    if question.compute is None:
        return question
    value = evaluate(question.compute, question, file=file)
    if question.type == "single":
        keys = [o.key for o in question.options]
        if str(value) not in keys:
            raise BankError(f"the computed answer {value!r} matches no option key ({keys})", file=file,
                            question=question.id, field="options")
        options = tuple(dataclasses.replace(o, correct=(o.key == str(value))) for o in question.options)
        return dataclasses.replace(question, options=options, answer=str(value))
    if isinstance(value, str):
        raise BankError(f"a numeric question needs a number, recipe gave {value!r}", file=file,
                        question=question.id, field="compute")
    tolerance = question.tolerance or 0.0  # parse_bank guarantees a positive tolerance
    if 0.5 * 10 ** -question.decimals > tolerance + 1e-12:
        raise BankError(f"tolerance {question.tolerance} is finer than the {question.decimals} "
                        "decimals shown, so the shown answer would be marked wrong", file=file,
                        question=question.id, field="tolerance")
    wrong = []
    for i, w in enumerate(question.wrong_answers):
        w_value = evaluate(w.compute, question, file=file, field=f"wrong_answers[{i}].compute")
        if isinstance(w_value, str) or abs(w_value - value) <= tolerance:
            raise BankError(f"this common mistake gives {w_value!r}, within the tolerance of the "
                            f"answer {value!r}", file=file, question=question.id,
                            field=f"wrong_answers[{i}]")
        wrong.append(dataclasses.replace(w, value=float(w_value)))
    return dataclasses.replace(question, answer=float(value), wrong_answers=tuple(wrong))


def _read_yaml(path: Path, label: str) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BankError(f"not valid YAML: {exc}", file=label) from exc


def _read_resolved(path: Path | str, root: Path | None, parse: Callable[..., _Quiz]) -> _Quiz:
    """Read a bank or pool file, check it with ``parse`` and compute its answers."""
    path = Path(path)
    label = bank_file_label(path, root)
    quiz = parse(_read_yaml(path, label), file=label)
    return dataclasses.replace(quiz, questions=tuple(resolve(q, file=label) for q in quiz.questions))


def _load_folder(folder: Path | str, load: Callable[[Path], _Quiz], what: str) -> dict[str, _Quiz]:
    """Every ``chNN.yml`` of ``folder`` read by ``load``, keyed by chapter: one ``what`` (bank or
    pool) a chapter, and no question id used twice across them."""
    found: dict[str, _Quiz] = {}
    owner: dict[str, str] = {}
    for path in sorted(Path(folder).glob("ch*.yml")):
        quiz = load(path)
        if quiz.chapter in found:
            raise BankError(f"chapter {quiz.chapter} already has a {what}", file=quiz.path, field="chapter")
        for q in quiz.questions:
            if q.id in owner:
                raise BankError(f"duplicated id (also in {owner[q.id]})", file=quiz.path,
                                question=q.id, field="id")
            owner[q.id] = quiz.path
        found[quiz.chapter] = quiz
    return found


def load_bank(path: Path | str, *, root: Path | None = ROOT) -> Bank:
    """Read, check and resolve one bank file; errors name the file, question id and field."""
    return _read_resolved(path, root, parse_bank)


def pool_problems(pool: Pool, *, banks: dict[str, Bank] | None = None,
                  objectives: list[str] | None = None) -> list[BankError]:
    """What is wrong with ``pool`` against its chapter's core ``objectives`` and the ``banks``.

    The groups must hold every core objective exactly once (a grouped objective that is not a
    core objective is a problem too); no pool id may be a bank question's id, and no pool question
    may have the same text as a bank question (the pool is new questions, not copies).

    Examples
    --------
    >>> from book.quizzes.schema import Pool
    >>> pool = Pool("ch03", (("O3.1", "O3.9"),), (), path="final/ch03.yml")
    >>> [str(p) for p in pool_problems(pool, objectives=["O3.1", "O3.2"])]  # doctest: +NORMALIZE_WHITESPACE
    ["final/ch03.yml: field 'groups': core objective O3.2 of ch03 is in no group.",
     "final/ch03.yml: field 'groups': O3.9 is not a core objective of ch03 (O3.1, O3.2)."]
    """
    problems: list[BankError] = []
    if objectives is not None:
        grouped = [oid for group in pool.groups for oid in group]
        for oid in objectives:
            if oid not in grouped:
                problems.append(BankError(f"core objective {oid} of {pool.chapter} is in no group",
                                          file=pool.path, field="groups"))
        for oid in grouped:
            if oid not in objectives:
                problems.append(BankError(f"{oid} is not a core objective of {pool.chapter} "
                                          f"({', '.join(objectives)})", file=pool.path, field="groups"))
    for bank in (banks or {}).values():
        ids = {q.id: q for q in bank.questions}
        texts = {q.text.strip(): q.id for q in bank.questions}
        for q in pool.questions:
            if q.id in ids:
                problems.append(BankError(f"id also used in {bank.path}", file=pool.path,
                                          question=q.id, field="id"))
            if q.text.strip() in texts:
                problems.append(BankError(f"same text as {texts[q.text.strip()]} in {bank.path}",
                                          file=pool.path, question=q.id, field="text",
                                          fix="write a new question, not a copy of the chapter's"))
    return problems


def load_pool(path: Path | str, *, root: Path | None = ROOT, banks: dict[str, Bank] | None = None,
              objectives: list[str] | None = None) -> Pool:
    """Read, check and resolve one final-assessment pool.

    Given ``banks`` and the chapter's core ``objectives``, also checks it against them
    (:func:`pool_problems`) and raises the first problem.
    """
    pool = _read_resolved(path, root, parse_pool)
    problems = pool_problems(pool, banks=banks, objectives=objectives)
    if problems:
        raise problems[0]
    return pool


def load_pools(folder: Path | str = FINAL_DIR, *, root: Path | None = ROOT,
               banks: dict[str, Bank] | None = None) -> dict[str, Pool]:
    """All pools of ``folder`` (``chNN.yml``; none when the folder is missing), keyed by chapter.

    Ids must be unique across the pools and, given ``banks``, across banks and pools; no pool
    question may copy a bank question's text.
    """
    return _load_folder(folder, lambda path: load_pool(path, root=root, banks=banks), "pool")


def load_banks(folder: Path | str = BANKS_DIR, *, root: Path | None = ROOT) -> dict[str, Bank]:
    """All banks of ``folder`` (``chNN.yml``), keyed by chapter id; ids must be unique across banks."""
    return _load_folder(folder, lambda path: load_bank(path, root=root), "bank")


@lru_cache(maxsize=4)
def _cached_banks(folder: str) -> dict[str, Bank]:
    return load_banks(folder)


def cached_banks(folder: Path | str = BANKS_DIR) -> dict[str, Bank]:
    """:func:`load_banks`, computed once per process (rendering calls it once per page)."""
    return _cached_banks(str(folder))


@lru_cache(maxsize=4)
def _cached_pools(folder: str, banks_folder: str) -> dict[str, Pool]:
    return load_pools(folder, banks=cached_banks(banks_folder))


def cached_pools(folder: Path | str = FINAL_DIR, banks_folder: Path | str = BANKS_DIR) -> dict[str, Pool]:
    """:func:`load_pools` (checked against the banks), computed once per process."""
    return _cached_pools(str(folder), str(banks_folder))


@dataclasses.dataclass(frozen=True)
class Objective:
    """One line of a page's "## Learning objectives": its id, its page and the sections it cites.

    Examples
    --------
    >>> Objective("O6.6", "ch06-analysts", ("ch06-analysts-fit",)).core
    False
    """

    id: str
    #: The page's file name without ``.md``, e.g. ``ch06-measurement``.
    page: str
    #: The section labels its ``{ref}``/``{numref}`` links point at, where the objective is taught.
    sections: tuple[str, ...] = ()

    @property
    def core(self) -> bool:
        """On the chapter's page for everyone, not on its optional page for analysts."""
        return not self.page.endswith("-analysts")


def core_ids(objectives: Sequence[Objective]) -> list[str]:
    """The ids of the core objectives (those the self-assessment and the final assessment check).

    Examples
    --------
    >>> core_ids([Objective("O6.1", "ch06-measurement"), Objective("O6.6", "ch06-analysts")])
    ['O6.1']
    """
    return [o.id for o in objectives if o.core]


def _page_objectives(path: Path) -> list[Objective]:
    found: list[tuple[str, list[str]]] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            inside = line.strip().lower() == "## learning objectives"
            continue
        match = _OBJECTIVE_LINE.match(line) if inside else None
        if match:
            found.append((match.group(1), _SECTION_REF.findall(match.group(2))))
        elif inside and found and line.startswith(" "):  # an objective wrapped onto more lines
            found[-1][1].extend(_SECTION_REF.findall(line))
    return [Objective(oid, path.stem, tuple(refs)) for oid, refs in found]


def chapter_objectives(chapters_dir: Path | str) -> dict[str, list[Objective]]:
    """The objectives listed under "## Learning objectives" of every page ``chNN-*.md``, by chapter.

    All pages of a chapter contribute: its core page first, then its page for analysts.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "ch03-rate.md").write_text("# T\\n## Learning objectives\\n1. [O3.1] Rate ({ref}`r`).\\n"
    ...                                     "2. [O3.2] Degree,\\n   wrapped ({ref}`d`).\\n## Next\\n1. [O3.9] no\\n")
    >>> _ = (d / "ch03-analysts.md").write_text("# A\\n## Learning objectives\\n1. [O3.8] Tests.\\n")
    >>> for o in chapter_objectives(d)["ch03"]:
    ...     print(o.id, o.page, o.sections, o.core)
    O3.1 ch03-rate ('r',) True
    O3.2 ch03-rate ('d',) True
    O3.8 ch03-analysts () False
    """
    result: dict[str, list[Objective]] = {}
    pages = sorted(Path(chapters_dir).glob("ch[0-9][0-9]-*.md"),
                   key=lambda p: (p.stem.endswith("-analysts"), p.name))
    for path in pages:
        result.setdefault(path.name[:4], []).extend(_page_objectives(path))
    return dict(sorted(result.items()))


def objective_problems(banks: dict[str, Bank], objectives: dict[str, list[Objective]],
                       pools: dict[str, Pool] | None = None) -> list[str]:
    """Core objectives no question covers, and questions citing an objective that is not core.

    The chapter's self-assessment (its bank) sits on the core page, for every reader, so it checks
    the core objectives; a page for analysts is optional and its objectives are quizzed nowhere.
    An objective id listed twice among a chapter's pages is a problem too.  Given ``pools`` (the
    final assessment's), also: a chapter without a pool, and a pool whose groups do not hold the
    chapter's core objectives exactly once.

    Examples
    --------
    >>> from book.quizzes.schema import Bank
    >>> objectives = {"ch06": [Objective("O6.1", "ch06-measurement"), Objective("O6.6", "ch06-analysts"),
    ...                        Objective("O6.1", "ch06-analysts")]}
    >>> objective_problems({"ch06": Bank("ch06", "T", "ch06-measurement", (), path="banks/ch06.yml")},
    ...                    objectives)  # doctest: +NORMALIZE_WHITESPACE
    ['chapters/ch06-analysts.md: objective O6.1 is listed again (first on ch06-measurement)',
     'banks/ch06.yml: objective O6.1 of ch06 is checked by no question']
    """
    problems = []
    for chapter, listed in sorted(objectives.items()):
        first: dict[str, str] = {}
        for o in listed:
            if o.id in first:
                problems.append(f"chapters/{o.page}.md: objective {o.id} is listed again "
                                f"(first on {first[o.id]})")
            first.setdefault(o.id, o.page)
    if pools is not None:
        for chapter, listed in sorted(objectives.items()):
            if chapter not in pools:
                problems.append(f"chapter {chapter} has no final-assessment pool "
                                f"(book/quizzes/final/{chapter}.yml)")
            else:
                problems += [str(p) for p in pool_problems(pools[chapter], objectives=core_ids(listed))]
        for chapter in sorted(set(pools) - set(objectives)):
            problems.append(f"{pools[chapter].path}: no chapter file chapters/{chapter}-*.md")
    for chapter, listed in sorted(objectives.items()):
        bank = banks.get(chapter)
        if bank is None:
            problems.append(f"chapter {chapter} has no quiz bank (book/quizzes/banks/{chapter}.yml)")
            continue
        core = core_ids(listed)
        for oid in core:
            if oid not in bank.objectives_cited:
                problems.append(f"{bank.path}: objective {oid} of {chapter} is checked by no question")
        analyst = {o.id: o.page for o in listed if not o.core}
        for q in bank.questions:
            if q.objective in analyst and q.objective not in core:
                problems.append(f"{bank.path}: question {q.id!r}, field 'objective': {q.objective} is "
                                f"taught on the page for analysts ({analyst[q.objective]}), and the "
                                f"chapter's quiz checks its core objectives ({', '.join(core)})")
            elif q.objective not in core:
                problems.append(f"{bank.path}: question {q.id!r}, field 'objective': {q.objective} "
                                f"is not a learning objective of {chapter} ({', '.join(core)})")
    for chapter in sorted(set(banks) - set(objectives)):
        problems.append(f"{banks[chapter].path}: no chapter file chapters/{chapter}-*.md")
    return problems
