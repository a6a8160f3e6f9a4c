"""Plots for the book: line plots, activation panels, network diagrams and
computational graphs.

All figures have an opaque white background (legible on the dark theme) and are
rendered as SVG. :func:`use_svg_figures` makes that SVG byte-for-byte reproducible,
which nbval needs: a fixed ``svg.hashsalt`` and no date or creator metadata.
:func:`plot` and :func:`draw_network` themselves change no global state.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from mlpbook import _validate
from mlpbook._validate import as_float_array

__all__ = [
    "FMTS",
    "GRAPH_STYLES",
    "MAX_NETWORK_WIDTH",
    "PRINT_FIGURE_KWARGS",
    "SVG_HASHSALT",
    "ULP_CEILING",
    "ULP_FLOOR",
    "activation_grid",
    "activation_panel",
    "decision_regions",
    "draw_graph",
    "draw_network",
    "image_row",
    "plot",
    "subplots",
    "ulp_profile",
    "use_svg_figures",
]

#: Default line formats, cycled (never truncated) when there are more curves.
FMTS: tuple[str, ...] = ("-", "m--", "g-.", "r:", "c-", "k--", "y-.", "b:")

#: Salt for matplotlib's SVG ids, fixed so that figures are reproducible.
SVG_HASHSALT = "mlpbook"

#: ``print_figure`` arguments: no timestamp or version in the SVG, white background.
PRINT_FIGURE_KWARGS: dict[str, Any] = {
    "bbox_inches": "tight",
    "facecolor": "white",
    "metadata": {"Date": None, "Creator": None},
}


def use_svg_figures() -> None:
    """Make notebook figures deterministic SVG (call once, in a notebook's first cell).

    Sets the inline backend's format to SVG with :data:`PRINT_FIGURE_KWARGS` and
    ``rcParams["svg.hashsalt"]``; these are the book's deliberate global settings.
    """
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    mpl.rcParams["svg.hashsalt"] = SVG_HASHSALT
    set_matplotlib_formats("svg", **PRINT_FIGURE_KWARGS)


def _check_figsize(figsize: Any) -> tuple[float, float]:
    if (
        isinstance(figsize, str)
        or not isinstance(figsize, Sequence)
        or len(figsize) != 2
        or not all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) and 0 < v < 100 for v in figsize
        )
    ):
        raise ValueError(f"figsize must be (width, height) in inches, got {figsize!r:.60}")
    return (float(figsize[0]), float(figsize[1]))


def _check_axes(axes: Any) -> None:
    if axes is not None and not isinstance(axes, Axes):
        raise TypeError(f"axes must be a matplotlib Axes or None, got {type(axes).__name__}")


def _new_axes(figsize: tuple[float, float]) -> Axes:
    fig, ax = plt.subplots(figsize=figsize)
    fig.set_facecolor("white")
    return ax


def _curve(values: Any, name: str) -> np.ndarray:
    """One curve's coordinates as a float64 array: real numbers only (strings would be
    plotted as categories, complex numbers lose their imaginary part); masked entries
    become NaN, which matplotlib leaves as gaps."""
    if isinstance(values, np.ma.MaskedArray):
        values = np.ma.filled(values.astype(np.float64), np.nan)
    array, _ = as_float_array(values, name)
    return array


def _as_curves(values: Any, name: str) -> list[np.ndarray]:
    """A single 1-D array-like becomes one curve, a 2-D one a curve per row, and a
    list of 1-D array-likes one curve each."""
    if isinstance(values, list | tuple) and values and np.ndim(values[0]) >= 1:
        curves = [_curve(v, f"{name}[{i}]") for i, v in enumerate(values)]
    else:
        array = _curve(values, name)
        curves = list(array) if array.ndim == 2 else [array]
    for i, curve in enumerate(curves):
        if curve.ndim != 1:
            raise ValueError(
                f"{name} must be a 1-D array or a list of them, got curve {i} of shape "
                f"{curve.shape}"
            )
    return curves


def plot(
    X: ArrayLike | Sequence[ArrayLike],
    Y: ArrayLike | Sequence[ArrayLike] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: Sequence[str] | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    fmts: Sequence[str] = FMTS,
    figsize: tuple[float, float] = (3.5, 2.5),
    axes: Axes | None = None,
) -> Axes:
    """Plot one or several curves and return the Axes.

    ``X`` and ``Y`` are one array or a list of arrays; with ``Y`` omitted, ``X`` is
    plotted against its index. A single ``X`` is shared by all curves of ``Y``.
    Formats cycle through ``fmts``, so no curve is dropped however many there are.
    A new figure of size ``figsize`` is made unless ``axes`` is given.
    """
    if Y is None:
        ys = _as_curves(X, "X")
        xs = [np.arange(len(y)) for y in ys]
    else:
        ys = _as_curves(Y, "Y")
        xs = _as_curves(X, "X")
        if len(xs) == 1:
            xs = xs * len(ys)
    if len(xs) != len(ys):
        raise ValueError(f"X has {len(xs)} curves but Y has {len(ys)}")
    for i, (xv, yv) in enumerate(zip(xs, ys, strict=True)):
        if xv.shape != yv.shape:
            raise ValueError(f"curve {i}: X has shape {xv.shape} but Y has shape {yv.shape}")
    if legend is not None:
        legend = _validate.strings(legend, "legend")
    if legend is not None and len(legend) != len(ys):
        raise ValueError(f"legend has {len(legend)} entries for {len(ys)} curves")
    fmts = _validate.strings(fmts, "fmts")
    if not fmts:
        raise ValueError("fmts must contain at least one format")
    for value, label in ((xlabel, "xlabel"), (ylabel, "ylabel")):
        if value is not None:
            _validate.string(value, label)
    _check_axes(axes)
    ax = axes if axes is not None else _new_axes(_check_figsize(figsize))
    for xv, yv, fmt in zip(xs, ys, itertools.cycle(fmts), strict=False):
        ax.plot(xv, yv, fmt)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    if xlim is not None:
        ax.set_xlim(xlim)
    if ylim is not None:
        ax.set_ylim(ylim)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if legend:
        ax.legend(legend)
    ax.grid(True)
    return ax


def _node_positions(sizes: Sequence[int]) -> list[np.ndarray]:
    """Vertical positions of the units, top to bottom, each layer centred on 0, one apart."""
    return [np.linspace((n - 1) / 2, -(n - 1) / 2, n) for n in sizes]


#: The widest layer :func:`draw_network` draws; a wider one would not be readable.
MAX_NETWORK_WIDTH = 12
#: Data units between two layers (units within a layer are 1 apart).
_LAYER_GAP = 3.2
#: Inches per data unit: a 4-5-3 network is about 5.7 × 4.1 in, readable at ~700 px.
_INCH_PER_UNIT = 0.7


def _check_sizes(sizes: object) -> list[int]:
    if sizes is None or isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of ints, got {type(sizes).__name__}")
    for n in sizes:
        if isinstance(n, bool | np.bool_) or not isinstance(n, int | np.integer):
            raise TypeError(f"sizes must contain ints, got {n!r} ({type(n).__name__})")
    if len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layers, got {list(sizes)!r}")
    if any(n < 1 or n > MAX_NETWORK_WIDTH for n in sizes):
        raise ValueError(
            f"sizes must be between 1 and {MAX_NETWORK_WIDTH} units per layer "
            f"(a wider layer is not readable in a diagram), got {list(sizes)!r}"
        )
    return [int(n) for n in sizes]


def draw_network(
    sizes: Sequence[int],
    labels: Sequence[str] | None = None,
    node_labels: Sequence[str] | None = None,
    figsize: tuple[float, float] | None = None,
    axes: Axes | None = None,
) -> Axes:
    """Draw a fully connected feed-forward network with layer widths ``sizes``.

    Layers run left (input) to right (output), :data:`_LAYER_GAP` units apart, so
    that the layer titles ``labels`` (drawn under each layer) never meet.
    ``node_labels`` gives one letter per layer for the units (default x, h, o, or
    h⁽¹⁾, h⁽²⁾ … for deeper nets), drawn as subscripted names. Edges go from every
    unit of a layer to every unit of the next, so a 4-5-3 network shows
    4·5 + 5·3 = 35 of them. Each layer has 1 to :data:`MAX_NETWORK_WIDTH` units.
    Returns the Axes.
    """
    sizes = _check_sizes(sizes)
    if labels is not None and len(labels) != len(sizes):
        raise ValueError(f"labels has {len(labels)} entries for {len(sizes)} layers")
    if node_labels is None:
        hidden = ["h"] if len(sizes) == 3 else [f"h^{{({i})}}" for i in range(1, len(sizes) - 1)]
        node_labels = ["x", *hidden, "o"]
    if len(node_labels) != len(sizes):
        raise ValueError(f"node_labels has {len(node_labels)} entries for {len(sizes)} layers")
    ys = _node_positions(sizes)
    xs = [_LAYER_GAP * i for i in range(len(sizes))]
    half = (max(sizes) - 1) / 2
    left, right = -0.9, xs[-1] + 0.9
    top, bottom = half + 0.6, -half - (1.3 if labels is not None else 0.6)
    if figsize is None:  # at most 7 in (the column) wide
        scale = min(_INCH_PER_UNIT, 7.0 / (right - left))
        figsize = ((right - left) * scale, (top - bottom) * scale)
    ax = axes if axes is not None else _new_axes(figsize)
    for i in range(len(sizes) - 1):
        for y0 in ys[i]:
            for y1 in ys[i + 1]:
                ax.plot([xs[i], xs[i + 1]], [y0, y1], color="0.6", lw=0.7, zorder=1)
    radius = 0.34
    for i, (layer, letter) in enumerate(zip(ys, node_labels, strict=True)):
        for j, y in enumerate(layer):
            ax.add_patch(
                mpl.patches.Circle(
                    (xs[i], y), radius, facecolor="#dbe9f6", edgecolor="#1f4e79", lw=1.2, zorder=2
                )
            )
            ax.text(
                xs[i], y, f"${letter}_{{{j + 1}}}$", ha="center", va="center", fontsize=10, zorder=3
            )
        if labels is not None:
            ax.text(xs[i], -half - 0.75, labels[i], ha="center", va="top", fontsize=11)
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


#: Face colours of the node kinds of :func:`draw_graph` (dark text on light fills, on
#: the figure's opaque white background, so the graph reads the same in both themes).
GRAPH_STYLES: dict[str, dict[str, Any]] = {
    "input": {"facecolor": "#dbe9f6", "edgecolor": "#1f4e79"},
    "parameter": {"facecolor": "#fde6c8", "edgecolor": "#9a5b00"},
    "variable": {"facecolor": "#ffffff", "edgecolor": "#1f4e79"},
    "operator": {"facecolor": "#e8e8e8", "edgecolor": "#444444"},
}


def draw_graph(
    nodes: dict[str, tuple[float, float, str, str]],
    edges: Sequence[tuple[str, str]],
    figsize: tuple[float, float] = (7.0, 3.0),
    axes: Axes | None = None,
) -> Axes:
    """Draw a computational graph: ``nodes`` maps a name to (x, y, label, kind), kind
    being "input", "parameter" or "variable" (drawn as boxes) or "operator" (a circle);
    ``edges`` lists (from, to) pairs, drawn as arrows in the direction data flows.
    Labels are mathtext (``"$W^{(1)}$"``). Returns the Axes."""
    if not isinstance(nodes, Mapping) or not nodes:
        raise TypeError(
            f"nodes must be a non-empty dict of name → (x, y, label, kind), got {nodes!r:.60}"
        )
    for name, node in nodes.items():
        if (
            isinstance(node, str)
            or not isinstance(node, Sequence)
            or len(node) != 4
            or not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in node[:2])
            or not isinstance(node[2], str)
            or node[3] not in GRAPH_STYLES
        ):
            raise ValueError(
                f"nodes[{name!r}] must be (x, y, label, kind) with kind one of "
                f"{sorted(GRAPH_STYLES)}, got {node!r}"
            )
    if isinstance(edges, str) or not isinstance(edges, Sequence):
        raise TypeError(f"edges must be a list of (from, to) pairs, got {edges!r:.60}")
    for edge in edges:
        if (
            isinstance(edge, str)
            or not isinstance(edge, Sequence)
            or len(edge) != 2
            or any(end not in nodes for end in edge)
        ):
            raise ValueError(f"edges: {edge!r} must join two names of nodes")
    figsize = _check_figsize(figsize)
    _check_axes(axes)
    ax = axes if axes is not None else _new_axes(figsize)
    half = {"box": (0.42, 0.24), "circle": (0.3, 0.3)}
    shapes = {}
    for name, (x, y, label, kind) in nodes.items():
        style = GRAPH_STYLES[kind]
        if kind == "operator":
            patch = mpl.patches.Circle((x, y), half["circle"][0], lw=1.1, zorder=2, **style)
            shapes[name] = half["circle"]
        else:
            w, h = half["box"]
            patch = mpl.patches.FancyBboxPatch(
                (x - w, y - h), 2 * w, 2 * h, boxstyle="round,pad=0.02", lw=1.1, zorder=2,
                **style,
            )  # fmt: skip
            shapes[name] = half["box"]
        ax.add_patch(patch)
        size = 9 if kind == "operator" else 10
        ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=3)
    for start, end in edges:
        (x0, y0), (x1, y1) = nodes[start][:2], nodes[end][:2]
        d = np.array([x1 - x0, y1 - y0], dtype=np.float64)
        d /= np.linalg.norm(d)

        def border(half_size: tuple[float, float], direction: np.ndarray) -> float:
            # distance from a node's centre to its border along ``direction``
            w, h = half_size
            if w == h:  # circle
                return w
            return min(w / max(abs(direction[0]), 1e-12), h / max(abs(direction[1]), 1e-12))

        tail = np.array([x0, y0]) + d * (border(shapes[start], d) + 0.03)
        head = np.array([x1, y1]) - d * (border(shapes[end], d) + 0.03)
        ax.annotate(
            "", xy=tuple(head), xytext=tuple(tail), zorder=1,
            arrowprops={"arrowstyle": "-|>", "color": "0.35", "lw": 1.0,
                        "shrinkA": 0, "shrinkB": 0},
        )  # fmt: skip
    xs = [n[0] for n in nodes.values()]
    ys = [n[1] for n in nodes.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def activation_panel(
    name: str,
    x: ArrayLike,
    axes: Axes | None = None,
    figsize: tuple[float, float] = (4.5, 2.6),
    legend: bool = True,
    ylabel: str | None = None,
    ylim: tuple[float, float] | None = None,
    kink: float | None = None,
    **params: float,
) -> Axes:
    """Plot the registry's activation ``name`` and its derivative on one Axes.

    Both curves come from :mod:`mlpbook.activations` (``fn`` and ``grad``) at the
    registry's default parameters, overridden by ``params``. With ``kink`` = x₀ the
    derivative's curve is broken at x₀ (no vertical segment is drawn through the
    jump), a filled dot marks the library's value f′(x₀) and an open circle the
    value just right of x₀, f′(nextafter(x₀, +∞)). Returns the Axes.
    """
    from mlpbook import activations

    entry = activations.get(name)
    unknown = sorted(set(params) - set(entry.defaults))
    if unknown:
        raise ValueError(f"params: {name} has no parameter(s) {unknown}")
    values = {**entry.defaults, **params}
    xv = _curve(x, "x")
    if xv.ndim != 1 or xv.size < 2:
        raise ValueError(f"x must be a 1-D grid of at least two points, got shape {xv.shape}")
    if kink is not None:
        kink = _validate.finite_real(kink, "kink")
    xd, yd = xv, np.asarray(entry.grad(xv, **values), dtype=np.float64)
    if kink is not None:  # a NaN at x₀ breaks the line there
        left, right = xv < kink, xv > kink
        xd = np.concatenate([xv[left], [kink], xv[right]])
        yd = np.concatenate([yd[left], [np.nan], yd[right]])
    ax = plot(
        [xv, xd],
        [np.asarray(entry.fn(xv, **values), dtype=np.float64), yd],
        xlabel="x",
        ylabel=ylabel,
        legend=[f"{name}(x)", f"{name}′(x)"] if legend else None,
        ylim=ylim,
        fmts=("-", "m--"),
        figsize=figsize,
        axes=axes,
    )
    if kink is not None:
        at = float(entry.grad(kink, **values))
        after = float(entry.grad(np.nextafter(kink, np.inf), **values))
        ax.plot([kink], [after], "o", color="m", mfc="white", ms=5, zorder=3)
        ax.plot([kink], [at], "o", color="m", ms=5, zorder=3)
    ax.set_title(entry.title, fontsize=10)
    return ax


def activation_grid(
    names: Sequence[str], x: ArrayLike, ncols: int = 4, size: float = 2.2
) -> np.ndarray:
    """Small multiples: one :func:`activation_panel` per name on a shared x-grid,
    ``ncols`` to a row, unused cells hidden. Returns the array of Axes."""
    names = _validate.strings(names, "names")
    if not names:
        raise ValueError("names must not be empty")
    ncols = _validate.positive_int(ncols, "ncols")
    if not _validate.real(size, "size") > 0:
        raise ValueError(f"size must be positive, got {size!r}")
    nrows = -(-len(names) // ncols)
    fig, axs = plt.subplots(
        nrows, ncols, figsize=(size * ncols, 0.85 * size * nrows), sharex=True, squeeze=False
    )
    fig.set_facecolor("white")
    for ax, name in zip(axs.flat, names, strict=False):
        activation_panel(name, x, axes=ax, legend=False)
    for ax in axs.flat[len(names) :]:
        ax.set_visible(False)
    handles = axs.flat[0].get_lines()
    fig.legend(handles, ["f(x)", "f′(x)"], loc="lower right", ncols=2, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return axs


def subplots(nrows: int, ncols: int, figsize: tuple[float, float]) -> np.ndarray:
    """A white figure with a grid of Axes for :func:`plot` to draw into (its
    ``axes=`` argument); returns the Axes as a flat array."""
    nrows, ncols = _validate.positive_int(nrows, "nrows"), _validate.positive_int(ncols, "ncols")
    figsize = _check_figsize(figsize)
    fig, axs = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    fig.set_facecolor("white")
    return axs.ravel()


def image_row(images: ArrayLike, titles: Sequence[str], size: float = 0.9) -> np.ndarray:
    """Grey-scale images side by side (one row, dark ink on white), each titled; e.g.
    the 8×8 digits. Returns the array of Axes."""
    stack, _ = as_float_array(images, "images")
    titles = _validate.strings(titles, "titles")
    if not _validate.real(size, "size") > 0:
        raise ValueError(f"size must be > 0 (inches), got {size!r}")
    if stack.ndim != 3 or len(titles) != len(stack):
        raise ValueError(
            f"images must be a stack of 2-D images with one title each, got shape "
            f"{stack.shape} and {len(titles)} titles"
        )
    axs = subplots(1, len(stack), figsize=(size * len(stack), size * 1.25))
    for ax, image, title in zip(axs, stack, titles, strict=True):
        ax.imshow(image, cmap="gray_r", interpolation="nearest")
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return axs


def decision_regions(
    classify: Any,
    X: ArrayLike,
    y: ArrayLike,
    steps: int = 121,
    axes: Axes | None = None,
    figsize: tuple[float, float] = (3.2, 3.0),
) -> Axes:
    """The class that ``classify`` (rows of 2-D points → integer labels) assigns on a
    ``steps``×``steps`` grid around the points ``X``, as shaded regions, with the
    points drawn on top by label (0: circles, 1: crosses). Returns the Axes."""
    _validate.function(classify, "classify")
    points, _ = as_float_array(X, "X")
    labels = np.asarray(y)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(f"X must have shape (n, 2) with n ≥ 1, got {points.shape}")
    if labels.dtype.kind not in "biuf":
        raise TypeError(f"y must hold numeric labels, got dtype {labels.dtype}")
    if labels.shape != (len(points),):
        raise ValueError(f"y must have shape ({len(points)},) to match X, got {labels.shape}")
    steps = _validate.positive_int(steps, "steps")
    figsize = _check_figsize(figsize)
    _check_axes(axes)
    lo, hi = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    regions = np.asarray(classify(np.column_stack([g0.ravel(), g1.ravel()]))).reshape(g0.shape)
    ax = axes if axes is not None else _new_axes(figsize)
    ax.contourf(g0, g1, regions, levels=[-0.5, 0.5, 1.5], colors=["#dbe9f6", "#fde6c8"])
    for label, marker, colour in [(0, "o", "#1f4e79"), (1, "x", "#9a5b00")]:
        chosen = points[labels == label]
        ax.scatter(chosen[:, 0], chosen[:, 1], marker=marker, s=12, color=colour, lw=1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


#: Errors are drawn between these ULP values: 0 at the floor, NaN/inf at the ceiling.
ULP_FLOOR, ULP_CEILING = 1e-2, 1e18


def ulp_profile(
    comparison: Any,
    axes: Axes | None = None,
    figsize: tuple[float, float] = (4.5, 2.6),
    bins: int = 240,
) -> Axes:
    """Plot the ULP errors of a :class:`mlpbook.numerics.Comparison` against x: for
    the naive form and for the library, the largest error in each of ``bins`` bins
    (equal widths in arcsinh x, so that both |x| < 1 and |x| in the hundreds are
    resolved), on a log scale. Exact results are drawn at :data:`ULP_FLOOR` and
    NaN/inf at :data:`ULP_CEILING`; the dashed line is the library's bound."""
    from mlpbook.numerics import Comparison

    if not isinstance(comparison, Comparison):
        raise TypeError(
            f"comparison must be a numerics.Comparison (from numerics.compare), "
            f"got {type(comparison).__name__}"
        )
    bins = _validate.positive_int(bins, "bins")
    _check_axes(axes)
    ax = axes if axes is not None else _new_axes(_check_figsize(figsize))
    u = np.arcsinh(comparison.stable.x)
    edges = np.linspace(u.min(), u.max(), bins + 1)
    which = np.clip(np.searchsorted(edges, u, side="right") - 1, 0, bins - 1)
    centres = np.sinh((edges[:-1] + edges[1:]) / 2)
    for profile, color, label in (
        (comparison.naive, "tab:red", "naive"),
        (comparison.stable, "tab:blue", "library"),
    ):
        errors = np.where(np.isfinite(profile.errors), profile.errors, ULP_CEILING)
        errors = np.where(profile.graded, np.clip(errors, ULP_FLOOR, ULP_CEILING), np.nan)
        worst = np.full(bins, np.nan)
        for b in range(bins):
            in_bin = errors[which == b]
            if np.any(~np.isnan(in_bin)):
                worst[b] = np.nanmax(in_bin)
        ax.plot(centres, worst, color=color, lw=1.2, label=label, drawstyle="steps-mid")
    ax.axhline(max(comparison.bound, ULP_FLOOR), color="0.3", lw=0.8, ls="--")
    ax.set_xscale("symlog", linthresh=1.0)
    top = float(np.max(np.abs(comparison.stable.x)))
    ticks = [0.0] + [s * 10.0**k for k in range(4) if 10.0**k <= top for s in (-1, 1)]
    ticks.sort()
    ax.set_xticks(ticks, [f"{t:g}".replace("-", "\u2212") for t in ticks])
    ax.set_yscale("log")
    ax.set_ylim(ULP_FLOOR / 2, ULP_CEILING * 5)
    ax.set_title(comparison.label, fontsize=10)
    ax.set_xlabel("x")
    ax.set_ylabel("max ULP in bin")
    ax.grid(True)
    return ax
