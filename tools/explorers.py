"""Interactive explorers for the HTML book: parameters under the reader's hand (issue 24).

A page asks for one with the directive ``{explorer} NAME`` (one of :data:`EXPLORERS`),
placed after the static figure that the notebook, the PDF and a browser without
JavaScript show. In the HTML book the directive writes a ``<div
data-explorer="NAME" hidden>`` holding labelled range inputs and an SVG; the script
``_static/explorers.js`` reveals it and redraws it on every ``input`` event. The LaTeX
builder gets nothing (the figure before it is the PDF's version).

**No formula is typed in JavaScript.** :func:`formulas_js` prints every activation of
:data:`mlpbook.activations.REGISTRY` and its ``sympy.diff`` derivative (the
expressions of :mod:`mlpbook.symbolic`), and the softmax with a temperature and its
Jacobian (``symbolic.softmax_expr``, ``Matrix.jacobian``), with SymPy's JavaScript
printer. JavaScript has no ``erf``; GELU calls :data:`ERF_JS`, a documented
approximation whose error the browser tests bound (:func:`erf_error_bound`).

**The depth explorer runs no simulation in the browser.** :func:`depth_grid` calls
:func:`mlpbook.signal_propagation.depth_profile`, the code of Chapter 7, at build time for every
activation and weight variance the reader can pick, and the page carries the results.

Each curve is an SVG ``<path data-curve="NAME" data-samples="[[x, y], ...]">``; the
samples are the plotted points in data coordinates (what the browser tests read back
and compare with :mod:`mlpbook.activations`).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sympy.printing.jscode import JavascriptCodePrinter

from mlpbook import activations, symbolic

# --------------------------------------------------------------------------------------
# Formulas: SymPy → JavaScript
# --------------------------------------------------------------------------------------

#: erf for JavaScript, which has none: the series
#: erf(z) = 2z/√π · exp(−z²) · Σₙ (2z²)ⁿ / (2n + 1)!!, whose terms are all positive
#: (no cancellation), summed until a term is below 1e−17 of the sum; ±1 for |z| ≥ 6,
#: where 1 − erf(6) ≈ 2e−17 is below half an ulp of 1. The ratio of consecutive
#: coefficients, 2/(2n + 3), is that of SymPy's series of erf(z)·exp(z²) (checked in
#: tests/test_explorers.py). Each of the at most ~150 terms costs a few roundings, so
#: the relative error of erf is below :data:`ERF_REL_BOUND`; where 1 + erf(z) cancels
#: (z < 0) that error is amplified by |erf(z)| / erfc(|z|) (:func:`erf_error_bound`).
ERF_JS = f"""function mlpErf(z) {{
  const a = Math.abs(z);
  if (!(a < 6)) {{ return Number.isNaN(z) ? NaN : Math.sign(z); }}
  const u = 2 * a * a;
  let term = 1, sum = 1;
  for (let n = 0; term > 1e-17 * sum; n++) {{ term *= u / (2 * n + 3); sum += term; }}
  return Math.sign(z) * {float(2 / sp.sqrt(sp.pi))!r} * a * Math.exp(-a * a) * sum;
}}"""

#: Bound on the relative error of :data:`ERF_JS`: 160 terms, each adding at most 4
#: roundings of 2⁻⁵³ to the relative error of the sum.
ERF_REL_BOUND: float = 160 * 4 * 2.0**-53


def erf_error_bound(x: float) -> float:
    """Bound on the relative error of GELU and its derivative computed with
    :data:`ERF_JS` at x, beyond the 1e−12 the other formulas meet: the error of erf
    times the amplification |erf(z)| / (1 + erf(z)) for z = x/√2 < 0 (for x ≥ 0 the sum
    1 + erf adds no amplification)."""
    z = x / math.sqrt(2)
    amplification = abs(math.erf(z)) / math.erfc(abs(z)) if z < 0 else 1.0
    return ERF_REL_BOUND * (1 + amplification)


class _Printer(JavascriptCodePrinter):
    """SymPy's JavaScript printer with ``erf`` mapped to :data:`ERF_JS`, ``sign`` to
    ``Math.sign``, and failing on anything else it cannot print."""

    def __init__(self) -> None:
        super().__init__({"user_functions": {"erf": "mlpErf", "sign": "Math.sign"}, "strict": True})


def js(e: sp.Expr) -> str:
    """One JavaScript expression for the SymPy expression *e* (on one line: the
    printer lays out a Piecewise's ternaries over several)."""
    return re.sub(r"\s*\n\s*", "", _Printer().doprint(e))


def _function(args: Sequence[sp.Symbol], body: str) -> str:
    return f"({', '.join(str(a) for a in args)}) => {body}"


def _cse_function(args: Sequence[sp.Symbol], exprs: list[sp.Expr], shape: str) -> str:
    """A JavaScript function returning ``exprs`` (a list, or a matrix of rows when
    *shape* is ``"matrix"``) after SymPy's common-subexpression elimination."""
    replacements, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("c"))
    lets = "".join(f"const {s} = {js(v)}; " for s, v in replacements)
    if shape == "matrix":
        n = math.isqrt(len(reduced))
        rows = [reduced[i * n : (i + 1) * n] for i in range(n)]
        out = "[" + ", ".join("[" + ", ".join(js(v) for v in r) + "]" for r in rows) + "]"
    else:
        out = "[" + ", ".join(js(v) for v in reduced) + "]"
    return _function(args, f"{{ {lets}return {out}; }}")


