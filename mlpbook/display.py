"""Showing SymPy results in the book: LaTeX from the expressions themselves."""

from __future__ import annotations

import sympy as sp
from IPython.display import Math

from mlpbook import symbolic

#: σ as an undefined function, for displaying expressions built from the sigmoid.
sigma = sp.Function("sigma")


def in_terms_of_sigma(e: sp.Expr) -> sp.Expr:
    """Replace every 1/(1 + exp(−u)) in ``e`` by σ(u), for display only."""
    return e.replace(
        lambda t: (
            t.is_Pow
            and t.exp == -1
            and t.base.is_Add
            and len(t.base.args) == 2
            and sp.S.One in t.base.args
            and any(isinstance(a, sp.exp) for a in t.base.args)
        ),
        lambda t: sigma(-next(a for a in t.base.args if isinstance(a, sp.exp)).args[0]),
    )


def equation(lhs: str, e: sp.Expr) -> Math:
    """Display ``lhs = e`` as rendered math (LaTeX produced by SymPy)."""
    return Math(symbolic.latex(e, lhs))


def glue_math(key: str, lhs: str, e: sp.Expr) -> None:
    """Glue ``lhs = e`` under ``key`` for a ``{glue:math}`` directive in the text."""
    from myst_nb import glue

    glue(key, equation(lhs, e), display=False)
