"""Input checking and dtype handling shared by the NumPy implementations."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Float64Array",
    "as_float_array",
    "check_param",
    "elementwise",
    "finish",
    "two_product",
    "two_sum",
]

Float64Array = NDArray[np.float64]


def as_float_array(value: ArrayLike, name: str) -> tuple[Float64Array, np.dtype[Any]]:
    """Return ``value`` as a float64 array and the dtype the result should have.

    float32 (and float16) inputs give float32 results, everything else real gives
    float64; booleans and integers are promoted. Complex, string and object input
    raises :class:`TypeError` naming the argument, and so does a masked array (whose
    mask ``np.asarray`` would drop silently; :func:`elementwise` keeps it).
    """
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} is a masked array, which this function does not take: pass "
            f"{name}.filled(fill_value) or np.ma.getdata({name}) to say what masked entries mean"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists and the like
        raise TypeError(f"{name} must be a real number or array of them: {error}") from None
    kind = array.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {array.dtype}")
    if kind not in "biuf":
        raise TypeError(
            f"{name} must be a real number or array of them, got dtype {array.dtype} "
            f"({type(value).__name__})"
        )
    out_dtype = (
        np.dtype(np.float32) if array.dtype.itemsize <= 4 and kind == "f" else np.dtype(np.float64)
    )
    return array.astype(np.float64, copy=False), out_dtype


def finish(result: Float64Array, dtype: np.dtype[Any]) -> Any:
    """Cast ``result`` to ``dtype``; a 0-d result becomes a NumPy scalar."""
    result = result.astype(dtype, copy=False)
    return result[()] if result.ndim == 0 else result


def check_param(value: Any, name: str) -> float:
    """Return ``value`` as a Python float, or raise ValueError if it is not a finite
    real number (bools are refused: ``alpha=True`` is a slip, not a slope)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    as_float = float(value)
    if not math.isfinite(as_float):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return as_float


def elementwise(kernel: Callable[..., Float64Array], x: ArrayLike, *params: tuple[Any, str]) -> Any:
    """Run ``kernel(x64, *params)`` with the library's conventions for ``x``; a masked
    ``x`` gives a masked result with the same mask."""
    if isinstance(x, np.ma.MaskedArray):
        result = elementwise(kernel, np.ma.getdata(x), *params)
        return np.ma.masked_array(result, mask=np.ma.getmaskarray(x))
    x64, dtype = as_float_array(x, "x")
    checked = [check_param(value, name) for value, name in params]
    flat = x64.reshape(-1)  # kernels see 1-D arrays (0-d ones turn into scalars)
    # An overflow to ±inf is the correctly rounded value when the true result exceeds
    # the float64 range (selu(1e308)); the kernels avoid overflow in intermediates
    # and the ULP tests grade them. Invalid operations (NaN) still raise.
    with np.errstate(over="ignore"):
        result = np.asarray(kernel(flat, *checked), dtype=np.float64).reshape(x64.shape)
    return finish(result, dtype)


def two_product(a: Float64Array, b: Float64Array) -> tuple[Float64Array, Float64Array]:
    """Dekker's exact product: ``a*b == hi + lo`` exactly (|a|, |b| < 2**996)."""
    hi = a * b
    split = 134217729.0  # 2**27 + 1
    ca, cb = split * a, split * b
    a_hi, b_hi = ca - (ca - a), cb - (cb - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    lo = ((a_hi * b_hi - hi) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return hi, lo


def two_sum(a: Float64Array, b: Float64Array) -> tuple[Float64Array, Float64Array]:
    """Knuth's exact sum: ``a + b == s + err`` exactly (for finite a, b)."""
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)
    return s, err
