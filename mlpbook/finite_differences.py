"""Numerical checks of derivatives: central differences against the library.

A derivative obtained by :func:`sympy.diff` and implemented in NumPy is checked
against the function itself: the central difference

.. math:: \\frac{f(x + h) - f(x - h)}{2h} = f'(x) + \\frac{h^2}{6} f'''(\\xi)

has truncation error O(h²) and rounding error about ε|f|/h, so the step
h = ε^{1/3}·max(1, |x|) (≈ 6·10⁻⁶ near the origin) balances the two and leaves an
error near 10⁻¹⁰ for the smooth functions of this book. The step is rounded so that
x + h and x − h are exact floats, which removes one source of error.

The default grid, ``linspace(-6, 6, 1200)``, has an even number of points and so
avoids x = 0, where ReLU and its relatives have a kink; the nearest points are
±0.005, far more than h away.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mlpbook import _validate, activations, mlp
from mlpbook._validate import as_float_array

__all__ = [
    "GRID",
    "DerivativeCheck",
    "central_difference",
    "check_all",
    "check_derivative",
    "check_softmax_jacobian",
    "gradient_relative_error",
]

#: Where derivatives are checked unless told otherwise (no point at the kink x = 0).
GRID: np.ndarray = np.linspace(-6.0, 6.0, 1200)


def _step(values: np.ndarray) -> np.ndarray:
    h = np.cbrt(np.finfo(np.float64).eps) * np.maximum(1.0, np.abs(values))
    return (values + h) - values  # exactly representable: x ± h are floats


def central_difference(f: Callable[[np.ndarray], Any], at: ArrayLike) -> np.ndarray:
    """(f(x + h) − f(x − h)) / 2h at every point of ``at``, with h = ε^{1/3}·max(1, |x|)."""
    _validate.function(f, "f")
    values, _ = as_float_array(at, "at")
    h = _step(values)
    return (np.asarray(f(values + h)) - np.asarray(f(values - h))) / (2 * h)


def _parameter_difference(
    f: Callable[..., Any], at: np.ndarray, wrt: str, params: dict[str, float]
) -> np.ndarray:
    p = params[wrt]
    h = float(_step(np.array(p)))
    up, down = dict(params, **{wrt: p + h}), dict(params, **{wrt: p - h})
    return (np.asarray(f(at, **up)) - np.asarray(f(at, **down))) / (2 * h)


@dataclass(frozen=True)
class DerivativeCheck:
    """The largest absolute difference between a derivative and its central difference."""

    name: str
    wrt: str
    points: int
    max_error: float
    unit: str = "points"
    params: tuple[tuple[str, float], ...] = ()

    @property
    def bound(self) -> float:
        """The smallest power of ten that is ≥ :attr:`max_error`: what the book prints,
        so that an output does not depend on the last bits of the machine's ``exp``."""
        if self.max_error == 0:
            return 0.0
        return 10.0 ** math.ceil(math.log10(self.max_error))

    def __repr__(self) -> str:
        wrt = "" if self.wrt == "x" else f" in {self.wrt}"
        if self.params:
            wrt += " (" + ", ".join(f"{k}={v:g}" for k, v in self.params) + ")"
        if self.max_error == 0:
            where = f"{self.points} {self.unit}"
            return f"{self.name}{wrt}: central difference = derivative at all {where}"
        return (
            f"{self.name}{wrt}: max |central difference − derivative| ≤ {self.bound:.0e} "
            f"over {self.points} {self.unit}"
        )


def check_derivative(
    name: str, wrt: str = "x", at: ArrayLike | None = None, **params: float
) -> DerivativeCheck:
    """Compare the library's derivative of activation ``name`` in ``wrt`` (``"x"`` or a
    parameter name) with a central difference of the library's function, at the
    registry's default parameters unless ``params`` overrides them."""
    entry = activations.get(name)
    _validate.string(wrt, "wrt")
    values = GRID if at is None else as_float_array(at, "at")[0]
    full = {**entry.defaults, **params}
    unknown = set(params) - set(entry.defaults)
    if unknown:
        raise ValueError(f"params: {name} has no parameter(s) {sorted(unknown)}")
    if wrt == "x":
        exact = np.asarray(entry.grad(values, **full))
        approx = central_difference(lambda v: entry.fn(v, **full), values)
    elif wrt in entry.param_grads:
        exact = np.asarray(entry.param_grads[wrt](values, **full))
        approx = _parameter_difference(entry.fn, values, wrt, full)
    else:
        raise ValueError(
            f"wrt must be 'x' or one of {sorted(entry.param_grads)} for {name}, got {wrt!r}"
        )
    error = float(np.max(np.abs(exact - approx)))
    return DerivativeCheck(name, wrt, values.size, error, params=tuple(sorted(params.items())))


def check_all(names: Sequence[str] | None = None) -> list[DerivativeCheck]:
    """:func:`check_derivative` for every derivative of every registry entry."""
    if names is not None:
        _validate.strings(names, "names")
    out = []
    for name in names or activations.REGISTRY:
        out.append(check_derivative(name))
        out.extend(check_derivative(name, p) for p in activations.get(name).param_grads)
    return out


def check_softmax_jacobian(at: ArrayLike) -> DerivativeCheck:
    """Compare :func:`mlpbook.activations.softmax_jacobian` at the 1-D point ``at``
    with central differences of :func:`~mlpbook.activations.softmax`, one input
    coordinate (one column of J) at a time."""
    point, _ = as_float_array(at, "at")
    if point.ndim != 1:
        raise ValueError(f"at must be a 1-D array, got shape {point.shape}")
    exact = np.asarray(activations.softmax_jacobian(point))
    approx = np.empty_like(exact)
    for k in range(point.size):
        h = float(_step(point[k]))
        up, down = point.copy(), point.copy()
        up[k] += h
        down[k] -= h
        approx[:, k] = (activations.softmax(up) - activations.softmax(down)) / (2 * h)
    error = float(np.max(np.abs(exact - approx)))
    return DerivativeCheck("softmax Jacobian", "x", exact.size, error, "entries")


def gradient_relative_error(
    params: Sequence[mlp.Layer],
    X: ArrayLike,
    y: ArrayLike,
    activation: str | activations.Activation | None,
    weight_decay: float = 0.0,
) -> float:
    """‖g − g̃‖ / max(‖g‖, ‖g̃‖) over all parameters, where g is
    :func:`mlpbook.mlp.loss_and_grads`'s backpropagated gradient and g̃ the central
    difference of :func:`mlpbook.mlp.loss`, one parameter entry at a time (with the step
    of :func:`central_difference`). Keep pre-activations away from kinks (ReLU's 0):
    there the central difference straddles two slopes."""
    # the backward pass first: it checks every argument, naming the one that is wrong
    _, grads = mlp.loss_and_grads(params, X, y, activation, weight_decay)
    layers = [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]
    exact, approx = [], []
    for layer, grad in zip(layers, grads, strict=True):
        for array, g in zip(layer, grad, strict=True):
            for index in np.ndindex(array.shape):
                value = array[index]
                h = float(_step(np.array(value)))
                array[index] = value + h
                up = mlp.loss(layers, X, y, activation, weight_decay)
                array[index] = value - h
                down = mlp.loss(layers, X, y, activation, weight_decay)
                array[index] = value
                exact.append(g[index])
                approx.append((up - down) / (2 * h))
    exact_v, approx_v = np.array(exact), np.array(approx)
    scale = max(np.linalg.norm(exact_v), np.linalg.norm(approx_v))
    return float(np.linalg.norm(exact_v - approx_v) / scale) if scale else 0.0
