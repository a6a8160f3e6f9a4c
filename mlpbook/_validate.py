"""Argument checks shared by every module: each returns the checked value or raises
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong value) with
a message that names the argument. One function per kind of argument: numbers
(:func:`positive_int`, :func:`real`, :func:`finite_real`), arrays
(:func:`as_float_array`), seeds (:func:`seed`), generators (:func:`generator`), layer
lists (:func:`layers`), SymPy expressions, functions and strings. The lowest layer:
imports nothing from the package."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Float64Array",
    "as_float_array",
    "expression",
    "finite_real",
    "function",
    "generator",
    "layers",
    "positive_int",
    "real",
    "seed",
    "string",
    "strings",
]

Float64Array = NDArray[np.float64]


def _show(value: Any) -> str:
    return f"{type(value).__name__} {value!r:.60}"


def expression(e: Any, name: str) -> Any:
    """``e`` if it is a SymPy object (expression or matrix); a Python or NumPy number
    is converted. Anything else is a TypeError, a string above all: SymPy would parse
    it, and ``latex("x**2")`` would typeset the characters."""
    if isinstance(e, sp.Basic | sp.MatrixBase):
        return e
    if isinstance(e, numbers.Number) and not isinstance(e, bool):
        return sp.sympify(e)
    raise TypeError(f"{name} must be a SymPy expression, got {_show(e)}")


def _integer(value: Any, name: str) -> int:
    """``value`` as an int: a Python or NumPy integer (bools refused), else TypeError."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {_show(value)}")
    return int(value)


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int ≥ 1: TypeError for anything but an integer (bools
    included), ValueError for an integer below 1."""
    as_int = _integer(value, name)
    if as_int < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return as_int


def seed(value: Any, name: str = "seed") -> int:
    """A seed for ``numpy.random.default_rng``: an int ≥ 0."""
    as_int = _integer(value, name)
    if as_int < 0:
        raise ValueError(f"{name} must be an int ≥ 0, got {value!r}")
    return as_int


def generator(rng: Any, name: str = "rng") -> np.random.Generator:
    """``rng`` if it is a ``numpy.random.Generator`` (a seed is refused: the caller
    decides where the random draws come from)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{name} must be a numpy.random.Generator, got {_show(rng)}")
    return rng


def real(value: Any, name: str) -> float:
    """``value`` as a float (±inf and NaN allowed; bools and strings refused)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    return float(value)


def finite_real(value: Any, name: str) -> float:
    """``value`` as a finite float: TypeError for anything but a real number (bools
    included: ``alpha=True`` is a slip, not a slope), ValueError for ±inf and NaN."""
    as_float = real(value, name)
    if not math.isfinite(as_float):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return as_float


def as_float_array(value: ArrayLike, name: str) -> tuple[Float64Array, np.dtype[Any]]:
    """Return ``value`` as a float64 array and the dtype the result should have.

    float32 (and float16) inputs give float32 results, everything else real gives
    float64; booleans and integers are promoted. Complex, string and object input
    raises :class:`TypeError` naming the argument, and so does a masked array (whose
    mask ``np.asarray`` would drop silently; the activation kernels keep it).
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


def layers(value: Any, name: str = "layers") -> list[tuple[Float64Array, Float64Array]]:
    """A non-empty list of layers ``(W, b)``, each ``W`` a real 2-D array of shape
    (inputs, outputs) and ``b`` of shape (outputs,) (or (1, outputs)), every layer's
    inputs matching the previous layer's outputs. Returns the layers as float64
    arrays (no copy when they already are)."""
    if isinstance(value, str | np.ndarray) or not isinstance(value, Sequence) or not value:
        raise TypeError(f"{name} must be a non-empty list of (W, b) pairs, got {_show(value)}")
    checked: list[tuple[Float64Array, Float64Array]] = []
    for i, layer in enumerate(value):
        if isinstance(layer, str) or not isinstance(layer, Sequence) or len(layer) != 2:
            raise TypeError(f"{name}[{i}] must be a pair (W, b), got {_show(layer)}")
        W, b = (np.asarray(a) for a in layer)
        if W.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
            raise TypeError(f"{name}[{i}] must hold real arrays")
        if W.ndim != 2:
            raise ValueError(f"{name}[{i}]: W must be 2-D (inputs, outputs), got shape {W.shape}")
        if b.ndim not in (1, 2) or b.shape[-1] != W.shape[1] or b.size != W.shape[1]:
            raise ValueError(
                f"{name}[{i}]: b must have shape ({W.shape[1]},) to match W {W.shape}, "
                f"got {b.shape}"
            )
        if checked and checked[-1][0].shape[1] != W.shape[0]:
            raise ValueError(
                f"{name}[{i}]: W has {W.shape[0]} inputs but layer {i - 1} has "
                f"{checked[-1][0].shape[1]} outputs"
            )
        checked.append((W.astype(np.float64, copy=False), b.astype(np.float64, copy=False)))
    return checked


def function(f: Any, name: str) -> Callable[..., Any]:
    """``f`` if it is callable."""
    if not callable(f):
        raise TypeError(f"{name} must be a function, got {_show(f)}")
    return f


def string(value: Any, name: str) -> str:
    """``value`` if it is a str."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {_show(value)}")
    return value


def strings(values: Any, name: str) -> list[str]:
    """A list or tuple of str (a single str is refused: ``"ab"`` is not ["a", "b"])."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of strings, got {_show(values)}")
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a list of strings, got an entry {_show(value)}")
    return list(values)
