"""The SymPy side of every activation: expressions, derivatives, LaTeX, references.

Each activation is written here once, as a SymPy expression in the real symbol
:data:`x` (and the parameters :data:`alpha`, :data:`beta` where it has them). All
derivatives are obtained with :func:`sympy.diff`; none is typed by hand. The same
expressions give

* the LaTeX the book displays (:func:`latex`),
* a readable simplified form of each derivative, proved equal to SymPy's raw result
  (:func:`simplified_grad`, :func:`proved_equal`), and
* a high-precision reference evaluator (:func:`reference`), built with
  ``lambdify(..., "mpmath")``, against which the tests grade the NumPy code in ULPs.

Piecewise definitions use the strict condition ``x > 0``, so :func:`sympy.diff`
returns the left-hand branch at the kink: ReLU′(0) = 0, pReLU′(0) = α, ELU′(0) = α.
That is the library's documented convention.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import mpmath
import sympy as sp

from mlpbook import _validate

__all__ = [
    "EXPRESSIONS",
    "GELU_TANH_COEFF",
    "REFERENCE_MAX_ABS",
    "SELU_ALPHA",
    "SELU_DIGITS",
    "SELU_LAMBDA",
    "alpha",
    "beta",
    "expr",
    "gaussian_expectation",
    "gelu_tanh_expr",
    "grad",
    "init_variances",
    "lam",
    "latex",
    "linear_gain",
    "log_softmax_expr",
    "mu",
    "n_in",
    "n_out",
    "nu",
    "omega",
    "one_sided_limit",
    "params",
    "proved_equal",
    "proved_equal_on_both_sides",
    "reference",
    "reference_vector",
    "selu_constants",
    "selu_family",
    "selu_moment_equations",
    "selu_moment_map",
    "sigma",
    "sigmoid_expr",
    "simplified_grad",
    "softmax_expr",
    "softmax_jacobian_expr",
    "softmax_partial_general",
    "softmax_symbols",
    "tau",
    "uniform_variance",
    "weight_variance",
    "working_digits",
    "x",
]

#: The real variable every activation is a function of.
x: sp.Symbol = sp.Symbol("x", real=True)
#: Slope parameter of pReLU / leaky ReLU and scale of ELU.
alpha: sp.Symbol = sp.Symbol("alpha", real=True)
#: Inverse temperature of Swish.
beta: sp.Symbol = sp.Symbol("beta", real=True)

#: SELU's output scale λ, a symbol until :func:`selu_constants` fixes it.
lam: sp.Symbol = sp.Symbol("lambda", positive=True)


def sigmoid_expr(z: sp.Expr) -> sp.Expr:
    """σ(z) = 1 / (1 + exp(−z)) as a SymPy expression."""
    z = _validate.expression(z, "z")
    return 1 / (1 + sp.exp(-z))


def _split_at_zero(pos: sp.Expr, neg: sp.Expr) -> sp.Piecewise:
    """``pos`` for x > 0 and ``neg`` for x ≤ 0: the piecewise form of ReLU and its
    relatives (the value at the kink x = 0 is the left-hand piece's)."""
    return sp.Piecewise((pos, x > 0), (neg, True))


# --------------------------------------------------------------------------------------
# SELU's constants, derived (Klambauer et al., 2017)
# --------------------------------------------------------------------------------------

#: SELU before its constants are chosen: λ·x for x > 0, λ·α(eˣ − 1) otherwise.
selu_family: sp.Expr = lam * _split_at_zero(x, alpha * (sp.exp(x) - 1))

#: Decimal digits to which :func:`selu_constants` computes α and λ at import.
SELU_DIGITS: int = 40


def selu_constants(digits: int = SELU_DIGITS) -> tuple[sp.Float, sp.Float]:
    """The α and λ for which z ~ N(0, 1) gives E[selu(z)] = 0 and E[selu(z)²] = 1.

    By quadrature (mpmath) of the branches of :data:`selu_family` against the normal
    density φ, cheap enough to run at import. With p(z) = z the branch for z > 0 and
    α·q(z), q(z) = eᶻ − 1, the one for z ≤ 0 (λ is a common factor):

    * E[selu(z)] = λ(P + αQ), P = ∫₀^∞ p φ, Q = ∫₋∞⁰ q φ, is 0 for α = −P/Q;
    * E[selu(z)²] = λ²(P₂ + α²Q₂) with the squares' integrals, is 1 for
      λ = 1/√(P₂ + α²Q₂).

    Chapter 7 derives the same numbers from the closed-form moments
    (:func:`selu_moment_equations`) with ``sympy.nsolve``; the tests hold the two
    to 35 digits.
    """
    digits = _validate.positive_int(digits, "digits")
    (p, _), (q, _) = selu_family.subs({lam: 1, alpha: 1}).args
    p_fn, q_fn = (sp.lambdify(x, branch, modules="mpmath") for branch in (p, q))
    with mpmath.workdps(digits + 5):
        inf, norm = mpmath.inf, 1 / mpmath.sqrt(2 * mpmath.pi)

        def integral(f: Callable[[Any], Any], lo: Any, hi: Any) -> mpmath.mpf:
            return norm * mpmath.quad(lambda z: f(z) * mpmath.exp(-z * z / 2), [lo, hi])

        a = -integral(p_fn, 0, inf) / integral(q_fn, -inf, 0)
        second = integral(lambda z: p_fn(z) ** 2, 0, inf) + a**2 * integral(
            lambda z: q_fn(z) ** 2, -inf, 0
        )
        scale = 1 / mpmath.sqrt(second)
    return sp.Float(a, digits), sp.Float(scale, digits)


def gaussian_expectation(
    e: sp.Expr, mean: sp.Expr | int = 0, variance: sp.Expr | int = 1
) -> sp.Expr:
    """E[e(z)] for z ~ N(mean, variance), in closed form by ``sympy.integrate``.

    A Piecewise in ``x > 0`` is integrated branch by branch over the two half-lines
    (SymPy does each in closed form, with erfc, where it leaves the whole-line
    integral of the Piecewise unevaluated). The integral runs in the standardized
    variable u: x = mean + √variance·u, split at u = −mean/√variance."""
    e = _validate.expression(e, "e")
    mean = _validate.expression(mean, "mean")
    variance = _validate.expression(variance, "variance")
    u = sp.Dummy("u", real=True)
    sd = sp.sqrt(variance)
    density = sp.exp(-(u**2) / 2) / sp.sqrt(2 * sp.pi)
    folded = sp.piecewise_fold(e)
    if isinstance(folded, sp.Piecewise):
        (pos, cond), (neg, _) = folded.args
        if cond != (x > 0):
            raise ValueError(f"e must be a Piecewise in x > 0, got condition {cond}")
        split = -mean / sd
        parts = [(pos, split, sp.oo), (neg, -sp.oo, split)]
    else:
        parts = [(folded, -sp.oo, sp.oo)]
    total = sp.Integer(0)
    for branch, lo, hi in parts:
        integrand = sp.expand(branch.subs(x, mean + sd * u) * density)
        total += sp.integrate(integrand, (u, lo, hi), conds="none")
    return sp.expand(total)


@cache
def selu_moment_equations() -> tuple[sp.Expr, sp.Expr]:
    """E[selu(z)] and E[selu(z)²] for z ~ N(0, 1), in closed form in α and λ
    (:func:`gaussian_expectation` of :data:`selu_family` and of its square)."""
    return (
        gaussian_expectation(selu_family),
        gaussian_expectation(sp.piecewise_fold(selu_family**2)),
    )


_SELU_ALPHA_MP, _SELU_LAMBDA_MP = selu_constants()
#: SELU's α and λ, computed by :func:`selu_constants` and kept to 32 digits, the
#: digits Klambauer et al. quote: float64 needs 17, and a relative 10⁻³² in a constant
#: moves the 50-digit reference by far less than a float64 ULP.
SELU_ALPHA: sp.Float = sp.Float(_SELU_ALPHA_MP, 32)
SELU_LAMBDA: sp.Float = sp.Float(_SELU_LAMBDA_MP, 32)


#: name → (expression in x, parameters that appear in it).
EXPRESSIONS: dict[str, tuple[sp.Expr, tuple[sp.Symbol, ...]]] = {
    "relu": (_split_at_zero(x, sp.Integer(0)), ()),
    "prelu": (_split_at_zero(x, alpha * x), (alpha,)),
    "leaky_relu": (_split_at_zero(x, alpha * x), (alpha,)),
    "sigmoid": (sigmoid_expr(x), ()),
    "tanh": (sp.tanh(x), ()),
    "softsign": (x / (1 + sp.Abs(x)), ()),
    "softplus": (sp.log(1 + sp.exp(x)), ()),
    "elu": (_split_at_zero(x, alpha * (sp.exp(x) - 1)), (alpha,)),
    "selu": (selu_family.subs({lam: SELU_LAMBDA, alpha: SELU_ALPHA}), ()),
    "swish": (x * sigmoid_expr(beta * x), (beta,)),
    "gelu": (x * (1 + sp.erf(x / sp.sqrt(2))) / 2, ()),
}


#: The tanh approximation of GELU (Hendrycks & Gimpel, 2016), used where erf was slow:
#: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). Not one of the registry's activations; it is
#: compared with the exact GELU in Chapter 3.
GELU_TANH_COEFF: sp.Rational = sp.Rational(44715, 1_000_000)
gelu_tanh_expr: sp.Expr = x / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + GELU_TANH_COEFF * x**3)))


