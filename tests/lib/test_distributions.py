"""Normal and Student t tails and quantiles without scipy, checked against scipy.stats."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special
from scipy import stats as sps

from csat_examples.distributions import log_gamma_ratio, normal_ppf, normal_sf, t_ppf, t_ppf_array, t_sf, t_sf_array
from csat_examples.stats import c4

RTOL = 1e-12
#: Degrees of freedom from the Cauchy case to a Welch test on millions of answers; above 500
#: the continued fraction runs in decimals.
DFS = [0.5, 1, 1.5, 2, 2.5, 3, 4.7, 7, 10, 17.3, 29, 30, 100, 333.3, 499, 501, 1_000, 10_000, 99_999.5,
       1e6, 1e7, 1e8]
TS = [0.001, 0.01, 0.1, 0.3, 0.5, 0.8, 1.0, 1.2, 1.5, 1.7, 1.96, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0, 20.0,
      50.0, 100.0, 1e3, 1e5, 1e10, 1e50, 1e200]
#: Lower-tail probabilities: both tails, and the centre no closer than 1e-3 (closer, the quantile of a
#: double q is fixed only to 1e-16 / |q - 1/2| and the two libraries may round it differently).
QS = sorted({*(p for p in (1e-15, 1e-12, 1e-9, 1e-6, 1e-4, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25,
                           0.3, 0.4, 0.45, 0.49, 0.499)), *(1 - p for p in (1e-15, 1e-12, 1e-9, 1e-6, 1e-4,
                                                                            0.001, 0.01, 0.025, 0.05, 0.1,
                                                                            0.25, 0.3, 0.45, 0.499))})


def _close(ours: float, reference: float, rtol: float = RTOL) -> bool:
    return ours == reference or abs(ours - reference) <= rtol * abs(reference)


@pytest.mark.parametrize("df", DFS)
def test_t_sf_equals_scipy_over_a_grid(df):
    bad = []
    for t in [*TS, *(-t for t in TS)]:
        reference = float(sps.t.sf(t, df))
        if reference < 1e-290:  # subnormal and underflowing tails: nothing to compare digits of
            continue
        if df == 1 and abs(t) < 0.01:  # scipy's Cauchy is off there by up to 1e-9: see the next test
            continue
        if not _close(t_sf(t, df), reference):
            bad.append((t, t_sf(t, df), reference))
    assert not bad


def test_t_sf_equals_the_closed_forms_for_one_and_two_degrees_of_freedom():
    for t in [1e-12, 1e-9, 1e-6, 1e-3, 0.1, 1.0, 3.0, 100.0, 1e8]:
        assert _close(t_sf(t, 1), math.atan2(1.0, t) / math.pi, 1e-14)  # 1/2 - atan(t)/pi
        # 1/2 - t / (2 sqrt(2 + t^2)), written without cancellation for large t
        s = math.sqrt(2 + t * t)
        assert _close(t_sf(t, 2), 1 / (s * (s + t)), 1e-14)


def test_t_sf_edges():
    assert t_sf(0.0, 4) == 0.5
    assert t_sf(math.inf, 4) == 0.0 and t_sf(-math.inf, 4) == 1.0
    assert math.isnan(t_sf(math.nan, 4))
    # beyond the largest double the Cauchy tail is still 1/(pi t)
    assert _close(t_sf(1e300, 1), 1 / (math.pi * 1e300))


@pytest.mark.parametrize("df", DFS)
def test_t_ppf_equals_scipy_over_a_grid(df):
    bad = [(q, t_ppf(q, df), float(sps.t.ppf(q, df))) for q in QS
           if not _close(t_ppf(q, df), float(sps.t.ppf(q, df)))]
    assert not bad


def test_t_ppf_closed_forms_and_edges():
    for q in [1e-300, 1e-12, 0.1, 0.5 + 1e-12, 0.6, 0.975, 1 - 1e-15]:
        # Cauchy: tan(pi (q - 1/2)), as a cotangent of the tail in the tails (where it is well conditioned)
        cauchy = (math.tan(math.pi * (q - 0.5)) if abs(q - 0.5) < 0.25
                  else 1 / math.tan(math.pi * (1 - q)) if q > 0.5 else -1 / math.tan(math.pi * q))
        assert _close(t_ppf(q, 1), cauchy, 1e-13), q
        assert _close(t_ppf(q, 2), (2 * q - 1) / math.sqrt(2 * q * (1 - q)), 1e-13), q
    assert t_ppf(0.5, 3) == 0.0
    # 1e-100 of a t(0.3) lies beyond the largest double (scipy returns a finite wrong value there)
    assert t_ppf(1e-100, 0.3) == -math.inf and t_ppf(1 - 1e-16, 0.3) < math.inf


def test_normal_equals_scipy():
    for z in np.linspace(-37, 37, 1481):
        reference = float(sps.norm.sf(z))
        assert _close(normal_sf(float(z)), reference), z
    for q in [1e-300, 1e-100, 1e-20, 1e-9, *np.linspace(0.001, 0.999, 999), 1 - 1e-9, 1 - 1e-15]:
        assert _close(normal_ppf(float(q)), float(sps.norm.ppf(q))), q


def test_log_gamma_ratio_against_scipy_and_its_series():
    for a in [0.5, 0.75, 1, 2.5, 9.99, 10, 10.01, 33.3, 100, 999.5]:
        assert _close(log_gamma_ratio(a), float(special.gammaln(a) - special.gammaln(a + 0.5)), 1e-12), a
    # large a, where scipy's difference of two large log-gammas loses digits:
    # Gamma(a + 1/2) / Gamma(a) = sqrt(a) (1 - 1/(8a) + 1/(128a^2) + 5/(1024a^3) - 21/(32768a^4))
    for a in [1e4, 1e6, 1e9, 1e12]:
        series = math.sqrt(a) * (1 - 1 / (8 * a) + 1 / (128 * a**2) + 5 / (1024 * a**3) - 21 / (32768 * a**4))
        assert _close(math.exp(-log_gamma_ratio(a)), series, 1e-15), a


def test_c4_against_scipy_and_its_series():
    n = np.arange(2, 1001)  # beyond, scipy's difference of two log-gammas near 6000 loses digits
    reference = np.sqrt(2 / (n - 1)) * np.exp(special.gammaln(n / 2) - special.gammaln((n - 1) / 2))
    np.testing.assert_allclose(c4(n), reference, rtol=1e-12, atol=0)
    for big in [10**4, 10**6, 10**9]:  # c4 = 1 - 1/(4n) - 7/(32n^2) - 19/(128n^3) + ...
        assert _close(c4(big), 1 - 1 / (4 * big) - 7 / (32 * big**2) - 19 / (128 * big**3), 1e-14)


@settings(max_examples=300, deadline=None)
@given(st.floats(0.5, 1e7), st.floats(-60, 60))
def test_t_tails_add_up_and_fall(df, t):
    assert t_sf(t, df) + t_sf(-t, df) == pytest.approx(1.0, abs=2e-16)
    assert t_sf(t + 0.5, df) <= t_sf(t, df)


@settings(max_examples=300, deadline=None)
@given(st.floats(0.5, 1e7), st.floats(1e-12, 0.4999))
def test_t_ppf_inverts_t_sf(df, p):
    q = 1 - p
    p = 1 - q  # exact: the upper tail that the double q stands for
    t = t_ppf(q, df)
    assert t_sf(t, df) == pytest.approx(p, rel=1e-11)
    assert t_ppf(p, df) == -t


@pytest.mark.parametrize("module", ["csat_examples", "widgets"])
def test_importing_the_library_does_not_import_scipy(module, repo_root):
    """scipy.stats was half of the import time; nothing in the library imports scipy now."""
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo_root)
    assert out.stdout.strip() == "[]"


def _bits(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.floats(-60, 60), st.floats(-1e6, 1e6), st.sampled_from([0.0, math.inf,
                                                                                              -math.inf, math.nan])),
                          st.one_of(st.floats(0.5, 1e3), st.floats(1e3, 1e8))), min_size=1, max_size=40))
def test_t_sf_array_is_the_scalar_t_sf(pairs):
    """Element by element the scalar numbers: bit for bit in doubles, to 1e-14 where the scalar runs in decimals."""
    t, df = (np.array(v, dtype=float) for v in zip(*pairs))
    ours = t_sf_array(t, df)
    for got, (tt, dd) in zip(_bits(ours), pairs):
        expected = t_sf(tt, dd)
        assert (math.isnan(got) and math.isnan(expected)) or _close(got, expected, 1e-14), (tt, dd, got, expected)


def test_t_sf_array_equals_scipy_over_the_grid():
    t, df = (v.ravel() for v in np.meshgrid([*TS, *(-t for t in TS)], DFS))
    reference = sps.t.sf(t, df)
    keep = (reference >= 1e-290) & ~((df == 1) & (np.abs(t) < 0.01))  # as in the scalar grid test
    ours = t_sf_array(t, df)
    assert all(_close(o, r) for o, r in zip(_bits(ours[keep]), _bits(reference[keep])))
    # far tails with many degrees of freedom: the double-double fraction, where the scalar one uses decimals
    far = t_sf_array(np.array([2.0, 3.5, 5.0, 8.0]), np.array([1_200.0, 10_000.0, 1e6, 1e8]))
    assert _bits(far) == [t_sf(2.0, 1_200.0), t_sf(3.5, 10_000.0), t_sf(5.0, 1e6), t_sf(8.0, 1e8)]


def test_t_sf_array_shapes_and_edges():
    assert t_sf_array(np.array([]), np.array([])).shape == (0,)
    out = t_sf_array(np.array([[0.0, math.inf], [-math.inf, math.nan]]), 4)
    assert out.shape == (2, 2) and out[0].tolist() == [0.5, 0.0] and out[1, 0] == 1.0 and math.isnan(out[1, 1])


@pytest.mark.parametrize("t", [0.001, 0.5, 1.96, 8.0, 30.0, -2.0])
def test_t_tail_at_huge_degrees_of_freedom_is_the_normal_with_its_first_correction(t):
    """From 1e15 degrees of freedom on the incomplete beta loses its digits (it gave 0.004 for P(T > 8)
    at 1e20): the tail is the normal's plus phi(t) (t^3 + t) / (4 df), continuous at the switch."""
    from csat_examples.distributions import normal_sf, t_sf, t_sf_array

    for df in (1e15, 1e20, 1e300):
        expected = normal_sf(t) + math.exp(-t * t / 2) / math.sqrt(2 * math.pi) * (t**3 + t) / (4 * df)
        assert t_sf(t, df) == pytest.approx(expected, rel=1e-14)
        assert t_sf_array(np.array([t]), np.array([df]))[0] == t_sf(t, df)
    below, at = t_sf(t, 0.999_999e15), t_sf(t, 1e15)  # either side of the switch
    assert below == pytest.approx(at, rel=1e-12)


