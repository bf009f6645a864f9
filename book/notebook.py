"""One set-up for every chapter notebook: language, fonts, figures, tables and glued values.

Each chapter starts with a two-line cell (tagged ``remove-cell``)::

    from book.notebook import setup
    ch = setup("ch03-rate-vs-degree")

and then uses ``ch``: ``ch.lang`` is the edition's language (``"en"``,
``"zh"`` or ``"zh-Hant"``), ``ch.label(key)`` a label from the terms table in
that language, ``ch.glue(name, value)`` makes a computed value available to
the text (``{glue:text}`ch03_name:.1f```), ``ch.table(frame)`` shows a
DataFrame as a plain HTML table, ``ch.figure(fig)`` hands a finished figure to
the page, and ``ch.calculator(name)`` shows a calculator (a static result with
"Run live" links in the book, the live app in a kernel).

The language comes from the call (the book build writes
``setup("ch03-rate-vs-degree", lang="zh")`` into each edition's copy of the
chapter, so a downloaded notebook keeps its language), else from the
environment variable ``CSAT_LANG``, else English.
"""

from __future__ import annotations

import hashlib
import html
import os
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csat_examples.lang import Lang, check_lang, pick
from csat_examples.terms import label as _label

__all__ = ["Chapter", "setup", "FIGURE_DPI", "LANG_VARIABLE", "TEXT_SIZE_KEY", "smallest_text_px", "figure_png"]

#: The environment variable a build sets to the edition's language.
LANG_VARIABLE = "CSAT_LANG"
#: Resolution of the chapters' figures: the library's own charts are drawn at 100 dpi too.
FIGURE_DPI = 100


