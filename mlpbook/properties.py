"""Properties of the registry's activations, computed by SymPy for Chapter 3's table.

Every entry of the table comes from the activation's SymPy expression at its
default parameters:

* the range from the limits at ±∞ (:func:`mlpbook.symbolic.one_sided_limit`) and,
  for the non-monotone functions, the minimum at the root of the derivative
  (``sympy.nsolve``); an end of the range is *attained* when the function takes that
  value somewhere (ReLU takes 0 for every x ≤ 0; the sigmoid never takes 0);
* *smooth* (C¹): the derivative's one-sided limits at 0, the only point where
  a piecewise definition of the library can have a kink, agree;
* *odd*: f(t) + f(−t) simplifies to 0 for t > 0, i.e. f(−x) = −f(x). An odd f has
  output mean 0 for every input distribution symmetric about 0; the converse fails
  (SELU is not odd, yet its output mean for N(0, 1) input is 0);
* f(0) and f′(0), the latter with the library's left-hand convention at a kink.

*Monotone* is the registry's claim, which ``tests/test_symbolic.py`` checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from mlpbook import activations, symbolic
from mlpbook.symbolic import x

__all__ = ["Properties", "properties"]


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
    odd: bool
    f0: sp.Expr
    df0: sp.Expr

    @property
    def bounded_below(self) -> bool:
        return bool(self.lower.is_finite)

    @property
    def bounded_above(self) -> bool:
        return bool(self.upper.is_finite)


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
    is_odd = sp.simplify(f.subs(x, t) + f.subs(x, -t)) == 0
    return Properties(
        name=name,
        lower=lower,
        lower_attained=lower_attained,
        upper=at_plus,
        upper_attained=_attains(f, at_plus, 1),
        monotone=entry.monotone,
        smooth=bool(smooth),
        odd=bool(is_odd),
        f0=f.subs(x, 0),
        df0=df.subs(x, 0),
    )
