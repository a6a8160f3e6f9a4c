"""Small dense networks in NumPy and SymPy: forward passes and the linear collapse.

A layer is a pair ``(W, b)`` with ``W`` of shape (inputs, outputs) and ``b`` of
shape (1, outputs), acting on a minibatch ``X`` of shape (n, inputs) as
``X @ W + b`` (rows are examples, as in the book's equations).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import sympy as sp

Layer = tuple[np.ndarray, np.ndarray]


def random_layers(
    sizes: Sequence[int], rng: np.random.Generator, scale: float = 1.0
) -> list[Layer]:
    """Gaussian weights and biases (standard deviation ``scale``) for widths ``sizes``."""
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths, got {list(sizes)!r}")
    return [
        (scale * rng.standard_normal((m, n)), scale * rng.standard_normal((1, n)))
        for m, n in pairwise(sizes)
    ]


def forward(
    X: np.ndarray,
    layers: Sequence[Layer],
    activation: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Apply the layers in turn, with ``activation`` after every layer but the last
    (``None``: a purely linear network)."""
    H = np.asarray(X, dtype=np.float64)
    for i, (W, b) in enumerate(layers):
        H = H @ W + b
        if activation is not None and i < len(layers) - 1:
            H = activation(H)
    return H


def collapse(layers: Sequence[Layer]) -> Layer:
    """The single affine layer equal to a stack of affine layers:
    W = W⁽¹⁾W⁽²⁾⋯, b = (⋯(b⁽¹⁾W⁽²⁾ + b⁽²⁾)W⁽³⁾ + ⋯)."""
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def symbolic_two_layer(n: int, d: int, h: int, q: int) -> dict[str, sp.MatrixExpr]:
    """Matrix symbols for the two-layer linear network and its collapsed form.

    Returns ``X, W1, b1, W2, b2`` (biases broadcast by a column of ones ``1``), the
    output ``O = (X W1 + 1 b1) W2 + 1 b2`` and the collapsed
    ``X (W1 W2) + 1 (b1 W2 + b2)``.
    """
    X = sp.MatrixSymbol("X", n, d)
    W1, b1 = sp.MatrixSymbol("W^{(1)}", d, h), sp.MatrixSymbol("b^{(1)}", 1, h)
    W2, b2 = sp.MatrixSymbol("W^{(2)}", h, q), sp.MatrixSymbol("b^{(2)}", 1, q)
    ones = sp.OneMatrix(n, 1)
    hidden = X * W1 + ones * b1
    output = hidden * W2 + ones * b2
    collapsed = X * (W1 * W2) + ones * (b1 * W2 + b2)
    return {
        "X": X,
        "W1": W1,
        "b1": b1,
        "W2": W2,
        "b2": b2,
        "H": hidden,
        "O": output,
        "collapsed": collapsed,
    }
