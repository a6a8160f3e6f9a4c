"""``make portability`` (part of ``make test``): nbval and the accuracy tests under
other CPU profiles of the same machine.

The committed notebook outputs and the library's ULP bounds must not depend on the
CPU's instruction set, the BLAS kernel or the thread count. The machine as it is
is covered by the main test run; this script runs every committed notebook under
nbval, and ``tests/test_accuracy.py``, once per profile below, two at a time:

* ``no-avx512``: NumPy may not dispatch to its AVX-512 kernels;
* ``sse-1thread``: NumPy limited to its SSE4.2 baseline (no AVX2, no AVX-512) and
  one BLAS thread.

``OPENBLAS_CORETYPE`` is left as the machine sets it. The SIMD profiles exist on
x86-64 only; elsewhere (ARM) only the thread profile runs, and the script says so.
Usage: ``python -m tools.portability [--jobs N] [PROFILE ...]`` (``--jobs 1`` runs the
profiles one after the other, as ``make test`` does while the main suite uses the other
core).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tools import commands

ROOT = Path(__file__).resolve().parent.parent

#: name → environment variables added to the machine's own.
PROFILES: dict[str, dict[str, str]] = {
    "no-avx512": {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"},
    "sse-1thread": {
        "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
        "OPENBLAS_NUM_THREADS": "1",
    },
}
#: Profiles that only change threads, for machines without x86 SIMD features.
THREADS_ONLY: dict[str, dict[str, str]] = {"1thread": {"OPENBLAS_NUM_THREADS": "1"}}

TARGETS = ["tests/test_accuracy.py", "chapters", "exercises", "solutions"]


def profiles_for_this_machine() -> dict[str, dict[str, str]]:
    if platform.machine().lower() in ("x86_64", "amd64"):
        return PROFILES
    print(f"portability: {platform.machine()} is not x86-64; SIMD profiles skipped")
    return THREADS_ONLY


def run(name: str, extra: dict[str, str]) -> tuple[str, int, str, str, float]:
    """Run the machine report and the tests under one profile:
    (name, exit code, report, test output, seconds)."""
    env = {**os.environ, **extra}
    start = time.perf_counter()
    report = subprocess.run(
        [sys.executable, "-m", "tools.sync", "--report"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    tests = subprocess.run(
        commands.pytest_command(TARGETS, "-q", "-p", "no:cacheprovider"),
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    code = report.returncode or tests.returncode
    output = report.stderr + tests.stdout + tests.stderr
    return name, code, report.stdout.strip(), output, time.perf_counter() - start


def main(argv: list[str]) -> int:
    jobs = 2
    if argv[:1] == ["--jobs"] and len(argv) >= 2 and argv[1].isdigit() and int(argv[1]) > 0:
        jobs, argv = int(argv[1]), argv[2:]
    available = profiles_for_this_machine()
    unknown = [a for a in argv if a not in available]
    if unknown:
        print(f"portability: unknown profile(s) {unknown}; known: {sorted(available)}")
        return 2
    chosen = {k: v for k, v in available.items() if not argv or k in argv}
    failed = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for name, code, report, output, seconds in pool.map(lambda kv: run(*kv), chosen.items()):
            settings = " ".join(f"{k}='{v}'" for k, v in chosen[name].items())
            print(f"portability [{name}] {settings}")
            print("\n".join("  " + line for line in report.splitlines()))
            lines = output.strip().splitlines() or ["(no output)"]
            if code == 0:
                print(f"  {lines[-1]}  ({seconds:.0f} s)")
            else:
                failed.append(name)
                print(f"  FAILED ({seconds:.0f} s):")
                print("\n".join("  " + line for line in lines[-80:]))
    if failed:
        print(f"portability: outputs differ under {', '.join(failed)} (see above)")
        return 1
    print(f"portability: all {len(chosen)} profiles reproduce the committed outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
