"""What every calculator shares: the Calculator class, layout, error display, figures as HTML.

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

import base64
import html
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import ipywidgets as W
import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from csat_examples.charts import live_chart
from csat_examples.errors import CsatInputError
from csat_examples.fonts import NoCJKFontError, cjk_rc
from csat_examples.lang import Lang, check_lang
from csat_examples.terms import label

__all__ = [
    "Calculator",
    "LiveLinks",
    "Blit",
    "ChartView",
    "canvas_png",
    "control_style",
    "DPI",
    "row",
    "error_html",
    "figure_html",
    "font_rc",
    "png_html",
    "frame_html",
    "static_html",
    "default_survey",
    "standard_columns",
    "SHORT",
    "scale_options",
    "scoring_options",
]

#: Resolution of calculator figures: the library charts' own (matplotlib's default).  At 72 dpi
#: their 8-pt labels were 8 px high, hard to read where the book shrinks a figure to its column.
DPI = 100


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


def error_html(exc: BaseException, lang: str = "en") -> str:
    """Readable HTML for a library error (no traceback).

    Examples
    --------
    >>> from csat_examples.errors import CsatInputError
    >>> out = error_html(CsatInputError("weights do not sum to 1", argument="weights", value=0.95))
    >>> "weights do not sum to 1" in out and "Traceback" not in out
    True
    """
    title = html.escape(label("calc_error_title", lang))  # type: ignore[arg-type]
    return (
        '<div class="csat-error" role="alert" style="border-left:4px solid #b00020;'
        'background:#fdecea;padding:6px 10px;margin:4px 0;color:#5f0010;">'
        f"<strong>{title}</strong><br>{html.escape(str(exc))}</div>"
    )


def _block(markup: str) -> str:
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


def font_rc() -> dict[str, object]:
    """:func:`~csat_examples.fonts.cjk_rc`, or no change where no CJK font exists.

    In JupyterLite (Pyodide) there is no system font with Chinese glyphs: the
    calculators must still draw (English labels are fine; Chinese ones would
    show as boxes) rather than fail.
    """
    try:
        return cjk_rc()
    except NoCJKFontError:
        return {}


def _has_cjk(fig: Figure) -> bool:
    from matplotlib.text import Text

    return any(any(ord(ch) >= 0x2E80 for ch in t.get_text()) for t in fig.findobj(Text))


def figure_html(fig: Figure, alt: str) -> str:
    """The figure as an ``<img>`` with an embedded PNG that scales to the width.

    The PNG lives in the HTML widget itself, so it shows in a live kernel,
    in JupyterLite and in a static page alike.  Fonts are resolved when the
    figure is drawn, so a figure with Chinese text is saved under
    :func:`~csat_examples.fonts.cjk_rc`; one without is not (drawing with the
    large CJK font costs about three times as long).
    """
    drawn = _drawn_png(fig)
    if drawn is not None:
        return png_html(drawn, alt)
    buf = io.BytesIO()
    with matplotlib.rc_context(font_rc() if _has_cjk(fig) else {}):
        fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return png_html(buf.getvalue(), alt)


def _drawn_png(fig: Figure) -> bytes | None:
    """PNG of what an Agg canvas has already rendered, or None if it must be drawn.

    The library's charts draw themselves once (inside their font settings) before
    returning; encoding that buffer avoids a second full draw.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    renderer = getattr(canvas, "renderer", None)
    if not isinstance(canvas, FigureCanvasAgg) or renderer is None or fig.stale:
        return None
    if (int(renderer.width), int(renderer.height)) != tuple(int(v) for v in fig.bbox.size):
        return None
    return canvas_png(canvas)


