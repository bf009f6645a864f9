"""Build step ``book.quizzes.export``: check the banks, compute their answers, write the exports.

``run(root, out, strict)`` (called by ``python -m book build`` before the Jupyter Book step):

1. loads every ``book/quizzes/banks/chNN.yml`` and the final assessment's pools
   ``book/quizzes/final/chNN.yml`` (a malformed file raises :class:`BankError` naming the file,
   question id and field, which stops the build);
2. checks them against the chapters' "Learning objectives" (every objective covered, every cited
   objective exists, every core objective in one group of the pool) and the Chinese text of every
   bank and pool: an error under ``--strict``, a printed warning otherwise (an untranslated
   question stays in English), so that a chapter being drafted does not stop everybody's build;
3. writes ``<out>/downloads/quizzes/<edition>/`` for each language of the course (``zh-hans``,
   ``zh-hant``, ``en``): ``csat-quizzes-moodle.xml`` and ``csat-quizzes-gift.txt`` (all chapters,
   one category each), the same per chapter (``chNN-moodle.xml``, ``chNN-gift.txt``), the final
   pool (``final-moodle.xml``, ``final-gift.txt``), ``chNN-jupyterquiz.json`` (for instructors who
   use jupyterquiz's ``display_quiz``); the English files also beside ``README.txt``; every XML
   and GIFT file is read back and checked;
4. writes ``<out>/quizzes/``: the quiz script and style, and per edition one data script per
   quiz, which the book's pages load (see :mod:`book.quizzes.render`).

Sphinx does not delete these folders when it builds afterwards.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

from .banks import chapter_objectives, load_banks, load_pools, objective_problems
from .gift import check_gift, sections_to_gift
from .moodle import Section, category_level, check_moodle_xml, question_html, sections_to_moodle_xml
from .render import ASSETS, book_assets, localise_all
from .schema import Bank, BankError, Pool
from .ui import ui_words

__all__ = ["DOWNLOADS", "run", "to_jupyterquiz", "language_sections", "write_exports", "write_book_assets"]

#: Where the exports go, relative to the HTML output folder.
DOWNLOADS = Path("downloads") / "quizzes"


def _jq_text(text: str) -> str:
    # jupyterquiz puts text in with innerHTML and turns $...$ and [a](b) into MathJax and links
    return html.escape(text).replace("$", "&#36;").replace("[", "&#91;")


def to_jupyterquiz(bank: Bank, ui: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The bank as a jupyterquiz 2.9 question list (``jupyterquiz.display_quiz(list)``).

    ``ui``: the interface words of the bank's language (the words of true and false).
    """
    words = ui or {}
    out: list[dict[str, Any]] = []
    for q in bank.questions:
        text = _jq_text(q.text) if q.table is None else question_html(q).replace("$", "&#36;")
        if q.type == "numeric":
            tol = float(q.tolerance or 0.0)
            answer = float(q.answer)  # type: ignore[arg-type]
            answers = [{"type": "range", "range": [answer - tol, answer + tol + 1e-9], "correct": True,
                        "feedback": _jq_text(q.feedback_correct)}]
            answers += [{"type": "range", "range": [float(w.value) - tol, float(w.value) + tol],  # type: ignore[arg-type]
                         "correct": False, "feedback": _jq_text(w.feedback)} for w in q.wrong_answers]
            answers.append({"type": "default", "feedback": _jq_text(q.feedback_incorrect)})
            out.append({"question": text, "type": "numeric", "answers": answers})
        else:
            out.append({"question": text,
                        "type": "many_choice" if q.type == "multiple" else "multiple_choice",
                        "answers": [{"answer": _jq_text(words.get(f"option_{o.key}", o.text)
                                                        if q.type == "true_false" else o.text),
                                     "correct": o.correct,
                                     "feedback": _jq_text(o.feedback)} for o in q.options]})
    return out


