"""Showing SymPy results in the book: LaTeX from the expressions themselves."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from IPython.display import Math

from mlpbook import _validate, symbolic

__all__ = [
    "Table",
    "definition",
    "equation",
    "floats",
    "glue_math",
    "in_terms_of_sigma",
    "product",
    "sigma",
    "stable",
]

#: σ as an undefined function, for displaying expressions built from the sigmoid.
sigma = sp.Function("sigma")


def in_terms_of_sigma(e: sp.Expr) -> sp.Expr:
    """Replace every 1/(1 + exp(−u)) in ``e`` by σ(u), for display only."""
    e = _validate.expression(e, "e")
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
    return Math(symbolic.latex(e, _validate.string(lhs, "lhs")))


def product(lhs: str, e: sp.Expr) -> Math:
    """Display ``lhs = e`` for a long product, one factor per line: the symbols and
    powers of symbols together on the first line, every other factor below it (a
    product too wide for the page's column otherwise)."""
    _validate.string(lhs, "lhs")
    e = _validate.expression(e, "e")
    factors = sp.Mul.make_args(e)
    simple = [f for f in factors if f.is_Atom or (f.is_Pow and f.base.is_Atom)]
    rest = [f for f in factors if f not in simple]
    lines = [sp.latex(sp.Mul(*simple))] if simple else []
    lines += [f"\\left({sp.latex(f)}\\right)" if f.is_Add else sp.latex(f) for f in rest]
    body = " \\\\\n& \\cdot ".join(lines)
    return Math(f"\\begin{{aligned}}{lhs} = {{}} & {body}\\end{{aligned}}")


def glue_math(key: str, lhs: str, e: sp.Expr) -> None:
    """Glue ``lhs = e`` under ``key`` for a ``{glue:math}`` directive in the text."""
    from myst_nb import glue

    glue(_validate.string(key, "key"), equation(lhs, e), display=False)


@dataclass(frozen=True)
class Table:
    """A table computed in a notebook cell.

    The book renders it from Markdown (MyST, so cells may hold ``$math$``); the
    plain-text form, which nbval compares, carries the same cells aligned in
    columns, so a changed number in a committed output fails the tests.
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]

    def __post_init__(self) -> None:
        _validate.strings(self.headers, "headers")
        if isinstance(self.rows, str) or not isinstance(self.rows, Sequence):
            raise TypeError(f"rows must be a list of rows, got {type(self.rows).__name__}")
        for row in self.rows:
            _validate.strings(row, "rows")
            if len(row) != len(self.headers):
                raise ValueError(
                    f"rows: {row!r} has {len(row)} cells, expected {len(self.headers)}"
                )

    def _repr_markdown_(self) -> str:
        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        rule = "| " + " | ".join("---" for _ in self.headers) + " |"
        return "\n".join([line(self.headers), rule, *(line(r) for r in self.rows)])

    def __repr__(self) -> str:
        widths = [
            max(len(str(c)) for c in col) for col in zip(self.headers, *self.rows, strict=True)
        ]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        return "\n".join([line(self.headers), *(line(r) for r in self.rows)])


def _number(value: Any, name: str) -> Any:
    """``value`` if it is a real number (Python, NumPy scalar or 0-d array); strings,
    bools and complex numbers are refused (``format`` would print them or fail)."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return value[()]
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r:.60}")
    return value


def floats(values: Any, spec: str = ".4g") -> str:
    """A short vector as one line of text, e.g. ``[1.793e+308, inf, nan]``: every
    finite entry through :func:`stable`, so the digits shown are portable; NaN and
    ±inf as ``nan``, ``inf`` and ``-inf``. For outputs that would otherwise print a NumPy
    ``array(...)`` repr."""
    if isinstance(values, str | bytes) or values is None:
        raise TypeError(f"values must be an array of real numbers, got {values!r:.60}")
    array = np.asarray(values)
    if array.dtype.kind not in "fiu" or array.ndim > 1:
        raise TypeError(f"values must be a 1-D array of real numbers, got {values!r:.60}")
    _validate.string(spec, "spec")
    parts = [
        stable(v, spec) if np.isfinite(v) else ("nan" if np.isnan(v) else f"{v}")
        for v in array.astype(np.float64).ravel()
    ]
    return "[" + ", ".join(parts) + "]"


def definition(name: str) -> Math:
    """Display the registry activation ``name`` as ``f(x) = <its SymPy expression>``.

    Parameters stay symbols, SELU's constants are shown as α and λ, and σ is
    written for a sigmoid inside another function (Swish)."""
    from mlpbook import activations

    entry = activations.get(name)
    a, lam = sp.Symbol("alpha"), sp.Symbol("lambda")
    e = entry.expr.xreplace(
        {symbolic.SELU_ALPHA: a, -symbolic.SELU_ALPHA: -a, symbolic.SELU_LAMBDA: lam}
    )
    e = e.replace(
        lambda t: isinstance(t, sp.Piecewise),
        lambda t: sp.Piecewise(*[(sp.factor(b), c) for b, c in t.args]),
    )
    if name == "tanh":  # tanh(x) = tanh(x) would say nothing
        e = e.rewrite(sp.exp)
    elif name != "sigmoid":
        e = in_terms_of_sigma(e)
    return equation(f"{entry.latex_name}(x)", e)


def stable(value: float, spec: str, rel: float = 1e-6) -> str:
    """``format(value, spec)``, checked to be a portable output: the text must not
    change when ``value`` moves by a relative ``rel`` either way. Rounding noise
    between CPUs and BLAS kernels is ~1e-13 relative, but a cancelling formula or a
    training run can magnify it, hence the default margin of 1e-6. Otherwise
    ``ValueError``: the value sits on a rounding boundary, so print fewer digits or a
    bound."""
    value = float(_number(value, "value"))
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format string, got {type(spec).__name__}")
    if not _validate.real(rel, "rel") >= 0:
        raise ValueError(f"rel must be ≥ 0, got {rel!r}")
    text = format(value, spec)
    if any(format(value * (1 + s * rel), spec) != text for s in (-1, 1)):
        raise ValueError(
            f"value {value!r} is within {rel:g} (relative) of a rounding "
            f"boundary of {spec!r}: the printed digits could differ by machine"
        )
    return text
