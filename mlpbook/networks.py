"""Chapter 1's network experiments: the linear collapse, tanh↔sigmoid conversion,
batch normalization, gradient norms and layer statistics.

A layer is a pair ``(W, b)`` with ``W`` of shape (inputs, outputs) and ``b`` of
shape (outputs,) or (1, outputs), acting on a minibatch ``X`` of shape (n, inputs) as
``X @ W + b`` (rows are examples, as in the book's equations). Every forward pass
here is :func:`mlpbook.mlp.forward`, the library's single one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import sympy as sp

from mlpbook import activations, mlp
from mlpbook.activations import Activation

__all__ = [
    "batch_normalize",
    "collapse",
    "dead_units",
    "forward",
    "input_gradient_norms",
    "layer_statistics",
    "random_layers",
    "sigmoid_to_tanh",
    "symbolic_two_layer",
    "tanh_to_sigmoid",
]

Layer = tuple[np.ndarray, np.ndarray]
ActivationLike = str | Activation | Callable[[np.ndarray], np.ndarray] | None


def _entry(activation: ActivationLike) -> Activation | None:
    """The registry entry for a name, an entry, ``None`` (no activation) or one of the
    registry's kernels (``activations.relu`` stands for the entry "relu")."""
    if activation is None or isinstance(activation, str | Activation):
        return mlp.resolve_activation(activation)
    for entry in activations.REGISTRY.values():
        if activation is entry.fn:
            return entry
    raise TypeError(
        "activation must be a registry name, entry or kernel (e.g. activations.relu), "
        f"got {activation!r}"
    )


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
    activation: ActivationLike = None,
) -> np.ndarray:
    """Apply the layers in turn, with ``activation`` after every layer but the last
    (``None``: a purely linear network); :func:`mlpbook.mlp.forward` with the
    arguments in Chapter 1's order."""
    return mlp.forward(layers, X, _entry(activation))


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


def tanh_to_sigmoid(layers: Sequence[Layer]) -> list[Layer]:
    """Rewrite a one-hidden-layer tanh network as an equal sigmoid network.

    With tanh(z) = 2σ(2z) − 1, the output Σⱼ vⱼ tanh(zⱼ) + c equals
    Σⱼ 2vⱼ σ(2zⱼ) + (c − Σⱼ vⱼ): hidden weights and biases doubled, output weights
    doubled, output bias shifted by −Σⱼ vⱼ (column sums of the output weights).
    """
    (W1, b1), (W2, b2) = layers
    return [(2 * W1, 2 * b1), (2 * W2, b2 - W2.sum(axis=0, keepdims=True))]


def sigmoid_to_tanh(layers: Sequence[Layer]) -> list[Layer]:
    """The inverse of :func:`tanh_to_sigmoid`, from σ(z) = (tanh(z/2) + 1)/2:
    hidden weights and biases halved, output weights halved, output bias shifted by
    +Σⱼ vⱼ/2."""
    (W1, b1), (W2, b2) = layers
    return [(W1 / 2, b1 / 2), (W2 / 2, b2 + W2.sum(axis=0, keepdims=True) / 2)]


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
    to one input row ``x``, by the chain rule: J⁽ˡ⁾ = J⁽ˡ⁻¹⁾ W⁽ˡ⁾ diag(σ′(z⁽ˡ⁾)).
    The pre-activations z⁽ˡ⁾ come from the forward pass's cache (every layer here is
    followed by the activation, the last one included)."""
    entry = _entry(activation)
    h = np.asarray(x, dtype=np.float64).reshape(1, -1)
    _, cache = mlp.forward(layers, h, entry, return_cache=True)
    J = np.eye(h.shape[1])
    norms = []
    for (W, _), z in zip(layers, cache.pre_activations, strict=True):
        J = (J @ W) * activation_grad(z)
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
    activation: ActivationLike,
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
    entry = _entry(activation)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, width))
    layers = [
        (rng.standard_normal((width, width)) / np.sqrt(width), np.zeros(width))
        for _ in range(depth)
    ]
    _, cache = mlp.forward(layers, X, entry, return_cache=True)
    # the cache holds the inputs of layers 2…L; the output of layer L is φ(Z⁽ᴸ⁾)
    outputs = [
        *cache.inputs,
        entry.fn(cache.pre_activations[-1]) if entry else cache.pre_activations[-1],
    ]
    return np.array([H.mean() for H in outputs]), np.array([H.var() for H in outputs])