def _check_name(name: str) -> None:
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if name not in EXPRESSIONS:
        raise ValueError(f"name must be one of {sorted(EXPRESSIONS)}, got {name!r}")


def expr(name: str) -> sp.Expr:
    """The SymPy expression of activation *name* (parameters left as symbols)."""
    _check_name(name)
    return EXPRESSIONS[name][0]


def params(name: str) -> tuple[sp.Symbol, ...]:
    """The parameter symbols of activation *name*, in signature order."""
    _check_name(name)
    return EXPRESSIONS[name][1]


def _check_wrt(name: str, wrt: str) -> str:
    """``wrt`` if it is ``"x"`` or a parameter of activation ``name``."""
    _check_name(name)
    if not isinstance(wrt, str):
        raise TypeError(f"wrt must be a str, got {type(wrt).__name__}")
    allowed = ["x", *(str(p) for p in params(name))]
    if wrt not in allowed:
        raise ValueError(f"wrt must be one of {allowed} for {name}, got {wrt!r}")
    return wrt


def grad(name: str, wrt: str = "x") -> sp.Expr:
    """``sympy.diff`` of :func:`expr` with respect to ``x`` or one of the activation's
    parameters (``"alpha"``, ``"beta"``); a parameter it does not have is an error."""
    return _grad(name, _check_wrt(name, wrt))


