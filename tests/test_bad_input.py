"""Bad input to every public function of mlpbook: a TypeError (wrong kind of thing) or
ValueError (right kind, wrong value) whose message names the argument, never a deep
traceback, a NumPy RuntimeWarning (the suite turns warnings into errors) or a silently
wrong result; and, where bad-looking input has a right answer, that answer."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest
import sympy as sp

import mlpbook
from mlpbook import (
    activations,
    data,
    display,
    finite_differences,
    mlp,
    networks,
    numerics,
    pagecode,
    plotting,
    properties,
    signal_propagation,
    symbolic,
)

LIBRARY = [
    importlib.import_module(f"mlpbook.{m.name}") for m in pkgutil.iter_modules(mlpbook.__path__)
]
#: Public functions that take no argument (nothing to send), or take any value
#: (``identical`` answers for any two: equal or not).
EXEMPT = {
    symbolic.softmax_partial_general,
    numerics.textbook_forms,
    numerics.stable_forms,
    plotting.use_svg_figures,
    pagecode.identical,  # compares any two objects: no input is bad
    data.house_prices,  # takes no arguments (a changed file: tests/test_house_prices.py)
}

x = symbolic.x
GRID = np.linspace(-2.0, 2.0, 5)
SIGMOID = symbolic.expr("sigmoid")
LAYERS = mlp.init_params([2, 3, 1], np.random.default_rng(0), "normal", 1.0, 1.0)
COMPARISON_VALUES = np.array([-1.0, 0.5])
PARAMS = mlp.init_params([2, 3, 2], np.random.default_rng(0))
X2, Y2 = np.ones((4, 2)), np.array([0, 1, 1, 0])
NODES = {"a": (0, 0, "$a$", "input"), "b": (1, 0, "$b$", "variable")}
REGRESSION = mlp.init_params([2, 3, 1], np.random.default_rng(0))
TARGETS = np.array([0.5, -1.0, 2.0, 0.0])
TRAIN = {"lr": 0.1, "epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)}
#: A stand-in for pandas.DataFrame (pandas is not a dependency of the package): mlp
#: recognises pandas objects by their module and refuses them.
DataFrame = type(
    "DataFrame",
    (),
    {"__module__": "pandas.core.frame", "__array__": lambda self, dtype=None, copy=None: X2},
)


def unary(v):
    return v


KERNELS = [
    getattr(activations, name)
    for name in activations.__all__
    if inspect.isfunction(getattr(activations, name))
    and name not in {"get", "softmax", "log_softmax", "softmax_jacobian", "softmax_jvp"}
]
PARAMETERS = {
    f: p for f in KERNELS for p in inspect.signature(f).parameters if p in ("alpha", "beta")
}

# (function, args, kwargs, exception, the argument the message must name)
CASES: list[tuple] = [(f, ("abc",), {}, TypeError, "x") for f in KERNELS]
CASES += [(f, (1.0,), {p: "0.1"}, TypeError, p) for f, p in PARAMETERS.items()]
CASES += [(f, (1.0,), {p: np.inf}, ValueError, p) for f, p in PARAMETERS.items()]
CASES += [
    # activations: softmax and the registry
    (activations.softmax, (np.ones(3),), {"axis": 1.5}, TypeError, "axis"),
    (activations.softmax, (3.0,), {}, ValueError, "x"),
    (activations.softmax, (np.ma.array([1.0, 2.0], mask=[0, 1]),), {}, TypeError, "x"),
    (activations.log_softmax, ("abc",), {}, TypeError, "x"),
    (activations.softmax_jacobian, (np.ones((2, 2)),), {}, ValueError, "x"),
    (
        activations.softmax_jacobian,
        (np.zeros(activations.SOFTMAX_JACOBIAN_MAX_N + 1),),
        {},
        ValueError,
        "x",
    ),
    (activations.softmax_jvp, (np.ones(3), "abc"), {}, TypeError, "v"),
    (activations.softmax_jvp, (np.ones(3), np.ones(4)), {}, ValueError, "v"),
    (activations.get, (1,), {}, TypeError, "name"),
    (activations.get, ("nope",), {}, ValueError, "name"),
    # symbolic
    (symbolic.sigmoid_expr, ("x",), {}, TypeError, "z"),
    (symbolic.expr, (["relu"],), {}, TypeError, "name"),
    (symbolic.params, ("nope",), {}, ValueError, "name"),
    (symbolic.grad, ("relu",), {"wrt": "alpha"}, ValueError, "wrt"),
    (symbolic.grad, (["relu"],), {}, TypeError, "name"),
    (symbolic.grad, ("prelu",), {"wrt": 1}, TypeError, "wrt"),
    (symbolic.one_sided_limit, ("x", 0, 1), {}, TypeError, "e"),
    (symbolic.one_sided_limit, (x, 0, 2), {}, ValueError, "side"),
    (symbolic.one_sided_limit, (x, 0, 1), {"var": "t"}, TypeError, "var"),
    (symbolic.simplified_grad, ("swish", "alpha"), {}, ValueError, "wrt"),
    (symbolic.proved_equal, ("x", x), {}, TypeError, "a"),
    (symbolic.proved_equal, (x, None), {}, TypeError, "b"),
    (symbolic.proved_equal_on_both_sides, (x, "x"), {}, TypeError, "b"),
    (symbolic.latex, ("x**2",), {}, TypeError, "e"),
    (symbolic.latex, (None,), {}, TypeError, "e"),
    (symbolic.latex, (x,), {"lhs": 1}, TypeError, "lhs"),
    (symbolic.working_digits, ("1",), {}, TypeError, "value"),
    (symbolic.working_digits, (1.0, 0), {}, ValueError, "digits"),
    (symbolic.reference, (SIGMOID, "abc"), {}, TypeError, "value"),
    (symbolic.reference, (SIGMOID, 1e308), {}, ValueError, "value"),
    (symbolic.reference, ("1/(1+exp(-x))", 1.0), {}, TypeError, "e"),
    (symbolic.reference, (SIGMOID, 1.0), {"subs": [1.0]}, TypeError, "subs"),
    (symbolic.reference, (SIGMOID, 1.0), {"digits": 0}, ValueError, "digits"),
    (symbolic.reference_vector, ([x], [x], ["a"]), {}, TypeError, "values"),
    (symbolic.reference_vector, ([x], [x], [1.0, 2.0]), {}, ValueError, "values"),
    (symbolic.reference_vector, (["x"], [x], [1.0]), {}, TypeError, "exprs"),
    (symbolic.softmax_symbols, (0,), {}, ValueError, "n"),
    (symbolic.softmax_symbols, (True,), {}, TypeError, "n"),
    (symbolic.softmax_expr, (-1,), {}, ValueError, "n"),
    (symbolic.log_softmax_expr, ("3",), {}, TypeError, "n"),
    (symbolic.softmax_jacobian_expr, (2.0,), {}, TypeError, "n"),
    (symbolic.selu_constants, (0,), {}, ValueError, "digits"),
    (symbolic.gaussian_expectation, ("x**2",), {}, TypeError, "e"),
    (symbolic.gaussian_expectation, (x,), {"mean": "m"}, TypeError, "mean"),
    (symbolic.gaussian_expectation, (x,), {"variance": None}, TypeError, "variance"),
    (
        symbolic.gaussian_expectation,
        (sp.Piecewise((x, x < 0), (0, True)),),
        {},
        ValueError,
        "e",
    ),
    (symbolic.uniform_variance, ("a",), {}, TypeError, "a"),
    (symbolic.linear_gain, ("nope",), {}, ValueError, "name"),
    (symbolic.linear_gain, (None,), {}, TypeError, "name"),
    # numerics
    (numerics.naive, ("nope",), {}, ValueError, "name"),
    (numerics.naive, ("relu",), {"derivative": "yes"}, TypeError, "derivative"),
    (numerics.call_quietly, (None, GRID), {}, TypeError, "f"),
    (numerics.call_quietly, (np.exp, "abc"), {}, TypeError, "values"),
    (numerics.ulp_of, ("1",), {}, TypeError, "reference"),
    (numerics.ulp_of, (mpmath.inf,), {}, ValueError, "reference"),
    (numerics.ulps, ("1", mpmath.mpf(1)), {}, TypeError, "computed"),
    (numerics.ulps, (1.0, "1"), {}, TypeError, "reference"),
    (numerics.grid, (0,), {}, ValueError, "n_linear"),
    (numerics.grid, (10, -1), {}, ValueError, "n_log"),
    (numerics.grid, (10,), {"points": ["a"]}, TypeError, "points"),
    (numerics.grid, (10,), {"points": [np.inf]}, ValueError, "points"),
    (numerics.reference_values, ("x", [1.0]), {}, TypeError, "e"),
    (numerics.reference_values, (SIGMOID, ["a"]), {}, TypeError, "values"),
    (numerics.error_profile, (None, SIGMOID, GRID), {}, TypeError, "f"),
    (numerics.error_profile, (np.exp, "x", GRID), {}, TypeError, "e"),
    (numerics.near, ("abc", [0.0], 1.0), {}, TypeError, "values"),
    (numerics.near, (GRID, ["a"], 1.0), {}, TypeError, "points"),
    (numerics.near, (GRID, [0.0], -1.0), {}, ValueError, "radius"),
    (numerics.derivative_root, ("relu",), {}, ValueError, "name"),
    (numerics.search_points, (0,), {}, ValueError, "n"),
    (numerics.search_points, (10,), {"seed": -1}, ValueError, "seed"),
    (numerics.random_search, ("nope", False, 10), {}, ValueError, "name"),
    (numerics.random_search, ("relu", "no", 10), {}, TypeError, "derivative"),
    (numerics.random_search, ("relu", False, 0), {}, ValueError, "n"),
    (numerics.random_search_all, (10,), {"processes": 0}, ValueError, "processes"),
    (numerics.random_search_all, (10,), {"seed": 1.5}, ValueError, "seed"),
    (numerics.derivative_root, (["swish"],), {}, TypeError, "name"),
    (numerics.compare, ("sigmoid", "no", GRID), {}, TypeError, "derivative"),
    (numerics.compare, ("sigmoid", False, "abc"), {}, TypeError, "values"),
    (display.comparison_table, (None,), {}, TypeError, "comparisons"),
    (numerics.threshold, (None, 0, 1), {}, TypeError, "predicate"),
    (numerics.threshold, (np.isfinite, "a", 1), {}, TypeError, "lo"),
    (numerics.threshold, (np.isfinite, 2, 1), {}, ValueError, "lo"),
    (numerics.error_scale, ("nope", True), {}, ValueError, "name"),
    (numerics.error_scale, ("swish", "yes"), {}, TypeError, "derivative"),
    (display.claims_table, ([None],), {}, TypeError, "comparisons"),
    (numerics.jvp_timing, (0,), {}, ValueError, "n"),
    (numerics.jvp_timing, (3,), {"repeat": True}, TypeError, "repeat"),
    (numerics.jvp_timing, (3,), {"seed": "1"}, TypeError, "seed"),
    (numerics.ulp_bound, ("nope", False), {}, ValueError, "name"),
    (numerics.ulp_bound, ("relu", "no"), {}, TypeError, "derivative"),
    (numerics.ulp_bound, ("relu", False), {"dtype": "abc"}, TypeError, "dtype"),
    (numerics.ulp_bound, ("relu", False), {"dtype": np.int32}, ValueError, "dtype"),
    # finite_differences
    (finite_differences.central_difference, (None, [1.0]), {}, TypeError, "f"),
    (finite_differences.central_difference, (np.exp, "abc"), {}, TypeError, "at"),
    (finite_differences.check_derivative, ("relu", "alpha"), {}, ValueError, "wrt"),
    (finite_differences.check_derivative, ("relu",), {"wrt": 1}, TypeError, "wrt"),
    (finite_differences.check_derivative, ("relu",), {"at": "abc"}, TypeError, "at"),
    (finite_differences.check_derivative, ("nope",), {}, ValueError, "name"),
    (finite_differences.check_all, ("relu",), {}, TypeError, "names"),
    (finite_differences.check_softmax_jacobian, ("abc",), {}, TypeError, "at"),
    (finite_differences.check_softmax_jacobian, (np.ones((2, 2)),), {}, ValueError, "at"),
    (display.derivative_check_table, (None,), {}, TypeError, "results"),
    (finite_differences.gradient_relative_error, (None, X2, Y2, "relu"), {}, TypeError, "params"),
    (finite_differences.gradient_relative_error, (PARAMS, "abc", Y2, "relu"), {}, TypeError, "X"),
    (
        finite_differences.gradient_relative_error,
        (PARAMS, X2, Y2 + 0.5, "relu"),
        {},
        TypeError,
        "y",
    ),
    (finite_differences.gradient_relative_error, (PARAMS, X2, Y2, 1), {}, TypeError, "activation"),
    (
        finite_differences.gradient_relative_error,
        (PARAMS, X2, Y2, "relu", -1.0),
        {},
        ValueError,
        "weight_decay",
    ),
    # properties
    (properties.properties, (3,), {}, TypeError, "name"),
    (display.properties_table, ("relu",), {}, TypeError, "names"),
    # networks
    (networks.collapse, ([],), {}, TypeError, "layers"),
    (networks.symbolic_two_layer, (0, 1, 1, 1), {}, ValueError, "n"),
    # any depth converts; a lone layer has no hidden units to convert
    (networks.tanh_to_sigmoid, (LAYERS[:1],), {}, ValueError, "layers"),
    (networks.tanh_to_sigmoid, ("ab",), {}, TypeError, "layers"),
    (networks.sigmoid_to_tanh, (None,), {}, TypeError, "layers"),
    (networks.sigmoid_to_tanh, (LAYERS[:1],), {}, ValueError, "layers"),
    (networks.batch_normalize, ("abc",), {}, TypeError, "H"),
    (networks.batch_normalize, (np.ones(3),), {}, ValueError, "H"),
    (networks.batch_normalize, (np.ones((2, 2)),), {"eps": -1.0}, ValueError, "eps"),
    (networks.input_gradient_norms, (None, [1.0, 2.0], "relu"), {}, TypeError, "layers"),
    (networks.input_gradient_norms, (LAYERS, "abc", "relu"), {}, TypeError, "x"),
    (networks.input_gradient_norms, (LAYERS, [1.0, 2.0], None), {}, TypeError, "activation"),
    # a function of its own is not a registry entry (its derivative is not known)
    (networks.input_gradient_norms, (LAYERS, [1.0, 2.0], unary), {}, TypeError, "activation"),
    (networks.dead_units, ("abc", unary), {}, TypeError, "H_pre"),
    (networks.dead_units, (np.ones((2, 2)), None), {}, TypeError, "grad"),
    # None is a linear network; a number or a kernel is no registry entry
    (networks.layer_statistics, (1, 2), {}, TypeError, "activation"),
    (networks.layer_statistics, (activations.relu, 2), {}, TypeError, "activation"),
    (networks.layer_statistics, ("nope", 2), {}, ValueError, "activation"),
    (networks.layer_statistics, ("relu", 0), {}, ValueError, "depth"),
    (networks.layer_statistics, ("relu", 1), {"seed": "a"}, TypeError, "seed"),
    (networks.layer_statistics, ("relu", 1), {"seed": -1}, ValueError, "seed"),
    (networks.affine_fit_residual, ("abc", np.ones((2, 1))), {}, TypeError, "X"),
    (networks.affine_fit_residual, (np.ones((3, 2)), np.ones((2, 1))), {}, ValueError, "Y"),
    # mlp
    (mlp.init_std, ("nope", 2, 3), {}, ValueError, "scheme"),
    (mlp.init_std, (["he"], 2, 3), {}, TypeError, "scheme"),
    (mlp.init_std, ("he", 0, 3), {}, ValueError, "fan_in"),
    (mlp.init_std, ("he", 2, -3), {}, ValueError, "fan_out"),
    (mlp.init_std, ("he", 2, 3, -1.0), {}, ValueError, "scale"),
    (mlp.init_params, ([2, 0], np.random.default_rng(0)), {}, ValueError, "sizes"),
    (mlp.init_params, ([2, 3], 0), {}, TypeError, "rng"),
    (mlp.init_params, ([2, 3], np.random.default_rng(0), None), {}, TypeError, "scheme"),
    (
        mlp.init_params,
        ([2, 3], np.random.default_rng(0), "he", 1.0, -1.0),
        {},
        ValueError,
        "bias_scale",
    ),
    (mlp.resolve_activation, (1,), {}, TypeError, "activation"),
    (mlp.resolve_activation, ("nope",), {}, ValueError, "activation"),
    (mlp.forward, (None, X2, "relu"), {}, TypeError, "params"),
    (mlp.forward, ([(np.ones(2), np.ones(2))], X2, "relu"), {}, ValueError, "W"),
    (mlp.forward, (PARAMS, "abc", "relu"), {}, TypeError, "X"),
    (mlp.forward, (PARAMS, np.ones((4, 3)), "relu"), {}, ValueError, "X"),
    (mlp.forward, (PARAMS, X2, unary), {}, TypeError, "activation"),
    (mlp.loss, (PARAMS, X2, Y2 + 2, "relu"), {}, ValueError, "y"),
    (mlp.loss, (PARAMS, X2, Y2, "relu", -1.0), {}, ValueError, "weight_decay"),
    (mlp.loss_and_grads, (PARAMS, X2, ["a"] * 4, "relu"), {}, TypeError, "y"),
    (mlp.loss_and_grads, (PARAMS, X2[:0], Y2[:0], "relu"), {}, ValueError, "X"),
    (mlp.predict, (PARAMS, X2[0], "relu"), {}, ValueError, "X"),
    (mlp.accuracy, (PARAMS, X2, Y2[:3], "relu"), {}, ValueError, "y"),
    (mlp.accuracy, (PARAMS, X2, ["a"] * 4, "relu"), {}, TypeError, "y"),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {"lr": -0.1, "epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0)},
        ValueError,
        "lr",
    ),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {"lr": 0.1, "epochs": 0, "batch_size": 2, "rng": np.random.default_rng(0)},
        ValueError,
        "epochs",
    ),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {"lr": 0.1, "epochs": 1, "batch_size": 2, "rng": 0},
        TypeError,
        "rng",
    ),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {"lr": 0.1, "epochs": 1, "batch_size": 2, "rng": np.random.default_rng(0), "X_test": X2},
        ValueError,
        "y_test",
    ),
    # mlp: dropout, objectives, validation and early stopping
    (
        mlp.forward,
        (PARAMS, X2, "relu"),
        {"dropout": 1.0, "rng": TRAIN["rng"]},
        ValueError,
        "dropout",
    ),
    (mlp.forward, (PARAMS, X2, "relu"), {"dropout": -0.1}, ValueError, "dropout"),
    (mlp.forward, (PARAMS, X2, "relu"), {"dropout": "0.5"}, TypeError, "dropout"),
    (mlp.forward, (PARAMS, X2, "relu"), {"dropout": 0.5}, TypeError, "rng"),
    (mlp.forward, (PARAMS, X2, "relu"), {"dropout": 0.5, "rng": 0}, TypeError, "rng"),
    (mlp.forward, (PARAMS, DataFrame(), "relu"), {}, TypeError, "X"),
    (mlp.loss, (PARAMS, X2, Y2, "relu"), {"dropout": float("nan")}, ValueError, "dropout"),
    (mlp.loss, (PARAMS, X2, Y2, "relu"), {"dropout": 0.2, "rng": None}, TypeError, "rng"),
    (mlp.loss, (PARAMS, X2, Y2, "relu"), {"objective": "hinge"}, ValueError, "objective"),
    (mlp.loss, (PARAMS, X2, Y2, "relu"), {"objective": None}, TypeError, "objective"),
    (mlp.loss, (PARAMS, X2, TARGETS, "relu"), {"objective": "squared_error"}, ValueError, "params"),
    (mlp.loss, (REGRESSION, X2, Y2, "relu"), {"objective": "squared_error"}, TypeError, "y"),
    (
        mlp.loss,
        (REGRESSION, X2, TARGETS[:3], "relu"),
        {"objective": "squared_error"},
        ValueError,
        "y",
    ),
    (
        mlp.loss,
        (REGRESSION, X2, np.array([0.5, np.nan, 2.0, 0.0]), "relu"),
        {"objective": "squared_error"},
        ValueError,
        "y",
    ),
    (
        mlp.loss,
        (REGRESSION, X2, np.array([np.inf, -1.0, 2.0, 0.0]), "relu"),
        {"objective": "squared_error"},
        ValueError,
        "y",
    ),
    (
        mlp.loss,
        (REGRESSION, X2, DataFrame(), "relu"),
        {"objective": "squared_error"},
        TypeError,
        "y",
    ),
    (mlp.loss, (PARAMS, DataFrame(), Y2, "relu"), {}, TypeError, "X"),
    (mlp.loss, (PARAMS, X2, TARGETS, "relu"), {}, TypeError, "y"),
    (mlp.loss, (PARAMS, X2[:0], Y2[:0], "relu"), {}, ValueError, "X"),
    (
        mlp.loss_and_grads,
        (PARAMS, X2, Y2, "relu"),
        {"dropout": 1.5, "rng": TRAIN["rng"]},
        ValueError,
        "dropout",
    ),
    (mlp.loss_and_grads, (PARAMS, X2, Y2, "relu"), {"dropout": 0.5}, TypeError, "rng"),
    (mlp.loss_and_grads, (PARAMS, X2, Y2, "relu"), {"objective": "mse"}, ValueError, "objective"),
    (
        mlp.loss_and_grads,
        (REGRESSION, X2, Y2 > 0, "relu"),
        {"objective": "squared_error"},
        TypeError,
        "y",
    ),
    (
        mlp.loss_and_grads,
        (REGRESSION, X2, np.full(4, np.nan), "relu"),
        {"objective": "squared_error"},
        ValueError,
        "y",
    ),
    (mlp.loss_and_grads, (PARAMS, DataFrame(), Y2, "relu"), {}, TypeError, "X"),
    (mlp.predict, (PARAMS, DataFrame(), "relu"), {}, TypeError, "X"),
    (mlp.accuracy, (PARAMS, X2, DataFrame(), "relu"), {}, TypeError, "y"),
    (mlp.train, (PARAMS, X2, Y2, "relu"), {**TRAIN, "dropout": 1.0}, ValueError, "dropout"),
    (mlp.train, (PARAMS, X2, Y2, "relu"), {**TRAIN, "dropout": [0.5]}, TypeError, "dropout"),
    (mlp.train, (PARAMS, X2, Y2, "relu"), {**TRAIN, "objective": "l1"}, ValueError, "objective"),
    (
        mlp.train,
        (REGRESSION, X2, Y2, "relu"),
        {**TRAIN, "objective": "squared_error"},
        TypeError,
        "y",
    ),
    (
        mlp.train,
        (REGRESSION, X2, TARGETS, "relu"),
        {**TRAIN, "objective": "squared_error", "X_val": X2, "y_val": Y2},
        TypeError,
        "y_val",
    ),
    (
        mlp.train,
        (REGRESSION, X2, TARGETS, "relu"),
        {**TRAIN, "objective": "squared_error", "X_test": X2, "y_test": np.full(4, -np.inf)},
        ValueError,
        "y_test",
    ),
    (mlp.train, (PARAMS, DataFrame(), Y2, "relu"), {**TRAIN}, TypeError, "X"),
    (mlp.train, (PARAMS, X2, Y2, "relu"), {**TRAIN, "X_val": X2}, ValueError, "y_val"),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {**TRAIN, "X_val": X2, "y_val": Y2 + 5},
        ValueError,
        "y_val",
    ),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {**TRAIN, "X_val": DataFrame(), "y_val": Y2},
        TypeError,
        "X_val",
    ),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {**TRAIN, "X_val": X2[:, :1], "y_val": Y2},
        ValueError,
        "X_val",
    ),
    (mlp.train, (PARAMS, X2, Y2, "relu"), {**TRAIN, "patience": 3}, ValueError, "patience"),
    (
        mlp.train,
        (PARAMS, X2, Y2, "relu"),
        {**TRAIN, "X_val": X2, "y_val": Y2, "patience": 0},
        ValueError,
        "patience",
    ),
    # pagecode
    (pagecode.assert_identical, (1, 1, None), {}, TypeError, "name"),
    # data
    (data.digits, (1.5,), {}, ValueError, "test_size"),
    (data.digits, (0.2, -1), {}, ValueError, "seed"),
    (data.k_fold, (1, 2), {}, ValueError, "n"),
    (data.k_fold, (10.0, 2), {}, TypeError, "n"),
    (data.k_fold, (10, 1), {}, ValueError, "k"),
    (data.k_fold, (10, 11), {}, ValueError, "k"),
    (data.k_fold, (10, True), {}, TypeError, "k"),
    (data.k_fold, (10, 5, -1), {}, ValueError, "seed"),
    (data.xor, (3,), {}, ValueError, "n"),
    (data.xor, (10, -0.1), {}, ValueError, "noise"),
    (data.body_temperature, (1,), {}, ValueError, "n"),
    (data.body_temperature, (10, 41.0, 34.0), {}, ValueError, "low"),
    # signal_propagation
    (signal_propagation.depth_profile, ("relu", "he", 0), {}, ValueError, "depth"),
    (signal_propagation.depth_profile, ("relu", "he", 2), {"width": 0}, ValueError, "width"),
    (signal_propagation.depth_profile, ("relu", "he", 2), {"classes": 1.5}, TypeError, "classes"),
    (signal_propagation.depth_profile, ("relu", "he", 2), {"seed": "0"}, TypeError, "seed"),
    (signal_propagation.depth_profile, (unary, "he", 2), {}, TypeError, "activation"),
    (signal_propagation.depth_profile, ("relu", "nope", 2), {}, ValueError, "scheme"),
    (signal_propagation.unit_spread, ("abc",), {}, TypeError, "W"),
    (signal_propagation.unit_spread, (np.ones(3),), {}, ValueError, "W"),
    # display
    (display.in_terms_of_sigma, ("x",), {}, TypeError, "e"),
    (display.equation, (1, x), {}, TypeError, "lhs"),
    (display.equation, ("f", "x"), {}, TypeError, "e"),
    (display.glue_math, (1, "f", x), {}, TypeError, "key"),
    (display.definition, (None,), {}, TypeError, "name"),
    (display.Table, ("ab", []), {}, TypeError, "headers"),
    (display.Table, (["a"], [[1]]), {}, TypeError, "rows"),
    (display.product, (3, sp.Symbol("a")), {}, TypeError, "lhs"),
    (display.product, ("f", "a*b"), {}, TypeError, "e"),
    (display.floats, ("1.5",), {}, TypeError, "values"),
    (display.floats, ([[1.0], [2.0]],), {}, TypeError, "values"),
    (display.floats, ([1.0, 2.0], 3), {}, TypeError, "spec"),
    (display.portable, ("1.5", ".2f"), {}, TypeError, "value"),
    (display.portable, (1.5, 2), {}, TypeError, "spec"),
    (display.portable, (1.5, ".2f"), {"rel": -1e-9}, ValueError, "rel"),
    (display.portable, (0.125, ".2f"), {}, ValueError, "value"),  # on a rounding boundary
    (display.range_latex, ("relu",), {}, TypeError, "p"),
    # pagecode
    (pagecode.assert_identical, (1.0, 1.0, None), {}, TypeError, "name"),
    # plotting
    (plotting.plot, ("abc",), {}, TypeError, "X"),
    (plotting.plot, (None,), {}, TypeError, "X"),
    (plotting.plot, (GRID, [GRID, GRID]), {"legend": "ab"}, TypeError, "legend"),
    (plotting.plot, (GRID, GRID + 1j), {}, TypeError, "Y"),
    (plotting.plot, (["a", "b"], [1.0, 2.0]), {}, TypeError, "X"),
    (plotting.plot, (GRID, GRID), {"fmts": []}, ValueError, "fmts"),
    (plotting.plot, (GRID, GRID), {"axes": 1}, TypeError, "axes"),
    (plotting.plot, (GRID, GRID), {"figsize": "ab"}, ValueError, "figsize"),
    (plotting.activation_panel, ("relu", 3.0), {}, ValueError, "x"),
    (plotting.activation_panel, ("relu", "abc"), {}, TypeError, "x"),
    (plotting.activation_panel, ("relu", GRID), {"alpha": 0.1}, ValueError, "params"),
    (plotting.activation_panel, (None, GRID), {}, TypeError, "name"),
    (plotting.activation_panel, ("relu", GRID), {"kink": "0"}, TypeError, "kink"),
    (plotting.activation_panel, ("relu", GRID), {"kink": np.nan}, ValueError, "kink"),
    (plotting.activation_grid, ("relu", GRID), {}, TypeError, "names"),
    (plotting.activation_grid, (["relu"], GRID), {"ncols": 0}, ValueError, "ncols"),
    (plotting.subplots, (0, 1, (3, 2)), {}, ValueError, "nrows"),
    (plotting.ulp_profile, (None,), {}, TypeError, "comparison"),
    (plotting.draw_graph, (None, []), {}, TypeError, "nodes"),
    (plotting.draw_graph, ({"a": (0, 0, "$a$", "box")}, []), {}, ValueError, "nodes"),
    (plotting.draw_graph, ({"a": ("0", 0, "$a$", "input")}, []), {}, ValueError, "nodes"),
    (plotting.draw_network, ([0, 3],), {}, ValueError, "sizes"),
    (plotting.draw_network, ([2, 3],), {"labels": ["input"]}, ValueError, "labels"),
    (plotting.draw_network, ([2, 3],), {"node_labels": ["x"]}, ValueError, "node_labels"),
    (plotting.draw_graph, (NODES, "ab"), {}, TypeError, "edges"),
    (plotting.draw_graph, (NODES, [("a", "c")]), {}, ValueError, "edges"),
    (plotting.draw_graph, (NODES, [("a", "b")]), {"figsize": 3}, ValueError, "figsize"),
    (plotting.draw_graph, (NODES, [("a", "b")]), {"axes": 1}, TypeError, "axes"),
    (plotting.image_row, ("abc", ["a"]), {}, TypeError, "images"),
    (plotting.image_row, (np.zeros((2, 8, 8)), ["a"]), {}, ValueError, "images"),
    (plotting.image_row, (np.zeros((1, 8, 8)), "a"), {}, TypeError, "titles"),
    (plotting.image_row, (np.zeros((1, 8, 8)), ["a"]), {"size": 0}, ValueError, "size"),
    (plotting.decision_regions, (None, X2, Y2), {}, TypeError, "classify"),
    (plotting.decision_regions, (unary, "abc", Y2), {}, TypeError, "X"),
    (plotting.decision_regions, (unary, np.ones((4, 3)), Y2), {}, ValueError, "X"),
    (plotting.decision_regions, (unary, X2, Y2[:3]), {}, ValueError, "y"),
    (plotting.decision_regions, (unary, X2, ["a"] * 4), {}, TypeError, "y"),
    (plotting.decision_regions, (unary, X2, Y2), {"steps": 0}, ValueError, "steps"),
    (plotting.decision_regions, (unary, X2, Y2), {"axes": "ax"}, TypeError, "axes"),
]


def case_id(case: tuple) -> str:
    f, *_, arg = case
    return f"{f.__module__.removeprefix('mlpbook.')}.{f.__qualname__}-{arg}"


@pytest.mark.parametrize(("f", "args", "kwargs", "error", "arg"), CASES, ids=map(case_id, CASES))
def test_bad_input_names_the_argument(f, args, kwargs, error, arg) -> None:
    figures = plt.get_fignums()
    with pytest.raises(error, match=rf"(?<!\w){re.escape(arg)}(?!\w)"):
        f(*args, **kwargs)
    assert plt.get_fignums() == figures  # refused before drawing anything


def public_functions(module) -> list:
    return [getattr(module, n) for n in module.__all__ if inspect.isfunction(getattr(module, n))]


def test_every_public_function_has_a_row() -> None:
    covered = {case[0] for case in CASES}
    missing = [
        f"{f.__module__}.{f.__name__}"
        for module in LIBRARY
        if not module.__name__.split(".")[-1].startswith("_")  # internal helpers
        for f in public_functions(module)
        if f not in covered and f not in EXEMPT
    ]
    assert not missing, f"add a bad-input row for {missing}"


def defined_public_names(module) -> set[str]:
    """Top-level functions, classes and assignments of the module's source that do not
    start with an underscore."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                parts = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {t.id for t in parts if isinstance(t, ast.Name)}
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("module", LIBRARY, ids=lambda m: m.__name__)
def test_all_lists_exactly_the_public_names(module) -> None:
    assert sorted(module.__all__) == sorted(set(module.__all__)), "duplicates in __all__"
    assert set(module.__all__) == defined_public_names(module)


