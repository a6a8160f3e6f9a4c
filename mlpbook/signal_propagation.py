"""Signal propagation: statistics of deep networks at initialization, how the
activations and the gradients scale with depth.

Chapter 7 draws these statistics for several initialization schemes and activations.
Everything runs through the library's single forward and backward pass
(:func:`mlpbook.mlp.forward`, :func:`mlpbook.mlp.loss_and_grads`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlpbook import _validate, mlp
from mlpbook._validate import as_float_array

__all__ = ["DepthProfile", "depth_profile", "unit_spread"]


@dataclass(frozen=True)
class DepthProfile:
    """Per-layer statistics of one randomly initialized network on one minibatch.

    ``activation_std[l]`` is the standard deviation of the entries of H⁽ˡ⁺¹⁾ (the
    output of hidden layer l + 1, over examples and units); ``grad_norm[l]`` is the
    Frobenius norm ‖∂J/∂W⁽ˡ⁺¹⁾‖ of the loss gradient for the weights of layer l + 1,
    output layer included; ``bias_grad_norm[l]`` the norm of ∂J/∂b⁽ˡ⁺¹⁾ = 1ᵀG⁽ˡ⁺¹⁾,
    the gradient that reaches the pre-activations of layer l + 1 (summed over the
    minibatch)."""

    activation_std: np.ndarray
    grad_norm: np.ndarray
    bias_grad_norm: np.ndarray


def depth_profile(
    activation: str,
    scheme: str,
    depth: int,
    width: int = 128,
    n: int = 256,
    classes: int = 10,
    scale: float = 1.0,
    seed: int = 0,
) -> DepthProfile:
    """Statistics of a network of ``depth`` hidden layers of ``width`` units and a
    linear output layer of ``classes`` units, initialized by
    ``mlp.init_params(..., scheme, scale)`` (zero biases), on n standard normal inputs
    with random labels (softmax cross-entropy)."""
    for value, name in ((depth, "depth"), (width, "width"), (n, "n"), (classes, "classes")):
        _validate.positive_int(value, name)
    rng = np.random.default_rng(_validate.seed(seed))
    mlp.resolve_activation(activation)
    X = rng.standard_normal((n, width))
    y = rng.integers(0, classes, size=n)
    params = mlp.init_params([width] * (depth + 1) + [classes], rng, scheme, scale)
    _, cache = mlp.forward(params, X, activation, return_cache=True)
    _, grads = mlp.loss_and_grads(params, X, y, activation)
    # cache.inputs[l] is the input of layer l: X, then the hidden outputs H⁽¹⁾…H⁽ᴸ⁾
    stds = np.array([float(np.std(H)) for H in cache.inputs[1:]])
    norms = np.array([float(np.linalg.norm(dW)) for dW, _ in grads])
    bias_norms = np.array([float(np.linalg.norm(db)) for _, db in grads])
    return DepthProfile(stds, norms, bias_norms)


def unit_spread(W: np.ndarray) -> float:
    """Largest difference between the incoming weights of any unit (column of ``W``)
    and those of unit 0: 0 when all units of the layer are copies of each other."""
    W, _ = as_float_array(W, "W")
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (inputs, units), got shape {W.shape}")
    return float(np.max(np.abs(W - W[:, :1])))