@cache
def _grad(name: str, wrt: str) -> sp.Expr:
    return sp.diff(expr(name), {"x": x, "alpha": alpha, "beta": beta}[wrt])


def one_sided_limit(
    e: sp.Expr, at: sp.Expr | float, side: int, var: sp.Symbol | None = None
) -> sp.Expr:
    """The limit of ``e`` as ``var`` (default :data:`x`) tends to ``at`` from the left
    (``side=-1``) or the right (``side=+1``); ``at`` may be ±∞ (then ``side`` gives
    the sign of infinity).

    SymPy's ``limit`` cannot decide a Piecewise condition such as ``x > 0`` for a
    plain real symbol, so the limit is taken in a fresh positive symbol t with
    ``var = at + side·t`` (or ``var = side·t`` for t → ∞), where it can."""
    e = _validate.expression(e, "e")
    if isinstance(side, bool) or side not in (-1, 1):
        raise ValueError(f"side must be -1 or +1, got {side!r}")
    if isinstance(at, str):
        raise TypeError(f"at must be a number or SymPy expression, got {at!r}")
    if var is not None and not isinstance(var, sp.Symbol):
        raise TypeError(f"var must be a SymPy Symbol or None, got {type(var).__name__}")
    var = x if var is None else var
    t = sp.Dummy("t", positive=True)
    if at in (sp.oo, -sp.oo):
        return sp.limit(e.subs(var, side * t), t, sp.oo)
    return sp.limit(e.subs(var, at + side * t), t, 0, "+")