@dataclass(frozen=True)
class Chapter:
    """What a chapter's code cells need: its name, its language and a few display helpers.

    Examples
    --------
    >>> ch = Chapter("ch03-rate-vs-degree", "zh-Hant")
    >>> ch.label("satisfaction_rate"), ch.pick("Building", "楼栋"), ch.short
    ('滿意率', '樓棟', 'ch03')
    """

    name: str
    lang: Lang = "en"

    @property
    def short(self) -> str:
        """The page's short name (``ch03``): the prefix of its glued values."""
        return self.name.split("-", 1)[0]

    def live_links(self) -> Any:
        """The "Run live" and download links of this page's notebook in the book's JupyterLite site.

        Examples
        --------
        >>> Chapter("ch03-rate-vs-degree", "zh").live_links().run
        '../../lite/lab/index.html?path=zh-hans/ch03-rate-vs-degree.ipynb'
        """
        from widgets import LiveLinks

        from .editions import SITE_FROM_PAGE, edition
        from .lite import serves_pyodide

        notebook = f"{edition(self.lang).folder}/{self.name}.ipynb"
        return LiveLinks(run=f"{SITE_FROM_PAGE}/lite/lab/index.html?path={notebook}",
                         notebook=f"{SITE_FROM_PAGE}/lite/files/{notebook}",
                         needs_internet=not serves_pyodide(os.environ))

    def calculator(self, name: str, **options: Any) -> None:
        """Show calculator ``name`` in the chapter's language (see :func:`widgets.show`)."""
        from widgets import show

        show(name, lang=self.lang, links=self.live_links(), phone=phone_png, **options)

    def label(self, key: str) -> str:
        """The terms-table label of ``key`` in the chapter's language."""
        return _label(key, self.lang)

    def pick(self, en: str, zh: str) -> str:
        """Of an English and a Simplified-Chinese text (data values, not prose), the one to show."""
        return pick(en, zh, self.lang)

    def glue(self, name: str, value: Any) -> None:
        """Make ``value`` available to the text as ``{glue:text}`name```.

        numpy scalars become plain Python numbers so that format specs such as
        ``:.1f`` work.  Names must start with the chapter's name, so two
        chapters never glue the same name.
        """
        if not name.startswith(f"{self.short}_"):
            raise ValueError(f"glue name {name!r} must start with {self.short + '_'!r}")
        try:
            from myst_nb import glue
        except ImportError:  # a notebook outside the book (JupyterLite): its text holds the numbers
            return

        glue(name, value.item() if isinstance(value, np.generic) else value, display=False)

    def table(self, frame: pd.DataFrame, formats: Mapping[Hashable, str] | None = None,
              headers: Mapping[Hashable, str] | None = None, wrap: Sequence[Hashable] = ()) -> Any:
        """A DataFrame as a plain HTML table: no index, no raw repr, blanks as a dash.

        Parameters
        ----------
        frame : pandas.DataFrame
            What to show; not modified.
        formats : mapping column -> format string, optional
            E.g. ``{"rate": "{:.1f}"}``; other numbers get two decimals.
        headers : mapping column -> terms key, optional
            Column headers to show, looked up in the terms table in the
            chapter's language (a column not listed keeps its own name, which
            should then be data, such as a building name).
        wrap : columns whose cells may wrap
            Other columns keep each cell on one line (Chinese labels would
            otherwise break after every character in a narrow column).

        Examples
        --------
        >>> frame = pd.DataFrame({"rate": [37.2], "level": ["满意"]})
        >>> html = Chapter("ch03", "zh").table(frame, {"rate": "{:.1f}"},
        ...                                    headers={"rate": "satisfaction_rate"}).data
        >>> "满意率" in html and "37.2" in html and "<th" in html
        True
        """
        from IPython.display import HTML

        renamed = {column: self.label(key) for column, key in (headers or {}).items()}
        shown = frame.rename(columns=renamed)
        styler = shown.style.hide(axis="index").format(precision=2, na_rep="—")
        if formats:
            styler = styler.format({renamed.get(k, k): v for k, v in formats.items()}, na_rep="—")
        kept_whole = [c for c in shown.columns if c not in {renamed.get(k, k) for k in wrap}]
        if kept_whole:
            styler = styler.set_properties(subset=kept_whole, **{"white-space": "nowrap"})
        return HTML(styler.set_table_attributes('class="table"').to_html())

    def figure(self, draw: Any) -> Any:
        """Hand a figure to the page: a finished Figure, or a function ``draw(layout)`` that draws one.

        ``layout`` is ``"wide"`` (the page's column, about 690 px) or
        ``"narrow"`` (a phone, 390 px, text of at least 9 px at that width); a finished
        Figure gets its narrow variant from :func:`fit_for_phone`.
        While the book is built, a ``draw`` function is called for both: the
        wide figure is displayed and the narrow one saved where the build says
        (``CSAT_NARROW_FIGURES``), and the book turns the pair into one
        responsive picture (``<picture>``, the narrow one on small screens).  Each is displayed as a PNG that records the height of
        its smallest text in pixels (:data:`TEXT_SIZE_KEY`), so that a browser
        test can check what a reader sees.  In a live notebook only the wide
        figure is drawn, as a plain matplotlib figure.
        """
        import matplotlib.pyplot as plt

        if os.environ.get("CSAT_BOOK_BUILD") != "1":
            fig = draw("wide") if callable(draw) else draw
            plt.close(fig)  # pyplot keeps no reference; the page shows the returned figure once
            return fig
        wide = draw("wide") if callable(draw) else draw
        plt.close(wide)
        image = figure_png(wide)
        folder = os.environ.get("CSAT_NARROW_FIGURES")
        if folder:
            # a finished figure has been saved wide; it is then refitted for a phone in place
            # every phone variant goes through fit_for_phone: a chart's own narrow layout is kept, a
            # drawing that ignores `layout` is refitted, and no text is left under 9 pt
            narrow = fit_for_phone(draw("narrow") if callable(draw) else wide)
            plt.close(narrow)
            # saved under the name the book gives the wide image (the sha256 of its PNG), so that
            # the book's extension can pair the two into one <picture>
            target = Path(folder) / f"{hashlib.sha256(image.data).hexdigest()}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(figure_png(narrow).data)
        return image

    def chart(self, function: Any, *args: Any, **options: Any) -> Any:
        """A library chart (``charts.distribution_chart`` ...) drawn in the chapter's language.

        Examples
        --------
        >>> import pandas as pd
        >>> from csat_examples import charts, rate
        >>> dist = rate.level_distribution(pd.Series(["满意", "很满意", "一般"]), scale="7-level")
        >>> fig = Chapter("ch03-rate-vs-degree", "zh-Hant").chart(charts.distribution_chart, dist)
        >>> fig.axes[0].get_title()
        '各滿意等級的答案分佈'
        """
        import inspect

        if "layout" in inspect.signature(function).parameters:
            return self.figure(lambda layout: function(*args, lang=self.lang, layout=layout, **options))

        def draw(layout: str) -> Any:
            fig = function(*args, lang=self.lang, **options)
            return fit_for_phone(fig) if layout == "narrow" else fig

        return self.figure(draw)

    def quiz(self) -> None:
        """Show this chapter's self-assessment in the chapter's language."""
        from .quizzes import show_quiz

        show_quiz(self.short, lang=self.lang)

    def survey_notes(self, missing: Sequence[str], parts: Sequence[str]) -> Any:
        """Show the page's "not asked in this survey" notes of the ``missing`` parts only.

        A section that needs something the organisation's survey did not ask
        (expectations, importance, complaint causes ...) shows the bundled
        example instead, under a note written in the chapter's text (so it is
        translated with the page) as an admonition with the classes
        ``csat-not-asked csat-needs-<part>``.  The text cannot be left out at
        run time, so the notes of the parts the survey has are hidden by a
        style sheet: this call's output, in a ``remove-input`` cell.

        Examples
        --------
        >>> Chapter("ch07-management").survey_notes(["cause"], ["cause", "period"]).data
        '<style>.csat-needs-period{display:none}</style>'
        """
        from IPython.display import HTML

        present = [p for p in parts if p not in missing]
        hide = ",".join(f".csat-needs-{p}" for p in present)
        return HTML(f"<style>{hide}{{display:none}}</style>" if hide else "")

    def html(self, text: str) -> Any:
        """Escaped text as an HTML output (for a computed sentence outside a paragraph)."""
        from IPython.display import HTML

        return HTML(f"<p>{html.escape(text)}</p>")


