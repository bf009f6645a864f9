"""The calculators in the built book: their default result as static HTML, with links to run them live."""

from __future__ import annotations

import base64
import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csat_examples.terms import label

if TYPE_CHECKING:
    from .calculator import Calculator

__all__ = ["LiveLinks", "static_html", "phone_picture", "in_book_build"]

#: The widest screen that gets a figure's phone variant (the book's figures use the same).
PHONE_MEDIA = "(max-width: 640px)"


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


def phone_picture(markup: str, png: bytes) -> str:
    """The first ``<img>`` of ``markup`` as a ``<picture>`` that shows ``png`` on a phone.

    Examples
    --------
    >>> phone_picture('<p><img alt="chart" src="data:image/png;base64,AA=="></p>', b"png")
    '<p><picture><source media="(max-width: 640px)" srcset="data:image/png;base64,cG5n"><img alt="chart" src="data:image/png;base64,AA=="></picture></p>'
    """
    source = f'<source media="{PHONE_MEDIA}" srcset="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'
    return re.sub(r"<img\b[^>]*>", lambda m: f"<picture>{source}{m.group(0)}</picture>", markup, count=1)


def static_html(calc: Calculator, links: LiveLinks | None = None,
                phone: Callable[[Any], bytes] | None = None) -> str:
    """The book's static rendering: default figure and table, and links to the live notebook.

    ``phone`` turns the calculator's figure into the PNG a phone shows instead
    (the book refits it so that no text is under 9 px at 390 px wide).

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
    figure = calc.figure_out.value
    if phone is not None and figure and calc.result is not None:
        fig = calc.draw(calc.result)
        if fig is not None:
            figure = phone_picture(figure, phone(fig))
    parts.append(figure)
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
