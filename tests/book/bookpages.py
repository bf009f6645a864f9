"""Helpers shared by the book tests: which pages the table of contents lists, and HTML parsing."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: The site folder of each edition, landing edition first (see book.editions).
EDITIONS = ("zh-hans", "zh-hant", "en")


def toc_files(root: Path = ROOT) -> list[str]:
    """Every page of ``_toc.yml`` (root first) as a source path without extension."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def chapter_files(root: Path = ROOT) -> list[str]:
    """The course chapters (``chapters/chNN-...``), in course order (not their analyst pages)."""
    return [f for f in toc_files(root) if Path(f).name.startswith("ch") and Path(f).name[2:4].isdigit()
            and not f.endswith("-analysts")]


def analyst_files(root: Path = ROOT) -> list[str]:
    """The optional "for analysts" pages (``chapters/chNN-analysts``) that follow some chapters."""
    return [f for f in toc_files(root) if f.endswith("-analysts")]


class Outline(HTMLParser):
    """Collect ids, links and the text of the page's main article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.images.append(a["src"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("href") and "stylesheet" in (a.get("rel") or ""):
            self.stylesheets.append(a["href"])


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
