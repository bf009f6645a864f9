"""Build step ``book.instructor``: chapter notebooks and slides for instructors, in every edition.

The book pages are for reading; an instructor teaches from live notebooks.
From each edition's executed chapters this step writes:

* ``_build/notebooks/<edition>/<page>.ipynb``: notebooks for a local Jupyter
  (the ordinary ``python3`` kernel, so JupyterLab opens them without asking
  for one) that read like the book: text cells show the computed numbers and
  the figures' and exercises' numbers as text, not MyST roles; set-up code is
  collapsed; each exercise's solution sits in its own collapsed cells; the
  calculators and the quiz run when their cell is run.  Zipped per edition
  into ``_build/html/downloads/notebooks-<edition>.zip``.
* slide metadata in the same notebooks (``slideshow.slide_type``, the standard
  that RISE, nbconvert and jupyterlab-slideshow read): every ``##`` section
  starts a slide, figures and tables get a slide of their own, solutions
  become speaker notes and the book's set-up code is skipped.  In JupyterLab
  the notebook is a live deck with ``jupyterlab-slideshow`` (its calculators
  run, as the deck is the notebook itself; ``jupyterlab-rise`` 0.43 would show
  ipywidgets 8 as text, jupyterlab-contrib/rise#126);
* ``_build/html/slides/<edition>/<page>.slides.html``: the same deck as static
  reveal.js slides (nbconvert), with reveal.js, require.js and MathJax served
  from the site (no CDN).
"""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .course import active_course
from .editions import Edition, course_editions
from .i18n import page_names

__all__ = ["run", "PageRefs", "page_refs", "resolve_roles", "instructor_notebook", "slide_deck",
           "NOTEBOOKS", "SLIDES"]

#: Where the instructor notebooks are written, relative to the book root.
NOTEBOOKS = Path("_build") / "notebooks"
#: Where the static slides go inside the site.
SLIDES = Path("slides")
VENDOR = Path(__file__).with_name("vendor")
TEMPLATES = Path(__file__).with_name("nbconvert_templates")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass
class PageRefs:
    """What the built pages of one edition number and title: figures, exercises, sections, pages."""

    numbers: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)


def page_refs(html_dir: Path) -> PageRefs:
    """Read figure and exercise numbers, section titles and page titles from an edition's HTML."""
    from bs4 import BeautifulSoup

    refs = PageRefs()
    for page in sorted(html_dir.glob("chapters/*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        heading = soup.select_one("article h1")
        if heading is not None:
            refs.pages[page.stem] = _text(heading)
        for fig in soup.select("figure[id], div.exercise[id], div.solution[id], table[id]"):
            number = fig.select_one(".caption-number")
            if number is not None:
                refs.numbers[fig["id"]] = number.get_text(" ", strip=True).rstrip(":：").strip()
        for section in soup.select("section[id]"):
            title = section.find(re.compile(r"^h[1-6]$"))
            if title is not None:
                for span in [section, *section.find_all("span", id=True, recursive=False)]:
                    refs.titles.setdefault(span["id"], _text(title))
        for target in soup.select("span[id]"):
            nxt = target.find_next(re.compile(r"^h[1-6]$"))
            if nxt is not None and target["id"] not in refs.titles:
                refs.titles[target["id"]] = _text(nxt)
    return refs


def _text(node: Any) -> str:
    for link in node.select(".headerlink"):
        link.decompose()
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()


_ROLE = re.compile(r"\{(glue:text|glue|numref|ref|doc)\}`([^`]*)`")
_EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)


def _glue_value(stored: str) -> Any:
    try:
        return ast.literal_eval(stored)
    except (ValueError, SyntaxError):
        return stored


def resolve_roles(text: str, glue: dict[str, str], refs: PageRefs) -> str:
    """MyST roles as the book shows them: glued values formatted, numbers and titles of references.

    Examples
    --------
    >>> refs = PageRefs(numbers={"fig-a": "图 3.1"}, titles={"ch03-rate": "满意率"}, pages={"ch02-x": "2. 满意"})
    >>> resolve_roles("率为 {glue:text}`ch03_rate:.1f` %，见{numref}`fig-a`、{ref}`ch03-rate`、{doc}`ch02-x`。",
    ...               {"ch03_rate": "37.25"}, refs)
    '率为 37.2 %，见图 3.1、满意率、2. 满意。'
    """
    def _one(match: re.Match[str]) -> str:
        role, content = match.groups()
        if role.startswith("glue"):
            name, _, spec = content.partition(":")
            value = _glue_value(glue.get(name, ""))
            try:
                return format(value, spec) if spec else str(value)
            except (TypeError, ValueError):
                return str(value)
        explicit = _EXPLICIT.match(content)
        shown, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content)
        if role == "doc":
            return shown or refs.pages.get(Path(target).name, Path(target).name)
        if role == "numref":
            number = refs.numbers.get(target, target)
            if shown and "%s" in shown:
                return shown.replace("%s", number.split()[-1])
            return shown or number
        return shown or refs.titles.get(target, target)

    return _ROLE.sub(_one, text)


