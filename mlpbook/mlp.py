"""The multilayer perceptron: parameters, forward pass, loss, backward pass, training.

This is the library's single forward pass. A network is a list of layers
``(W, b)`` with ``W`` of shape (inputs, outputs) and ``b`` of shape (outputs,),
acting on a minibatch ``X`` of shape (n, inputs), rows being examples:

.. math::

    Z^{(l)} = H^{(l-1)} W^{(l)} + b^{(l)},\\quad H^{(l)} = \\phi(Z^{(l)}),\\quad
    H^{(0)} = X,\\quad O = Z^{(L)}

with the activation φ after every layer but the last: the output ``O`` holds the
logits. The loss is the mean softmax cross-entropy plus an L2 penalty on the weights,

.. math::

    J = -\\frac{1}{n}\\sum_{i} \\log \\operatorname{softmax}(o_i)_{y_i}
        + \\frac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert_F^2,

and its gradient is computed by backpropagation with the matrix formulas that
Chapter 5 derives (and proves equal to SymPy's component-wise derivatives):

.. math::

    \\frac{\\partial J}{\\partial O} = \\frac{1}{n}(\\operatorname{softmax}(O) - Y),\\quad
    \\frac{\\partial J}{\\partial W^{(l)}} = H^{(l-1)\\top} G^{(l)} + \\lambda W^{(l)},\\quad
    \\frac{\\partial J}{\\partial b^{(l)}} = \\mathbf{1}^\\top G^{(l)},\\quad
    G^{(l-1)} = (G^{(l)} W^{(l)\\top}) \\odot \\phi'(Z^{(l-1)}),

where G⁽ˡ⁾ = ∂J/∂Z⁽ˡ⁾ and Y is the one-hot matrix of the labels. The activation and
its derivative are the registry's kernels (:mod:`mlpbook.activations`), the
log-softmax and softmax the library's stable ones.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from mlpbook import activations
from mlpbook.activations import Activation

__all__ = [
    "SCHEMES",
    "ForwardCache",
    "History",
    "Layer",
    "Params",
    "accuracy",
    "forward",
    "init_params",
    "init_std",
    "loss",
    "loss_and_grads",
    "predict",
    "resolve_activation",
    "train",
]

Layer = tuple[np.ndarray, np.ndarray]
Params = list[Layer]

#: Initialisation schemes: the standard deviation of N(0, std²) weights as a function
#: of (fan_in, fan_out, scale). "normal" uses ``scale`` itself; the others are the
#: variance-preserving choices that Chapter 7 derives (Glorot & Bengio 2010 for
#: "xavier"/"glorot", He et al. 2015 for "he", LeCun et al. 1998 for "lecun").
SCHEMES: dict[str, Any] = {
    "normal": lambda fan_in, fan_out, scale: scale,
    "xavier": lambda fan_in, fan_out, scale: scale * math.sqrt(2.0 / (fan_in + fan_out)),
    "glorot": lambda fan_in, fan_out, scale: scale * math.sqrt(2.0 / (fan_in + fan_out)),
    "he": lambda fan_in, fan_out, scale: scale * math.sqrt(2.0 / fan_in),
    "lecun": lambda fan_in, fan_out, scale: scale * math.sqrt(1.0 / fan_in),
}


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _nonnegative_float(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite real number ≥ 0, got {value!r}")
    as_float = float(value)
    if not math.isfinite(as_float) or as_float < 0:
        raise ValueError(f"{name} must be a finite real number ≥ 0, got {value!r}")
    return as_float


def _check_scheme(scheme: Any) -> str:
    if not isinstance(scheme, str):
        raise TypeError(f"scheme must be a str, got {type(scheme).__name__}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {sorted(SCHEMES)}, got {scheme!r}")
    return scheme


def init_std(scheme: str, fan_in: int, fan_out: int, scale: float = 1.0) -> float:
    """The weight standard deviation of ``scheme`` for a layer with these fans:
    ``scale`` ("normal"), scale·√(2/(fan_in + fan_out)) ("xavier", "glorot"),
    scale·√(2/fan_in) ("he"), scale·√(1/fan_in) ("lecun")."""
    _check_scheme(scheme)
    _positive_int(fan_in, "fan_in")
    _positive_int(fan_out, "fan_out")
    return float(SCHEMES[scheme](fan_in, fan_out, _nonnegative_float(scale, "scale")))


def init_params(
    sizes: Sequence[int],
    rng: np.random.Generator,
    scheme: str = "he",
    scale: float | None = None,
    bias_scale: float | None = None,
) -> Params:
    """Weights W ~ N(0, std²) of shape (sizes[l], sizes[l+1]) and biases of shape
    (sizes[l+1],), with std from :func:`init_std` (``scale`` defaults to 0.01 for
    "normal" and to 1 for the variance-preserving schemes). The biases are zero, or
    drawn from N(0, bias_scale²) if ``bias_scale`` is given (Chapter 1's random
    networks). Layers are drawn in order, first to last, from ``rng``: W⁽¹⁾, b⁽¹⁾,
    W⁽²⁾, …"""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two widths, got {sizes!r}")
    widths = [_positive_int(n, "sizes") for n in sizes]
    _check_scheme(scheme)
    if scale is None:
        scale = 0.01 if scheme == "normal" else 1.0
    if bias_scale is not None:
        bias_scale = _nonnegative_float(bias_scale, "bias_scale")
    params = []
    for fan_in, fan_out in pairwise(widths):
        std = init_std(scheme, fan_in, fan_out, scale)
        W = std * rng.standard_normal((fan_in, fan_out))
        if bias_scale is None:
            b = np.zeros(fan_out)
        else:
            b = bias_scale * rng.standard_normal(fan_out)
        params.append((W, b))
    return params


def resolve_activation(activation: str | Activation | None) -> Activation | None:
    """The registry entry for ``activation`` (a registry name or entry); ``None``
    stands for no activation at all, a linear network."""
    if activation is None or isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        try:
            return activations.get(activation)
        except ValueError as error:
            raise ValueError(f"activation: {error}") from None
    raise TypeError(
        f"activation must be a registry name, a registry entry or None, "
        f"got {type(activation).__name__}"
    )


def _check_params(params: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    if isinstance(params, np.ndarray) or not isinstance(params, Sequence) or not params:
        raise TypeError("params must be a non-empty list of (W, b) pairs")
    checked = []
    for i, layer in enumerate(params):
        if not isinstance(layer, Sequence) or len(layer) != 2:
            raise TypeError(f"params[{i}] must be a pair (W, b)")
        W, b = (np.asarray(a) for a in layer)
        if W.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
            raise TypeError(f"params[{i}] must hold real arrays")
        if W.ndim != 2:
            raise ValueError(f"params[{i}]: W must be 2-D (inputs, outputs), got shape {W.shape}")
        if b.ndim not in (1, 2) or b.shape[-1] != W.shape[1] or b.size != W.shape[1]:
            raise ValueError(
                f"params[{i}]: b must have shape ({W.shape[1]},) to match W {W.shape}, "
                f"got {b.shape}"
            )
        if checked and checked[-1][0].shape[1] != W.shape[0]:
            raise ValueError(
                f"params[{i}]: W has {W.shape[0]} inputs but layer {i - 1} has "
                f"{checked[-1][0].shape[1]} outputs"
            )
        checked.append((W.astype(np.float64, copy=False), b.astype(np.float64, copy=False)))
    return checked


def _check_X(X: Any, inputs: int, name: str = "X") -> np.ndarray:
    array = np.asarray(X)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real array, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[1] != inputs:
        raise ValueError(f"{name} must have shape (n, {inputs}), got {array.shape}")
    return array.astype(np.float64, copy=False)


def _check_y(y: Any, n: int, classes: int, name: str = "y") -> np.ndarray:
    array = np.asarray(y)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, got dtype {array.dtype}")
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match X, got {array.shape}")
    if n and (array.min() < 0 or array.max() >= classes):
        raise ValueError(f"{name} must hold labels in 0..{classes - 1}")
    return array.astype(np.intp, copy=False)


@dataclass
class ForwardCache:
    """What the forward pass keeps for the backward pass: the layer inputs
    ``inputs[l]`` = H⁽ˡ⁾ (``inputs[0]`` is X) and the pre-activations
    ``pre_activations[l]`` = Z⁽ˡ⁺¹⁾ (the last one is the output O)."""

    inputs: list[np.ndarray] = field(default_factory=list)
    pre_activations: list[np.ndarray] = field(default_factory=list)


def forward(
    params: Sequence[Layer],
    X: ArrayLike,
    activation: str | Activation | None,
    return_cache: bool = False,
) -> np.ndarray | tuple[np.ndarray, ForwardCache]:
    """The logits O = Z⁽ᴸ⁾ of the network on the rows of ``X``, with Z⁽ˡ⁾ = H⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾
    and H⁽ˡ⁾ = φ(Z⁽ˡ⁾) for the hidden layers (φ the registry's ``activation`` at its
    default parameters; ``None``: no activation). With ``return_cache``, also the
    :class:`ForwardCache` that :func:`loss_and_grads` uses."""
    layers = _check_params(params)
    entry = resolve_activation(activation)
    H = _check_X(X, layers[0][0].shape[0])
    cache = ForwardCache()
    for i, (W, b) in enumerate(layers):
        Z = H @ W + b
        if return_cache:  # kept for the backward pass; prediction lets them go
            cache.inputs.append(H)
            cache.pre_activations.append(Z)
        H = entry.fn(Z) if entry is not None and i < len(layers) - 1 else Z
    return (H, cache) if return_cache else H


def _cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean of −log softmax(oᵢ)_{yᵢ}, through the stable log-softmax."""
    log_p = activations.log_softmax(logits, axis=1)
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def _penalty(layers: Sequence[Layer], weight_decay: float) -> float:
    if weight_decay == 0.0:
        return 0.0
    return 0.5 * weight_decay * sum(float(np.sum(W * W)) for W, _ in layers)


