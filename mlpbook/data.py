"""Data sets for the training chapters: scikit-learn's bundled digits and two toy problems.

Nothing here downloads anything: the digits (1,797 grey-scale 8×8 images of the
digits 0–9, pixel values 0–16) ship inside scikit-learn, and the toy problems are
generated from a seeded generator.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from mlpbook import _validate

__all__ = ["Split", "body_temperature", "digits", "xor"]


@dataclass(frozen=True)
class Split:
    """A train/test split: features in rows, integer labels."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray

    @property
    def classes(self) -> int:
        """Number of classes (largest label + 1)."""
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def _fraction(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1, got {value!r}")
    return float(value)


def digits(test_size: float = 0.2, seed: int = 0) -> Split:
    """scikit-learn's handwritten digits, features scaled to [0, 1] (pixel / 16), split
    into train and test sets stratified by class (every digit in the same proportion in
    both), the split fixed by ``seed``. The default gives 1,437 training and 360 test
    images."""
    share = _fraction(test_size, "test_size")
    state = _validate.seed(seed)
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    X = bunch.data.astype(np.float64) / 16.0
    y = bunch.target.astype(np.intp)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=share, stratify=y, random_state=state
    )
    return Split(X_train, X_test, y_train, y_test)


def xor(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR problem: n points around the four corners (±1, ±1) with Gaussian noise of
    standard deviation ``noise``; label 1 when the two coordinates of the corner have
    different signs, 0 otherwise. No line separates the classes."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 4:
        raise ValueError(f"n must be an int ≥ 4, got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not noise >= 0:
        raise ValueError(f"noise must be a real number ≥ 0, got {noise!r}")
    rng = np.random.default_rng(_validate.seed(seed))
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = corners + noise * rng.standard_normal((n, 2))
    y = (corners[:, 0] != corners[:, 1]).astype(np.intp)
    return X, y


def body_temperature(
    n: int = 200, low: float = 34.0, high: float = 41.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Body temperatures t drawn uniformly from [low, high] °C, labelled 1 ("at risk")
    when |t − 37| + 0.2ε > 1.5 with ε standard normal (a noisy threshold), else 0:
    the risk is high on both sides of 37 °C, so it is not monotone in t. Returns
    (t, y) as 1-D arrays."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be an int ≥ 2, got {n!r}")
    if not (isinstance(low, numbers.Real) and isinstance(high, numbers.Real) and low < high):
        raise ValueError(
            f"low and high must be real numbers with low < high, got {low!r}, {high!r}"
        )
    rng = np.random.default_rng(_validate.seed(seed))
    t = rng.uniform(low, high, n)
    y = (np.abs(t - 37.0) + 0.2 * rng.standard_normal(n) > 1.5).astype(np.intp)
    return t, y