def test_package_declares_its_api() -> None:
    assert mlpbook.__all__ == ["__version__"]


# ---- bad-looking input with a right answer ----


def test_softmax_of_huge_opposite_entries() -> None:
    v = np.array([1e308, -1e308])
    np.testing.assert_array_equal(activations.softmax(v), [1.0, 0.0])
    np.testing.assert_array_equal(
        activations.log_softmax(v), [0.0, -np.inf]
    )  # −2e308 rounds to −inf
    J = activations.softmax_jacobian(v)  # [[0, 0], [0, 0]] since s = (1, 0) exactly
    for w in ([1.0, 1.0], [1e308, -1e308], [-3.0, 2.0]):
        np.testing.assert_array_equal(activations.softmax_jvp(v, w), J @ np.asarray(w))


@pytest.mark.parametrize(
    "direction", [[1, 0, 0], [0, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 0, 1]], ids=str
)
def test_softmax_jvp_at_infinity_is_the_limit(direction: list[int]) -> None:
    """v = w + t·d with t = inf: J v → ±inf where J d ≠ 0 (its sign), J w where J d = 0.
    At x = 0 every s is 1/3, so J d is computed without rounding."""
    d = np.array(direction, dtype=np.float64)
    w = np.array([0.5, -2.0, 1.0])
    v = np.where(d != 0, np.copysign(np.inf, d), w)
    J = activations.softmax_jacobian(np.zeros(3))
    Jd, Jw = J @ d, J @ np.where(d != 0, 0.0, w)
    expected = np.where(Jd > 0, np.inf, np.where(Jd < 0, -np.inf, Jw))
    # the infinities exactly; J w to rounding (s ⊙ (w − s·w) against the matrix product)
    np.testing.assert_allclose(activations.softmax_jvp(np.zeros(3), v), expected, atol=1e-15)


