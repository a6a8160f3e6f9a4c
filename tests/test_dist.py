"""``make dist``: the downloads run without the repository.

The notebooks bundle is unpacked into a temporary folder and one notebook is run
there with nbval, by this interpreter but with the repository's ``mlpbook`` hidden:
the editable install's import hook is removed (a ``sitecustomize`` on
``PYTHONPATH``) and the bundle's folder is the only place ``mlpbook`` can come from.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests import browser as B
from tools import dist
from tools.notebooks import CELL_ID, MESSAGE, SOURCE, with_requirements_cell

ROOT = Path(__file__).resolve().parent.parent
#: The notebook executed from the bundle (the quickest chapter to run).
NOTEBOOK = "chapters/mlp.ipynb"

#: Loaded at start-up: drops the editable install's finder for the repository's mlpbook.
MASK = """import sys
sys.meta_path[:] = [f for f in sys.meta_path
                    if not getattr(f, "__module__", "").startswith("__editable___mlpbook")]
sys.path[:] = [p for p in sys.path if p not in {REPO!r}]
"""


@pytest.fixture(scope="module")
def downloads() -> dict[str, Path]:
    paths = {"pdf": dist.DIST / "book.pdf", "bundle": dist.DIST / "mlpbook-notebooks.zip",
             "site": dist.DIST / "book-html.zip"}  # fmt: skip
    if not all(p.exists() for p in paths.values()):
        subprocess.run(["make", "dist"], cwd=ROOT, check=True)
    return paths


@pytest.fixture(scope="module")
def bundle(downloads: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(downloads["bundle"]) as zf:
        zf.extractall(target)
    return target / dist.BUNDLE_DIR


def _env(tmp: Path, *path: Path) -> dict[str, str]:
    mask = tmp / "mask"
    mask.mkdir(exist_ok=True)
    repo = [str(ROOT), str(ROOT / "mlpbook")]
    (mask / "sitecustomize.py").write_text(MASK.replace("{REPO!r}", repr(set(repo))))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONPATH"] = os.pathsep.join([str(mask), *map(str, path)])
    return env


def test_bundle_holds_notebooks_package_requirements_readme(bundle: Path):
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    for nb in dist.notebooks():
        assert nb.as_posix() in names, nb
    assert {"README.md", "requirements.txt", "pyproject.toml", "mlpbook/__init__.py"} <= names
    assert not [n for n in names if n.startswith(("tools/", "tests/")) or "__pycache__" in n]
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    for step in ("python -m venv .venv", "pip install -r requirements.txt", "jupyter lab"):
        assert step in readme


def test_the_bundle_installs_every_file_of_the_package(bundle: Path, tmp_path: Path):
    """A wheel built from the bundle's pyproject.toml holds the package's data files."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(bundle), "--no-deps",
         "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("mlpbook-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        installed = {n for n in zf.namelist() if n.startswith("mlpbook/")}
    shipped = {p.relative_to(bundle).as_posix() for p in (bundle / "mlpbook").rglob("*.*")}
    assert "mlpbook/activations.toml" in shipped
    assert shipped == installed, shipped ^ installed


def test_requirements_pin_the_lock(bundle: Path):
    lock = set((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    lines = [
        line
        for line in (bundle / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    pins, rest = [x for x in lines if "==" in x], [x for x in lines if "==" not in x]
    assert rest == ["."]
    assert set(pins) <= lock
    names = {re.split("==", p)[0].lower() for p in pins}
    assert names == {*dist.runtime_dependencies(), "jupyterlab", "ipykernel"}


def test_every_bundled_notebook_starts_with_the_requirements_cell(bundle: Path):
    for nb in dist.notebooks():
        cells = json.loads((bundle / nb).read_text(encoding="utf-8"))["cells"]
        assert cells[0]["id"] == CELL_ID and "".join(cells[0]["source"]) == SOURCE, nb
        committed = json.loads((ROOT / nb).read_text(encoding="utf-8"))["cells"]
        assert cells[1:] == committed, f"{nb}: the other cells must be the committed ones"


def test_requirements_cell_explains_a_missing_package(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-c", SOURCE], cwd=tmp_path, env=_env(tmp_path),
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode != 0
    assert "ModuleNotFoundError" in run.stderr
    assert MESSAGE in " ".join(run.stderr.split()), run.stderr[-600:]


def test_requirements_cell_is_inserted_once():
    nb = {"cells": [{"cell_type": "code", "id": "a", "source": "x"}], "nbformat": 4,
          "nbformat_minor": 4, "metadata": {}}  # fmt: skip
    once = with_requirements_cell(nb)
    assert [c["id"] for c in once["cells"]] == [CELL_ID, "a"]
    assert with_requirements_cell(once) == once
    assert nb["cells"][0]["id"] == "a" and len(nb["cells"]) == 1  # the input is not changed
    with pytest.raises(TypeError, match="notebook"):
        with_requirements_cell({"cells": None})


@pytest.mark.slow
def test_a_bundled_notebook_runs_with_only_the_bundle(bundle: Path, tmp_path: Path):
    notebook = bundle / NOTEBOOK
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    # a last cell (no output, so nbval has nothing to compare) proves where mlpbook came from
    check = (
        "import pathlib\n"
        f"assert pathlib.Path(mlpbook.__file__).resolve().is_relative_to({str(bundle.resolve())!r})"
    )
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "where-from",
                        "metadata": {}, "outputs": [], "source": check})  # fmt: skip
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    env = _env(tmp_path, bundle)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", str(notebook)],
        cwd=notebook.parent, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", run.stdout), run.stdout[-500:]


def test_the_mask_hides_the_repository_package(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-c", "import mlpbook"], cwd=tmp_path, env=_env(tmp_path),
        capture_output=True, text=True,
    )  # fmt: skip
    assert "No module named 'mlpbook'" in run.stderr


def test_site_zip_and_html_downloads(downloads: dict[str, Path]):
    with zipfile.ZipFile(downloads["site"]) as zf:
        names = set(zf.namelist())
    prefix = "mlp-derived-html/"
    assert {prefix + "index.html", prefix + "intro.html"} <= names
    assert {prefix + "downloads/book.pdf", prefix + "downloads/mlpbook-notebooks.zip"} <= names
    html = ROOT / "_build" / "html"
    intro = (html / "intro.html").read_text(encoding="utf-8")
    for name in B.DOWNLOADS:  # the links test_browser's link check leaves to this test
        assert f'href="downloads/{name}"' in intro, name
        assert (html / "downloads" / name).read_bytes() == (dist.DIST / name).read_bytes()
