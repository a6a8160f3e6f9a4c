"""The MLP module: gradients against central differences and SymPy, training, bad input."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, data, finite_differences, mlp, pagecode

KINK_MARGIN = 1e-3  # no hidden pre-activation closer than this to 0 (ReLU family kinks)


def _network_away_from_kinks(
    sizes: list[int], n: int, seed: int
) -> tuple[mlp.Params, np.ndarray, np.ndarray]:
    """A random network with random biases and a batch whose hidden pre-activations all
    keep a distance ≥ KINK_MARGIN from 0 (redrawn until they do)."""
    rng = np.random.default_rng(seed)
    while True:
        params = mlp.init_params(sizes, rng, scheme="xavier")
        params = [(W, 0.5 * rng.standard_normal(b.shape)) for W, b in params]
        X = rng.standard_normal((n, sizes[0]))
        y = rng.integers(0, sizes[-1], n)
        _, cache = mlp.forward(params, X, None, return_cache=True)
        # the activation does not change Z⁽¹⁾; later layers checked per activation below
        if np.min(np.abs(cache.pre_activations[0])) > KINK_MARGIN:
            return params, X, y


@pytest.mark.parametrize("name", sorted(activations.REGISTRY))
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_gradient_check_every_activation(name: str, weight_decay: float) -> None:
    seed = 0
    while True:
        params, X, y = _network_away_from_kinks([5, 4, 3, 3], n=6, seed=seed)
        _, cache = mlp.forward(params, X, name, return_cache=True)
        if all(np.min(np.abs(Z)) > KINK_MARGIN for Z in cache.pre_activations[:-1]):
            break
        seed += 1
    error = finite_differences.gradient_relative_error(params, X, y, name, weight_decay)
    assert error <= 1e-7, f"{name}: relative error {error:.2e}"


def test_gradient_check_softmax_regression() -> None:
    params, X, y = _network_away_from_kinks([4, 3], n=5, seed=1)
    assert finite_differences.gradient_relative_error(params, X, y, None, 0.2) <= 1e-7


def test_gradient_check_detects_a_wrong_gradient() -> None:
    params, X, y = _network_away_from_kinks([3, 4, 2], n=4, seed=2)
    wrong = activations.Activation(
        "tanh", "wrong", activations.tanh, activations.sigmoid_grad, symbol="t"
    )
    assert finite_differences.gradient_relative_error(params, X, y, wrong) > 1e-2


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus"])
def test_loss_and_grads_equal_sympy(name: str) -> None:
    """J built from SymPy symbols (2 examples, 2 inputs, 2 hidden units, 3 classes,
    biases, L2 penalty); sympy.diff in every parameter, evaluated at the same point."""
    n, d, h, q = 2, 2, 2, 3
    W1 = sp.Matrix(d, h, lambda i, j: sp.Symbol(f"w1_{i}{j}"))
    b1 = sp.Matrix(1, h, lambda _, j: sp.Symbol(f"b1_{j}"))
    W2 = sp.Matrix(h, q, lambda i, j: sp.Symbol(f"w2_{i}{j}"))
    b2 = sp.Matrix(1, q, lambda _, j: sp.Symbol(f"b2_{j}"))
    lam = sp.Rational(1, 10)
    rng = np.random.default_rng(3)
    X = sp.Matrix(rng.integers(-4, 5, (n, d))) / 4
    y = [0, 2]
    x = sp.Symbol("x", real=True)
    phi = activations.get(name).expr_at_defaults()
    H = (X * W1 + sp.ones(n, 1) * b1).applyfunc(lambda z: phi.subs(x, z))
    out = H * W2 + sp.ones(n, 1) * b2
    J = -sum(out[i, y[i]] - sp.log(sum(sp.exp(out[i, k]) for k in range(q))) for i in range(n)) / n
    J += lam / 2 * (sum(w**2 for w in W1) + sum(w**2 for w in W2))
    symbols = [*W1, *b1, *W2, *b2]
    values = dict(zip(symbols, rng.uniform(-1, 1, len(symbols)).round(3), strict=True))
    at = {s: sp.Rational(str(v)) for s, v in values.items()}
    params = [
        (np.array(W1.subs(at), dtype=float), np.array(b1.subs(at), dtype=float).ravel()),
        (np.array(W2.subs(at), dtype=float), np.array(b2.subs(at), dtype=float).ravel()),
    ]
    value, grads = mlp.loss_and_grads(
        params, np.array(X, dtype=float), np.array(y), name, weight_decay=0.1
    )
    assert value == pytest.approx(float(J.subs(at).evalf(30)), rel=1e-13)
    for symbol_array, grad in zip(
        [W1, b1, W2, b2], [g for pair in grads for g in pair], strict=True
    ):
        expected = np.array(
            [float(sp.diff(J, s).subs(at).evalf(30)) for s in symbol_array], dtype=float
        ).reshape(grad.shape)
        np.testing.assert_allclose(grad, expected, rtol=1e-11, atol=1e-14)


def test_grads_shaped_like_params() -> None:
    rng = np.random.default_rng(4)
    params = mlp.init_params([6, 5, 4, 3], rng)
    X, y = rng.standard_normal((7, 6)), rng.integers(0, 3, 7)
    _, grads = mlp.loss_and_grads(params, X, y, "relu")
    assert [(g.shape, gb.shape) for g, gb in grads] == [(W.shape, b.shape) for W, b in params]


def test_cross_entropy_stays_finite_for_huge_logits() -> None:
    params = [(np.array([[1e3, -1e3]]), np.zeros(2))]
    value, grads = mlp.loss_and_grads(params, np.array([[1.0]]), np.array([1]), None)
    assert value == pytest.approx(2e3)
    assert np.all(np.isfinite(grads[0][0]))


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [("normal", 0.01), ("xavier", np.sqrt(2 / 300)), ("glorot", np.sqrt(2 / 300)),
     ("he", np.sqrt(2 / 100)), ("lecun", np.sqrt(1 / 100))],
)  # fmt: skip
def test_init_schemes_have_their_standard_deviation(scheme: str, expected: float) -> None:
    params = mlp.init_params([100, 200], np.random.default_rng(5), scheme=scheme)
    W, b = params[0]
    assert W.shape == (100, 200) and b.shape == (200,) and not b.any()
    assert W.std() == pytest.approx(expected, rel=0.02)


def test_init_is_reproducible() -> None:
    a = mlp.init_params([3, 4, 2], np.random.default_rng(6))
    b = mlp.init_params([3, 4, 2], np.random.default_rng(6))
    assert all(
        np.array_equal(p, q)
        for la, lb in zip(a, b, strict=True)
        for p, q in zip(la, lb, strict=True)
    )


def test_forward_cache_and_linear_network() -> None:
    rng = np.random.default_rng(7)
    params = mlp.init_params([3, 4, 2], rng, scheme="normal", scale=1.0)
    X = rng.standard_normal((5, 3))
    out, cache = mlp.forward(params, X, "relu", return_cache=True)
    (W1, b1), (W2, b2) = params
    np.testing.assert_array_equal(cache.pre_activations[0], X @ W1 + b1)
    np.testing.assert_array_equal(cache.inputs[1], np.maximum(X @ W1 + b1, 0))
    np.testing.assert_array_equal(out, cache.inputs[1] @ W2 + b2)
    np.testing.assert_allclose(mlp.forward(params, X, None), X @ (W1 @ W2) + b1 @ W2 + b2)


def test_init_params_draws_weights_then_biases_layer_by_layer() -> None:
    params = mlp.init_params([4, 5, 3], np.random.default_rng(8), "normal", 0.5, 2.0)
    rng = np.random.default_rng(8)
    W1, b1 = rng.standard_normal((4, 5)), rng.standard_normal(5)
    W2, b2 = rng.standard_normal((5, 3)), rng.standard_normal(3)
    for (W, b), (W_drawn, b_drawn) in zip(params, [(W1, b1), (W2, b2)], strict=True):
        np.testing.assert_array_equal(W, 0.5 * W_drawn)
        np.testing.assert_array_equal(b, 2.0 * b_drawn)
    zero_biases = mlp.init_params([4, 5, 3], np.random.default_rng(8), "normal", 0.5)
    rng = np.random.default_rng(8)
    rng.standard_normal((4, 5))  # no bias drawn between the weights of two layers
    np.testing.assert_array_equal(zero_biases[1][0], 0.5 * rng.standard_normal((5, 3)))
    assert not zero_biases[0][1].any()


def test_training_reaches_97_percent_on_digits() -> None:
    split = data.digits()
    rng = np.random.default_rng(0)
    params = mlp.init_params([64, 128, 10], rng, scheme="he")
    start = time.perf_counter()
    history = mlp.train(
        params, split.X_train, split.y_train, "relu", lr=0.1, epochs=30, batch_size=32,
        rng=rng, X_test=split.X_test, y_test=split.y_test,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    print(f"digits MLP: test accuracy {history.test_accuracy[-1]:.4f} in {seconds:.1f} s")
    assert history.test_accuracy[-1] >= 0.97
    assert history.loss[-1] < history.loss[0]
    assert (
        mlp.accuracy(history.params, split.X_test, split.y_test, "relu")
        == (history.test_accuracy[-1])
    )
    assert not np.array_equal(params[0][0], history.params[0][0])  # trained a copy


def test_digits_split_is_stratified_and_scaled() -> None:
    split = data.digits()
    assert split.X_train.shape == (1437, 64) and split.X_test.shape == (360, 64)
    assert split.classes == 10
    assert 0.0 == split.X_train.min() and split.X_train.max() == 1.0
    train_share = np.bincount(split.y_train) / len(split.y_train)
    test_share = np.bincount(split.y_test) / len(split.y_test)
    assert np.max(np.abs(train_share - test_share)) < 0.01
    again = data.digits()
    assert np.array_equal(again.y_test, split.y_test)


def test_toy_data() -> None:
    X, y = data.xor(100)
    assert X.shape == (100, 2) and set(y) == {0, 1}
    assert np.all((np.sign(X[:, 0]) != np.sign(X[:, 1])) == y.astype(bool))
    t, y = data.body_temperature(400)
    assert t.shape == y.shape == (400,) and 34 <= t.min() and t.max() <= 41
    assert np.all(y[np.abs(t - 37) > 2.5] == 1) and np.all(y[np.abs(t - 37) < 0.5] == 0)
    assert y[t < 36].mean() > 0.5 and y[t > 38].mean() > 0.5  # at risk on both sides


ONE_LAYER = [(np.ones((3, 2)), np.ones(2))]
X3, Y3 = np.ones((2, 3)), np.array([0, 1])


def sgd(**settings: object) -> dict[str, object]:
    """``mlp.train``'s keyword arguments: valid ones, changed by ``settings``."""
    return {"lr": 0.1, "epochs": 1, "batch_size": 1, "rng": np.random.default_rng(), **settings}


