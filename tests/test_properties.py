"""Chapter 3's computed table, the network demonstrations and the GELU approximation."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, display, networks, numerics, properties, symbolic

NAMES = sorted(activations.REGISTRY)


@pytest.mark.parametrize("name", NAMES)
def test_computed_properties_match_the_registry_claims(name: str) -> None:
    p = properties.properties(name)
    entry = activations.get(name)
    assert (p.smooth, p.odd) == (entry.smooth, entry.odd)
    # the range is consistent with the library's values on a wide grid
    values = entry.fn(np.linspace(-50, 50, 10001), **entry.defaults)
    assert values.min() >= float(p.lower) - 1e-12
    if p.bounded_above:
        assert values.max() <= float(p.upper)


def test_specific_rows() -> None:
    sigmoid = properties.properties("sigmoid")
    assert (sigmoid.lower, sigmoid.upper) == (0, 1)
    assert not sigmoid.lower_attained and not sigmoid.upper_attained
    assert (sigmoid.f0, sigmoid.df0) == (sp.Rational(1, 2), sp.Rational(1, 4))
    relu = properties.properties("relu")
    assert relu.lower == 0 and relu.lower_attained and relu.upper == sp.oo
    swish = properties.properties("swish")
    assert abs(sp.N(swish.lower + sp.LambertW(sp.exp(-1)), 30)) < 1e-25
    selu = properties.properties("selu")
    assert abs(float(selu.lower) + activations.SELU_ALPHA * activations.SELU_LAMBDA) < 1e-15
    assert display.range_latex(selu) == r"(-1.758, \infty)"


def test_table_has_a_row_per_activation() -> None:
    table = display.properties_table()
    assert len(table.rows) == len(activations.REGISTRY) and len(table.headers) == 9
    assert table.rows[0][:2] == ["Sigmoid", "$(0, 1)$"]


def test_selu_keeps_its_statistics_and_relu_does_not() -> None:
    mean, var = networks.layer_statistics("selu", depth=40)
    assert mean.shape == (41,)
    assert np.abs(mean[1:]).max() < 0.05 and np.abs(var[1:] - 1).max() < 0.1
    _, relu_var = networks.layer_statistics("relu", depth=40)
    assert relu_var[-1] < 1e-3
    with pytest.raises(ValueError, match="depth"):
        networks.layer_statistics("relu", depth=0)


def test_dead_units() -> None:
    rng = np.random.default_rng(0)
    pre = rng.standard_normal((64, 200)) - 4.0
    assert networks.dead_units(pre, activations.relu_grad) > 0.9
    assert networks.dead_units(pre, activations.leaky_relu_grad) == 0.0
    assert networks.dead_units(pre + 8.0, activations.relu_grad) == 0.0
    with pytest.raises(ValueError, match="H_pre"):
        networks.dead_units(np.zeros(3), activations.relu_grad)


def test_gelu_tanh_against_its_reference() -> None:
    grid = np.linspace(-8, 8, 401)
    profile = numerics.error_profile(activations.gelu_tanh, symbolic.gelu_tanh_expr, grid)
    # σ(2u) with u rounded once: about |2u| ULP where 2u is large and negative
    assert profile.max_ulps() <= 64
    wide = numerics.grid(n_linear=801, n_log=61)
    assert not np.isnan(activations.gelu_tanh(wide)).any()
    specials = activations.gelu_tanh(np.array([-np.inf, np.inf, np.nan, 0.0]))
    assert specials[0] == 0 and specials[1] == np.inf and np.isnan(specials[2])
    assert activations.gelu_tanh(np.float32(1.0)).dtype == np.float32


def test_gelu_tanh_is_close_to_gelu() -> None:
    xs = np.linspace(-8, 8, 16001)
    gap = np.abs(activations.gelu(xs) - activations.gelu_tanh(xs))
    assert 4e-4 < gap.max() < 5e-4
