"""float32 and float16: the library's float32 bounds, thresholds in float32, formatting."""

from __future__ import annotations

import numpy as np
import pytest

from mlpbook import activations, numerics

GRID32 = numerics.grid(n_linear=2001, n_log=151, n_dense=51, dtype=np.float32)
CASES = [(name, d) for name in activations.REGISTRY for d in (False, True)]


@pytest.mark.parametrize(
    ("name", "derivative"), CASES, ids=[f"{n}{'_grad' if d else ''}" for n, d in CASES]
)
def test_float32_bound(name: str, derivative: bool) -> None:
    """Every registry function and derivative, on float32 input, within ½ + b·2⁻²⁹
    float32 ULP of the 50-digit reference (b its float64 bound; for the derivatives
    of Swish and GELU in ULPs of their terms' scale, as in float64)."""
    c = numerics.compare(name, derivative, GRID32, dtype=np.float32)
    entry = activations.get(name)
    f = entry.grad if derivative else entry.fn
    assert f(GRID32[:3], **entry.defaults).dtype == np.float32
    assert c.stable_max() <= numerics.ulp_bound(name, derivative, np.float32)


def test_float32_bound_is_half_an_ulp_plus_the_scaled_float64_bound() -> None:
    assert numerics.ulp_bound("sigmoid", False, np.float32) == 0.5 + 2 * 2.0**-29
    assert numerics.ulp_bound("relu", False, np.float32) == 0.5
    with pytest.raises(ValueError, match="dtype"):
        numerics.ulp_bound("relu", False, np.int32)


def test_ulp_of_float32() -> None:
    import mpmath

    assert numerics.ulp_of(mpmath.mpf(1), np.float32) == mpmath.ldexp(1, -23)
    assert numerics.ulp_of(mpmath.mpf("1e-45"), np.float32) == mpmath.ldexp(1, -149)
    spacing = float(np.spacing(np.float32(3.0)))
    assert float(numerics.ulp_of(mpmath.mpf(3), np.float32)) == spacing


def test_threshold_bisects_float32_and_float16_numbers() -> None:
    t32 = numerics.threshold(lambda v: np.isinf(np.exp(v)), 0, 100, np.float32)
    below = np.nextafter(np.float32(t32), np.float32(0))
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(np.float32(t32))) and np.isfinite(np.exp(below))
    assert abs(t32 - np.log(np.float64(np.finfo(np.float32).max))) < 1e-5
    t16 = numerics.threshold(lambda v: np.isinf(np.exp(v)), 0, 20, np.float16)
    assert float(np.float16(t16)) == t16
    assert abs(t16 - np.log(65504.0)) < 0.01
    for t, ref in zip(numerics.THRESHOLDS_FLOAT32[:2], (t32, 103.972), strict=True):
        assert abs(abs(t) - abs(ref)) < 0.01


def test_naive_forms_stay_in_their_dtype() -> None:
    for name, derivative in [("gelu", False), ("softplus", False), ("sigmoid", True),
                             ("leaky_relu", True)]:  # fmt: skip
        f = numerics.naive(name, derivative, dtype=np.float32)
        assert f(np.array([-3.0, 1.0])).dtype == np.float32
    # the formula runs in float32: 1 + e^x is 1 below −16.64 there, not in float64
    with np.errstate(under="ignore"):
        assert numerics.naive("softplus", dtype=np.float32)(np.array([-17.0]))[0] == 0
        assert numerics.naive("softplus")(np.array([-17.0]))[0] > 0
    # a constant branch (leaky ReLU′'s 0.01) comes back as a float32, graded as one
    leaky = numerics.compare("leaky_relu", True, np.array([-1.0, 2.0]), dtype=np.float32)
    assert leaky.naive.max_ulps() == leaky.stable.max_ulps() > 0.2


def test_grid_holds_given_points_and_float32_windows() -> None:
    t = 36.7368005696771
    g = numerics.grid(n_linear=11, n_log=3, n_dense=5, points=[t])
    assert {t, np.nextafter(t, 0), np.nextafter(t, 100)} <= set(g.tolist())
    g32 = numerics.grid(n_linear=11, n_log=3, n_dense=41, dtype=np.float32)
    for c in numerics.THRESHOLDS_FLOAT32:
        window = g32[np.abs(g32 - np.float32(c)) <= 0.5]
        assert window.size >= 40, c


def test_grid32_holds_float32_numbers_and_the_thresholds() -> None:
    assert GRID32.dtype == np.float32
    for t in numerics.THRESHOLDS_FLOAT32:
        assert np.float32(t) in GRID32 and -np.float32(t) in GRID32


def test_float32_thresholds_listed_are_where_the_naive_forms_break() -> None:
    """numerics.THRESHOLDS_FLOAT32 against the bisection in float32 (two decimals)."""
    f32 = np.float32
    tanh_n, gelu_n = numerics.naive("tanh", dtype=f32), numerics.naive("gelu", dtype=f32)
    found = [
        numerics.threshold(lambda v: np.isinf(np.exp(v)), 0, 100, f32),
        -numerics.threshold(lambda v: np.exp(v) > 0, -200, -1, f32),
        numerics.threshold(lambda v: np.isnan(tanh_n(v)), 1, 100, f32),
        -numerics.threshold(lambda v: 1 + np.exp(v) > 1, -50, 0, f32),
        -numerics.threshold(lambda v: gelu_n(v) != 0, -50, -0.5, f32),
    ]
    listed = [t for t in numerics.THRESHOLDS_FLOAT32 if t != 9.01]  # 9.01: tanh, by routine
    for t, f in zip(listed, found, strict=True):
        assert abs(t - f) < 0.01
