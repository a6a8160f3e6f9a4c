"""``make bench`` (``python -m tools.bench``): the figures the README and the closing notes quote.

Prints build times (clean and cached), raw notebook execution time, test-suite
time, the speed of the stable functions against naive forms and scipy.special, the
softmax Jacobian–vector product against forming the Jacobian, page weights, and the
redraw time of the HTML book's explorers.
Nothing here asserts a time; it only measures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import special

from mlpbook import activations as A
from mlpbook import numerics
from tools import commands

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _timed(command: list[str | Path], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def builds() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(
            ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "node_modules")
        )
        (copy / "node_modules").symlink_to(ROOT / "node_modules")  # MathJax for the math
        build = [BIN / "jupyter-book", "build", ".", *commands.JB_FLAGS]
        print(f"clean build (committed outputs)   {_timed(build, copy):7.1f} s")
        print(f"cached rebuild, no change          {_timed(build, copy):7.1f} s")


def execution() -> None:
    import nbformat
    from nbclient import NotebookClient

    pages = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("solutions/*.ipynb"))
    print(
        f"{'notebook':45s} {'wall s':>7s} {'kernel CPU s':>12s}   (target {NOTEBOOK_LIMIT_S:.0f} s)"
    )
    for path in pages:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        cpu = float("nan")
        with client.setup_kernel():
            client.execute(cleanup_kc=False)
            cpu = _kernel_cpu(client)
        seconds = time.perf_counter() - start
        # On a busy machine the wall time includes waiting for a core; the kernel's CPU
        # time is what an idle 2-core machine would take (the kernels run one thread).
        mark = "" if min(seconds, cpu) <= NOTEBOOK_LIMIT_S else "   OVER THE TARGET"
        print(f"execution of {path.relative_to(ROOT)!s:32s} {seconds:7.1f} {cpu:12.1f}{mark}")


def _kernel_cpu(client: object) -> float:
    """User + system CPU seconds of the notebook's kernel process (NaN if unknown)."""
    try:
        import psutil

        pid = client.km.provisioner.process.pid
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system + times.children_user + times.children_system
    except Exception:  # no psutil, or a provisioner without a local process
        return float("nan")


def test_suite() -> None:
    tests = commands.pytest_command(commands.TEST_PATHS, "-q", "-p", "no:cacheprovider")
    print(f"test suite (pytest + nbval)        {_timed(tests):7.1f} s")
    portability = [sys.executable, "-m", "tools.portability"]
    print(f"portability check (2 profiles)     {_timed(portability):7.1f} s")


#: Targets of issue 25: a notebook runs in under 20 s; GELU takes at most 1.5 times
#: SciPy's x·ndtr(x), softplus and swish at most 1.3 times their naive formula.
NOTEBOOK_LIMIT_S = 20.0
RATIO_TARGETS = {"gelu": ("scipy", 1.5), "softplus": ("naive", 1.3), "swish": ("naive", 1.3)}


#: Repeats of each timing in :func:`speed` (at least 7, as issue 25 asks).
SPEED_REPEATS = 9


def _interleaved(fs: dict[str, Callable[[], object]], repeat: int = SPEED_REPEATS):
    """CPU times of every function of ``fs``, ``repeat`` rounds, the functions run one
    after another in each round (in reverse order every other round), so that a
    change in the machine's load affects all of them alike. Returns the times, a list
    per name. CPU time (this process, all threads): the kernels compared are
    single-threaded NumPy and SciPy loops, so on an idle machine this equals their
    wall-clock time, and on a busy one it leaves out the time spent waiting for a core."""
    times: dict[str, list[float]] = {name: [] for name in fs}
    names = list(fs)
    for r in range(repeat):
        for name in names if r % 2 == 0 else names[::-1]:
            start = time.process_time()
            fs[name]()
            times[name].append(time.process_time() - start)
    return times


def _median_ratio(a: list[float], b: list[float]) -> float:
    """The median over the rounds of a's time divided by b's in the same round."""
    return float(np.median(np.asarray(a) / np.asarray(b)))


def speed() -> None:
    # the formulas as a reader types them: numerics.naive, the textbook forms
    naive = {
        name: numerics.naive(name) for name in ("sigmoid", "softplus", "swish", "tanh", "gelu")
    }
    scipy_forms = {"sigmoid": special.expit, "softplus": lambda v: np.logaddexp(0, v),
                   "gelu": lambda v: v * special.ndtr(v), "tanh": np.tanh}  # fmt: skip
    rng = np.random.default_rng(0)
    print(
        f"x uniform on [-20, 20]; CPU times, median of {SPEED_REPEATS} interleaved rounds;"
        " a ratio is the median of the rounds' ratios"
    )
    print("function   n       stable ms   naive ms   ratio   scipy ms   ratio   target")
    for n in (10**6, 10**7):
        x = rng.uniform(-20, 20, n)
        for name, f_naive in naive.items():
            f_stable = A.get(name).fn
            fs = {"stable": lambda f=f_stable, x=x: f(x), "naive": lambda f=f_naive, x=x: f(x)}
            sp_form = scipy_forms.get(name)
            if sp_form:
                fs["scipy"] = lambda f=sp_form, x=x: f(x)
            with np.errstate(all="ignore"):
                for f in fs.values():
                    f()  # warm-up
                times = _interleaved(fs)
            ms = {k: float(np.median(v)) * 1e3 for k, v in times.items()}
            ratios = {k: _median_ratio(times["stable"], times[k]) for k in fs if k != "stable"}
            sp_ms, sp_ratio = "       —", "      —"
            if sp_form:
                sp_ms, sp_ratio = f"{ms['scipy']:8.1f}", f"{ratios['scipy']:7.2f}"
            target = ""
            if name in RATIO_TARGETS:
                against, limit = RATIO_TARGETS[name]
                met = "met" if ratios[against] <= limit else "NOT MET"
                target = f"≤ {limit} × {against}: {met}"
            print(f"{name:9s} {n:8d} {ms['stable']:10.1f} {ms['naive']:10.1f} "
                  f"{ratios['naive']:7.2f} {sp_ms} {sp_ratio}   {target}", flush=True)  # fmt: skip