def test_softmax_jvp_issue_example() -> None:
    result = activations.softmax_jvp(np.zeros(3), [np.inf, 0.0, 0.0])
    np.testing.assert_array_equal(np.sign(result), [1.0, -1.0, -1.0])
    assert np.isinf(result).all()
    assert np.isnan(activations.softmax_jvp(np.zeros(3), [np.inf, np.nan, 0.0])).all()


def test_softmax_jvp_does_not_overflow_in_between() -> None:
    v = np.array([1.7e308, -1.7e308])
    J = activations.softmax_jacobian(np.zeros(2))  # ¼ on the diagonal, −¼ off it
    np.testing.assert_array_equal(activations.softmax_jvp(np.zeros(2), v), (J / 4) @ v * 4)


def test_softmax_jacobian_cap_points_to_the_jvp() -> None:
    n = activations.SOFTMAX_JACOBIAN_MAX_N
    with pytest.raises(ValueError, match="softmax_jvp"):
        activations.softmax_jacobian(np.zeros(n + 1))
    s = activations.softmax(np.linspace(-3, 3, 7))
    J = activations.softmax_jacobian(np.linspace(-3, 3, 7))
    np.testing.assert_array_equal(J, np.diag(s) - np.outer(s, s))


def test_masked_arrays_keep_their_mask() -> None:
    m = np.ma.array([1.0, 2000.0, -3.0], mask=[False, True, False], dtype=np.float32)
    for name in ("sigmoid", "relu", "gelu"):
        f = activations.get(name).fn
        y = f(m)
        assert isinstance(y, np.ma.MaskedArray) and y.dtype == np.float32
        np.testing.assert_array_equal(np.ma.getmaskarray(y), [False, True, False])
        np.testing.assert_array_equal(y.compressed(), f(m.compressed()))


def test_reference_far_out_prints() -> None:
    r = symbolic.reference(SIGMOID, -5000.0)
    assert len(str(r)) < 80
    with mpmath.workdps(60):
        exact = 1 / (1 + mpmath.exp(5000))
        assert abs(r - exact) <= abs(exact) * mpmath.mpf(10) ** -49


def test_grad_in_a_parameter_the_activation_has() -> None:
    assert symbolic.grad("prelu", wrt="alpha") == sp.diff(symbolic.expr("prelu"), symbolic.alpha)
    assert symbolic.latex(2) == "2"  # numbers are fine; strings are not


def test_plot_keeps_masked_entries_as_gaps() -> None:
    y = np.ma.array([1.0, 2.0, 3.0], mask=[False, True, False])
    ax = plotting.plot(np.arange(3), y)
    plotted = ax.get_lines()[0].get_ydata()
    plt.close(ax.figure)
    np.testing.assert_array_equal(np.isnan(plotted), [False, True, False])