def canvas_png(canvas: Any) -> bytes:
    """PNG of the pixels an Agg canvas holds now (fast zlib level: these PNGs live a few seconds)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


class Blit:
    """Redraw only a figure's changing artists over a kept picture of the rest.

    Drawing text is what makes a matplotlib redraw slow (tick labels, titles,
    long names); a calculator's click changes a few bars or lines.  The first
    :meth:`png` renders the whole figure with the ``dynamic`` artists left out
    (they are marked animated) and keeps those pixels; later calls paste them
    back and draw just the dynamic artists.  The kept picture is renewed when
    any axis limit, and with it the ticks, has changed.
    """

    def __init__(self) -> None:
        self._background: Any = None
        self._key: tuple[Any, ...] | None = None

    @staticmethod
    def _limits(fig: Figure) -> tuple[Any, ...]:
        # reading the limits also runs any pending autoscaling, as a draw would
        return tuple((ax.get_position().bounds, ax.get_xlim(), ax.get_ylim()) for ax in fig.axes) + (
            tuple(fig.bbox.size),)

    def forget(self) -> None:
        """Drop the kept picture (the figure was replaced)."""
        self._background, self._key = None, None

    def png(self, fig: Figure, dynamic: Sequence[Any], rc: Mapping[str, object]) -> bytes:
        """PNG of ``fig`` as it is now."""
        canvas = fig.canvas
        for artist in dynamic:
            artist.set_animated(True)
        with matplotlib.rc_context(dict(rc)):
            key = self._limits(fig)
            if self._background is None or key != self._key:
                canvas.draw()  # everything but the animated artists
                self._background = canvas.copy_from_bbox(fig.bbox)
                self._key = self._limits(fig)  # the layout engine may have moved the axes
            else:
                canvas.restore_region(self._background)
            for artist in dynamic:
                fig.draw_artist(artist)
        return canvas_png(canvas)


class ChartView:
    """A calculator's library chart (:func:`csat_examples.charts.live_chart`), kept across redraws.

    :meth:`figure` puts a new result into the same figure when its shape is
    unchanged (same levels, nodes, names), else builds the chart anew;
    :meth:`png` redraws through a :class:`Blit`.

    Examples
    --------
    >>> import pandas as pd
    >>> view = ChartView("radar", rlim=(1, 7))
    >>> f = pd.DataFrame({"dimension": ["reliability", "assurance", "tangibles"], "score": [5.0, 5.5, 6.0]})
    >>> first = view.figure(f)
    >>> view.figure(f.assign(score=[4.0, 5.0, 6.5])) is first
    True
    >>> view.png()[:4]
    b'\\x89PNG'
    """

    def __init__(self, kind: str, **options: Any) -> None:
        self.kind = kind
        self.options = options
        self.live: Any = None
        self._blit = Blit()

    def figure(self, *data: Any) -> Figure:
        """The chart showing ``data`` (the same figure while their shape stays the same)."""
        if self.live is None or not self.live.update(*data):
            self.live = live_chart(self.kind, *data, **self.options)
            self._blit.forget()
        return self.live.figure

    def shows(self, fig: Figure) -> bool:
        """Whether ``fig`` is this view's current figure."""
        return self.live is not None and self.live.figure is fig

    def png(self) -> bytes:
        """PNG of the chart as it is now."""
        return self._blit.png(self.live.figure, self.live.dynamic, self.live.rc)


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


def scale_options(lang: str) -> list[tuple[str, str]]:
    """Dropdown options for the scale (label, value)."""
    return [(label("calc_scale_7", lang), "7-level"), (label("calc_scale_5", lang), "5-level")]  # type: ignore[arg-type]


def scoring_options(lang: str) -> list[tuple[str, str]]:
    """Dropdown options for the scoring (label, value)."""
    return [
        (label("calc_scoring_likert", lang), "likert"),  # type: ignore[arg-type]
        (label("calc_scoring_sources", lang), "sources"),  # type: ignore[arg-type]
        (label("calc_scoring_0_100", lang), "0-100"),  # type: ignore[arg-type]
    ]


