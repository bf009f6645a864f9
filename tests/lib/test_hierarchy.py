"""Hierarchical weighted index: seed 001's tree by hand, any depth, both tree forms, errors."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_examples.degree import weighted_index
from csat_examples.errors import CsatInputError, WeightsNormalizedWarning
from csat_examples.hierarchy import (
    NODE_COLUMNS,
    HierarchyResult,
    frame_to_tree,
    hierarchical_index,
    tree_to_frame,
)

# Seed 001, 2.1 简易测量方法 (weights as listed in seed-facts.md).
SEED001 = {
    "X21": {"weight": 0.30, "children": {"X311": 0.40, "X312": 0.20, "X313": 0.40}},
    "X22": {"weight": 0.30, "children": {"X321": 0.30, "X322": 0.25, "X323": 0.15, "X324": 0.30}},
    "X23": {"weight": 0.10, "children": {"X331": 0.60, "X332": 0.40}},
    "X24": {"weight": 0.15, "children": {"X341": 0.50, "X342": 0.25, "X343": 0.25}},
    "X25": {"weight": 0.15, "children": {"X351": 0.60, "X352": 0.40}},
}
LEAF_SCORES = pd.Series(
    {
        "X311": 80, "X312": 70, "X313": 90,
        "X321": 60, "X322": 80, "X323": 70, "X324": 90,
        "X331": 90, "X332": 80,
        "X341": 70, "X342": 60, "X343": 80,
        "X351": 90, "X352": 70,
    },
    dtype=float,
)


def test_seed001_total_by_hand():
    # X21 = 0.4*80 + 0.2*70 + 0.4*90             = 32 + 14 + 36          = 82
    # X22 = 0.3*60 + 0.25*80 + 0.15*70 + 0.3*90  = 18 + 20 + 10.5 + 27   = 75.5
    # X23 = 0.6*90 + 0.4*80                      = 54 + 32               = 86
    # X24 = 0.5*70 + 0.25*60 + 0.25*80           = 35 + 15 + 20          = 70
    # X25 = 0.6*90 + 0.4*70                      = 54 + 28               = 82
    # Y   = 0.3*82 + 0.3*75.5 + 0.1*86 + 0.15*70 + 0.15*82
    #     = 24.6 + 22.65 + 8.6 + 10.5 + 12.3 = 78.65
    r = hierarchical_index(LEAF_SCORES, SEED001)
    assert isinstance(r, HierarchyResult)
    assert r.total == pytest.approx(78.65)
    assert float(r) == r.total
    assert r.per_respondent is None
    nodes = r.nodes.set_index("node")
    assert nodes.loc[["X21", "X22", "X23", "X24", "X25"], "score"].tolist() == pytest.approx(
        [82, 75.5, 86, 70, 82]
    )
    assert nodes.loc[["X21", "X22", "X23", "X24", "X25"], "contribution"].tolist() == pytest.approx(
        [24.6, 22.65, 8.6, 10.5, 12.3]
    )
    # global weight of X311 = 0.30 * 0.40 = 0.12; of X323 = 0.30 * 0.15 = 0.045
    assert nodes.loc["X311", "global_weight"] == pytest.approx(0.12)
    assert nodes.loc["X323", "global_weight"] == pytest.approx(0.045)


def test_node_table_shape_and_order():
    r = hierarchical_index(LEAF_SCORES, SEED001)
    assert tuple(r.nodes.columns) == NODE_COLUMNS
    assert len(r.nodes) == 5 + 14
    assert r.nodes["node"].tolist()[:5] == ["X21", "X311", "X312", "X313", "X22"]  # parents before children
    top = r.nodes[r.nodes["parent"].isna()]
    assert top["node"].tolist() == ["X21", "X22", "X23", "X24", "X25"]
    assert set(r.nodes["depth"]) == {1, 2}


def test_contributions_of_the_roots_children_sum_to_the_total():
    r = hierarchical_index(LEAF_SCORES, SEED001)
    top = r.nodes[r.nodes["depth"] == 1]
    assert top["contribution"].sum() == pytest.approx(r.total)
    leaves = r.nodes[~r.nodes["node"].isin(r.nodes["parent"])]
    assert leaves["contribution"].sum() == pytest.approx(r.total)
    assert leaves["global_weight"].sum() == pytest.approx(1.0)
    # each inner node's contribution = the sum of its leaves'
    for name in top["node"]:
        children = r.nodes[r.nodes["parent"] == name]
        assert children["contribution"].sum() == pytest.approx(top.set_index("node").loc[name, "contribution"])


def test_three_levels_by_hand():
    tree = {
        "A": {
            "weight": 0.5,
            "children": {
                "A1": {"weight": 0.5, "children": {"a": 0.5, "b": 0.5}},
                "c": 0.5,
            },
        },
        "d": 0.5,
    }
    scores = pd.Series({"a": 4.0, "b": 6.0, "c": 7.0, "d": 2.0})
    # A1 = 0.5*4 + 0.5*6 = 5; A = 0.5*5 + 0.5*7 = 6; total = 0.5*6 + 0.5*2 = 4
    # global weights: a = b = 0.5*0.5*0.5 = 0.125, c = 0.25, d = 0.5
    r = hierarchical_index(scores, tree)
    assert r.total == pytest.approx(4.0)
    nodes = r.nodes.set_index("node")
    assert nodes.loc["A1", "depth"] == 2 and nodes.loc["a", "depth"] == 3
    assert nodes.loc["A1", "score"] == pytest.approx(5) and nodes.loc["A", "score"] == pytest.approx(6)
    assert nodes.loc["a", "global_weight"] == pytest.approx(0.125)
    assert nodes.loc["A", "contribution"] == pytest.approx(3.0)


def test_four_levels_equal_global_weight_formula():
    tree = {"L1": {"weight": 1.0, "children": {"L2": {"weight": 1.0, "children": {
        "L3": {"weight": 1.0, "children": {"x": 0.25, "y": 0.75}}}}}}}
    r = hierarchical_index(pd.Series({"x": 2.0, "y": 6.0}), tree)
    # 0.25*2 + 0.75*6 = 0.5 + 4.5 = 5
    assert r.total == pytest.approx(5.0)
    assert r.nodes["depth"].max() == 4


def _seed001_frame() -> pd.DataFrame:
    frame = tree_to_frame(SEED001)
    # LIB-B's data set adds a label column and writes the blank parent as "".
    return frame.assign(parent=frame["parent"].fillna(""), label_zh="标签")


def test_tidy_frame_is_accepted_with_extra_columns_and_blank_parents():
    frame = _seed001_frame()
    assert hierarchical_index(LEAF_SCORES, frame).total == pytest.approx(78.65)
    with_nan = frame.assign(parent=frame["parent"].replace("", np.nan))
    assert hierarchical_index(LEAF_SCORES, with_nan).total == pytest.approx(78.65)


def test_round_trip_dict_frame_dict():
    frame = tree_to_frame(SEED001)
    assert frame.columns.tolist() == ["node", "parent", "weight"]
    assert frame_to_tree(frame) == SEED001
    again = tree_to_frame(frame_to_tree(frame))
    pd.testing.assert_frame_equal(again, frame)
    # a frame with extra columns and "" parents maps to the same tree
    assert frame_to_tree(_seed001_frame()) == SEED001


def test_frame_row_order_does_not_matter():
    frame = tree_to_frame(SEED001).sample(frac=1, random_state=3)
    assert frame_to_tree(frame) == SEED001  # dict equality ignores key order
    assert hierarchical_index(LEAF_SCORES, frame).total == pytest.approx(78.65)


def test_dataframe_per_respondent_equals_row_by_row():
    rng = np.random.default_rng(11)
    data = pd.DataFrame(rng.integers(0, 101, size=(25, 14)).astype(float), columns=LEAF_SCORES.index)
    data.insert(0, "respondent_id", [f"r{i}" for i in range(25)])
    r = hierarchical_index(data, SEED001)
    assert r.per_respondent.index.tolist() == data.index.tolist()
    for i, row in data.iterrows():
        expected = hierarchical_index(row[LEAF_SCORES.index].astype(float), SEED001).total
        assert r.per_respondent[i] == pytest.approx(expected)
    # the node table uses item means; the total is the mean of the respondents' totals
    assert r.total == pytest.approx(r.per_respondent.mean())
    leaf = r.nodes.set_index("node").loc["X311", "score"]
    assert leaf == pytest.approx(data["X311"].mean())


def test_missing_scores_in_a_dataframe():
    data = pd.DataFrame([LEAF_SCORES, LEAF_SCORES + 10, LEAF_SCORES - 10], index=["a", "b", "c"])
    data.loc["b", "X342"] = np.nan
    with pytest.raises(CsatInputError) as info:
        hierarchical_index(data, SEED001)
    assert (info.value.argument, info.value.row, info.value.column) == ("data", "b", "X342")
    r = hierarchical_index(data, SEED001, missing="exclude")
    assert r.excluded.rows == ("b",) and r.per_respondent.index.tolist() == ["a", "c"]
    # every leaf of c is 10 below a's, so c's total is 78.65 - 10; mean of a and c = 73.65
    assert r.total == pytest.approx(73.65)


def test_normalize_rescales_each_group_and_warns():
    tree = {"A": {"weight": 2, "children": {"a": 1, "b": 3}}, "c": 2}
    with pytest.raises(CsatInputError, match="top level"):
        hierarchical_index(pd.Series({"a": 1.0, "b": 5.0, "c": 3.0}), tree)
    with pytest.warns(WeightsNormalizedWarning):
        r = hierarchical_index(pd.Series({"a": 1.0, "b": 5.0, "c": 3.0}), tree, normalize=True)
    # A = 0.25*1 + 0.75*5 = 4; total = 0.5*4 + 0.5*3 = 3.5
    assert r.total == pytest.approx(3.5)


def test_normalize_changes_nothing_when_weights_already_sum_to_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = hierarchical_index(LEAF_SCORES, SEED001)
        b = hierarchical_index(LEAF_SCORES, SEED001, normalize=True)
    pd.testing.assert_frame_equal(a.nodes, b.nodes)


def test_inputs_are_not_modified():
    frame = _seed001_frame()
    frame_before, scores_before = frame.copy(), LEAF_SCORES.copy()
    tree_before = copy.deepcopy(SEED001)
    hierarchical_index(LEAF_SCORES, frame)
    hierarchical_index(LEAF_SCORES, SEED001, normalize=True)
    pd.testing.assert_frame_equal(frame, frame_before)
    pd.testing.assert_series_equal(LEAF_SCORES, scores_before)
    assert SEED001 == tree_before


@pytest.mark.parametrize(
    "tree, scores, match",
    [
        ({"A": {"weight": 1.0, "children": {"a": 0.5, "b": 0.4}}}, None, r"children of 'A'.*sum to 0\.9"),
        ({"A": {"weight": 1.0, "children": {"a": 1.2, "b": -0.2}}}, None, "negative"),
        ({"A": {"weight": 1.0, "children": {}}}, None, "non-empty dict"),
        ({"A": {"weight": 1.0}}, None, "'weight' and 'children'"),
        ({"A": {"weight": 0.5, "children": {"a": 1.0}}, "a": 0.5}, None, "appears twice"),
        ({"a": "half", "b": 0.5}, None, "not a number"),
        ({}, None, "non-empty dict"),
        ([("a", 1.0)], None, "nested dict or a DataFrame"),
        ({"a": 0.5, "zz": 0.5}, None, "no score for a leaf"),
        ({"a": 1.0}, pd.Series({"a": "high"}), "not a number"),
        ({"a": 1.0}, pd.Series({"a": np.nan}), "missing answer"),
        ({"a": 1.0}, pd.DataFrame({"a": []}), "no rows"),
        ({"a": 1.0}, [1, 2], "expected a pandas"),
    ],
)
def test_dict_tree_errors(tree, scores, match):
    scores = pd.Series({"a": 1.0, "b": 2.0}) if scores is None else scores
    with pytest.raises(CsatInputError, match=match) as info:
        hierarchical_index(scores, tree)
    assert "Fix:" in str(info.value)


@pytest.mark.parametrize(
    "frame, match",
    [
        (pd.DataFrame({"node": ["A", "a"], "parent": [None, "B"], "weight": [1.0, 1.0]}), "parent is not a node"),
        (pd.DataFrame({"node": ["A", "A"], "parent": [None, None], "weight": [0.5, 0.5]}), "appears twice"),
        (pd.DataFrame({"node": ["A", "B"], "parent": ["B", "A"], "weight": [1.0, 1.0]}), "no top-level node"),
        (pd.DataFrame({"node": ["a", "A", "B"], "parent": [None, "B", "A"], "weight": [1.0, 1.0, 1.0]}),
         "not connected"),
        (pd.DataFrame({"node": ["a"], "weight": [1.0]}), "unknown item name"),
        (pd.DataFrame({"node": [], "parent": [], "weight": []}), "no nodes"),
    ],
)
def test_frame_tree_errors(frame, match):
    with pytest.raises(CsatInputError, match=match) as info:
        hierarchical_index(pd.Series({"a": 1.0}), frame)
    assert info.value.argument == "tree"


@st.composite
def random_tree(draw, depth=0):
    """A random tree over leaves 'l0', 'l1', ... with sibling weights summing to 1."""
    counter = draw(st.just([0]))

    def build(level):
        k = draw(st.integers(1, 3))
        raw = np.array(draw(st.lists(st.integers(1, 9), min_size=k, max_size=k)), dtype=float)
        w = raw / raw.sum()
        out = {}
        for wi in w:
            if level < 3 and draw(st.booleans()):
                name = f"g{counter[0]}"
                counter[0] += 1
                out[name] = {"weight": float(wi), "children": build(level + 1)}
            else:
                name = f"l{counter[0]}"
                counter[0] += 1
                out[name] = float(wi)
        return out

    return build(0)


@settings(deadline=None)  # the shared machine is often loaded: time is not the property
@given(random_tree(), st.data())
def test_any_tree_total_equals_flat_weighted_index_and_stays_in_range(tree, data):
    frame = tree_to_frame(tree)
    leaves = [n for n in frame["node"] if n not in set(frame["parent"].dropna())]
    scores = pd.Series(
        data.draw(st.lists(st.floats(-60, 60), min_size=len(leaves), max_size=len(leaves))), index=leaves
    )
    r = hierarchical_index(scores, tree)
    g = r.nodes.set_index("node").loc[leaves, "global_weight"]
    assert r.total == pytest.approx(weighted_index(scores, g), abs=1e-9)
    assert scores.min() - 1e-9 <= r.total <= scores.max() + 1e-9
    assert r.nodes.loc[r.nodes["depth"] == 1, "contribution"].sum() == pytest.approx(r.total, abs=1e-9)
    assert frame_to_tree(frame) == tree


def test_the_bundled_seed001_data_set_is_accepted_as_a_tree():
    from csat_examples import datasets

    frame = datasets.load("hierarchical_weights")
    assert frame_to_tree(frame) == SEED001
    assert hierarchical_index(LEAF_SCORES, frame).total == pytest.approx(78.65)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([1e101, 1e200, 1e308, -1e308]), st.integers(1, 50), st.sampled_from(["error", "exclude"]))
def test_a_huge_score_of_a_leaf_weighted_zero_is_refused_without_an_overflow_warning(huge, rows, missing):
    # 1e308 x 0 = 0: each respondent's total is finite, so only the leaf means meet the huge score (their sum
    # overflowed in a matrix product with a RuntimeWarning); the score is refused with the cell named instead
    frame = pd.DataFrame({"a": np.linspace(1.0, 7.0, rows), "b": np.full(rows, huge)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if abs(huge) * rows > np.finfo(float).max:  # the column's sum overflows
            with pytest.raises(CsatInputError, match="too large a number.*column 'b'"):
                hierarchical_index(frame, {"a": 1.0, "b": 0.0}, missing=missing)
        else:  # a huge mean, weighted 0: the total is the other leaf's
            result = hierarchical_index(frame, {"a": 1.0, "b": 0.0}, missing=missing)
            assert result.total == pytest.approx(frame["a"].mean())
            assert result.nodes["score"].tolist() == pytest.approx([frame["a"].mean(), huge])


def test_tree_leaves_are_the_node_tables_leaves_in_order():
    from csat_examples.hierarchy import tree_leaves

    tree = {"b": {"weight": 0.5, "children": {"z": 0.5, "a": {"weight": 0.5, "children": {"m": 1.0}}}}, "c": 0.5}
    nodes = hierarchical_index(pd.Series({"z": 1.0, "m": 2.0, "c": 3.0}), tree).nodes
    assert tree_leaves(tree) == [n for n in nodes["node"] if n not in set(nodes["parent"].dropna())] == ["z", "m", "c"]
    assert tree_leaves(tree_to_frame(tree)) == ["z", "m", "c"]
