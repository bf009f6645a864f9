"""PNG bytes of a figure: the one encoder of the report and the calculators.

The library's charts draw themselves once, inside their font settings
(:func:`~csat_examples.charts.style.finish`); their pixels are encoded as
they are instead of drawing the whole figure a second time.  Any other
figure is drawn here, under the CJK fonts where it has Chinese text.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from .style import font_rc

__all__ = ["canvas_png", "figure_png", "has_cjk", "REPORT_COMPRESSION"]

#: zlib level of the PNGs that are kept (the report's): charts are flat colours, which the fast
#: levels (1-3) pack almost as tightly as PIL's default 6 (a report's eleven charts: 7 % more
#: bytes, 0.04 s less of 0.13 s).
REPORT_COMPRESSION = 3


def canvas_png(canvas: Any, compress_level: int = 1) -> bytes:
    """PNG of the pixels an Agg canvas holds now.

    ``compress_level`` is zlib's 0-9: 1 (fast) for a calculator's PNGs, which
    live a few seconds; 3 for a report that is kept (see :data:`REPORT_COMPRESSION`).
    A figure on an opaque background is written without its alpha channel,
    always 255 there: a quarter fewer bytes to filter and compress.

    Examples
    --------
    >>> from PIL import Image
    >>> from csat_examples.charts.style import finish, new_figure
    >>> fig = finish(new_figure(2, 1))
    >>> Image.open(io.BytesIO(canvas_png(fig.canvas))).mode
    'RGB'
    >>> fig.patch.set_alpha(0.0)
    >>> Image.open(io.BytesIO(canvas_png(finish(fig).canvas))).mode
    'RGBA'
    """
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if _opaque(canvas.figure):
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


def _opaque(fig: Figure) -> bool:
    """Whether every pixel of ``fig`` is opaque: its background is (Agg paints on it)."""
    patch = fig.patch
    return bool(patch.get_visible() and patch.get_facecolor()[3] == 1.0)


def has_cjk(fig: Figure) -> bool:
    """Whether any text of ``fig`` has a CJK character (drawing with the large CJK font is slower).

    Examples
    --------
    >>> fig = Figure()
    >>> _ = fig.suptitle("满意率")
    >>> has_cjk(fig), has_cjk(Figure())
    (True, False)
    """
    return any(any(ord(ch) >= 0x2E80 for ch in t.get_text()) for t in fig.findobj(Text))


def _is_drawn(fig: Figure, dpi: float) -> bool:
    """Whether an Agg canvas holds ``fig`` rendered as it is now, at ``dpi``."""
    canvas = fig.canvas
    renderer = getattr(canvas, "renderer", None)
    return (isinstance(canvas, FigureCanvasAgg) and renderer is not None and not fig.stale and fig.dpi == dpi
            and (int(renderer.width), int(renderer.height)) == tuple(int(v) for v in fig.bbox.size))


def figure_png(fig: Figure, *, dpi: float = 100, rc: Mapping[str, object] | None = None,
               compress_level: int = REPORT_COMPRESSION) -> bytes:
    """PNG bytes of ``fig`` at ``dpi``, from its pixels if it is drawn already.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : float
        Resolution; a figure drawn at another one is drawn again.
    rc : mapping, optional
        rcParams to draw a figure that is not drawn yet under; default: the
        CJK fonts where the figure has Chinese text, else none.
    compress_level : int
        zlib level, see :func:`canvas_png`.

    Examples
    --------
    >>> from csat_examples.charts.style import finish, new_figure
    >>> fig = new_figure(2, 1)
    >>> figure_png(fig)[:8] == figure_png(finish(fig))[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if _is_drawn(fig, dpi):
        return canvas_png(fig.canvas, compress_level)
    buf = io.BytesIO()
    # The whole figure whatever a notebook set globally (the book's set-up saves with a tight box).
    fonts = dict(rc) if rc is not None else font_rc() if has_cjk(fig) else {}
    with matplotlib.rc_context({"savefig.bbox": "standard", **fonts}):
        fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": compress_level})
    return buf.getvalue()