def _simplify_piecewise(e: sp.Expr) -> sp.Expr:
    if isinstance(e, sp.Piecewise):
        return sp.Piecewise(*[(sp.simplify(b), c) for b, c in e.args])
    return e


def _readable_forms() -> dict[tuple[str, str], sp.Expr]:
    """Readable candidate forms for derivatives whose raw ``diff`` output is hard to
    read, keyed by (name, variable). They are hypotheses, not sources: each is
    *proved* equal to ``grad(name, wrt)`` by :func:`proved_equal` in the tests and in
    Chapter 2, and nothing numeric is computed from them."""
    s = sigmoid_expr(x)
    sb = sigmoid_expr(beta * x)
    phi = sp.exp(-(x**2) / 2) / sp.sqrt(2 * sp.pi)
    big_phi = (1 + sp.erf(x / sp.sqrt(2))) / 2
    return {
        ("sigmoid", "x"): s * (1 - s),
        ("tanh", "x"): 1 - sp.tanh(x) ** 2,
        ("softplus", "x"): s,
        ("softsign", "x"): 1 / (1 + sp.Abs(x)) ** 2,
        ("swish", "x"): sb + beta * x * sb * (1 - sb),
        ("swish", "beta"): x**2 * sb * (1 - sb),
        ("gelu", "x"): big_phi + x * phi,
    }


def simplified_grad(name: str, wrt: str = "x") -> sp.Expr:
    """A readable form of the derivative of ``name`` in ``wrt``; equal to
    :func:`grad` (see :func:`proved_equal`).

    For piecewise activations this is the raw derivative with each branch simplified.
    """
    _check_wrt(name, wrt)
    forms = _readable_forms()
    if (name, wrt) in forms:
        return forms[(name, wrt)]
    return _simplify_piecewise(grad(name, wrt))


def proved_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """True when SymPy proves ``a == b``: ``simplify(a − b) == 0``, retried after
    ``.rewrite(sp.exp)`` (which turns tanh, sinh, … into exponentials) if needed."""
    a, b = _validate.expression(a, "a"), _validate.expression(b, "b")
    difference = sp.simplify(a - b)
    if difference == 0:
        return True
    return sp.simplify(sp.expand((a - b).rewrite(sp.exp))) == 0


def proved_equal_on_both_sides(a: sp.Expr, b: sp.Expr) -> bool:
    """:func:`proved_equal` for x = t and for x = −t with t > 0: for expressions with
    ``Abs``, ``Max`` or a Piecewise condition on x, which SymPy settles only once it
    knows the sign of x. (At x = 0 both sides are continuous in the book's uses.)"""
    a, b = _validate.expression(a, "a"), _validate.expression(b, "b")
    t = sp.Dummy("t", positive=True)
    return all(proved_equal(a.subs(x, side * t), b.subs(x, side * t)) for side in (1, -1))


def latex(e: sp.Expr, lhs: str | None = None) -> str:
    """LaTeX of a SymPy expression, optionally as ``lhs = …``. A string is refused,
    not typeset: ``latex("x**2")`` would show the characters x**2."""
    e = _validate.expression(e, "e")
    if lhs is not None and not isinstance(lhs, str):
        raise TypeError(f"lhs must be a str or None, got {type(lhs).__name__}")
    body = sp.latex(e)
    return f"{lhs} = {body}" if lhs else body


