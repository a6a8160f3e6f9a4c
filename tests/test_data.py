"""mlpbook.data.k_fold: the cross-validation splitter of Chapter 8."""

import numpy as np
import pytest

from mlpbook import data


@pytest.mark.parametrize(("n", "k"), [(2, 2), (10, 3), (17, 5), (1437, 5), (7, 7)])
def test_k_fold_partitions_every_index(n: int, k: int) -> None:
    pairs = data.k_fold(n, k, seed=3)
    assert len(pairs) == k
    validation = np.concatenate([val for _, val in pairs])
    assert np.array_equal(np.sort(validation), np.arange(n))  # each index once
    sizes = [len(val) for _, val in pairs]
    assert sizes == [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    for train, val in pairs:
        assert len(train) + len(val) == n
        assert np.intersect1d(train, val).size == 0
        assert np.array_equal(np.sort(np.concatenate([train, val])), np.arange(n))
        assert train.dtype.kind == "i" and val.dtype.kind == "i"


def test_k_fold_follows_the_seeded_permutation() -> None:
    order = np.random.default_rng(11).permutation(10)
    pairs = data.k_fold(10, 3, seed=11)
    assert np.array_equal(pairs[0][1], order[:4])
    assert np.array_equal(pairs[1][1], order[4:7])
    assert np.array_equal(pairs[2][1], order[7:])
    assert np.array_equal(pairs[1][0], np.concatenate([order[:4], order[7:]]))


def test_k_fold_is_reproducible_and_depends_on_the_seed() -> None:
    first, again = data.k_fold(50, 5, seed=0), data.k_fold(50, 5, seed=0)
    other = data.k_fold(50, 5, seed=1)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(first, again, strict=True))
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(first, other, strict=True))


def test_k_fold_with_k_equal_n_is_leave_one_out() -> None:
    pairs = data.k_fold(6, 6)
    assert all(len(val) == 1 and len(train) == 5 for train, val in pairs)


@pytest.mark.parametrize(
    ("args", "name"), [((1, 2), "n"), ((5, 6), "k"), ((5, 1), "k"), ((5, 2, -3), "seed")]
)
def test_k_fold_refuses_bad_input(args: tuple, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        data.k_fold(*args)