# (function, positional arguments, keyword arguments, error, the argument it names)
BAD_INPUT = [
    (mlp.init_params, ([3], np.random.default_rng()), {}, ValueError, "sizes"),
    (mlp.init_params, ([3, 0], np.random.default_rng()), {}, ValueError, "sizes"),
    (mlp.init_params, ([3, 2], 0), {}, TypeError, "rng"),
    (mlp.init_params, ([3, 2], np.random.default_rng(), "zeros"), {}, ValueError, "scheme"),
    (mlp.forward, ([], np.ones((1, 3)), "relu"), {}, TypeError, "params"),
    (mlp.forward, ([(np.ones(3), np.ones(3))], np.ones((1, 3)), "relu"), {}, ValueError, "W"),
    (mlp.forward, ([(np.ones((3, 2)), np.ones(3))], np.ones((1, 3)), "relu"), {}, ValueError, "b"),
    (mlp.forward, (ONE_LAYER * 2, np.ones((1, 3)), "relu"), {}, ValueError, "inputs"),
    (mlp.forward, (ONE_LAYER, np.ones((1, 4)), "relu"), {}, ValueError, "X"),
    (mlp.forward, (ONE_LAYER, np.ones(3), "relu"), {}, ValueError, "X"),
    (mlp.forward, (ONE_LAYER, [["a"] * 3], "relu"), {}, TypeError, "X"),
    (mlp.forward, (ONE_LAYER, np.ones((1, 3)), "sin"), {}, ValueError, "activation"),
    (mlp.forward, (ONE_LAYER, np.ones((1, 3)), np.sin), {}, TypeError, "activation"),
    (mlp.loss_and_grads, (ONE_LAYER, X3, np.array([0.0, 1.0]), "relu"), {}, TypeError, "y"),
    (mlp.loss_and_grads, (ONE_LAYER, X3, np.array([0, 2]), "relu"), {}, ValueError, "y"),
    (mlp.loss_and_grads, (ONE_LAYER, X3, np.array([0]), "relu"), {}, ValueError, "y"),
    (mlp.loss_and_grads, (ONE_LAYER, X3, Y3, "relu", -1.0), {}, ValueError, "weight_decay"),
    (mlp.train, (ONE_LAYER, X3, Y3, "relu"), sgd(epochs=0), ValueError, "epochs"),
    (mlp.train, (ONE_LAYER, X3, Y3, "relu"), sgd(batch_size=0), ValueError, "batch_size"),
    (mlp.train, (ONE_LAYER, X3, Y3, "relu"), sgd(lr=float("nan")), ValueError, "lr"),
    (mlp.train, (ONE_LAYER, X3, Y3, "relu"), sgd(rng=0), TypeError, "rng"),
    (mlp.train, (ONE_LAYER, X3, Y3, "relu"), sgd(X_test=np.ones((1, 3))), ValueError, "X_test"),
    (data.digits, (), {"test_size": 1.5}, ValueError, "test_size"),
    (data.digits, (), {"seed": -1}, ValueError, "seed"),
    (data.digits, (), {"seed": "1"}, TypeError, "seed"),
    (data.xor, (2,), {}, ValueError, "n"),
    (data.body_temperature, (), {"low": 40, "high": 35}, ValueError, "low"),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(function, args, kwargs, error, argument) -> None:
    with pytest.raises(error, match=argument):
        function(*args, **kwargs)


# ---- dropout, the squared-error objective, validation and early stopping ----


def _central_difference_error(params, X, y, activation, seed=None, **kwargs) -> float:
    """‖g − g̃‖ / max(‖g‖, ‖g̃‖): g from loss_and_grads, g̃ the central difference of
    loss, entry by entry. With ``seed``, every call gets a generator seeded alike, so
    every call draws the same dropout masks."""

    def rng():
        return {} if seed is None else {"rng": np.random.default_rng(seed)}

    _, grads = mlp.loss_and_grads(params, X, y, activation, **kwargs, **rng())
    layers = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in params]
    exact, approx = [], []
    for layer, grad in zip(layers, grads, strict=True):
        for array, g in zip(layer, grad, strict=True):
            for index in np.ndindex(array.shape):
                value = array[index]
                h = np.cbrt(np.finfo(float).eps) * max(1.0, abs(value))
                array[index] = value + h
                up = mlp.loss(layers, X, y, activation, **kwargs, **rng())
                array[index] = value - h
                down = mlp.loss(layers, X, y, activation, **kwargs, **rng())
                array[index] = value
                exact.append(g[index])
                approx.append((up - down) / (2 * h))
    exact_v, approx_v = np.array(exact), np.array(approx)
    return float(np.linalg.norm(exact_v - approx_v) / max(np.linalg.norm(exact_v), 1e-300))


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "softplus", None])
@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_gradient_check(name: str | None, p: float) -> None:
    params, X, y = _network_away_from_kinks([5, 6, 6, 3], n=8, seed=11)
    error = _central_difference_error(params, X, y, name, seed=3, dropout=p, weight_decay=0.1)
    assert error <= 1e-7, f"{name}, p={p}: relative error {error:.2e}"