def _readme(banks: dict[str, Bank], pools: dict[str, Pool], folders: list[str]) -> str:
    counts = ", ".join(f"{c}: {len(b.questions)}" for c, b in sorted(banks.items()))
    total = sum(len(b.questions) for b in banks.values())
    pool_total = sum(len(p.questions) for p in pools.values())
    return (
        "Quiz banks of the customer-satisfaction course, for a learning-management system.\n\n"
        f"{total} self-assessment questions ({counts}), one category per chapter, and the final\n"
        f"assessment's own pool of {pool_total} questions (one category per chapter).\n\n"
        f"One folder per language ({', '.join(folders)}: Simplified Chinese, Traditional Chinese,\n"
        "English; all files UTF-8), each with:\n"
        "csat-quizzes-moodle.xml  Moodle XML (Question bank > Import > Moodle XML format)\n"
        "csat-quizzes-gift.txt    GIFT (Question bank > Import > GIFT format; UTF-8)\n"
        "chNN-moodle.xml, chNN-gift.txt   the same, one chapter per file\n"
        "final-moodle.xml, final-gift.txt the final assessment's pool (draw one question per\n"
        "                         category with Moodle's 'random question')\n"
        "chNN-jupyterquiz.json    the chapter for jupyterquiz.display_quiz()\n"
        "The files beside this README are the English ones, as in earlier versions.\n\n"
        "Generated by 'python -m book build' from book/quizzes/banks/*.yml and final/*.yml; numeric\n"
        "answers are computed with csat_examples. Edit the banks, not these files.\n")


def language_sections(banks: dict[str, Bank], pools: dict[str, Pool], lang: str
                      ) -> tuple[list[Section], list[Section]]:
    """(a section per chapter bank, a section per final pool) in ``lang``, categories in its words."""
    from .render import chapter_title, course_info, localised

    ui = ui_words(lang)
    course = category_level(course_info(lang)["title"])
    chapters, finals = [], []
    for chapter, bank in sorted(banks.items()):
        local = localised(bank, lang)
        chapters.append(Section(f"{course}/{category_level(chapter_title(local))}",
                                ui["category_info"].format(number=int(chapter[2:])), local.questions, bank.path))
    for chapter, pool in sorted(pools.items()):
        local = localised(pool, lang)
        title = chapter_title(localised(banks[chapter], lang)) if chapter in banks else chapter
        finals.append(Section(f"{course}/{category_level(ui['final_category'])}/{category_level(title)}",
                              ui["final_category_info"].format(number=int(chapter[2:])), local.questions,
                              pool.path))
    return chapters, finals


def _language_files(banks: dict[str, Bank], pools: dict[str, Pool], lang: str
                    ) -> dict[str, tuple[bytes, list[Section]]]:
    """The export files of one language: name -> (content, the sections it holds)."""
    from .render import localised

    chapters, finals = language_sections(banks, pools, lang)
    files: dict[str, tuple[bytes, list[Section]]] = {
        "csat-quizzes-moodle.xml": (sections_to_moodle_xml(chapters), chapters),
        "csat-quizzes-gift.txt": (sections_to_gift(chapters).encode("utf-8"), chapters),
    }
    for section, (chapter, bank) in zip(chapters, sorted(banks.items())):
        files[f"{chapter}-moodle.xml"] = (sections_to_moodle_xml([section]), [section])
        files[f"{chapter}-gift.txt"] = (sections_to_gift([section]).encode("utf-8"), [section])
        files[f"{chapter}-jupyterquiz.json"] = (json.dumps(
            to_jupyterquiz(localised(bank, lang), ui_words(lang)), ensure_ascii=False, indent=1).encode("utf-8"), [])
    if finals:
        files["final-moodle.xml"] = (sections_to_moodle_xml(finals), finals)
        files["final-gift.txt"] = (sections_to_gift(finals).encode("utf-8"), finals)
    return files


