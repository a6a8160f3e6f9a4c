"""``make dist`` (``python -m tools.dist``): the downloads of the book.

Writes into ``_build/dist/``:

* ``book.pdf`` — the whole book (``make pdf``);
* ``mlpbook-notebooks.zip`` — every notebook with its outputs (each with a first
  cell saying what it needs, :mod:`tools.notebooks`), the ``mlpbook`` package with a
  minimal ``pyproject.toml``, a ``requirements.txt`` pinned from
  ``requirements.lock`` (the package's runtime dependencies and JupyterLab) and a
  README;
* ``book-html.zip`` — the offline HTML site.

The PDF and the notebooks bundle are also copied into ``_build/html/downloads/``,
where the landing page links them with relative links; the site zip holds them too,
so those links work in an unpacked copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tools.notebooks import BUNDLE_NAME, PDF_NAME, SITE_NAME, write_for_download

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
DIST = BUILD / "dist"
HTML = BUILD / "html"
PDF = BUILD / "pdf" / "book.pdf"
#: The folder name inside the bundle zip.
BUNDLE_DIR = "mlpbook-notebooks"
#: What a reader installs besides the package's own dependencies.
READER_TOOLS = ("jupyterlab", "ipykernel")

README = """# Multilayer Perceptrons, derived — the notebooks

Every page of the book as a Jupyter notebook, with the outputs the book shows, and
`mlpbook`, the small library the notebooks import. You need Python {python}.

```bash
python -m venv .venv
.venv/bin/pip install -r requirements.txt    # Windows: .venv\\Scripts\\pip
.venv/bin/jupyter lab                        # Windows: .venv\\Scripts\\jupyter lab
```

Run these in this folder: the last line of `requirements.txt` installs `mlpbook`
from it. The other lines pin the versions the book was built and tested with
(NumPy, SciPy, SymPy, mpmath, Matplotlib, scikit-learn, JupyterLab).

| path | what |
| --- | --- |
{rows}
| `mlpbook/` | the library: activations defined once in SymPy, computed stably in NumPy |
| `requirements.txt`, `pyproject.toml` | what to install |
"""


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def runtime_dependencies(root: Path = ROOT) -> list[str]:
    """Distribution names of ``[project] dependencies`` in pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [_name(d) for d in project["dependencies"]]


def pinned_requirements(root: Path = ROOT) -> list[str]:
    """``name==version`` lines from requirements.lock for the runtime dependencies and
    :data:`READER_TOOLS`; a name missing from the lock is an error."""
    lock = {}
    for line in (root / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")) and "==" in line:
            lock[_name(line)] = line
    wanted = [*runtime_dependencies(root), *READER_TOOLS]
    missing = [name for name in wanted if name not in lock]
    if missing:
        raise ValueError(f"requirements.lock has no pin for {missing}")
    return [lock[name] for name in wanted]


def project_data(root: Path = ROOT) -> list[str]:
    """The data files of ``mlpbook`` that the project's pyproject.toml installs."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["mlpbook"]


def bundle_pyproject(root: Path = ROOT) -> str:
    """A pyproject.toml that installs only the ``mlpbook`` package."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = "".join(f'    "{d}",\n' for d in project["dependencies"])
    return (
        '[build-system]\nrequires = ["setuptools>=68"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "mlpbook"\nversion = "{project["version"]}"\n'
        f'description = "{project["description"]}"\n'
        f'requires-python = "{project["requires-python"]}"\n'
        f"dependencies = [\n{deps}]\n\n"
        '[tool.setuptools]\npackages = ["mlpbook"]\n\n'
        "[tool.setuptools.package-data]\n"
        f"mlpbook = {project_data(root)}\n"
    )


def notebooks(root: Path = ROOT) -> list[Path]:
    """Every committed ``.ipynb`` (relative paths)."""
    out = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    return sorted(Path(p) for p in out)


def build_bundle(target: Path, root: Path = ROOT) -> Path:
    """Write the notebooks bundle zip to ``target``."""
    with _staging(target) as stage:
        base = stage / BUNDLE_DIR
        for nb in notebooks(root):
            write_for_download(root / nb, base / nb)
        shutil.copytree(
            root / "mlpbook", base / "mlpbook", ignore=shutil.ignore_patterns("__pycache__")
        )
        (base / "pyproject.toml").write_text(bundle_pyproject(root), encoding="utf-8")
        pins = "\n".join(pinned_requirements(root))
        (base / "requirements.txt").write_text(
            f"# pinned from the book's requirements.lock\n{pins}\n"
            "# the book's helper package, from this folder\n.\n",
            encoding="utf-8",
        )
        folders = sorted({nb.parent.as_posix() for nb in notebooks(root)})
        rows = "\n".join(f"| `{f}/` | the notebooks of the book's {f} |" for f in folders)
        python = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        readme = README.format(python=python["project"]["requires-python"], rows=rows)
        (base / "README.md").write_text(readme, encoding="utf-8")
        _zip(stage, target)
    return target


class _staging:
    """A scratch folder next to ``target``, removed afterwards."""

    def __init__(self, target: Path) -> None:
        self.path = target.parent / f".{target.stem}-staging"

    def __enter__(self) -> Path:
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _zip(folder: Path, target: Path, prefix: str = "") -> None:
    """Zip the files below ``folder`` (sorted, fixed timestamps) into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(
                prefix + path.relative_to(folder).as_posix(), (2026, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())


def build(root: Path = ROOT) -> dict[str, Path]:
    """Write the three downloads into ``_build/dist`` and the PDF and bundle into
    ``_build/html/downloads``; return the paths written."""
    if not (HTML / "index.html").is_file():
        raise FileNotFoundError(f"{HTML / 'index.html'} is missing: run `make book` first")
    if not PDF.is_file():
        raise FileNotFoundError(f"{PDF} is missing: run `make pdf` first")
    DIST.mkdir(parents=True, exist_ok=True)
    pdf = DIST / PDF_NAME
    shutil.copy2(PDF, pdf)
    bundle = build_bundle(DIST / BUNDLE_NAME, root)
    downloads = HTML / "downloads"
    downloads.mkdir(exist_ok=True)
    for path in (pdf, bundle):
        shutil.copy2(path, downloads / path.name)
    site = DIST / SITE_NAME
    _zip(HTML, site, prefix="mlp-derived-html/")
    return {"pdf": pdf, "bundle": bundle, "site": site}


def main() -> int:
    for kind, path in build().items():
        print(f"{kind:7s} {path.relative_to(ROOT)}  {path.stat().st_size / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
