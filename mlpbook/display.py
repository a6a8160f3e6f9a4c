"""Presentation: what a page shows of the library's results.

LaTeX rendered from the SymPy expressions themselves (:func:`equation`,
:func:`definition`, :func:`product`, :func:`glue_math`), numbers formatted so that
the printed digits are the same on every machine (:func:`portable`, :func:`floats`),
and the book's tables (:class:`Table`; :func:`properties_table` for Chapter 3,
:func:`derivative_check_table` for Chapter 2, :func:`claims_table` and
:func:`comparison_table` for Chapter 4). The top layer: the analysis modules return
numbers and records, and this module turns them into text.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from IPython.display import Math

from mlpbook import _validate, activations, numerics, symbolic
from mlpbook.finite_differences import DerivativeCheck
from mlpbook.numerics import Comparison
from mlpbook.properties import Properties, properties

__all__ = [
    "PROPERTY_DIGITS",
    "Table",
    "claims_table",
    "comparison_table",
    "definition",
    "derivative_check_table",
    "equation",
    "floats",
    "glue_math",
    "in_terms_of_sigma",
    "portable",
    "product",
    "properties_table",
    "range_latex",
    "sigma",
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
    finite entry through :func:`portable`, so the digits shown are portable; NaN and
    ±inf as ``nan``, ``inf`` and ``-inf``. For outputs that would otherwise print a NumPy
    ``array(...)`` repr."""
    if isinstance(values, str | bytes) or values is None:
        raise TypeError(f"values must be an array of real numbers, got {values!r:.60}")
    array = np.asarray(values)
    if array.dtype.kind not in "fiu" or array.ndim > 1:
        raise TypeError(f"values must be a 1-D array of real numbers, got {values!r:.60}")
    _validate.string(spec, "spec")
    parts = [
        portable(v, spec) if np.isfinite(v) else ("nan" if np.isnan(v) else f"{v}")
        for v in array.astype(np.float64).ravel()
    ]
    return "[" + ", ".join(parts) + "]"


def definition(name: str) -> Math:
    """Display the registry activation ``name`` as ``f(x) = <its SymPy expression>``.

    Parameters stay symbols, SELU's constants are shown as α and λ, and σ is
    written for a sigmoid inside another function (Swish)."""
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


def portable(value: float, spec: str, rel: float = 1e-6) -> str:
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


# Tables of the analysis modules' results

#: Digits shown for irrational ends of a range and values at 0 (Chapter 3's table).
PROPERTY_DIGITS = 4


def range_latex(p: Properties) -> str:
    """The range of an activation in interval notation, e.g. ``[0, \\infty)``."""
    if not isinstance(p, Properties):
        raise TypeError(f"p must be the Properties of an activation, got {p!r:.60}")
    left = "[" if p.lower_attained else "("
    right = "]" if p.upper_attained else ")"
    return f"{left}{_short_latex(p.lower)}, {_short_latex(p.upper)}{right}"


def _short_latex(value: sp.Expr) -> str:
    """Exact for infinities, simple fractions and short closed forms such as log 2;
    else :data:`PROPERTY_DIGITS` significant digits (SymPy's limits turn SELU's float
    constants into long rationals)."""
    if value.is_infinite or (value.is_Rational and value.q <= 1000):
        return sp.latex(value)
    if not value.is_Rational and not value.has(sp.Float) and len(sp.latex(value)) <= 24:
        return sp.latex(value)
    return str(sp.N(value, PROPERTY_DIGITS))


def properties_table(names: Sequence[str] | None = None) -> Table:
    """Chapter 3's comparison table, one row per activation, from
    :func:`mlpbook.properties.properties`."""

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
                f"${range_latex(p)}$",
                yes(p.monotone),
                yes(p.smooth),
                yes(p.odd),
                yes(p.bounded_below),
                yes(p.bounded_above),
                f"${_short_latex(p.f0)}$",
                f"${_short_latex(p.df0)}$",
            ]
        )
    headers = ["function", "range", "monotone", "C¹", "odd", "bounded below",
               "bounded above", "f(0)", "f′(0)"]  # fmt: skip
    return Table(headers, rows)


