"""The multilayer perceptron: parameters, forward pass, dropout, losses, backward pass,
training with validation and early stopping.

This is the library's single forward pass. A network is a list of layers
``(W, b)`` with ``W`` of shape (inputs, outputs) and ``b`` of shape (outputs,),
acting on a minibatch ``X`` of shape (n, inputs), rows being examples:

.. math::

    Z^{(l)} = \\tilde H^{(l-1)} W^{(l)} + b^{(l)},\\quad H^{(l)} = \\phi(Z^{(l)}),\\quad
    \\tilde H^{(l)} = H^{(l)} \\odot M^{(l)},\\quad \\tilde H^{(0)} = X,\\quad O = Z^{(L)}

with the activation φ after every layer but the last: the output ``O`` holds the
logits. Without dropout (p = 0, the default) every mask M⁽ˡ⁾ is 1 and no mask is
drawn. With dropout p > 0 (inverted dropout) each hidden layer's mask is drawn anew,
entry by entry and independently: 0 with probability p, 1/(1 − p) otherwise, so that
E[H̃] = H. The input X and the output O are never dropped.

Two objectives. Softmax cross-entropy (``objective="cross_entropy"``, integer labels
y, one output per class) and half the mean squared error (``"squared_error"``, real
targets y, a single output unit), each plus an L2 penalty on the weights:

.. math::

    J_{\\mathrm{CE}} = -\\frac{1}{n}\\sum_{i} \\log \\operatorname{softmax}(o_i)_{y_i}
        + \\frac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert_F^2,\\qquad
    J_{\\mathrm{SE}} = \\frac{1}{2n}\\sum_{i} (o_i - y_i)^2
        + \\frac{\\lambda}{2}\\sum_l \\lVert W^{(l)} \\rVert_F^2.

With dropout, J is the loss of the thinned network, the one these masks define.
Its gradient is computed by backpropagation with the matrix formulas that Chapter 5
derives (and proves equal to SymPy's component-wise derivatives):

.. math::

    G^{(L)} = \\frac{\\partial J}{\\partial O} =
        \\frac{1}{n}(\\operatorname{softmax}(O) - Y)\\ \\text{or}\\ \\frac{1}{n}(O - y),\\quad
    \\frac{\\partial J}{\\partial W^{(l)}} =
        \\tilde H^{(l-1)\\top} G^{(l)} + \\lambda W^{(l)},\\quad
    \\frac{\\partial J}{\\partial b^{(l)}} = \\mathbf{1}^\\top G^{(l)},\\quad
    G^{(l-1)} = (G^{(l)} W^{(l)\\top}) \\odot M^{(l-1)} \\odot \\phi'(Z^{(l-1)}),

where G⁽ˡ⁾ = ∂J/∂Z⁽ˡ⁾ and Y is the one-hot matrix of the labels: a dropped unit passes
no gradient back, a kept one passes it scaled by 1/(1 − p). The activation and its
derivative are the registry's kernels (:mod:`mlpbook.activations`), the log-softmax and
softmax the library's stable ones.

Every public function checks its arguments once and then calls a private core
(``_forward``, ``_loss``, ``_loss_and_grads``, ``_accuracy``) that checks nothing;
:func:`train`'s loop calls the cores.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mlpbook import _validate, activations
from mlpbook.activations import Activation

__all__ = [
    "OBJECTIVES",
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

#: The objectives :func:`loss`, :func:`loss_and_grads` and :func:`train` minimise
#: (module docstring: formulas).
OBJECTIVES = ("cross_entropy", "squared_error")

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


#: mlp's name for the shared check (init_params uses it).
_positive_int = _validate.positive_int


def _nonnegative_float(value: Any, name: str) -> float:
    """``value`` as a finite float ≥ 0 (a non-number is a TypeError)."""
    as_float = _validate.real(value, name)
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
    _validate.generator(rng)
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


def _refuse_pandas(value: Any, name: str) -> None:
    """A pandas object is refused rather than converted: its index and its categorical
    columns have no place in an array of numbers, and silently dropping them hides
    mistakes."""
    if (type(value).__module__ or "").split(".")[0] == "pandas":
        raise TypeError(
            f"{name} must be a NumPy array, got a pandas {type(value).__name__}: encode "
            f"its columns as numbers and pass {name}.to_numpy()"
        )


def _check_params(params: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """The layers as float64 (W, b) pairs, checked once (:func:`_validate.layers`)."""
    return _validate.layers(params, "params")


def _check_X(X: Any, inputs: int, name: str = "X") -> np.ndarray:
    _refuse_pandas(X, name)
    array = np.asarray(X)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real array, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[1] != inputs:
        raise ValueError(f"{name} must have shape (n, {inputs}), got {array.shape}")
    return array.astype(np.float64, copy=False)


def _check_y(y: Any, n: int, classes: int, name: str = "y") -> np.ndarray:
    _refuse_pandas(y, name)
    array = np.asarray(y)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, got dtype {array.dtype}")
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match X, got {array.shape}")
    if n and (array.min() < 0 or array.max() >= classes):
        raise ValueError(f"{name} must hold labels in 0..{classes - 1}")
    return array.astype(np.intp, copy=False)


def _check_objective(objective: Any, layers: Sequence[Layer]) -> str:
    _validate.string(objective, "objective")
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {list(OBJECTIVES)}, got {objective!r}")
    if objective == "squared_error" and layers[-1][0].shape[1] != 1:
        raise ValueError(
            f"params: objective='squared_error' needs an output layer of one unit, "
            f"got {layers[-1][0].shape[1]}"
        )
    return objective


def _check_targets(
    y: Any, n: int, layers: Sequence[Layer], objective: str, name: str = "y"
) -> np.ndarray:
    """Integer labels for cross-entropy; finite floats, one per example, for squared
    error."""
    if objective == "cross_entropy":
        return _check_y(y, n, layers[-1][0].shape[1], name)
    _refuse_pandas(y, name)
    array = np.asarray(y)
    if array.dtype.kind != "f":
        raise TypeError(
            f"{name} must hold real-valued targets (a float array) for "
            f"objective='squared_error', got dtype {array.dtype}"
        )
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) to match X, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {int(np.sum(~np.isfinite(array)))} NaN/inf")
    return array.astype(np.float64, copy=False)


def _check_dropout(dropout: Any, rng: Any) -> float:
    """The dropout probability p in [0, 1); ``rng`` must be a Generator when p > 0."""
    p = _validate.real(dropout, "dropout")
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout must be a probability in [0, 1), got {dropout!r}")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if p > 0 and rng is None:
        raise TypeError("rng must be a numpy.random.Generator when dropout > 0, got None")
    return p


_check_rng = _validate.generator


def _nonempty(X: np.ndarray) -> np.ndarray:
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example")
    return X


@dataclass
class ForwardCache:
    """What the forward pass keeps for the backward pass: the layer inputs
    ``inputs[l]`` = H̃⁽ˡ⁾ (``inputs[0]`` is X; with dropout, the thinned hidden
    outputs), the pre-activations ``pre_activations[l]`` = Z⁽ˡ⁺¹⁾ (the last one is the
    output O) and, with dropout, the masks ``masks[l]`` = M⁽ˡ⁺¹⁾ of the hidden layers
    (empty without dropout)."""

    inputs: list[np.ndarray] = field(default_factory=list)
    pre_activations: list[np.ndarray] = field(default_factory=list)
    masks: list[np.ndarray] = field(default_factory=list)


def _dropout_mask(rng: np.random.Generator, shape: tuple[int, ...], p: float) -> np.ndarray:
    """0 with probability p, 1/(1 − p) otherwise, entry by entry: U ≥ p for U uniform
    on [0, 1) keeps a unit with probability 1 − p."""
    return (rng.random(shape) >= p) / (1.0 - p)


def _forward(
    layers: Sequence[Layer],
    X: np.ndarray,
    entry: Activation | None,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
    cache: ForwardCache | None = None,
) -> np.ndarray:
    """The unchecked forward pass (:func:`forward`); fills ``cache`` if one is given.
    Masks are drawn from ``rng`` layer by layer, first hidden layer first."""
    H = X
    for i, (W, b) in enumerate(layers):
        Z = H @ W + b
        if cache is not None:  # kept for the backward pass; prediction lets them go
            cache.inputs.append(H)
            cache.pre_activations.append(Z)
        H = entry.fn(Z) if entry is not None and i < len(layers) - 1 else Z
        if dropout and i < len(layers) - 1:
            mask = _dropout_mask(rng, H.shape, dropout)  # type: ignore[arg-type]
            H = H * mask
            if cache is not None:
                cache.masks.append(mask)
    return H


def forward(
    params: Sequence[Layer],
    X: ArrayLike,
    activation: str | Activation | None,
    return_cache: bool = False,
    *,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
) -> np.ndarray | tuple[np.ndarray, ForwardCache]:
    """The logits O = Z⁽ᴸ⁾ of the network on the rows of ``X``, with
    Z⁽ˡ⁾ = H̃⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾, H⁽ˡ⁾ = φ(Z⁽ˡ⁾) for the hidden layers (φ the registry's
    ``activation`` at its default parameters; ``None``: no activation) and
    H̃⁽ˡ⁾ = H⁽ˡ⁾ ⊙ M⁽ˡ⁾, where with ``dropout`` = p > 0 each entry of the mask M⁽ˡ⁾ is
    drawn from ``rng``: 0 with probability p, 1/(1 − p) otherwise (p = 0: no mask,
    H̃ = H). With ``return_cache``, also the :class:`ForwardCache` that the backward
    pass uses."""
    layers = _check_params(params)
    entry = resolve_activation(activation)
    H = _check_X(X, layers[0][0].shape[0])
    p = _check_dropout(dropout, rng)
    cache = ForwardCache() if return_cache else None
    out = _forward(layers, H, entry, p, rng, cache)
    return (out, cache) if cache is not None else out


def _cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean of −log softmax(oᵢ)_{yᵢ}, through the stable log-softmax."""
    return _mean_negative_log(activations.log_softmax(logits, axis=1), y)


