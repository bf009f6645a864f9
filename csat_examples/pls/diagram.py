"""Path diagrams of PLS models (matplotlib), labelled in English or Chinese."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .._deprecation import keyword_only
from ..errors import CsatInputError
from ..fonts import cjk_rc
from ..lang import Lang, check_lang
from ..terms import display_name
from .model import PlsModel
from .result import PlsResult

__all__ = ["path_diagram", "construct_label", "LAYOUT"]

#: Positions of the national-index constructs (the familiar ACSI/ECSI picture):
#: causes on the left, satisfaction in the middle, outcomes on the right.
LAYOUT: Mapping[str, tuple[float, float]] = {
    "image": (1.3, 1.75),
    "brand_image": (1.3, 1.75),
    "expectations": (0.0, 0.75),
    "expected_quality": (0.0, 0.75),
    "perceived_quality": (0.0, -0.95),
    "perceived_value": (1.3, -1.75),
    "satisfaction": (2.6, 0.0),
    "complaints": (3.9, -1.1),
    "loyalty": (3.9, 0.9),
}

# R plspm's abbreviations (the bank data) map onto the same constructs.
_ALIASES = {
    "imag": "image", "expe": "expectations", "qual": "perceived_quality", "val": "perceived_value",
    "sat": "satisfaction", "comp": "complaints", "loy": "loyalty",
}


def _key(construct: str) -> str:
    low = construct.lower()
    return _ALIASES.get(low, low)


def construct_label(construct: str, lang: Lang = "en") -> str:
    """Reader-facing name of a construct from the terms table (the name itself if absent).

    Examples
    --------
    >>> construct_label("perceived_value", "zh"), construct_label("SAT"), construct_label("speed")
    ('感知价值', 'Customer satisfaction', 'speed')
    """
    return display_name(construct, lang, key=f"pls_{_key(construct)}")


def _positions(model: PlsModel) -> dict[str, tuple[float, float]]:
    keys = {c: _key(c) for c in model.constructs}
    if all(k in LAYOUT for k in keys.values()) and len(set(keys.values())) == len(keys):
        pos = {c: LAYOUT[k] for c, k in keys.items()}
        if "complaints" not in keys.values() and "loyalty" in keys.values():
            c = next(c for c, k in keys.items() if k == "loyalty")
            pos[c] = (3.9, 0.0)
        return pos
    # Generic layered layout: column = longest chain of arrows into the construct.
    depth = model.depth()
    layers: dict[int, list[str]] = {}
    for c in model.constructs:
        layers.setdefault(depth[c], []).append(c)
    pos = {}
    for d, members in layers.items():
        offset = 0.6 * (1 if d % 2 else -1) if len(members) == 1 else 0.0
        for i, c in enumerate(members):
            pos[c] = (1.3 * d, (len(members) - 1) / 2 * 1.5 - 1.5 * i + offset)
    return pos


def _bend(a: np.ndarray, b: np.ndarray, others: list[np.ndarray]) -> float:
    """Curvature for the arrow a -> b: 0 unless it would run through another box."""
    ab = b - a
    normal = np.array([ab[1], -ab[0]])  # the side matplotlib's arc3 bends to for rad > 0
    for q in others:
        t = float(np.clip(np.dot(q - a, ab) / np.dot(ab, ab), 0, 1))
        if 0.05 < t < 0.95 and np.linalg.norm(a + t * ab - q) < 0.45:
            return -0.3 if np.dot(q - (a + b) / 2, normal) > 0 else 0.3
    return 0.0


def _coef_text(value: float) -> str:
    # Two decimals, but never "-0.00": a tiny coefficient keeps its sign and size.
    return f"{value:.2f}" if abs(value) >= 0.005 else f"{value:.3f}"


@keyword_only("lang")
def path_diagram(
    model: PlsModel | PlsResult,
    *,
    lang: Lang = "en",
    values: Mapping[str, float] | None = None,
    value_format: str = "{:.2f}",
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> Figure:
    """Draw a path model: constructs as boxes, arrows with path coefficients, R².

    Parameters
    ----------
    model : PlsModel or PlsResult
        A model draws its structure; a fitted result adds the path coefficient
        on each arrow and the R² under each endogenous construct.
    lang : {"en", "zh", "zh-Hant"}
        Language of the construct names (from the terms table).
    values : mapping construct -> float, optional
        A number to print inside each box (e.g. a brand's 0-100 scores).
    value_format : str
        Format of ``values``.
    labels : mapping construct -> str, optional
        Names that override the terms table.
    title : str, optional
        Figure title (default: the model's name).
    positions : mapping construct -> (x, y), optional
        Override the layout.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from csat_examples.pls import ACSI
    >>> fig = path_diagram(ACSI, lang="zh")
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text())[:2]
    ['感知价值', '感知质量']
    """
    lang = check_lang(lang)
    result = model if isinstance(model, PlsResult) else None
    spec = result.model if result is not None else model
    if not isinstance(spec, PlsModel):
        raise CsatInputError("model must be a PlsModel or a PlsResult", argument="model",
                             value=type(model).__name__, fix="pass a model spec or the result of fit_pls")
    pos = dict(_positions(spec))
    if positions:
        pos.update({c: tuple(p) for c, p in positions.items()})  # type: ignore[misc]
    r2 = result.r_squared() if result is not None else None
    coef = result.path_coefficients if result is not None else None
    rc = cjk_rc()
    # Text resolves "sans-serif" when drawn, i.e. after this context ends: name the fonts.
    family = rc["font.sans-serif"]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(9.5, 5.6), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        boxes = {}
        for c in spec.constructs:
            x, y = pos[c]
            text = (labels or {}).get(c) or construct_label(c, lang)
            if values is not None and c in values:
                text += "\n" + value_format.format(values[c])
            endogenous = c in spec.endogenous
            boxes[c] = ax.text(
                x, y, text, ha="center", va="center", fontsize=11, zorder=3, fontfamily=family,
                bbox=dict(boxstyle="round,pad=0.5", fc="#dbe9f6" if endogenous else "#f3f3f3",
                          ec="#2b5d8a" if endogenous else "#666666", lw=1.2),
            )
            if r2 is not None and endogenous:
                ax.text(x, y - 0.36, f"R² = {r2[c]:.2f}", ha="center", va="top", fontsize=9,
                        color="#2b5d8a", zorder=3, fontfamily=family)
        for a, b in spec.paths:
            pa, pb = np.array(pos[a], float), np.array(pos[b], float)
            others = [np.array(pos[c], float) for c in spec.constructs if c not in (a, b)]
            rad = _bend(pa, pb, others)
            ax.annotate(
                "", xy=pb, xytext=pa, zorder=2,
                arrowprops=dict(arrowstyle="-|>", color="#444444", lw=1.3, shrinkA=4, shrinkB=4,
                                patchA=boxes[a].get_bbox_patch(), patchB=boxes[b].get_bbox_patch(),
                                connectionstyle=f"arc3,rad={rad}"),
            )
            if coef is not None:
                mid = (pa + pb) / 2
                d = pb - pa
                normal = np.array([d[1], -d[0]]) / max(np.linalg.norm(d), 1e-9)
                spot = mid + normal * rad * np.linalg.norm(d) / 2
                ax.text(spot[0], spot[1], _coef_text(float(coef.loc[a, b])), ha="center", va="center", fontsize=9,
                        zorder=4, fontfamily=family, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
        ax.set_ylim(min(ys) - 0.75, max(ys) + 0.55)
        heading = title if title is not None else spec.name
        if result is not None and title is None and np.isfinite(result.gof):
            heading += f"  (GoF = {result.gof:.3f})"
        ax.set_title(heading, fontsize=12, fontfamily=family)
    return fig
