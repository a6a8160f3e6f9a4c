"""ULP accuracy of every NumPy implementation against the 50-digit reference built
from the same SymPy expression (mlpbook.symbolic.reference)."""

from __future__ import annotations

import dataclasses

import mpmath
import numpy as np
import pytest
import sympy as sp

from mlpbook import activations, display, numerics, symbolic

GRID = numerics.grid()

# (registry name, derivative?) -> bound in ULPs: the library's contract, kept in numerics.
BOUNDS = numerics.ULP_BOUNDS

ROOTS = {key: numerics.derivative_root(key[0]) for key in numerics.ROOT_GUESSES}

#: SymPy's derivative of the sigmoid, e^{−x}/(1 + e^{−x})², lambdified.
SIG_GRAD_DIFF = sp.lambdify(symbolic.x, activations.get("sigmoid").grad_expr(), "numpy")


def _profile(name: str, derivative: bool) -> numerics.Profile:
    entry = activations.get(name)
    f = entry.grad if derivative else entry.fn
    e = entry.grad_expr() if derivative else entry.expr
    scale = numerics.error_scale(name, derivative)
    return numerics.error_profile(
        lambda v: f(v, **entry.defaults), e, GRID, entry.symbol_values(), scale
    )


@pytest.mark.parametrize(("name", "derivative"), sorted(BOUNDS))
def test_ulp_bound(name: str, derivative: bool) -> None:
    profile = _profile(name, derivative)
    worst = profile.max_ulps()
    bound = BOUNDS[(name, derivative)]
    assert worst <= bound, (
        f"{name}{'_grad' if derivative else ''}: {worst:.2f} ULP > {bound} "
        f"at x = {profile.worst_x()!r}"
    )
    # the graded set really covers the grid (true values in the normal range)
    assert profile.graded.sum() > 0.5 * GRID.size


def test_grid_is_dense_around_thresholds_and_roots() -> None:
    for point in [*numerics.THRESHOLDS, *(-t for t in numerics.THRESHOLDS), *ROOTS.values()]:
        window = GRID[np.abs(GRID - point) <= 0.5]
        assert window.size >= 200 and np.diff(window).max() < 0.0051, point


@pytest.mark.parametrize("name", ["swish", "gelu"])
def test_error_scale_is_the_size_of_the_terms(name: str) -> None:
    """S = |g| + |x·g′| for f = x·g: equal to |f′| where both terms share a sign
    (x > 0), strictly larger where they cancel, and positive at the root of f′."""
    entry = activations.get(name)
    scale, grad, subs = numerics.error_scale(name, True), entry.grad_expr(), entry.symbol_values()
    assert scale is not None and numerics.error_scale(name, False) is None
    for v in (0.5, 3.0):
        s, g = symbolic.reference(scale, v, subs), symbolic.reference(grad, v, subs)
        with mpmath.workdps(60):
            assert abs(s - abs(g)) <= abs(g) * mpmath.mpf(10) ** -45
    root = ROOTS[(name, True)]
    s_root = symbolic.reference(scale, root, subs)
    assert s_root > 0.3 and abs(symbolic.reference(grad, root, subs)) < 1e-15
    s_far, g_far = (symbolic.reference(e, -3.0, subs) for e in (scale, grad))
    assert abs(g_far) < s_far < 3 * abs(g_far)


def test_roots_are_where_the_library_derivatives_change_sign() -> None:
    for (name, _), root in ROOTS.items():
        grad = activations.get(name).grad
        assert grad(root - 1e-9) < 0 < grad(root + 1e-9)
        assert abs(grad(root)) < 1e-15


@pytest.mark.parametrize("wrt", ["alpha", "beta"])
def test_parameter_derivatives(wrt: str) -> None:
    name, f = {"alpha": ("prelu", activations.prelu_grad_alpha),
               "beta": ("swish", activations.swish_grad_beta)}[wrt]  # fmt: skip
    entry = activations.get(name)
    profile = numerics.error_profile(
        lambda v: f(v, **entry.defaults), entry.grad_expr(wrt), GRID, entry.symbol_values()
    )
    assert profile.max_ulps() <= (0 if wrt == "alpha" else 6)


