"""Hierarchical weighted index: an indicator tree of any depth with weights at each level.

A satisfaction index is often built from a tree of indicators: the overall
index is a weighted sum of level-2 indicators (product quality, sales
quality, ...), each of which is a weighted sum of level-3 indicators
(reliability, ease of use, ...), and so on.  Siblings' weights sum to 1, so a
leaf's weight in the total (its *global* weight) is the product of the local
weights on its path from the root, and the total is
:math:`\\sum_{\\text{leaves}} g_\\ell x_\\ell`.

The result reports every node's score and contribution in a tidy table, so a
chart can show where the points come from.

A tree is given either as a nested dict::

    {"X21": {"weight": 0.30, "children": {"X311": 0.40, "X312": 0.20, "X313": 0.40}},
     "X22": {"weight": 0.70, "children": {...}}}

(the top level holds the children of an implicit root; a leaf is
``name: weight`` and its name is an item column), or as a tidy DataFrame
with columns ``node, parent, weight`` (the root's children have a blank
parent: ``None``, ``NaN`` or ``""``; other columns are ignored), as
``csat_examples.datasets.load("hierarchical_weights")`` returns.

References
----------
Seed 001, 2.1 简易测量方法: Y = 0.30·X21 + 0.30·X22 + 0.10·X23 + 0.15·X24 + 0.15·X25,
each level-2 indicator weighting its level-3 indicators (e.g. product quality:
reliability 0.40, ease of use 0.20, features 0.40).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .degree import _weighted_rows
from ._deprecation import renamed
from .errors import CsatInputError
from .validation import Exclusions, check_weights, require_columns, require_finite

__all__ = ["HierarchyResult", "hierarchical_index", "tree_leaves", "tree_to_frame", "frame_to_tree", "NODE_COLUMNS"]

#: Columns of :attr:`HierarchyResult.nodes`.
NODE_COLUMNS: tuple[str, ...] = ("node", "parent", "depth", "local_weight", "global_weight", "score", "contribution")


@dataclass(frozen=True)
class HierarchyResult:
    """Result of :func:`hierarchical_index`.

    Attributes
    ----------
    total : float
        The index: sum of the root's children's contributions.
    nodes : pandas.DataFrame
        One row per node, parents before children (depth-first), columns
        ``node, parent, depth, local_weight, global_weight, score,
        contribution``.  ``parent`` is None for the root's children, ``depth``
        is 1 for them.  A leaf's score is its item score (item mean for a
        DataFrame); an inner node's score is the weighted mean of its
        children's.  ``contribution = global_weight × score``, which for an
        inner node equals the sum of its leaves' contributions.
    per_respondent : pandas.Series or None
        Each respondent's total (DataFrame input), named ``"index"``.
    excluded : Exclusions
        Respondents left out (blank scores with ``missing="exclude"``).
    """

    total: float
    nodes: pd.DataFrame
    per_respondent: pd.Series | None
    excluded: Exclusions = field(default_factory=Exclusions.none)

    def __float__(self) -> float:
        return self.total


@dataclass
class _Node:
    name: Hashable
    parent: Hashable | None
    depth: int
    weight: Any
    children: list[Hashable]


def _is_blank_parent(p: Any) -> bool:
    if p is None:
        return True
    if isinstance(p, float) and math.isnan(p):
        return True
    if p is pd.NA or p is pd.NaT:
        return True
    return isinstance(p, str) and p.strip() == ""


def _children_of(children: Any, where: str) -> Mapping[Hashable, Any]:
    if not isinstance(children, Mapping) or len(children) == 0:
        raise CsatInputError(
            f"{where} needs a non-empty dict of children",
            argument="tree", value=children,
            fix="write children as {name: weight} for leaves or "
            "{name: {'weight': w, 'children': {...}}} for groups",
        )
    return children


def _parse_dict(tree: Mapping[Hashable, Any]) -> list[_Node]:
    nodes: list[_Node] = []
    seen: set[Hashable] = set()
    top: list[Hashable] = []
    # depth first, parents before children, with an explicit stack: a tree of any depth, no recursion limit
    stack = [(iter(_children_of(tree, "the tree").items()), None, 1, top)]
    while stack:
        items, parent, depth, names = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            continue
        name, spec = entry
        if name in seen:
            raise CsatInputError(
                "a node name appears twice in the tree", argument="tree", value=name,
                fix="give every node a unique name (leaf names are item columns)",
            )
        seen.add(name)
        names.append(name)
        if isinstance(spec, Mapping):
            unknown = set(spec) - {"weight", "children"}
            if "weight" not in spec or "children" not in spec or unknown:
                raise CsatInputError(
                    "a group node needs exactly the keys 'weight' and 'children'",
                    argument="tree", value=name,
                    fix=f"write {name!r}: {{'weight': w, 'children': {{...}}}}",
                )
            node = _Node(name, parent, depth, spec["weight"], [])
            nodes.append(node)
            stack.append((iter(_children_of(spec["children"], f"node {name!r}").items()), name, depth + 1, node.children))
        else:
            nodes.append(_Node(name, parent, depth, spec, []))
    return nodes


def _parse_frame(frame: pd.DataFrame) -> list[_Node]:
    require_columns(frame, ["node", "parent", "weight"], "tree")
    if len(frame) == 0:
        raise CsatInputError("the tree has no nodes", argument="tree", fix="pass at least one row")
    names = frame["node"].tolist()
    parents = [None if _is_blank_parent(p) else p for p in frame["parent"].tolist()]
    weights = frame["weight"].tolist()
    rows = dict(zip(names, zip(parents, weights, frame.index)))
    if len(rows) != len(names):
        dup = pd.Series(names)[pd.Series(names).duplicated()].iloc[0]
        raise CsatInputError(
            "a node name appears twice in the tree", argument="tree", column="node", value=dup,
            fix="give every node a unique name (leaf names are item columns)",
        )
    children: dict[Hashable | None, list[Hashable]] = {}
    for name, parent in zip(names, parents):
        if parent is not None and parent not in rows:
            raise CsatInputError(
                "parent is not a node of the tree", argument="tree", row=rows[name][2],
                column="parent", value=parent,
                fix="add the parent as a row, or leave the parent blank for a top-level indicator",
            )
        children.setdefault(parent, []).append(name)
    if None not in children:
        raise CsatInputError(
            "no top-level node (every node has a parent)", argument="tree", column="parent",
            fix="leave the parent blank for the indicators directly under the overall index",
        )
    nodes: list[_Node] = []
    stack = [(iter(children[None]), 1)]  # depth first, without recursion (a tree of any depth)
    while stack:
        pending, depth = stack[-1]
        name = next(pending, None)
        if name is None:
            stack.pop()
            continue
        nodes.append(_Node(name, rows[name][0], depth, rows[name][1], list(children.get(name, []))))
        stack.append((iter(children.get(name, [])), depth + 1))
    if len(nodes) != len(names):
        reached = {n.name for n in nodes}
        lost = next(n for n in names if n not in reached)
        raise CsatInputError(
            "node is not connected to the top level (its parents form a cycle)", argument="tree",
            row=rows[lost][2], column="node", value=lost,
            fix="make every chain of parents end at a node with a blank parent",
        )
    return nodes


def _parse(tree: Mapping[Hashable, Any] | pd.DataFrame) -> list[_Node]:
    if isinstance(tree, pd.DataFrame):
        return _parse_frame(tree)
    if isinstance(tree, Mapping):
        return _parse_dict(tree)
    raise CsatInputError(
        f"expected a nested dict or a DataFrame with node, parent, weight; got {type(tree).__name__}",
        argument="tree", fix="see the hierarchy module's documentation for the two tree forms",
    )


def tree_leaves(tree: Mapping[Hashable, Any] | pd.DataFrame) -> list[Hashable]:
    """The leaves of an indicator tree, in the order :func:`hierarchical_index` weighs them.

    A table of scores with exactly these columns, in this order, is weighed
    without a copy (the report makes it once for the index and its degrees).

    Examples
    --------
    >>> tree_leaves({"product": {"weight": 0.6, "children": {"reliability": 0.5, "features": 0.5}},
    ...              "billing": 0.4})
    ['reliability', 'features', 'billing']
    """
    return _leaves(_parse(tree))


def _leaves(nodes: list[_Node]) -> list[Hashable]:
    return [n.name for n in nodes if not n.children]


def tree_to_frame(tree: Mapping[Hashable, Any] | pd.DataFrame) -> pd.DataFrame:
    """The tidy form of a tree: one row per node, columns ``node, parent, weight``.

    Rows are in depth-first order (parents before children); ``parent`` is
    None for the root's children.  Weights are copied as given (not checked
    to sum to 1: :func:`hierarchical_index` does that).

    Parameters
    ----------
    tree : nested dict or pandas.DataFrame
        Either tree form (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Columns ``node, parent, weight``; :func:`frame_to_tree` inverts it.

    Raises
    ------
    CsatInputError
        If the tree is malformed (duplicate names, unknown parents, cycles,
        groups without children).

    Examples
    --------
    >>> tree_to_frame({"A": {"weight": 0.6, "children": {"a1": 0.5, "a2": 0.5}}, "b": 0.4})
      node parent  weight
    0    A   None     0.6
    1   a1      A     0.5
    2   a2      A     0.5
    3    b   None     0.4
    """
    nodes = _parse(tree)
    return pd.DataFrame(
        {
            "node": pd.Series([n.name for n in nodes], dtype=object),
            "parent": pd.Series([n.parent for n in nodes], dtype=object),
            "weight": [n.weight for n in nodes],
        }
    )


def frame_to_tree(frame: pd.DataFrame) -> dict[Hashable, Any]:
    """The nested-dict form of a tidy tree frame (columns ``node, parent, weight``).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per node; the root's children have a blank parent (None,
        NaN or ""); other columns (labels) are ignored.

    Returns
    -------
    dict
        ``{leaf: weight, group: {"weight": w, "children": {...}}}``;
        :func:`tree_to_frame` inverts it.

    Raises
    ------
    CsatInputError
        If the frame is malformed (missing columns, duplicate nodes, unknown
        parents, cycles).

    Examples
    --------
    >>> frame = pd.DataFrame({"node": ["A", "a1", "a2", "b"], "parent": [None, "A", "A", ""],
    ...                       "weight": [0.6, 0.5, 0.5, 0.4]})
    >>> frame_to_tree(frame)
    {'A': {'weight': 0.6, 'children': {'a1': 0.5, 'a2': 0.5}}, 'b': 0.4}
    """
    nodes = _parse(frame)
    by_name = {n.name: n for n in nodes}

    def build(names: list[Hashable]) -> dict[Hashable, Any]:
        out: dict[Hashable, Any] = {}
        for name in names:
            n = by_name[name]
            out[name] = {"weight": n.weight, "children": build(n.children)} if n.children else n.weight
        return out

    return build([n.name for n in nodes if n.parent is None])


def _local_weights(nodes: list[_Node], normalize: bool) -> dict[Hashable, float]:
    """Each node's weight among its siblings, checked (and rescaled if asked) group by group."""
    groups: dict[Hashable | None, list[_Node]] = {}
    for n in nodes:
        groups.setdefault(n.parent, []).append(n)
    local: dict[Hashable, float] = {}
    for parent, members in groups.items():
        where = "the top level" if parent is None else f"the children of {parent!r}"
        w = check_weights(
            pd.Series([m.weight for m in members], index=[m.name for m in members], dtype=object),
            normalize=normalize,
            argument=f"tree ({where})",
        )
        local.update(w.to_dict())
    return local


