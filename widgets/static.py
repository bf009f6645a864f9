"""The calculators in the built book: their default result as static HTML, with links to run them live."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csat_examples.terms import label

if TYPE_CHECKING:
    from .calculator import Calculator

__all__ = ["LiveLinks", "static_html", "in_book_build"]


@dataclass(frozen=True)
class LiveLinks:
    """Where a static calculator in the book points: the live notebook, and its file to download.

    The book knows these (its editions, its JupyterLite site); the widget
    layer only writes them into the page.
    """

    run: str
    notebook: str
    #: False when the site serves its own in-browser Python (no internet needed to run live).
    needs_internet: bool = True


def static_html(calc: Calculator, links: LiveLinks | None = None) -> str:
    """The book's static rendering: default figure and table, and links to the live notebook.

    Examples
    --------
    >>> from widgets import make
    >>> links = LiveLinks(run="lite/lab?path=ch02.ipynb", notebook="lite/files/ch02.ipynb")
    >>> page = static_html(make("gap_model"), links)
    >>> links.run in page and links.notebook in page and "csat-lite-link" in page
    True
    """
    lang = calc.lang
    parts = [f'<div class="csat-static" data-calculator="{html.escape(calc.name)}">']
    parts.append(f'<p class="csat-static-title"><strong>{html.escape(calc.title())}</strong></p>')
    parts.append(calc.figure_out.value)
    parts.append(calc.result_out.value)
    if calc.error_out.value:
        parts.append(calc.error_out.value)
    if links is not None:
        note = "calc_run_live_note" if links.needs_internet else "calc_run_live_note_local"
        parts.append(
            f'<p class="csat-lite"><a class="csat-lite-link" href="{html.escape(links.run)}" '
            f'target="_blank" rel="noopener">&#9654; {html.escape(label("calc_run_live", lang))}</a>'
            f' &middot; <a class="csat-download-link" href="{html.escape(links.notebook)}" download>'
            f'{html.escape(label("calc_download_notebook", lang))}</a>'
            f'<br><small>{html.escape(label(note, lang))}</small></p>'
        )
    parts.append("</div>")
    return "".join(parts)


def in_book_build() -> bool:
    """True while the book is being built (``CSAT_BOOK_BUILD=1``)."""
    return os.environ.get("CSAT_BOOK_BUILD", "") == "1"
