"""Build step ``book.scorm``: one SCORM 1.2 package of the course per edition, for a company LMS.

``run(root, out, strict)`` (after ``book.lite``) writes
``<out>/downloads/scorm/csat-course-<edition>.zip`` for every edition the course builds.  A
package holds:

* ``imsmanifest.xml`` - SCORM 1.2 content packaging (metadata schema ``ADL SCORM`` ``1.2``),
  one organization with **one item and one SCO** for the whole edition (see below);
* ``launch.html`` - the SCO's launch page: it opens the LMS session through the SCORM API
  (the vendored pipwerks wrapper finds the LMS's ``API`` object in the frames above it) and shows
  the edition in a full-window frame;
* ``<edition>/`` - the edition's pages as built, each page with one added ``<script>``
  (``scorm/csat-scorm.js``) that passes the quiz events to the launch page;
* ``quizzes/`` - the quiz scripts and data the pages load;
* ``scorm/`` - ``csat-scorm.js`` (from ``book/static``) and the pipwerks wrapper with its licence.

Why one SCO for the whole edition: the book is read by moving freely between pages (side bar,
previous/next, links between chapters).  With one SCO per chapter, a link followed inside the
LMS's frame would take the reader to another chapter while the LMS still records the first
chapter's SCO, so scores would land on the wrong item; and many commercial LMSs that import SCORM
handle only single-SCO packages well.  One SCO keeps one LMS session open (in ``launch.html``)
while the reader moves between pages in the frame below it; Moodle's SCORM player shows it as one
activity with one grade.  What is recorded is described in ``book/static/csat-scorm.js`` and in the
instructor guide (``docs/instructor/lms.md``).

Pages of the web book are not changed: only the copies in the package load the adapter script.
Links that leave the edition (the other editions, the JupyterLite notebooks, the documentation,
the downloads) are not in the package.

Every package is checked after it is written (:func:`validate`): the manifest is well-formed
XML with the SCORM 1.2 metadata, every ``href`` it lists is in the zip, and every script, style
sheet, image and frame the package's pages load is in the zip.  A problem raises
:class:`ScormError` naming the package and the file.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from .course import active_course
from .editions import Edition, course_editions

__all__ = ["ScormError", "DOWNLOADS", "ADAPTER", "PIPWERKS", "LAUNCH", "run", "package_name", "build_package",
           "manifest_xml", "launch_html", "inject_adapter", "page_needs", "validate"]

#: Where the packages go, relative to the HTML output folder.
DOWNLOADS = Path("downloads") / "scorm"
#: The adapter script (the pages and the launch page load it), relative to the repository root.
ADAPTER = Path("book") / "static" / "csat-scorm.js"
#: The vendored SCORM client wrapper, relative to the repository root.
PIPWERKS = Path("book") / "vendor" / "pipwerks-scorm-api-wrapper"
#: The SCO's launch page, at the top of the package.
LAUNCH = "launch.html"
#: Where the package keeps its own scripts.
SCORM_DIR = "scorm"
#: A fixed time for every zip entry, so that the same site gives the same package byte for byte.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)

_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
ET.register_namespace("", _CP)
ET.register_namespace("adlcp", _ADLCP)


class ScormError(Exception):
    """A SCORM package is incomplete or malformed; the message names the package and the file."""


def package_name(edition: Edition) -> str:
    """The file name of an edition's package.

    Examples
    --------
    >>> from book.editions import edition
    >>> package_name(edition("zh-Hant"))
    'csat-course-zh-hant.zip'
    """
    return f"csat-course-{edition.folder}.zip"


def manifest_xml(identifier: str, title: str, files: Iterable[str]) -> bytes:
    """The ``imsmanifest.xml`` of a single-SCO SCORM 1.2 package launched by :data:`LAUNCH`.

    Parameters
    ----------
    identifier
        The package's identifier (letters, digits, ``-``, ``_``, ``.``).
    title
        The course title shown by the LMS (any text: it is escaped).
    files
        Every file of the package, as paths inside the zip (``/``-separated).

    Examples
    --------
    >>> xml = manifest_xml("csat-course-en", "Q&A -- course", ["launch.html", "en/a.html"])
    >>> root = ET.fromstring(xml)
    >>> root.find(f"{{{_CP}}}metadata/{{{_CP}}}schemaversion").text
    '1.2'
    >>> [f.get("href") for f in root.iter(f"{{{_CP}}}file")]
    ['launch.html', 'en/a.html']
    >>> root.find(f".//{{{_CP}}}item/{{{_CP}}}title").text
    'Q&A -- course'
    """
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", identifier):
        raise ScormError(f"the package identifier {identifier!r} may hold only letters, digits, '-', '_' and '.'")
    manifest = ET.Element(f"{{{_CP}}}manifest", {"identifier": identifier, "version": "1.0"})
    metadata = ET.SubElement(manifest, f"{{{_CP}}}metadata")
    ET.SubElement(metadata, f"{{{_CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{_CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(manifest, f"{{{_CP}}}organizations", {"default": f"{identifier}-org"})
    organization = ET.SubElement(organizations, f"{{{_CP}}}organization", {"identifier": f"{identifier}-org"})
    ET.SubElement(organization, f"{{{_CP}}}title").text = title
    # No adlcp:masteryscore: with one, SCORM 1.2 LMSs turn any score (a chapter quiz's too) into
    # passed/failed; only the final assessment decides that here (see csat-scorm.js).
    item = ET.SubElement(organization, f"{{{_CP}}}item",
                         {"identifier": f"{identifier}-item", "identifierref": f"{identifier}-sco", "isvisible": "true"})
    ET.SubElement(item, f"{{{_CP}}}title").text = title
    resources = ET.SubElement(manifest, f"{{{_CP}}}resources")
    resource = ET.SubElement(resources, f"{{{_CP}}}resource",
                             {"identifier": f"{identifier}-sco", "type": "webcontent",
                              f"{{{_ADLCP}}}scormtype": "sco", "href": LAUNCH})
    for name in files:
        ET.SubElement(resource, f"{{{_CP}}}file", {"href": name})
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True)


def launch_html(*, lang: str, title: str, start: str, final_quiz: str | None, chapter_quizzes: list[str]) -> str:
    """The SCO's launch page: the LMS session (pipwerks + the adapter) and the edition in a frame.

    ``start`` is the edition's first page (path inside the package); ``final_quiz`` the id of the
    final assessment's quiz and ``chapter_quizzes`` the chapters' quiz ids, which decide the
    status the adapter reports.

    Examples
    --------
    >>> page = launch_html(lang="en", title="A <b> course", start="en/index.html", final_quiz="final",
    ...                    chapter_quizzes=["ch01", "ch02"])
    >>> 'data-chapters="ch01 ch02"' in page and "A &lt;b&gt; course" in page
    True
    """
    esc = html.escape
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>html, body {{ margin: 0; height: 100%; overflow: hidden; }}
iframe {{ display: block; border: 0; width: 100%; height: 100%; }}</style>
<!-- the vendored SCORM wrapper is a CommonJS bundle: it puts its API on this object -->
<script>var exports = {{}};</script>
<script src="{SCORM_DIR}/pipwerks-scorm-api-wrapper.js"></script>
<script src="{SCORM_DIR}/csat-scorm.js" data-csat-scorm="host" data-final="{esc(final_quiz or '')}"
        data-chapters="{esc(' '.join(chapter_quizzes))}"></script>
</head>
<body>
<iframe id="csat-scorm-book" src="{esc(start)}" title="{esc(title)}"></iframe>
</body>
</html>
"""


