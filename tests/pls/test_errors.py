"""Bad input to fit_pls: one clear CsatInputError each, naming what is wrong."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csat_examples.errors import CsatInputError
from csat_examples.pls import CCSI, PlsConvergenceError, fit_pls, model_from_dict, simulate


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return simulate(CCSI, 0.3, n=120, items=3, seed=11, scale=(1, 10))


def test_constant_item(data):
    bad = data.assign(qual2=7.0)
    with pytest.raises(CsatInputError, match="constant") as err:
        fit_pls(bad, CCSI)
    assert err.value.column == "qual2"
    assert "perceived_quality" in str(err.value)


def test_collinear_blocks(data):
    # 'copy' is measured by the very items of 'perceived_quality', renamed: the two scores
    # are identical, so the regression of satisfaction on both is undefined.
    dup = data.assign(**{f"dq{i}": data[f"qual{i}"] for i in (1, 2, 3)})
    model = model_from_dict(
        {"perceived_quality": ["satisfaction"], "copy": ["satisfaction"]},
        {"perceived_quality": "qual", "copy": "dq", "satisfaction": "sat"},
    )
    with pytest.raises(CsatInputError, match="collinear") as err:
        fit_pls(dup, model)
    assert "'perceived_quality'" in str(err.value) and "'copy'" in str(err.value)


def test_collinear_formative_items(data):
    model = model_from_dict({"perceived_quality": ["satisfaction"]},
                            {"perceived_quality": ["qual1", "qual2", "qsum"], "satisfaction": "sat"},
                            {"perceived_quality": "B"})
    with pytest.raises(CsatInputError, match="Mode B"):
        fit_pls(data.assign(qsum=data.qual1 + data.qual2), model)


def test_missing_values_are_refused_by_default(data):
    bad = data.copy()
    bad.loc[5, "sat2"] = np.nan
    with pytest.raises(CsatInputError, match="missing") as err:
        fit_pls(bad, CCSI)
    assert err.value.row == 5 and err.value.column == "sat2"


def test_mean_imputation_is_counted(data):
    bad = data.copy()
    bad.loc[[3, 9], "sat2"] = np.nan
    bad.loc[4, "loy1"] = np.nan
    res = fit_pls(bad, CCSI, missing="mean")
    assert res.imputed == 3 and res.n == len(data) and not res.excluded
    # the filled cells hold the item's mean of the answered rows
    assert res.data.loc[3, "sat2"] == pytest.approx(data["sat2"].drop([3, 9]).mean())


def test_excluded_rows_are_counted(data):
    bad = data.copy()
    bad.loc[[3, 9], "sat2"] = np.nan
    res = fit_pls(bad, CCSI, missing="exclude")
    assert res.excluded.count == 2 and res.excluded.rows == (3, 9) and res.n == len(data) - 2


def test_unknown_item(data):
    model = CCSI.with_blocks({"loyalty": ["loy1", "loy9"]})
    with pytest.raises(CsatInputError, match="unknown item") as err:
        fit_pls(data, model)
    assert err.value.column == "loy9"


def test_unknown_prefix(data):
    with pytest.raises(CsatInputError, match="prefix"):
        fit_pls(data.drop(columns=["val1", "val2", "val3"]), CCSI)


def test_cycle_is_named():
    with pytest.raises(CsatInputError, match="satisfaction -> loyalty -> satisfaction"):
        model_from_dict([("value", "satisfaction"), ("satisfaction", "loyalty"), ("loyalty", "satisfaction")],
                        {"value": "val", "satisfaction": "sat", "loyalty": "loy"})


def test_too_few_rows(data):
    # Largest block 3 items, most predecessors 4 (satisfaction): at least 4 + 1 + 2 = 7 rows.
    with pytest.raises(CsatInputError, match=r"too few rows \(6\)"):
        fit_pls(data.head(6), CCSI)
    assert fit_pls(data.head(30), CCSI).n == 30


def test_not_converging_is_an_error(data):
    with pytest.raises(PlsConvergenceError, match="did not converge in 1 iterations"):
        fit_pls(data, CCSI, max_iter=1)


def test_non_numeric_answer(data):
    bad = data.astype({"sat1": object})
    bad.loc[2, "sat1"] = "very good"
    with pytest.raises(CsatInputError, match="not a number") as err:
        fit_pls(bad, CCSI)
    assert err.value.column == "sat1"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"scheme": "centriod"}, "scheme"),
        ({"missing": "drop"}, "missing"),
        ({"tol": 0}, "tol"),
        ({"max_iter": 0}, "max_iter"),
        ({"bootstrap": -5}, "bootstrap"),
        ({"bootstrap": 10, "confidence": 95}, "confidence"),
    ],
)
def test_bad_settings(data, kwargs, argument):
    with pytest.raises(CsatInputError) as err:
        fit_pls(data, CCSI, **kwargs)
    assert err.value.argument == argument


def test_wrong_types(data):
    with pytest.raises(CsatInputError, match="DataFrame"):
        fit_pls(data.to_numpy(), CCSI)  # type: ignore[arg-type]
    with pytest.raises(CsatInputError, match="PlsModel"):
        fit_pls(data, {"a": "b"})  # type: ignore[arg-type]
