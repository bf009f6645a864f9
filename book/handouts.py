"""Build step ``book.handouts``: printable PDFs for the classroom, in every edition.

From each edition's built chapter pages (so the text is the edition's own words and the numbers are
the computed ones) and the quizzes' page data, this step writes:

* ``_build/html/downloads/handouts/<edition>/<page>.pdf``: a participant handout per chapter (A4, at
  most two sides): the learning objectives, the key takeaways, the key terms, the exercises as
  check questions with room to write, and their answers at the end (on the back);
* ``_build/html/downloads/answer-key-<edition>.pdf``: the facilitator answer key: every exercise
  with its solution, and every self-assessment question with its right answer and the reasoning
  (the feedback a reader gets for it).

The PDFs are printed from HTML by Chromium (``--print-to-pdf``), which the setup installs; the
organisation's name from the course file is on every document.  Words that are not in a page
(document titles, "Answer", "Why") come from the terms table (``csat_examples/data/terms/book.yml``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import Course, active_course
from .editions import Edition, course_editions

__all__ = ["ChapterParts", "chapter_parts", "quiz_answers_html", "handout_html", "answer_key_html",
           "pdf_pages", "run"]

CHROMIUM = "/usr/bin/chromium"
#: A participant handout is one A4 sheet, printed on both sides.
MAX_HANDOUT_PAGES = 2
_CHAPTER = re.compile(r"^(ch\d\d)-(?!analysts)")
# Sphinx's "#" permalinks and the solutions' back-links mean nothing on paper.
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


class HandoutError(RuntimeError):
    """A handout or the answer key could not be made; the message names the edition and the page."""


@dataclass(frozen=True)
class ChapterParts:
    """What the classroom documents take from one built chapter page (HTML fragments, edition's words)."""

    page: str
    title: str
    objectives: str
    takeaways: str
    terms: str
    exercises_heading: str
    exercises: tuple[tuple[str, str, str], ...]  # (heading, exercise body, solution body)


def _inner(node: Any) -> str:
    return _HEADERLINK.sub("", node.decode_contents()).strip() if node is not None else ""


def _labelled_section(soup: Any, label: str) -> Any:
    """The ``<section>`` a MyST label ``(label)=`` names: Sphinx gives the section that id, or puts
    an empty ``<span id>`` inside it when the heading's own slug took the section's id."""
    node = soup.find(id=label)
    if node is not None and node.name != "section":
        node = node.find_parent("section")
    return node


def _section(soup: Any, section_id: str) -> str:
    """A section's content with its heading ("" when the page has no such section)."""
    section = _labelled_section(soup, section_id)
    if section is None:
        return ""
    parts = [str(child) for child in section.children
             if not (getattr(child, "name", None) == "span" and not child.get_text(strip=True))]
    return _HEADERLINK.sub("", "".join(parts)).strip()


def _heading(soup: Any, section_id: str) -> str:
    section = _labelled_section(soup, section_id)
    heading = section.find(["h2", "h3"]) if section is not None else None
    return _HEADERLINK.sub("", heading.decode_contents()).strip() if heading is not None else ""


def _compact_terms(section_html: str) -> str:
    """The key-terms table as one paragraph of "term (translation)" pairs: a handout has no room for a
    two-column table of twenty rows.

    Examples
    --------
    >>> _compact_terms("<h2>Key terms</h2><table><tr><th>中文</th><th>English</th></tr>"
    ...                "<tr><td>满意率</td><td>Satisfaction rate</td></tr><tr><td>满意度</td><td>Degree</td></tr></table>")
    '<h2>Key terms</h2><p class="terms">满意率 (Satisfaction rate) · 满意度 (Degree)</p>'
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(section_html, "html.parser")
    for table in soup.find_all("table"):
        pairs = []
        for row in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in row.find_all("td")]
            if len(cells) >= 2:
                pairs.append(f"{html.escape(cells[0])} ({html.escape(cells[1])})")
        table.replace_with(BeautifulSoup(f'<p class="terms">{" · ".join(pairs)}</p>', "html.parser"))
    return str(soup)


def chapter_parts(page_html: str, page: str) -> ChapterParts:
    """Pick a built chapter page's objectives, takeaways, terms and exercises.

    Sections are found by the labels every chapter gives them (``chNN-objectives``,
    ``chNN-takeaways``, ``chNN-terms``); exercises and solutions by sphinx-exercise's classes.

    Examples
    --------
    >>> page = '''<h1>About customers<a class="headerlink" href="#">#</a></h1>
    ... <section id="ch01-objectives"><h2>Objectives</h2><ol><li>Tell a client from a customer</li></ol></section>
    ... <div class="exercise admonition" id="ex-1"><p class="admonition-title">
    ... <span class="caption-number">Exercise 1.1 </span></p><section><p>Who is Ms Chen?</p></section></div>
    ... <div class="solution dropdown admonition"><p class="admonition-title">Solution</p>
    ... <section><p>A client.</p></section></div>'''
    >>> parts = chapter_parts(page, "ch01-customers")
    >>> parts.title, parts.objectives
    ('About customers', '<h2>Objectives</h2><ol><li>Tell a client from a customer</li></ol>')
    >>> parts.exercises
    (('Exercise 1.1', '<p>Who is Ms Chen?</p>', '<p>A client.</p>'),)
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    short = page.split("-")[0]
    heading = soup.find("h1")
    title = _HEADERLINK.sub("", heading.decode_contents()).strip() if heading else page
    title = BeautifulSoup(title, "html.parser").get_text().strip()
    exercises = []
    for exercise in soup.select("div.exercise"):
        name = exercise.select_one("p.admonition-title")
        body = exercise.find("section")
        solution = exercise.find_next_sibling("div", class_="solution")
        exercises.append((name.get_text(" ", strip=True) if name else "", _inner(body),
                          _inner(solution.find("section")) if solution is not None else ""))
    return ChapterParts(page=page, title=title, objectives=_section(soup, f"{short}-objectives"),
                        takeaways=_section(soup, f"{short}-takeaways"), terms=_compact_terms(_section(soup, f"{short}-terms")),
                        exercises_heading=_heading(soup, f"{short}-exercises"), exercises=tuple(exercises))


def _words(lang: str) -> dict[str, str]:
    from csat_examples.terms import label

    keys = ("handout_title", "handout_answers", "answer_key_title", "answer_key_intro", "handout_online",
            "answer_key_exercises", "answer_key_quiz", "answer_key_answer", "answer_key_why")
    return {key: label(key, lang) for key in keys}


def _e(text: Any) -> str:
    return html.escape(str(text))


def quiz_answers_html(data: dict[str, Any], lang: str) -> str:
    """One quiz's questions with the right answer and its reasoning, as an ordered list.

    ``data`` is the quiz's page data (the build's ``quizzes/`` scripts); every bank string is
    escaped, as the page script shows it with ``textContent``.

    Examples
    --------
    >>> data = {"questions": [{"type": "single", "text": "A & B?", "options": [
    ...     {"text": "A", "correct": False, "feedback": "No."},
    ...     {"text": "B", "correct": True, "feedback": "Yes, B."}]},
    ...     {"type": "numeric", "text": "Rate?", "answer": 46.666, "decimals": 1, "unit": "%",
    ...      "feedback": {"correct": "14 / 30.", "incorrect": "Count again."}}]}
    >>> print(quiz_answers_html(data, "en"))
    <ol class="quiz"><li><p>A &amp; B?</p><p><b>Answer: </b>B</p><p><b>Why: </b>Yes, B.</p></li><li><p>Rate?</p><p><b>Answer: </b>46.7 %</p><p><b>Why: </b>14 / 30.</p></li></ol>
    """
    words = _words(lang)
    # Chinese punctuation on a Chinese page: full-width colon and semicolon
    colon, semicolon = ("：", "；") if lang.startswith("zh") else (": ", "; ")
    items = []
    for q in data.get("questions", []):
        if q.get("type") == "numeric":
            unit = f" {q['unit']}" if q.get("unit") else ""
            answer = f"{q['answer']:.{q.get('decimals', 0)}f}{unit}"
            why = q.get("feedback", {}).get("correct", "")
        else:
            right = [o for o in q.get("options", []) if o.get("correct")]
            answer = semicolon.join(o["text"] for o in right)
            why = " ".join(o.get("feedback", "") for o in right)
        items.append(f"<li><p>{_e(q['text'])}</p><p><b>{_e(words['answer_key_answer'])}{colon}</b>{_e(answer)}</p>"
                     f"<p><b>{_e(words['answer_key_why'])}{colon}</b>{_e(why)}</p></li>")
    return f'<ol class="quiz">{"".join(items)}</ol>'


_CSS = """
@page { size: A4; margin: 14mm 15mm 14mm 15mm; }
html { font-family: "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans", sans-serif; font-size: 9.5pt;
       line-height: 1.4; color: #111; }
html:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 4mm 0 1.5mm;
     border-bottom: 0.4pt solid #888; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
.org { font-size: 9pt; color: #444; margin: 0 0 1mm; }
p { margin: 0 0 1.5mm; } ul, ol { margin: 0 0 2mm; padding-left: 6mm; } li { margin-bottom: 0.8mm; }
table { border-collapse: collapse; font-size: 9pt; margin-bottom: 2mm; }
td, th { border: 0.4pt solid #999; padding: 0.8mm 1.5mm; text-align: left; }
.exercise { break-inside: avoid; margin-bottom: 2mm; }
.write { height: 8mm; border-bottom: 0.4pt dotted #888; }
.solution { margin: 0 0 3mm 4mm; padding-left: 2mm; border-left: 1pt solid #2a6; }
.quiz li { break-inside: avoid; }
.chapter { break-before: page; }
.columns { column-count: 2; column-gap: 7mm; font-size: 9pt; }
.columns h2 { font-size: 11pt; } .columns h3 { font-size: 9.5pt; }
.foot { font-size: 8.5pt; color: #444; margin-top: 3mm; }
a { color: inherit; text-decoration: none; }
img { display: none; }
"""


def _document(lang: str, title: str, org: str, body: str) -> str:
    from csat_examples.lang import html_lang

    org_line = f'<p class="org">{_e(org)}</p>' if org else ""
    return (f'<!DOCTYPE html><html lang="{html_lang(lang)}"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{org_line}{body}</body></html>")


def handout_html(parts: ChapterParts, lang: str, org: str = "") -> str:
    """The participant handout of one chapter, as a printable HTML document.

    The front holds what the chapter wants remembered (objectives, takeaways, terms) and the
    exercises as check questions with room to write; the answers come last, on the back.
    """
    words = _words(lang)
    exercises = "".join(f'<div class="exercise"><h3>{_e(name)}</h3>{body}<div class="write"></div></div>'
                        for name, body, _ in parts.exercises)
    answers = "".join(f'<div class="exercise"><h3>{_e(name)}</h3><div class="solution">{solution}</div></div>'
                      for name, _, solution in parts.exercises)
    body = (f"<h1>{_e(parts.title)}</h1><p><i>{_e(words['handout_title'])}</i></p>"
            f'<div class="columns">{parts.objectives}{parts.takeaways}{parts.terms}'
            f"<h2>{parts.exercises_heading}</h2>{exercises}"
            f'<section class="answers"><h2>{_e(words["handout_answers"])}</h2>{answers}</section>'
            f'<p class="foot">{_e(words["handout_online"])}</p></div>')
    return _document(lang, parts.title, org, body)


def answer_key_html(chapters: list[tuple[ChapterParts, dict[str, Any] | None]], lang: str, org: str = "") -> str:
    """The facilitator answer key of an edition: each chapter's exercises with solutions, then its quiz."""
    words = _words(lang)
    blocks = []
    for parts, quiz in chapters:
        exercises = "".join(f'<div class="exercise"><h3>{_e(name)}</h3>{body}<div class="solution">{solution}</div></div>'
                            for name, body, solution in parts.exercises)
        quiz_part = (f"<h2>{_e(words['answer_key_quiz'])}</h2>{quiz_answers_html(quiz, lang)}"
                     if quiz and quiz.get("questions") else "")
        blocks.append(f'<section class="chapter"><h1>{_e(parts.title)}</h1>'
                      f"<h2>{_e(words['answer_key_exercises'])}</h2>{exercises}{quiz_part}</section>")
    intro = f"<h1>{_e(words['answer_key_title'])}</h1><p>{_e(words['answer_key_intro'])}</p>"
    return _document(lang, words["answer_key_title"], org, f'<section class="intro">{intro}</section>' + "".join(blocks))


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF that Chromium printed (its page objects).

    Examples
    --------
    >>> pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type /Page >>")
    2
    """
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def _print(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={target}", source.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not target.is_file():
        raise HandoutError(f"Chromium could not print {source.name}: {result.stderr.strip()[-400:]}")


def _quiz_data(out: Path, ed: Edition, short: str) -> dict[str, Any] | None:
    for path in (out / "quizzes" / ed.folder / f"{short}.js", out / "quizzes" / f"{short}.js"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            return json.loads(text[text.index("] = ") + 4:text.rstrip().rindex(";")])
    return None


def _chapter_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "chapters").glob("ch*.html") if _CHAPTER.match(p.stem))


def run(root: Path, out: Path, strict: bool) -> None:  # noqa: ARG001 - the step signature
    """Write every edition's handouts and answer key into ``out/downloads``."""
    if not Path(CHROMIUM).is_file():
        message = f"book.handouts: {CHROMIUM} is missing, so no handouts (the setup installs it)"
        if strict:
            raise HandoutError(message)
        print(message, file=sys.stderr)
        return
    course: Course = active_course()
    jobs: list[tuple[Path, Path]] = []
    work = root / "_build" / "handouts"
    shutil.rmtree(work, ignore_errors=True)
    for ed in course_editions(course):
        site = out / ed.folder
        pages = _chapter_pages(site)
        if not pages:
            raise HandoutError(f"book.handouts: {ed.folder}: no built chapter pages in {site}; build the book first")
        org = course.organisation_name(ed.lang)
        chapters = []
        for page in pages:
            parts = chapter_parts(page.read_text(encoding="utf-8"), page.stem)
            source = work / ed.folder / f"{page.stem}.html"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(handout_html(parts, ed.lang, org), encoding="utf-8")
            jobs.append((source, out / "downloads" / "handouts" / ed.folder / f"{page.stem}.pdf"))
            chapters.append((parts, _quiz_data(out, ed, page.stem.split("-")[0])))
        key = work / f"answer-key-{ed.folder}.html"
        key.write_text(answer_key_html(chapters, ed.lang, org), encoding="utf-8")
        jobs.append((key, out / "downloads" / f"answer-key-{ed.folder}.pdf"))
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        list(pool.map(lambda job: _print(*job), jobs))
    long = [f"{target.parent.name}/{target.name}: {pdf_pages(target.read_bytes())} pages"
            for _, target in jobs if "handouts" in target.parts
            and pdf_pages(target.read_bytes()) > MAX_HANDOUT_PAGES]
    if long:
        message = f"book.handouts: handouts longer than {MAX_HANDOUT_PAGES} sides: " + "; ".join(long)
        if strict:
            raise HandoutError(message)
        print(message, file=sys.stderr)
    print(f"book.handouts: {len(jobs)} PDFs in {out / 'downloads'}")