#: The PNG text chunk that records the height of a figure's smallest text, in image pixels.
TEXT_SIZE_KEY = "csat:min-text-px"


#: A phone variant's width in inches: shown about 358 CSS px wide on a 390-px phone.
PHONE_WIDTH_IN = 4.0
#: Its smallest text in points: 9 pt at 4 in shown 358 px wide is 11 px, so the text stays above
#: 9 px even when labels or a legend outside the axes widen the saved image by a quarter.
PHONE_MIN_PT = 9.0
#: The widest a saved phone image may be (tight bounding box): 9 pt text then stays above 9 px.
PHONE_SAVED_MAX_IN = 4.4


def fit_for_phone(fig: Any) -> Any:
    """Redraw a wide figure as a phone variant: 4 in wide, at least 3 in tall, no text under 9 pt.

    For charts that have no phone layout of their own.  The layout engine (constrained, or
    tight for figures drawn without one) re-places the axes around the larger text; a legend
    beside the axes moves under them; x tick labels that would collide turn, and if they still
    collide only every other one is kept.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(8, 3))
    >>> ax = fig.add_subplot()
    >>> _ = ax.bar(["cleaning", "security", "repairs", "greening", "parking", "fees"], [1, 2, 3, 4, 5, 6])
    >>> ax.tick_params(labelsize=7)
    >>> fit_for_phone(fig) is fig, [float(v) for v in fig.get_size_inches()], smallest_text_px(fig) >= 12.5
    (True, [4.0, 3.0], True)
    >>> _x_labels_collide(ax)
    False
    """
    from matplotlib.text import Text

    width, height = fig.get_size_inches()
    # a figure already drawn at phone width (a chart's or a chapter's own narrow layout) keeps it
    refit = width > PHONE_WIDTH_IN * 1.05
    if refit:
        fig.set_size_inches(PHONE_WIDTH_IN, max(height, PHONE_WIDTH_IN * 0.75))
        # tight layout only for grid axes: it cannot place axes put by hand (and warns)
        if fig.get_layout_engine() is None and all(ax.get_subplotspec() is not None for ax in fig.axes):
            fig.set_layout_engine("tight")
    constrained = type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    for ax in fig.axes if refit else ():
        legend = ax.get_legend()
        if legend is not None and legend._bbox_to_anchor is not None:
            handles, labels = legend.legend_handles, [t.get_text() for t in legend.get_texts()]
            legend.remove()
            where = {"loc": "outside lower center"} if constrained else {"loc": "lower center",
                                                                         "bbox_to_anchor": (0.5, -0.02)}
            fig.legend(handles, labels, ncols=min(len(labels), 3), frameon=False, **where)
    for text in fig.findobj(Text):
        if text.get_fontsize() < PHONE_MIN_PT:
            text.set_fontsize(PHONE_MIN_PT)
        if text.get_bbox_patch() is not None and len(text.get_text()) > 12:
            # a boxed name in a diagram (its node) goes on two lines, so neighbours do not collide
            text.set_text(_two_lines(text.get_text()))
    for ax in fig.axes:
        if ax.xaxis.get_visible() or ax.yaxis.get_visible():
            ax.tick_params(labelsize=PHONE_MIN_PT)
        if _x_labels_collide(ax) or _too_wide(fig):
            ticks = ax.get_xticklabels()
            for tick in ticks:
                tick.set_rotation(45 if len(ticks) <= 6 else 90)
                tick.set_horizontalalignment("right" if len(ticks) <= 6 else "center")
            if _x_labels_collide(ax) or _too_wide(fig):
                for tick in ticks:
                    tick.set_rotation(90)
                    tick.set_horizontalalignment("center")
            # categories keep every name; only a long run of periods is thinned
            if len(ticks) > 8 and _x_labels_collide(ax):
                for k, tick in enumerate(ticks):
                    tick.set_visible(k % 2 == 0)
    for ax in fig.axes:  # long titles and category names beside a horizontal chart go on two lines
        if len(ax.get_title()) > 30:
            ax.set_title(_two_lines(ax.get_title()))
        names = [t.get_text() for t in ax.get_yticklabels()]
        wrapped = [_two_lines(n) if len(n) > 18 else n for n in names]
        if wrapped != names:
            ax.set_yticks(ax.get_yticks(), wrapped)
    # text outside the axes widens the saved (tight) image, which the phone then shrinks: narrow
    # the figure until the saved image is about the phone width (a constrained layout already keeps
    # its text inside the figure, and shrinking it further would collapse the axes)
    constrained = type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    for _ in range(0 if constrained else 3):
        fig.draw_without_rendering()
        saved = fig.get_tightbbox().width
        if saved <= PHONE_SAVED_MAX_IN:
            break
        width, height = fig.get_size_inches()
        fig.set_size_inches(max(2.5, width - (saved - PHONE_WIDTH_IN)), height)
    return fig


