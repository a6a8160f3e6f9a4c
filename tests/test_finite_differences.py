"""Finite-difference checks, the general softmax derivative, one-sided limits, tables."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, display, finite_differences, symbolic
from mlpbook.symbolic import alpha, x


@pytest.mark.parametrize("check", finite_differences.check_all(), ids=lambda c: f"{c.name}-{c.wrt}")
def test_every_derivative_matches_central_differences(
    check: finite_differences.DerivativeCheck,
) -> None:
    assert check.points == finite_differences.GRID.size
    assert check.max_error < 1e-8, check


def test_a_wrong_derivative_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = dataclasses.replace(activations.get("tanh"), grad=activations.sigmoid_grad)
    monkeypatch.setitem(activations.REGISTRY, "tanh", wrong)
    assert finite_differences.check_derivative("tanh").max_error > 0.5


def test_the_grid_avoids_the_kink() -> None:
    assert np.min(np.abs(finite_differences.GRID)) > 1e-3
    # across the kink the central difference is the average slope, not either side's
    across = finite_differences.check_derivative("relu", at=[0.0])
    assert across.max_error == pytest.approx(0.5)


def test_parameter_and_override() -> None:
    steep = finite_differences.check_derivative("swish", "beta", beta=3.0)
    assert steep.wrt == "beta" and steep.max_error < 1e-8
    with pytest.raises(ValueError, match="wrt"):
        finite_differences.check_derivative("relu", "alpha")
    with pytest.raises(ValueError, match="params"):
        finite_differences.check_derivative("relu", gamma=1.0)


def test_printed_bound_is_a_power_of_ten_above_the_error() -> None:
    check = finite_differences.DerivativeCheck("f", "x", 3, 2.5e-11)
    assert check.bound == pytest.approx(1e-10)
    assert "≤ 1e-10 over 3 points" in repr(check)
    assert "at all 3 points" in repr(finite_differences.DerivativeCheck("f", "x", 3, 0.0))


def test_softmax_partial_in_general_n() -> None:
    steps = symbolic.softmax_partial_general()
    s, i, k = sp.IndexedBase("s"), steps["i"], steps["k"]
    assert sp.simplify(steps["same"] - s[i] * (1 - s[i])) == 0
    assert sp.simplify(steps["different"] + s[i] * s[k]) == 0
    # the general formula, at n = 3, agrees with the explicit 3×3 Jacobian entry by entry
    n = next(a for a in steps["summed"].free_symbols if a.name == "n")
    xs = symbolic.softmax_symbols(3)
    jac = symbolic.softmax_jacobian_expr(3)
    for row in range(3):
        for col in range(3):
            entry = steps["summed"].subs({n: 3, i: row + 1, k: col + 1}).doit()
            entry = entry.subs({sp.IndexedBase("x")[m + 1]: xs[m] for m in range(3)})
            assert sp.simplify(entry - jac[row, col]) == 0, (row, col)


def test_one_sided_limits() -> None:
    g = symbolic.grad("prelu")
    assert symbolic.one_sided_limit(g, 0, -1) == alpha
    assert symbolic.one_sided_limit(g, 0, 1) == 1
    assert symbolic.one_sided_limit(symbolic.expr("sigmoid"), sp.oo, -1) == 0
    with pytest.raises(ValueError, match="side"):
        symbolic.one_sided_limit(g, 0, 0)
    assert symbolic.one_sided_limit(x**2, 2, 1) == 4


def test_table_renders_markdown_and_aligned_text() -> None:
    table = display.Table(["name", "f(0)"], [["relu", "$0$"], ["sigmoid", "1/2"]])
    assert table._repr_markdown_().splitlines()[2] == "| relu | $0$ |"
    assert repr(table).splitlines() == ["name     f(0)", "relu     $0$", "sigmoid  1/2"]
    with pytest.raises(ValueError, match="rows"):
        display.Table(["a", "b"], [["1"]])


def test_derivative_check_table() -> None:
    table = display.derivative_check_table(
        [
            finite_differences.check_derivative("relu"),
            finite_differences.check_derivative("swish", "beta"),
        ]
    )
    assert [row[:2] for row in table.rows] == [["ReLU", "$x$"], ["Swish / SiLU", r"$\beta$"]]
    assert table.rows[0][2] == "0" and table.rows[1][2].startswith("≤ 1e-")