# --------------------------------------------------------------------------------------
# High-precision reference
# --------------------------------------------------------------------------------------


def _reference_form(e: sp.Expr) -> sp.Expr:
    """The same function, with ``erf`` written through ``erfc`` (an identity:
    erf(z) = erfc(−z) − 1), so that x·(1 + erf(x/√2))/2 does not cancel to zero at
    large negative x; mpmath evaluates erfc accurately at any argument."""
    return e.replace(sp.erf, lambda z: sp.erfc(-z, evaluate=False) - 1)


@cache
def _mpmath_function(e: sp.Expr, symbols: tuple[sp.Symbol, ...]) -> Callable[..., Any]:
    return sp.lambdify(symbols, _reference_form(e), modules="mpmath")


def working_digits(value: float, digits: int = 50) -> int:
    """Decimal digits needed to evaluate the textbook expressions at ``value`` to
    ``digits`` correct digits.

    The expressions contain two kinds of cancellation: 1 − tanh²(x) and log(1 + eˣ)
    lose about 2|x|/ln 10 < |x| digits, and eˣ − 1 near 0 loses −log₁₀|x| digits.
    Ten guard digits cover the rest; :func:`reference` checks convergence."""
    a = abs(_validate.real(value, "value"))
    digits = _validate.positive_int(digits, "digits")
    extra = math.ceil(a) if math.isfinite(a) else 0
    if 0 < a < 1:
        extra += math.ceil(-math.log10(a))
    return digits + 10 + extra


#: The largest |x| :func:`reference` evaluates at: it works with about |x| extra
#: digits (see :func:`working_digits`), 10⁴ at this limit. The book grades on [−800, 800].
REFERENCE_MAX_ABS: float = 1e4


def _check_reference_value(value: Any, name: str) -> float:
    v = _validate.real(value, name)
    if math.isfinite(v) and abs(v) > REFERENCE_MAX_ABS:
        raise ValueError(
            f"{name} must satisfy |{name}| ≤ {REFERENCE_MAX_ABS:g} (the reference needs about "
            f"|{name}| extra digits), got {value!r}"
        )
    return v


def reference(
    e: sp.Expr,
    value: float,
    subs: Mapping[sp.Symbol, float] | None = None,
    digits: int = 50,
) -> mpmath.mpf:
    """Evaluate the expression ``e`` (in :data:`x`) at the float ``value`` with
    mpmath, correct to ``digits`` decimal digits, and return it rounded to them.

    ``subs`` gives numeric values for the parameters (α, β). Works from the same
    SymPy expressions the book displays, through ``lambdify(..., "mpmath")``.
    |value| ≤ :data:`REFERENCE_MAX_ABS`.
    """
    e = _validate.expression(e, "e")
    value = _check_reference_value(value, "value")
    digits = _validate.positive_int(digits, "digits")
    subs = {} if subs is None else subs
    if not isinstance(subs, Mapping) or not all(isinstance(s, sp.Symbol) for s in subs):
        raise TypeError(f"subs must map SymPy symbols to numbers, got {subs!r:.80}")
    values = {s: _validate.real(v, f"subs[{s}]") for s, v in subs.items()}
    symbols = (x, *sorted(values, key=str))
    f = _mpmath_function(e, symbols)
    with mpmath.workdps(working_digits(value, digits)):
        args = [mpmath.mpf(value)] + [mpmath.mpf(values[s]) for s in symbols[1:]]
        result = mpmath.mpf(f(*args))
    with mpmath.workdps(digits):  # working precision can run to thousands of digits
        return +result


