"""The explorers of the HTML book (tools/explorers.py, issue 24).

The first tests need no browser: the JavaScript is printed from the SymPy expressions,
the erf series is SymPy's, the depth grid is Chapter 7's code. The browser tests move
every input of every explorer to at least three values (the first by keyboard), read
back the ``data-samples`` of every curve and compare them with the NumPy kernels of
:mod:`mlpbook.activations`: relative error at most 1e-12 where both are finite, looser
only for GELU, whose erf is the documented series (:func:`tools.explorers.erf_error_bound`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, symbolic
from tests import browser as B
from tools import explorers as E

#: Where each explorer lives.
PAGES = B.EXPLORER_PAGES
REL = 1e-12
#: Bytes the explorers may add to a page (issue 24).
ADDED_LIMIT = 30_000


# ---- no browser -----------------------------------------------------------------------


def test_every_formula_is_printed_from_its_sympy_expression() -> None:
    printed = E.formulas()
    for name in activations.REGISTRY:
        args = ", ".join(str(a) for a in E.activation_args(name))
        assert printed[name] == f"({args}) => {E.js(symbolic.expr(name))}"
        assert printed[f"{name}_grad"] == f"({args}) => {E.js(symbolic.grad(name))}"
    assert "Math.exp(beta*x)" in printed["swish"] or "Math.exp(-beta*x)" in printed["swish"]
    assert "mlpErf" in printed["gelu"] and "mlpErf" in printed["gelu_grad"]


def test_printer_refuses_what_javascript_lacks() -> None:
    with pytest.raises(Exception, match=r"(?i)not supported|lowergamma"):
        E.js(sp.lowergamma(symbolic.x, 2))


def test_erf_series_ratio_is_sympys() -> None:
    z = sp.Symbol("z")
    series = sp.series(sp.erf(z) * sp.exp(z**2), z, 0, 42).removeO()
    c = [series.coeff(z, 2 * n + 1) for n in range(20)]
    assert c[0] == 2 / sp.sqrt(sp.pi)
    for n in range(19):  # term ratio u/(2n + 3) with u = 2z²: coefficient ratio 2/(2n + 3)
        assert sp.simplify(c[n + 1] / c[n] - sp.Rational(2, 2 * n + 3)) == 0
    assert "u / (2 * n + 3)" in E.ERF_JS
    assert repr(float(c[0])) in E.ERF_JS


def test_softmax_jacobian_is_factored_and_equal_to_sympys() -> None:
    _, J = E.softmax_with_temperature()
    xs = symbolic.softmax_symbols(3)
    raw = symbolic.softmax_jacobian_expr(3).subs({v: v / E.T for v in xs}, simultaneous=True)
    for i in range(3):
        for k in range(3):
            assert sp.simplify(J[i, k] - raw[i, k] / E.T) == 0
    # the factored diagonal has no difference in it: e1·(e2 + e3)/(e1 + e2 + e3)²
    assert not any(t.could_extract_minus_sign() for t in sp.Add.make_args(sp.numer(J[0, 0])))


def test_exact_values_at_zero() -> None:
    assert E.exact_at_zero("sigmoid") == {"f0": "1/2", "df0": "1/4"}
    assert E.exact_at_zero("prelu") == {"f0": "0", "df0_left": "α", "df0_right": "1"}
    assert E.exact_at_zero("swish") == {"f0": "0", "df0": "1/2"}
    assert E.exact_at_zero("softplus")["f0"] == "log(2)"


def test_erf_error_bound_grows_where_one_plus_erf_cancels() -> None:
    assert E.erf_error_bound(2.0) == 2 * E.ERF_REL_BOUND
    assert E.erf_error_bound(-4.0) > 1e3 * E.erf_error_bound(-0.5)
    assert E.erf_error_bound(-4.0) < 2e-9


# ---- in the browser -----------------------------------------------------------------

_SET = """([name, param, value]) => {
  const root = document.querySelector(`[data-explorer="${name}"]`);
  const input = root.querySelector(`[name="${param}"]`);
  input.value = String(value);
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
}"""

_READ = """(name) => {
  const root = document.querySelector(`[data-explorer="${name}"]`);
  const out = {curves: {}, params: {}, outputs: {}, hidden: root.hidden};
  root.querySelectorAll('path[data-curve]').forEach(p => {
    out.curves[p.getAttribute('data-curve')] = JSON.parse(p.getAttribute('data-samples')); });
  root.querySelectorAll('input, select').forEach(i => { out.params[i.name] = i.value;
    const o = i.parentNode.querySelector('output'); if (o) { out.outputs[i.name] = o.textContent; }
    out[`visible_${i.name}`] = i.offsetParent !== null; });
  const m = root.querySelector('[data-matrix]');
  if (m) { out.matrix = JSON.parse(m.getAttribute('data-values')); }
  const e = root.querySelector('.mlpx-exact');
  if (e) { out.exact = e.textContent; }
  return out;
}"""


def _close(got: list[list[float]], want: np.ndarray, name: str, tol=None) -> None:
    xs = np.array([p[0] for p in got])
    ys = np.array([np.nan if p[1] is None else p[1] for p in got], dtype=float)
    assert ys.shape == want.shape, name
    finite = np.isfinite(ys) & np.isfinite(want)
    assert finite.sum() >= 0.9 * len(ys), f"{name}: too few finite points"
    bound = REL if tol is None else np.array([REL + tol(x) for x in xs])
    err = np.abs(ys - want) / np.maximum(np.abs(want), np.finfo(float).tiny)
    err = np.where(finite, err, 0)
    worst = int(np.argmax(err / bound))
    assert np.all(err <= bound), f"{name}: x = {xs[worst]}, relative error {err[worst]:.3g}"


def _kernel(name: str, params: dict[str, float]):
    a = activations.REGISTRY[name]
    kw = {p: params[p] for p in (str(s) for s in symbolic.params(name))}
    return (lambda x: a.fn(x, **kw)), (lambda x: a.grad(x, **kw))


def _check_activation(name: str, samples: dict, params: dict[str, float]) -> None:
    f, df = _kernel(name, params)
    tol = E.erf_error_bound if name == "gelu" else None
    for curve, kernel in ((name, f), (f"{name}_grad", df)):
        xs = np.array([p[0] for p in samples[curve]])
        _close(samples[curve], np.asarray(kernel(xs), dtype=float), f"{curve} {params}", tol)


def _values(p: E.Param) -> list[float]:
    """min, a value inside, max (three values of the input's own steps)."""
    steps = round((p.max - p.min) / p.step)
    return [p.min, round(p.min + p.step * (steps // 3), 10), p.max]


@pytest.fixture(scope="module")
def context() -> Iterator[object]:
    if not (B.HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book`")
    with B.browser() as b:
        ctx = B.new_context(b, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()


@pytest.fixture(scope="module")
def pages(context: object) -> Iterator[dict[str, tuple[object, B.PageReport]]]:
    opened = {doc: B.open_page(context, doc) for doc in sorted(set(PAGES.values()))}
    yield opened
    for page, _ in opened.values():
        page.close()


def _read(pages, name: str) -> dict:
    page, _ = pages[PAGES[name]]
    return page.evaluate(_READ, name)


def _set(pages, name: str, param: str, value: object) -> dict:
    page, _ = pages[PAGES[name]]
    page.evaluate(_SET, [name, param, value])
    return _read(pages, name)


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PAGES))
def test_explorer_is_shown_and_moves_by_keyboard(pages, name: str) -> None:
    page, report = pages[PAGES[name]]
    state = _read(pages, name)
    assert state["hidden"] is False and state["curves"], state
    if "activation" in state["params"]:  # a list: the arrow keys pick the next entry
        page.locator(f'[data-explorer="{name}"] [name="activation"]').focus()
        page.keyboard.press("ArrowDown")
        picked = _read(pages, name)
        assert picked["params"]["activation"] != state["params"]["activation"]
        assert picked["curves"].keys() != state["curves"].keys() or name == "depth"
        assert picked["curves"] != state["curves"]
        if name == "activation":  # the first two have no parameter: go to Swish's β
            state = _set(pages, name, "activation", "swish")
    ex = E.explorers()[name]
    p = next(q for q in ex.params if state.get(f"visible_{q.name}"))
    before = float(state["params"][p.name])
    page.locator(f'[data-explorer="{name}"] [name="{p.name}"]').focus()
    page.keyboard.press("ArrowLeft" if before >= p.max else "ArrowRight")
    after = _read(pages, name)
    moved = float(after["params"][p.name])
    assert abs(abs(moved - before) - p.step) < 1e-9, (before, moved)
    assert float(after["outputs"][p.name]) == pytest.approx(moved)
    assert after["curves"] != state["curves"]
    # the page-level checks of test_browser: nothing leaves the machine, no error
    assert not report.failures(), report.failures()


@pytest.mark.browser
@pytest.mark.parametrize("name,family", [("swish", ("swish",)), ("prelu", ("prelu", "leaky_relu"))])
def test_curve_explorers_match_the_kernels(pages, name: str, family) -> None:
    (p,) = E.explorers()[name].params
    for value in _values(p):
        state = _set(pages, name, p.name, value)
        assert state["outputs"][p.name] == f"{value:.2f}"
        for kernel_name in family:
            f, df = _kernel(kernel_name, {p.name: value})
            for curve, kernel in ((name, f), (f"{name}_grad", df)):
                pts = state["curves"][curve]
                xs = np.array([q[0] for q in pts])
                assert xs[0] == -4 and xs[-1] == 4 and len(xs) == 161
                _close(pts, np.asarray(kernel(xs), dtype=float), f"{curve} at {value}")


@pytest.mark.browser
def test_registry_explorer_matches_every_kernel(pages) -> None:
    params = {p.name: p for p in E.explorers()["activation"].params}
    for name in activations.REGISTRY:
        state = _set(pages, "activation", "activation", name)
        own = [str(s) for s in symbolic.params(name)]
        assert sorted(k for k in params if state[f"visible_{k}"]) == sorted(own), name
        defaults = {k: float(state["params"][k]) for k in own}
        assert defaults == dict(activations.REGISTRY[name].defaults), (name, defaults)
        _check_activation(name, state["curves"], defaults)
        exact = E.exact_at_zero(name)
        assert f"f(0) = {exact['f0']}" in state["exact"], state["exact"]
        for key in own:
            for value in _values(params[key]):
                moved = _set(pages, "activation", key, value)
                _check_activation(name, moved["curves"], {**defaults, key: value})
        if not own:  # no parameter: three values of the registry choice itself
            assert len(state["curves"][name]) == 161


@pytest.mark.browser
def test_softmax_explorer_matches_the_kernels(pages) -> None:
    params = E.explorers()["softmax"].params
    for p in params:
        for value in _values(p):
            state = _set(pages, "softmax", p.name, value)
            x = np.array([float(state["params"][f"x{i}"]) for i in (1, 2, 3)])
            t = float(state["params"]["temperature"])
            bars = state["curves"]["softmax"]
            assert [q[0] for q in bars] == [1, 2, 3]
            _close(bars, activations.softmax(x / t), f"softmax {x}, T = {t}")
            J = np.array(state["matrix"])
            want = activations.softmax_jacobian(x / t) / t
            err = np.abs(J - want) / np.abs(want)
            assert err.max() <= REL, (x, t, err.max())


@pytest.mark.browser
def test_depth_explorer_shows_chapter_sevens_numbers(pages) -> None:
    from threadpoolctl import threadpool_limits

    from mlpbook import signal_propagation

    (p,) = E.explorers()["depth"].params
    for act in E.DEPTH_ACTIVATIONS:
        _set(pages, "depth", "activation", act)
        for value in _values(p):
            state = _set(pages, "depth", "variance", value)
            pts = state["curves"]["activation_std"]
            assert [q[0] for q in pts] == list(range(1, 51))
            with threadpool_limits(1):
                want = signal_propagation.depth_profile(
                    act, "lecun", 50, scale=math.sqrt(value)
                ).activation_std
            # the page carries DEPTH_DIGITS significant digits: half a unit of the last
            got = np.array([q[1] for q in pts])
            assert np.all(np.abs(got - want) <= 0.5 * 10.0 ** (1 - E.DEPTH_DIGITS) * want), (
                act,
                value,
            )


@pytest.mark.browser
def test_explorers_add_at_most_30_kb_to_a_page(pages) -> None:
    static = B.HTML / "_static"
    script = (static / "explorers.js").stat().st_size + (static / "explorers.css").stat().st_size
    for doc in sorted(set(PAGES.values())):
        _, report = pages[doc]
        # the page-weight test counts what a page requests: the explorers' files are in it
        requested = {u.split("?")[0] for u in report.requests}
        assert any(u.endswith("_static/explorers.js") for u in requested), doc
        assert any(u.endswith("_static/explorers.css") for u in requested), doc
        text = (B.HTML / f"{doc}.html").read_text(encoding="utf8")
        inline = sum(
            len(chunk.split("</figure>")[0].encode())
            for chunk in text.split('<figure class="mlpx"')[1:]
        )
        added = script + inline
        print(f"{doc}: {added} bytes added ({script} script and style, {inline} inline)")
        assert added <= ADDED_LIMIT, (doc, added)


def test_pages_without_explorers_load_no_explorer_script() -> None:
    for doc in B.toc_pages():
        text = B.page_path(doc).read_text(encoding="utf8") if B.page_path(doc).exists() else ""
        assert ("explorers.js" in text) == (doc in PAGES.values()), doc


def test_added_bytes_are_measured_on_real_files() -> None:
    assert Path(E.STATIC / "explorers.js").stat().st_size > 1000
    assert json.loads(json.dumps(E.formulas()))


@pytest.mark.browser
def test_generated_erf_is_within_its_bound(pages) -> None:
    """The series of ERF_JS against SciPy's erf on [-8, 8], and GELU beyond the
    explorer's range, within ERF_REL_BOUND and erf_error_bound."""
    from scipy import special

    page, _ = pages[PAGES["activation"]]
    xs = np.linspace(-8, 8, 4001)
    got = np.array(
        page.evaluate(
            "(xs) => xs.map(x => [mlpErf(x / Math.SQRT2), mlpbookFormulas.gelu(x)])",
            xs.tolist(),
        )
    )
    want = special.erf(xs / np.sqrt(2))
    nonzero = want != 0
    err = np.abs(got[nonzero, 0] - want[nonzero]) / np.abs(want[nonzero])
    assert err.max() <= E.ERF_REL_BOUND, err.max()
    gelu = activations.gelu(xs)
    inside = (np.abs(xs) <= 6) & (gelu != 0)
    err = np.abs(got[inside, 1] - gelu[inside]) / np.abs(gelu[inside])
    bound = np.array([REL + E.erf_error_bound(x) for x in xs[inside]])
    assert np.all(err <= bound), float(np.max(err / bound))