def loss(
    params: Sequence[Layer],
    X: ArrayLike,
    y: ArrayLike,
    activation: str | Activation | None,
    weight_decay: float = 0.0,
) -> float:
    """The objective J: mean softmax cross-entropy of the logits against the integer
    labels ``y`` plus (λ/2)·Σ‖W⁽ˡ⁾‖² with λ = ``weight_decay`` (biases are not penalised)."""
    layers = _check_params(params)
    lam = _nonnegative_float(weight_decay, "weight_decay")
    logits = forward(layers, X, activation)
    labels = _check_y(y, logits.shape[0], logits.shape[1])
    return _cross_entropy(logits, labels) + _penalty(layers, lam)


def loss_and_grads(
    params: Sequence[Layer],
    X: ArrayLike,
    y: ArrayLike,
    activation: str | Activation | None,
    weight_decay: float = 0.0,
) -> tuple[float, Params]:
    """The objective J of :func:`loss` and its gradient by backpropagation, as a list
    of pairs (∂J/∂W⁽ˡ⁾, ∂J/∂b⁽ˡ⁾) shaped like ``params`` (module docstring: formulas)."""
    layers = _check_params(params)
    lam = _nonnegative_float(weight_decay, "weight_decay")
    entry = resolve_activation(activation)
    logits, cache = forward(layers, X, entry, return_cache=True)
    n = logits.shape[0]
    labels = _check_y(y, n, logits.shape[1])
    if n == 0:
        raise ValueError("X must hold at least one example")
    value = _cross_entropy(logits, labels) + _penalty(layers, lam)
    G = np.asarray(activations.softmax(logits, axis=1), dtype=np.float64)
    G[np.arange(n), labels] -= 1.0
    G /= n  # G = ∂J/∂O = (softmax(O) − Y)/n
    grads: Params = [None] * len(layers)  # type: ignore[list-item]
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        dW = cache.inputs[i].T @ G
        if lam:
            dW = dW + lam * W
        grads[i] = (dW, G.sum(axis=0).reshape(b.shape))
        if i > 0:
            G = G @ W.T
            if entry is not None:
                G = G * entry.grad(cache.pre_activations[i - 1])
    return value, grads