@pytest.mark.parametrize("beta", [0.0, 0.5, 2.0, -1.0])
def test_swish_other_betas(beta: float) -> None:
    values = np.linspace(-50, 50, 401)
    subs = {symbolic.beta: beta}
    scale = numerics.error_scale("swish", True)
    for f, e, unit in [(activations.swish, symbolic.expr("swish"), None),
                       (activations.swish_grad, symbolic.grad("swish"), scale)]:  # fmt: skip
        p = numerics.error_profile(lambda v, f=f: f(v, beta=beta), e, values, subs, unit)
        # βx is rounded for β ≠ ±1, 2^k, which costs up to |βx| ULP in σ(βx)
        assert p.max_ulps() <= 10 + 2 * 50 * abs(beta)


@pytest.mark.parametrize(
    ("name", "derivative"),
    [("sigmoid", True), ("tanh", False), ("tanh", True), ("softplus", False),
     ("swish", True), ("gelu", False), ("elu", False)],
)  # fmt: skip
def test_naive_forms_fail_where_ours_do_not(name: str, derivative: bool) -> None:
    entry = activations.get(name)
    e = entry.grad_expr() if derivative else entry.expr
    naive = numerics.error_profile(numerics.naive(name, derivative), e, GRID, entry.symbol_values())
    assert naive.max_ulps() > 1e6


def test_naive_failure_points() -> None:
    """The thresholds quoted in the book, measured."""
    softplus = numerics.naive("softplus")
    tanh = numerics.naive("tanh")
    sig_grad = numerics.naive("sigmoid", derivative=True)
    sig_grad_diff = SIG_GRAD_DIFF
    with np.errstate(all="ignore"):
        assert (
            np.isinf(softplus(np.array([709.79])))[0]
            and np.isfinite(softplus(np.array([709.78])))[0]
        )
        assert np.isnan(tanh(np.array([355.0])))[0] and not np.isnan(tanh(np.array([354.8])))[0]
        assert softplus(np.array([-36.8]))[0] == 0 and softplus(np.array([-36.7]))[0] > 0
        # σ(1 − σ): 0 once σ rounds to 1 (from 36.74), long before the truth underflows
        assert sig_grad(np.array([36.8]))[0] == 0 and sig_grad(np.array([36.7]))[0] > 0
        # and off by thousands of ULP already at 10 (1 − σ keeps only σ's last bits)
        ref = numerics.reference_values(symbolic.grad("sigmoid"), [10.0])[0]
        assert numerics.ulps(sig_grad(np.array([10.0]))[0], ref) > 1000
        assert np.isnan(sig_grad_diff(np.array([-709.79])))[0]  # SymPy's: inf/inf


def test_textbook_forms_equal_the_registry() -> None:
    """Each textbook form is the registry's expression (or its derivative), proved."""
    forms = numerics.textbook_forms()
    assert set(forms) == {("tanh", False), ("sigmoid", True)}
    for (name, derivative), form in forms.items():
        entry = activations.get(name)
        target = entry.grad_expr() if derivative else entry.expr
        assert symbolic.proved_equal(form, target), name

    # the naive sigmoid′ is σ(1 − σ), not SymPy's e^{−x}/(1 + e^{−x})²
    def typed(v: np.ndarray) -> np.ndarray:
        s = 1 / (1 + np.exp(-v))
        return s * (1 - s)

    sig_grad, at = numerics.naive("sigmoid", True), np.array([-3.0, 0.5, 20.0])
    assert np.allclose(sig_grad(at), typed(at), rtol=1e-15, atol=0)
    assert not np.array_equal(sig_grad(np.array([20.0])), SIG_GRAD_DIFF(np.array([20.0])))


def _softmax_vectors() -> list[np.ndarray]:
    rng = np.random.default_rng(20261124)
    out = []
    for n in (2, 3, 5, 10, 40):
        for _ in range(6):
            out.append(rng.uniform(-1000, 800, n))
            out.append(rng.uniform(-30, 30, n))
    out.append(np.array([800.0, 800.0 - 1e-12, -1000.0]))
    out.append(np.array([0.1, -700.3, -40.0, 0.0]))
    return out


