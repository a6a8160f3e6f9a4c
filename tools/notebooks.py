"""Notebooks as readers download them: a first cell that says what they need.

A notebook taken alone from a page's download menu (or from the notebooks bundle)
imports ``mlpbook``. Without the package, its first import would stop with a bare
``ModuleNotFoundError``. :func:`with_requirements_cell` returns a copy of the
notebook whose first cell imports the package inside ``try``/``except`` and, if it
is missing, raises the same error with a message that says where the package comes
from and how to install it. The cell prints nothing when the package is there, so
the notebook's outputs (and nbval's comparison of them) are unchanged.

The committed notebooks do not carry the cell: it is added to every copy that
leaves the repository (the HTML build's download menu, ``make dist``), so the
chapters' sources stay as their authors wrote them.
"""

from __future__ import annotations

import copy
import json
import textwrap
from pathlib import Path
from typing import Any

#: Id and tag of the inserted cell (a second insertion is a no-op).
CELL_ID = "mlpbook-requirements"

#: File names of the downloads that ``make dist`` writes and the landing page links.
BUNDLE_NAME = "mlpbook-notebooks.zip"
PDF_NAME = "book.pdf"
SITE_NAME = "book-html.zip"

MESSAGE = (
    "This notebook needs the book's helper package mlpbook (with NumPy, SciPy, SymPy, "
    "mpmath, Matplotlib and scikit-learn). Download the notebooks bundle "
    f"{BUNDLE_NAME} from the book's first page, unpack it, and in its folder run: "
    "python -m venv .venv; .venv/bin/pip install -r requirements.txt; "
    ".venv/bin/jupyter lab, and open this notebook there."
)

_MESSAGE_LINES = "\n".join(
    " " * 8 + json.dumps(chunk, ensure_ascii=False)
    for chunk in textwrap.wrap(MESSAGE, 70, drop_whitespace=False)
)

SOURCE = f"""# This notebook needs the book's helper package `mlpbook`. If the import
# fails, get the notebooks bundle ({BUNDLE_NAME}, linked on the book's
# first page) and follow its README; the message below says the same.
try:
    import mlpbook
except ModuleNotFoundError as missing:
    raise ModuleNotFoundError(
{_MESSAGE_LINES}
    ) from missing"""


def requirements_cell() -> dict[str, Any]:
    """The first code cell of a downloaded notebook (nbformat 4 JSON)."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {"tags": [CELL_ID]},
        "outputs": [],
        "source": SOURCE,
    }


def with_requirements_cell(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``notebook`` (nbformat 4 JSON) with :func:`requirements_cell` first."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise TypeError("notebook must be nbformat 4 JSON (a dict with a 'cells' list)")
    out = copy.deepcopy(notebook)
    if not any(cell.get("id") == CELL_ID for cell in out["cells"]):
        out["cells"].insert(0, requirements_cell())
        # cell ids need nbformat ≥ 4.5
        if (out.get("nbformat"), out.get("nbformat_minor", 0)) < (4, 5):
            out["nbformat"], out["nbformat_minor"] = 4, 5
    return out


def write_for_download(source: Path, target: Path) -> Path:
    """Write ``source`` (an .ipynb) to ``target`` with the requirements cell first."""
    notebook = json.loads(Path(source).read_text(encoding="utf-8"))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(with_requirements_cell(notebook), indent=1, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target