def predict(
    params: Sequence[Layer], X: ArrayLike, activation: str | Activation | None
) -> np.ndarray:
    """The predicted class of every row of ``X``: argmax of the logits."""
    return np.argmax(forward(params, X, activation), axis=1)


def accuracy(
    params: Sequence[Layer], X: ArrayLike, y: ArrayLike, activation: str | Activation | None
) -> float:
    """Share of the rows of ``X`` whose predicted class equals the label in ``y``."""
    predicted = predict(params, X, activation)
    labels = np.asarray(y)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {labels.dtype}")
    if labels.shape != predicted.shape:
        raise ValueError(f"y must have shape {predicted.shape} to match X, got {labels.shape}")
    return float(np.mean(predicted == labels))


@dataclass
class History:
    """What :func:`train` records after every epoch (lists of length ``epochs``):
    the objective J on the whole training set, training and test accuracy (test only
    when test data were given), and, if asked for, the mean over the epoch's steps of
    the gradient norm ‖∂J/∂W⁽ˡ⁾‖_F of each layer (an array with one entry per layer).
    ``params`` holds the trained parameters."""

    params: Params
    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    grad_norms: list[np.ndarray] = field(default_factory=list)


def train(
    params: Sequence[Layer],
    X: ArrayLike,
    y: ArrayLike,
    activation: str | Activation | None,
    *,
    lr: float,
    epochs: int,
    batch_size: int,
    rng: np.random.Generator,
    weight_decay: float = 0.0,
    X_test: ArrayLike | None = None,
    y_test: ArrayLike | None = None,
    record_grad_norms: bool = False,
) -> History:
    """Minibatch stochastic gradient descent, θ ← θ − lr·∂J/∂θ on each minibatch, with
    the examples shuffled by ``rng`` at every epoch. ``params`` is not modified; the
    trained parameters are ``History.params``."""
    layers = [(W.copy(), b.copy()) for W, b in _check_params(params)]
    entry = resolve_activation(activation)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    step = _nonnegative_float(lr, "lr")
    lam = _nonnegative_float(weight_decay, "weight_decay")
    n_epochs = _positive_int(epochs, "epochs")
    size = _positive_int(batch_size, "batch_size")
    X_train = _check_X(X, layers[0][0].shape[0])
    y_train = _check_y(y, X_train.shape[0], layers[-1][0].shape[1])
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together")
    if X_test is not None:
        X_test = _check_X(X_test, layers[0][0].shape[0], "X_test")
        y_test = _check_y(y_test, X_test.shape[0], layers[-1][0].shape[1], "y_test")
    history = History(params=layers)
    n = X_train.shape[0]
    for _ in range(n_epochs):
        order = rng.permutation(n)
        norms = []
        for start in range(0, n, size):
            batch = order[start : start + size]
            _, grads = loss_and_grads(layers, X_train[batch], y_train[batch], entry, lam)
            for (W, b), (dW, db) in zip(layers, grads, strict=True):
                W -= step * dW
                b -= step * db
            if record_grad_norms:
                norms.append([np.linalg.norm(dW) for dW, _ in grads])
        history.loss.append(loss(layers, X_train, y_train, entry, lam))
        history.train_accuracy.append(accuracy(layers, X_train, y_train, entry))
        if X_test is not None:
            history.test_accuracy.append(accuracy(layers, X_test, y_test, entry))
        if record_grad_norms:
            history.grad_norms.append(np.mean(norms, axis=0))
    return history
