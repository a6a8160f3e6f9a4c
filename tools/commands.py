"""The one home of the tool settings that the Makefile and the scripts share: the
Jupyter Book flags and the pytest command line.

The scripts import them; the Makefile reads them with ``python -m tools.commands
NAME``, NAME one of ``jb-flags``, ``pytest-args-unbuilt`` and ``pytest-args-built``.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: Jupyter Book's build flags: any warning fails the build, every reference must
#: resolve (``--nitpick``), and all warnings are reported before it fails. The
#: builder (``--builder html`` or ``pdflatex``) is the caller's.
JB_FLAGS: list[str] = ["--warningiserror", "--nitpick", "--keep-going"]

#: What ``make test`` runs under pytest: the tests, and every notebook under nbval.
TEST_PATHS: list[str] = ["tests", "chapters", "exercises", "solutions"]

#: pytest's options for the suite: nbval compares the committed outputs, in the
#: kernel of the running environment (the venv).
PYTEST_OPTIONS: list[str] = ["--nbval", "--nbval-current-env"]


def pytest_command(paths: list[str] = TEST_PATHS, *extra: str) -> list[str]:
    """The pytest command line of the suite on ``paths``, with the options ``extra``
    (e.g. ``-q``), using the pytest of the running Python's environment."""
    return [str(Path(sys.executable).parent / "pytest"), *PYTEST_OPTIONS, *extra, *paths]


#: The tests of the PDF and the downloads. ``make test`` builds those and runs these
#: in its second stream, after the CPU profiles, while the first runs the rest.
BUILT_TESTS: list[str] = ["tests/test_pdf.py", "tests/test_dist.py"]

#: What ``python -m tools.commands NAME`` prints, for the Makefile: the suite without
#: :data:`BUILT_TESTS`, and those alone.
FOR_MAKE: dict[str, list[str]] = {
    "jb-flags": JB_FLAGS,
    "pytest-args-unbuilt": PYTEST_OPTIONS + [f"--ignore={t}" for t in BUILT_TESTS] + TEST_PATHS,
    "pytest-args-built": PYTEST_OPTIONS + BUILT_TESTS,
}


def main(argv: list[str]) -> int:
    setting = FOR_MAKE.get(argv[0]) if len(argv) == 1 else None
    if setting is None:
        print(f"usage: python -m tools.commands {'|'.join(FOR_MAKE)}", file=sys.stderr)
        return 2
    print(" ".join(setting))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
