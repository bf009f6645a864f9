"""The Calculator base class: controls -> ``state()`` -> pure ``compute(state)`` -> HTML and a figure.

A calculator is a thin layer over :mod:`csat_examples`: its controls hold the
state, a pure :meth:`Calculator.compute` turns that state into a result using
only library functions, and :meth:`Calculator.refresh` writes the result to
``HTML`` widgets and keeps the matplotlib ``Figure`` on the object.  Results
never go to an ``Output`` widget, because ``Output`` captures nothing without
a kernel (tests and the static book could not see it).

Bad input raised by the library as :class:`~csat_examples.errors.CsatInputError`
is shown in the calculator as a readable message, never as a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

import ipywidgets as W
from matplotlib.figure import Figure

from csat_examples.errors import CsatInputError
from csat_examples.fonts import NoCJKFontError
from csat_examples.lang import Lang, check_lang
from csat_examples.terms import label

from .drawing import ChartView, figure_html
from .markup import error_html, output_block, png_html
from .static import LiveLinks, static_html

__all__ = ["Calculator"]


class Calculator:
    """Base class: controls -> ``state()`` -> pure ``compute(state)`` -> ``render(result)``.

    Subclasses set :attr:`name` and :attr:`title_key`, build their controls in
    :meth:`build` (returning the control widgets, top to bottom), and implement
    :meth:`state`, :meth:`compute`, :meth:`render` (the result as HTML) and
    :meth:`draw` (a Figure, or None); the base class catches the library's
    :class:`CsatInputError` and shows it.

    Attributes
    ----------
    view : ipywidgets.VBox
        The whole calculator, ready to display.
    result : object
        The last successful result (None after an error).
    figure : matplotlib.figure.Figure or None
        The last figure drawn (inspect ``figure.axes`` in tests).
    """

    name: ClassVar[str] = ""
    title_key: ClassVar[str] = ""
    #: The library chart a subclass keeps across redraws (set in :meth:`build`); its
    #: figure is redrawn in part, the others (``draw`` returning a new Figure) whole.
    chart: ChartView | None = None

    def __init__(self, lang: str = "en") -> None:
        self.lang: Lang = check_lang(lang)
        self.result: Any = None
        self.figure: Figure | None = None
        self.error: CsatInputError | None = None
        self._quiet = 0
        self.title_out = W.HTML(f"<h4 style='margin:4px 0'>{html.escape(self.title())}</h4>")
        self.error_out = W.HTML("", layout=W.Layout(width="100%"))
        self.result_out = W.HTML("", layout=W.Layout(width="100%"))
        self.figure_out = W.HTML("", layout=W.Layout(width="100%"))
        controls = self.build()
        self.view = W.VBox(
            [self.title_out, *controls, self.error_out, self.result_out, self.figure_out],
            layout=W.Layout(width="100%", max_width="960px"),
        )
        self.view.add_class("csat-calculator")
        self.refresh()

    # --- to implement ------------------------------------------------------
    def build(self) -> list[W.Widget]:  # pragma: no cover - abstract
        raise NotImplementedError

    def state(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def compute(self, state: Mapping[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, result: Any) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, result: Any) -> Figure | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def load(self, *data: Any, **options: Any) -> None:  # pragma: no cover - abstract
        """Set the controls from data (what "Load your data" sends); calculators that take data implement it."""
        raise NotImplementedError(f"the {self.name} calculator takes no data")

    # --- shared ------------------------------------------------------------
    def t(self, key: str) -> str:
        """Label of ``key`` in this calculator's language."""
        return label(key, self.lang)

    def title(self) -> str:
        return self.t(self.title_key)

    def watch(self, *controls: W.Widget) -> None:
        """Recompute whenever one of ``controls`` changes value."""
        for control in controls:
            control.observe(self.refresh, names="value")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Change many controls with a single recomputation at the end."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1
        self.refresh()

    def refresh(self, change: Any = None) -> None:
        """Read the controls, compute, and write the outputs (the observer callback).

        The table is written before the figure is drawn: it is ready in a few
        milliseconds, while a library chart takes longer.
        """
        if self._quiet:
            return
        try:
            result = self.compute(self.state())
            text = self.render(result)
        except CsatInputError as exc:
            self._show_error(exc)
            return
        self.result, self.error = result, None
        self.error_out.value = ""
        self.result_out.value = output_block(text)
        try:
            fig = self.draw(result)
        except NoCJKFontError as exc:
            # the library's charts need a CJK font (JupyterLite has none): keep the
            # numbers, say why the chart is missing
            self.figure_out.value = error_html(exc, self.lang)
            return
        except CsatInputError as exc:
            self._show_error(exc)
            return
        if fig is not None:
            self.figure = fig
            self.figure_out.value = self.figure_markup(fig)
        else:
            self.figure_out.value = ""

    def _show_error(self, exc: Exception) -> None:
        self.result, self.error = None, exc
        self.error_out.value = error_html(exc, self.lang)
        self.result_out.value = ""
        self.figure_out.value = ""

    def figure_markup(self, fig: Figure) -> str:
        """HTML of the figure: through :attr:`chart` when it drew ``fig``, else drawn whole."""
        if self.chart is not None and self.chart.shows(fig):
            return png_html(self.chart.png(), self.title())
        return figure_html(fig, self.title())

    def static_html(self, links: LiveLinks | None = None, phone: Callable[[Figure], bytes] | None = None) -> str:
        """Default result as static HTML for the book (see :func:`static_html`)."""
        return static_html(self, links, phone)