def reference_vector(
    exprs: Sequence[sp.Expr], symbols: Sequence[sp.Symbol], values: Sequence[float]
) -> list[mpmath.mpf]:
    """Evaluate several expressions in several symbols (e.g. softmax components) at
    float ``values``, with enough digits for entries up to max |value|."""
    exprs = [_validate.expression(e, "exprs") for e in exprs]
    if not all(isinstance(s, sp.Symbol) for s in symbols):
        raise TypeError(f"symbols must be SymPy symbols, got {symbols!r:.80}")
    values = [_check_reference_value(v, "values") for v in values]
    if len(values) != len(symbols):
        raise ValueError(f"values has {len(values)} entries for {len(symbols)} symbols")
    f = sp.lambdify(tuple(symbols), [_reference_form(e) for e in exprs], modules="mpmath")
    dps = working_digits(max((abs(v) for v in values), default=0.0))
    with mpmath.workdps(dps):
        return [+mpmath.mpf(r) for r in f(*[mpmath.mpf(v) for v in values])]


# --------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------


def softmax_symbols(n: int) -> tuple[sp.Symbol, ...]:
    """Real symbols x₁ … xₙ for the softmax of an n-vector."""
    n = _validate.positive_int(n, "n")
    return sp.symbols(f"x1:{n + 1}", real=True)


def softmax_expr(n: int) -> sp.Matrix:
    """The softmax of (x₁ … xₙ) as a column Matrix: sᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)."""
    xs = softmax_symbols(n)
    total = sum(sp.exp(v) for v in xs)
    return sp.Matrix([sp.exp(v) / total for v in xs])


def log_softmax_expr(n: int) -> sp.Matrix:
    """log sᵢ = xᵢ − log Σⱼ exp(xⱼ) as a column Matrix."""
    xs = softmax_symbols(n)
    total = sum(sp.exp(v) for v in xs)
    return sp.Matrix([v - sp.log(total) for v in xs])


def softmax_partial_general() -> dict[str, sp.Expr]:
    """∂sᵢ/∂xₖ for a softmax of symbolic length n, by ``sympy.diff`` of
    sᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) with indexed symbols.

    Returns the steps: ``"s_i"`` (the definition), ``"raw"`` (``diff`` as SymPy
    returns it, with Kronecker deltas inside the sum), ``"summed"`` (the sum carried
    out, k ≤ n being true of an index), and ``"in_s"`` (written with
    sₘ = exp(xₘ)/Σⱼ exp(xⱼ) as the indexed symbol ``s``), which reads
    sᵢ δᵢₖ − sᵢ sₖ."""
    n = sp.Symbol("n", integer=True, positive=True)
    i, j, k = sp.symbols("i j k", integer=True, positive=True)
    xs, s = sp.IndexedBase("x"), sp.IndexedBase("s")
    total = sp.Sum(sp.exp(xs[j]), (j, 1, n))
    s_i = sp.exp(xs[i]) / total
    raw = sp.diff(s_i, xs[k])
    summed = raw.doit().replace(
        lambda e: isinstance(e, sp.Piecewise), lambda e: e.args[0][0]
    )  # the only other branch is k > n, which no index k ∈ {1, …, n} reaches
    in_s = sp.expand(summed).subs({sp.exp(xs[m]): s[m] * total for m in (i, k)})
    in_s = sp.expand(in_s)
    return {
        "s_i": s_i,
        "raw": raw,
        "summed": summed,
        "in_s": in_s,
        "same": sp.factor(in_s.subs(k, i)),
        "different": in_s.subs(sp.KroneckerDelta(i, k), 0),
        "i": i,
        "k": k,
    }


def softmax_jacobian_expr(n: int) -> sp.Matrix:
    """The n×n Jacobian ∂sᵢ/∂xₖ, computed by ``sympy.Matrix.jacobian``."""
    return softmax_expr(n).jacobian(softmax_symbols(n))


# --------------------------------------------------------------------------------------
# Initialization: variance propagation (Chapter 7)
# --------------------------------------------------------------------------------------

#: Fan-in and fan-out of a dense layer.
n_in: sp.Symbol = sp.Symbol("n_in", positive=True, integer=True)
n_out: sp.Symbol = sp.Symbol("n_out", positive=True, integer=True)
#: Standard deviation of a pre-activation z ~ N(0, σ²).
sigma: sp.Symbol = sp.Symbol("sigma", positive=True)
#: Variance of one weight.
weight_variance: sp.Symbol = sp.Symbol("v", positive=True)