def jacobian() -> None:
    n = 10**4
    r = numerics.jvp_timing(n, repeat=2)
    print(
        f"\nsoftmax J·v at n = 10^4: forming J {r['full_s'] * 1e3:8.1f} ms, "
        f"peak {r['full_bytes'] / 1e9:.2f} GB; softmax_jvp {r['jvp_s'] * 1e6:8.1f} µs, "
        f"peak {r['jvp_bytes'] / 1e6:.2f} MB"
    )


def accuracy() -> None:
    grid = numerics.grid()
    print(
        "\nmax ULP error on the grading grid (library / naive lambdify / bound);"
        "\nswish_grad and gelu_grad in ULPs of their terms' scale (numerics.error_scale)"
    )
    for name in A.REGISTRY:
        for derivative in (False, True):
            c = numerics.compare(name, derivative, grid)
            label = f"{name}{'_grad' if derivative else ''}"
            print(f"  {label:16s} {c.stable_max():10.2f} {c.naive_max():12.3g} {c.bound:6g}")


def search() -> None:
    """The accuracy contract off the grid: :func:`mlpbook.numerics.random_search`."""
    n = int(os.environ.get("BENCH_SEARCH_POINTS", "200000"))
    print(f"randomized search, {n} points per function (BENCH_SEARCH_POINTS), 2 processes")
    print("(graded: points whose true value is 0 or a normal float64; a subnormal one has")
    print(" no comparable ULP)")
    start = time.perf_counter()
    results = numerics.random_search_all(n, seed=2026, processes=2)
    print(f"  {'function':16s} {'points':>7s} {'graded':>7s} {'max ULP':>8s} {'bound':>6s}"
          f"  {'':4s}  worst x")  # fmt: skip
    for r in results:
        verdict = "pass" if r.max_ulps <= r.bound else "FAIL"
        print(f"  {r.label:16s} {r.points:7d} {r.graded:7d} {r.max_ulps:8.2f} {r.bound:6g}"
              f"  {verdict}  {r.worst_x!r}")  # fmt: skip
    failed = sum(r.max_ulps > r.bound for r in results)
    print(f"  {len(results) - failed} of {len(results)} within their bound "
          f"({time.perf_counter() - start:.0f} s wall, on this machine at this load)")  # fmt: skip


def page_weight() -> None:
    print("page weight (HTML + every file it requests) and the largest script it loads")
    subprocess.run([sys.executable, "-m", "tests.browser", "weight"], cwd=ROOT, check=True)


def explorer_redraw() -> None:
    print("explorer redraw (mean over input events; one frame is 16.7 ms at 60 Hz)")
    subprocess.run([sys.executable, "-m", "tests.browser", "redraw"], cwd=ROOT, check=True)


STEPS: list[tuple[str, Callable[[], None]]] = [
    ("builds", builds),
    ("notebook execution", execution),
    ("test suite", test_suite),
    ("speed", speed),
    ("accuracy", accuracy),
    ("search", search),
    ("softmax Jacobian", jacobian),
    ("page weight", page_weight),
    ("explorer redraw", explorer_redraw),
]


def main(argv: list[str] | None = None) -> int:
    """Run every step (or only those named on the command line, e.g.
    ``python -m tools.bench speed accuracy``); a failing step is reported and the
    others still run. The exit code is 1 if any step failed."""
    names = sys.argv[1:] if argv is None else argv
    known = {label.split()[0] for label, _ in STEPS}
    unknown = sorted(set(names) - known)
    if unknown:
        print(f"unknown steps {unknown}; the steps are {sorted(known)}", file=sys.stderr)
        return 2
    failed = []
    for label, step in STEPS:
        if names and label.split()[0] not in names:
            continue
        try:
            step()
        except Exception as error:  # report and go on: the other figures still count
            print(f"\n[bench] step '{label}' FAILED: {error!r}")
            if isinstance(error, subprocess.CalledProcessError):
                for stream in (error.stdout, error.stderr):
                    if stream:
                        print(stream.decode(errors="replace")[-1500:])
            failed.append(label)
        print(flush=True)
    if failed:
        print(f"[bench] failed steps: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
