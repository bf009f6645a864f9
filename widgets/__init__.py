"""Calculators for the course: thin ipywidgets layers over :mod:`csat_examples`.

``show(name)`` is what a chapter calls::

    from widgets import show
    show("rate_degree")

In a live kernel (JupyterLab, Notebook, VS Code, JupyterLite) it displays the
interactive calculator.  While the book is built (``CSAT_BOOK_BUILD=1``) it
displays the calculator's default result as a static figure and table, with a
"Run live in your browser" link to the chapter notebook in the book's
JupyterLite site: a static page never shows controls that do nothing.

Names: ``weighted_scoring``, ``gap_model``, ``rater``, ``rate_degree``,
``load_data``.  Keyword arguments go to the calculator (e.g. ``lang="zh"``,
``preset=...``); ``links=`` (a :class:`LiveLinks`) are the "Run live" and
download links the static result shows; the book passes its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from csat_examples.errors import CsatInputError

from .calculator import Calculator
from .static import LiveLinks, in_book_build

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["show", "make", "CALCULATORS", "Calculator", "LiveLinks"]

#: name -> "module:Class"; imported on demand so that showing one calculator
#: does not import (or compute the defaults of) the others.
CALCULATORS: dict[str, str] = {
    "weighted_scoring": "weighted_scoring:WeightedScoringCalculator",
    "gap_model": "gap_model:GapModelCalculator",
    "rater": "rater:RaterCalculator",
    "rate_degree": "rate_degree:RateDegreeCalculator",
    "load_data": "load_data:LoadDataCalculator",
}


def make(name: str, **kwargs: Any) -> Calculator:
    """Create the calculator called ``name`` (keyword arguments go to its class).

    Examples
    --------
    >>> make("rate_degree").name
    'rate_degree'
    >>> make("slide_rule")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: name: no such calculator (value 'slide_rule'). Fix: use one of weighted_scoring, gap_model, rater, rate_degree, load_data.
    """
    if name not in CALCULATORS:
        raise CsatInputError("no such calculator", argument="name", value=name,
                             fix="use one of " + ", ".join(CALCULATORS))
    import importlib

    module, cls = CALCULATORS[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)(**kwargs)


def show(name: str, *, links: LiveLinks | None = None, phone: Callable[[Figure], bytes] | None = None,
         **kwargs: Any) -> None:
    """Display a calculator: static result in the book build, live app otherwise.

    Returns nothing (so a cell ending in ``show(...)`` prints no object repr);
    use :func:`make` to keep a calculator and read its ``.result``.

    Examples
    --------
    As in the book build (``CSAT_BOOK_BUILD=1``): the static result is
    displayed as HTML (outside IPython, ``display`` prints its repr):

    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"CSAT_BOOK_BUILD": "1"}):
    ...     show("gap_model")
    <IPython.core.display.HTML object>
    """
    from IPython.display import HTML, display

    calc = make(name, **kwargs)
    if in_book_build():
        display(HTML(calc.static_html(links, phone)))
    elif name == "load_data":
        display(calc.finish_view())  # type: ignore[attr-defined]
    else:
        display(calc.view)
