"""Tail probabilities and quantiles of the normal and Student t distributions.

The library's tests and intervals (:mod:`csat_examples.stats`, the PLS path
p-values in :mod:`csat_examples.pls.inner`) need four numbers: normal and t
upper-tail probabilities and quantiles.  They are computed here in plain
Python instead of with ``scipy.stats``, which took half of the library's
import time and, in the in-browser notebooks (JupyterLite), a 14 MB download
(see README, "Benchmarks").  The tests check every function against
``scipy.stats`` over a grid of arguments to a relative 1e-12.

Notes
-----
Student's t with :math:`\\nu` degrees of freedom, for :math:`t > 0`:
:math:`P(T > t) = \\tfrac12 I_x(\\nu/2, 1/2)` with :math:`x = \\nu/(\\nu + t^2)`,
and :math:`P(|T| < t) = I_{1-x}(1/2, \\nu/2)`, where :math:`I` is the
regularized incomplete beta function, evaluated by its continued fraction
(modified Lentz) on the side where it converges.  Quantiles solve
:math:`P(T > t) = p` (or :math:`P(|T| < t) = 1 - 2p` near the centre) by
Newton's method on :math:`\\ln t`, whose tails are nearly straight lines.
:math:`\\ln\\Gamma(a) - \\ln\\Gamma(a + 1/2)` uses the Stirling series for
:math:`a \\ge 10`, so that it keeps full precision for large :math:`a`.

References
----------
Press, W. H. et al. (2007). *Numerical Recipes*, 3rd ed., section 6.4
(incomplete beta function and its continued fraction).
Abramowitz, M. and Stegun, I. A. (1964). *Handbook of Mathematical
Functions*, 6.1.40 (Stirling series) and 26.7.1 (Student's t).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Generator
from decimal import Decimal, localcontext
from statistics import NormalDist

import numpy as np

__all__ = ["normal_sf", "normal_ppf", "t_sf", "t_sf_array", "t_ppf", "t_ppf_array", "log_gamma_ratio"]

_STANDARD_NORMAL = NormalDist()
_SQRT1_2 = 0.7071067811865476
_HALF_LOG_PI = 0.5 * math.log(math.pi)
#: Stirling series of ln Gamma(z): B_2k / (2k (2k-1)) for k = 1..8.
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400)
_TINY = 1e-300
_LOG_MAX = math.log(sys.float_info.max)
_EPS = 2.0 ** -53
#: Above this first parameter the continued fraction runs in decimals (see ``_fraction``).
_DECIMAL_FROM = 500.0
#: From these degrees of freedom on, t is the normal with its first 1/df correction: the next term,
#: of order 1/df^2, is below a double's precision, and the incomplete beta loses its digits (at 1e20
#: it gave P(T > 8) = 0.004 instead of 6.2e-16).
_NORMAL_DF = 1e15
#: Quantiles for upper tails above this are solved on P(|T| < t) (see ``_quantile_steps``).
_CENTRAL_FROM = 0.25


def normal_sf(z: float) -> float:
    """Upper-tail probability :math:`P(Z > z)` of the standard normal.

    Examples
    --------
    >>> round(normal_sf(1.959963984540054), 6)
    0.025
    """
    return 0.5 * math.erfc(z * _SQRT1_2)


def normal_ppf(q: float) -> float:
    """Quantile of the standard normal: the :math:`z` with :math:`P(Z \\le z) = q`, ``0 < q < 1``.

    Examples
    --------
    >>> round(normal_ppf(0.975), 6)
    1.959964
    """
    return _STANDARD_NORMAL.inv_cdf(q)


def _stirling(z: float) -> float:
    """The series part of ln Gamma(z) (Stirling), accurate to 1e-17 for z >= 10."""
    inv = 1.0 / z
    inv2 = inv * inv
    total = 0.0
    for coefficient in reversed(_STIRLING):
        total = total * inv2 + coefficient
    return total * inv


def log_gamma_ratio(a: float) -> float:
    """:math:`\\ln\\Gamma(a) - \\ln\\Gamma(a + 1/2)` for ``a > 0``, without cancellation for large ``a``.

    Examples
    --------
    Gamma(1) / Gamma(1.5) = 2 / sqrt(pi):

    >>> round(math.exp(log_gamma_ratio(1.0)), 12) == round(2 / math.sqrt(math.pi), 12)
    True
    """
    if a < 10.0:
        return math.lgamma(a) - math.lgamma(a + 0.5)
    return _stirling_ratio(a, math.log(a), math.log1p(0.5 / a))


def _stirling_ratio(a, log_a, log1p_half):  # floats, or arrays (of a >= 10)
    """:func:`log_gamma_ratio` for ``a >= 10`` from ``ln a`` and ``ln(1 + 1/(2a))``.

    Only + - * /, so numpy's arrays give the scalar's bits.
    """
    # (a - 1/2) ln a - a - [a ln(a + 1/2) - (a + 1/2)], rearranged so that nothing large cancels
    return -0.5 * log_a - a * log1p_half + 0.5 + _stirling(a) - _stirling(a + 0.5)


def _log_gamma_ratio_array(a: np.ndarray) -> np.ndarray:
    """:func:`log_gamma_ratio` of many ``a``, bit for bit: the logarithms by the math module, the series in arrays."""
    out = np.empty(len(a))
    small = a < 10.0
    out[small] = [math.lgamma(v) - math.lgamma(v + 0.5) for v in a[small].tolist()]
    large = a[~small]
    out[~small] = _stirling_ratio(large, np.array([math.log(v) for v in large.tolist()]),
                                  np.array([math.log1p(0.5 / v) for v in large.tolist()]))
    return out


def _continued_fraction(a, b, x):  # floats, or Decimals (all three of one type)
    """Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a + 1) / (a + b + 2)."""
    kind = type(x)
    one, tiny, eps = kind(1), kind(_TINY), kind(_EPS)
    qab, qap, qam = a + b, a + one, a - one
    c = one
    d = one - qab * x / qap
    d = one / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = one + aa * d
            d = one / (d if abs(d) > tiny else tiny)
            c = one + aa / c
            c = c if abs(c) > tiny else tiny
            delta = d * c
            h *= delta
        if abs(delta - one) < eps:
            return h
    raise ArithmeticError(f"incomplete beta continued fraction did not converge (a={a}, b={b}, x={x})")


def _continued_fraction_array(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """:func:`_continued_fraction` of many ``(a, b, x)`` at once (1-d arrays of one length).

    The arrays hold floats, or Decimals (``dtype=object``, all three; the
    result then is too).  The same steps in the same order, entry by entry,
    so each result is the scalar one bit for bit: the loop runs on the
    entries not yet converged, and an entry leaves it at the iteration where
    the scalar fraction stops.  A breakdown needs thousands of t tails; one
    pass of array steps costs about what one scalar fraction does in floats
    (in Decimals it saves only the interpreter's share: the decimal arithmetic
    itself is most of the time).
    """
    out = np.empty(len(x), dtype=x.dtype)
    if not len(x):
        return out
    kind = type(x[0]) if x.dtype == object else float
    one, tiny, eps = kind(1), kind(_TINY), kind(_EPS)
    qab, qap, qam = a + b, a + one, a - one
    c = np.full(len(x), one, dtype=x.dtype)
    d = one - qab * x / qap
    d = one / np.where(np.abs(d) > tiny, d, tiny)
    h = d
    left = np.arange(len(x))  # positions in ``out`` of the entries still iterating
    for m in range(1, 100_000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = one + aa * d
            d = one / np.where(np.abs(d) > tiny, d, tiny)
            c = one + aa / c
            c = np.where(np.abs(c) > tiny, c, tiny)
            delta = d * c
            h = h * delta
        done = np.abs(delta - one) < eps
        if done.any():
            out[left[done]] = h[done]
            going = ~done
            if not going.any():
                return out
            left, a, b, x, qab, qap, qam, c, d, h = (v[going] for v in (left, a, b, x, qab, qap, qam, c, d, h))
    raise ArithmeticError(f"incomplete beta continued fraction did not converge (a={a[0]}, b={b[0]}, x={x[0]})")


def _fraction(a: float, b: float, x: float, y: float) -> float:
    """The continued fraction of I_x(a, b), given ``x`` and ``y = 1 - x``.

    For large ``a`` the fraction changes by about ``a`` times any change of
    ``x``, so a double ``x`` close to 1, which keeps only the first digits of
    ``y``, would cost ``a * 1e-16`` of relative accuracy (3e-9 at 10^8
    degrees of freedom).  There ``x = 1 - y`` is formed and the fraction
    evaluated in 34-digit decimals.
    """
    if a <= _DECIMAL_FROM:
        return _continued_fraction(a, b, x)
    with localcontext(prec=34):
        return float(_continued_fraction(*_decimals(a, b, x, y)))


def _decimals(a: float, b: float, x: float, y: float) -> tuple[Decimal, Decimal, Decimal]:
    """``(a, b, x)`` as Decimals for :func:`_fraction`, ``x = 1 - y`` formed in the current context where ``x`` is near 1."""
    return Decimal(a), Decimal(b), Decimal(x) if x < 0.5 else 1 - Decimal(y)


def _incomplete_beta(a: float, b: float, x: float, y: float, log_x: float, log_y: float,
                     log_beta: float) -> float:
    """Regularized incomplete beta I_x(a, b); ``y = 1 - x`` and the logs are passed accurately."""
    if y <= 0.0:
        return 1.0
    front = math.exp(a * log_x + b * log_y - log_beta)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _fraction(a, b, x, y) / a
    return 1.0 - front * _fraction(b, a, y, x) / b


#: A double-double number: arrays ``(high, low)`` whose exact sum is the value (about 32 digits).
_DD = tuple[np.ndarray, np.ndarray]
_SPLITTER = 134217729.0  # 2**27 + 1: Dekker's split of a double into two halves of 26 bits


def _two_sum(a: np.ndarray, b: np.ndarray) -> _DD:
    """``a + b`` exactly, as a double-double (Knuth)."""
    s = a + b
    v = s - a
    return s, (a - (s - v)) + (b - v)


def _quick(s: np.ndarray, e: np.ndarray) -> _DD:
    """Renormalise ``s + e`` with ``|e|`` below half an ulp of ``s`` or so (Dekker's fast two-sum)."""
    h = s + e
    return h, e - (h - s)


def _two_prod(a: np.ndarray, b: np.ndarray) -> _DD:
    """``a * b`` exactly, as a double-double (Dekker: no fused multiply-add in numpy)."""
    p = a * b
    t = _SPLITTER * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = _SPLITTER * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _dd_add(x: _DD, y: _DD) -> _DD:
    s, e = _two_sum(x[0], y[0])
    return _quick(s, e + (x[1] + y[1]))


def _dd_mul(x: _DD, y: _DD) -> _DD:
    p, e = _two_prod(x[0], y[0])
    return _quick(p, e + (x[0] * y[1] + x[1] * y[0]))


def _dd_div(x: _DD, y: _DD) -> _DD:
    q = x[0] / y[0]
    r = _dd_sub(x, _dd_mul(y, _dd(q)))  # the remainder, nearly exact
    return _quick(q, r[0] / y[0])


def _continued_fraction_dd(a: np.ndarray, b: np.ndarray, x: _DD) -> np.ndarray:
    """:func:`_continued_fraction` of many entries in double-double arithmetic, the array form of its decimals.

    ``x`` is a double-double (``1 - y`` exactly when ``x`` is near 1), and
    every step carries about 32 digits, as the scalar decimals do with 34:
    for large ``a`` the fraction magnifies each rounding about ``a`` times
    (see :func:`_fraction`).  Same steps and stopping rule, entry by entry.
    """
    out = np.empty(len(a))
    if not len(a):
        return out
    a_, b_, one = _dd(a), _dd(b), _dd(np.ones(len(a)))
    qab, qap, qam = _dd_add(a_, b_), _dd_add(a_, one), _dd_sub(a_, one)
    c = one
    d = _dd_div(one, _dd_floor(_dd_sub(one, _dd_div(_dd_mul(qab, x), qap))))
    h = d
    left = np.arange(len(a))  # positions in ``out`` of the entries still iterating
    for m in range(1, 100_000):
        one, mm, m2 = (_dd(np.full(len(left), v)) for v in (1.0, float(m), 2.0 * m))
        for aa in (_dd_div(_dd_mul(_dd_mul(mm, _dd_sub(b_, mm)), x), _dd_mul(_dd_add(qam, m2), _dd_add(a_, m2))),
                   _dd_div(_dd_mul(_dd_mul(_dd_neg(_dd_add(a_, mm)), _dd_add(qab, mm)), x),
                           _dd_mul(_dd_add(a_, m2), _dd_add(qap, m2)))):
            d = _dd_div(one, _dd_floor(_dd_add(one, _dd_mul(aa, d))))
            c = _dd_floor(_dd_add(one, _dd_div(aa, c)))
            delta = _dd_mul(d, c)
            h = _dd_mul(h, delta)
        gap = _dd_sub(delta, one)
        done = np.abs(gap[0]) < _EPS
        if done.any():
            out[left[done]] = h[0][done] + h[1][done]
            going = ~done
            if not going.any():
                return out
            left = left[going]
            a_, b_, x, qab, qap, qam, c, d, h = ((v[0][going], v[1][going])
                                                  for v in (a_, b_, x, qab, qap, qam, c, d, h))
    raise ArithmeticError(f"incomplete beta continued fraction did not converge (a={a_[0][0]}, x={x[0][0]})")


def _dd(v: np.ndarray) -> _DD:
    return v, np.zeros(len(v))


def _dd_neg(x: _DD) -> _DD:
    return -x[0], -x[1]


def _dd_sub(x: _DD, y: _DD) -> _DD:
    return _dd_add(x, _dd_neg(y))


def _dd_floor(x: _DD) -> _DD:
    """``x``, or ``_TINY`` where ``|x|`` is not above it (Lentz's guard against dividing by 0)."""
    small = np.abs(x[0]) <= _TINY
    return np.where(small, _TINY, x[0]), np.where(small, 0.0, x[1])


def _fraction_array(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray,
                    decimal: bool = False) -> np.ndarray:
    """:func:`_fraction` of many entries: in doubles, or in double-doubles where it uses decimals.

    ``decimal=True``: in decimals there too, as the scalar does, so every
    entry is its number bit for bit (at about five times the double-doubles' time).
    """
    out = np.empty(len(x))
    exact = a > _DECIMAL_FROM
    if decimal and exact.any():
        with localcontext(prec=34):
            args = [_decimals(*v) for v in zip(a[exact].tolist(), b[exact].tolist(), x[exact].tolist(),
                                                y[exact].tolist())]
            columns = [np.array([v[k] for v in args], dtype=object) for k in range(3)]
            out[exact] = [float(v) for v in _continued_fraction_array(*columns)]
    elif exact.any():
        xe, ye = x[exact], y[exact]
        # x = 1 - y formed exactly where x is near 1 (as _fraction does in decimals)
        high = _two_sum(np.ones(len(ye)), -ye)
        near = xe >= 0.5
        x_dd = (np.where(near, high[0], xe), np.where(near, high[1], 0.0))
        out[exact] = _continued_fraction_dd(a[exact], b[exact], x_dd)
    fast = ~exact
    out[fast] = _continued_fraction_array(a[fast], b[fast], x[fast])
    return out


def _incomplete_beta_array(a: np.ndarray, b: np.ndarray | float, x: np.ndarray, y: np.ndarray,
                           log_x: np.ndarray, log_y: np.ndarray, log_beta: np.ndarray,
                           decimal: bool = False) -> np.ndarray:
    """:func:`_incomplete_beta` of many entries, each side of the fraction as there (``decimal``: see :func:`_fraction_array`)."""
    out = np.ones(len(x))  # y <= 0: 1
    live = y > 0.0
    b = np.broadcast_to(np.asarray(b, dtype=float), np.shape(a))
    a, b, x, y, log_x, log_y, log_beta = (v[live] for v in (a, b, x, y, log_x, log_y, log_beta))
    front = np.array([math.exp(v) for v in (a * log_x + b * log_y - log_beta).tolist()])  # as the scalar one
    lower = x < (a + 1.0) / (a + b + 2.0)
    fraction = _fraction_array(np.where(lower, a, b), np.where(lower, b, a), np.where(lower, x, y),
                               np.where(lower, y, x), decimal)
    out[live] = np.where(lower, front * fraction / a, 1.0 - front * fraction / b)
    return out


def _t_parts(t: float, df: float, beta: bool = True) -> tuple[float, float, float, float, float, float, float]:
    """x = df / (df + t^2), y = 1 - x, their logs, a = df/2, ln B(a, 1/2), ln(1 + t^2/df); t > 0.

    Computed from ``r = t / sqrt(df)`` and ``ln r`` so that nothing overflows or underflows on the way.
    ``beta=False``: ln B left NaN (for callers that compute it for many at once).
    """
    r = t / math.sqrt(df)
    log_r = math.log(t) - 0.5 * math.log(df)
    log1p_r2 = math.log1p(r * r) if r < 1e150 else 2.0 * log_r + math.log1p(math.exp(-2.0 * log_r))
    a = 0.5 * df
    return (math.exp(-log1p_r2), -math.expm1(-log1p_r2), -log1p_r2, 2.0 * log_r - log1p_r2, a,
            log_gamma_ratio(a) + _HALF_LOG_PI if beta else math.nan, log1p_r2)


def _normal_correction(t: float, df: float) -> float:
    """phi(t) (t^3 + t) / (4 df): the 1/df term of P(T > t) - P(Z > t) (Abramowitz & Stegun 26.7.5)."""
    return math.exp(-0.5 * t * t - _HALF_LOG_PI - 0.5 * math.log(2.0)) * (t**3 + t) / (4.0 * df)


def _t_upper(t: float, df: float) -> float:
    if df >= _NORMAL_DF:
        return normal_sf(t) + _normal_correction(t, df)
    x, y, log_x, log_y, a, log_beta, _ = _t_parts(t, df)
    return 0.5 * _incomplete_beta(a, 0.5, x, y, log_x, log_y, log_beta)


def _t_upper_array(t: np.ndarray, df: np.ndarray, central: bool = False, decimal: bool = False) -> np.ndarray:
    """:func:`_t_upper` (``central``: :func:`_t_central`) of many entries, ``t > 0`` finite.

    The parts come from :func:`_t_parts` entry by entry (numpy's ``exp`` and
    ``log`` may differ from the math module's in the last bit, which the
    fraction would magnify); the fractions, the bulk of the work, run in arrays
    (``decimal``: see :func:`_fraction_array`).
    """
    huge = df >= _NORMAL_DF
    if huge.any():  # the normal's expansion, as the scalar does
        out = np.empty(len(t))
        scalar = _t_central if central else _t_upper
        out[huge] = [scalar(*v) for v in zip(t[huge].tolist(), df[huge].tolist())]
        out[~huge] = _t_upper_array(t[~huge], df[~huge], central, decimal)
        return out
    parts = np.array([_t_parts(*v, beta=False) for v in zip(t.tolist(), df.tolist())]).reshape(-1, 7)
    x, y, log_x, log_y, a = parts[:, :5].T
    log_beta = _log_gamma_ratio_array(a) + _HALF_LOG_PI
    if central:
        return _incomplete_beta_array(np.full(len(a), 0.5), a, y, x, log_y, log_x, log_beta, decimal)
    return 0.5 * _incomplete_beta_array(a, 0.5, x, y, log_x, log_y, log_beta, decimal)


def _t_central(t: float, df: float) -> float:
    """P(|T| < t)."""
    if df >= _NORMAL_DF:
        return math.erf(t * _SQRT1_2) - 2.0 * _normal_correction(t, df)
    x, y, log_x, log_y, a, log_beta, _ = _t_parts(t, df)
    return _incomplete_beta(0.5, a, y, x, log_y, log_x, log_beta)


def _t_log_density_times_t(t: float, df: float) -> float:
    """ln(t f(t)), f the t density."""
    _, _, _, _, a, log_beta, log1p_r2 = _t_parts(t, df)
    return math.log(t) - log_beta - 0.5 * math.log(df) - (a + 0.5) * log1p_r2


def t_sf(t: float, df: float) -> float:
    """Upper-tail probability :math:`P(T > t)` of Student's t with ``df > 0`` degrees of freedom.

    Examples
    --------
    >>> round(t_sf(2.0, 10), 8)
    0.03669402
    >>> t_sf(0.0, 3), round(t_sf(-1.0, 1), 12)
    (0.5, 0.75)
    """
    if math.isnan(t):
        return math.nan
    if t == 0.0:
        return 0.5
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    if t < 0.0:
        return 1.0 - _t_upper(-t, df)
    return _t_upper(t, df)


def t_sf_array(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """:func:`t_sf` of many ``(t, df)`` at once (arrays of one shape, or numbers that broadcast).

    The same numbers as :func:`t_sf` element by element (bit for bit where
    its fraction runs in doubles; to about 1e-16 where in decimals, here in
    double-doubles), with the continued fractions run in array steps:
    thousands of tails in the time of a hundred scalar ones.

    Examples
    --------
    >>> [round(float(p), 8) for p in t_sf_array(np.array([2.0, 0.0, -1.0, np.inf]), np.array([10, 3, 1, 4]))]
    [0.03669402, 0.5, 0.75, 0.0]
    """
    t, df = np.broadcast_arrays(np.asarray(t, dtype=float), np.asarray(df, dtype=float))
    shape = t.shape
    t, df = t.ravel(), df.ravel()
    out = np.full(len(t), np.nan)
    out[t == 0.0] = 0.5
    out[np.isinf(t)] = np.where(t[np.isinf(t)] > 0, 0.0, 1.0)
    tail = np.isfinite(t) & (t != 0.0)
    if tail.any():
        upper = _t_upper_array(np.abs(t[tail]), df[tail])
        out[tail] = np.where(t[tail] < 0.0, 1.0 - upper, upper)
    return out.reshape(shape)


def _t_quantile_upper(p: float, df: float) -> float:
    """The t > 0 with P(T > t) = p, for 0 < p < 1/2 (``inf`` beyond the largest double)."""
    tail = _t_central if p > _CENTRAL_FROM else _t_upper
    steps = _quantile_steps(p, df)
    t = next(steps)
    while True:
        try:
            t = steps.send(tail(t, df))
        except StopIteration as found:
            return found.value


def _quantile_steps(p: float, df: float) -> Generator[float, float, float]:
    """Newton's search for :func:`_t_quantile_upper`: yields each ``t`` whose tail it needs and is sent the tail.

    The tail is P(|T| < t) when ``p > _CENTRAL_FROM``, else P(T > t); the
    search returns the quantile.  The tails are computed by the caller, so
    that :func:`t_ppf_array` computes those of many searches at once.
    """
    central = p > _CENTRAL_FROM  # near the centre solve P(|T| < t) = 1 - 2p instead: both sides stay exact
    target = math.log1p(-2.0 * p) if central else math.log(p)
    z = -_STANDARD_NORMAL.inv_cdf(p)
    # Cornish-Fisher start; Newton on u = ln t corrects it (the log tail is nearly straight)
    u = math.log(z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df * df))
    below = above = None  # values of u known to lie below / above the root
    for _ in range(200):
        u = min(u, _LOG_MAX)
        t = math.exp(u)
        value = yield t
        if value <= 0.0:  # the tail underflowed: far beyond the root
            above, new = u, u - 1.0
        else:
            gap = math.log(value) - target
            if gap == 0.0:
                return t
            if gap > 0.0 if central else gap < 0.0:
                above = u
            elif u == _LOG_MAX:
                return math.inf
            else:
                below = u
            slope = math.exp(_t_log_density_times_t(t, df) - math.log(value)) * (2.0 if central else -1.0)
            new = u - gap / slope
        if below is not None and above is not None and not below < new < above:
            new = 0.5 * (below + above)
        if abs(new - u) <= 4 * _EPS * max(1.0, abs(u)):
            return math.exp(min(new, _LOG_MAX))
        u = new
    raise ArithmeticError(f"t quantile did not converge (p={p}, df={df})")


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t: the :math:`t` with :math:`P(T \\le t) = q`, ``0 < q < 1``, ``df > 0``.

    Examples
    --------
    >>> round(t_ppf(0.975, 3), 5)
    3.18245
    >>> t_ppf(0.5, 7), round(t_ppf(0.25, 1), 12)
    (0.0, -1.0)
    """
    if q == 0.5:
        return 0.0
    if q > 0.5:
        return _t_quantile_upper(1.0 - q, df)
    return -_t_quantile_upper(q, df)


def t_ppf_array(q: np.ndarray | float, df: np.ndarray | float) -> np.ndarray:
    """:func:`t_ppf` of many ``(q, df)`` at once (arrays of one shape, or numbers that broadcast).

    The same numbers as :func:`t_ppf` element by element, bit for bit: each
    entry runs the scalar's Newton steps (:func:`_quantile_steps`), and the
    t tails each step needs, the bulk of the work, are computed for all
    entries together, with the continued fractions in array steps (in
    decimals where the scalar uses them).  Entries outside ``0 < q < 1``,
    ``0 < df < 1e15`` are passed to :func:`t_ppf`, with its errors.

    Examples
    --------
    >>> [round(float(t), 5) for t in t_ppf_array(np.array([0.975, 0.5, 0.25]), np.array([3, 7, 1]))]
    [3.18245, 0.0, -1.0]
    >>> bool(t_ppf_array(0.975, 5_000.0) == t_ppf(0.975, 5_000))
    True
    """
    q, df = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    shape = q.shape
    q, df = q.ravel(), df.ravel()
    out = np.zeros(len(q))  # q = 1/2: 0
    searched = (q > 0.0) & (q < 1.0) & (q != 0.5) & (df > 0.0) & (df < _NORMAL_DF)
    for i in np.flatnonzero(~searched & (q != 0.5)).tolist():
        out[i] = t_ppf(float(q[i]), float(df[i]))
    at = np.flatnonzero(searched)
    upper = q[at] > 0.5
    p = np.where(upper, 1.0 - q[at], q[at])
    central = p > _CENTRAL_FROM
    steps = [_quantile_steps(*v) for v in zip(p.tolist(), df[at].tolist())]
    t = np.array([next(s) for s in steps])
    going = np.arange(len(at))  # positions in ``at`` of the searches not yet done
    found = np.empty(len(at))
    while len(going):
        d, c = df[at[going]], central[going]
        tails = np.empty(len(going))
        for is_central, side in ((True, c), (False, ~c)):
            if side.any():
                tails[side] = _t_upper_array(t[side], d[side], central=is_central, decimal=True)
        left, next_t = [], []
        for k, tail in zip(going.tolist(), tails.tolist()):
            try:
                next_t.append(steps[k].send(tail))
                left.append(k)
            except StopIteration as stop:
                found[k] = stop.value
        going, t = np.array(left, dtype=np.intp), np.array(next_t)
    out[at] = np.where(upper, found, -found)
    return out.reshape(shape)
