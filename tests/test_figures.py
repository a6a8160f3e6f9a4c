"""Plot helpers used by the chapters, and the LaTeX definitions of the field guide."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpbook import activations, display, numerics, plotting


def test_activation_panel_draws_function_and_derivative() -> None:
    x = np.linspace(-3, 3, 61)
    ax = plotting.activation_panel("elu", x, alpha=0.5)
    lines = ax.get_lines()
    assert len(lines) == 2 and ax.get_title() == "ELU"
    np.testing.assert_array_equal(lines[0].get_ydata(), activations.elu(x, alpha=0.5))
    np.testing.assert_array_equal(lines[1].get_ydata(), activations.elu_grad(x, alpha=0.5))
    plt.close(ax.figure)


def test_activation_grid_hides_unused_cells() -> None:
    axs = plotting.activation_grid(["relu", "tanh", "gelu"], np.linspace(-1, 1, 5), ncols=2)
    assert axs.shape == (2, 2) and [a.get_visible() for a in axs.flat] == [True] * 3 + [False]
    plt.close(axs.flat[0].figure)
    with pytest.raises(ValueError, match="names"):
        plotting.activation_grid([], np.zeros(2))
    with pytest.raises(ValueError, match="ncols"):
        plotting.activation_grid(["relu"], np.zeros(2), ncols=0)


def test_ulp_profile_bins_the_worst_error() -> None:
    grid = np.array([-800.0, -40.0, -1.0, 0.0, 1.0, 800.0])
    comparison = numerics.compare("softplus", False, grid)
    ax = plotting.ulp_profile(comparison, bins=6)
    naive, library = ax.get_lines()[:2]
    assert np.nanmax(naive.get_ydata()) == plotting.ULP_CEILING  # inf at 800
    assert np.nanmax(library.get_ydata()) <= 2
    plt.close(ax.figure)


def test_definitions_render_the_registry_expressions() -> None:
    assert display.definition("sigmoid")._repr_latex_().endswith(r"\frac{1}{1 + e^{- x}}$")
    selu = display.definition("selu")._repr_latex_()
    assert r"\lambda" in selu and r"\alpha \left(e^{x} - 1\right)" in selu
    assert "1.6732" not in selu
    assert r"\sigma{\left(\beta x \right)}" in display.definition("swish")._repr_latex_()
    assert "e^{- x}" in display.definition("tanh")._repr_latex_()


def test_draw_graph_draws_every_node_and_arrow() -> None:
    nodes = {
        "x": (0, 0, "$x$", "input"),
        "W": (1, 1, "$W$", "parameter"),
        "mul": (1, 0, r"$\times$", "operator"),
        "z": (2, 0, "$z$", "variable"),
    }
    edges = [("x", "mul"), ("W", "mul"), ("mul", "z")]
    ax = plotting.draw_graph(nodes, edges)
    assert [t.get_text() for t in ax.texts if t.get_text()] == [n[2] for n in nodes.values()]
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == len(edges)
    assert len(ax.patches) == len(nodes)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="nodes"):
        plotting.draw_graph({"x": (0, 0, "$x$", "blob")}, [])
    with pytest.raises(ValueError, match="edges"):
        plotting.draw_graph(nodes, [("x", "nowhere")])


def test_image_row_and_decision_regions() -> None:
    axs = plotting.image_row(np.zeros((3, 8, 8)), ["a", "b", "c"])
    assert [ax.get_title() for ax in axs] == ["a", "b", "c"]
    plt.close(axs[0].figure)
    with pytest.raises(ValueError, match="images"):
        plotting.image_row(np.zeros((3, 8, 8)), ["a"])
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    ax = plotting.decision_regions(lambda P: (P[:, 0] > 0).astype(int), X, np.array([0, 1]))
    assert len(ax.collections) >= 3  # filled regions and two scatter sets
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="X"):
        plotting.decision_regions(lambda P: P[:, 0], np.zeros((2, 3)), np.zeros(2))
