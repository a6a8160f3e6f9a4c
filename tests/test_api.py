"""API contract: shapes, dtypes, NaN/inf, errors, no warnings; hypothesis properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mlpbook import activations as A

#: Every kernel: each registry function, its derivative, and the parameter derivatives.
FUNCTIONS = [f for a in A.REGISTRY.values() for f in (a.fn, a.grad)]
FUNCTIONS += [A.prelu_grad_alpha, A.swish_grad_beta]
IDS = [f.__name__ for f in FUNCTIONS]
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)


@pytest.mark.parametrize("f", FUNCTIONS, ids=IDS)
def test_shapes_dtypes_and_specials(f) -> None:
    scalar = f(1.5)
    assert isinstance(scalar, np.float64)
    assert f(np.float32(1.5)).dtype == np.float32
    assert f(np.arange(6, dtype=np.float32).reshape(2, 3)).dtype == np.float32
    assert f(np.arange(6).reshape(2, 3)).shape == (2, 3)
    assert f(np.arange(6).reshape(2, 3)).dtype == np.float64
    assert f(np.array([], dtype=np.float64)).shape == (0,)
    assert np.isnan(f(np.nan))
    specials = np.array([-np.inf, -1e308, -800, -1e-320, -0.0, 0.0, 5e-324, 800, 1e308, np.inf])
    assert not np.isnan(f(specials)).any()  # warnings are errors in this suite
    assert f(True) == f(1.0)


@pytest.mark.parametrize("f", FUNCTIONS, ids=IDS)
@pytest.mark.parametrize("bad", ["1.0", 1 + 2j, [1, "a"], None, {"x": 1}])
def test_bad_x_is_a_type_error(f, bad) -> None:
    with pytest.raises(TypeError, match=r"\bx\b"):
        f(bad)


@pytest.mark.parametrize(
    ("f", "param"),
    [(A.prelu, "alpha"), (A.prelu_grad, "alpha"), (A.prelu_grad_alpha, "alpha"),
     (A.leaky_relu, "alpha"), (A.elu, "alpha"), (A.elu_grad, "alpha"),
     (A.swish, "beta"), (A.swish_grad, "beta"), (A.swish_grad_beta, "beta")],
)  # fmt: skip
@pytest.mark.parametrize(
    ("bad", "error"),
    [(np.nan, ValueError), (np.inf, ValueError), (-np.inf, ValueError),
     ("0.1", TypeError), (None, TypeError), (1j, TypeError), (True, TypeError)],
)  # fmt: skip
def test_bad_parameter_is_refused(f, param, bad, error) -> None:
    with pytest.raises(error, match=param):
        f(1.0, **{param: bad})


def test_softmax_errors_and_empty() -> None:
    with pytest.raises(ValueError, match="1-D"):
        A.softmax_jacobian(np.ones((2, 2)))
    with pytest.raises(ValueError, match="same shape"):
        A.softmax_jvp(np.ones(3), np.ones(4))
    with pytest.raises(TypeError, match="x"):
        A.softmax(["a", "b"])
    with pytest.raises(TypeError, match="axis"):
        A.softmax(np.ones(3), axis=1.0)
    with pytest.raises(ValueError, match="axis"):
        A.softmax(np.ones(3), axis=1)
    assert A.softmax(np.zeros((2, 0))).shape == (2, 0)
    assert A.softmax_jvp(np.zeros(0), np.zeros(0)).shape == (0,)
    assert A.softmax_jacobian(np.zeros(0)).shape == (0, 0)


def test_softmax_limits() -> None:
    np.testing.assert_array_equal(A.softmax([np.inf, 0.0, np.inf]), [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(A.softmax([-np.inf, 0.0]), [0.0, 1.0])
    assert np.isnan(A.softmax([np.nan, 0.0])).all()
    assert A.log_softmax([-np.inf, 0.0])[0] == -np.inf
    assert A.softmax(np.float32([1, 2])).dtype == np.float32


@given(x=floats)
def test_sigmoid_symmetry_and_bounds(x: float) -> None:
    s, t = A.sigmoid(x), A.sigmoid(-x)
    assert 0.0 <= s <= 1.0
    assert abs(s + t - 1.0) <= 2.0**-52


@given(x=floats)
def test_tanh_is_odd(x: float) -> None:
    assert A.tanh(-x) == -A.tanh(x)
    assert A.softsign(-x) == -A.softsign(x)


@pytest.mark.parametrize("name", [a.name for a in A.REGISTRY.values() if a.monotone])
@given(a=floats, b=floats)
def test_monotone(name: str, a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    entry = A.get(name)
    assert entry.fn(lo, **entry.defaults) <= entry.fn(hi, **entry.defaults)


vectors = hnp.arrays(np.float64, st.integers(1, 30),
                     elements=st.floats(-1000, 800, allow_nan=False))  # fmt: skip


@given(v=vectors, shift=st.floats(-100, 100))
@settings(max_examples=200)
def test_softmax_properties(v: np.ndarray, shift: float) -> None:
    s = A.softmax(v)
    assert np.all(s >= 0) and abs(s.sum() - 1) <= v.size * 2.0**-52
    np.testing.assert_allclose(A.softmax(v + shift), s, rtol=1e-9, atol=1e-300)
    J = A.softmax_jacobian(v)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=4 * 2.0**-52)
    np.testing.assert_allclose(J, J.T)
    w = np.linspace(-1, 1, v.size)
    np.testing.assert_allclose(A.softmax_jvp(v, w), J @ w, atol=1e-15)
    np.testing.assert_allclose(np.exp(A.log_softmax(v)), s, rtol=1e-12, atol=1e-300)


def test_softmax_axis() -> None:
    m = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(A.softmax(m, axis=0), A.softmax(m.T).T)
    np.testing.assert_allclose(A.softmax_jvp(m, m, axis=0), A.softmax_jvp(m.T, m.T).T)


def test_affine_fit_residual_separates_affine_from_relu_networks() -> None:
    from mlpbook import mlp, networks

    rng = np.random.default_rng(3)
    layers = mlp.init_params([3, 6, 2], rng, "normal", scale=1.0, bias_scale=1.0)
    X = rng.standard_normal((300, 3))
    assert networks.affine_fit_residual(X, mlp.forward(layers, X, None)) < 1e-20
    relu = networks.affine_fit_residual(X, mlp.forward(layers, X, "relu"))
    assert 0.01 < relu < 1
    with pytest.raises(ValueError, match="X and Y"):
        networks.affine_fit_residual(X, np.zeros(300))


def test_portable_refuses_a_value_on_a_rounding_boundary() -> None:
    from mlpbook import display

    assert display.portable(0.087361, ".0%") == "9%"
    assert display.portable(4.5395807735951673e-05, ".3e") == "4.540e-05"
    assert display.portable(0.0, ".2f") == "0.00"
    with pytest.raises(ValueError, match="rounding boundary"):
        display.portable(0.125, ".2f")  # 0.12 or 0.13 depending on the last bit
    with pytest.raises(ValueError, match="rounding boundary"):
        display.portable(7.625, ".2f")
    assert display.portable(709.7827128933841, ".2f") == "709.78"
    with pytest.raises(TypeError, match="spec"):
        display.portable(1.0, 2)


@pytest.mark.parametrize("sizes", [[5, 16, 3], [4, 8, 8, 8, 8, 2]])
def test_tanh_and_sigmoid_networks_convert_at_any_depth(sizes: list[int]) -> None:
    from mlpbook import mlp, networks

    rng = np.random.default_rng(7)
    net = mlp.init_params(sizes, rng, "normal", scale=1.0, bias_scale=1.0)
    X = rng.standard_normal((40, sizes[0]))
    out = mlp.forward(net, X, "tanh")
    as_sigmoid = mlp.forward(networks.tanh_to_sigmoid(net), X, "sigmoid")
    back = networks.sigmoid_to_tanh(networks.tanh_to_sigmoid(net))
    np.testing.assert_allclose(as_sigmoid, out, rtol=0, atol=1e-12)
    np.testing.assert_allclose(mlp.forward(back, X, "tanh"), out, rtol=0, atol=1e-12)
    for (W, b), (W2, b2) in zip(back, net, strict=True):
        np.testing.assert_allclose(W, W2, rtol=1e-15)
        np.testing.assert_allclose(b, b2, rtol=0, atol=1e-14)
    with pytest.raises(ValueError, match="layers"):
        networks.tanh_to_sigmoid(net[:1])


def test_jvp_timing_measures_both_ways() -> None:
    from mlpbook import numerics

    r = numerics.jvp_timing(200, repeat=1)
    assert set(r) == {"full_s", "jvp_s", "full_bytes", "jvp_bytes"}
    assert r["full_s"] > 0 and r["jvp_s"] > 0
    # forming J holds n² = 40 000 float64 (320 kB); the product needs a few vectors
    assert r["full_bytes"] >= 200 * 200 * 8 > 10 * r["jvp_bytes"]
    bad = [
        ({"n": 0}, ValueError, "n"),
        ({"n": 2.5}, TypeError, "n"),
        ({"n": 10, "repeat": 0}, ValueError, "repeat"),
    ]
    for kwargs, error, argument in bad:
        with pytest.raises(error, match=f"^{argument} must"):
            numerics.jvp_timing(**kwargs)


def test_floats_prints_portable_digits_and_the_special_values() -> None:
    from mlpbook import display

    assert (
        display.floats(np.array([1.5, np.inf, -np.inf, np.nan, 0.0])) == "[1.5, inf, -inf, nan, 0]"
    )
    assert display.floats([np.exp(709.78)], ".3e") == "[1.793e+308]"
    with pytest.raises(ValueError, match="rounding boundary"):
        display.floats([0.125], ".2f")


def test_product_puts_each_compound_factor_on_its_own_line() -> None:
    import sympy as sp

    from mlpbook import display

    a, b, t = sp.symbols("a b t")
    shown = display.product("f", a * b**2 * (1 - sp.tanh(t) ** 2) * sp.exp(t)).data
    lines = shown.split("\\\\")
    assert len(lines) == 3 and "a b^{2}" in lines[0]
    assert "\\left(1 - \\tanh^{2}" in shown and "e^{t}" in lines[2]
