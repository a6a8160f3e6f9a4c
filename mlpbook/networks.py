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


def _column_sums(W: np.ndarray) -> np.ndarray:
    return W.sum(axis=0, keepdims=True)


def tanh_to_sigmoid(layers: Sequence[Layer]) -> list[Layer]:
    """Rewrite a tanh network (any number of hidden layers, linear output) as an
    equal sigmoid network of the same widths.

    With tanh(z) = 2σ(2z) − 1, every tanh unit h = 2g − 1 where g = σ(2z). A layer
    fed by h computes h W + b = g (2W) + (b − 1ᵀW), so, layer by layer: the first
    hidden layer gets (2W, 2b); every later hidden layer (4W, 2(b − 1ᵀW)); the
    output layer (2W, b − 1ᵀW), where 1ᵀW are the column sums of W.
    """
    layers = list(layers)
    if len(layers) < 2:
        raise ValueError(f"layers must hold a hidden and an output layer, got {len(layers)}")
    out = [(2 * layers[0][0], 2 * layers[0][1])]
    for W, b in layers[1:-1]:
        out.append((4 * W, 2 * (b - _column_sums(W))))
    W, b = layers[-1]
    out.append((2 * W, b - _column_sums(W)))
    return out


def sigmoid_to_tanh(layers: Sequence[Layer]) -> list[Layer]:
    """The inverse of :func:`tanh_to_sigmoid`, from σ(z) = (tanh(z/2) + 1)/2: every
    sigmoid unit g = (h + 1)/2 with h = tanh(z/2), and g W + b = h (W/2) + (b + 1ᵀW/2).
    First hidden layer (W/2, b/2); later hidden layers (W/4, (b + 1ᵀW/2)/2); output
    layer (W/2, b + 1ᵀW/2)."""
    layers = list(layers)
    if len(layers) < 2:
        raise ValueError(f"layers must hold a hidden and an output layer, got {len(layers)}")
    out = [(layers[0][0] / 2, layers[0][1] / 2)]
    for W, b in layers[1:-1]:
        out.append((W / 4, (b + _column_sums(W) / 2) / 2))
    W, b = layers[-1]
    out.append((W / 2, b + _column_sums(W) / 2))
    return out


def batch_normalize(
    H: np.ndarray,
    eps: float = 1e-5,
    mean: np.ndarray | None = None,
    var: np.ndarray | None = None,
) -> np.ndarray:
    """Batch normalization without scale and shift (Ioffe & Szegedy, 2015):
    (H − μ)/√(σ² + ε) per unit (column), with μ, σ² the minibatch statistics unless
    ``mean``/``var`` (e.g. running averages used at inference) are given."""
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2:
        raise ValueError(f"H must be 2-D (examples × units), got shape {H.shape}")
    mu = H.mean(axis=0, keepdims=True) if mean is None else mean
    s2 = H.var(axis=0, keepdims=True) if var is None else var
    return (H - mu) / np.sqrt(s2 + eps)


def input_gradient_norms(
    layers: Sequence[Layer],
    x: np.ndarray,
    activation: Callable[[np.ndarray], np.ndarray],
    activation_grad: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """‖∂h⁽ˡ⁾/∂x‖₂ (spectral norm) for every depth l of ``activation`` layers applied
    to one input row ``x``, by the chain rule: J⁽ˡ⁾ = J⁽ˡ⁻¹⁾ W⁽ˡ⁾ diag(σ′(z⁽ˡ⁾))."""
    h = np.asarray(x, dtype=np.float64).reshape(1, -1)
    J = np.eye(h.shape[1])
    norms = []
    for W, b in layers:
        z = h @ W + b
        J = (J @ W) * activation_grad(z)
        h = activation(z)
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms)


def dead_units(H_pre: np.ndarray, grad: Callable[[np.ndarray], np.ndarray]) -> float:
    """Share of units (columns of the pre-activations ``H_pre``) whose activation
    derivative ``grad`` is zero on every example of the batch: no gradient reaches
    their incoming weights, so gradient descent cannot revive them."""
    H_pre = np.asarray(H_pre, dtype=np.float64)
    if H_pre.ndim != 2:
        raise ValueError(f"H_pre must be 2-D (examples × units), got shape {H_pre.shape}")
    return float(np.mean(np.all(grad(H_pre) == 0, axis=0)))


def layer_statistics(
    activation: Callable[[np.ndarray], np.ndarray],
    depth: int,
    width: int = 256,
    n: int = 1000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of the activations after each of ``depth`` dense layers.

    Inputs are standard normal (n examples × ``width``); weights are drawn from
    N(0, 1/width) (LeCun's initialisation, which SELU assumes) and biases are 0, the
    same weights for every activation given the same ``seed``. Returns two arrays of
    length ``depth + 1``, entry 0 being the input's statistics."""
    if not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be a positive int, got {depth!r}")
    rng = np.random.default_rng(seed)
    H = rng.standard_normal((n, width))
    means, variances = [H.mean()], [H.var()]
    for _ in range(depth):
        W = rng.standard_normal((width, width)) / np.sqrt(width)
        H = activation(H @ W)
        means.append(H.mean())
        variances.append(H.var())
    return np.array(means), np.array(variances)


def affine_fit_residual(X: np.ndarray, Y: np.ndarray) -> float:
    """Share of the variance of the outputs ``Y`` that the best affine map of the
    inputs ``X`` misses: ‖Y − (X W* + b*)‖² / ‖Y − mean(Y)‖², with W*, b* the
    least-squares fit (0: ``Y`` is an affine function of ``X``)."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must be 2-D with equal rows, got {X.shape} and {Y.shape}")
    design = np.hstack([X, np.ones((X.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(design, Y, rcond=None)
    residual = Y - design @ coef
    return float(np.sum(residual**2) / np.sum((Y - Y.mean(axis=0)) ** 2))