#: Short id of each RATER dimension in the calculators' column names (p_rel1, e_tan3, imp_emp ...).
SHORT: dict[str, str] = {"reliability": "rel", "assurance": "ass", "tangibles": "tan",
                         "empathy": "emp", "responsiveness": "res"}


def default_survey() -> pd.DataFrame:
    """The survey behind the calculators' defaults (a copy: callers may change it).

    ``csat_examples.survey.course_survey()``: the bundled property survey, or an
    organisation's own when ``CSAT_SURVEY_FILE``/``CSAT_SURVEY_CONFIG`` point at
    it.  Its columns are renamed through its config to the names the
    calculators read (:func:`standard_columns`), so an organisation's survey
    works whatever its column names.  Loading and cleaning take a good part of
    a second, so the result is kept per setting of those environment variables.
    """
    key = tuple(os.environ.get(k, "") for k in ("CSAT_SURVEY_FILE", "CSAT_SURVEY_CONFIG", "CSAT_SURVEY_SHEET"))
    return _survey(key).copy()


@lru_cache(maxsize=4)
def _survey(key: tuple[str, ...]) -> pd.DataFrame:  # noqa: ARG001 - the key keys the cache
    from csat_examples.survey import course_survey

    survey = course_survey()
    return standard_columns(survey.data, survey.config)


def standard_columns(data: pd.DataFrame, config: Any) -> pd.DataFrame:
    """Name a survey's columns as the calculators read them, using its config.

    ``overall`` for the overall-satisfaction question; for each item of a RATER
    dimension, in config order, ``p_<dim><n>`` (perception) and ``e_<dim><n>``
    (its expectation column); ``imp_<dim>`` for the importance columns.  Items of
    other dimensions keep their own names.  The data are not copied or changed.

    Examples
    --------
    >>> from csat_examples.survey import parse_config
    >>> cfg = parse_config({"items": {"q7": {"dimension": "Reliability", "expectation": "x7"}},
    ...                     "overall": "sat", "importance": {"Reliability": "w1"}})
    >>> frame = pd.DataFrame({"q7": [5], "x7": [6], "sat": ["满意"], "w1": [100]})
    >>> list(standard_columns(frame, cfg).columns)
    ['overall', 'p_rel1', 'e_rel1', 'imp_rel']
    """
    columns: dict[str, pd.Series] = {}
    if config.overall:
        columns["overall"] = data[config.overall]
    counts: dict[str, int] = {}
    for item in config.items:
        short = SHORT.get(str(item.dimension).strip().lower())
        if short is None:
            columns[item.column] = data[item.column]
            continue
        counts[short] = counts.get(short, 0) + 1
        columns[f"p_{short}{counts[short]}"] = data[item.column]
        if item.expectation:
            columns[f"e_{short}{counts[short]}"] = data[item.expectation]
    for dimension, column in config.importance.items():
        short = SHORT.get(str(dimension).strip().lower())
        if short is not None:
            columns[f"imp_{short}"] = data[column]
    return pd.DataFrame(columns, index=data.index)


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

    # --- shared ------------------------------------------------------------
    def t(self, key: str) -> str:
        """Label of ``key`` in this calculator's language."""
        return label(key, self.lang)  # type: ignore[arg-type]

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
        self.result_out.value = _block(text)
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
            _release(fig)
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

    def static_html(self, links: LiveLinks | None = None) -> str:
        """Default result as static HTML for the book (see :func:`static_html`)."""
        return static_html(self, links)


def _release(fig: Figure) -> None:
    # Library charts may come from pyplot; drop them from pyplot's registry so
    # that redrawing a hundred times does not pile up open figures.  Closing a
    # figure pyplot does not know is a no-op; the Figure object stays usable.
    import matplotlib.pyplot as plt

    plt.close(fig)


def in_book_build() -> bool:
    """True while the book is being built (``CSAT_BOOK_BUILD=1``)."""
    return os.environ.get("CSAT_BOOK_BUILD", "") == "1"


__all__ += ["in_book_build", "warning_html"]