def _mean_negative_log(log_p: np.ndarray, y: np.ndarray) -> float:
    """−(1/n) Σ log_p[i, yᵢ]: the cross-entropy from the rows' log-softmax."""
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def _half_squared_error(outputs: np.ndarray, y: np.ndarray) -> float:
    """(1/2n) Σ (oᵢ − yᵢ)² for a single output column."""
    residual = outputs[:, 0] - y
    return 0.5 * float(np.mean(residual * residual))


def _data_loss(outputs: np.ndarray, y: np.ndarray, objective: str) -> float:
    if objective == "cross_entropy":
        return _cross_entropy(outputs, y)
    return _half_squared_error(outputs, y)


def _penalty(layers: Sequence[Layer], weight_decay: float) -> float:
    if weight_decay == 0.0:
        return 0.0
    return 0.5 * weight_decay * sum(float(np.sum(W * W)) for W, _ in layers)


class _Checked(NamedTuple):
    """The checked arguments of the objective's cores :func:`_loss` and
    :func:`_loss_and_grads`: the training loop builds them without checking again."""

    layers: Sequence[Layer]
    X: np.ndarray
    y: np.ndarray
    entry: Activation | None
    weight_decay: float
    objective: str
    dropout: float = 0.0
    rng: np.random.Generator | None = None