#: The temperature of the softmax explorer.
T = sp.Symbol("T", positive=True)
#: Logits of the softmax explorer.
SOFTMAX_N = 3


def softmax_with_temperature() -> tuple[sp.Matrix, sp.Matrix]:
    """s = softmax(x/T) for three logits and its Jacobian ∂s/∂x, by
    ``Matrix.jacobian``; each entry is factored, which writes the diagonal as
    eᵢ·(Σ_{j≠i} eⱼ)/(Σ eⱼ)² instead of sᵢ − sᵢ² (no cancellation when sᵢ → 1)."""
    xs = symbolic.softmax_symbols(SOFTMAX_N)
    s = symbolic.softmax_expr(SOFTMAX_N).subs({v: v / T for v in xs}, simultaneous=True)
    J = s.jacobian(xs).applyfunc(sp.factor)
    return s, J


def activation_args(name: str) -> tuple[sp.Symbol, ...]:
    """x, then the parameters of activation *name* (the order of the JS functions)."""
    return (symbolic.x, *symbolic.params(name))


def formulas() -> dict[str, str]:
    """name → JavaScript arrow function, for every activation of the registry
    (``NAME`` and ``NAME_grad``) and the softmax explorer."""
    out: dict[str, str] = {}
    for name in activations.REGISTRY:
        args = activation_args(name)
        out[name] = _function(args, js(symbolic.expr(name)))
        out[f"{name}_grad"] = _function(args, js(symbolic.grad(name)))
    s, J = softmax_with_temperature()
    args = (*symbolic.softmax_symbols(SOFTMAX_N), T)
    out["softmax"] = _cse_function(args, list(s), "list")
    out["softmax_jacobian"] = _cse_function(args, list(J), "matrix")
    return out


def formulas_js() -> str:
    """The script that defines ``window.mlpbookFormulas`` (see :func:`formulas`)."""
    body = ",\n".join(f"  {json.dumps(k)}: {v}" for k, v in formulas().items())
    return f"{ERF_JS}\nwindow.mlpbookFormulas = {{\n{body}\n}};\n"


