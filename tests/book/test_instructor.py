"""The instructors' notebooks and slides read like the book, in every edition.

Needs the built book (``python -m book build`` writes ``_build/notebooks`` and ``_build/html/slides``).
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from bookpages import EDITIONS, ROOT, analyst_files, chapter_files

pytestmark = pytest.mark.book

NOTEBOOKS = ROOT / "_build" / "notebooks"
RAW_MYST = re.compile(r"\{(glue:text|glue|numref|ref|doc)\}`|^\([\w.:-]+\)=\s*$|^```\{|^:::", re.M)
CHAPTERS = [p.split("/")[-1] for p in chapter_files()]
#: Every page of a chapter has an instructor notebook: the core pages and the analyst pages.
NOTEBOOK_PAGES = CHAPTERS + [p.split("/")[-1] for p in analyst_files()]


def _notebook(edition: str, page: str) -> dict:
    path = NOTEBOOKS / edition / f"{page}.ipynb"
    assert path.is_file(), f"{path} was not written"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_notebook_reads_like_the_book(built_book, edition, page):  # noqa: ARG001 - needs the build
    nb = _notebook(edition, page)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"  # JupyterLab asks for no kernel
    assert "widgets" not in nb["metadata"]
    markdown = [c["source"] for c in nb["cells"] if c["cell_type"] == "markdown"]
    for text in markdown:
        found = RAW_MYST.search(text)
        assert not found, f"{edition}/{page}: raw MyST {found.group(0)!r} in {text[:120]!r}"
    # solutions are there, collapsed and kept out of the slides (speaker notes)
    hidden = [c for c in nb["cells"] if c["metadata"].get("jupyter", {}).get("source_hidden")]
    solutions = [c for c in hidden if c["cell_type"] == "markdown"]
    assert len(solutions) >= 2, f"{edition}/{page}: solutions are not in collapsed cells"
    assert all(c["metadata"]["slideshow"]["slide_type"] == "notes" for c in solutions)
    # every cell has a slide type, and the deck has a slide per section
    types = [c["metadata"]["slideshow"]["slide_type"] for c in nb["cells"]]
    assert types[0] == "slide" and types.count("slide") >= 5
    # the calculators and the quiz run when run: no stale static output is kept
    live = [c for c in nb["cells"] if c["cell_type"] == "code" and re.search(r"\bch\.(calculator|quiz)\(", c["source"])]
    assert live and all(c["outputs"] == [] for c in live)


@pytest.mark.parametrize("edition", EDITIONS)
def test_notebooks_download_as_one_zip_per_edition(built_book, edition):
    archive = built_book / "downloads" / f"notebooks-{edition}.zip"
    with zipfile.ZipFile(archive) as zf:
        assert sorted(n.split("/")[-1] for n in zf.namelist()) == sorted(f"{p}.ipynb" for p in NOTEBOOK_PAGES)


def test_an_instructor_notebook_runs_in_a_plain_python_kernel(built_book, tmp_path, monkeypatch):  # noqa: ARG001
    """Run the Traditional-Chinese chapter 3 as an instructor would: every cell, live calculators."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("CSAT_BOOK_BUILD", raising=False)
    nb = nbformat.read(NOTEBOOKS / "zh-hant" / f"{CHAPTERS[2]}.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), \
        "the calculator did not start as a live widget"


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_static_slides_work_offline(open_page, offsite_requests, edition):
    page = open_page(f"slides/{edition}/{CHAPTERS[2]}.slides.html", width=1280, height=720)
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=20_000)
    assert page.evaluate("Reveal.getTotalSlides()") >= 5
    page.evaluate("Reveal.slide(3)")
    assert offsite_requests == []
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"slides-{edition}.png"))
