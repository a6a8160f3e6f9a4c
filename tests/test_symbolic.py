"""SymPy side: derivatives by diff, identities proved, registry claims checked."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, symbolic
from mlpbook.symbolic import x

NAMES = sorted(activations.REGISTRY)


def test_identities_proved() -> None:
    s = symbolic.sigmoid_expr
    assert symbolic.proved_equal(sp.tanh(x), 2 * s(2 * x) - 1)
    assert symbolic.proved_equal(symbolic.grad("softplus"), symbolic.expr("sigmoid"))
    assert symbolic.proved_equal(symbolic.grad("sigmoid"), s(x) * (1 - s(x)))
    assert symbolic.proved_equal(symbolic.grad("tanh"), 1 - sp.tanh(x) ** 2)


def test_proved_equal_can_say_no() -> None:
    assert not symbolic.proved_equal(sp.tanh(x), 2 * symbolic.sigmoid_expr(x) - 1)
    assert not symbolic.proved_equal(symbolic.grad("sigmoid"), symbolic.expr("sigmoid"))


@pytest.mark.parametrize(
    ("name", "wrt"),
    [(n, "x") for n in ("sigmoid", "tanh", "softplus", "softsign", "swish", "gelu")]
    + [("swish", "beta")],
)
def test_readable_forms_equal_raw_diff(name: str, wrt: str) -> None:
    readable = symbolic.simplified_grad(name, wrt)
    assert symbolic.proved_equal(symbolic.grad(name, wrt), readable)


def test_softmax_jacobian_structure_n3() -> None:
    s = symbolic.softmax_expr(3)
    J = symbolic.softmax_jacobian_expr(3)
    difference = (J - (sp.diag(*s) - s * s.T)).applyfunc(sp.simplify)
    assert difference == sp.zeros(3, 3)


def test_grad_is_diff_of_expr() -> None:
    for name in NAMES:
        assert symbolic.grad(name) == sp.diff(symbolic.expr(name), x)


def test_kink_convention_is_left_hand() -> None:
    assert symbolic.grad("relu").subs(x, 0) == 0
    assert symbolic.grad("prelu").subs(x, 0) == symbolic.alpha
    assert activations.relu_grad(0.0) == 0.0
    assert activations.prelu_grad(0.0, alpha=0.3) == 0.3


@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity(name: str) -> None:
    entry = activations.get(name)
    e = entry.expr_at_defaults()
    for point, value, side in ((sp.oo, np.inf, 1), (-sp.oo, -np.inf, -1)):
        expected = float(symbolic.one_sided_limit(e, point, side))
        assert entry.fn(value, **entry.defaults) == expected, (name, point)
        expected_grad = float(symbolic.one_sided_limit(sp.diff(e, x), point, side))
        assert entry.grad(value, **entry.defaults) == expected_grad, (name, point)


@pytest.mark.parametrize("name", NAMES)
def test_declared_properties(name: str) -> None:
    entry = activations.get(name)
    e = entry.expr_at_defaults()
    grid = np.linspace(-20, 20, 4001)
    grads = entry.grad(grid, **entry.defaults)
    assert entry.monotone == bool(np.all(grads >= 0)), "monotone"
    left = symbolic.one_sided_limit(sp.diff(e, x), 0, -1)
    right = symbolic.one_sided_limit(sp.diff(e, x), 0, 1)
    assert entry.smooth == bool(left == right), "smooth (C¹ at the only candidate kink, 0)"
    odd = sp.simplify((e + e.subs(x, -x)).rewrite(sp.exp)) == 0
    values = entry.fn(grid, **entry.defaults)
    assert entry.odd == odd == bool(np.allclose(values, -values[::-1], atol=1e-15))


def test_selu_constants_are_self_normalising() -> None:
    """SELU's α and λ are defined by: for z ~ N(0, 1), E[selu(z)] = 0 and
    E[selu(z)²] = 1 (Klambauer et al., 2017). Integrate the SymPy expression."""
    import mpmath

    selu = sp.lambdify(x, symbolic.expr("selu"), "mpmath")
    with mpmath.workdps(30):
        density = lambda z: mpmath.npdf(z)  # noqa: E731
        mean = mpmath.quad(lambda z: selu(z) * density(z), [-mpmath.inf, 0, mpmath.inf])
        second = mpmath.quad(lambda z: selu(z) ** 2 * density(z), [-mpmath.inf, 0, mpmath.inf])
    assert abs(mean) < 1e-25
    assert abs(second - 1) < 1e-25
    assert activations.SELU_ALPHA == float(symbolic.SELU_ALPHA)
