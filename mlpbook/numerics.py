"""Floating-point measurement: naive forms, errors in ULPs, the test grid.

Everything that grades an implementation lives here, so the tests and Chapter 4
compute their numbers with the same code:

* :func:`naive` — the formula typed as it stands, i.e. ``sympy.lambdify`` of a
  textbook form of the expression (proved equal to the registry's expression);
* :func:`ulps` — the distance of a float64 from a high-precision reference, in
  units in the last place of the reference;
* :func:`grid` — the x values every function is graded on: [−800, 800] densely, the
  measured failure points of the naive forms, and ±logspace(−300, 2);
* :func:`error_profile` — the ULP errors of a function on the grid;
* :func:`jvp_timing` — time and peak memory of the softmax J·v, formed or not.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from mlpbook import _validate, activations, symbolic
from mlpbook._validate import as_float_array
from mlpbook.symbolic import x

__all__ = [
    "REFERENCE_CACHE_ENV",
    "ROOT_GUESSES",
    "SWITCH_POINTS",
    "THRESHOLDS",
    "THRESHOLDS_FLOAT32",
    "TINY",
    "ULP_BOUNDS",
    "Comparison",
    "Profile",
    "SearchResult",
    "call_quietly",
    "compare",
    "derivative_root",
    "error_profile",
    "error_scale",
    "grid",
    "jvp_timing",
    "naive",
    "near",
    "random_search",
    "random_search_all",
    "reference_values",
    "search_points",
    "stable_forms",
    "textbook_forms",
    "threshold",
    "ulp_bound",
    "ulp_of",
    "ulps",
]

#: Where the naive forms break (see Chapter 4): exp overflow, exp underflow,
#: tanh via exp(2x), log(1+eˣ) and σ(1−σ) reaching 0, 1 − tanh² reaching 0,
#: ½x(1 + erf(x/√2)) reaching 0.
THRESHOLDS: tuple[float, ...] = (709.78, 745.1, 354.9, 36.74, 19.0, 8.38)

#: The same failure points in float32 (found by :func:`threshold` in Chapter 4):
#: exp overflow and underflow, tanh via exp(2x), log(1+eˣ) and σ(1−σ) reaching 0,
#: 1 − tanh² reaching 0, ½x(1 + erf(x/√2)) reaching 0.
THRESHOLDS_FLOAT32: tuple[float, ...] = (88.72, 103.97, 44.36, 16.64, 9.01, 5.54)

#: The smallest positive normal float64.
TINY: float = float(np.finfo(np.float64).tiny)

_FLOAT64: np.dtype[Any] = np.dtype(np.float64)


def _float_type(dtype: Any) -> np.dtype[Any]:
    try:
        kind = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a NumPy float dtype, got {dtype!r:.60}") from None
    if kind not in (np.float64, np.float32, np.float16):
        raise ValueError(f"dtype must be float64, float32 or float16, got {kind}")
    return kind


def textbook_forms() -> dict[tuple[str, bool], sp.Expr]:
    """Forms a reader would type from the formulas, where they differ from the
    registry's expression (or its ``sympy.diff``), keyed by (name, derivative?):

    * tanh: (e^{2x} − 1)/(e^{2x} + 1), the quotient of exponentials;
    * sigmoid′: σ(1 − σ) with σ = 1/(1 + e^{−x}), the derivative written through
      the function (``sympy.diff`` gives e^{−x}/(1 + e^{−x})² instead).

    Each is proved equal to the registry's expression (or its derivative) in the
    tests (``tests/test_accuracy.py``)."""
    e2x = sp.exp(2 * x)
    s = symbolic.sigmoid_expr(x)
    return {("tanh", False): (e2x - 1) / (e2x + 1), ("sigmoid", True): s * (1 - s)}


def stable_forms() -> dict[tuple[str, bool], sp.Expr]:
    """What the library's kernels compute, written as SymPy expressions, keyed by
    (name, derivative?): the rewritten forms Chapter 4 explains. Each is proved equal
    to the registry's expression (or its ``diff``) in the tests and in the chapter;
    ``log`` stands for the ``log1p`` and ``erfc`` for the ``erfcx`` the NumPy code calls.

    * softplus: max(x, 0) + log(1 + e), with e = exp(−|x|) ≤ 1;
    * sigmoid′: e / (1 + e)², tanh′: 4e² / (1 + e²)², sums and products of positives;
    * GELU: x·erfc(−x/√2)/2, no 1 + erf(·) cancellation for x < 0.
    """
    e = sp.exp(-sp.Abs(x))
    return {
        ("softplus", False): sp.Max(x, 0) + sp.log(1 + e),
        ("sigmoid", True): e / (1 + e) ** 2,
        ("tanh", True): 4 * e**2 / (1 + e**2) ** 2,
        ("gelu", False): x * sp.erfc(-x / sp.sqrt(2)) / 2,
    }


def naive(
    name: str, derivative: bool = False, dtype: Any = np.float64
) -> Callable[[np.ndarray], np.ndarray]:
    """``sympy.lambdify(x, …, ["numpy", "scipy"])`` of the textbook form of ``name``
    (:func:`textbook_forms`: the tanh quotient, σ(1 − σ) for sigmoid′) or else of its
    expression or of ``sympy.diff`` of it, with the default parameters substituted:
    what a reader gets by typing the formula.

    With ``dtype`` float32 or float16 the input is converted to it and the formula
    runs in it: constants such as √2 are written as Python floats, which NumPy
    does not let promote a float32 array to float64 (a ``numpy.sqrt(2)`` would).
    A result that comes back wider (a piecewise form with constant branches returns
    float64) is rounded to ``dtype``, as a kernel of that type would return it.
    SciPy's ``erf`` has no float16 loop: NumPy picks its float64 one, so a float16
    GELU is computed in float64 and only its result is rounded to float16."""
    kind = _float_type(dtype)
    entry = activations.get(name)
    derivative = _check_bool(derivative, "derivative")
    forms = textbook_forms()
    if (name, derivative) in forms:
        e = forms[(name, derivative)]
    else:
        e = entry.grad_expr("x") if derivative else entry.expr
    e = e.subs({s: sp.nsimplify(v) for s, v in entry.symbol_values().items()})
    if kind == np.float64:
        return sp.lambdify(x, e, modules=["numpy", "scipy"])
    e = e.xreplace({p: p.evalf(17) for p in e.atoms(sp.Pow) if p.is_number})
    f = sp.lambdify(x, e, modules=["numpy", "scipy"])
    return lambda values: np.asarray(f(np.asarray(values, dtype=kind))).astype(kind)


def _check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_values(values: Any, name: str) -> np.ndarray:
    """``values`` as an array, refused (TypeError naming it) unless real; its dtype
    is kept (a float32 grid stays float32)."""
    as_float_array(values, name)
    return np.asarray(values)


def call_quietly(
    f: Callable[[np.ndarray], Any], values: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Call ``f(values)`` and return its result as float64 together with the text of
    every warning it raised (the naive forms raise overflow/invalid warnings)."""
    _validate.function(f, "f")
    values = _check_values(values, "values")
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        result = np.asarray(f(values), dtype=np.float64)
    if result.shape != values.shape:  # lambdify of a constant returns a scalar
        result = np.broadcast_to(result, values.shape).copy()
    return result, sorted({str(w.message) for w in caught})