_LABEL_LINE = re.compile(r"^\([\w.:-]+\)=\s*$")
_FENCE = re.compile(r"^(`{3,}|:{3,})\s*\{([\w-]+)\}\s*(.*?)\s*$")
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


def not_asked(glue: dict[str, str]) -> set[str]:
    """The survey parts a page's notes say were not asked (its glued ``<chapter>_not_asked``).

    Examples
    --------
    >>> sorted(not_asked({"ch07_not_asked": "'cause,period'", "ch07_n": "412"}))
    ['cause', 'period']
    >>> not_asked({"ch07_not_asked": "''"})
    set()
    """
    return {part for name, value in glue.items() if name.endswith("_not_asked")
            for part in str(_glue_value(value)).split(",") if part}


def _shown_for(classes: str, missing: set[str]) -> bool:
    """Whether a block is shown: a "not asked in this survey" note only when its part is missing.

    The book hides such notes with a style rule; a notebook has none, so they are left out.

    >>> _shown_for("note csat-not-asked csat-needs-cause", {"cause"}), _shown_for("note csat-not-asked csat-needs-nps", set())
    (True, False)
    >>> _shown_for("dropdown", set())
    True
    """
    names = classes.split()
    if "csat-not-asked" not in names:
        return True
    return any(n.removeprefix("csat-needs-") in missing for n in names if n.startswith("csat-needs-"))


def _markdown_cells(source: str, glue: dict[str, str], refs: PageRefs, words: dict[str, str],
                    state: dict[str, Any]) -> list[dict]:
    """One MyST markdown cell as plain-Markdown cells (a solution starts a collapsed cell of its own)."""
    cells: list[dict] = []
    current: list[str] = []
    quote = False

    def flush() -> None:
        text = "\n".join(current).strip()
        if text:
            cells.append(_markdown(text, hidden=state["solution"]))
        current.clear()

    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if _LABEL_LINE.match(line):
            i += 1
            continue
        if fence:
            name, argument = fence.group(2), fence.group(3)
            options: dict[str, str] = {}
            i += 1
            while i < len(lines) and _OPTION.match(lines[i]):
                key, value = _OPTION.match(lines[i]).groups()
                options[key] = value
                i += 1
            if not _shown_for(options.get("class", ""), state["missing"]):
                while i < len(lines) and lines[i].strip() != fence.group(1):
                    i += 1
                i += 1  # past the closing fence
                continue
            if name in ("exercise-start", "exercise-end", "solution-start", "solution-end"):
                if i < len(lines) and lines[i].strip() == fence.group(1):
                    i += 1  # the fence closes at once
                if name == "exercise-start":
                    current.append(f"**{refs.numbers.get(options.get('label', ''), words['exercise'])}**\n")
                elif name == "solution-start":
                    flush()
                    state["solution"] = True
                    current.append(f"**{words['solution']}**\n")
                elif name == "solution-end":
                    flush()
                    state["solution"] = False
                continue
            # an admonition or note: a block quote with its title in bold
            current.append(f"> **{resolve_roles(argument, glue, refs)}**" if argument else ">")
            current.append(">")
            quote = True
            continue
        if quote and line.strip().startswith("```"):
            quote = False
            i += 1
            continue
        if line.startswith("#") and not quote:
            flush()  # every heading starts a cell, so that a section can start a slide
        shown = resolve_roles(line, glue, refs)
        current.append(f"> {shown}" if quote else shown)
        i += 1
    flush()
    return cells


def _markdown(text: str, hidden: bool = False) -> dict:
    cell: dict[str, Any] = {"cell_type": "markdown", "metadata": {}, "source": text}
    if hidden:
        cell["metadata"]["jupyter"] = {"source_hidden": True}
        cell["metadata"]["slideshow"] = {"slide_type": "notes"}
    return cell


_HIDDEN_TAGS = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
_RUN_LIVE = re.compile(r"\bch\.(calculator|quiz)\(")


def instructor_notebook(executed: dict, glue: dict[str, str], refs: PageRefs, words: dict[str, str]) -> dict:
    """The instructor's notebook of an executed chapter notebook (see the module docstring)."""
    cells: list[dict] = []
    state: dict[str, Any] = {"solution": False, "missing": not_asked(glue)}
    for cell in executed["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            cells.extend(_markdown_cells(source, glue, refs, words, state))
            continue
        if cell["cell_type"] != "code":
            continue
        new = {"cell_type": "code", "execution_count": None, "metadata": {}, "source": source,
               "outputs": [o for o in cell.get("outputs", []) if not _is_glue(o)]}
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _HIDDEN_TAGS or state["solution"]:
            new["metadata"]["jupyter"] = {"source_hidden": True}
        if state["solution"]:
            new["metadata"]["slideshow"] = {"slide_type": "notes"}
        if _RUN_LIVE.search(source):
            new["outputs"] = []  # the book's static result: run the cell for the live one
        cells.append(new)
        figure = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if figure:
            number = refs.numbers.get(figure.get("name", ""), "")
            caption = resolve_roles(str(figure.get("caption", "")), glue, refs)
            cells.append(_markdown(f"*{number}{words['colon'] if number else ''}{caption}*"))
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k:03d}"  # nbformat 4.5: stable ids, so a rebuilt notebook diffs cleanly
    metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    notebook = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return slide_deck(notebook)


