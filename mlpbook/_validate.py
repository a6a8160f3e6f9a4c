"""Argument checks shared by every module: each returns the checked value or raises
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong value) with
a message that names the argument. Lowest layer: imports nothing from the package."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

__all__ = ["expression", "function", "positive_int", "real", "string", "strings"]


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


def positive_int(value: Any, name: str) -> int:
    """``value`` as an int ≥ 1 (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def real(value: Any, name: str) -> float:
    """``value`` as a float (±inf and NaN allowed; bools and strings refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    return float(value)


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