# --------------------------------------------------------------------------------------
# What each explorer shows
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A range input: ``name`` (the input's name), its label, range and start value."""

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float


def _unicode(e: sp.Expr) -> str:
    """A one-line rendering of an exact value for the page (α, β, √, ·); a number
    with more than 10 digits (SELU's constants) to 10 significant digits."""
    if e.is_number and (e.is_Float or (e.is_Rational and abs(e.q) > 10**6)):
        return f"{float(e):.10g}"
    text = sp.sstr(e)
    for old, new in (("alpha", "α"), ("beta", "β"), ("sqrt", "√"), ("*", "·"), ("pi", "π")):
        text = text.replace(old, new)
    return text


def exact_at_zero(name: str) -> dict[str, str]:
    """f(0) and f′(0) of activation *name*, exact, from SymPy: the one-sided limits
    of the derivative when they differ (a kink)."""
    f, d = symbolic.expr(name), symbolic.grad(name)
    left, right = (sp.simplify(symbolic.one_sided_limit(d, 0, s)) for s in (-1, 1))
    out = {"f0": _unicode(sp.simplify(f.subs(symbolic.x, 0)))}
    if sp.simplify(left - right) == 0:
        out["df0"] = _unicode(left)
    else:
        out["df0_left"], out["df0_right"] = _unicode(left), _unicode(right)
    return out


#: Parameter inputs of the registry explorer, by parameter name.
REGISTRY_PARAMS = {
    "alpha": Param("alpha", "α", 0.0, 2.0, 0.01, 0.25),
    "beta": Param("beta", "β", 0.0, 10.0, 0.05, 1.0),
}

#: The activations and weight variances of the depth explorer.
DEPTH_ACTIVATIONS: tuple[str, ...] = ("tanh", "relu", "selu")
DEPTH_VARIANCES: tuple[float, ...] = tuple(0.5 + 0.25 * i for i in range(11))  # 0.5 … 3
DEPTH_LAYERS = 50
#: Significant digits of the standard deviations the page carries.
DEPTH_DIGITS = 4


def depth_grid(cache: Path | None = None) -> dict[str, list[list[float]]]:
    """activation → one row per entry of :data:`DEPTH_VARIANCES`: the standard
    deviation of each of the 50 hidden layers' outputs at initialization, weights
    N(0, v/n_in) (``depth_profile(act, "lecun", 50, scale=√v)``, Chapter 7's code and
    sizes), to :data:`DEPTH_DIGITS` significant digits. One BLAS thread, so the
    numbers do not depend on the thread count.

    33 networks of 50 layers take a while; with *cache* (a folder) the grid is kept
    in a file named after a digest of the library's source, NumPy's version and the
    grid's settings, so a rebuild recomputes it only when one of them changed."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    import mlpbook
    from mlpbook import signal_propagation

    digest = hashlib.sha256(
        repr(
            (np.__version__, DEPTH_ACTIVATIONS, DEPTH_VARIANCES, DEPTH_LAYERS, DEPTH_DIGITS)
        ).encode()
    )
    for source in sorted(Path(mlpbook.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    stored = None if cache is None else cache / f"depth-{digest.hexdigest()[:16]}.json"
    if stored is not None and stored.is_file():
        return json.loads(stored.read_text(encoding="utf-8"))
    grid: dict[str, list[list[float]]] = {}
    with threadpool_limits(1):
        for act in DEPTH_ACTIVATIONS:
            grid[act] = [
                [
                    float(f"{s:.{DEPTH_DIGITS}g}")
                    for s in signal_propagation.depth_profile(
                        act, "lecun", DEPTH_LAYERS, scale=math.sqrt(v)
                    ).activation_std
                ]
                for v in DEPTH_VARIANCES
            ]
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(grid), encoding="utf-8")
    return grid


@dataclass(frozen=True)
class Explorer:
    """One explorer: its kind (how the script draws it), a title and what it shows."""

    kind: str
    title: str
    description: str
    params: tuple[Param, ...] = ()
    spec: dict[str, Any] = field(default_factory=dict)


def _registry_spec() -> dict[str, Any]:
    entries = []
    for name, a in activations.REGISTRY.items():
        entries.append(
            {
                "name": name,
                "title": a.title,
                "params": [str(p) for p in symbolic.params(name)],
                "defaults": dict(a.defaults),
                "exact": exact_at_zero(name),
            }
        )
    return {"activations": entries, "x": [-4, 4], "y": [-2.5, 4.5]}


def _with_derivative(name: str, label: str, y: list[float]) -> dict[str, Any]:
    """The plot of a registry activation ``name`` and its SymPy derivative on
    x ∈ [−4, 4], y ∈ ``y``, labelled ``label(x)`` and ``∂label/∂x``."""
    return {
        "x": [-4, 4],
        "y": y,
        "curves": [
            {"name": name, "f": name, "label": f"{label}(x)"},
            {"name": f"{name}_grad", "f": f"{name}_grad", "label": f"∂{label}/∂x"},
        ],
    }


def explorers() -> dict[str, Explorer]:
    """Every explorer by name (its ``data-explorer``)."""
    return {
        "swish": Explorer(
            "curves",
            "Swish and its derivative",
            "Move β: near 0 Swish approaches the line x/2, for large β it approaches "
            "ReLU (both drawn in grey).",
            (Param("beta", "β", 0.0, 10.0, 0.05, 1.0),),
            {
                **_with_derivative("swish", "swish", y=[-1.5, 4]),
                "guides": [{"f": "relu", "args": []}, {"f": "swish", "args": [0]}],
            },
        ),
        "prelu": Explorer(
            "curves",
            "pReLU (leaky ReLU) and its derivative",
            "Move α: 0 gives ReLU, 0.01 the usual leaky ReLU, 1 the identity.",
            (Param("alpha", "α", 0.0, 1.0, 0.01, 0.25),),
            _with_derivative("prelu", "pReLU", y=[-2, 4]),
        ),
        "softmax": Explorer(
            "softmax",
            "Softmax with a temperature",
            "Set three logits and the temperature T: the bars are softmax(x/T), the "
            "table its Jacobian ∂sᵢ/∂xₖ.",
            (
                Param("x1", "x₁", -2.0, 2.0, 0.1, 1.0),
                Param("x2", "x₂", -2.0, 2.0, 0.1, 0.0),
                Param("x3", "x₃", -2.0, 2.0, 0.1, -1.0),
                Param("temperature", "T", 0.5, 5.0, 0.05, 1.0),
            ),
            {"n": SOFTMAX_N},
        ),
        "activation": Explorer(
            "activation",
            "Any activation of the registry",
            "Pick an activation and move its parameters; below, f(0) and f′(0) exactly "
            "(SymPy) and at the current parameters.",
            tuple(REGISTRY_PARAMS.values()),
            _registry_spec(),
        ),
        "depth": Explorer(
            "depth",
            "Fifty layers at initialization",
            "Pick the activation and v, the weights' variance times n_in: the curve is "
            "the standard deviation of each hidden layer's output, computed by this "
            "chapter's code when the book was built.",
            (Param("variance", "v", 0.5, 3.0, 0.25, 1.0),),
            {
                "activations": list(DEPTH_ACTIVATIONS),
                "variances": list(DEPTH_VARIANCES),
                "y": [-16, 8],
            },
        ),
    }


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def _fmt(v: float) -> str:
    return f"{v:g}"


def param_html(name: str, p: Param) -> str:
    """A labelled range input with its value printed beside it."""
    ident = f"mlpx-{name}-{p.name}"
    return (
        f'<div class="mlpx-param" data-param="{p.name}">'
        f'<label for="{ident}">{html.escape(p.label)}</label>'
        f'<input type="range" id="{ident}" name="{p.name}" min="{_fmt(p.min)}" '
        f'max="{_fmt(p.max)}" step="{_fmt(p.step)}" value="{_fmt(p.value)}">'
        f'<output for="{ident}">{_fmt(p.value)}</output></div>'
    )


def explorer_html(name: str, data: dict[str, Any] | None = None) -> str:
    """The ``<div data-explorer>`` of explorer *name* (hidden until the script runs)."""
    ex = explorers()[name]
    spec = dict(ex.spec, kind=ex.kind, params=[asdict(p) for p in ex.params])
    if data is not None:
        spec["data"] = data
    controls = ""
    if ex.kind in ("activation", "depth"):
        choices = (
            [(e["name"], e["title"]) for e in ex.spec["activations"]]
            if ex.kind == "activation"
            else [(a, activations.REGISTRY[a].title) for a in ex.spec["activations"]]
        )
        ident = f"mlpx-{name}-activation"
        options = "".join(f'<option value="{v}">{html.escape(t)}</option>' for v, t in choices)
        controls += (
            f'<div class="mlpx-param"><label for="{ident}">activation</label>'
            f'<select id="{ident}" name="activation">{options}</select></div>'
        )
    controls += "".join(param_html(name, p) for p in ex.params)
    return (
        f'<figure class="mlpx" data-explorer="{name}" hidden '
        f'data-spec="{html.escape(json.dumps(spec, separators=(",", ":")))}">'
        f'<figcaption class="mlpx-title"><strong>Explore: {html.escape(ex.title)}.</strong> '
        f"{html.escape(ex.description)}</figcaption>"
        f'<div class="mlpx-controls">{controls}</div>'
        f'<div class="mlpx-plot"></div></figure>'
    )


class ExplorerDirective(SphinxDirective):
    """``{explorer} NAME``: an interactive explorer in the HTML book, nothing in the PDF."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in explorers():
            raise self.error(f"unknown explorer {name!r}; known: {sorted(explorers())}")
        # The explorer's HTML (the depth grid, the exact values) is made from the library
        # and this module: a change to either must rebuild the page, not only its source.
        import mlpbook

        for source in [Path(__file__), *Path(mlpbook.__file__).parent.glob("*.py")]:
            self.env.note_dependency(str(source))
        cache = Path(self.env.app.outdir).parent / ".explorers"
        data = {"std": depth_grid(cache)} if name == "depth" else None
        return [nodes.raw("", explorer_html(name, data), format="html")]


# --------------------------------------------------------------------------------------
# Static files and Sphinx glue
# --------------------------------------------------------------------------------------

STATIC = Path(__file__).resolve().parent / "explorers"


def script() -> str:
    """``_static/explorers.js``: the generated formulas, then the drawing code."""
    return formulas_js() + (STATIC / "explorers.js").read_text(encoding="utf-8")


def _on_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any):
    if "data-explorer=" in context.get("body", ""):
        app.add_js_file("explorers.js", priority=600)
        app.add_css_file("explorers.css")


def _on_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / "explorers.js").write_text(script(), encoding="utf-8")
        css = (STATIC / "explorers.css").read_text(encoding="utf-8")
        (static / "explorers.css").write_text(css, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``explorer`` directive and write its script and stylesheet."""
    app.add_directive("explorer", ExplorerDirective)
    app.connect("html-page-context", _on_page)
    app.connect("build-finished", _on_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