def _two_lines(label: str) -> str:
    """``label`` broken at the space nearest its middle (unchanged without a space or if already broken).

    Examples
    --------
    >>> _two_lines("Customer satisfaction"), _two_lines("满意度"), _two_lines("a\\nb c")
    ('Customer\\nsatisfaction', '满意度', 'a\\nb c')
    """
    if " " not in label or "\n" in label:
        return label
    middle = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - len(label) / 2))
    return label[:middle] + "\n" + label[middle + 1:]


def _too_wide(fig: Any) -> bool:
    """Whether the saved (tight) image would be over a quarter wider than the phone width."""
    fig.draw_without_rendering()
    return fig.get_tightbbox().width > PHONE_SAVED_MAX_IN


def _x_labels_collide(ax: Any) -> bool:
    """Whether any two visible x tick labels of ``ax`` overlap as drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # a plain Figure's canvas cannot measure text
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    return any(a.x1 > b.x0 + 1 for a, b in zip(boxes, boxes[1:]))


def smallest_text_px(fig: Any, dpi: float = FIGURE_DPI) -> float:
    """Height in pixels, at ``dpi``, of the smallest visible text of a matplotlib figure (0 if none).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); ax = fig.add_subplot(); _ = ax.set_title("t", fontsize=12)
    >>> ax.tick_params(labelsize=9)
    >>> smallest_text_px(fig)
    12.5
    """
    from matplotlib.text import Text

    fig.draw_without_rendering()  # tick labels get their text only when the figure is laid out
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]
    return round(min(sizes) * dpi / 72, 1) if sizes else 0.0


def figure_png(fig: Any) -> Any:
    """The figure as an IPython PNG image that records :func:`smallest_text_px` (tEXt chunk)."""
    import io

    from IPython.display import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI, bbox_inches="tight",
                metadata={TEXT_SIZE_KEY: f"{smallest_text_px(fig):.1f}"})
    return Image(data=buf.getvalue(), format="png")


def phone_png(fig: Any) -> bytes:
    """A calculator's figure refitted for a phone (:func:`fit_for_phone`), as PNG bytes.

    The book shows it instead of the wide figure on small screens; like every
    figure of the book it records the height of its smallest text.
    """
    return figure_png(fit_for_phone(fig)).data


def setup(name: str, lang: str | None = None) -> Chapter:
    """Prepare a chapter notebook and return its :class:`Chapter`.

    Chooses a font that has Chinese glyphs, draws figures inline at
    :data:`FIGURE_DPI` with a tight bounding box, and reads the language.

    Examples
    --------
    >>> setup("ch03-rate-vs-degree", lang="zh-TW").lang
    'zh-Hant'
    """
    import matplotlib.pyplot as plt

    from csat_examples.fonts import use_cjk_font

    code = check_lang(lang if lang is not None else os.environ.get(LANG_VARIABLE, "en"))
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is a dependency of the book
        shell = None
    if shell is not None:
        # The library's charts are plain matplotlib Figures (not pyplot's): the inline backend,
        # turned on explicitly, displays the first of them even before any pyplot figure exists.
        shell.run_line_magic("matplotlib", "inline")
    use_cjk_font()
    plt.rcParams.update({"figure.dpi": FIGURE_DPI, "savefig.bbox": "tight"})
    # An old argument name would print its DeprecationWarning on the page and the slides:
    # a chapter must use the library's current names, so the cell fails instead.
    warnings.filterwarnings("error", message=r"csat_examples\.", category=DeprecationWarning)
    return Chapter(name, code)
