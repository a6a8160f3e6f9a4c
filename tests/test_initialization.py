"""Chapter 7's derivations: SELU's constants, He and Xavier variances, SELU's fixed point."""

from __future__ import annotations

import sympy as sp

from mlpbook import activations, signal_propagation, symbolic
from mlpbook.symbolic import alpha, lam, n_in, n_out, sigma, x


def test_selu_constants_agree_with_nsolve_of_the_closed_form_to_35_digits() -> None:
    """The import-time quadrature and nsolve of SymPy's closed-form moments
    (E[selu] = 0, E[selu²] = 1) at 50 digits give the same α and λ; the library
    keeps 32 of those digits."""
    mean, second = symbolic.selu_moment_equations()
    assert mean.has(sp.erf) and not mean.has(sp.Integral)  # a closed form, not a quadrature
    root = sp.nsolve([mean, second - 1], [alpha, lam], [1.7, 1.05], prec=50)
    quadrature = symbolic.selu_constants()
    assert abs(root[0] - quadrature[0]) < sp.Float("1e-35")
    assert abs(root[1] - quadrature[1]) < sp.Float("1e-35")
    assert abs(root[0] - symbolic.SELU_ALPHA) < sp.Float("1e-31")
    assert abs(root[1] - symbolic.SELU_LAMBDA) < sp.Float("1e-31")


def test_selu_constants_match_the_published_digits() -> None:
    """Klambauer et al. (2017) quote α and λ to 32 digits; the derivation reproduces
    every one of them."""
    published = {
        "alpha": (symbolic.SELU_ALPHA, "1.6732632423543772848170429916717"),
        "lambda": (symbolic.SELU_LAMBDA, "1.0507009873554804934193349852946"),
    }
    for derived, digits in published.values():
        assert str(sp.N(derived, 32)) == digits
    assert activations.SELU_ALPHA == float(symbolic.SELU_ALPHA)
    assert activations.SELU_LAMBDA == float(symbolic.SELU_LAMBDA)


def test_selu_constants_to_more_digits_give_the_same_leading_digits() -> None:
    more = symbolic.selu_constants(digits=60)
    default = symbolic.selu_constants()
    assert abs(more[0] - default[0]) < sp.Float("1e-38")
    assert abs(more[1] - default[1]) < sp.Float("1e-38")


def test_relu_second_moment_is_half_the_variance() -> None:
    moment = symbolic.gaussian_expectation(symbolic.expr("relu") ** 2, variance=sigma**2)
    assert sp.simplify(moment - sigma**2 / 2) == 0


def test_he_lecun_and_xavier_variances() -> None:
    v = symbolic.init_variances()
    assert sp.simplify(v["he"] - 2 / n_in) == 0
    assert sp.simplify(v["lecun"] - 1 / n_in) == 0
    assert sp.simplify(v["xavier"] - 2 / (n_in + n_out)) == 0
    assert sp.simplify(v["xavier_uniform"] - sp.sqrt(6 / (n_in + n_out))) == 0
    a = sp.Symbol("a", positive=True)
    assert sp.simplify(symbolic.uniform_variance(a) - a**2 / 3) == 0


def test_linear_gains() -> None:
    assert symbolic.linear_gain("tanh") == 1
    assert symbolic.linear_gain("sigmoid") == 4


def test_selu_fixed_point_is_attracting() -> None:
    """(μ, ν) = (0, 1) is a fixed point of the moment map for normalized weights
    (ω = 0, τ = 1), and the map's Jacobian there has eigenvalues of modulus < 1."""
    g = symbolic.selu_moment_map()
    at = {
        alpha: symbolic.SELU_ALPHA,
        lam: symbolic.SELU_LAMBDA,
        symbolic.mu: 0,
        symbolic.nu: 1,
        symbolic.omega: 0,
        symbolic.tau: 1,
    }
    image = g.subs(at).evalf(40)
    assert abs(image[0]) < 1e-30 and abs(image[1] - 1) < 1e-30
    jacobian = g.jacobian([symbolic.mu, symbolic.nu]).subs(at).evalf(40)
    eigenvalues = [complex(e) for e in jacobian.eigenvals(multiple=True)]
    assert len(eigenvalues) == 2
    assert max(abs(e) for e in eigenvalues) < 0.79
    assert max(abs(e) for e in eigenvalues) > 0.78  # the variance direction contracts, slowly


def test_gaussian_expectation_refuses_other_kinks() -> None:
    import pytest

    with pytest.raises(ValueError, match="e must be"):
        symbolic.gaussian_expectation(sp.Piecewise((x, x > 1), (0, True)))


def test_mlp_init_std_is_the_derived_variance() -> None:
    """mlp.init_std (what init_params draws with) squares to symbolic.init_variances."""
    from mlpbook import mlp

    derived = symbolic.init_variances()
    for scheme in ("lecun", "he", "xavier"):
        for fan_in, fan_out in [(1, 1), (64, 16), (784, 256), (3, 1000)]:
            expected = float(derived[scheme].subs({n_in: fan_in, n_out: fan_out}))
            got = mlp.init_std(scheme, fan_in, fan_out) ** 2
            assert abs(got - expected) <= 1e-15 * expected


def test_depth_profile_he_keeps_relu_and_lecun_keeps_selu() -> None:

    he = signal_propagation.depth_profile("relu", "he", 30)
    xavier = signal_propagation.depth_profile("relu", "xavier", 30)
    lecun = signal_propagation.depth_profile("selu", "lecun", 30)
    assert 0.3 < he.activation_std[-1] < 3
    # Xavier = LeCun for square layers: half the second moment lost per layer
    assert xavier.activation_std[-1] < 1e-3
    assert abs(lecun.activation_std[-1] - 1) < 0.1
    assert he.grad_norm.shape == he.bias_grad_norm.shape == (31,)
    assert he.activation_std.shape == (30,)


def test_depth_profile_gradient_scales_like_c_to_the_depth() -> None:

    low = signal_propagation.depth_profile("relu", "he", 20, scale=0.8)
    high = signal_propagation.depth_profile("relu", "he", 20, scale=1.25)
    assert low.bias_grad_norm[0] < 0.1 * low.bias_grad_norm[-2]
    assert high.bias_grad_norm[0] > 10 * high.bias_grad_norm[-2]


def test_unit_spread_and_bad_input() -> None:
    import numpy as np
    import pytest

    assert signal_propagation.unit_spread(np.ones((3, 4))) == 0.0
    assert signal_propagation.unit_spread(np.array([[1.0, 2.0], [0.0, 0.5]])) == 1.0
    with pytest.raises(ValueError, match="W must be 2-D"):
        signal_propagation.unit_spread(np.ones(3))
    with pytest.raises(ValueError, match="depth"):
        signal_propagation.depth_profile("relu", "he", 0)
