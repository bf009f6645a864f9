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
    message = r"test_deprecation\._f\(\): the argument 'scores' is now called 'data'"
    with pytest.warns(DeprecationWarning, match=message):
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


# -- every renamed argument of the public API still works, with a warning, for one release ----------

_ANSWERS = pd.Series([7, 6, 4, 6, 2], name="overall")
_TREE = {"a": 0.5, "b": 0.5}
_LEAVES = pd.Series({"a": 60.0, "b": 80.0})
_RATER_SCORES = pd.Series({"r1": 5.0, "t1": 4.0})
_RATER_DIMS = {"r1": "reliability", "t1": "tangibles"}
_RATER_WEIGHTS = {"reliability": 0.75, "tangibles": 0.25}


def _old_and_new():
    import csat_examples as cx
    from csat_examples import degree, hierarchy, nps, scales, servqual

    yield ("satisfaction_rate responses", lambda: cx.satisfaction_rate(responses=_ANSWERS).rate,
           lambda: cx.satisfaction_rate(data=_ANSWERS).rate)
    yield ("level_distribution responses", lambda: cx.level_distribution(responses=_ANSWERS).to_dict(),
           lambda: cx.level_distribution(data=_ANSWERS).to_dict())
    yield ("level_distribution scale", lambda: cx.level_distribution(_ANSWERS, "7-level").to_dict(),
           lambda: cx.level_distribution(_ANSWERS, scale="7-level").to_dict())
    yield ("hierarchical_index scores", lambda: hierarchy.hierarchical_index(scores=_LEAVES, tree=_TREE).total,
           lambda: hierarchy.hierarchical_index(data=_LEAVES, tree=_TREE).total)
    yield ("nps scores", lambda: nps.nps(scores=[10, 9, 3]).nps, lambda: nps.nps(data=[10, 9, 3]).nps)
    yield ("rater scores", lambda: float(servqual.rater(scores=_RATER_SCORES, dimensions=_RATER_DIMS,
                                                        weights=_RATER_WEIGHTS)),
           lambda: float(servqual.rater(data=_RATER_SCORES, dimensions=_RATER_DIMS, weights=_RATER_WEIGHTS)))
    yield ("to_ranks values", lambda: scales.to_ranks(values=_ANSWERS).tolist(),
           lambda: scales.to_ranks(data=_ANSWERS).tolist())
    yield ("to_ranks scale", lambda: scales.to_ranks(_ANSWERS, "7-level").tolist(),
           lambda: scales.to_ranks(_ANSWERS, scale="7-level").tolist())
    yield ("score_of scale scoring", lambda: scales.score_of("满意", "5-level", "0-100"),
           lambda: scales.score_of("满意", scale="5-level", scoring="0-100"))
    yield ("level_of scale scoring", lambda: scales.level_of(23.3, "7-level", "sources"),
           lambda: scales.level_of(23.3, scale="7-level", scoring="sources"))
    yield ("rescore positional", lambda: scales.rescore(23.3, "7-level", "sources", "likert"),
           lambda: scales.rescore(23.3, scale="7-level", from_scoring="sources", to_scoring="likert"))
    counts = [0, 0, 1, 0, 0, 2, 1]
    yield ("distribution_degree scale scoring", lambda: degree.distribution_degree(counts, "7-level", "sources").degree,
           lambda: degree.distribution_degree(counts, scale="7-level", scoring="sources").degree)


@pytest.mark.parametrize("case", list(_old_and_new()), ids=lambda case: case[0])
def test_old_use_still_works_with_a_warning(case):
    _, old, new = case
    with pytest.warns(DeprecationWarning, match=r"^csat_examples\.[\w.]+\(\): "):
        before = old()
    assert before == new()


def test_pls_old_positional_scale_and_lang_still_work():
    from csat_examples.pls import ECSI, csi_index, fit_pls, path_diagram, simulate
    result = fit_pls(simulate(ECSI, 0.3, n=60, scale=(1, 10), seed=1), ECSI)
    with pytest.warns(DeprecationWarning, match=r"csi_index\(\): pass 'scale' by keyword"):
        assert csi_index(result, "satisfaction", (1, 10)) == csi_index(result, "satisfaction", scale=(1, 10))
    with pytest.warns(DeprecationWarning, match=r"path_diagram\(\): pass 'lang' by keyword"):
        path_diagram(ECSI, "zh")


def test_new_results_still_unpack_like_the_old_tuples():
    import numpy as np

    from csat_examples.ipa import crosshair_of
    from csat_examples.pls import ECSI, implied_r_squared
    from csat_examples.pls.reliability import block_unidimensionality

    x, y = crosshair_of(pd.DataFrame({"importance": [10, 30], "performance": [4.0, 6.0]}))
    assert (x, y) == (20.0, 5.0)
    alpha, rho, eig1, eig2 = block_unidimensionality(np.array([[1.0, 2], [2, 3], [3, 3]]), "A")
    assert eig1 + eig2 == pytest.approx(2.0) and 0 <= alpha <= 1
    r2, sigma = implied_r_squared(ECSI, 0.3)
    assert list(r2.index) == list(ECSI.endogenous) and sigma.shape == (len(ECSI.constructs),) * 2
