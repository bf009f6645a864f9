"""The index of worked examples: every ``(chNN-example-k)=`` label of the chapters, chapter by chapter.

The page is written as MyST (``{doc}`` and ``{ref}`` roles), so Sphinx gives
each link the title the chapter and the example have in the page's own
edition: the index never depends on the English heading text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["ChapterExamples", "worked_examples", "examples_markdown", "EXAMPLE_LABEL"]

#: A worked example's label line in a chapter source, e.g. ``(ch03-example-2)=``.
EXAMPLE_LABEL = re.compile(r"^\((ch(\d\d)-example-\d+)\)=\s*$", re.M)


@dataclass(frozen=True)
class ChapterExamples:
    """A chapter page (``ch03-rate-vs-degree``), its number and the labels of its worked examples, in page order."""

    page: str
    number: int
    labels: tuple[str, ...]


def worked_examples(book: Path) -> list[ChapterExamples]:
    """The chapters of ``book``'s table of contents that have worked examples, in course order.

    ``book`` is the folder holding ``_toc.yml`` and ``chapters/`` (the
    repository, or an edition's sources: the labels are the same in every
    edition).  A chapter's "for analysts" page counts as part of its chapter.

    Examples
    --------
    >>> from pathlib import Path
    >>> found = worked_examples(Path(__file__).resolve().parents[1])
    >>> found[0].page, found[0].number, found[0].labels[0]
    ('ch01-customers', 1, 'ch01-example-1')
    """
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages: list[str] = []

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                pages.append(Path(entry["file"]).name)
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    found: list[ChapterExamples] = []
    for page in pages:
        source = book / "chapters" / f"{page}.md"
        if not re.match(r"^ch\d\d-", page) or not source.is_file():
            continue
        labels = [m.group(1) for m in EXAMPLE_LABEL.finditer(source.read_text(encoding="utf-8"))]
        if not labels:
            continue
        number = int(page[2:4])
        if found and found[-1].number == number:  # an analyst page after its chapter
            found[-1] = ChapterExamples(found[-1].page, number, found[-1].labels + tuple(labels))
        else:
            found.append(ChapterExamples(page, number, tuple(labels)))
    return found


def examples_markdown(chapters: list[ChapterExamples]) -> str:
    """The index as MyST: for each chapter its number and linked title, then a list of its examples.

    Examples
    --------
    >>> print(examples_markdown([ChapterExamples("ch03-rate", 3, ("ch03-example-1", "ch03-example-2"))]))
    **3.** {doc}`ch03-rate`
    <BLANKLINE>
    - {ref}`ch03-example-1`
    - {ref}`ch03-example-2`
    <BLANKLINE>
    """
    blocks = []
    for chapter in chapters:
        items = "\n".join(f"- {{ref}}`{label}`" for label in chapter.labels)
        blocks.append(f"**{chapter.number}.** {{doc}}`{chapter.page}`\n\n{items}\n")
    return "\n".join(blocks)
