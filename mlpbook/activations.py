"""Activation functions and their derivatives in NumPy, accurate over all of float64.

Every function here takes a real scalar or array ``x`` and returns the same shape:
a NumPy scalar for a scalar, float32 for float32 input, float64 otherwise (integers
and booleans are promoted). NaN propagates, ±inf gives the limit, and no function
emits a NumPy ``RuntimeWarning``. Bad input raises ``TypeError`` (``x`` or a parameter
not real) or ``ValueError`` (a parameter that is ±inf or NaN).

The formulas are the SymPy expressions of :mod:`mlpbook.symbolic`; what is written
here is only *how* to evaluate them in floating point without overflow or
cancellation. The tests grade each function in ULPs against a 50-digit mpmath
evaluation of the same SymPy expression. The recurring tricks:

* evaluate exponentials only at −|x|, so ``exp`` never overflows, and use the
  symmetry of the function for the other sign;
* ``log1p`` and ``expm1`` where the textbook form adds to or subtracts from 1;
* write derivatives in ``e = exp(−|x|)`` instead of as σ(1 − σ) or 1 − tanh²;
* for GELU, ``erfcx`` and an exactly split x² instead of ``1 + erf``;
* for softmax, shift by the maximum and keep the rounding error of the shift.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike
from scipy import special

from mlpbook import _validate, symbolic
from mlpbook._validate import Float64Array, as_float_array

__all__ = [
    "REGISTRY",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "SOFTMAX_JACOBIAN_MAX_N",
    "Activation",
    "elu",
    "elu_grad",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "get",
    "leaky_relu",
    "leaky_relu_grad",
    "log_softmax",
    "prelu",
    "prelu_grad",
    "prelu_grad_alpha",
    "relu",
    "relu_grad",
    "selu",
    "selu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_jacobian",
    "softmax_jvp",
    "softplus",
    "softplus_grad",
    "softsign",
    "softsign_grad",
    "swish",
    "swish_grad",
    "swish_grad_beta",
    "tanh",
    "tanh_grad",
]

SELU_ALPHA: float = float(symbolic.SELU_ALPHA)
SELU_LAMBDA: float = float(symbolic.SELU_LAMBDA)
_SELU_LAMBDA_ALPHA: float = float(symbolic.SELU_LAMBDA * symbolic.SELU_ALPHA)
_SQRT1_2: float = math.sqrt(0.5)
_INV_SQRT_2PI: float = float(1 / sp.sqrt(2 * sp.pi))
_SQRT_2_OVER_PI: float = float(sp.sqrt(2 / sp.pi))
_GELU_TANH_COEFF: float = float(symbolic.GELU_TANH_COEFF)


# How every kernel is called: the checks of x and of the parameters, the dtype of the
# result, and the exact sum and product that some kernels use.


def _finish(result: Float64Array, dtype: np.dtype[Any]) -> Any:
    """Cast ``result`` to ``dtype``; a 0-d result becomes a NumPy scalar."""
    result = result.astype(dtype, copy=False)
    return result[()] if result.ndim == 0 else result


def _elementwise(
    kernel: Callable[..., Float64Array], x: ArrayLike, *params: tuple[Any, str]
) -> Any:
    """Run ``kernel(x64, *params)`` with the library's conventions for ``x``; a masked
    ``x`` gives a masked result with the same mask."""
    if isinstance(x, np.ma.MaskedArray):
        result = _elementwise(kernel, np.ma.getdata(x), *params)
        return np.ma.masked_array(result, mask=np.ma.getmaskarray(x))
    x64, dtype = as_float_array(x, "x")
    checked = [_validate.finite_real(value, name) for value, name in params]
    flat = x64.reshape(-1)  # kernels see 1-D arrays (0-d ones turn into scalars)
    # An overflow to ±inf is the correctly rounded value when the true result exceeds
    # the float64 range (selu(1e308)); the kernels avoid overflow in intermediates
    # and the ULP tests grade them. Invalid operations (NaN) still raise.
    with np.errstate(over="ignore"):
        result = np.asarray(kernel(flat, *checked), dtype=np.float64).reshape(x64.shape)
    return _finish(result, dtype)


def _two_product(a: Float64Array, b: Float64Array) -> tuple[Float64Array, Float64Array]:
    """Dekker's exact product: ``a*b == hi + lo`` exactly (|a|, |b| < 2**996)."""
    hi = a * b
    split = 134217729.0  # 2**27 + 1
    ca, cb = split * a, split * b
    a_hi, b_hi = ca - (ca - a), cb - (cb - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    lo = ((a_hi * b_hi - hi) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return hi, lo


def _two_sum(a: Float64Array, b: Float64Array) -> tuple[Float64Array, Float64Array]:
    """Knuth's exact sum: ``a + b == s + err`` exactly (for finite a, b)."""
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)
    return s, err


def _with_limits(x: Float64Array, y: Float64Array, at_minus_inf: float, at_plus_inf: float):
    """Put the limits of the function at x = ±inf in place."""
    if np.isinf(x).any():
        y = np.where(x == -np.inf, at_minus_inf, y)
        y = np.where(x == np.inf, at_plus_inf, y)
    return y


def _exp_neg_abs(x: Float64Array) -> Float64Array:
    return np.exp(-np.abs(x))


#: Below this, exp(z) is subnormal (or nearly so) and has lost digits.
_SUBNORMAL_EXP = -700.0


def _times_exp(a: Float64Array, z: Float64Array) -> Float64Array:
    """a·exp(z) as (a·h)·h with h = exp(z/2): accurate where exp(z) alone would be
    subnormal (z < −708) but the product is a normal number."""
    h = np.exp(0.5 * np.minimum(z, 0.0))
    with np.errstate(over="ignore"):
        return (a * h) * h


#: Elements per block in :func:`_blockwise`. A block's temporaries (64 KB each) stay
#: in the cache, and NumPy's allocator reuses their memory; one pass over a 10⁷-array
#: temporary would instead touch 80 MB of fresh pages, which costs more than the
#: arithmetic.
_BLOCK = 1 << 13


#: Elements per block of the kernels that write each pass into their result array
#: (softplus, Swish): with no temporaries but the result, a larger block pays off.
_BLOCK_INTO = 1 << 14


def _blockwise(
    kernel: Callable[..., Float64Array], v: Float64Array, *params: float
) -> Float64Array:
    """``kernel(v, *params)`` evaluated block by block into one result array."""
    if v.size <= _BLOCK:
        return kernel(v, *params)
    y = np.empty_like(v)
    for start in range(0, v.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        y[block] = kernel(v[block], *params)
    return y


# --------------------------------------------------------------------------------------
# Piecewise linear
# --------------------------------------------------------------------------------------


def relu(x: ArrayLike) -> Any:
    r"""Rectified linear unit.

    .. math:: \mathrm{relu}(x) = \max(x, 0)
    """
    return _elementwise(lambda v: np.maximum(v, 0.0), x)


def relu_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`relu`, with the left-hand value 0 at the kink.

    .. math:: \mathrm{relu}'(x) = \begin{cases}1 & x > 0\\ 0 & x \le 0\end{cases}
    """
    return _elementwise(lambda v: np.where(np.isnan(v), v, v > 0), x)


def prelu(x: ArrayLike, alpha: float = 0.25) -> Any:
    r"""Parametric ReLU (He et al., 2015); ``alpha`` is the learned negative slope.

    .. math:: \mathrm{prelu}(x) = \max(0, x) + \alpha \min(0, x)
    """

    def kernel(v: Float64Array, a: float) -> Float64Array:
        if a == 0.0:  # 0 * -inf would be NaN; the limit is relu's
            return np.maximum(v, 0.0)
        return np.where(v > 0, v, a * v)

    return _elementwise(kernel, x, (alpha, "alpha"))


def prelu_grad(x: ArrayLike, alpha: float = 0.25) -> Any:
    r"""Derivative of :func:`prelu` in x, with the left-hand value α at 0.

    .. math:: \partial_x \mathrm{prelu}(x) = \begin{cases}1 & x > 0\\ \alpha & x \le 0\end{cases}
    """
    return _elementwise(
        lambda v, a: np.where(np.isnan(v), v, np.where(v > 0, 1.0, a)), x, (alpha, "alpha")
    )


def prelu_grad_alpha(x: ArrayLike, alpha: float = 0.25) -> Any:
    r"""Derivative of :func:`prelu` in its parameter α (independent of α).

    .. math:: \partial_\alpha \mathrm{prelu}(x) = \min(0, x)
    """
    return _elementwise(lambda v, a: np.minimum(v, 0.0), x, (alpha, "alpha"))


def leaky_relu(x: ArrayLike, alpha: float = 0.01) -> Any:
    r"""Leaky ReLU (Maas et al., 2013): :func:`prelu` with a small fixed slope.

    .. math:: \mathrm{leaky\_relu}(x) = \max(0, x) + \alpha \min(0, x)
    """
    return prelu(x, alpha)


def leaky_relu_grad(x: ArrayLike, alpha: float = 0.01) -> Any:
    r"""Derivative of :func:`leaky_relu`: 1 for x > 0, α for x ≤ 0."""
    return prelu_grad(x, alpha)


# --------------------------------------------------------------------------------------
# Sigmoid family
# --------------------------------------------------------------------------------------


def _sigmoid(v: Float64Array) -> Float64Array:
    """1/(1 + exp(−x)) for x ≥ −30, and e − e² with e = exp(x) below.

    Below −30, 1 + exp(−x) is rounded to a float near 2⁵³ and beyond, where the
    rounding of the sum, the error of exp and the reciprocal's rounding can add up
    to more than 2 ULP (2.28 near x = −36.74). There σ(x) = e/(1 + e) = e − e² + e³ − …
    with e < 10⁻¹³, so e − e² is exact to a relative e² < 10⁻²⁶: one exp and one
    subtraction. (It also covers x < −709.78, where exp(−x) overflows.)"""
    e = np.negative(v)
    np.exp(e, out=e)  # may overflow to inf for x < -709.78 (_elementwise ignores that)
    e += 1.0
    np.reciprocal(e, out=e)
    far = v < -30.0
    if far.any():
        small = np.exp(v[far])
        e[far] = small - small * small
    return e


def _sigmoid_grad(v: Float64Array) -> Float64Array:
    e = _exp_neg_abs(v)
    d = 1.0 + e
    return e / (d * d)


def sigmoid(x: ArrayLike) -> Any:
    r"""Logistic sigmoid: 1/(1 + exp(−x)), and e − e² with e = exp(x) below −30.

    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}
    """
    return _elementwise(_sigmoid, x)


def sigmoid_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`sigmoid`, evaluated as e/(1+e)² with e = exp(−|x|).

    .. math:: \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) = \frac{e^{-x}}{(1 + e^{-x})^2}
    """
    return _elementwise(_sigmoid_grad, x)


def tanh(x: ArrayLike) -> Any:
    r"""Hyperbolic tangent (``np.tanh``, which is accurate everywhere).

    .. math:: \tanh(x) = \frac{1 - e^{-2x}}{1 + e^{-2x}}
    """
    return _elementwise(np.tanh, x)


def _tanh_grad(v: Float64Array) -> Float64Array:
    with np.errstate(over="ignore"):  # -2|x| = -inf for |x| > 8.9e307: exp gives 0, right
        t = np.exp(-2.0 * np.abs(v))
    d = 1.0 + t
    return 4.0 * t / (d * d)


def tanh_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`tanh`, evaluated as 4t/(1+t)² with t = exp(−2|x|).

    .. math:: \tanh'(x) = 1 - \tanh^2(x)
    """
    return _elementwise(_tanh_grad, x)


def softsign(x: ArrayLike) -> Any:
    r"""Softsign, a rational squashing function onto (−1, 1).

    .. math:: \mathrm{softsign}(x) = \frac{x}{1 + |x|}
    """

    def kernel(v: Float64Array) -> Float64Array:
        a = np.abs(v)
        # |x| ≥ 1: sign(x)/(1 + 1/|x|), a chain of monotone correctly rounded steps
        # (x/(1+|x|) is not monotone past 2**53, where 1 + |x| rounds); ±inf gives ±1
        with np.errstate(divide="ignore"):
            large = np.sign(v) / (1.0 + 1.0 / a)
        small = np.clip(v, -1.0, 1.0)
        return np.where(a >= 1.0, large, small / (1.0 + np.abs(small)))

    return _elementwise(kernel, x)


def softsign_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`softsign`.

    .. math:: \mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}
    """

    def kernel(v: Float64Array) -> Float64Array:
        d = 1.0 + np.abs(v)
        with np.errstate(over="ignore"):  # d*d = inf for |x| > 1.3e154: 1/inf = 0, right
            return 1.0 / (d * d)

    return _elementwise(kernel, x)


def softplus(x: ArrayLike) -> Any:
    r"""Softplus (Dugas et al., 2001), evaluated as max(x, 0) + log1p(exp(−|x|)).

    .. math:: \mathrm{softplus}(x) = \log(1 + e^{x})
    """
    return _elementwise(_softplus, x)


def _softplus(v: Float64Array) -> Float64Array:
    # max(v, 0) + log1p(exp(-|v|)), block by block, every pass written into the result
    # (-|v| in one pass as copysign(v, -1)) and max(v, 0) into one reused scratch block
    y = np.empty_like(v)
    scratch = np.empty(min(v.size, _BLOCK_INTO))
    for start in range(0, v.size, _BLOCK_INTO):
        vb, yb = v[start : start + _BLOCK_INTO], y[start : start + _BLOCK_INTO]
        np.copysign(vb, -1.0, out=yb)
        np.exp(yb, out=yb)
        np.log1p(yb, out=yb)
        yb += np.maximum(vb, 0.0, out=scratch[: vb.size])
    return y


def softplus_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`softplus`, which is the sigmoid.

    .. math:: \mathrm{softplus}'(x) = \sigma(x)
    """
    return _elementwise(_sigmoid, x)


# --------------------------------------------------------------------------------------
# Exponential linear units
# --------------------------------------------------------------------------------------


def elu(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Exponential linear unit (Clevert et al., 2016), with ``expm1``.

    .. math:: \mathrm{elu}(x) = \begin{cases}x & x > 0\\ \alpha (e^{x} - 1) & x \le 0\end{cases}
    """
    return _elementwise(
        lambda v, a: np.where(v > 0, v, a * np.expm1(np.minimum(v, 0.0))), x, (alpha, "alpha")
    )


def elu_grad(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Derivative of :func:`elu` in x, with the left-hand value α at 0.

    .. math:: \mathrm{elu}'(x) = \begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}
    """
    return _elementwise(
        lambda v, a: np.where(v > 0, 1.0, a * np.exp(np.minimum(v, 0.0))), x, (alpha, "alpha")
    )


def selu(x: ArrayLike) -> Any:
    r"""Scaled ELU (Klambauer et al., 2017) with its self-normalising constants.

    .. math:: \mathrm{selu}(x) = \lambda \begin{cases}x & x > 0\\
              \alpha (e^{x} - 1) & x \le 0\end{cases},\quad
              \alpha \approx 1.6733,\ \lambda \approx 1.0507
    """
    return _elementwise(
        lambda v: np.where(
            v > 0, SELU_LAMBDA * v, _SELU_LAMBDA_ALPHA * np.expm1(np.minimum(v, 0.0))
        ),
        x,
    )


def selu_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`selu`: λ for x > 0, λα eˣ for x ≤ 0."""
    return _elementwise(
        lambda v: np.where(
            np.isnan(v),
            v,
            np.where(v > 0, SELU_LAMBDA, _SELU_LAMBDA_ALPHA * np.exp(np.minimum(v, 0.0))),
        ),
        x,
    )


# --------------------------------------------------------------------------------------
# Swish and GELU
# --------------------------------------------------------------------------------------


def _swish_block(v: Float64Array, b: float, y: Float64Array) -> None:
    """x/(1 + exp(−βx)) (one rounding less than x·σ(βx)), and x·(s − s²) with
    s = exp(βx) where βx < −30 (see :func:`_sigmoid`), x·exp(βx) as (x·h)·h below −700;
    into ``y``."""
    with np.errstate(over="ignore", invalid="ignore"):  # βx = ±inf; x = ±inf fixed below
        z = v if b == 1.0 else b * v
        np.negative(z, out=y)
        np.exp(y, out=y)
        y += 1.0
        np.divide(v, y, out=y)
        if z.size and z.min() < -30.0:  # a reduction is cheaper than a mask
            far = np.flatnonzero(z < -30.0)
            s = np.exp(z[far])
            y[far] = v[far] * (s - s * s)
            tiny = far[z[far] < _SUBNORMAL_EXP]
            if tiny.size:
                y[tiny] = _times_exp(v[tiny], z[tiny])


def _swish(v: Float64Array, b: float) -> Float64Array:
    y = np.empty_like(v)
    for start in range(0, v.size, _BLOCK_INTO):
        block = slice(start, start + _BLOCK_INTO)
        _swish_block(v[block], b, y[block])
    return _with_limits(v, y, 0.0 if b > 0 else -np.inf, np.inf if b >= 0 else 0.0)


def swish(x: ArrayLike, beta: float = 1.0) -> Any:
    r"""Swish (Ramachandran et al., 2017); with β = 1 it is SiLU (Elfwing et al., 2018).

    .. math:: \mathrm{swish}(x) = x\,\sigma(\beta x)
    """
    return _elementwise(_swish, x, (beta, "beta"))


def _swish_grad(v: Float64Array, b: float) -> Float64Array:
    with np.errstate(over="ignore"):
        z = b * v
    e = _exp_neg_abs(z)
    d = 1.0 + e
    finite_z = np.where(np.isfinite(z), z, 0.0)
    numerator = np.where(z >= 0, 1.0 + e * (1.0 + finite_z), e * (d + finite_z))
    y = numerator / (d * d)
    tiny = z < _SUBNORMAL_EXP
    if tiny.any():
        y[tiny] = _times_exp(1.0 + finite_z[tiny], finite_z[tiny])
    # where βx is infinite the derivative is the step σ(βx) ∈ {0, 1}
    y = np.where(np.isinf(z), (z > 0).astype(np.float64), y)
    return np.where(np.isnan(z), z, y)


def swish_grad(x: ArrayLike, beta: float = 1.0) -> Any:
    r"""Derivative of :func:`swish` in x, written in e = exp(−|βx|).

    .. math:: \partial_x \mathrm{swish}(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)
              \bigl(1 - \sigma(\beta x)\bigr)
    """
    return _elementwise(_swish_grad, x, (beta, "beta"))


def swish_grad_beta(x: ArrayLike, beta: float = 1.0) -> Any:
    r"""Derivative of :func:`swish` in its parameter β.

    .. math:: \partial_\beta \mathrm{swish}(x) = x^2\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)
    """

    def kernel(v: Float64Array, b: float) -> Float64Array:
        with np.errstate(over="ignore", invalid="ignore"):  # ±inf fixed below
            z = b * v
            e = _exp_neg_abs(z)
            d = 1.0 + e
            y = (v * e / d) * (v / d)
            h = np.exp(-0.5 * np.abs(z))  # where e is subnormal and d = 1: x²e = (xh)²
            y = np.where(np.abs(z) > -_SUBNORMAL_EXP, (v * h) * (v * h), y)
        return _with_limits(v, y, np.inf if b == 0 else 0.0, np.inf if b == 0 else 0.0)

    return _elementwise(kernel, x, (beta, "beta"))


def _exp_neg_quarter_square(v: Float64Array) -> Float64Array:
    """h = exp(−v²/4), with v² split exactly into hi + lo so that the rounding of v²
    (which exp would magnify by v²/4) does not reach the result. exp(−v²/2) = h·h,
    and a·exp(−v²/2) is computed as (a·h)·h, which stays accurate where exp(−v²/2)
    alone would be subnormal (|v| > 37.6)."""
    vc = np.clip(v, -40.0, 40.0)  # exp(-400) * exp(-400) is 0 in float64
    hi, lo = _two_product(vc, vc)
    h0 = np.exp(-0.25 * hi)
    return h0 - h0 * (0.25 * lo)


def _gelu_negative(v: Float64Array, h: Float64Array) -> Float64Array:
    """x·Φ(x) for x < 0 as (x·½erfcx(−x/√2))·h·h, h = exp(−x²/4)."""
    vc = np.clip(v, -40.0, 0.0)
    return ((vc * (0.5 * special.erfcx(-vc * _SQRT1_2))) * h) * h


#: Where SciPy's x·ndtr(x) is not accurate enough for :func:`gelu`'s bound (measured
#: against mpmath: up to 13 ULP on [−3, −1] and about x²·2⁻⁵³ relative below), and
#: how the kernel repairs it. For z = |x|/√2 ≥ 1, ``ndtr`` returns ½·erfc(z̃) with
#: z̃ = fl(|x|·fl(1/√2)), and erfc evaluates exp(−z̃²) with z̃² rounded: the exponent
#: is off by D = x²/2 − fl(z̃²), about x²·2⁻⁵³, the only error that grows with |x|.
#: The kernel computes D exactly enough (below) and multiplies by exp(−D) ≈ 1 − D.
#: On [−1.5, −1) ndtr takes 1 − erf(z) for z < 1 (cancellation, up to 11 ULP), and
#: below −37 its erfc is subnormal or 0 while x·Φ(x) is still normal: there the
#: kernel uses the erfcx form of :func:`_gelu_negative` instead.
_GELU_CAREFUL = ((-1.5, -1.0), (-np.inf, -37.0))
#: The exponent error is computed at a = clip(x, −40, −19/16): D(−19/16) is exactly 0
#: (checked in the tests), so every x ≥ −19/16 is multiplied by exactly 1 without a
#: mask, and x in (−1.5, −19/16) is recomputed by the careful branch anyway.
_GELU_NO_CORRECTION = -1.1875


def _gelu_exponent_error(a: Float64Array, work: Float64Array) -> Float64Array:
    """2D = a² − 2·fl(z̃²) with z̃ = fl(a·fl(1/√2)), for |a| = |x| ≤ 40, in ``work[3]``
    (``work``: scratch rows 1–3; a is overwritten).

    a is split as ah + al with ah = float32(a) (24 bits), so ah² is exact in float64
    and ah² − 2·fl(z̃²) is an exact subtraction (the two agree to 2⁻²⁴); the small
    rest a² − ah² = al·(ah + a) is rounded only at a relative 2⁻⁵³ of itself."""
    n = a.size
    zz, rest, ah = work[1, :n], work[2, :n], work[3, :n]
    np.multiply(a, _SQRT1_2, out=zz)
    zz *= zz  # fl(z̃²), as ndtr's erfc computes it
    single = rest.view(np.float32)[:n]
    single[...] = a
    ah[...] = single
    np.add(ah, a, out=rest)
    np.subtract(a, ah, out=a)  # al
    rest *= a
    ah *= ah
    ah -= zz
    ah -= zz
    ah += rest
    return ah


#: Elements per block in :func:`_gelu`: the scratch rows of a block stay in the cache.
_GELU_BLOCK = 1 << 15


def _gelu_block(v: Float64Array, y: Float64Array, work: Float64Array) -> np.ndarray:
    """x·ndtr(x) with the exponent repaired, into ``y``; return the indices where the
    erfcx form is needed instead (few: [−1.5, −1) and below −37)."""
    with np.errstate(invalid="ignore"):  # -inf·0; the limits are put in place below
        special.ndtr(v, out=y)
        y *= v
    # Repair the left tail (SciPy is accurate elsewhere) by arithmetic on the whole
    # block, without branches: a boolean selection costs more than the repair.
    n = v.size
    a = np.clip(v, -40.0, _GELU_NO_CORRECTION, out=work[0, :n])  # NaN stays NaN
    far_left = not a.min() >= -37.0  # (True for a NaN too): any x < −37 in the block?
    d = _gelu_exponent_error(a, work)
    d *= -0.5
    d += 1.0  # exp(−D) to first order; D < 2⁻⁴³
    y *= d
    # the careful intervals: |x + 1.25| < ¼, and x < −37
    b = np.add(v, 1.25, out=work[0, :n])
    np.abs(b, out=b)
    careful = np.less(b, 0.25, out=work[1, :n].view(bool)[:n])
    if far_left:
        careful |= np.less(v, -37.0, out=work[2, :n].view(bool)[:n])
    return np.flatnonzero(careful)


def _gelu(v: Float64Array) -> Float64Array:
    y = np.empty_like(v)
    work = np.empty((4, min(v.size, _GELU_BLOCK)))
    careful = []
    for start in range(0, v.size, _GELU_BLOCK):
        block = slice(start, start + _GELU_BLOCK)
        careful.append(start + _gelu_block(v[block], y[block], work))
    where = np.concatenate(careful) if careful else np.zeros(0, dtype=np.intp)
    if where.size:
        w = v[where]
        y[where] = _gelu_negative(w, _exp_neg_quarter_square(w))
    return _with_limits(v, y, 0.0, np.inf)


def gelu(x: ArrayLike) -> Any:
    r"""Gaussian error linear unit, exact form (Hendrycks & Gimpel, 2016).

    .. math:: \mathrm{gelu}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \mathrm{erf}
              \bigl(\tfrac{x}{\sqrt 2}\bigr)\Bigr)

    Evaluated as x·``scipy.special.ndtr(x)``, which is accurate for x ≥ −1. From
    −1.5 down the Gaussian factor exp(−x²/2) inside ``ndtr`` is evaluated at a rounded
    x²/2; the kernel multiplies by 1 − D, D the exponent's rounding error
    (:func:`_gelu_exponent_error`). On (−1.5, −1) and below −37,
    Φ(x) = ½·erfcx(−x/√2)·exp(−x²/2) with an exactly split x² (no ``1 + erf``
    cancellation, no subnormal intermediate).
    """
    return _elementwise(_gelu, x)


def gelu_tanh(x: ArrayLike) -> Any:
    r"""The tanh approximation of GELU (Hendrycks & Gimpel, 2016), evaluated as
    x·σ(2u) with u = √(2/π)(x + 0.044715x³), since 1 + tanh(u) = 2σ(2u): no
    cancellation in 1 + tanh(u) for large negative x.

    .. math:: \mathrm{gelu}_{\tanh}(x) = \frac{x}{2}\Bigl(1 + \tanh\Bigl(
              \sqrt{2/\pi}\,\bigl(x + 0.044715\,x^{3}\bigr)\Bigr)\Bigr)
    """

    def kernel(v: Float64Array) -> Float64Array:
        vc = np.clip(v, -1e100, 1e100)  # u stays finite; σ(2u) is 0 or 1 long before
        u = _SQRT_2_OVER_PI * (vc + _GELU_TANH_COEFF * (vc * vc * vc))
        return _with_limits(v, vc * _sigmoid(2.0 * u), 0.0, np.inf)

    return _elementwise(kernel, x)


def gelu_grad(x: ArrayLike) -> Any:
    r"""Derivative of :func:`gelu`, with φ the standard normal density.

    .. math:: \mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x)
    """

    def kernel(v: Float64Array) -> Float64Array:
        h = _exp_neg_quarter_square(v)
        vc = np.clip(v, -40.0, 40.0)
        inner = 0.5 * special.erfcx(-np.minimum(vc, 0.0) * _SQRT1_2) + vc * _INV_SQRT_2PI
        far_left = (inner * h) * h  # x < -3: Φ(x) would lose digits to 1 + erf
        near = special.ndtr(v) + ((vc * _INV_SQRT_2PI) * h) * h  # Φ(x) + x φ(x)
        y = np.where(v < -3.0, far_left, near)
        return _with_limits(v, y, 0.0, 1.0)

    return _elementwise(kernel, x)


# --------------------------------------------------------------------------------------
# Softmax
# --------------------------------------------------------------------------------------


def _check_axis(axis: Any, ndim: int) -> int:
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of range for an array of {ndim} dimension(s)")
    return int(axis)


def _shifted(v: Float64Array) -> tuple[Float64Array, ...]:
    """For rows along the last axis: (e, z_hi, z_lo, others, special) with
    x − max(x) = z_hi + z_lo exactly, e = exp(z_hi + z_lo), others = Σ e over all
    but one maximal entry, and ``special`` the rows whose maximum is not finite."""
    m = np.max(v, axis=-1, keepdims=True)
    special_rows = ~np.isfinite(m)
    if special_rows.any():
        # rows with a +inf or NaN maximum (or all -inf) are computed by the caller
        v = np.where(special_rows, 0.0, v)
        m = np.where(special_rows, 0.0, m)
    # x − max(x) below −1.8e308 (x = [1e308, −1e308]) rounds to −inf, which is right:
    # exp gives 0 and log-softmax −inf. two_sum's error term is then NaN, as it is
    # where v = −inf; exp(−inf) = 0 needs no correction.
    with np.errstate(over="ignore", invalid="ignore"):
        z_hi, z_lo = _two_sum(v, -m)
    z_lo = np.where(np.isfinite(z_lo), z_lo, 0.0)
    e = np.exp(z_hi) * (1.0 + z_lo)
    top = np.argmax(v, axis=-1)[..., None]
    if e.ndim == 2:  # rows of a matrix (the training loop's case): plain indexing
        at_top = (np.arange(e.shape[0]), top[:, 0])
        e[at_top] = 0.0
        others = np.sum(e, axis=-1, keepdims=True)
        e[at_top] = 1.0
    else:
        np.put_along_axis(e, top, 0.0, axis=-1)
        others = np.sum(e, axis=-1, keepdims=True)
        np.put_along_axis(e, top, 1.0, axis=-1)
    return e, z_hi, z_lo, others, special_rows


def _softmax_last(v: Float64Array, shifted: tuple[Float64Array, ...] | None = None) -> Float64Array:
    e, _, _, others, special_rows = _shifted(v) if shifted is None else shifted
    s = e / (1.0 + others)
    if special_rows.any():
        with np.errstate(invalid="ignore"):
            at_inf = v == np.inf
            one_hot = at_inf / np.sum(at_inf, axis=-1, keepdims=True)
        s = np.where(
            special_rows, np.where(np.max(v, axis=-1, keepdims=True) == np.inf, one_hot, np.nan), s
        )
    return s


def _log_softmax_last(
    v: Float64Array, shifted: tuple[Float64Array, ...] | None = None
) -> Float64Array:
    _, z_hi, z_lo, others, special_rows = _shifted(v) if shifted is None else shifted
    y = (z_hi - np.log1p(others)) + z_lo
    if special_rows.any():
        with np.errstate(invalid="ignore", divide="ignore"):
            logs = np.log(_softmax_last(v))
        y = np.where(special_rows, logs, y)
    return y


def _log_softmax_and_softmax_rows(v: Float64Array) -> tuple[Float64Array, Float64Array]:
    """:func:`log_softmax` and :func:`softmax` of the rows of a 2-D float64 array (along
    axis 1), sharing one :func:`_shifted`: the same values, bit for bit, as the two
    public functions, in half the work (the training loop needs both)."""
    shifted = _shifted(v)
    return _log_softmax_last(v, shifted), _softmax_last(v, shifted)


def _along_axis(kernel: Callable[[Float64Array], Float64Array], x: ArrayLike, axis: Any) -> Any:
    v, dtype = as_float_array(x, "x")
    if v.ndim == 0:
        raise ValueError("x must have at least one dimension for softmax")
    ax = _check_axis(axis, v.ndim)
    if v.size == 0:
        return _finish(v.copy(), dtype)
    moved = np.moveaxis(v, ax, -1)
    return _finish(np.moveaxis(kernel(moved), -1, ax), dtype)


def softmax(x: ArrayLike, axis: int = -1) -> Any:
    r"""Softmax along ``axis``, shifted by the maximum with the shift's rounding kept.

    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}
    """
    return _along_axis(_softmax_last, x, axis)


def log_softmax(x: ArrayLike, axis: int = -1) -> Any:
    r"""Logarithm of :func:`softmax`, as (x − max) − log1p(Σ others), never log(0).

    .. math:: \log \mathrm{softmax}(x)_i = x_i - \log \sum_j e^{x_j}
    """
    return _along_axis(_log_softmax_last, x, axis)


#: The largest length :func:`softmax_jacobian` accepts: J has n² entries, 800 MB of
#: float64 at n = 10⁴ (n = 5·10⁴ would need 20 GB). A product J·v never needs J:
#: :func:`softmax_jvp` computes it in O(n).
SOFTMAX_JACOBIAN_MAX_N: int = 10_000


def softmax_jacobian(x: ArrayLike) -> Any:
    r"""The n×n Jacobian of :func:`softmax` of a 1-D ``x`` (n ≤
    :data:`SOFTMAX_JACOBIAN_MAX_N`; for products J·v use :func:`softmax_jvp`).

    .. math:: J = \operatorname{diag}(s) - s s^\top,\quad s = \mathrm{softmax}(x)
    """
    v, dtype = as_float_array(x, "x")
    if v.ndim != 1:
        raise ValueError(f"x must be 1-D for softmax_jacobian, got shape {v.shape}")
    if v.size > SOFTMAX_JACOBIAN_MAX_N:
        raise ValueError(
            f"x has {v.size} entries: its Jacobian would hold {v.size}² floats "
            f"({8 * v.size**2 / 1e9:.1f} GB), above the limit n ≤ {SOFTMAX_JACOBIAN_MAX_N}; "
            "softmax_jvp(x, v) computes J·v in O(n) without forming J"
        )
    s = softmax(v)
    J = np.outer(s, -s)  # −s sᵀ, then + diag(s): one n×n array instead of three
    J[np.diag_indices_from(J)] += s
    return _finish(J, dtype)


#: Rows of v with an entry this large are scaled by ¼ (exactly) inside
#: :func:`softmax_jvp`, so that v − s·v cannot overflow.
_JVP_SCALE_ABOVE: float = 2.0**1021


def _jvp_finite(s: Float64Array, v: Float64Array, axis: int) -> Float64Array:
    """s ⊙ (v − s·v) for finite (or NaN) v, without overflow in v − s·v."""
    big = np.max(np.abs(np.where(np.isnan(v), 0.0, v)), axis=axis, keepdims=True)
    scale = np.where(big > _JVP_SCALE_ABOVE, 0.25, 1.0)  # a power of 2: exact
    w = v * scale
    out = s * (w - np.sum(s * w, axis=axis, keepdims=True))
    with np.errstate(over="ignore"):  # J·v itself beyond 1.8e308: ±inf is right
        return out / scale


def _jvp_infinite(s: Float64Array, v: Float64Array, axis: int) -> Float64Array:
    """J·v where v has ±inf entries: the limit of J(w + t·d) as t → ∞, with d the
    signs of the infinite entries and w the finite rest. (J d)ᵢ = sᵢ Σₖ sₖ(dᵢ − dₖ),
    whose sign is read off sums of s over d = +1 (P), 0 (Z) and −1 (N): a positive
    coefficient gives +inf, a negative one −inf, zero leaves (J w)ᵢ (J·1 = 0)."""
    d = np.where(np.isinf(v), np.sign(v), 0.0)
    w = np.where(np.isinf(v), 0.0, v)
    P, Z, N = (np.sum(np.where(d == k, s, 0.0), axis=axis, keepdims=True) for k in (1, 0, -1))
    coeff = s * np.where(d > 0, Z + 2 * N, np.where(d < 0, -(Z + 2 * P), N - P))
    finite = _jvp_finite(s, w, axis)
    y = np.where(coeff > 0, np.inf, np.where(coeff < 0, -np.inf, finite))
    return np.where(np.isnan(finite), np.nan, y)


def softmax_jvp(x: ArrayLike, v: ArrayLike, axis: int = -1) -> Any:
    r"""Jacobian–vector product of :func:`softmax` in O(n), without forming J.

    .. math:: J v = s \odot \bigl(v - (s \cdot v)\bigr),\quad s = \mathrm{softmax}(x)

    Infinite entries of v give the limit of J v (``softmax_jvp(0, [inf, 0, 0])`` is
    [inf, −inf, −inf]); rows of v above 2¹⁰²¹ are scaled by ¼ so that v − s·v does
    not overflow.
    """
    xs, dtype = as_float_array(x, "x")
    vs, _ = as_float_array(v, "v")
    if xs.shape != vs.shape:
        raise ValueError(f"x and v must have the same shape, got {xs.shape} and {vs.shape}")
    s = np.asarray(softmax(xs, axis=axis), dtype=np.float64)
    if s.size == 0:
        return _finish(s, dtype)
    if np.isinf(vs).any():
        return _finish(_jvp_infinite(s, vs, axis), dtype)
    return _finish(_jvp_finite(s, vs, axis), dtype)


# --------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activation:
    """Everything the book knows about one activation function.

    The formula lives in :mod:`mlpbook.symbolic` (``expr``); ``fn`` and ``grad`` are
    the NumPy implementations; the boolean properties are claims that the tests
    check against ``fn`` and ``expr``.

    Properties (at the default parameters): ``monotone`` — non-decreasing on ℝ;
    ``smooth`` — continuously differentiable (C¹); ``odd`` — f(−x) = −f(x),
    so inputs symmetric about 0 give outputs with mean 0 (sufficient, not necessary:
    SELU is not odd, yet has mean 0 for N(0, 1) input).
    """

    name: str
    title: str
    fn: Callable[..., Any]
    grad: Callable[..., Any]
    defaults: Mapping[str, float] = field(default_factory=dict)
    param_grads: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    monotone: bool = True
    smooth: bool = True
    odd: bool = False
    cite: str = ""
    summary: str = ""
    symbol: str = ""

    @property
    def latex_name(self) -> str:
        """The function's name in LaTeX, e.g. ``\\operatorname{ReLU}``."""
        return self.symbol or rf"\operatorname{{{self.title}}}"

    @property
    def expr(self) -> sp.Expr:
        """The SymPy expression (parameters as symbols)."""
        return symbolic.expr(self.name)

    def symbol_values(self) -> dict[sp.Symbol, float]:
        """Default parameter values keyed by their SymPy symbols."""
        by_name = {str(s): s for s in symbolic.params(self.name)}
        return {by_name[k]: v for k, v in self.defaults.items()}

    def expr_at_defaults(self) -> sp.Expr:
        """The expression with the default parameters substituted (as exact rationals)."""
        return self.expr.subs({s: sp.nsimplify(v) for s, v in self.symbol_values().items()})

    def grad_expr(self, wrt: str = "x") -> sp.Expr:
        """``sympy.diff`` of the expression in ``wrt``."""
        return symbolic.grad(self.name, wrt)


def _load_registry() -> dict[str, Activation]:
    """Build the registry from ``activations.toml`` and this module's kernels.

    Each table of the file names an activation ``NAME``; its kernels are the functions
    ``NAME`` and ``NAME_grad`` defined above, and ``NAME_grad_P`` for each parameter
    ``P`` in the table's ``learned`` list.
    """
    text = resources.files("mlpbook").joinpath("activations.toml").read_text("utf-8")
    kernels = globals()
    registry = {}
    for name, row in tomllib.loads(text).items():
        learned = row.pop("learned", [])
        registry[name] = Activation(
            name,
            fn=kernels[name],
            grad=kernels[f"{name}_grad"],
            param_grads={p: kernels[f"{name}_grad_{p}"] for p in learned},
            **row,
        )
    return registry


REGISTRY: dict[str, Activation] = _load_registry()


def get(name: str) -> Activation:
    """The registry entry for ``name`` (``ValueError`` listing the names if unknown)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"name must be one of {sorted(REGISTRY)}, got {name!r}") from None
