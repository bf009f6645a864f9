"""Translation of the chapters: English sources, gettext catalogs, one edition per language.

The English MyST notebooks in ``chapters/`` are the single source of every
page's structure and code.  Their prose is cut into *messages*, one per block
a translator writes as a whole: a paragraph, a heading, a whole list, a whole
table, an admonition's title, a figure's caption.  Code, labels, directive
fences and options, and maths are never messages, so a translation cannot
break them, and a chapter's computations exist once.

Each page has a catalog per translated language,
``chapters/locales/zh/<page>.po`` (Simplified Chinese, written by people).
The Traditional-Chinese edition is generated from it with
:func:`book.hant.to_hant` at build time; a message whose Traditional text must
differ from the conversion can be given in ``chapters/locales/zh-Hant/<page>.po``.

``python -m book.i18n update`` adds new messages to the catalogs, keeps
translations of unchanged ones, and marks a translation *fuzzy* (stale) when
its English changed, keeping the old English beside it (``#| msgid``) so the
translator sees what changed.  ``python -m book.i18n check`` lists every
untranslated or fuzzy message with its file and line; the strict build fails
on any.  :func:`render` writes a page in another language: each message
replaced by its translation (an untranslated or fuzzy one stays English
outside strict mode, with a warning).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Segment", "segments", "messages", "render", "Catalog", "load_catalog", "update_catalog",
    "problems", "TranslationError", "LOCALES", "TRANSLATED", "catalog_path", "page_source", "page_names",
    "book_messages", "BOOK_PAGE", "translations_for", "Problem",
]

ROOT = Path(__file__).resolve().parents[1]
#: Where the catalogs live, relative to the book root.
LOCALES = Path("chapters") / "locales"
#: Languages with catalogs written by people; zh-Hant is generated from zh.
TRANSLATED = ("zh",)

_FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{([\w:-]+)\})?\s*(.*?)\s*$")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*?)\s*$")
_LABEL = re.compile(r"^\([\w.:-]+\)=\s*$")
_OPTION = re.compile(r"^:[\w-]+:")
# Directives whose argument is a title a reader sees.
_TITLED = {"admonition", "note", "tip", "important", "warning", "caution", "attention", "seealso"}
# Directives whose content is code or data, never prose.
_LITERAL = {"code-cell", "code-block", "code", "sourcecode", "math", "raw", "literalinclude", "mermaid"}


@dataclass(frozen=True)
class Segment:
    """A run of source lines: a message to translate (``text``) or lines kept as they are (``raw``).

    ``prefix`` is kept before a translated message (a heading's ``## ``, a
    directive fence before its title, ``caption: `` in a figure's metadata).
    """

    kind: str
    text: str
    line: int
    prefix: str = ""
    suffix: str = ""
    quoted: bool = False  # a YAML value: written back as a JSON string


def _caption_segments(header: list[str], first_line: int) -> Iterator[Segment]:
    """Split a code cell's YAML header so that a figure caption is a message."""
    i = 0
    while i < len(header):
        line = header[i]
        stripped = line.lstrip()
        if stripped.startswith("caption:"):
            indent = len(line) - len(stripped)
            value = [stripped[len("caption:"):].strip()]
            j = i + 1
            while j < len(header) and (not header[j].strip() or len(header[j]) - len(header[j].lstrip()) > indent):
                value.append(header[j].strip())
                j += 1
            text = " ".join(v for v in value if v)
            if text.startswith(("'", '"')):
                import yaml

                text = str(yaml.safe_load(text))
            yield Segment("text", text, first_line + i, prefix=line[:indent] + "caption: ", suffix="\n",
                          quoted=True)
            i = j
        else:
            yield Segment("raw", line + "\n", first_line + i)
            i += 1


def segments(source: str) -> list[Segment]:
    """Cut a MyST notebook into messages and raw lines; joining them back gives the source.

    Examples
    --------
    >>> src = "# Title\\n\\nSome *text*\\non two lines.\\n\\n```{code-cell} ipython3\\nx = 1\\n```\\n"
    >>> [(s.kind, s.text) for s in segments(src) if s.kind == "text"]
    [('text', 'Title'), ('text', 'Some *text*\\non two lines.')]
    >>> "".join(s.prefix + s.text + s.suffix if s.kind == "text" else s.text for s in segments(src)) == src
    True
    """
    lines = source.split("\n")
    out: list[Segment] = []
    prose: list[str] = []
    prose_start = 0

    def flush() -> None:
        if prose:
            out.append(Segment("text", "\n".join(prose), prose_start + 1, suffix="\n"))
            prose.clear()

    def raw(k: int) -> None:
        out.append(Segment("raw", lines[k] + ("\n" if k < len(lines) - 1 else ""), k + 1))

    i = 0
    if lines and lines[0] == "---":  # jupytext front matter
        end = lines.index("---", 1)
        for k in range(end + 1):
            raw(k)
        i = end + 1
    open_fences: list[str] = []  # directives whose content is prose, innermost last
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker, name, argument = fence.group(1), fence.group(3), fence.group(4)
            if name is None and open_fences and open_fences[-1] == marker and not argument:
                open_fences.pop()  # the end of a directive
                raw(i)
                i += 1
                continue
            if name is None or name in _LITERAL:
                # Code (a code cell, a fenced literal block, maths): kept whole, except a figure
                # caption in a code cell's YAML header.
                close = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == marker)
                raw(i)
                body = lines[i + 1:close]
                if name == "code-cell" and body and body[0] == "---":
                    end = body.index("---", 1)
                    raw(i + 1)
                    out.extend(_caption_segments(body[1:end], i + 3))
                    first_kept = i + 1 + end
                else:
                    first_kept = i + 1
                for k in range(first_kept, close + 1):
                    raw(k)
                i = close + 1
                continue
            if name in _TITLED and argument:
                start = line.index(argument)
                out.append(Segment("text", argument, i + 1, prefix=line[:start], suffix="\n"))
            else:
                raw(i)
            open_fences.append(marker)
            i += 1
            while i < len(lines) and _OPTION.match(lines[i]):
                raw(i)
                i += 1
            continue
        if line.strip() == "$$":
            flush()
            close = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == "$$")
            for k in range(i, close + 1):
                raw(k)
            i = close + 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            out.append(Segment("text", heading.group(2), i + 1, prefix=heading.group(1), suffix="\n"))
        elif not line.strip() or _LABEL.match(line) or line.strip() == "+++" or (
                line.startswith("<!--") and line.rstrip().endswith("-->")):
            flush()
            raw(i)
        else:
            if not prose:
                prose_start = i
            prose.append(line)
        i += 1
    flush()
    if out and out[-1].kind == "text" and not source.endswith("\n"):
        last = out[-1]
        out[-1] = Segment(last.kind, last.text, last.line, last.prefix, "", last.quoted)
    return out