def ulp_of(reference: mpmath.mpf, dtype: Any = np.float64) -> mpmath.mpf:
    """The spacing of ``dtype`` numbers at ``reference`` (float64: 2⁻⁵² relative,
    2⁻¹⁰⁷⁴ below the normal range; float32: 2⁻²³ and 2⁻¹⁴⁹)."""
    reference = _check_mpf(reference, "reference")
    if not mpmath.isfinite(reference):
        raise ValueError(f"reference must be finite, got {reference}")
    info = np.finfo(_float_type(dtype))
    a = abs(reference)
    if a < float(info.tiny):
        return mpmath.ldexp(1, int(info.minexp) - int(info.nmant))
    mantissa, power = a.man_exp  # a = mantissa·2^power exactly, mantissa a positive int
    exponent = power + int(mantissa).bit_length() - 1  # floor(log₂ a)
    # (a guard, kept from when the exponent was a rounded log₂)
    if mpmath.ldexp(1, exponent) > a:
        exponent -= 1
    elif mpmath.ldexp(1, exponent + 1) <= a:
        exponent += 1
    return mpmath.ldexp(1, exponent - int(info.nmant))


def _check_mpf(value: Any, name: str) -> mpmath.mpf:
    """An mpmath number (a float or int is converted exactly)."""
    if isinstance(value, mpmath.mpf):
        return value
    return mpmath.mpf(_validate.real(value, name))


def ulps(computed: float, reference: mpmath.mpf, dtype: Any = np.float64) -> float:
    """|computed − reference| in ULPs of ``dtype`` at the reference; inf for a NaN/inf
    that the reference is not (and 0 when both are the same infinity or both NaN).
    A finite reference beyond the largest ``dtype`` number is graded as ±inf."""
    c = _validate.real(computed, "computed")
    reference = _check_mpf(reference, "reference")
    if mpmath.isnan(reference):
        return 0.0 if np.isnan(c) else float("inf")
    if mpmath.isinf(reference) or abs(reference) > float(np.finfo(_float_type(dtype)).max):
        return 0.0 if c == float(mpmath.sign(reference)) * float("inf") else float("inf")
    if not np.isfinite(c):
        return float("inf")
    with mpmath.workdps(60):
        return float(abs(mpmath.mpf(c) - reference) / ulp_of(reference, dtype))