def _check_objective_call(
    params: Any,
    X: Any,
    y: Any,
    activation: Any,
    weight_decay: Any,
    objective: Any,
    dropout: Any,
    rng: Any,
) -> _Checked:
    """The arguments of :func:`loss` and :func:`loss_and_grads`, checked once."""
    layers = _check_params(params)
    lam = _nonnegative_float(weight_decay, "weight_decay")
    goal = _check_objective(objective, layers)
    entry = resolve_activation(activation)
    H = _nonempty(_check_X(X, layers[0][0].shape[0]))
    targets = _check_targets(y, H.shape[0], layers, goal)
    p = _check_dropout(dropout, rng)
    return _Checked(layers, H, targets, entry, lam, goal, p, rng)


def _loss(call: _Checked) -> float:
    """The objective J plus (λ/2)·Σ‖W⁽ˡ⁾‖² with λ = ``weight_decay`` (biases are not
    penalised). ``objective="cross_entropy"``: the mean softmax cross-entropy
    −(1/n) Σ log softmax(oᵢ)_{yᵢ} of the logits against integer labels ``y``.
    ``objective="squared_error"``: half the mean squared error (1/2n) Σ (oᵢ − yᵢ)² of
    a network with one output unit against finite float targets ``y`` (so the root mean
    squared error is √(2J) at λ = 0). With ``dropout`` = p > 0, J is the loss of the
    network thinned by masks drawn from ``rng`` as in :func:`forward`."""
    layers, X, y, entry, weight_decay, objective, dropout, rng = call
    outputs = _forward(layers, X, entry, dropout, rng)
    return _data_loss(outputs, y, objective) + _penalty(layers, weight_decay)


def _public(core: Callable[[_Checked], Any]) -> Callable[..., Any]:
    """The public function of the objective's ``core``: one signature for :func:`loss`
    and :func:`loss_and_grads`, whose arguments are checked once into a
    :class:`_Checked` before ``core`` runs. Name and docstring are ``core``'s."""

    def public(
        params: Sequence[Layer],
        X: ArrayLike,
        y: ArrayLike,
        activation: str | Activation | None,
        weight_decay: float = 0.0,
        *,
        objective: str = "cross_entropy",
        dropout: float = 0.0,
        rng: np.random.Generator | None = None,
    ) -> Any:
        checked = _check_objective_call(
            params, X, y, activation, weight_decay, objective, dropout, rng
        )
        return core(checked)

    public.__name__ = public.__qualname__ = core.__name__.lstrip("_")
    public.__doc__ = core.__doc__
    return public