def messages(source: str) -> list[Segment]:
    """The translatable segments of a page, in order (a repeated text is listed once)."""
    seen: set[str] = set()
    found = []
    for seg in segments(source):
        if seg.kind == "text" and seg.text not in seen and _is_prose(seg.text):
            seen.add(seg.text)
            found.append(seg)
    return found


def _is_prose(text: str) -> bool:
    # A message with no letter (a row of dashes, a lone glue role) needs no translation.
    without_roles = re.sub(r"\{[\w:]+\}`[^`]*`", "", text)
    return bool(re.search(r"[A-Za-z\u3400-\u9fff]", without_roles))


# ----------------------------------------------------------------------------------------------
# Catalogs


@dataclass
class Catalog:
    """A page's translations: English message -> translated text, and which ones are stale."""

    path: Path
    translations: dict[str, str] = field(default_factory=dict)
    fuzzy: set[str] = field(default_factory=set)


def catalog_path(root: Path, lang: str, page: str) -> Path:
    """``chapters/locales/<lang>/<page>.po``."""
    return root / LOCALES / lang / f"{page}.po"


def load_catalog(path: Path) -> Catalog:
    """Read a ``.po`` catalog (a missing file is an empty catalog)."""
    import polib

    catalog = Catalog(path)
    if not path.is_file():
        return catalog
    for entry in polib.pofile(str(path), wrapwidth=0):
        if entry.obsolete or not entry.msgstr:
            continue
        catalog.translations[entry.msgid] = entry.msgstr
        if "fuzzy" in entry.flags:
            catalog.fuzzy.add(entry.msgid)
    return catalog