def grid(
    n_linear: int = 4001,
    n_log: int = 301,
    n_dense: int = 201,
    dtype: Any = np.float64,
    points: ArrayLike = (),
) -> np.ndarray:
    """The grading grid: linspace(−800, 800, n_linear), linspace(−4, 4, 801) where
    the functions bend, ``n_dense`` points on [t − ½, t + ½] around every threshold
    ±t of :data:`THRESHOLDS` plus the threshold and its neighbours (±1e−9 relative),
    ``2·n_dense`` points on [r − ½, r + ½] around the roots r of the derivatives of
    Swish and GELU, ±logspace(−300, 2, n_log), 0, and every value of ``points``
    (exact failure points found by :func:`threshold`, say) with its two ``dtype``
    neighbours; sorted and without duplicates. The dense windows are where the worst
    errors live (an earlier, sparser grid missed sigmoid's worst point near −36.74).

    With ``dtype=np.float32`` the same construction with the thresholds of
    :data:`THRESHOLDS_FLOAT32` (each with its float32 neighbours and its window), the
    points rounded to float32 (those below its range become 0)."""
    n_linear, n_log, n_dense = (
        _validate.positive_int(n_linear, "n_linear"),
        _validate.positive_int(n_log, "n_log"),
        _validate.positive_int(n_dense, "n_dense"),
    )
    kind = _float_type(dtype)
    extra = _check_values(points, "points").astype(np.float64).ravel()
    if not np.all(np.isfinite(extra)):
        raise ValueError("points must be finite")
    parts = [np.linspace(-800.0, 800.0, n_linear), np.linspace(-4.0, 4.0, 801), [0.0]]
    table = THRESHOLDS if kind == np.float64 else THRESHOLDS_FLOAT32
    for t in table:
        for side in (1.0, -1.0):
            c = side * t
            if kind == np.float64:
                parts.append([c, c * (1 - 1e-9), c * (1 + 1e-9)])
            else:
                extra = np.append(extra, c)
            parts.append(np.linspace(c - 0.5, c + 0.5, n_dense))
    for name, _ in ROOT_GUESSES:
        r = derivative_root(name)
        parts.append(np.linspace(r - 0.5, r + 0.5, 2 * n_dense))
    logs = np.logspace(-300, 2, n_log)
    parts += [logs, -logs]
    with np.errstate(under="ignore", over="ignore"):
        values = np.concatenate([np.asarray(p, dtype=np.float64) for p in parts]).astype(kind)
        exact = extra.astype(kind)
        neighbours = [exact, np.nextafter(exact, kind.type(-np.inf))]
        neighbours.append(np.nextafter(exact, kind.type(np.inf)))
    return np.unique(np.concatenate([values, *neighbours]))


@dataclass(frozen=True)
class Profile:
    """ULP errors of one function on a grid (NaN where the true value is outside
    the normal range, which the bounds do not speak of), in ULPs of ``dtype``."""

    x: np.ndarray
    errors: np.ndarray
    computed: np.ndarray
    reference: tuple[mpmath.mpf, ...]
    dtype: np.dtype[Any] = _FLOAT64

    @property
    def graded(self) -> np.ndarray:
        """Mask of the points whose true value is 0 or in the normal range."""
        return ~np.isnan(self.errors)

    def max_ulps(self, where: np.ndarray | None = None) -> float:
        """Largest error over the graded points (and ``where``)."""
        mask = self.graded if where is None else self.graded & where
        return float(np.max(self.errors[mask])) if mask.any() else 0.0

    def worst_x(self) -> float:
        """The x at which the largest graded error occurs."""
        errors = np.where(self.graded, self.errors, -1.0)
        return float(self.x[int(np.argmax(errors))])


#: The environment variable naming a folder where :func:`reference_values` keeps the
#: references it computes, for other processes to reuse. ``tests/conftest.py`` sets it
#: to ``_build/reference-cache``, so that the main suite and each CPU profile of
#: ``make test`` (the references are pure mpmath, the same on every CPU) compute each
#: 50-digit reference once. Unset, as in a reader's notebook, nothing is written.
REFERENCE_CACHE_ENV = "MLPBOOK_REFERENCE_CACHE"


@cache
def _reference_cached(
    e: sp.Expr, values: tuple[float, ...], subs: tuple[tuple[sp.Symbol, float], ...]
) -> tuple[mpmath.mpf, ...]:
    folder = os.environ.get(REFERENCE_CACHE_ENV)
    path = Path(folder) / f"{_reference_key(e, values, subs)}.json" if folder else None
    stored = _read_references(path) if path is not None else None
    if stored is not None and len(stored) == len(values):
        return stored
    refs = tuple(symbolic.reference(e, v, dict(subs)) for v in values)
    if path is not None:
        _write_references(path, refs)
    return refs