def _same_bits(got: float, expected: float) -> bool:
    return np.array(got).view(np.int64) == np.array(expected).view(np.int64)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.floats(1e-300, 1 - 1e-16), st.floats(0.0001, 0.9999),
                                    st.sampled_from([0.5, 0.025, 0.975, 0.995, 0.3, 0.7])),
                          st.one_of(st.floats(0.3, 500.0), st.floats(500.0, 1e8), st.integers(1, 10**6),
                                    st.sampled_from([1e15, 1e20]))),
                min_size=1, max_size=12))
def test_t_ppf_array_is_the_scalar_t_ppf_bit_for_bit(pairs):
    """Element by element the scalar's number, bit for bit, also where its fraction runs in decimals."""
    q, df = (np.array(v, dtype=float) for v in zip(*pairs))
    ours = t_ppf_array(q, df)
    for got, (qq, dd) in zip(_bits(ours), pairs):
        assert _same_bits(got, t_ppf(qq, dd)), (qq, dd, got, t_ppf(qq, dd))


def test_t_ppf_array_equals_scipy_over_the_grid():
    q, df = (v.ravel() for v in np.meshgrid(QS, DFS))
    ours, reference = t_ppf_array(q, df), sps.t.ppf(q, df)
    assert all(_close(o, r) for o, r in zip(_bits(ours), _bits(reference)))
    assert all(_same_bits(o, t_ppf(qq, dd)) for o, qq, dd in zip(_bits(ours), q.tolist(), df.tolist()))


def test_t_ppf_array_shapes_and_edges():
    assert t_ppf_array(np.array([]), np.array([])).shape == (0,)
    out = t_ppf_array(np.array([[0.5, 0.975], [0.25, 1e-100]]), np.array([3.0, 1.0]))
    assert out.shape == (2, 2) and out[0, 0] == 0.0 and _same_bits(out[0, 1], t_ppf(0.975, 1.0))
    assert out[1, 0] == t_ppf(0.25, 3.0) and out[1, 1] == t_ppf(1e-100, 1.0)
    assert t_ppf_array(1e-100, 0.3)[()] == -math.inf  # beyond the largest double, as the scalar
    with pytest.raises(ValueError):  # outside 0 < q < 1: the scalar's error
        t_ppf_array(np.array([0.975, 0.0]), 4.0)
