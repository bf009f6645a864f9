"""The statistics the sources name: item means with confidence intervals,
tests for a change between two survey waves, control charts, Pareto tables.

Seed 001 lists the tools of satisfaction analysis: bar, line, cause-and-effect
and Pareto charts; mean satisfaction, standard deviation, significance tests
and control charts.  This module computes the numbers behind them.

References
----------
Montgomery, D. C. (2013). *Introduction to Statistical Quality Control*, 7th
ed. Wiley: section 7.2 (p chart), 6.3 (x-bar and s charts, also with variable
sample size).
Welch, B. L. (1947). The generalization of "Student's" problem when several
different population variances are involved. *Biometrika* 34, 28-35.
Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed.: the two-proportion
z test.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .distributions import log_gamma_ratio, normal_ppf, normal_sf, t_ppf, t_sf
from .errors import CsatInputError
from .validation import (
    MAX_ABS,
    handle_missing,
    require_columns,
    require_finite,
    require_not_empty,
    require_numeric,
)

__all__ = [
    "TestResult",
    "item_summary",
    "two_proportion_test",
    "welch_test",
    "welch_result",
    "c4",
    "p_chart",
    "xbar_s_chart",
    "pareto",
]

Missing = Literal["error", "exclude"]


@dataclass(frozen=True)
class TestResult:
    """Result of a two-sample test.

    Attributes
    ----------
    statistic : float
        z or t.
    p_value : float
        Two-sided.
    df : float
        Degrees of freedom (``nan`` for a z test).
    difference : float
        Second sample minus first (e.g. new wave − old wave).
    ci_low, ci_high : float
        Confidence interval of the difference.
    method : str
        Name of the test.
    confidence : float
        Level of the interval.
    """

    __test__ = False  # not a pytest test class despite its name

    statistic: float
    p_value: float
    df: float
    difference: float
    ci_low: float
    ci_high: float
    method: str
    confidence: float = 0.95

    def significant(self, alpha: float = 0.05) -> bool:
        """True when the difference is significant at level ``alpha`` (``p_value < alpha``).

        Parameters
        ----------
        alpha : float
            Significance level, between 0 and 1 (default 0.05, the report's).

        Examples
        --------
        >>> r = two_proportion_test(70, 100, 60, 100)   # p = 0.138
        >>> r.significant(), r.significant(alpha=0.2)
        (False, True)
        """
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
            raise CsatInputError("alpha must be between 0 and 1", argument="alpha", value=alpha, fix="use e.g. 0.05")
        return bool(self.p_value < alpha)


def _check_confidence(confidence: float) -> None:
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise CsatInputError("confidence must be between 0 and 1", argument="confidence",
                             value=confidence, fix="use e.g. 0.95")


def item_summary(
    data: pd.DataFrame,
    items: Iterable[Hashable] | None = None,
    *,
    confidence: float = 0.95,
    missing: Missing = "exclude",
) -> pd.DataFrame:
    """Mean, standard deviation and t confidence interval of each item.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows = respondents, columns = items (numeric scores).
    items : list of column names, optional
        Items to summarise (all columns when None).
    confidence : float
        Level of the interval (default 0.95).
    missing : {"exclude", "error"}
        ``"exclude"`` (default) uses every answer an item has and counts the
        blanks per item in ``excluded``; ``"error"`` raises on a blank.

    Returns
    -------
    pandas.DataFrame
        ``item, n, mean, sd, se, ci_low, ci_high, excluded``.  With a single
        answer, ``sd``, ``se`` and the interval are ``NaN``.

    Notes
    -----
    :math:`s` is the sample standard deviation (divisor :math:`n-1`),
    :math:`se = s/\\sqrt n`, interval :math:`\\bar x \\pm t_{(1+c)/2,\\,n-1}\\,se`.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [4, 5, 6], "q2": [7, None, 5]})
    >>> item_summary(df).round(3).values.tolist()
    [['q1', 3, 5.0, 1.0, 0.577, 2.516, 7.484, 0], ['q2', 2, 6.0, 1.414, 1.0, -6.706, 18.706, 1]]
    """
    _check_confidence(confidence)
    require_not_empty(data, "data")
    cols = list(data.columns) if items is None else list(items)
    require_columns(data, cols, "items")
    require_numeric(data, cols, "data")
    if any(_too_large(data[col]) for col in cols):
        require_finite(data, cols, "data")  # names the first bad cell
    if missing == "error":
        handle_missing(data, cols, "error", "data")
    elif missing != "exclude":
        handle_missing(data, cols, missing, "data")  # raises the unknown-policy error
    rows = []
    quantiles: dict[int, float] = {}  # items answered by as many respondents share their t quantile
    for col in cols:
        values = data[col].to_numpy(dtype=float, na_value=np.nan)
        blank = np.isnan(values)
        if blank.any():  # (a column without blanks is not copied)
            values = values[~blank]
        n = len(values)
        if n == 0:
            raise CsatInputError(
                "item has no answers", argument="data", column=col,
                value=f"{len(data)} blanks", fix="drop the item or fill its answers",
            )
        mean = float(values.mean())
        sd = float(values.std(ddof=1)) if n > 1 else math.nan
        se = sd / math.sqrt(n) if n > 1 else math.nan
        if n > 1 and n not in quantiles:
            quantiles[n] = t_ppf((1 + confidence) / 2, n - 1)
        half = quantiles[n] * se if n > 1 else math.nan
        rows.append({
            "item": col, "n": n, "mean": mean, "sd": sd, "se": se,
            "ci_low": mean - half, "ci_high": mean + half, "excluded": len(data) - n,
        })
    return pd.DataFrame(rows, columns=["item", "n", "mean", "sd", "se", "ci_low", "ci_high", "excluded"])


def _too_large(column: pd.Series) -> bool:
    """Whether a numeric column holds an infinite number or one beyond ``MAX_ABS`` (what require_finite refuses).

    Column by column: require_finite on a table of a million rows by 25
    items builds three temporary tables of its size, ten times the time.
    The largest and smallest numbers (blanks ignored) answer it without the
    two temporary columns of ``abs(x) > MAX_ABS``: a third of the time.

    Examples
    --------
    >>> _too_large(pd.Series([1.0, None, -2e100])), _too_large(pd.Series([1.0, None])), _too_large(pd.Series([None]))
    (True, False, False)
    """
    values = column.to_numpy(dtype=float, na_value=np.nan)
    return bool(len(values)) and bool(np.fmax.reduce(values) > MAX_ABS or np.fmin.reduce(values) < -MAX_ABS)


def _count(value: object, argument: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer, float, np.floating)):
        raise CsatInputError("not a count", argument=argument, value=value,
                             fix="pass a whole number of respondents")
    if not float(value).is_integer() or value < 0:
        raise CsatInputError("not a whole, non-negative count", argument=argument, value=value,
                             fix="pass a whole number of respondents")
    return int(value)


def two_proportion_test(
    x1: int, n1: int, x2: int, n2: int, *, confidence: float = 0.95
) -> TestResult:
    """z test for a change in satisfaction rate between two independent samples.

    Parameters
    ----------
    x1, n1 : int
        Satisfied respondents and respondents in the first sample (e.g. the
        earlier wave).
    x2, n2 : int
        The same for the second sample.
    confidence : float
        Level of the interval for the difference.

    Returns
    -------
    TestResult
        ``difference`` = p2 − p1 (proportions, 0-1).

    Notes
    -----
    :math:`z = (p_2 - p_1) / \\sqrt{\\bar p (1-\\bar p)(1/n_1 + 1/n_2)}` with the
    pooled :math:`\\bar p = (x_1 + x_2)/(n_1 + n_2)`; two-sided p-value
    :math:`2\\,(1-\\Phi(|z|))`.  The interval uses the unpooled (Wald) standard
    error :math:`\\sqrt{p_1(1-p_1)/n_1 + p_2(1-p_2)/n_2}`.  The normal
    approximation needs about 5 or more satisfied and unsatisfied answers in
    each sample.

    Examples
    --------
    Wave 1: 240 of 400 satisfied (60 %); wave 2: 272 of 400 (68 %).

    >>> r = two_proportion_test(240, 400, 272, 400)
    >>> round(r.difference, 2), round(r.statistic, 3), round(r.p_value, 4)
    (0.08, 2.358, 0.0184)
    """
    _check_confidence(confidence)
    x1, n1, x2, n2 = (_count(v, a) for v, a in ((x1, "x1"), (n1, "n1"), (x2, "x2"), (n2, "n2")))
    for x, n, ax, an in ((x1, n1, "x1", "n1"), (x2, n2, "x2", "n2")):
        if n == 0:
            raise CsatInputError("sample has no respondents", argument=an, value=n,
                                 fix="pass the number of respondents (at least 1)")
        if x > n:
            raise CsatInputError(f"more satisfied respondents than respondents ({an}={n})",
                                 argument=ax, value=x, fix=f"{ax} must be between 0 and {an}")
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = p2 - p1
    if se0 == 0:
        # Everybody (or nobody) satisfied in both samples: no evidence of a change.
        z, p = 0.0, 1.0
    else:
        z = diff / se0
        p = 2 * normal_sf(abs(z))
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    half = normal_ppf((1 + confidence) / 2) * se
    return TestResult(z, p, math.nan, diff, diff - half, diff + half,
                      "two-proportion z test (pooled)", confidence)


def _sample(values: object, argument: str, missing: Missing) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        raise CsatInputError("expected one column of scores, got a DataFrame", argument=argument,
                             fix="pass a Series, list or array")
    s = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values, dtype=object).ravel())
    require_not_empty(s, argument)
    frame = s.to_frame(name=argument)
    require_numeric(frame, [argument], argument)
    require_finite(frame, [argument], argument)
    kept, _ = handle_missing(frame, [argument], missing, argument)
    arr = kept[argument].to_numpy(dtype=float)
    if len(arr) < 2:
        raise CsatInputError("needs at least 2 answers", argument=argument, value=len(arr),
                             fix="pass at least two scores in each sample")
    return arr


def welch_statistic(xa: np.ndarray, xb: np.ndarray) -> tuple[float, float, float, float]:
    """``(t, df, difference, se)`` of Welch's test on two checked arrays of at least 2 scores.

    Examples
    --------
    >>> [round(v, 4) for v in welch_statistic(np.array([4., 5., 6.]), np.array([5., 6., 7., 8.]))]
    [1.7321, 4.959, 1.5, 0.866]
    """
    if np.ptp(xa) == 0 and np.ptp(xb) == 0:
        raise CsatInputError(
            "both samples have no spread (every score equal)", argument="b",
            value=f"{xa[0]:g} and {xb[0]:g}", fix="a t test needs variation; compare the means directly",
        )
    return welch_from_moments(float(xa.mean()), float(xa.var(ddof=1)), len(xa),
                              float(xb.mean()), float(xb.var(ddof=1)), len(xb))


def welch_arrays(mean_a: np.ndarray, var_a: np.ndarray, n_a: np.ndarray, mean_b: np.ndarray, var_b: np.ndarray,
                 n_b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(t, df, difference, se)`` of many Welch tests at once, from arrays of means, variances (n-1) and sizes.

    The one copy of the arithmetic: :func:`welch_from_moments` runs it for
    a single test and checks the result; callers that run thousands of
    tests from group sums (:func:`csat_examples.breakdown.breakdown`) pass
    arrays, and get NaN where both variances are 0 (nothing to test).
    Element by element the numbers are those of the single test, bit for bit.

    Examples
    --------
    >>> t, df, diff, se = welch_arrays(np.array([5.0, 2.0]), np.array([1.0, 0.0]), np.array([3, 5]),
    ...                                np.array([6.5, 2.0]), np.array([5 / 3, 0.0]), np.array([4, 5]))
    >>> [round(float(v), 4) for v in (t[0], df[0], diff[0], se[0])], bool(np.isnan(t[1]))
    ([1.7321, 4.959, 1.5, 0.866], True)
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        va, vb = np.divide(var_a, n_a), np.divide(var_b, n_b)
        total = va + vb
        se = np.sqrt(total)
        diff = np.subtract(mean_b, mean_a)
        # Shares of the total variance, so that squaring cannot overflow or underflow (scores of 1e77 did).
        share_a, share_b = va / total, vb / total
        # products, not ``**2``: numpy squares arrays exactly but raises scalars with pow(), which may differ
        # in the last bit; a product is the same for one test and for many
        df = 1.0 / (share_a * share_a / np.subtract(n_a, 1) + share_b * share_b / np.subtract(n_b, 1))
        return diff / se, df, diff, se


def welch_from_moments(mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float,
                       n_b: int) -> tuple[float, float, float, float]:
    """``(t, df, difference, se)`` of Welch's test from each sample's mean, variance (n-1) and size.

    The arithmetic of :func:`welch_test` without its input checks
    (:func:`welch_arrays` for one test); both variances must not be 0.

    Examples
    --------
    >>> [round(v, 4) for v in welch_from_moments(5.0, 1.0, 3, 6.5, 5 / 3, 4)]
    [1.7321, 4.959, 1.5, 0.866]
    """
    t, df, diff, se = (float(v) for v in welch_arrays(mean_a, var_a, n_a, mean_b, var_b, n_b))
    if se == 0:
        raise CsatInputError("both samples have (almost) no spread", argument="b", value=f"variances {var_a:g} and {var_b:g}",
                             fix="a t test needs variation; compare the means directly")
    if not math.isfinite(se):
        raise CsatInputError("the scores are too large to compare", argument="b", value=f"variances {var_a:g} and {var_b:g}",
                             fix="check the scores for typing errors (a score of 10^150 is not an answer)")
    return t, df, diff, se


def welch_test(
    a: pd.Series | Iterable[float],
    b: pd.Series | Iterable[float],
    *,
    confidence: float = 0.95,
    missing: Missing = "error",
) -> TestResult:
    """Welch's t test for a change in mean score between two independent samples.

    Parameters
    ----------
    a, b : pandas.Series or sequence of float
        Scores of the first and second sample (e.g. old and new wave).
    confidence : float
        Level of the interval for the difference.
    missing : {"error", "exclude"}
        Blank scores raise, or are left out.

    Returns
    -------
    TestResult
        ``difference`` = mean(b) − mean(a); ``df`` the Welch-Satterthwaite
        degrees of freedom.

    Notes
    -----
    :math:`t = (\\bar b - \\bar a)/\\sqrt{s_a^2/n_a + s_b^2/n_b}`,
    :math:`df = (s_a^2/n_a + s_b^2/n_b)^2 / \\left[\\frac{(s_a^2/n_a)^2}{n_a-1}
    + \\frac{(s_b^2/n_b)^2}{n_b-1}\\right]`.  Unlike Student's test it does
    not assume equal variances in the two waves.  Same result as
    ``scipy.stats.ttest_ind(b, a, equal_var=False)``.

    Examples
    --------
    >>> r = welch_test([4, 5, 6], [5, 6, 7, 8])
    >>> round(r.difference, 2), round(r.statistic, 4), round(r.df, 3)
    (1.5, 1.7321, 4.959)
    """
    _check_confidence(confidence)
    return welch_result(_sample(a, "a", missing), _sample(b, "b", missing), confidence=confidence)


def welch_result(xa: np.ndarray, xb: np.ndarray, *, confidence: float = 0.95) -> TestResult:
    """:func:`welch_test` of two arrays already checked: finite floats, no blanks, at least 2 of each.

    For callers whose scores were checked once for many tests (the report
    compares each item's waves from the checked score table); the checks of
    :func:`welch_test` cost more than the test on a million scores.

    Examples
    --------
    >>> r = welch_result(np.array([4.0, 5.0, 6.0]), np.array([5.0, 6.0, 7.0, 8.0]))
    >>> r == welch_test([4, 5, 6], [5, 6, 7, 8])
    True
    """
    t, df, diff, se = welch_statistic(xa, xb)
    p = 2 * t_sf(abs(t), df)
    half = t_ppf((1 + confidence) / 2, df) * se
    return TestResult(t, p, float(df), diff, diff - half, diff + half, "Welch two-sample t test",
                      confidence)


def c4(n: int | np.ndarray) -> float | np.ndarray:
    """Bias-correction constant :math:`c_4(n)` of the sample standard deviation.

    Notes
    -----
    :math:`c_4(n) = \\sqrt{2/(n-1)}\\;\\Gamma(n/2)/\\Gamma((n-1)/2)`, so that
    :math:`E[s] = c_4\\,\\sigma` for normal data (the gamma ratio from
    :func:`~csat_examples.distributions.log_gamma_ratio`, exact for any n >= 2).

    Examples
    --------
    >>> round(c4(2), 4), round(c4(5), 4), round(c4(25), 4)
    (0.7979, 0.94, 0.9896)
    """
    n = np.asarray(n, dtype=float)
    ratio = np.vectorize(log_gamma_ratio, otypes=[float])((n - 1) / 2)
    value = np.sqrt(2 / (n - 1)) * np.exp(-ratio)
    return float(value) if value.ndim == 0 else value


def _periods(data: pd.DataFrame, period: Hashable) -> pd.Series:
    blank = data[period].isna().to_numpy()
    if blank.any():
        i = int(np.argmax(blank))
        raise CsatInputError("period is missing", argument="data", row=data.index[i], column=period,
                             value=None, fix="give every row a period (e.g. '2025-04')")
    return data[period]


def p_chart(
    data: pd.DataFrame,
    period: Hashable = "period",
    satisfied_count: Hashable = "satisfied",
    n: Hashable = "n",
) -> pd.DataFrame:
    """p chart of the satisfaction rate per period.

    Parameters
    ----------
    data : pandas.DataFrame
        Counts per period: a period column, the satisfied count and the
        number of respondents (several rows of a period are added up).
    period, satisfied_count, n : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per period, in sorted period order: ``period, satisfied, n,
        p, center, ucl, lcl, out_of_control``.

    Notes
    -----
    :math:`p_i = x_i/n_i`, centre :math:`\\bar p = \\sum x_i / \\sum n_i`, limits
    :math:`\\bar p \\pm 3\\sqrt{\\bar p(1-\\bar p)/n_i}` clipped to [0, 1]
    (they vary with each period's :math:`n_i`).  A period is out of control
    when :math:`p_i` lies outside its limits.

    References
    ----------
    Montgomery (2013), section 7.2.

    Examples
    --------
    >>> counts = pd.DataFrame({"period": ["Q1", "Q2", "Q3"], "satisfied": [60, 70, 40], "n": [100, 100, 100]})
    >>> p_chart(counts)[["p", "center", "ucl", "lcl", "out_of_control"]].round(4).values.tolist()
    [[0.6, 0.5667, 0.7153, 0.418, False], [0.7, 0.5667, 0.7153, 0.418, False], [0.4, 0.5667, 0.7153, 0.418, True]]
    """
    require_not_empty(data, "data")
    require_columns(data, [period, satisfied_count, n], "data")
    require_numeric(data, [satisfied_count, n], "data")
    require_finite(data, [satisfied_count, n], "data")
    handle_missing(data, [satisfied_count, n], "error", "data")
    for col in (satisfied_count, n):
        values = data[col].to_numpy(dtype=float)
        bad = (values < 0) | (values != np.round(values))
        if bad.any():
            i = int(np.argmax(bad))
            raise CsatInputError("not a whole, non-negative count", argument="data", row=data.index[i],
                                 column=col, value=float(values[i]), fix="pass counts of respondents")
    x = data[satisfied_count].to_numpy(dtype=float)
    size = data[n].to_numpy(dtype=float)
    bad = x > size
    if bad.any():
        i = int(np.argmax(bad))
        raise CsatInputError(f"more satisfied than respondents (n = {size[i]:g})", argument="data",
                             row=data.index[i], column=satisfied_count, value=float(x[i]),
                             fix=f"{satisfied_count} must not exceed {n}")
    grouped = (
        pd.DataFrame({"period": _periods(data, period).to_numpy(), "satisfied": x, "n": size})
        .groupby("period", sort=True).sum()
    )
    if (grouped["n"] == 0).any():
        raise CsatInputError("period has no respondents", argument="data", column=n,
                             value=grouped.index[(grouped["n"] == 0).to_numpy()][0],
                             fix="drop the period or give its respondents")
    out = grouped.reset_index()
    out["satisfied"] = out["satisfied"].astype("int64")
    out["n"] = out["n"].astype("int64")
    out["p"] = out["satisfied"] / out["n"]
    center = out["satisfied"].sum() / out["n"].sum()
    half = 3 * np.sqrt(center * (1 - center) / out["n"])
    out["center"] = center
    out["ucl"] = np.minimum(1.0, center + half)
    out["lcl"] = np.maximum(0.0, center - half)
    out["out_of_control"] = (out["p"] > out["ucl"]) | (out["p"] < out["lcl"])
    return out


def xbar_s_chart(data: pd.DataFrame, period: Hashable = "period", value: Hashable = "value") -> pd.DataFrame:
    """X-bar and S charts of a mean score per period (subgroup sizes may differ).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent: a period column and a numeric score.
    period, value : str
        Column names.  Blank scores are not allowed (filter them first, e.g.
        with :func:`csat_examples.validation.handle_missing`).

    Returns
    -------
    pandas.DataFrame
        One row per period, sorted: ``period, n, mean, sd, center, ucl, lcl,
        s_center, s_ucl, s_lcl, out_of_control`` (out of control when the
        mean or the standard deviation lies outside its limits).

    Notes
    -----
    With :math:`m` periods of sizes :math:`n_i`, means :math:`\\bar x_i` and
    standard deviations :math:`s_i`: grand mean
    :math:`\\bar{\\bar x} = \\sum n_i \\bar x_i / \\sum n_i`; pooled
    :math:`\\bar s = \\sqrt{\\sum (n_i-1) s_i^2 / (\\sum n_i - m)}`;
    :math:`A_3 = 3/(c_4\\sqrt{n_i})`, :math:`B_{3,4} = 1 \\mp 3\\sqrt{1-c_4^2}/c_4`
    (:math:`B_3` floored at 0), with :math:`c_4 = c_4(n_i)` (:func:`c4`).
    X-bar limits :math:`\\bar{\\bar x} \\pm A_3 \\bar s`; S chart centre
    :math:`\\bar s`, limits :math:`B_3\\bar s`, :math:`B_4\\bar s`.  With equal
    sizes these are the textbook constants (e.g. :math:`n = 5`:
    :math:`A_3 = 1.427`, :math:`B_4 = 2.089`).

    References
    ----------
    Montgomery (2013), section 6.3 and 6.3.2 (variable sample size).

    Examples
    --------
    >>> df = pd.DataFrame({"period": ["a"] * 3 + ["b"] * 3, "value": [4, 5, 6, 5, 6, 7]})
    >>> xbar_s_chart(df)[["period", "mean", "center", "ucl", "s_ucl"]].round(3).values.tolist()
    [['a', 5.0, 5.5, 7.454, 2.568], ['b', 6.0, 5.5, 7.454, 2.568]]
    """
    require_not_empty(data, "data")
    require_columns(data, [period, value], "data")
    require_numeric(data, [value], "data")
    require_finite(data, [value], "data")
    handle_missing(data, [value], "error", "data")
    frame = pd.DataFrame({"period": _periods(data, period).to_numpy(),
                          "value": data[value].to_numpy(dtype=float)})
    g = frame.groupby("period", sort=True)["value"]
    out = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1)}).reset_index()
    small = out["n"] < 2
    if small.any():
        raise CsatInputError(
            "period has fewer than 2 scores", argument="data", column=period,
            value=out.loc[small, "period"].iloc[0],
            fix="merge small periods or drop them: a standard deviation needs 2 scores",
        )
    n_i = out["n"].to_numpy(dtype=float)
    grand = float((n_i * out["mean"]).sum() / n_i.sum())
    s_bar = math.sqrt(float(((n_i - 1) * out["sd"] ** 2).sum() / (n_i.sum() - len(out))))
    c = c4(n_i)
    a3 = 3 / (c * np.sqrt(n_i))
    spread = 3 * np.sqrt(1 - c**2) / c
    out["center"] = grand
    out["ucl"] = grand + a3 * s_bar
    out["lcl"] = grand - a3 * s_bar
    out["s_center"] = s_bar
    out["s_ucl"] = (1 + spread) * s_bar
    out["s_lcl"] = np.maximum(0.0, 1 - spread) * s_bar
    out["out_of_control"] = (
        (out["mean"] > out["ucl"]) | (out["mean"] < out["lcl"])
        | (out["sd"] > out["s_ucl"]) | (out["sd"] < out["s_lcl"])
    )
    return out


def pareto(causes: pd.Series | Iterable[str] | Mapping[str, float]) -> pd.DataFrame:
    """Pareto table: causes by count, largest first, with cumulative share.

    Parameters
    ----------
    causes : Series, sequence or mapping
        Either one cause per complaint (labels; empty strings and blanks mean
        "no complaint" and are not causes: their number is in
        ``attrs["no_cause"]``), or a mapping / numeric Series cause -> count.

    Returns
    -------
    pandas.DataFrame
        ``cause, count, share, cumulative_share`` (shares in %, 0-100), sorted
        by count descending, ties by cause name.

    Notes
    -----
    :math:`share_k = 100\\,c_k/\\sum c`; cumulative share = running sum.  The
    first causes up to about 80 % are the "vital few".

    Examples
    --------
    >>> t = pareto(["noise", "repairs", "", "repairs", "fees", "repairs", "noise"])
    >>> t.round(1).values.tolist()
    [['repairs', 3, 50.0, 50.0], ['noise', 2, 33.3, 83.3], ['fees', 1, 16.7, 100.0]]
    >>> t.attrs["no_cause"]
    1
    >>> pareto({"staff": 68, "product": 14, "other": 18})["cause"].tolist()
    ['staff', 'other', 'product']
    """
    no_cause = 0
    if isinstance(causes, Mapping) or (
        isinstance(causes, pd.Series) and pd.api.types.is_numeric_dtype(causes.dtype)
        and not pd.api.types.is_bool_dtype(causes.dtype)
    ):
        counts = pd.Series(dict(causes) if isinstance(causes, Mapping) else causes.to_dict(), dtype=object)
        require_not_empty(counts, "causes")
        frame = counts.to_frame("count")
        require_numeric(frame, ["count"], "causes")
        handle_missing(frame, ["count"], "error", "causes")
        values = frame["count"].to_numpy(dtype=float)
        bad = (values < 0) | ~np.isfinite(values)
        if bad.any():
            i = int(np.argmax(bad))
            raise CsatInputError("count is negative or not finite", argument="causes",
                                 row=frame.index[i], value=float(values[i]), fix="pass counts >= 0")
        counts = pd.Series(values, index=frame.index)
    else:
        if isinstance(causes, (str, bytes)) or not isinstance(causes, Iterable):
            raise CsatInputError(f"expected causes, got {type(causes).__name__}", argument="causes",
                                 fix="pass one cause per complaint, or a mapping cause -> count")
        s = causes if isinstance(causes, pd.Series) else pd.Series(list(causes), dtype=object)
        require_not_empty(s, "causes")
        blank = s.isna() | (s.astype(str).str.strip() == "")
        no_cause = int(blank.sum())
        counts = s[~blank].astype(str).str.strip().value_counts()
    if counts.sum() <= 0:
        raise CsatInputError("no cause to count", argument="causes",
                             value=f"{no_cause} rows without a cause",
                             fix="pass at least one complaint with a cause")
    table = pd.DataFrame({"cause": [str(c) for c in counts.index], "count": counts.to_numpy()})
    if (table["count"] == np.round(table["count"])).all():
        table["count"] = table["count"].astype("int64")
    table = table.sort_values(["count", "cause"], ascending=[False, True], kind="stable").reset_index(drop=True)
    total = table["count"].sum()
    table["share"] = 100.0 * table["count"] / total
    table["cumulative_share"] = 100.0 * table["count"].cumsum() / total
    table.attrs["no_cause"] = no_cause
    return table