def write_exports(banks: dict[str, Bank], folder: Path, pools: dict[str, Pool] | None = None,
                  langs: tuple[str, ...] = ("zh", "zh-Hant", "en")) -> list[Path]:
    """Write every export of ``banks`` and ``pools`` into ``folder/<edition>/`` per language.

    The English files are also written into ``folder`` itself (the links of earlier versions).
    Every XML file written is parsed back and every GIFT file read back
    (:func:`~book.quizzes.moodle.check_moodle_xml`, :func:`~book.quizzes.gift.check_gift`); a
    file that does not give back its questions raises a :class:`BankError` naming bank and question.
    """
    from book.editions import edition

    pools = pools or {}
    planned: dict[Path, tuple[bytes, list[Section]]] = {}
    for lang in langs:
        files = _language_files(banks, pools, lang)
        planned.update({folder / edition(lang).folder / name: content for name, content in files.items()})
        if lang == "en":
            planned.update({folder / name: content for name, content in files.items()})
    planned[folder / "README.txt"] = (_readme(banks, pools, [edition(lang).folder for lang in langs])
                                      .encode("utf-8"), [])
    for path, (data, sections) in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for path, (_, sections) in planned.items():
        label = str(path.relative_to(folder.parent.parent) if folder.parent.parent in path.parents else path)
        if path.suffix == ".xml":
            check_moodle_xml(path.read_bytes(), sections, file=label)
        elif path.name.endswith("-gift.txt"):
            check_gift(path.read_text(encoding="utf-8"), sections, file=label)
    return list(planned)


def write_book_assets(banks: dict[str, Bank], folder: Path, pools: dict[str, Pool] | None = None,
                      langs: tuple[str, ...] | None = None) -> list[Path]:
    """Write the pages' quiz script and style, and each edition's data scripts, into ``folder``."""
    written = []
    for name, text in book_assets(banks, pools, langs).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def run(root: Path, out: Path, strict: bool) -> None:
    """Validate banks, pools and translations, check objectives, write the exports and page data.

    Malformed files stop the build; objectives not covered and missing or stale Chinese text are
    errors under ``strict`` and warnings otherwise (that question stays in English).
    """
    from book.course import active_course

    quizzes = root / "book" / "quizzes"
    banks = load_banks(quizzes / "banks", root=root)
    pools = load_pools(quizzes / "final", root=root, banks=banks)
    course = active_course()
    objectives = chapter_objectives(root / "chapters")
    checked, checked_pools = banks, pools
    if course.chapters is not None:  # a course of some chapters: only theirs must be complete
        checked = {c: b for c, b in banks.items() if b.page in course.chapters}
        checked_pools = {c: p for c, p in pools.items() if c in checked}
        objectives = {c: ids for c, ids in objectives.items() if c in checked or c not in banks}
    problems = objective_problems(checked, objectives, checked_pools)
    if problems:
        message = "quiz banks and chapter objectives disagree:\n  " + "\n  ".join(problems)
        if strict:
            raise BankError(message, file="book/quizzes/banks")
        print(f"warning: {message}", file=sys.stderr)
    # the course's chapters only: an organisation's one-day course exports and translates those
    untranslated = localise_all([*checked.values(), *checked_pools.values()], course.editions, root)
    if untranslated:
        if strict:
            raise BankError(f"{len(untranslated)} quiz translation problems, the first: {untranslated[0]}",
                            file="book/quizzes")
        for problem in untranslated[:20]:
            print(f"warning: {problem} (shown in English)", file=sys.stderr)
        if len(untranslated) > 20:
            print(f"warning: ... {len(untranslated) - 20} more quiz translation problems", file=sys.stderr)
    written = write_exports(checked, out / DOWNLOADS, checked_pools, course.editions)
    assets = write_book_assets(banks, out / ASSETS, pools, course.editions)
    total = sum(len(b.questions) for b in checked.values())
    print(f"quizzes: {len(checked)} banks, {total} questions, {len(checked_pools)} final pools checked; "
          f"{len(written)} files in {out / DOWNLOADS}, {len(assets)} in {out / ASSETS}")