def _is_glue(output: dict) -> bool:
    return "scrapbook" in output.get("metadata", {})


def slide_deck(notebook: dict) -> dict:
    """Give each cell a ``slideshow.slide_type``: a slide per section, a sub-slide per block.

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Title"},
    ...                 {"cell_type": "code", "metadata": {"jupyter": {"source_hidden": True}}, "source": "x",
    ...                  "outputs": []},
    ...                 {"cell_type": "markdown", "metadata": {}, "source": "## A section"},
    ...                 {"cell_type": "markdown", "metadata": {}, "source": "Some text."}]}
    >>> [c["metadata"]["slideshow"]["slide_type"] for c in slide_deck(nb)["cells"]]
    ['slide', 'skip', 'slide', 'subslide']
    """
    deck = copy.deepcopy(notebook)
    for k, cell in enumerate(deck["cells"]):
        meta = cell.setdefault("metadata", {})
        if meta.get("slideshow", {}).get("slide_type") == "notes":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            kind = "slide" if k == 0 or re.match(r"^#{1,2}\s", source) else \
                "subslide" if re.match(r"^#{3,}\s", source) or not source.startswith("*") else "-"
        elif meta.get("jupyter", {}).get("source_hidden") and not cell.get("outputs") \
                and not _RUN_LIVE.search(source):
            kind = "skip"
        else:
            kind = "subslide"
        meta["slideshow"] = {"slide_type": kind}
    return deck


def _words(lang: str) -> dict[str, str]:
    from csat_examples.terms import label

    return {"exercise": label("ui_exercise", lang), "solution": label("ui_solution", lang),
            "colon": label("ui_caption_colon", lang)}


def _chapter_pages(root: Path) -> list[str]:
    chosen = active_course().chapters
    return [p for p in page_names(root) if re.match(r"^ch\d\d-", p) and (chosen is None or p in chosen)]


def write_notebooks(root: Path, ed: Edition) -> list[Path]:
    """The instructor notebooks of one edition (from its last build)."""
    build = root / "_build" / "ed" / ed.folder / "_build"
    refs = page_refs(build / "html")
    dest = root / NOTEBOOKS / ed.folder
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    for page in _chapter_pages(root):
        executed_path = build / "jupyter_execute" / "chapters" / f"{page}.ipynb"
        if not executed_path.is_file():
            raise FileNotFoundError(f"book.instructor: {executed_path} is missing: build the book first")
        glue_path = executed_path.with_suffix(".glue.json")
        glue = {name: "".join(out.get("data", {}).get("text/plain", ""))
                for name, out in (json.loads(glue_path.read_text(encoding="utf-8")).items()
                                  if glue_path.is_file() else [])}
        executed = json.loads(executed_path.read_text(encoding="utf-8"))
        notebook = instructor_notebook(executed, glue, refs, _words(ed.lang))
        path = dest / f"{page}.ipynb"
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(path)
    return written


def export_slides(notebook: Path, dest: Path, site_prefix: str) -> Path:
    """Static reveal.js slides of ``notebook``; every script and style comes from the site."""
    import nbformat
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = f"{site_prefix}/reveal.js"
    config.SlidesExporter.reveal_scroll = True
    config.HTMLExporter.require_js_url = f"{site_prefix}/require.js"
    config.HTMLExporter.mathjax_url = f"{site_prefix}/mathjax/startup.js"
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    exporter = SlidesExporter(config=config, template_name="csat-reveal")
    body, _ = exporter.from_notebook_node(nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(body, encoding="utf-8")
    return dest


def _shared_assets(root: Path, slides: Path) -> None:
    """reveal.js, require.js and MathJax beside the slides (one copy for every edition)."""
    for name, source in (("reveal.js", VENDOR / "reveal.js"), ("mathjax", root / "book" / "static" / "mathjax")):
        target = slides / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
    shutil.copy2(root / "book" / "static" / "jupyter-widgets" / "require.js", slides / "require.js")


def run(root: Path, out: Path, strict: bool) -> None:  # noqa: ARG001 - the step signature
    """Write every edition's instructor notebooks, their zip files and the static slides."""
    slides = out / SLIDES
    _shared_assets(root, slides)
    downloads = out / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    for ed in course_editions(active_course()):
        notebooks = write_notebooks(root, ed)
        archive = downloads / f"notebooks-{ed.folder}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in notebooks:
                zf.write(path, f"{ed.folder}/{path.name}")
        for path in notebooks:
            export_slides(path, slides / ed.folder / f"{path.stem}.slides.html", "..")
        print(f"book.instructor: {ed.folder}: {len(notebooks)} notebooks ({archive.name}) and slides in "
              f"{slides / ed.folder}", flush=True)
