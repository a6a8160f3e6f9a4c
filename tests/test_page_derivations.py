"""The derivations the pages carry out equal the library's derivatives.

Chapter 1 derives ReLU′, σ′ and tanh′ in its own cells (``sp.diff`` on the
expression, the chain rule for σ, the quotient rule for tanh's exponential form);
the plots and kernels use :func:`mlpbook.symbolic.grad`. These tests repeat the
pages' steps and prove that both give the same function.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from mlpbook import activations, symbolic
from mlpbook.symbolic import x

t = sp.Symbol("t", positive=True)


def _same_on_both_sides(a: sp.Expr, b: sp.Expr) -> bool:
    return all(sp.simplify((a - b).subs(x, s * t)) == 0 for s in (1, -1))


def test_relu_derivative_of_the_page_is_the_librarys() -> None:
    page = sp.diff(symbolic.expr("relu"), x)
    assert _same_on_both_sides(page, symbolic.grad("relu"))
    assert page.subs(x, 0) == 0 == activations.relu_grad(0.0)


def test_sigmoid_chain_rule_of_the_page_is_the_librarys() -> None:
    u = sp.Symbol("u", positive=True)
    chain = sp.diff(1 / u, u).subs(u, 1 + sp.exp(-x)) * sp.diff(1 + sp.exp(-x), x)
    s = symbolic.expr("sigmoid")
    assert sp.simplify(chain - symbolic.grad("sigmoid")) == 0
    assert sp.simplify(chain - s * (1 - s)) == 0
    assert sp.solve(sp.diff(chain, x), x) == [0] and chain.subs(x, 0) == sp.Rational(1, 4)


def test_tanh_quotient_rule_of_the_page_is_the_librarys() -> None:
    N, D = 1 - sp.exp(-2 * x), 1 + sp.exp(-2 * x)
    quotient = (sp.diff(N, x) * D - N * sp.diff(D, x)) / D**2
    assert symbolic.proved_equal(quotient, symbolic.grad("tanh"))
    assert symbolic.proved_equal(N / D, symbolic.expr("tanh"))


def test_sigmoid_is_two_class_softmax_and_its_series() -> None:
    o1, o2 = sp.symbols("o1 o2", real=True)
    p1 = sp.exp(o1) / (sp.exp(o1) + sp.exp(o2))
    assert sp.simplify(p1 - symbolic.sigmoid_expr(o1 - o2)) == 0
    series = sp.series(symbolic.expr("sigmoid"), x, 0, 4).removeO()
    assert sp.expand(series - (sp.Rational(1, 2) + x / 4 - x**3 / 48)) == 0


def test_the_library_kernels_match_the_page_derivatives_on_the_grid() -> None:
    grid = np.arange(-8.0, 8.0, 0.1)
    for name in ("relu", "sigmoid", "tanh"):
        page = sp.lambdify(x, sp.diff(symbolic.expr(name), x), "numpy")(grid)
        np.testing.assert_allclose(activations.get(name).grad(grid), page, rtol=0, atol=1e-14)
