"""``make bench`` (``python -m tools.bench``): the figures the README and the closing notes quote.

Prints build times (clean and cached), raw notebook execution time, test-suite
time, the speed of the stable functions against naive forms and scipy.special, the
softmax Jacobian–vector product against forming the Jacobian, and page weights.
Nothing here asserts a time; it only measures.
"""

from __future__ import annotations

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


def _best(f: Callable[[], object], repeat: int = 5) -> float:
    """The shortest of ``repeat`` wall-clock times of ``f()`` (the library's timer)."""
    return numerics._best_time(f, repeat)


def builds() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git"))
        build = [BIN / "jupyter-book", "build", ".", *commands.JB_FLAGS]
        print(f"clean build (executes notebooks)   {_timed(build, copy):7.1f} s")
        print(f"cached rebuild, no change          {_timed(build, copy):7.1f} s")


def execution() -> None:
    import nbformat
    from nbclient import NotebookClient

    pages = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("solutions/*.ipynb"))
    for path in pages:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        print(f"execution of {path.relative_to(ROOT)!s:32s} {time.perf_counter() - start:7.1f} s")


def test_suite() -> None:
    tests = commands.pytest_command(commands.TEST_PATHS, "-q", "-p", "no:cacheprovider")
    print(f"test suite (pytest + nbval)        {_timed(tests):7.1f} s")
    portability = [sys.executable, "-m", "tools.portability"]
    print(f"portability check (2 profiles)     {_timed(portability):7.1f} s")


def speed() -> None:
    # the formulas as a reader types them: numerics.naive, the textbook forms
    naive = {
        name: numerics.naive(name) for name in ("sigmoid", "softplus", "swish", "tanh", "gelu")
    }
    scipy_forms = {"sigmoid": special.expit, "softplus": lambda v: np.logaddexp(0, v),
                   "gelu": lambda v: v * special.ndtr(v), "tanh": np.tanh}  # fmt: skip
    rng = np.random.default_rng(0)
    print("\nfunction   n       stable ms   naive ms   ratio   scipy ms")
    for n in (10**6, 10**7):
        x = rng.uniform(-20, 20, n)
        for name, f_naive in naive.items():
            f_stable = A.get(name).fn
            stable = _best(lambda f=f_stable, x=x: f(x), 3)
            with np.errstate(all="ignore"):
                slow = _best(lambda f=f_naive, x=x: f(x), 3)
            sp_form = scipy_forms.get(name)
            sp_ms = "       —"
            if sp_form:
                sp_ms = f"{_best(lambda f=sp_form, x=x: f(x), 3) * 1e3:8.1f}"
            print(f"{name:9s} {n:8d} {stable * 1e3:10.1f} {slow * 1e3:10.1f} "
                  f"{stable / slow:7.2f} {sp_ms}")  # fmt: skip


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


def page_weight() -> None:
    print("page weight (HTML + every file it requests)")
    subprocess.run([sys.executable, "-m", "tests.browser", "weight"], cwd=ROOT, check=True)


STEPS: list[tuple[str, Callable[[], None]]] = [
    ("builds", builds),
    ("notebook execution", execution),
    ("test suite", test_suite),
    ("speed", speed),
    ("softmax Jacobian", jacobian),
    ("accuracy", accuracy),
    ("page weight", page_weight),
]


def main() -> int:
    """Run every step; a failing step is reported and the others still run. The
    exit code is 1 if any step failed."""
    failed = []
    for label, step in STEPS:
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
