"""Properties of the registry's activations, computed by SymPy for Chapter 3's table.

Every entry of the table comes from the activation's SymPy expression at its
default parameters:

* the range from the limits at ±∞ (:func:`mlpbook.symbolic.one_sided_limit`) and,
  for the non-monotone functions, the minimum at the root of the derivative
  (``sympy.nsolve``); an end of the range is *attained* when the function takes that
  value somewhere (ReLU takes 0 for every x ≤ 0; the sigmoid never takes 0);
* *smooth* (C¹): the derivative's one-sided limits at 0, the only point where
  a piecewise definition of the library can have a kink, agree;
* *zero-centred* (odd): f(t) + f(−t) simplifies to 0 for t > 0;
* f(0) and f′(0), the latter with the library's left-hand convention at a kink.

*Monotone* is the registry's claim, which ``tests/test_symbolic.py`` checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from mlpbook import _validate, activations, display, symbolic
from mlpbook.symbolic import x

__all__ = ["DIGITS", "Properties", "properties", "properties_table"]

#: Digits shown for irrational ends of a range and values at 0.
DIGITS = 4


@dataclass(frozen=True)
class Properties:
    """What Chapter 3's table says about one activation (default parameters)."""

    name: str
    lower: sp.Expr
    lower_attained: bool
    upper: sp.Expr
    upper_attained: bool
    monotone: bool
    smooth: bool
    zero_centred: bool
    f0: sp.Expr
    df0: sp.Expr

    @property
    def bounded_below(self) -> bool:
        return bool(self.lower.is_finite)

    @property
    def bounded_above(self) -> bool:
        return bool(self.upper.is_finite)

    def range_latex(self) -> str:
        """The range in interval notation, e.g. ``[0, \\infty)``."""
        left = "[" if self.lower_attained else "("
        right = "]" if self.upper_attained else ")"
        return f"{left}{_short_latex(self.lower)}, {_short_latex(self.upper)}{right}"


def _short_latex(value: sp.Expr) -> str:
    """Exact for infinities, simple fractions and short closed forms such as log 2;
    else :data:`DIGITS` significant digits (SymPy's limits turn SELU's float
    constants into long rationals)."""
    if value.is_infinite or (value.is_Rational and value.q <= 1000):
        return sp.latex(value)
    if not value.is_Rational and not value.has(sp.Float) and len(sp.latex(value)) <= 24:
        return sp.latex(value)
    return str(sp.N(value, DIGITS))


def _attains(f: sp.Expr, value: sp.Expr, side: int) -> bool:
    """Whether a monotone f reaches its limit ``value`` at ±∞: then it already equals
    it far out on that side (x = ±100 is far enough for every registry function)."""
    if value.is_infinite:
        return False
    return bool(sp.simplify(f.subs(x, side * 100) - value) == 0)


def _minimum(name: str, f: sp.Expr) -> sp.Expr:
    """The minimum of a non-monotone activation: nsolve on its derivative, started
    from the smallest value of the library function on a grid."""
    entry = activations.get(name)
    grid = np.linspace(-5.0, 5.0, 1001)
    start = float(grid[np.argmin(entry.fn(grid, **entry.defaults))])
    root = sp.nsolve(sp.diff(f, x), x, start, prec=30)
    return f.subs(x, root)


def properties(name: str) -> Properties:
    """Compute the :class:`Properties` of registry entry ``name``."""
    entry = activations.get(name)
    f = entry.expr_at_defaults()
    df = sp.diff(f, x)
    t = sp.Symbol("t", positive=True)
    at_minus, at_plus = (symbolic.one_sided_limit(f, -sp.oo, -1),
                         symbolic.one_sided_limit(f, sp.oo, 1))  # fmt: skip
    if entry.monotone:
        lower, lower_attained = at_minus, _attains(f, at_minus, -1)
    else:
        lower, lower_attained = _minimum(name, f), True
    smooth = (
        sp.simplify(symbolic.one_sided_limit(df, 0, -1) - symbolic.one_sided_limit(df, 0, 1)) == 0
    )
    odd = sp.simplify(f.subs(x, t) + f.subs(x, -t)) == 0
    return Properties(
        name=name,
        lower=lower,
        lower_attained=lower_attained,
        upper=at_plus,
        upper_attained=_attains(f, at_plus, 1),
        monotone=entry.monotone,
        smooth=bool(smooth),
        zero_centred=bool(odd),
        f0=f.subs(x, 0),
        df0=df.subs(x, 0),
    )


def properties_table(names: Sequence[str] | None = None) -> display.Table:
    """Chapter 3's comparison table, one row per activation."""

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    if names is not None:
        _validate.strings(names, "names")
    rows = []
    for name in names or activations.REGISTRY:
        p = properties(name)
        rows.append(
            [
                activations.get(name).title,
                f"${p.range_latex()}$",
                yes(p.monotone),
                yes(p.smooth),
                yes(p.zero_centred),
                yes(p.bounded_below),
                yes(p.bounded_above),
                f"${_short_latex(p.f0)}$",
                f"${_short_latex(p.df0)}$",
            ]
        )
    headers = ["function", "range", "monotone", "C¹", "zero-centred", "bounded below",
               "bounded above", "f(0)", "f′(0)"]  # fmt: skip
    return display.Table(headers, rows)