_HEAD_END = re.compile(r"</head\s*>", re.I)


def inject_adapter(page: str, page_path: str) -> str:
    """``page`` (an HTML page at ``page_path`` in the package) with the adapter script loaded.

    A page without a ``<head>`` (a redirect) is returned unchanged.

    Examples
    --------
    >>> inject_adapter("<html><head><title>x</title></head></html>", "en/chapters/ch01.html")
    '<html><head><title>x</title><script src="../../scorm/csat-scorm.js"></script></head></html>'
    >>> inject_adapter('<meta http-equiv="Refresh" content="0; url=a.html" />', "en/index.html")
    '<meta http-equiv="Refresh" content="0; url=a.html" />'
    """
    match = _HEAD_END.search(page)
    if match is None:
        return page
    src = posixpath.relpath(f"{SCORM_DIR}/csat-scorm.js", posixpath.dirname(page_path) or ".")
    return f'{page[:match.start()]}<script src="{src}"></script>{page[match.start():]}'


# What a page loads (as opposed to what it links to): scripts, images, frames, media, and the
# style sheets, icons and preloads among its <link>s (its other <link>s name pages: next, search...).
_LOADED = re.compile(r"""<(?:script|img|iframe|source|audio|video)\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']""", re.I | re.S)
_LINK = re.compile(r"<link\b[^>]*>", re.I | re.S)
_LINK_REL = re.compile(r"""\srel\s*=\s*["'][^"']*\b(?:stylesheet|icon|preload|modulepreload)\b""", re.I)
_LINK_HREF = re.compile(r"""\shref\s*=\s*["']([^"']+)["']""", re.I)