loss = _public(_loss)


def _loss_and_grads(call: _Checked) -> tuple[float, Params]:
    """The objective J of :func:`loss` and its exact gradient by backpropagation, as a
    list of pairs (∂J/∂W⁽ˡ⁾, ∂J/∂b⁽ˡ⁾) shaped like ``params`` (module docstring:
    formulas). With ``dropout`` = p > 0 it is the gradient of the thinned network's
    loss, the masks drawn from ``rng`` in the order :func:`loss` draws them: two
    generators seeded alike give the same masks to both."""
    layers, X, y, entry, weight_decay, objective, dropout, rng = call
    cache = ForwardCache()
    outputs = _forward(layers, X, entry, dropout, rng, cache)
    n = outputs.shape[0]
    if objective == "cross_entropy":
        # log-softmax for the value, softmax for the gradient: one shift for both
        log_p, G = activations._log_softmax_and_softmax_rows(outputs)
        value = _mean_negative_log(log_p, y) + _penalty(layers, weight_decay)
        G[np.arange(n), y] -= 1.0
        G /= n  # G = ∂J/∂O = (softmax(O) − Y)/n
    else:
        value = _data_loss(outputs, y, objective) + _penalty(layers, weight_decay)
        G = (outputs - y[:, None]) / n  # G = ∂J/∂O = (O − y)/n
    grads: Params = [None] * len(layers)  # type: ignore[list-item]
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        dW = cache.inputs[i].T @ G
        if weight_decay:
            dW = dW + weight_decay * W
        grads[i] = (dW, G.sum(axis=0).reshape(b.shape))
        if i > 0:
            G = G @ W.T
            if cache.masks:
                G = G * cache.masks[i - 1]
            if entry is not None:
                G = G * entry.grad(cache.pre_activations[i - 1])
    return value, grads


loss_and_grads = _public(_loss_and_grads)


def predict(
    params: Sequence[Layer], X: ArrayLike, activation: str | Activation | None
) -> np.ndarray:
    """The predicted class of every row of ``X``: argmax of the logits (no dropout)."""
    layers = _check_params(params)
    entry = resolve_activation(activation)
    return np.argmax(_forward(layers, _check_X(X, layers[0][0].shape[0]), entry), axis=1)


def _accuracy(
    layers: Sequence[Layer], X: np.ndarray, y: np.ndarray, entry: Activation | None
) -> float:
    return float(np.mean(np.argmax(_forward(layers, X, entry), axis=1) == y))


def accuracy(
    params: Sequence[Layer], X: ArrayLike, y: ArrayLike, activation: str | Activation | None
) -> float:
    """Share of the rows of ``X`` whose predicted class equals the label in ``y``
    (no dropout)."""
    layers = _check_params(params)
    entry = resolve_activation(activation)
    H = _check_X(X, layers[0][0].shape[0])
    _refuse_pandas(y, "y")
    labels = np.asarray(y)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {labels.dtype}")
    if labels.shape != (H.shape[0],):
        raise ValueError(f"y must have shape ({H.shape[0]},) to match X, got {labels.shape}")
    return _accuracy(layers, H, labels, entry)


@dataclass
class History:
    """What :func:`train` records after every epoch, one entry an epoch in every list
    (fewer than ``epochs`` when early stopping ends the run). All of it is measured on
    the network without dropout:

    - ``loss``: the objective J on the whole training set (penalty included);
    - ``train_accuracy``, ``test_accuracy``, ``val_accuracy``: shares of correct
      predictions (cross-entropy only; test and validation when their data were given);
    - ``test_loss``, ``val_loss``: the mean loss on those sets, without the penalty
      (mean cross-entropy, or half the mean squared error);
    - ``grad_norms``: if asked for, the mean over the epoch's steps of ‖∂J/∂W⁽ˡ⁾‖_F
      for each layer (an array with one entry per layer).

    With validation data, ``best_epoch`` is the number of epochs after which the
    monitored metric was best (validation accuracy for cross-entropy, the first epoch
    reaching its maximum; validation loss for squared error, the first reaching its
    minimum), so that ``val_accuracy[best_epoch - 1]`` is the best value, and
    ``best_params`` a copy of the parameters at that epoch. ``params`` holds the
    trained parameters: those of the last epoch, or with ``patience`` those of
    ``best_epoch``."""

    params: Params
    loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    grad_norms: list[np.ndarray] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    best_params: Params | None = None