def _reference_key(
    e: sp.Expr, values: tuple[float, ...], subs: tuple[tuple[sp.Symbol, float], ...]
) -> str:
    """A hash of everything a stored reference depends on: the expression, the
    values, the parameters, SymPy's and mpmath's versions and the code that
    computes it (this module and :mod:`mlpbook.symbolic`)."""
    digest = hashlib.sha256()
    for module in (symbolic.__file__, __file__):
        digest.update(Path(module).read_bytes())
    described = (
        sp.srepr(e),
        [float(v).hex() for v in values],
        [(str(s), float(v).hex()) for s, v in subs],
        sp.__version__,
        mpmath.__version__,
    )
    digest.update(repr(described).encode())
    return digest.hexdigest()


def _read_references(path: Path) -> tuple[mpmath.mpf, ...] | None:
    """The references stored at ``path`` exactly as computed, or None."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for sign, man, exp, bc in raw:
            with mpmath.workprec(max(bc, 53)):  # no rounding of the stored digits
                out.append(mpmath.mpf((sign, man, exp, bc)))
    except (OSError, ValueError, TypeError):
        return None
    return tuple(out)


def _write_references(path: Path, refs: tuple[mpmath.mpf, ...]) -> None:
    """Store ``refs`` at ``path`` (written whole, then renamed: a reader in another
    process never sees half a file); a folder that cannot be written is skipped."""
    raw = [[int(part) for part in r._mpf_] for r in refs]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
        partial.write_text(json.dumps(raw), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def reference_values(
    e: sp.Expr, values: ArrayLike, subs: dict[sp.Symbol, float] | None = None
) -> tuple[mpmath.mpf, ...]:
    """:func:`mlpbook.symbolic.reference` at every value (cached per expression)."""
    e = _validate.expression(e, "e")
    flat = tuple(float(v) for v in _check_values(values, "values").ravel())
    return _reference_cached(e, flat, tuple(sorted((subs or {}).items(), key=str)))


def error_profile(
    f: Callable[[np.ndarray], Any],
    e: sp.Expr,
    values: np.ndarray,
    subs: dict[sp.Symbol, float] | None = None,
    scale: sp.Expr | None = None,
    dtype: Any = np.float64,
) -> Profile:
    """ULP errors of ``f`` against the reference of expression ``e`` at ``values``,
    in ULPs of ``dtype`` (``values`` are rounded to it first, and ``f`` gets them in
    that type).

    With ``scale`` (see :func:`error_scale`), an error is counted in units in the
    last place of the scale's value instead of the function's value."""
    _validate.function(f, "f")
    e = _validate.expression(e, "e")
    values = _check_values(values, "values")
    if scale is not None:
        scale = _validate.expression(scale, "scale")
    kind = _float_type(dtype)
    values = values.astype(kind)
    tiny = float(np.finfo(kind).tiny)
    computed, _ = call_quietly(f, values)
    refs = reference_values(e, values.astype(np.float64), subs)
    units = refs if scale is None else reference_values(scale, values.astype(np.float64), subs)
    errors = np.array(
        [
            _scaled_ulps(c, r, u, kind)
            if (u == 0 or abs(u) >= tiny or not mpmath.isfinite(u))
            else np.nan
            for c, r, u in zip(computed, refs, units, strict=True)
        ]
    )
    return Profile(values, errors, computed, refs, kind)


def _scaled_ulps(
    computed: float, reference: mpmath.mpf, unit: mpmath.mpf, dtype: Any = np.float64
) -> float:
    if unit is reference or not mpmath.isfinite(reference) or not mpmath.isfinite(unit):
        return ulps(computed, reference, dtype)
    c = float(computed)
    if not np.isfinite(c):
        return float("inf")
    with mpmath.workdps(60):
        return float(abs(mpmath.mpf(c) - reference) / ulp_of(unit, dtype))


def near(values: np.ndarray, points: Sequence[float], radius: float) -> np.ndarray:
    """Mask of ``values`` within ``radius`` of any of ``points``."""
    values = _check_values(values, "values")
    points = _check_values(points, "points").ravel()
    radius = _validate.real(radius, "radius")
    if not radius >= 0:
        raise ValueError(f"radius must be ≥ 0, got {radius!r}")
    mask = np.zeros(values.shape, dtype=bool)
    for p in points:
        mask |= np.abs(values - p) <= radius
    return mask


# --------------------------------------------------------------------------------------
# Stable against naive, as Chapter 4 and the tests grade them
# --------------------------------------------------------------------------------------

#: The library's accuracy contract in ULPs, per (name, derivative?).
ULP_BOUNDS: dict[tuple[str, bool], float] = {
    ("relu", False): 0, ("relu", True): 0,
    ("prelu", False): 0, ("prelu", True): 0,
    ("leaky_relu", False): 0.5, ("leaky_relu", True): 0,  # α·x rounded once: ½ ULP
    ("sigmoid", False): 2, ("tanh", False): 2, ("softplus", False): 2,
    ("softsign", False): 2, ("elu", False): 2, ("selu", False): 2,
    ("sigmoid", True): 4, ("tanh", True): 4, ("softplus", True): 4,
    ("softsign", True): 4, ("elu", True): 4, ("selu", True): 4,
    ("swish", False): 3, ("gelu", False): 10,
    # in units of the terms' scale S (error_scale): the derivatives cross zero
    ("gelu", True): 6, ("swish", True): 4,
}  # fmt: skip


def ulp_bound(name: str, derivative: bool, dtype: Any = np.float64) -> float:
    """The accuracy contract in ULPs of ``dtype``. float64: :data:`ULP_BOUNDS`. float32:
    the kernels compute in float64 and round once, so the error is at most the
    rounding's ½ ULP plus the float64 error b, which is b·2⁻²⁹ float32 ULPs
    (float32 has 29 fewer fraction bits): ½ + b·2⁻²⁹. That holds for the exact
    functions too, whose parameters (leaky ReLU's α = 0.01) are not float32 numbers."""
    activations.get(name)
    key = (name, _check_bool(derivative, "derivative"))
    if key not in ULP_BOUNDS:
        raise ValueError(f"name {name!r} has no ULP bound (derivative={key[1]})")
    bound = ULP_BOUNDS[key]
    if _float_type(dtype) == np.float64:
        return bound
    return 0.5 + bound * 2.0**-29


#: Derivatives that cross zero, with a starting point for nsolve read off the plots.
ROOT_GUESSES: dict[tuple[str, bool], float] = {("swish", True): -1.3, ("gelu", True): -0.75}


def derivative_root(name: str) -> float:
    """The root of the derivative of ``name`` (default parameters), by ``sympy.nsolve``:
    for the activations of :data:`ROOT_GUESSES` (Swish and GELU)."""
    activations.get(name)
    roots = sorted(n for n, _ in ROOT_GUESSES)
    if name not in roots:
        raise ValueError(f"name must be one of {roots} (derivatives with a root), got {name!r}")
    return _derivative_root(name)


@cache
def _derivative_root(name: str) -> float:
    entry = activations.get(name)
    guess = ROOT_GUESSES[(name, True)]
    return float(sp.nsolve(entry.grad_expr().subs(entry.symbol_values()), x, guess))


def error_scale(name: str, derivative: bool) -> sp.Expr | None:
    """The unit in which the error of ``name`` (or its derivative) is graded, when it
    is not the function's own value; ``None`` for all but the derivatives that cross 0.

    Swish and GELU have the form f = x·g(x) (g = σ(βx), g = Φ), so
    f′ = g + x·g′: near the root of f′ the two terms cancel, and no evaluation of
    the sum can keep a small error *relative to f′*. The library's promise there is
    an error of a few units in the last place of the terms' scale
    S = |g| + |x·g′|, which equals |f′| wherever one term dominates (for large |x|).
    S is derived from the registry's expression: g = f/x, then ``sympy.diff``."""
    activations.get(name)
    if not _check_bool(derivative, "derivative") or (name, True) not in ROOT_GUESSES:
        return None
    return _error_scale(name)


@cache
def _error_scale(name: str) -> sp.Expr:
    g = sp.simplify(activations.get(name).expr / x)
    return sp.Abs(g) + sp.Abs(x * sp.diff(g, x))


@dataclass(frozen=True)
class Comparison:
    """The library's function and the naive form of one formula, graded on a grid."""

    name: str
    derivative: bool
    stable: Profile
    naive: Profile

    @property
    def label(self) -> str:
        return f"{self.name}′" if self.derivative else self.name

    @property
    def bound(self) -> float:
        return ulp_bound(self.name, self.derivative, self.stable.dtype)

    def stable_max(self) -> float:
        return self.stable.max_ulps()

    def naive_max(self) -> float:
        return self.naive.max_ulps()

    def naive_bad(self, threshold: float = 10.0) -> int:
        """Graded points where the naive form is off by more than ``threshold`` ULP
        (NaN and inf included)."""
        return int(np.sum(self.naive.errors[self.naive.graded] > threshold))

    def naive_nonfinite(self) -> int:
        """Points where the naive form gives NaN or ±inf but the true value is finite."""
        finite_truth = np.array([bool(mpmath.isfinite(r)) for r in self.naive.reference])
        return int(np.sum(~np.isfinite(self.naive.computed) & finite_truth))


def compare(name: str, derivative: bool, values: np.ndarray, dtype: Any = np.float64) -> Comparison:
    """Grade the library's ``name`` (or its ``_grad``) and :func:`naive` of the same
    formula against the 50-digit reference, at ``values`` rounded to ``dtype``, in
    ULPs of ``dtype``."""
    entry = activations.get(name)
    derivative = _check_bool(derivative, "derivative")
    values = _check_values(values, "values")
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    f = entry.grad if derivative else entry.fn
    e = entry.grad_expr() if derivative else entry.expr
    subs = entry.symbol_values()
    scale = error_scale(name, derivative)
    stable = error_profile(lambda v: f(v, **entry.defaults), e, values, subs, scale, dtype)
    naive_profile = error_profile(naive(name, derivative, dtype), e, values, subs, scale, dtype)
    return Comparison(name, derivative, stable, naive_profile)


def threshold(
    predicate: Callable[[Any], Any], lo: float, hi: float, dtype: Any = np.float64
) -> float:
    """The smallest ``dtype`` number x in (lo, hi] with ``predicate(x)`` true, by
    bisection over the ``dtype`` numbers (``predicate`` receives a NumPy scalar of
    that type): ``predicate`` must be false at ``lo``, true at ``hi`` and switch
    once in between (where exp overflows, where 1 + eˣ rounds to 1, …). NumPy's
    floating-point warnings are silenced while it runs. Returns a Python float."""
    _validate.function(predicate, "predicate")
    lo, hi = _validate.real(lo, "lo"), _validate.real(hi, "hi")
    if not lo < hi:
        raise ValueError(f"lo must be below hi, got lo={lo!r} and hi={hi!r}")
    kind = _float_type(dtype).type
    lo_t, hi_t = kind(lo), kind(hi)
    with np.errstate(all="ignore"):
        if predicate(lo_t) or not predicate(hi_t):
            raise ValueError(f"predicate must be false at lo={lo!r} and true at hi={hi!r}")
        while np.nextafter(lo_t, hi_t) != hi_t:
            mid = kind(float(lo_t) + (float(hi_t) - float(lo_t)) / 2)
            if mid in (lo_t, hi_t):  # adjacent in all but name; stop at hi
                break
            if predicate(mid):
                hi_t = mid
            else:
                lo_t = mid
    return float(hi_t)


def _best_time(f: Callable[[], object], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock times of ``f()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


def jvp_timing(n: int, repeat: int = 5, seed: int = 1) -> dict[str, float]:
    """Time J·v for the softmax at a random point of length ``n``, once by forming
    J = softmax_jacobian(x) and multiplying, once by ``softmax_jvp`` (best of
    ``repeat`` runs each), with the peak memory each way (tracemalloc)."""
    n = _validate.positive_int(n, "n")
    repeat = _validate.positive_int(repeat, "repeat")
    rng = np.random.default_rng(_validate.seed(seed))
    x, v = rng.standard_normal(n), rng.standard_normal(n)
    tracemalloc.start()
    try:
        t_full = _best_time(lambda: activations.softmax_jacobian(x) @ v, repeat)
        peak_full = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        t_jvp = _best_time(lambda: activations.softmax_jvp(x, v), repeat)
        peak_jvp = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"full_s": t_full, "jvp_s": t_jvp, "full_bytes": peak_full, "jvp_bytes": peak_jvp}


# --------------------------------------------------------------------------------------
# The accuracy contract off the grid: a randomized search
# --------------------------------------------------------------------------------------


def search_points(n: int, seed: int = 0) -> np.ndarray:
    """``n`` random float64 inputs for :func:`random_search`, in three equal parts:

    * log-uniform over the whole float64 range, both signs: a uniform exponent in
      [−1074, 1023] and a uniform significand in [1, 2) (subnormals included);
    * uniform on [−800, 800], where the functions do something;
    * around every point where a formula changes behaviour: each threshold ±t of
      :data:`THRESHOLDS`, the library's own switch points (:data:`SWITCH_POINTS`)
      and the roots of the Swish and GELU derivatives, with offsets drawn
      log-uniformly between 10⁻¹² and 1 on both sides.
    """
    n = _validate.positive_int(n, "n")
    rng = np.random.default_rng(_seed(seed))
    k = n // 3
    exponents = rng.integers(-1074, 1024, k)
    magnitudes = np.ldexp(rng.uniform(1.0, 2.0, k), exponents)
    with np.errstate(over="ignore"):
        magnitudes = np.where(np.isfinite(magnitudes), magnitudes, np.finfo(np.float64).max)
    wide = np.where(rng.random(k) < 0.5, -magnitudes, magnitudes)
    middle = rng.uniform(-800.0, 800.0, k)
    centres = [c for t in THRESHOLDS for c in (t, -t)] + list(SWITCH_POINTS)
    centres += [derivative_root(name) for name, _ in ROOT_GUESSES]
    m = n - 2 * k
    offsets = 10.0 ** rng.uniform(-12.0, 0.0, m) * np.where(rng.random(m) < 0.5, -1.0, 1.0)
    near_points = np.asarray(centres)[rng.integers(0, len(centres), m)] + offsets
    return np.concatenate([wide, middle, near_points])


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be an int ≥ 0, got {seed!r}")
    return int(seed)


#: Where the library's kernels switch from one formula to another (activations.py):
#: sigmoid's e − e² below −30, the subnormal guard at −700, GELU's SciPy, corrected
#: and erfcx branches at −1, −1.5 and −37, and −3 in GELU's derivative.
SWITCH_POINTS: tuple[float, ...] = (-30.0, -700.0, -1.0, -1.5, -37.0, -3.0, 0.0)


@dataclass(frozen=True)
class SearchResult:
    """The largest error :func:`random_search` found for one function."""

    name: str
    derivative: bool
    points: int
    graded: int
    max_ulps: float
    worst_x: float

    @property
    def label(self) -> str:
        return f"{self.name}{'_grad' if self.derivative else ''}"

    @property
    def bound(self) -> float:
        return ulp_bound(self.name, self.derivative)


def _far_reference(e: sp.Expr, value: float, subs: dict[sp.Symbol, float]) -> mpmath.mpf:
    """The reference beyond :data:`mlpbook.symbolic.REFERENCE_MAX_ABS`, with 60 + 2·log₁₀|x|
    digits.

    There the exponential cancellations (1 − tanh², log(1 + eˣ)) leave a true value
    far below the smallest float64, which any precision gets right; the rational
    ones do not: softsign′ = 1/(1 + |x|) − |x|/(1 + |x|)² cancels about 2·log₁₀|x|
    digits (the randomized search found that with a fixed 60 digits the reference,
    not the library, was wrong at x ≈ 1.5·10⁶¹)."""
    symbols = (x, *sorted(subs, key=str))
    f = _far_function(e, symbols)
    digits = 60 + 2 * math.ceil(math.log10(abs(value)))
    with mpmath.workdps(digits):
        result = f(mpmath.mpf(value), *[mpmath.mpf(subs[s]) for s in symbols[1:]])
    with mpmath.workdps(50):
        return +mpmath.mpf(result)


@cache
def _far_function(e: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Callable[..., Any]:
    """``lambdify`` of ``e`` for :func:`_far_reference` (made once per expression: a
    lambdify costs milliseconds), with :func:`_far_exp` and :func:`_far_erfc`."""
    return sp.lambdify(
        symbols,
        e.replace(sp.erf, lambda z: sp.erfc(-z) - 1),
        modules=[{"erfc": _far_erfc, "exp": _far_exp}, "mpmath"],
    )


def _far_exp(z: mpmath.mpf) -> mpmath.mpf:
    """exp(z) as 2ᵏ·exp(r), k = round(z/ln 2), r = z − k·ln 2 (|r| ≤ ln 2 / 2), the
    product formed exactly by ``ldexp``. mpmath's own exp of a large argument
    (|z| = 10³⁰⁰) squares its way up and takes about 60 ms; this takes microseconds
    and is the same number: k and r are computed with log₁₀|z| + 10 digits more than
    the working precision, so r keeps every working digit."""
    z = mpmath.mpf(z)
    if not mpmath.isfinite(z) or abs(z) < 1e4:
        return mpmath.exp(z)
    with mpmath.extradps(int(mpmath.log10(abs(z))) + 10):
        k = int(mpmath.nint(z / mpmath.ln2))
        r = z - k * mpmath.ln2
    return mpmath.ldexp(mpmath.exp(r), k)


def _far_erfc(z: mpmath.mpf) -> mpmath.mpf:
    """mpmath's erfc, which overflows for |z| beyond about 10¹⁵⁰; there erfc(z) is
    0 or 2 to far more than 60 digits (erfc(10⁴) < 10⁻⁴³⁰⁰⁰⁰⁰⁰)."""
    if abs(z) > 1e4:
        return mpmath.mpf(0) if z > 0 else mpmath.mpf(2)
    return mpmath.erfc(z)


#: Search points per task of :func:`random_search_all`: tasks of this size spread the
#: work evenly over the worker processes.
_SEARCH_CHUNK = 2000


def _memo(function: Callable[[Any], mpmath.mpf]) -> Callable[[Any], mpmath.mpf]:
    """``function`` (mpmath's exp, erfc or sqrt), remembered for the point being graded
    (:func:`_search_chunk` clears the memo at every point): the functions graded there
    share their exponentials (eˣ, e⁻ˣ, e^(−βx) with β = 1), GELU and its derivative
    share erfc and √2, each computed with hundreds of digits."""

    def remembered(z: Any) -> mpmath.mpf:
        key = (function, z, mpmath.mp.prec)
        if key not in _MEMO:
            _MEMO[key] = function(z)
        return _MEMO[key]

    return remembered


_MEMO: dict[tuple[Any, ...], mpmath.mpf] = {}
_MEMO_MODULE = {name: _memo(getattr(mpmath, name)) for name in ("exp", "erfc", "sqrt")}


@cache
def _near_function(e: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Callable[..., Any]:
    """The lambdify of :func:`mlpbook.symbolic.reference`, with :func:`_memo`."""
    form = symbolic._reference_form(e)
    return sp.lambdify(symbols, form, modules=[_MEMO_MODULE, "mpmath"])


def _near_reference(e: sp.Expr, value: float, subs: dict[sp.Symbol, float]) -> mpmath.mpf:
    """:func:`mlpbook.symbolic.reference` (50 digits, with
    :func:`mlpbook.symbolic.working_digits` while evaluating), the same numbers with
    the exponentials shared through :func:`_memo` and no argument checks."""
    symbols = (x, *sorted(subs, key=str))
    f = _near_function(e, symbols)
    with mpmath.workdps(symbolic.working_digits(value)):
        result = mpmath.mpf(f(mpmath.mpf(value), *[mpmath.mpf(subs[s]) for s in symbols[1:]]))
    with mpmath.workdps(50):
        return +result


def _search_chunk(task: tuple[tuple[tuple[str, bool], ...], int, int, int, int]) -> list[tuple]:
    """Grade the functions ``task[0]`` at the points ``start:stop`` of
    ``search_points(n, seed)``; per function: (points graded, largest error, its x)."""
    functions, n, seed, start, stop = task
    values = search_points(n, seed)[start:stop]
    graders = []
    for name, derivative in functions:
        entry = activations.get(name)
        f = entry.grad if derivative else entry.fn
        e = entry.grad_expr() if derivative else entry.expr
        computed, _ = call_quietly(lambda v, f=f, d=entry.defaults: f(v, **d), values)
        graders.append((e, entry.symbol_values(), error_scale(name, derivative), computed))
    state = [[0, 0.0, float("nan")] for _ in functions]
    for i, v in enumerate(values.tolist()):
        _MEMO.clear()
        near = abs(v) <= symbolic.REFERENCE_MAX_ABS
        reference = _near_reference if near else _far_reference
        for (e, subs, scale, computed), best in zip(graders, state, strict=True):
            ref = reference(e, v, subs)
            unit = ref if scale is None else reference(scale, v, subs)
            if unit != 0 and abs(unit) < TINY and mpmath.isfinite(unit):
                continue  # true value subnormal: its ULP is not comparable
            best[0] += 1
            err = _scaled_ulps(float(computed[i]), ref, unit)
            if err > best[1]:
                best[1], best[2] = err, v
    _MEMO.clear()
    return [tuple(b) for b in state]


def _run_search(
    functions: list[tuple[str, bool]], n: int, seed: int, processes: int
) -> list[SearchResult]:
    chunks = [(start, min(start + _SEARCH_CHUNK, n)) for start in range(0, n, _SEARCH_CHUNK)]
    tasks = [(tuple(functions), n, seed, a, b) for a, b in chunks]
    if processes == 1:
        parts = [_search_chunk(t) for t in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(processes) as pool:
            parts = list(pool.map(_search_chunk, tasks))
    results = []
    for k, (name, derivative) in enumerate(functions):
        graded, worst, worst_x = 0, 0.0, float("nan")
        for part in parts:  # in the order of the points: the first largest error wins
            g, w, wx = part[k]
            graded += g
            if w > worst:
                worst, worst_x = w, wx
        results.append(SearchResult(name, derivative, n, graded, worst, worst_x))
    return results


def random_search(name: str, derivative: bool, n: int, seed: int = 0) -> SearchResult:
    """Grade ``name`` (or its derivative) at ``n`` random inputs of :func:`search_points`
    against the 50-digit reference (60 digits beyond |x| = 10⁴, see
    :func:`_far_reference`), in ULPs as :func:`compare` counts them; return the
    largest error and where it is."""
    activations.get(name)
    derivative = _check_bool(derivative, "derivative")
    n = _validate.positive_int(n, "n")
    return _run_search([(name, derivative)], n, _seed(seed), 1)[0]


def random_search_all(n: int, seed: int = 0, processes: int = 1) -> list[SearchResult]:
    """:func:`random_search` for every function of the registry and its derivative,
    in ``processes`` worker processes (each takes chunks of points and grades every
    function there, so that they share the exponentials of :func:`_memo`)."""
    n, seed = _validate.positive_int(n, "n"), _seed(seed)
    processes = _validate.positive_int(processes, "processes")
    functions = [(name, d) for name in activations.REGISTRY for d in (False, True)]
    return _run_search(functions, n, seed, processes)