def test_dropout_gradient_check_fails_with_other_masks() -> None:
    """The check is sharp: masks drawn from a differently seeded generator for the
    backward pass give a different gradient."""
    params, X, y = _network_away_from_kinks([5, 6, 3], n=8, seed=12)
    _, same = mlp.loss_and_grads(params, X, y, "tanh", dropout=0.5, rng=np.random.default_rng(1))
    _, other = mlp.loss_and_grads(params, X, y, "tanh", dropout=0.5, rng=np.random.default_rng(2))
    assert not np.allclose(same[0][0], other[0][0])


@pytest.mark.parametrize("name", ["tanh", "softplus", None])
@pytest.mark.parametrize("p", [0.0, 0.3])
def test_squared_error_gradient_check(name: str | None, p: float) -> None:
    params, X, _ = _network_away_from_kinks([4, 5, 1], n=7, seed=13)
    y = np.random.default_rng(14).standard_normal(7)
    error = _central_difference_error(
        params, X, y, name, seed=4, objective="squared_error", dropout=p, weight_decay=0.05
    )
    assert error <= 1e-7, f"{name}, p={p}: relative error {error:.2e}"


def test_squared_error_is_half_the_mean_squared_residual() -> None:
    rng = np.random.default_rng(15)
    params = mlp.init_params([3, 4, 1], rng)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal(6)
    (W1, b1), (W2, b2) = params
    outputs = np.tanh(X @ W1 + b1) @ W2[:, 0] + b2[0]
    expected = sum((o - t) ** 2 for o, t in zip(outputs, y, strict=True)) / (2 * len(y))
    penalty = 0.3 / 2 * (np.sum(W1**2) + np.sum(W2**2))
    value = mlp.loss(params, X, y, "tanh", 0.3, objective="squared_error")
    assert value == pytest.approx(expected + penalty, rel=1e-12)