def page_needs(page: str, page_path: str) -> list[str]:
    """The files inside the package that ``page`` (at ``page_path``) loads, as package paths.

    Addresses with a scheme (``https:``, ``data:`` ...) or protocol-relative ones are not in the
    package and are left out.

    Examples
    --------
    >>> page_needs('<script src="../_static/a.js?v=1"></script><img src="https://x/y.png">'
    ...            '<link rel="stylesheet" href="../../quizzes/q.css"><link rel="next" href="b.html">',
    ...            "en/chapters/ch01.html")
    ['en/_static/a.js', 'quizzes/q.css']
    """
    base = posixpath.dirname(page_path)
    refs = [m.group(1) for m in _LOADED.finditer(page)]
    for tag in _LINK.findall(page):
        href = _LINK_HREF.search(tag)
        if href and _LINK_REL.search(tag):
            refs.append(href.group(1))
    needed = []
    for ref in refs:
        ref = html.unescape(ref).split("#", 1)[0].split("?", 1)[0]
        if not ref or re.match(r"^[a-z][a-z0-9+.-]*:|^//", ref, re.I):
            continue
        needed.append(posixpath.normpath(posixpath.join(base, ref)))
    return needed


def _is_page(name: str) -> bool:
    """Whether ``name`` (a path in the package) is a page of the book.

    The theme's templates in ``_static/`` end in ``.html`` too, but they are not pages.

    Examples
    --------
    >>> _is_page("en/chapters/ch01.html"), _is_page("en/_static/x.html"), _is_page("en/a.css")
    (True, False, False)
    """
    return name.endswith(".html") and "/_static/" not in f"/{name}"