def update_catalog(source: str, po: Path, lang: str, name: str) -> tuple[int, int, int]:
    """Bring ``po`` in line with the English ``source`` of page ``name``; returns (new, stale, unchanged).

    A message whose English changed keeps its old translation, flagged fuzzy,
    with the old English as ``#| msgid`` (the closest old message with a
    similarity of at least 0.6).  Translations of removed messages are kept as
    obsolete entries (``#~``) so no work is lost.
    """
    import polib

    old = polib.pofile(str(po), wrapwidth=0) if po.is_file() else polib.POFile(wrapwidth=0)
    by_id = {e.msgid: e for e in old if not e.obsolete}
    spare = {e.msgid: e for e in old if e.msgstr}
    new_po = polib.POFile(wrapwidth=0)
    new_po.metadata = {
        "Project-Id-Version": "csat-course", "Language": lang,
        "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
    }
    counts = [0, 0, 0]
    current = messages(source)
    for seg in current:
        entry = polib.POEntry(msgid=seg.text, msgstr="", occurrences=[(f"{name}.md", str(seg.line))])
        previous = by_id.get(seg.text)
        if previous is not None and previous.msgstr:
            entry.msgstr = previous.msgstr
            entry.flags = list(previous.flags)
            entry.previous_msgid = previous.previous_msgid
            entry.tcomment = previous.tcomment
            counts[1 if "fuzzy" in previous.flags else 2] += 1
        else:
            close = difflib.get_close_matches(seg.text, [k for k in spare if k not in {s.text for s in current}],
                                              n=1, cutoff=0.6)
            if close:
                entry.msgstr = spare[close[0]].msgstr
                entry.flags = ["fuzzy"]
                entry.previous_msgid = close[0]
                counts[1] += 1
            else:
                counts[0] += 1
        new_po.append(entry)
    used = {e.msgstr for e in new_po}
    for msgid, entry in spare.items():
        if msgid not in {s.text for s in current} and entry.msgstr not in used:
            entry.obsolete = True
            new_po.append(entry)
    po.parent.mkdir(parents=True, exist_ok=True)
    new_po.save(str(po))
    return counts[0], counts[1], counts[2]


@dataclass(frozen=True)
class Problem:
    """An untranslated or stale message of a catalog."""

    po: Path
    line: int
    kind: str  # "untranslated" or "fuzzy"
    msgid: str

    def __str__(self) -> str:
        first = self.msgid.splitlines()[0]
        shown = first if len(first) <= 70 else first[:67] + "..."
        return f"{self.po}:{self.line}: {self.kind} message: {shown!r}"


def problems(root: Path, pages: Sequence[str], lang: str) -> list[Problem]:
    """Every message of ``pages`` that ``lang`` lacks or has only a stale translation of."""
    found = []
    for page in pages:
        source = page_source(root, page)
        po = catalog_path(root, lang, page)
        catalog = load_catalog(po)
        for seg in messages(source):
            if seg.text not in catalog.translations:
                found.append(Problem(po, seg.line, "untranslated", seg.text))
            elif seg.text in catalog.fuzzy:
                found.append(Problem(po, seg.line, "fuzzy", seg.text))
    return found


class TranslationError(RuntimeError):
    """A strict build met an untranslated or stale message."""


