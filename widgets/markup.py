"""HTML the calculators write: control layout, messages, tables and embedded images.

Results go to ``HTML`` widgets (not ``Output``), so a test or the static book sees them
without a kernel; every piece of text is escaped here.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

import ipywidgets as W
import pandas as pd

from csat_examples.lang import Lang
from csat_examples.terms import label

__all__ = ["control_style", "row", "error_html", "output_block", "warning_html", "png_html", "frame_html",
           "scale_options", "scoring_options"]


def control_style() -> dict[str, str]:
    """Style that keeps long descriptions whole (``description_width: initial``).

    Examples
    --------
    >>> control_style()
    {'description_width': 'initial'}
    """
    return {"description_width": "initial"}


def row(children: Sequence[W.Widget], *, basis: str = "45%") -> W.Box:
    """A wrapping row: children sit side by side on a wide screen, stack at 390 px.

    Examples
    --------
    >>> import ipywidgets as W
    >>> box = row([W.Label("a"), W.Label("b")])
    >>> box.layout.flex_flow
    'row wrap'
    """
    for child in children:
        if child.layout.flex is None:
            child.layout.flex = f"1 1 {basis}"
        if child.layout.min_width is None:
            child.layout.min_width = "150px"
    return W.Box(list(children), layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                                 align_items="flex-start"))


def error_html(exc: BaseException, lang: Lang = "en") -> str:
    """Readable HTML for a library error (no traceback).

    Examples
    --------
    >>> from csat_examples.errors import CsatInputError
    >>> out = error_html(CsatInputError("weights do not sum to 1", argument="weights", value=0.95))
    >>> "weights do not sum to 1" in out and "Traceback" not in out
    True
    """
    title = html.escape(label("calc_error_title", lang))
    return (
        '<div class="csat-error" role="alert" style="border-left:4px solid #b00020;'
        'background:#fdecea;padding:6px 10px;margin:4px 0;color:#5f0010;">'
        f"<strong>{title}</strong><br>{html.escape(str(exc))}</div>"
    )


def output_block(markup: str) -> str:
    """The result's HTML in a box that shrinks, wraps text and scrolls wide tables."""
    # The widget's HTML box is a flex container with a 28 px line height: a
    # plain block inside it grows to its widest child (a table) and is clipped
    # on a phone.  This wrapper may shrink, wraps text and scrolls tables.
    return ('<div class="csat-output" style="min-width:0;width:100%;max-width:100%;'
            f'line-height:1.4;white-space:normal;overflow-wrap:break-word;">{markup}</div>')


def warning_html(text: str) -> str:
    """A visible (yellow) warning line.

    Examples
    --------
    >>> "csat-warning" in warning_html("check the weights")
    True
    """
    return (
        '<div class="csat-warning" style="border-left:4px solid #b26a00;background:#fff4e5;'
        f'padding:4px 10px;margin:2px 0;">{html.escape(text)}</div>'
    )


def png_html(png: bytes, alt: str) -> str:
    """An ``<img>`` that embeds ``png`` and shrinks to the available width.

    Examples
    --------
    >>> png_html(b"\\x89PNG", "chart")[:36]
    '<img class="csat-figure" alt="chart"'
    """
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="csat-figure" alt="{html.escape(alt)}" '
            f'style="max-width:100%;height:auto;" src="data:image/png;base64,{data}">')


def frame_html(frame: pd.DataFrame, *, digits: int = 2, css_class: str = "csat-table") -> str:
    """A compact, horizontally scrollable HTML table of ``frame``.

    Examples
    --------
    >>> import pandas as pd
    >>> out = frame_html(pd.DataFrame({"a": [1.234]}))
    >>> "1.23" in out and "<table" in out
    True
    """
    body = frame.to_html(index=False, float_format=lambda v: f"{v:.{digits}f}", border=0,
                         classes=[css_class], escape=True)
    # Headers wrap (they are long labels) and values do not: most tables then fit the
    # column, and one that is still too wide scrolls sideways in its own box.
    body = body.replace("<table", '<table style="border-collapse:collapse;font-size:90%;"', 1)
    body = body.replace("<th>", '<th style="white-space:normal;vertical-align:bottom;">')
    body = body.replace("<td>", '<td style="white-space:nowrap;">')
    # width 0 + min-width 100%: the box never widens its container (the widget's
    # flex box would otherwise grow to the table's width and clip it on a phone)
    # tabindex: a table wider than a phone scrolls, and a keyboard user must be able to scroll it too
    return f'<div tabindex="0" style="overflow-x:auto;width:0;min-width:100%;">{body}</div>'


def scale_options(lang: Lang) -> list[tuple[str, str]]:
    """Dropdown options for the scale (label, value)."""
    return [(label("calc_scale_7", lang), "7-level"), (label("calc_scale_5", lang), "5-level")]


def scoring_options(lang: Lang) -> list[tuple[str, str]]:
    """Dropdown options for the scoring (label, value)."""
    return [
        (label("calc_scoring_likert", lang), "likert"),
        (label("calc_scoring_sources", lang), "sources"),
        (label("calc_scoring_0_100", lang), "0-100"),
    ]
