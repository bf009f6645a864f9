"""The Examples in book.quizzes' docstrings run (pytest's --doctest-modules covers only the library)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["schema", "compute", "banks", "translate", "ui", "moodle", "gift"]  # the modules with Examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"book.quizzes.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