# ----------------------------------------------------------------------------------------------
# Rendering


def render(source: str, translations: Mapping[str, str], convert=None) -> tuple[str, list[str]]:
    """The page with each message replaced by its translation; also the messages left in English.

    ``convert`` is applied to every translated text (the Traditional-Chinese
    conversion).  Captions are written back as YAML strings.

    Examples
    --------
    >>> render("# Title\\n\\nHello.\\n", {"Title": "标题", "Hello.": "你好。"})
    ('# 标题\\n\\n你好。\\n', [])
    >>> render("# Title\\n", {})
    ('# Title\\n', ['Title'])
    """
    out: list[str] = []
    missing: list[str] = []
    for seg in segments(source):
        if seg.kind == "raw":
            out.append(seg.text)
            continue
        text = translations.get(seg.text)
        if text is None:
            if _is_prose(seg.text):
                missing.append(seg.text)
            text = seg.text
        elif convert is not None:
            text = convert(text)
        if seg.quoted:
            text = json.dumps(text, ensure_ascii=False)
        out.append(seg.prefix + text + seg.suffix)
    return "".join(out), missing


def translations_for(root: Path, page: str, lang: str, strict: bool) -> dict[str, str]:
    """The translations of ``page`` for an edition's language.

    English has none.  zh reads its catalog; zh-Hant reads zh's, converted by
    :func:`book.hant.to_hant`, with any message of its own catalog taking
    precedence.  Fuzzy translations are used only outside strict mode.
    """
    if lang == "en":
        return {}
    base = load_catalog(catalog_path(root, "zh", page))
    kept = {k: v for k, v in base.translations.items() if k not in base.fuzzy or not strict}
    if lang == "zh":
        return kept
    from .hant import to_hant

    own = load_catalog(catalog_path(root, "zh-Hant", page))
    converted = {k: to_hant(v) for k, v in kept.items()}
    converted.update({k: v for k, v in own.translations.items() if k not in own.fuzzy or not strict})
    return converted


#: The pseudo-page holding the words of the book's configuration (title, part captions).
BOOK_PAGE = "_book"


def book_messages(root: Path) -> list[str]:
    """The reader-facing words of the book's configuration: title, author, the captions of its parts."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [str(config["title"]), str(config["author"]),
            *(str(part["caption"]) for part in toc.get("parts", []) if "caption" in part)]


def page_source(root: Path, page: str) -> str:
    """The English source of ``page``; for :data:`BOOK_PAGE`, the configuration's words as paragraphs."""
    if page == BOOK_PAGE:
        return "".join(f"{text}\n\n" for text in book_messages(root))
    return (root / "chapters" / f"{page}.md").read_text(encoding="utf-8")


def page_names(root: Path) -> list[str]:
    """The pages of the book (from ``_toc.yml``), as paths relative to ``chapters/`` without suffix."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files.extend(s["file"] for s in chapter.get("sections", []))
    return [f.removeprefix("chapters/") for f in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book.i18n", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update", help="add new messages to the catalogs, mark changed ones fuzzy")
    up.add_argument("pages", nargs="*", help="page names (default: every page of _toc.yml)")
    ck = sub.add_parser("check", help="list untranslated and fuzzy messages; exit 1 if any")
    ck.add_argument("pages", nargs="*")
    args = parser.parse_args(argv)
    pages = args.pages or [BOOK_PAGE, *page_names(ROOT)]
    if args.command == "update":
        for page in pages:
            for lang in TRANSLATED:
                new, stale, same = update_catalog(page_source(ROOT, page), catalog_path(ROOT, lang, page), lang,
                                                  page)
                print(f"{lang}/{page}.po: {new} new, {stale} fuzzy, {same} translated")
        return 0
    found = [p for lang in TRANSLATED for p in problems(ROOT, pages, lang)]
    for problem in found:
        print(problem)
    print(f"{len(found)} untranslated or fuzzy messages" if found else "every message is translated")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