def derivative_check_table(results: Sequence[DerivativeCheck]) -> Table:
    """Derivative checks (:mod:`mlpbook.finite_differences`) as a table: function
    (registry title), variable, the bound on |central difference − derivative|."""
    if not isinstance(results, Sequence) or not all(
        isinstance(c, DerivativeCheck) for c in results
    ):
        raise TypeError(f"results must be a list of DerivativeCheck, got {results!r:.60}")
    variable = {"x": "$x$", "alpha": r"$\alpha$", "beta": r"$\beta$"}
    rows = [
        [
            activations.get(c.name).title if c.name in activations.REGISTRY else c.name,
            variable.get(c.wrt, c.wrt),
            "0" if c.max_error == 0 else f"≤ {c.bound:.0e}",
        ]
        for c in results
    ]
    return Table(["function", "derivative in", "max |central difference − derivative|"], rows)


def _ulp_text(value: float) -> str:
    if not np.isfinite(value):
        return "∞"
    return f"{value:.2f}" if value < 1000 else f"{value:.1e}"


def _bound_text(c: Comparison) -> str:
    b64 = numerics.ULP_BOUNDS[(c.name, c.derivative)]
    if c.stable.dtype == np.float64:
        return f"{b64:g}"
    if b64 == 0:
        return "½"
    return f"½ + {b64:g}·2⁻²⁹"


def _label(c: Comparison) -> str:
    scaled = numerics.error_scale(c.name, c.derivative) is not None
    return f"`{c.label}`" + ("†" if scaled else "")


def _check_comparisons(comparisons: Any) -> None:
    if not isinstance(comparisons, Sequence) or not all(
        isinstance(c, Comparison) for c in comparisons
    ):
        raise TypeError(f"comparisons must be a list of Comparison, got {comparisons!r:.60}")


def claims_table(comparisons: Sequence[Comparison]) -> Table:
    """Chapter 4's table in claims that do not depend on the machine: the bound,
    whether the library keeps it, and whether the naive form is off by more than
    10 ULP or returns NaN/inf somewhere on the grid (it does so by orders of
    magnitude or not at all; :func:`comparison_table` has the measured numbers)."""
    _check_comparisons(comparisons)

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    rows = [
        [
            f"`{c.label}`"
            + ("†" if numerics.error_scale(c.name, c.derivative) is not None else ""),
            f"≤ {_bound_text(c)}",
            "yes" if c.stable_max() <= c.bound else "**NO**",
            yes(c.naive_bad() > 0),
            yes(c.naive_nonfinite() > 0),
        ]
        for c in comparisons
    ]
    headers = ["function", "library error (ULP)", "within", "naive > 10 ULP somewhere",
               "naive NaN/inf somewhere"]  # fmt: skip
    return Table(headers, rows)


def comparison_table(comparisons: Sequence[Comparison]) -> Table:
    """The measured table: the library's worst error and its bound next to the naive
    form's worst error and its failures, one row per function or derivative (these
    numbers depend on the machine's math library; see :func:`claims_table`).
    Rows marked † count errors in ULPs of the terms' scale
    (:func:`mlpbook.numerics.error_scale`)."""
    _check_comparisons(comparisons)

    rows = [
        [
            f"`{c.label}`"
            + ("†" if numerics.error_scale(c.name, c.derivative) is not None else ""),
            _ulp_text(c.stable_max()),
            _bound_text(c),
            "yes" if c.stable_max() <= c.bound else "**NO**",
            _ulp_text(c.naive_max()),
            str(c.naive_bad()),
            str(c.naive_nonfinite()),
        ]
        for c in comparisons
    ]
    headers = ["function", "library max ULP", "bound", "within", "naive max ULP",
               "naive > 10 ULP (points)", "naive NaN/inf (points)"]  # fmt: skip
    return Table(headers, rows)
