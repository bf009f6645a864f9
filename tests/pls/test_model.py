"""Model specifications: the national-index structures and model_from_dict checks."""

from __future__ import annotations

import pytest

from csat_examples.errors import CsatInputError
from csat_examples.pls import ACSI, CCSI, ECSI, MODELS, SCSB, model_from_dict


def test_acsi_structure_fornell_1996():
    # Fornell et al. (1996), figure 1: expectations, perceived quality and perceived value
    # drive satisfaction; satisfaction drives complaints and loyalty; complaints -> loyalty.
    assert set(ACSI.predecessors("satisfaction")) == {"expectations", "perceived_quality", "perceived_value"}
    assert set(ACSI.predecessors("perceived_value")) == {"expectations", "perceived_quality"}
    assert set(ACSI.predecessors("loyalty")) == {"satisfaction", "complaints"}
    assert ACSI.predecessors("complaints") == ("satisfaction",)
    assert ACSI.exogenous == ("expectations",)


def test_ecsi_is_acsi_plus_image():
    acsi_paths = set(ACSI.paths)
    ecsi_paths = set(ECSI.paths)
    assert acsi_paths < ecsi_paths
    assert ecsi_paths - acsi_paths == {("image", "expectations"), ("image", "satisfaction"), ("image", "loyalty")}


def test_scsb_and_ccsi_structure():
    assert set(SCSB.predecessors("satisfaction")) == {"expectations", "perceived_value"}
    assert "perceived_quality" not in SCSB.constructs
    # Seed 001: four causes, satisfaction the target, loyalty the result.
    assert CCSI.constructs == ("brand_image", "expected_quality", "perceived_quality", "perceived_value",
                               "satisfaction", "loyalty")
    assert CCSI.successors("satisfaction") == ("loyalty",)
    assert set(MODELS) == {"ACSI", "ECSI", "SCSB", "CCSI"}


def test_specs_are_read_only():
    with pytest.raises(TypeError):
        ECSI.blocks["image"] = "x"  # type: ignore[index]


def test_dict_and_pairs_give_the_same_model():
    blocks = {"a": "a", "b": "b", "c": "c"}
    m1 = model_from_dict({"a": ["b", "c"], "b": "c"}, blocks)
    m2 = model_from_dict([("a", "b"), ("a", "c"), ("b", "c")], blocks)
    assert m1 == m2


def test_cycle_is_named():
    with pytest.raises(CsatInputError, match=r"cycle: b -> c -> d -> b"):
        model_from_dict([("a", "b"), ("b", "c"), ("c", "d"), ("d", "b")],
                        {"a": "a", "b": "b", "c": "c", "d": "d"})


@pytest.mark.parametrize(
    ("paths", "blocks", "modes", "message"),
    [
        ([("a", "z")], {"a": "a", "b": "b"}, None, "unknown construct"),
        ([("a", "a")], {"a": "a", "b": "b"}, None, "itself"),
        ([("a", "b")], {"a": "a", "b": "b", "c": "c"}, None, "on no path"),
        ([("a", "b")], {"a": ["x1", "x2"], "b": ["x2"]}, None, "two blocks"),
        ([("a", "b")], {"a": "a", "b": "b"}, {"a": "C"}, "mode"),
        ([("a", "b")], {"a": "a", "b": []}, None, "empty block"),
        ([("a",)], {"a": "a", "b": "b"}, None, "pair"),
    ],
)
def test_bad_models_are_refused(paths, blocks, modes, message):
    with pytest.raises(CsatInputError, match=message):
        model_from_dict(paths, blocks, modes)


def test_prefix_resolution_is_natural_and_strict():
    m = model_from_dict([("x", "y")], {"x": "q", "y": ["y1"]})
    resolved = m.resolve(["q10", "q2", "q_1", "quality", "y1"])
    assert resolved.blocks["x"] == ("q_1", "q2", "q10")  # 'quality' is not a q-item
    with pytest.raises(CsatInputError, match="no column matches the item prefix"):
        m.resolve(["y1", "r1"])


def test_drop_and_with_blocks():
    m = ECSI.drop("complaints").with_blocks({"satisfaction": ["overall"]})
    assert "complaints" not in m.constructs
    assert ("satisfaction", "loyalty") in m.paths
    assert m.blocks["satisfaction"] == ("overall",)
    with pytest.raises(CsatInputError, match="unknown construct"):
        ECSI.drop("price")