def test_dropout_masks_are_zero_or_inverse_keep_probability() -> None:
    rng = np.random.default_rng(16)
    params = mlp.init_params([10, 400, 300, 2], rng)
    X = rng.standard_normal((50, 10))
    p = 0.3
    out, cache = mlp.forward(params, X, "relu", True, dropout=p, rng=np.random.default_rng(0))
    assert [m.shape for m in cache.masks] == [(50, 400), (50, 300)]
    hidden = zip(cache.masks, cache.inputs[1:], cache.pre_activations[:-1], strict=True)
    for mask, H_tilde, Z in hidden:
        assert set(np.unique(mask)) == {0.0, 1 / (1 - p)}
        share = np.mean(mask == 0)  # binomial: standard deviation √(p(1−p)/N) < 0.003
        assert abs(share - p) < 5 * np.sqrt(p * (1 - p) / mask.size)
        np.testing.assert_array_equal(H_tilde, np.maximum(Z, 0) * mask)
    again = mlp.forward(params, X, "relu", dropout=p, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(out, again)  # seeded alike: the same masks
    other = mlp.forward(params, X, "relu", dropout=p, rng=np.random.default_rng(1))
    assert not np.array_equal(out, other)


def test_dropout_keeps_the_mean_of_a_unit() -> None:
    """E[h·m] = h for the inverted mask: the average over many draws approaches h."""
    params = [(np.eye(3), np.zeros(3)), (np.ones((3, 1)), np.zeros(1))]
    X = np.tile([[0.5, 1.0, 2.0]], (200_000, 1))
    _, cache = mlp.forward(params, X, None, True, dropout=0.4, rng=np.random.default_rng(5))
    mean = cache.inputs[1].mean(axis=0)  # std of each mean ≤ 2·√(0.4/0.6)/√200000 < 0.004
    np.testing.assert_allclose(mean, [0.5, 1.0, 2.0], atol=0.02)


def test_dropout_zero_is_bit_identical_and_draws_nothing() -> None:
    split = data.digits()
    params = mlp.init_params([64, 20, 10], np.random.default_rng(17))
    X, y = split.X_train[:200], split.y_train[:200]
    rng = np.random.default_rng(9)
    state = rng.bit_generator.state
    out, cache = mlp.forward(params, X, "relu", True, dropout=0.0, rng=rng)
    assert rng.bit_generator.state == state and cache.masks == []
    np.testing.assert_array_equal(out, mlp.forward(params, X, "relu"))
    plain = mlp.loss_and_grads(params, X, y, "relu", 0.01)
    assert pagecode.identical(plain, mlp.loss_and_grads(params, X, y, "relu", 0.01, dropout=0.0))
    kwargs = {"lr": 0.1, "epochs": 2, "batch_size": 16}
    a = mlp.train(params, X, y, "relu", rng=np.random.default_rng(3), **kwargs)
    b = mlp.train(params, X, y, "relu", rng=np.random.default_rng(3), dropout=0.0, **kwargs)
    assert pagecode.identical(a, b)
    c = mlp.train(params, X, y, "relu", rng=np.random.default_rng(3), dropout=0.2, **kwargs)
    assert not np.array_equal(a.params[0][0], c.params[0][0])


def test_dropout_leaves_the_shuffles_unchanged() -> None:
    """The masks come from a generator spawned from rng, so rng draws exactly the
    epochs' permutations, the same ones for every p."""
    split = data.digits()
    params = mlp.init_params([64, 20, 10], np.random.default_rng(17))
    X, y = split.X_train[:100], split.y_train[:100]
    kwargs = {"lr": 0.1, "epochs": 3, "batch_size": 16}
    replay = np.random.default_rng(5)
    for _ in range(3):
        replay.permutation(100)
    states = []
    for p in (0.0, 0.3, 0.6):
        rng = np.random.default_rng(5)
        mlp.train(params, X, y, "relu", rng=rng, dropout=p, **kwargs)
        states.append(rng.bit_generator.state)
    assert states == [replay.bit_generator.state] * 3
    fresh = np.random.default_rng(5)
    fresh.spawn(1)
    assert fresh.bit_generator.state == np.random.default_rng(5).bit_generator.state


def test_early_stopping_returns_the_best_epoch() -> None:
    split = data.digits()
    X, y = split.X_train[:150], split.y_train[:150]
    X_val, y_val = split.X_train[1000:1300], split.y_train[1000:1300]
    params = mlp.init_params([64, 100, 10], np.random.default_rng(18))
    kwargs = {"lr": 0.3, "batch_size": 10}
    stopped = mlp.train(
        params, X, y, "relu", epochs=200, rng=np.random.default_rng(4), X_val=X_val,
        y_val=y_val, patience=5, **kwargs,
    )  # fmt: skip
    ran, best = len(stopped.val_accuracy), stopped.best_epoch
    assert ran < 200 and ran == best + 5  # stopped 5 epochs after the best
    assert len(stopped.loss) == len(stopped.val_loss) == ran
    assert stopped.val_accuracy[best - 1] == max(stopped.val_accuracy)
    assert max(stopped.val_accuracy[: best - 1]) < stopped.val_accuracy[best - 1]
    # recomputed: the same run stopped by hand after best_epoch epochs
    again = mlp.train(params, X, y, "relu", epochs=best, rng=np.random.default_rng(4), **kwargs)
    assert pagecode.identical(stopped.params, again.params)
    assert mlp.accuracy(stopped.params, X_val, y_val, "relu") == stopped.val_accuracy[best - 1]
    assert mlp.loss(stopped.params, X_val, y_val, "relu") == stopped.val_loss[best - 1]
    # without patience: all epochs, the last parameters, the best ones kept aside
    full = mlp.train(
        params, X, y, "relu", epochs=ran, rng=np.random.default_rng(4), X_val=X_val,
        y_val=y_val, **kwargs,
    )  # fmt: skip
    assert full.best_epoch == best and pagecode.identical(full.best_params, again.params)
    assert not np.array_equal(full.params[0][0], again.params[0][0])


def test_squared_error_training_and_early_stopping_on_validation_loss() -> None:
    rng = np.random.default_rng(19)
    X = rng.uniform(-2, 2, (240, 1))
    y = np.sin(2 * X[:, 0]) + 0.3 * rng.standard_normal(240)
    X_val, y_val = X[200:], y[200:]
    params = mlp.init_params([1, 40, 1], rng, scheme="xavier")
    history = mlp.train(
        params, X[:200], y[:200], "tanh", lr=0.1, epochs=300, batch_size=10,
        rng=np.random.default_rng(6), objective="squared_error", X_val=X_val, y_val=y_val,
        patience=20, X_test=X_val, y_test=y_val,
    )  # fmt: skip
    best = history.best_epoch
    assert history.train_accuracy == [] and history.val_accuracy == []
    assert history.val_loss[best - 1] == min(history.val_loss)
    assert len(history.val_loss) == best + 20 or len(history.val_loss) == 300
    # fitted: half mean squared error near the noise floor 0.3²/2 = 0.045, well below
    # that of predicting the mean of y
    baseline = 0.5 * np.mean((y_val - y[:200].mean()) ** 2)
    assert history.val_loss[best - 1] < 0.06 < baseline / 2
    value = mlp.loss(history.params, X_val, y_val, "tanh", objective="squared_error")
    assert value == history.val_loss[best - 1] == history.test_loss[best - 1]