def _files(folder: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield f"{prefix}/{path.relative_to(folder).as_posix()}", path


def _title(page: str) -> str:
    # "<page> — <book title>" on every Sphinx page; the book's title is the last part
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(match.group(1)).split("\u2014")[-1].strip() if match else "Customer satisfaction"


def _quiz_ids(pages: dict[str, str]) -> tuple[str | None, list[str]]:
    """(final assessment quiz id, chapter quiz ids) found in the edition's pages."""
    final, chapters = None, []
    for path, page in sorted(pages.items()):
        for quiz in re.findall(r'<div class="csat-quiz"[^>]*\bdata-quiz="([^"]+)"', page):
            if path.endswith("/final-assessment.html"):
                final = quiz
            elif quiz not in chapters:
                chapters.append(quiz)
    return final, chapters


def build_package(root: Path, out: Path, edition: Edition) -> Path:
    """Write and validate the SCORM package of ``edition`` from the built site ``out``.

    Returns the path of the zip.  Raises :class:`ScormError` naming what is missing.
    """
    site = out / edition.folder
    if not (site / "index.html").is_file():
        raise ScormError(f"{site / 'index.html'} is missing: build the book's {edition.folder} edition first")
    entries: dict[str, bytes] = {}
    pages: dict[str, str] = {}
    for name, path in _files(site, edition.folder):
        if _is_page(name):
            pages[name] = path.read_text(encoding="utf-8")
            entries[name] = inject_adapter(pages[name], name).encode("utf-8")
        else:
            entries[name] = path.read_bytes()
    quizzes = out / "quizzes"
    if quizzes.is_dir():
        entries.update((name, path.read_bytes()) for name, path in _files(quizzes, "quizzes"))
    entries[f"{SCORM_DIR}/csat-scorm.js"] = (root / ADAPTER).read_bytes()
    entries[f"{SCORM_DIR}/pipwerks-scorm-api-wrapper.js"] = (root / PIPWERKS / "index.js").read_bytes()
    entries[f"{SCORM_DIR}/LICENSE-pipwerks-scorm-api-wrapper.txt"] = (root / PIPWERKS / "LICENSE").read_bytes()

    intro = next((p for n, p in pages.items() if n.endswith("/chapters/intro.html")), "")
    lang = re.search(r'<html[^>]*\blang="([^"]+)"', intro)
    title = _title(intro)
    final, chapters = _quiz_ids(pages)
    entries[LAUNCH] = launch_html(lang=lang.group(1) if lang else edition.lang, title=title,
                                  start=f"{edition.folder}/index.html", final_quiz=final,
                                  chapter_quizzes=chapters).encode("utf-8")
    identifier = package_name(edition).removesuffix(".zip")
    entries["imsmanifest.xml"] = manifest_xml(identifier, title, sorted(entries))

    target = out / DOWNLOADS / package_name(edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        # the manifest first: some LMSs peek at the start of the zip
        for name in ["imsmanifest.xml"] + sorted(n for n in entries if n != "imsmanifest.xml"):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])
    try:
        validate(partial, name=target.name)
    except ScormError:
        partial.unlink()
        raise
    partial.replace(target)
    return target


def validate(package: Path, *, name: str | None = None) -> None:
    """Check a SCORM 1.2 package; raise :class:`ScormError` naming the package and the file.

    Checks: ``imsmanifest.xml`` is present and well-formed, declares ``ADL SCORM`` ``1.2`` and has
    an item pointing at a SCO resource; every ``href`` in it is a file of the zip; every file that a
    page of the package loads (script, style sheet, image, frame) is in the zip.
    """
    label = name or package.name
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        if "imsmanifest.xml" not in names:
            raise ScormError(f"{label}: imsmanifest.xml is missing")
        try:
            manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        except ET.ParseError as exc:
            raise ScormError(f"{label}: imsmanifest.xml is not well-formed XML: {exc}") from None
        schema = manifest.findtext(f"{{{_CP}}}metadata/{{{_CP}}}schema")
        version = manifest.findtext(f"{{{_CP}}}metadata/{{{_CP}}}schemaversion")
        if (schema, version) != ("ADL SCORM", "1.2"):
            raise ScormError(f"{label}: imsmanifest.xml declares {schema!r} {version!r}, not 'ADL SCORM' '1.2'")
        resources = {r.get("identifier"): r for r in manifest.iter(f"{{{_CP}}}resource")}
        items = list(manifest.iter(f"{{{_CP}}}item"))
        if not items:
            raise ScormError(f"{label}: imsmanifest.xml has no item")
        for item in items:
            ref = resources.get(item.get("identifierref"))
            if ref is None or ref.get(f"{{{_ADLCP}}}scormtype") != "sco" or not ref.get("href"):
                raise ScormError(f"{label}: imsmanifest.xml item {item.get('identifier')!r} does not point "
                                 "at a SCO resource with a launch page (adlcp:scormtype=\"sco\", href)")
        for element in manifest.iter():
            href = element.get("href")
            if href is not None and href not in names:
                raise ScormError(f"{label}: imsmanifest.xml lists {href}, which is not in the package")
        for page in sorted(filter(_is_page, names)):
            for needed in page_needs(zf.read(page).decode("utf-8", "replace"), page):
                if needed not in names:
                    raise ScormError(f"{label}: {page} loads {needed}, which is not in the package")


def run(root: Path, out: Path, strict: bool) -> None:  # noqa: ARG001 - the step signature
    """Write and validate one SCORM 1.2 package per edition of the course (see the module doc)."""
    for edition in course_editions(active_course()):
        target = build_package(root, out, edition)
        print(f"book.scorm: {target.relative_to(out)} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)
