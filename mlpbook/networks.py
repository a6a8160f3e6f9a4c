"""Chapter 1's network experiments, built on :mod:`mlpbook.mlp`: the linear
collapse, tanh↔sigmoid conversion, batch normalization, gradient norms, dead units
and layer statistics.

Layers follow :mod:`mlpbook.mlp`'s one convention: a pair ``(W, b)`` with ``W`` of
shape (inputs, outputs) and ``b`` of shape (outputs,), acting on a minibatch ``X`` of
shape (n, inputs) as ``X @ W + b`` (rows are examples, as in the book's equations).
Random networks come from :func:`mlpbook.mlp.init_params`, forward passes from
:func:`mlpbook.mlp.forward`, and an activation argument is a registry name or entry
(:func:`mlpbook.mlp.resolve_activation`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp

from mlpbook import _validate, mlp
from mlpbook._validate import as_float_array
from mlpbook.activations import Activation
from mlpbook.mlp import Layer

__all__ = [
    "affine_fit_residual",
    "batch_normalize",
    "collapse",
    "dead_units",
    "input_gradient_norms",
    "layer_statistics",
    "sigmoid_to_tanh",
    "symbolic_two_layer",
    "tanh_to_sigmoid",
]


def collapse(layers: Sequence[Layer]) -> Layer:
    """The single affine layer equal to a stack of affine layers:
    W = W⁽¹⁾W⁽²⁾⋯, b = (⋯(b⁽¹⁾W⁽²⁾ + b⁽²⁾)W⁽³⁾ + ⋯)."""
    layers = _validate.layers(layers)
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
    for value, name in ((n, "n"), (d, "d"), (h, "h"), (q, "q")):
        _validate.positive_int(value, name)
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
    return W.sum(axis=0)


def tanh_to_sigmoid(layers: Sequence[Layer]) -> list[Layer]:
    """Rewrite a tanh network (any number of hidden layers, linear output) as an
    equal sigmoid network of the same widths.

    With tanh(z) = 2σ(2z) − 1, every tanh unit h = 2g − 1 where g = σ(2z). A layer
    fed by h computes h W + b = g (2W) + (b − 1ᵀW), so, layer by layer: the first
    hidden layer gets (2W, 2b); every later hidden layer (4W, 2(b − 1ᵀW)); the
    output layer (2W, b − 1ᵀW), where 1ᵀW are the column sums of W.
    """
    layers = _validate.layers(layers)
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
    layers = _validate.layers(layers)
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
    H, _ = as_float_array(H, "H")
    if H.ndim != 2:
        raise ValueError(f"H must be 2-D (examples × units), got shape {H.shape}")
    if not _validate.real(eps, "eps") >= 0:
        raise ValueError(f"eps must be ≥ 0, got {eps!r}")
    mu = H.mean(axis=0, keepdims=True) if mean is None else mean
    s2 = H.var(axis=0, keepdims=True) if var is None else var
    return (H - mu) / np.sqrt(s2 + eps)


def input_gradient_norms(
    layers: Sequence[Layer], x: np.ndarray, activation: str | Activation
) -> np.ndarray:
    """‖∂h⁽ˡ⁾/∂x‖₂ (spectral norm) for every depth l of layers, each followed by
    ``activation`` (a registry name or entry, the last layer included), applied to one
    input row ``x``, by the chain rule: J⁽ˡ⁾ = J⁽ˡ⁻¹⁾ W⁽ˡ⁾ diag(φ′(z⁽ˡ⁾)). The
    pre-activations z⁽ˡ⁾ come from the forward pass's cache."""
    layers = _validate.layers(layers)
    h = as_float_array(x, "x")[0].reshape(1, -1)
    if activation is None:  # the layers here are all followed by an activation
        raise TypeError("activation must be a registry name or entry, got None")
    entry = mlp.resolve_activation(activation)
    _, cache = mlp.forward(layers, h, entry, return_cache=True)
    J = np.eye(h.shape[1])
    norms = []
    for (W, _), z in zip(layers, cache.pre_activations, strict=True):
        J = (J @ W) * entry.grad(z)
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms)


def dead_units(H_pre: np.ndarray, grad: Callable[[np.ndarray], np.ndarray]) -> float:
    """Share of units (columns of the pre-activations ``H_pre``) whose activation
    derivative ``grad`` is zero on every example of the batch: no gradient reaches
    their incoming weights, so gradient descent cannot revive them."""
    H_pre, _ = as_float_array(H_pre, "H_pre")
    _validate.function(grad, "grad")
    if H_pre.ndim != 2:
        raise ValueError(f"H_pre must be 2-D (examples × units), got shape {H_pre.shape}")
    return float(np.mean(np.all(grad(H_pre) == 0, axis=0)))


def layer_statistics(
    activation: str | Activation | None,
    depth: int,
    width: int = 256,
    n: int = 1000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of the activations after each of ``depth`` dense layers.

    Inputs are standard normal (n examples × ``width``); weights are drawn from
    N(0, 1/width) (LeCun's initialisation, which SELU assumes:
    ``mlp.init_params(..., "lecun")``) and biases are 0, the same weights for every
    activation given the same ``seed``. Returns two arrays of length ``depth + 1``,
    entry 0 being the input's statistics."""
    for value, name in ((depth, "depth"), (width, "width"), (n, "n")):
        _validate.positive_int(value, name)
    rng = np.random.default_rng(_validate.seed(seed))
    entry = mlp.resolve_activation(activation)
    X = rng.standard_normal((n, width))
    layers = mlp.init_params([width] * (depth + 1), rng, "lecun")
    _, cache = mlp.forward(layers, X, entry, return_cache=True)
    # the cache holds the inputs of layers 2…L; the output of layer L is φ(Z⁽ᴸ⁾)
    outputs = [
        *cache.inputs,
        entry.fn(cache.pre_activations[-1]) if entry else cache.pre_activations[-1],
    ]
    return np.array([H.mean() for H in outputs]), np.array([H.var() for H in outputs])


def affine_fit_residual(X: np.ndarray, Y: np.ndarray) -> float:
    """Share of the variance of the outputs ``Y`` that the best affine map of the
    inputs ``X`` misses: ‖Y − (X W* + b*)‖² / ‖Y − mean(Y)‖², with W*, b* the
    least-squares fit (0: ``Y`` is an affine function of ``X``)."""
    X, _ = as_float_array(X, "X")
    Y, _ = as_float_array(Y, "Y")
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must be 2-D with equal rows, got {X.shape} and {Y.shape}")
    design = np.hstack([X, np.ones((X.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(design, Y, rcond=None)
    residual = Y - design @ coef
    return float(np.sum(residual**2) / np.sum((Y - Y.mean(axis=0)) ** 2))
