"""PLS path-model specifications as plain data.

A model is a set of *constructs* (latent variables), each measured by a
*block* of items (survey questions), plus the *paths* (arrows) between
constructs.  :class:`PlsModel` holds that description and nothing else; it
is checked (no cycle, every construct on a path, no item in two blocks) when it
is made, and its blocks are matched to a survey's columns by
:meth:`PlsModel.resolve`.

A block is either a list of item names or an item *prefix*: ``"sat"`` stands
for the columns ``sat1, sat2, ...`` (also ``sat_1`` or ``sat-1``), which is how
the national-index specifications in :mod:`csat_examples.pls.specs` name their
items so that they fit any survey that follows the naming.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import CsatInputError

__all__ = ["PlsModel", "model_from_dict", "Mode", "MODES"]

Mode = Literal["A", "B"]
#: Measurement modes: ``"A"`` reflective (items reflect the construct; weights
#: are covariances), ``"B"`` formative (items form the construct; weights are
#: multiple-regression coefficients).
MODES: tuple[str, ...] = ("A", "B")

_Block = tuple[str, ...] | str


def _natural_key(name: str) -> tuple[str, int, str]:
    # sat2 before sat10, so that item order never depends on the data's column order.
    match = re.fullmatch(r"(.*?)(\d+)", str(name))
    if match:
        return (match.group(1).rstrip("_-. "), int(match.group(2)), str(name))
    return (str(name), -1, "")


def _prefix_pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(re.escape(prefix) + r"[_\-. ]?\d+")


def _find_cycle(constructs: Sequence[str], paths: Sequence[tuple[str, str]]) -> list[str] | None:
    succ: dict[str, list[str]] = {c: [] for c in constructs}
    for a, b in paths:
        succ[a].append(b)
    state: dict[str, int] = {c: 0 for c in constructs}  # 0 new, 1 on stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in succ[node]:
            if state[nxt] == 1:
                return stack[stack.index(nxt):] + [nxt]
            if state[nxt] == 0:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for c in constructs:
        if state[c] == 0:
            found = visit(c)
            if found:
                return found
    return None


@dataclass(frozen=True)
class PlsModel:
    """A PLS path model: constructs, their item blocks, modes and paths.

    Make one with :func:`model_from_dict` (or use a ready specification such as
    :data:`~csat_examples.pls.specs.ECSI`); the constructor checks the model.

    Attributes
    ----------
    constructs : tuple of str
        Construct names, in the order results are reported.
    blocks : mapping str -> tuple of str or str
        Items of each construct, or an item prefix (see the module docstring).
    paths : tuple of (str, str)
        Arrows ``(from, to)`` of the inner (structural) model.
    modes : mapping str -> {"A", "B"}
        Measurement mode of each construct.
    name : str
        A short name (``"ECSI"``, ``"custom"``).

    Examples
    --------
    >>> m = model_from_dict({"quality": ["satisfaction"], "satisfaction": ["loyalty"]},
    ...                     {"quality": "q", "satisfaction": "s", "loyalty": ["l1", "l2"]})
    >>> m.constructs
    ('quality', 'satisfaction', 'loyalty')
    >>> m.predecessors("loyalty")
    ('satisfaction',)
    >>> m.endogenous
    ('satisfaction', 'loyalty')
    """

    constructs: tuple[str, ...]
    blocks: Mapping[str, _Block]
    paths: tuple[tuple[str, str], ...]
    modes: Mapping[str, str] = field(default_factory=dict)
    name: str = "custom"

    def __post_init__(self) -> None:
        constructs = tuple(str(c) for c in self.constructs)
        if len(constructs) < 2:
            raise CsatInputError(
                "a path model needs at least two constructs", argument="model",
                value=constructs, fix="declare two or more constructs and a path between them",
            )
        if len(set(constructs)) != len(constructs):
            dup = next(c for c in constructs if constructs.count(c) > 1)
            raise CsatInputError("construct declared twice", argument="model", value=dup,
                                 fix="give each construct one block")
        blocks: dict[str, _Block] = {}
        for c in constructs:
            if c not in self.blocks:
                raise CsatInputError(f"construct {c!r} has no block of items", argument="blocks",
                                     value=c, fix="give every construct a list of items or an item prefix")
            raw = self.blocks[c]
            if isinstance(raw, str):
                blocks[c] = raw
            else:
                items = tuple(raw)
                if not items:
                    raise CsatInputError(f"construct {c!r} has an empty block", argument="blocks",
                                         value=c, fix="list at least one item")
                blocks[c] = items
        extra = [c for c in self.blocks if c not in constructs]
        if extra:
            raise CsatInputError("block for a construct that is not in the model", argument="blocks",
                                 value=extra[0], fix=f"use one of {list(constructs)!r}")
        modes: dict[str, str] = {}
        for c in constructs:
            mode = str(self.modes.get(c, "A")).upper()
            if mode not in MODES:
                raise CsatInputError(f"unknown measurement mode for {c!r}", argument="modes",
                                     value=self.modes.get(c), fix="use 'A' (reflective) or 'B' (formative)")
            modes[c] = mode
        bad_modes = [c for c in self.modes if c not in constructs]
        if bad_modes:
            raise CsatInputError("mode given for an unknown construct", argument="modes",
                                 value=bad_modes[0], fix=f"use one of {list(constructs)!r}")
        paths: list[tuple[str, str]] = []
        for p in self.paths:
            a, b = (str(p[0]), str(p[1]))
            for end in (a, b):
                if end not in constructs:
                    raise CsatInputError("path names an unknown construct", argument="paths",
                                         value=f"{a} -> {b}", fix=f"declare {end!r} with a block of items")
            if a == b:
                raise CsatInputError("a construct cannot point at itself", argument="paths",
                                     value=f"{a} -> {b}", fix="remove the path")
            if (a, b) not in paths:
                paths.append((a, b))
        cycle = _find_cycle(constructs, paths)
        if cycle:
            raise CsatInputError(
                "the paths make a cycle: " + " -> ".join(cycle), argument="paths",
                value=" -> ".join(cycle),
                fix="PLS path models must be recursive: remove one arrow of the cycle",
            )
        on_path = {x for p in paths for x in p}
        lonely = [c for c in constructs if c not in on_path]
        if lonely:
            raise CsatInputError(f"construct {lonely[0]!r} is on no path", argument="paths",
                                 value=lonely[0], fix="connect it to another construct or drop it")
        seen: dict[str, str] = {}
        for c, b in blocks.items():
            if isinstance(b, str):
                continue
            for item in b:
                if item in seen:
                    raise CsatInputError(f"item {item!r} is in two blocks ({seen[item]!r} and {c!r})",
                                         argument="blocks", value=item,
                                         fix="measure each construct with its own items")
                seen[item] = c
        object.__setattr__(self, "constructs", constructs)
        object.__setattr__(self, "blocks", MappingProxyType(blocks))
        object.__setattr__(self, "paths", tuple(paths))
        object.__setattr__(self, "modes", MappingProxyType(modes))

    # -- structure -----------------------------------------------------------------
    def predecessors(self, construct: str) -> tuple[str, ...]:
        """Constructs with an arrow into ``construct``, in construct order."""
        froms = {a for a, b in self.paths if b == construct}
        return tuple(c for c in self.constructs if c in froms)

    def successors(self, construct: str) -> tuple[str, ...]:
        """Constructs that ``construct`` points at, in construct order."""
        tos = {b for a, b in self.paths if a == construct}
        return tuple(c for c in self.constructs if c in tos)

    @property
    def endogenous(self) -> tuple[str, ...]:
        """Constructs explained by others (at least one arrow in)."""
        return tuple(c for c in self.constructs if self.predecessors(c))

    @property
    def exogenous(self) -> tuple[str, ...]:
        """Constructs with no arrow in."""
        return tuple(c for c in self.constructs if not self.predecessors(c))

    def path_matrix(self) -> pd.DataFrame:
        """0/1 matrix with ``1`` at ``[from, to]`` for every arrow.

        Note the orientation: rows are sources.  (R plspm's ``path_matrix`` is
        the transpose: rows are the explained constructs.)
        """
        idx = {c: i for i, c in enumerate(self.constructs)}
        mat = np.zeros((len(idx), len(idx)), dtype=int)
        for a, b in self.paths:
            mat[idx[a], idx[b]] = 1
        return pd.DataFrame(mat, index=list(self.constructs), columns=list(self.constructs))

    def depth(self) -> dict[str, int]:
        """Length of the longest chain of arrows leading to each construct."""
        out: dict[str, int] = {}

        def d(c: str) -> int:
            if c not in out:
                out[c] = max((d(p) + 1 for p in self.predecessors(c)), default=0)
            return out[c]

        for c in self.constructs:
            d(c)
        return out

    # -- blocks ----------------------------------------------------------------------
    def resolve(self, columns: Iterable[Hashable], argument: str = "data") -> PlsModel:
        """Return the model with every item prefix replaced by the matching columns.

        Items are put in natural order (``q2`` before ``q10``) so that results do
        not depend on the order of the data's columns.

        Raises
        ------
        CsatInputError
            If a listed item is not a column, or a prefix matches no column.

        Examples
        --------
        >>> m = model_from_dict([("x", "y")], {"x": "x", "y": ["y1"]})
        >>> dict(m.resolve(["y1", "x10", "x2", "other"]).blocks)
        {'x': ('x2', 'x10'), 'y': ('y1',)}
        """
        cols = [str(c) for c in columns]
        present = set(cols)
        blocks: dict[str, tuple[str, ...]] = {}
        for c, b in self.blocks.items():
            if isinstance(b, str):
                pattern = _prefix_pattern(b)
                found = sorted((col for col in cols if pattern.fullmatch(col)), key=_natural_key)
                if not found:
                    raise CsatInputError(
                        f"no column matches the item prefix of construct {c!r}", argument=argument,
                        value=b, fix=f"name the items {b}1, {b}2, ... or give the block as a list of columns",
                    )
                blocks[c] = tuple(found)
            else:
                for item in b:
                    if item not in present:
                        raise CsatInputError(
                            f"unknown item in the block of {c!r}", argument=argument, column=item,
                            value=item, fix="use one of the data's columns or correct the model",
                        )
                blocks[c] = tuple(b)
        return replace(self, blocks=blocks)

    def items(self) -> tuple[str, ...]:
        """All items, block by block (after :meth:`resolve`)."""
        out: list[str] = []
        for c in self.constructs:
            b = self.blocks[c]
            if isinstance(b, str):
                raise CsatInputError(f"block of {c!r} is still a prefix", argument="model", value=b,
                                     fix="call model.resolve(data.columns) first")
            out.extend(b)
        return tuple(out)

    def with_blocks(self, blocks: Mapping[str, Sequence[str] | str]) -> PlsModel:
        """Copy of the model with some blocks replaced (e.g. your own item names)."""
        merged = dict(self.blocks)
        for c, b in blocks.items():
            if c not in merged:
                raise CsatInputError("block for a construct that is not in the model", argument="blocks",
                                     value=c, fix=f"use one of {list(self.constructs)!r}")
            merged[c] = b if isinstance(b, str) else tuple(b)
        return replace(self, blocks=merged)

    def drop(self, *constructs: str) -> PlsModel:
        """Copy of the model without some constructs (and their paths).

        Examples
        --------
        >>> from csat_examples.pls.specs import ECSI
        >>> ECSI.drop("complaints").constructs
        ('image', 'expectations', 'perceived_quality', 'perceived_value', 'satisfaction', 'loyalty')
        """
        for c in constructs:
            if c not in self.constructs:
                raise CsatInputError("cannot drop an unknown construct", argument="constructs",
                                     value=c, fix=f"use one of {list(self.constructs)!r}")
        keep = tuple(c for c in self.constructs if c not in constructs)
        return PlsModel(
            constructs=keep,
            blocks={c: self.blocks[c] for c in keep},
            paths=tuple(p for p in self.paths if p[0] in keep and p[1] in keep),
            modes={c: self.modes[c] for c in keep},
            name=f"{self.name} without {', '.join(constructs)}",
        )


def model_from_dict(
    paths: Mapping[str, Sequence[str] | str] | Iterable[tuple[str, str]],
    blocks: Mapping[str, Sequence[str] | str],
    modes: Mapping[str, str] | str | None = None,
    *,
    name: str = "custom",
) -> PlsModel:
    """Declare a PLS path model from plain Python data.

    Parameters
    ----------
    paths : mapping or iterable of pairs
        Either ``{from: [to, ...]}`` or ``[(from, to), ...]``.
    blocks : mapping
        ``{construct: [item, ...]}`` or ``{construct: "prefix"}`` (the prefix
        matches the columns ``prefix1, prefix2, ...``).  The order of this
        mapping is the order of the results.
    modes : mapping or str, optional
        ``{construct: "A" | "B"}``; constructs not named are reflective (``"A"``).
        A single string sets every construct.
    name : str
        Shown in results and diagrams.

    Returns
    -------
    PlsModel

    Raises
    ------
    CsatInputError
        For a cycle (the message names it), an unknown construct on a path, a
        construct on no path, an item in two blocks, or an unknown mode.

    Examples
    --------
    >>> m = model_from_dict({"image": ["satisfaction"], "value": "satisfaction"},
    ...                     {"image": "imag", "value": "val", "satisfaction": "sat"})
    >>> m.paths
    (('image', 'satisfaction'), ('value', 'satisfaction'))
    >>> model_from_dict({"a": ["b"], "b": ["c"], "c": ["a"]}, {"a": "a", "b": "b", "c": "c"})
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: paths: the paths make a cycle: a -> b -> c -> a (value 'a -> b -> c -> a'). Fix: PLS path models must be recursive: remove one arrow of the cycle.
    """
    if isinstance(paths, Mapping):
        pairs: list[tuple[str, str]] = []
        for a, targets in paths.items():
            for b in [targets] if isinstance(targets, str) else targets:
                pairs.append((a, b))
    else:
        pairs = []
        for p in paths:
            if isinstance(p, str) or len(p) != 2:
                raise CsatInputError("a path must be a (from, to) pair", argument="paths", value=p,
                                     fix="write paths as [('image', 'satisfaction'), ...] or {'image': ['satisfaction']}")
            pairs.append((p[0], p[1]))
    if isinstance(modes, str):
        modes = {c: modes for c in blocks}
    return PlsModel(constructs=tuple(blocks), blocks=dict(blocks), paths=tuple(pairs),
                    modes=dict(modes or {}), name=name)