def _check_pair(
    X: Any, y: Any, layers: Sequence[Layer], objective: str, names: tuple[str, str]
) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    if (X is None) != (y is None):
        raise ValueError(f"{names[0]} and {names[1]} must be given together")
    if X is None:
        return None, None
    X_checked = _nonempty(_check_X(X, layers[0][0].shape[0], names[0]))
    return X_checked, _check_targets(y, X_checked.shape[0], layers, objective, names[1])


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
    objective: str = "cross_entropy",
    dropout: float = 0.0,
    X_val: ArrayLike | None = None,
    y_val: ArrayLike | None = None,
    patience: int | None = None,
    X_test: ArrayLike | None = None,
    y_test: ArrayLike | None = None,
    record_grad_norms: bool = False,
) -> History:
    """Minibatch stochastic gradient descent, θ ← θ − lr·∂J/∂θ on each minibatch, with
    the examples shuffled by ``rng`` at every epoch and, with ``dropout`` = p > 0, fresh
    masks drawn at every step from a generator spawned once from ``rng``
    (``rng.spawn(1)[0]``, which does not advance ``rng``): the shuffles are the same
    for every p, and p = 0 spawns and draws nothing. ``params`` is not modified; the
    trained parameters are ``History.params``.

    With validation data (``X_val``, ``y_val``), :class:`History` records the
    validation loss and accuracy of every epoch and the best epoch. With ``patience``
    = k, training stops once the monitored metric (validation accuracy for
    cross-entropy, validation loss for squared error) has not improved, strictly, for k
    epochs in a row, and ``History.params`` holds the parameters of the best epoch.
    Test data (``X_test``, ``y_test``) are only recorded, never used to decide."""
    layers = [(W.copy(), b.copy()) for W, b in _check_params(params)]
    entry = resolve_activation(activation)
    _check_rng(rng)
    step = _nonnegative_float(lr, "lr")
    lam = _nonnegative_float(weight_decay, "weight_decay")
    goal = _check_objective(objective, layers)
    p = _check_dropout(dropout, rng)
    n_epochs = _validate.positive_int(epochs, "epochs")
    size = _validate.positive_int(batch_size, "batch_size")
    X_train = _nonempty(_check_X(X, layers[0][0].shape[0]))
    y_train = _check_targets(y, X_train.shape[0], layers, goal)
    X_test, y_test = _check_pair(X_test, y_test, layers, goal, ("X_test", "y_test"))
    X_val, y_val = _check_pair(X_val, y_val, layers, goal, ("X_val", "y_val"))
    if patience is not None:
        patience = _validate.positive_int(patience, "patience")
        if X_val is None:
            raise ValueError("patience needs validation data: pass X_val and y_val")
    classify = goal == "cross_entropy"
    history = History(params=layers)
    best = -math.inf
    n = X_train.shape[0]
    mask_rng = rng.spawn(1)[0] if p > 0 else None
    for epoch in range(1, n_epochs + 1):
        order = rng.permutation(n)
        norms = []
        for start in range(0, n, size):
            batch = order[start : start + size]
            batch_call = _Checked(layers, X_train[batch], y_train[batch], entry, lam, goal)
            _, grads = _loss_and_grads(batch_call._replace(dropout=p, rng=mask_rng))
            for (W, b), (dW, db) in zip(layers, grads, strict=True):
                W -= step * dW
                b -= step * db
            if record_grad_norms:
                norms.append([np.linalg.norm(dW) for dW, _ in grads])
        history.loss.append(_loss(_Checked(layers, X_train, y_train, entry, lam, goal)))
        if classify:
            history.train_accuracy.append(_accuracy(layers, X_train, y_train, entry))
        if X_test is not None:
            if classify:
                history.test_accuracy.append(_accuracy(layers, X_test, y_test, entry))
            history.test_loss.append(_loss(_Checked(layers, X_test, y_test, entry, 0.0, goal)))
        if record_grad_norms:
            history.grad_norms.append(np.mean(norms, axis=0))
        if X_val is None:
            continue
        history.val_loss.append(_loss(_Checked(layers, X_val, y_val, entry, 0.0, goal)))
        if classify:
            history.val_accuracy.append(_accuracy(layers, X_val, y_val, entry))
        score = history.val_accuracy[-1] if classify else -history.val_loss[-1]
        if score > best:
            best, history.best_epoch = score, epoch
            history.best_params = [(W.copy(), b.copy()) for W, b in layers]
        elif patience is not None and epoch - history.best_epoch >= patience:  # type: ignore[operator]
            break
    if patience is not None:
        history.params = history.best_params  # type: ignore[assignment]
    return history