@pytest.mark.parametrize("kind", ["softmax", "log_softmax"])
def test_softmax_ulps(kind: str) -> None:
    f = getattr(activations, kind)
    make = getattr(symbolic, f"{kind}_expr")
    worst = 0.0
    for v in _softmax_vectors():
        refs = symbolic.reference_vector(list(make(v.size)), symbolic.softmax_symbols(v.size), v)
        for c, r in zip(f(v), refs, strict=True):
            if r == 0 or abs(r) >= numerics.TINY:
                worst = max(worst, numerics.ulps(c, r))
    assert worst <= (4 if kind == "softmax" else 3), worst


def test_reference_converged() -> None:
    """50 digits means 50 digits: more working precision changes nothing."""
    for name in activations.REGISTRY:
        entry = activations.get(name)
        for e in (entry.expr, entry.grad_expr()):
            for v in (-800.0, -300.5, -37.6, -1e-200, 1e-30, 2.5, 354.9, 800.0):
                a = symbolic.reference(e, v, entry.symbol_values(), digits=50)
                b = symbolic.reference(e, v, entry.symbol_values(), digits=90)
                assert a == b or abs(a - b) <= abs(b) * mpmath.mpf(10) ** -50, (name, v)


def test_comparison_counts_the_naive_failures() -> None:
    values = np.array([-40.0, -3.0, 0.0, 1.0, 800.0])
    softplus = numerics.compare("softplus", False, values)
    assert softplus.stable_max() <= softplus.bound
    assert softplus.naive_nonfinite() == 1  # log(1 + e^800) = log(inf)
    assert softplus.naive_bad() >= 2  # 0 instead of 4e-18 at −40, inf at 800
    swish = numerics.compare("swish", True, np.array([-1.3, -800.0, 2.0]))
    # graded in units of the terms' scale, so the point next to the root counts too
    assert swish.stable.graded[0] and swish.stable_max() <= swish.bound
    table = display.comparison_table([softplus, swish])
    assert [row[0] for row in table.rows] == ["`softplus`", "`swish′`†"]
    assert table.rows[0][3] == "yes" and table.rows[0][4] == "∞"


def test_threshold_finds_the_first_float() -> None:
    first = numerics.threshold(lambda v: np.isinf(np.exp(v)), 700, 720)
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(first)) and np.isfinite(np.exp(np.nextafter(first, 0)))
    assert abs(first - np.log(np.finfo(np.float64).max)) < 1e-12
    with pytest.raises(ValueError, match="predicate"):
        numerics.threshold(lambda v: v > 0, 1, 2)


@pytest.mark.parametrize(("name", "derivative"), sorted(numerics.stable_forms()))
def test_stable_forms_are_identities(name: str, derivative: bool) -> None:
    form = numerics.stable_forms()[(name, derivative)]
    target = symbolic.grad(name) if derivative else symbolic.expr(name)
    assert symbolic.proved_equal_on_both_sides(form.rewrite(sp.erf), target)
    # and they describe the library: a float evaluation matches its kernel
    entry = activations.get(name)
    f = entry.grad if derivative else entry.fn
    for v in (-30.0, -0.5, 2.0, 40.0):
        assert float(f(v)) == pytest.approx(float(form.subs(symbolic.x, v).evalf(30)), rel=1e-14)


def test_both_sides_proof_can_say_no() -> None:
    assert not symbolic.proved_equal_on_both_sides(sp.Abs(symbolic.x), symbolic.x)


#: Inputs per function for the randomized search in the test suite; `make bench` runs
#: the large search (hundreds of thousands per function, BENCH_SEARCH_POINTS).
SEARCH_POINTS = 300


def test_random_search_stays_within_every_bound() -> None:
    """The accuracy contract off the grid: random inputs over the whole float64 range,
    on [−800, 800] and near every threshold, root and switch point."""
    for result in numerics.random_search_all(SEARCH_POINTS, seed=7):
        assert result.graded > SEARCH_POINTS // 2, result
        assert result.max_ulps <= result.bound, result