@renamed(scores="data")
def hierarchical_index(
    data: pd.Series | pd.DataFrame,
    tree: Mapping[Hashable, Any] | pd.DataFrame,
    *,
    normalize: bool = False,
    missing: str = "error",
) -> HierarchyResult:
    """Total index of an indicator tree and every node's contribution.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Leaf scores: a Series indexed by leaf name, or a DataFrame with one
        row per respondent and a column per leaf (other columns ignored).
    tree : nested dict or pandas.DataFrame
        See the module docstring.  Siblings' weights must sum to 1 within
        ``1e-9`` at every level.
    normalize : bool
        Rescale any sibling group that does not sum to 1 (with a
        :class:`~csat_examples.errors.WeightsNormalizedWarning`) instead of raising.
    missing : {"error", "exclude"}
        For a DataFrame: blank leaf scores raise, or their respondents are left out.

    Returns
    -------
    HierarchyResult
        ``float(result)`` is the total.  The inputs are not modified.

    Raises
    ------
    CsatInputError
        Malformed tree (duplicate names, unknown parents, cycles, empty
        groups), bad weights in any sibling group, a leaf with no score
        column, non-numeric or blank scores, empty data.

    Notes
    -----
    With local weights :math:`w` and global weight
    :math:`g_v = \\prod_{u \\in \\text{path}(v)} w_u`, the total is
    :math:`Y = \\sum_{\\text{leaves}} g_\\ell x_\\ell`.  For a DataFrame, leaf
    scores in the node table are item means over the respondents used, and
    :math:`Y` equals the mean of ``per_respondent``; both are one
    matrix-vector product over the table.

    References
    ----------
    Seed 001, 2.1 简易测量方法 (the two-level weighted example).

    Examples
    --------
    >>> tree = {"product": {"weight": 0.6, "children": {"reliability": 0.5, "features": 0.5}},
    ...         "billing": 0.4}
    >>> r = hierarchical_index(pd.Series({"reliability": 80, "features": 60, "billing": 90}), tree)
    >>> r.total
    78.0
    >>> r.nodes[["node", "global_weight", "score", "contribution"]]
              node  global_weight  score  contribution
    0      product            0.6   70.0          42.0
    1  reliability            0.3   80.0          24.0
    2     features            0.3   60.0          18.0
    3      billing            0.4   90.0          36.0
    """
    nodes = _parse(tree)
    local = _local_weights(nodes, normalize)
    global_w: dict[Hashable, float] = {}
    for n in nodes:  # parents come before children
        global_w[n.name] = local[n.name] * (1.0 if n.parent is None else global_w[n.parent])
    leaves = _leaves(nodes)
    leaf_g = pd.Series([global_w[name] for name in leaves], index=pd.Index(leaves))

    if isinstance(data, pd.Series):
        missing_leaves = [name for name in leaves if name not in data.index]
    elif isinstance(data, pd.DataFrame):
        missing_leaves = [name for name in leaves if name not in data.columns]
    else:
        raise CsatInputError(
            f"expected a pandas Series or DataFrame, got {type(data).__name__}",
            argument="data", fix="pass leaf scores as a Series or one row per respondent as a DataFrame",
        )
    if missing_leaves:
        raise CsatInputError(
            "no score for a leaf of the tree", argument="data", column=missing_leaves[0],
            value=missing_leaves[0],
            fix="add a score (column) for every leaf, or correct the leaf's name in the tree",
        )
    leaf_data = data[leaves] if isinstance(data, pd.Series) else data
    # Leaf global weights sum to 1 by construction: the shared core's weight check passes.
    rows = _weighted_rows(leaf_data, leaf_g, items=leaves, missing=missing, argument="data")
    if isinstance(data, pd.Series):
        leaf_scores = rows.matrix[0]
        per_respondent = None
    else:
        # Item means as a vector-matrix product (BLAS, faster than .mean(axis=0)); excluded
        # rows hold blanks, which would poison the product, so they are dropped first.
        used = rows.matrix if rows.kept is None else rows.matrix[rows.kept]
        # The weighted sums checked the cells only through each row's total: a huge score of a leaf
        # weighted 0 (1e308 x 0 = 0) passes there, and its column's sum overflows here.  Scores beyond
        # MAX_ABS are refused by require_finite, which names the cell; no sum of scores within it overflows.
        with np.errstate(over="ignore", invalid="ignore"):
            leaf_scores = np.ones(len(used)) @ used / len(used)
        if not np.isfinite(leaf_scores).all():
            require_finite(data, leaves, "data")
        per_respondent = pd.Series(rows.values, index=rows.index, name="index", copy=False)

    score: dict[Hashable, float] = dict(zip(leaves, leaf_scores.tolist()))
    for n in reversed(nodes):  # children before parents
        if n.children:
            score[n.name] = math.fsum(local[c] * score[c] for c in n.children)
    table = pd.DataFrame(
        {
            "node": pd.Series([n.name for n in nodes], dtype=object),
            "parent": pd.Series([n.parent for n in nodes], dtype=object),
            "depth": [n.depth for n in nodes],
            "local_weight": [local[n.name] for n in nodes],
            "global_weight": [global_w[n.name] for n in nodes],
            "score": [score[n.name] for n in nodes],
        }
    )
    table["contribution"] = table["global_weight"] * table["score"]
    total = math.fsum(table.loc[table["depth"] == 1, "contribution"])
    # Python's round: numpy's multiplies by 10^12 first and overflows for totals beyond 1e296
    return HierarchyResult(total=round(float(total), 12), nodes=table,
                           per_respondent=per_respondent, excluded=rows.excluded)
