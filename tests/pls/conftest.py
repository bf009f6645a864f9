"""Fixtures of the PLS tests: the bank data, the R reference folder, the R model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from csat_examples.pls import model_from_dict

HERE = Path(__file__).resolve().parent
COPY = HERE / "reference"
SHARED = HERE.parents[1] / ".." / "shared" / "datasets" / "plspm-satisfaction"


@pytest.fixture(scope="session")
def copy_dir() -> Path:
    """tests/pls/reference (the committed copy)."""
    return COPY


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared/datasets/plspm-satisfaction relative to the repository root (may be absent)."""
    return SHARED


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The R outputs: the copy in tests/pls/reference, else the shared folder."""
    if (COPY / "satisfaction.scores.csv").is_file():
        return COPY
    if SHARED.is_dir():
        return SHARED
    pytest.skip("no R plspm reference outputs: tests/pls/reference/ and ../shared/datasets/plspm-satisfaction are absent")


@pytest.fixture(scope="session")
def bank() -> pd.DataFrame:
    """The bank `satisfaction` survey through the library's data sets."""
    from csat_examples.datasets import load

    return load("bank_satisfaction")


@pytest.fixture(scope="session")
def r_model():
    """The model of the R reference, with R plspm's construct names."""
    return model_from_dict(
        {"IMAG": ["EXPE", "SAT", "LOY"], "EXPE": ["QUAL", "VAL", "SAT"], "QUAL": ["VAL", "SAT"],
         "VAL": ["SAT"], "SAT": ["LOY"]},
        {"IMAG": "imag", "EXPE": "expe", "QUAL": "qual", "VAL": "val", "SAT": "sat", "LOY": "loy"},
    )