def test_search_points_cover_the_whole_range() -> None:
    points = numerics.search_points(3000, seed=1)
    assert points.size == 3000 and np.isfinite(points).all()
    magnitudes = np.abs(points[points != 0])
    assert magnitudes.min() < 1e-300 and magnitudes.max() > 1e300
    assert (points < 0).any() and (points > 0).any()
    assert np.sum(np.abs(points - 36.74) < 1e-6) > 0  # near a threshold


def test_random_search_finds_a_planted_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel that is wrong on a narrow stretch far from the grid is caught."""

    def wrong_far_out(v: np.ndarray) -> np.ndarray:
        return np.where((v > 1e50) & (v < 1e60), v * (1 + 1e-12), activations.softplus(v))

    broken = dataclasses.replace(activations.get("softplus"), fn=wrong_far_out)
    monkeypatch.setitem(activations.REGISTRY, "softplus", broken)
    result = numerics.random_search("softplus", False, 3000, seed=3)
    assert result.max_ulps > 100 and 1e50 < result.worst_x < 1e60, result


def test_gelu_exponent_error_is_zero_at_the_clip_point() -> None:
    """GELU's kernel clips x to [−40, −19/16] before computing the exponent error D,
    so that every x ≥ −19/16 is multiplied by exactly 1: that needs D(−19/16) = 0."""
    a = np.array([activations._GELU_NO_CORRECTION, -3.0])
    d = activations._gelu_exponent_error(a, np.empty((4, 2)))
    assert d[0] == 0.0 and d[1] != 0.0


def test_search_reference_is_the_reference() -> None:
    """The randomized search's evaluation (shared exponentials, no argument checks) gives
    the numbers of symbolic.reference, and its exp of a large argument mpmath's."""
    for name in ("softplus", "swish", "gelu", "tanh"):
        entry = activations.get(name)
        for e in (entry.expr, entry.grad_expr()):
            subs = entry.symbol_values()
            for v in (-745.1, -36.74, -1e-300, 0.5, 19.0, 800.0):
                numerics._MEMO.clear()
                assert numerics._near_reference(e, v, subs) == symbolic.reference(e, v, subs)
    for z in (2e4, -3e4, 1e6 + 0.25):
        with mpmath.workdps(40):
            fast, slow = numerics._far_exp(mpmath.mpf(z)), mpmath.exp(mpmath.mpf(z))
            assert abs(fast / slow - 1) < mpmath.mpf(10) ** -38


def test_stored_references_are_the_computed_ones(tmp_path, monkeypatch) -> None:
    """A reference read back from the store (REFERENCE_CACHE_ENV) is the computed
    mpf to the last bit; a damaged file is recomputed; other parameters, another key."""
    monkeypatch.setenv(numerics.REFERENCE_CACHE_ENV, str(tmp_path))
    entry = activations.get("elu")
    values = np.array([-700.0, -1.5, -1e-300, 0.0, 2.5])
    subs = entry.symbol_values()
    numerics._reference_cached.cache_clear()
    computed = numerics.reference_values(entry.expr, values, subs)
    (stored,) = tmp_path.glob("*.json")
    numerics._reference_cached.cache_clear()
    with monkeypatch.context() as m:  # read back, not computed again
        m.setattr(symbolic, "reference", lambda *args: pytest.fail("recomputed"))
        again = numerics.reference_values(entry.expr, values, subs)
    assert [r._mpf_ for r in again] == [r._mpf_ for r in computed]
    assert computed[1] != float(computed[1])  # more digits than a float holds
    stored.write_text("[[0, 1", encoding="utf-8")  # a half-written file
    numerics._reference_cached.cache_clear()
    assert numerics.reference_values(entry.expr, values, subs) == computed
    numerics.reference_values(entry.expr, values, {s: 0.5 for s in subs})
    assert len(list(tmp_path.glob("*.json"))) == 2
    numerics._reference_cached.cache_clear()