def uniform_variance(a: sp.Expr) -> sp.Expr:
    """Var(U(−a, a)) = ∫ t²/(2a) dt over (−a, a), by ``sympy.integrate`` (= a²/3)."""
    a = _validate.expression(a, "a")
    t = sp.Dummy("t", real=True)
    return sp.integrate(t**2 / (2 * a), (t, -a, a))


@cache
def init_variances() -> dict[str, sp.Expr]:
    """Weight variances that keep signals at scale, derived by variance propagation.

    A layer with n_in inputs of second moment q and weights of variance v gives
    pre-activations of variance n_in·v·q; the backward pass multiplies gradient
    variance by n_out·v. Keys:

    * ``"lecun"``: n_in·v = 1 (linear units, and SELU), v = 1/n_in;
    * ``"he"``: n_in·v·E[relu(z)²]/σ² = 1 with E[relu(z)²] = σ²/2 computed by
      :func:`gaussian_expectation`, v = 2/n_in;
    * ``"xavier"``: the average of the forward (n_in·v = 1) and backward
      (n_out·v = 1) conditions, (n_in + n_out)·v/2 = 1, v = 2/(n_in + n_out);
    * ``"xavier_uniform"``: the half-width a of U(−a, a) with that variance,
      from :func:`uniform_variance`, a = √(6/(n_in + n_out)).
    """
    v = weight_variance
    relu_moment = gaussian_expectation(expr("relu") ** 2, variance=sigma**2)
    (lecun,) = sp.solve(sp.Eq(n_in * v, 1), v)
    (he,) = sp.solve(sp.Eq(n_in * v * relu_moment / sigma**2, 1), v)
    (xavier,) = sp.solve(sp.Eq((n_in * v + n_out * v) / 2, 1), v)
    a = sp.Symbol("a", positive=True)
    (half_width,) = sp.solve(sp.Eq(uniform_variance(a), xavier), a)
    return {"lecun": lecun, "he": he, "xavier": xavier, "xavier_uniform": half_width}


def linear_gain(name: str) -> sp.Expr:
    """1/f′(0): the factor on the weights' standard deviation that makes f(z) ≈ f′(0)·z
    act like the identity near 0 (tanh: 1, sigmoid: 4; SymPy's ``diff`` at 0)."""
    return 1 / grad(name).subs(x, 0)


#: Mean and variance of a layer's inputs, and the sum and sum of squares of one
#: unit's weights (Klambauer et al.'s μ, ν, ω, τ).
mu, nu = sp.Symbol("mu", real=True), sp.Symbol("nu", positive=True)
omega, tau = sp.Symbol("omega", real=True), sp.Symbol("tau", positive=True)


@cache
def selu_moment_map() -> sp.Matrix:
    """The map (μ, ν) ↦ (μ̃, ν̃) through one SELU layer, in closed form.

    Inputs with mean μ and variance ν, weights with Σw = ω and Σw² = τ give
    pre-activations z ~ N(μω, ντ) (central limit theorem); the outputs' mean is
    μ̃ = E[selu(z)] and their variance ν̃ = E[selu(z)²] − μ̃², both by
    :func:`gaussian_expectation` of :data:`selu_family` (α and λ left symbolic).
    The expectation is taken for z ~ N(m, s²) and then m = μω, s = √(ντ)
    substituted, which keeps SymPy's closed form free of 1/m terms."""
    m, s = sp.Symbol("m", real=True), sp.Symbol("s", positive=True)
    first = gaussian_expectation(selu_family, mean=m, variance=s**2)
    second = gaussian_expectation(sp.piecewise_fold(selu_family**2), mean=m, variance=s**2)
    at = {m: mu * omega, s: sp.sqrt(nu * tau)}
    return sp.Matrix([first.subs(at), (second - first**2).subs(at)])
