"""Sphinx glue for the book: MathJax served from the build, nothing from the network.

Jupyter Book 1 loads MathJax 3 from a CDN by default, so an offline reader sees raw
TeX. This extension copies the two parts of MathJax the book needs from the
``sphinx-mathjax-offline`` package (pinned in ``requirements.lock``) into
``_build/html/_static/mathjax``:

* ``tex-chtml-full.js``, the TeX input + CommonHTML output bundle with every TeX
  extension compiled in (so nothing is autoloaded over the network later), and
* ``output/chtml/fonts/woff-v2/``, the web fonts that bundle asks for.

That is about 1.7 MB instead of the package's 24 MB. The copy happens in
``build-finished`` rather than through ``html_static_path`` because Jupyter Book adds
every ``*.js`` below a static path as a ``<script>`` tag, which would load MathJax
twice. ``_config.yml`` sets ``mathjax_path: mathjax/tex-chtml-full.js`` (relative to
``_static``), which makes Sphinx emit the matching ``<script>`` tag.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

#: Files and folders below the package's ``static/mathjax`` that the book uses.
MATHJAX_PARTS: tuple[str, ...] = ("tex-chtml-full.js", "output/chtml/fonts/woff-v2")


def mathjax_source() -> Path:
    """Return the ``static/mathjax`` folder of the installed sphinx-mathjax-offline."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise ExtensionError(
            "sphinx-mathjax-offline is not installed; run `make book`, which installs "
            "requirements.lock"
        )
    return Path(spec.origin).parent / "static" / "mathjax"


def copy_mathjax(destination: Path) -> list[Path]:
    """Copy :data:`MATHJAX_PARTS` into *destination* and return the copied paths."""
    source = mathjax_source()
    copied = []
    for part in MATHJAX_PARTS:
        src, dst = source / part, destination / part
        if not src.exists():
            raise ExtensionError(f"MathJax file missing from sphinx-mathjax-offline: {src}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
        copied.append(dst)
    return copied


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        copy_mathjax(Path(app.outdir) / "_static" / "mathjax")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the MathJax copy step."""
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
