"""The deprecation decorators, and the old names of the public API still working for one release."""

from __future__ import annotations

import inspect
import warnings

import pandas as pd
import pytest

from csat_examples._deprecation import keyword_only, renamed


@renamed(scores="data", groups="by")
@keyword_only("scale", "scoring")
def _f(data, by=None, *, scale="7-level", scoring="likert"):
    """Doc kept."""
    return data, by, scale, scoring


def test_new_names_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _f([1], "g", scale="5-level") == ([1], "g", "5-level", "likert")


def test_old_name_warns_naming_function_old_and_new():
    with pytest.warns(DeprecationWarning, match=r"test_deprecation\._f\(\): the argument 'scores' is now called 'data'"):
        assert _f(scores=[1]) == ([1], None, "7-level", "likert")


def test_warning_points_at_the_caller():
    with pytest.warns(DeprecationWarning) as caught:
        _f(scores=[1])
    assert caught[0].filename == __file__


def test_positional_option_warns_and_lands_in_its_keyword():
    with pytest.warns(DeprecationWarning, match=r"_f\(\): pass '(scale|scoring)' by keyword") as caught:
        assert _f([1], None, "5-level", "0-100") == ([1], None, "5-level", "0-100")
    assert [str(w.message).split(":")[1].split(";")[0].strip() for w in caught] == [
        "pass 'scale' by keyword (scale=...)", "pass 'scoring' by keyword (scoring=...)"]


def test_old_and_new_name_together_is_an_error():
    with pytest.raises(TypeError, match="both 'scores' and its new name 'data'"):
        _f(scores=[1], data=[2])


def test_positional_and_keyword_together_is_an_error():
    with pytest.raises(TypeError, match="multiple values for argument 'scale'"):
        _f([1], None, "5-level", scale="7-level")


def test_too_many_positionals_still_fail_as_python_would():
    with pytest.raises(TypeError):
        _f([1], None, "5-level", "0-100", "extra")


def test_signature_and_docstring_are_the_new_ones():
    assert list(inspect.signature(_f).parameters) == ["data", "by", "scale", "scoring"]
    assert _f.__doc__ == "Doc kept."


def test_decorating_a_wrong_name_fails_at_import():
    with pytest.raises(TypeError, match="cannot rename"):
        renamed(old="missing")(lambda data: data)
    with pytest.raises(TypeError, match="not a keyword-only"):
        keyword_only("scale")(lambda data, scale=1: data)


def test_library_deprecations_are_errors_in_this_test_suite():
    # pyproject's filterwarnings turns a "csat_examples...." DeprecationWarning into an error
    # wherever it is raised from, so no caller in the project can keep an old name unnoticed.
    import csat_examples as cx
    with pytest.raises(DeprecationWarning):
        cx.satisfaction_rate(responses=pd.Series(["满意"]))
