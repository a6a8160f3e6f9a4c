"""Plot helpers used by the chapters, and the LaTeX definitions of the field guide."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlpbook import activations, display, numerics, plotting
from tests import figtext

ROOT = Path(__file__).resolve().parent.parent


def test_activation_panel_draws_function_and_derivative() -> None:
    x = np.linspace(-3, 3, 61)
    ax = plotting.activation_panel("elu", x, alpha=0.5)
    lines = ax.get_lines()
    assert len(lines) == 2 and ax.get_title() == "ELU"
    np.testing.assert_array_equal(lines[0].get_ydata(), activations.elu(x, alpha=0.5))
    np.testing.assert_array_equal(lines[1].get_ydata(), activations.elu_grad(x, alpha=0.5))
    plt.close(ax.figure)


def test_activation_panel_breaks_the_derivative_at_a_kink() -> None:
    x = np.linspace(-1, 1, 5)
    ax = plotting.activation_panel("selu", x, kink=0.0, ylabel="f", ylim=(-2, 2))
    lines = ax.get_lines()
    assert len(lines) == 4 and ax.get_ylabel() == "f" and ax.get_ylim() == (-2, 2)
    derivative = lines[1].get_ydata()
    assert np.isnan(derivative[2]) and not np.isnan(np.delete(derivative, 2)).any()
    after, at = lines[2].get_ydata()[0], lines[3].get_ydata()[0]
    assert at == activations.selu_grad(0.0) > after == activations.selu_grad(1e-300)
    assert lines[2].get_markerfacecolor() == "white"
    plt.close(ax.figure)
    # a kink between grid points is inserted, and the function's curve is untouched
    ax = plotting.activation_panel("relu", x + 0.1, kink=0.0)
    xd = ax.get_lines()[1].get_xdata()
    np.testing.assert_array_equal(xd, np.insert(x + 0.1, 2, 0.0))
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), x + 0.1)
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


# ---- network diagrams ----


def _svg(fig: object) -> str:
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", **plotting.PRINT_FIGURE_KWARGS)
    plt.close(fig)
    return buf.getvalue()


def test_draw_network_draws_every_edge_and_unit() -> None:
    ax = plotting.draw_network([4, 5, 3], labels=["in", "hidden", "out"])
    assert len(ax.get_lines()) == 4 * 5 + 5 * 3
    assert len(ax.patches) == 4 + 5 + 3
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "$x_{1}$" and "hidden" in texts and "$o_{3}$" in texts
    # the first unit of a layer is drawn at the top
    assert ax.texts[0].get_position()[1] > ax.texts[3].get_position()[1]
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("sizes", "labels"),
    [([4, 5, 3], ["input layer", "hidden layer", "output layer"]),
     ([4, 3], ["input layer", "output layer"]),
     ([2, 12, 12, 1], ["input layer", "first hidden layer", "second hidden layer", "output"])],
)  # fmt: skip
def test_network_titles_do_not_overlap_and_fill_the_column(
    sizes: list[int], labels: list[str]
) -> None:
    ax = plotting.draw_network(sizes, labels=labels)
    width_in = ax.figure.get_size_inches()[0]
    svg = _svg(ax.figure)
    assert figtext.overlapping_text(svg) == []
    # at least 3 in (≈ 290 CSS px) wide, at most the ~7.3 in (700 px) column
    assert 3 <= width_in <= 7.3, width_in


def test_draw_network_checks_its_input() -> None:
    with pytest.raises(TypeError, match="sizes"):
        plotting.draw_network(None)
    with pytest.raises(TypeError, match="sizes"):
        plotting.draw_network([4, True, 3])
    with pytest.raises(TypeError, match="sizes"):
        plotting.draw_network([4.0, 3])
    with pytest.raises(TypeError, match="sizes"):
        plotting.draw_network("43")
    with pytest.raises(ValueError, match="sizes"):
        plotting.draw_network([4])
    with pytest.raises(ValueError, match="sizes"):
        plotting.draw_network([4, 0])
    with pytest.raises(ValueError, match="between 1 and 12"):
        plotting.draw_network([4, plotting.MAX_NETWORK_WIDTH + 1])
    with pytest.raises(ValueError, match="labels"):
        plotting.draw_network([4, 3], labels=["only one"])


# ---- no text in any figure of the book overlaps other text ----


def _notebook_svgs() -> list[tuple[str, str]]:
    import json

    out = []
    for path in sorted(ROOT.glob("*/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf8"))
        for i, cell in enumerate(nb["cells"]):
            for output in cell.get("outputs", []):
                svg = output.get("data", {}).get("image/svg+xml")
                if svg:
                    out.append((f"{path.relative_to(ROOT)} cell {i}", "".join(svg)))
    return out


SVGS = _notebook_svgs()


def test_the_book_has_figures_to_measure() -> None:
    assert len(SVGS) >= 30


@pytest.mark.parametrize(("where", "svg"), SVGS, ids=[w for w, _ in SVGS])
def test_no_figure_text_overlaps(where: str, svg: str) -> None:
    boxes = figtext.text_boxes(svg)
    assert boxes, f"{where}: no text found"
    assert figtext.overlapping_text(svg) == [], where


def test_overlap_is_detected_on_a_broken_figure() -> None:
    """The old diagram: layer titles at 1 unit spacing, 9 pt, overlapped."""
    fig, ax = plt.subplots(figsize=(2, 2))
    for i, label in enumerate(["input layer", "hidden layer", "output layer"]):
        ax.text(i, 3, label, ha="center", fontsize=9)
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(0, 4)
    ax.set_aspect("equal")
    svg = _svg(fig)
    assert ("input layer", "hidden layer") in figtext.overlapping_text(svg)


def test_touching_text_is_not_an_overlap() -> None:
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.text(0.1, 0.5, "left", fontsize=10)
    ax.text(0.6, 0.5, "right", fontsize=10)
    ax.axis("off")
    svg = _svg(fig)
    assert len(figtext.text_boxes(svg)) == 2
    assert figtext.overlapping_text(svg) == []


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
