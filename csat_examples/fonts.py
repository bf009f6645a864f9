"""Make matplotlib draw Chinese labels.

Matplotlib's default font (DejaVu Sans) has no CJK glyphs: Chinese labels turn
into boxes and a ``Glyph ... missing`` warning is printed.  The setup command
installs Debian's ``fonts-noto-cjk``; on Windows or macOS an instructor can
``pip install mplfonts`` or point ``CSAT_CJK_FONT`` at any CJK font file.

Matplotlib caches its font list, so a font installed after the cache was made
is invisible to it.  :func:`cjk_rc` therefore registers the font *file*
directly with :meth:`matplotlib.font_manager.FontManager.addfont` instead of
relying on the cache.

Library charts wrap their drawing in ``matplotlib.rc_context(cjk_rc())`` so
they never depend on, or change, the caller's global settings.  A notebook
that draws its own figures calls :func:`use_cjk_font` once.
"""

from __future__ import annotations

import glob
import os
import warnings
from functools import lru_cache

__all__ = ["find_cjk_font", "cjk_rc", "use_cjk_font", "NoCJKFontError", "NoCJKFontWarning"]

#: Places a CJK font is looked for, first match wins.
_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK*.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK*.ttc",
    "/usr/share/fonts/**/NotoSansCJK*",
    "/usr/share/fonts/**/wqy-*.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class NoCJKFontError(RuntimeError):
    """No font with Chinese glyphs could be found on this machine."""


class NoCJKFontWarning(UserWarning):
    """Figures fall back to DejaVu Sans: English labels draw, Chinese ones show as boxes."""


@lru_cache(maxsize=None)
def find_cjk_font() -> tuple[str, str]:
    """Return ``(path, family)`` of a font that has Chinese glyphs.

    The environment variable ``CSAT_CJK_FONT`` (a font file) wins; then the
    usual system locations; then the fonts bundled by the ``mplfonts`` package.

    Raises
    ------
    NoCJKFontError
        If no such font exists, with the command that installs one.
    """
    from matplotlib import font_manager

    paths: list[str] = []
    if os.environ.get("CSAT_CJK_FONT"):
        paths.append(os.environ["CSAT_CJK_FONT"])
    for pattern in _CANDIDATES:
        paths.extend(sorted(glob.glob(pattern, recursive=True)))
    try:  # optional, portable fallback
        import mplfonts  # type: ignore[import-not-found]

        paths.extend(sorted(glob.glob(os.path.join(os.path.dirname(mplfonts.__file__), "**", "*CJK*"), recursive=True)))
    except ImportError:
        pass
    for path in paths:
        if os.path.isfile(path):
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
            return path, family
    raise NoCJKFontError(
        "No font with Chinese glyphs was found. Install one with "
        "'sudo apt-get install fonts-noto-cjk' (Debian/Ubuntu) or 'pip install mplfonts', "
        "or set CSAT_CJK_FONT to the path of a CJK font file."
    )


# Labels come from surveys and configs ("$5 fee", "$\\alpha$"): draw every text as written, never as
# mathtext, which would typeset it or fail on it.
_PLAIN_TEXT: dict[str, object] = {"text.parse_math": False}


def cjk_rc() -> dict[str, object]:
    """Matplotlib settings under which Chinese and English text both render.

    Use with ``matplotlib.rc_context(cjk_rc())``.  The families are named
    concretely in ``font.family`` (not the generic ``"sans-serif"``), because a
    generic family is resolved when a figure is *drawn*: a notebook or report
    that draws after the context has ended would otherwise lose the CJK font.

    Text is drawn as written (``text.parse_math`` off): a ``$`` in a
    survey's comment, cause or label is a dollar sign, not mathtext.

    Where no CJK font exists (JupyterLite's Pyodide, a bare container) the
    settings fall back to DejaVu Sans with a :class:`NoCJKFontWarning` that
    says how to install one: English figures still draw; Chinese labels would
    show as boxes.

    Examples
    --------
    >>> rc = cjk_rc()
    >>> rc["font.family"][-1]
    'DejaVu Sans'
    >>> rc["axes.unicode_minus"], rc["text.parse_math"]
    (False, False)
    """
    try:
        _, family = find_cjk_font()
    except NoCJKFontError as exc:
        warnings.warn(str(exc), NoCJKFontWarning, stacklevel=2)
        return {"font.family": ["DejaVu Sans"], "font.sans-serif": ["DejaVu Sans"], **_PLAIN_TEXT}
    families = [family, "DejaVu Sans"]
    return {
        "font.family": families,
        "font.sans-serif": families,
        # The CJK font has no U+2212 minus sign: use the ASCII hyphen.
        "axes.unicode_minus": False,
        **_PLAIN_TEXT,
    }


def use_cjk_font() -> str:
    """Apply :func:`cjk_rc` to matplotlib's global settings; return the family.

    Meant for the first cell of a notebook that draws its own figures.

    Examples
    --------
    The family is a CJK font if one is installed, else ``"DejaVu Sans"``
    (with a :class:`NoCJKFontWarning`); ``rc_context`` restores the settings:

    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     family = use_cjk_font()
    ...     matplotlib.rcParams["font.family"][0] == family
    True
    """
    import matplotlib

    rc = cjk_rc()
    matplotlib.rcParams.update(rc)
    return str(rc["font.family"][0])  # type: ignore[index]
