"""``make sync``: execute MyST notebook pages and write their paired ``.ipynb``.

Usage: ``python -m tools.sync [--remeasure] [PAGE.md ...]`` (default: every notebook
page); ``--report`` prints only the machine report.

Unlike ``jupytext --execute``, it writes nothing that changes from run to run:

* no execution timestamps in cell metadata (``record_timing=False``);
* cell ids are taken from the existing ``.ipynb`` for cells that are still there;
* a cell tagged ``nbval-ignore-output`` (a machine measurement: a time, a memory
  peak) keeps its committed output when its source has not changed. It is still
  executed, so its assert still checks the claim; only the numbers it prints, which
  change from run to run, are not rewritten. ``--remeasure`` rewrites them too.

So re-syncing an unchanged page leaves ``git status`` clean.

Before executing, it prints what made the outputs: NumPy's version, the SIMD
features its kernels dispatch to, and the BLAS library, kernel and thread count
(threadpoolctl). Outputs that nbval compares must not depend on these (README,
"Portable outputs"); printing them lets a maintainer tell two machines apart.

A prose-only edit does not need this: ``jupytext --sync PAGE.md`` copies the text
into the ``.ipynb`` and keeps its outputs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("chapters", "exercises", "solutions")


def notebook_pages() -> list[Path]:
    """Every .md under the book's folders with a jupytext (MyST) header."""
    return [
        md
        for folder in FOLDERS
        for md in sorted((ROOT / folder).glob("*.md"))
        if "format_name: myst" in md.read_text(encoding="utf8")[:600]
    ]


def machine_report() -> str:
    """NumPy's SIMD dispatch and the BLAS in use, in a few lines."""
    import numpy as np
    from numpy._core._multiarray_umath import (  # type: ignore[attr-defined]
        __cpu_baseline__,
        __cpu_dispatch__,
        __cpu_features__,
    )
    from threadpoolctl import threadpool_info

    dispatched = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    lines = [
        f"numpy {np.__version__}: baseline {' '.join(__cpu_baseline__)}; "
        f"dispatches to {' '.join(dispatched) or 'baseline only'}",
    ]
    for pool in threadpool_info():
        lines.append(
            f"{pool.get('user_api')}: {pool.get('internal_api')} {pool.get('version')}, "
            f"kernel {pool.get('architecture')}, {pool.get('num_threads')} thread(s)"
        )
    return "\n".join(lines)


IGNORE_TAG = "nbval-ignore-output"


def _measurements(nb: object) -> dict[str, list]:
    """Outputs of the cells tagged :data:`IGNORE_TAG`, keyed by their source."""
    return {
        cell.source: cell.outputs
        for cell in nb.cells
        if cell.cell_type == "code" and IGNORE_TAG in cell.metadata.get("tags", [])
    }


def sync(md: Path, remeasure: bool = False) -> None:
    """Execute ``md`` in a fresh kernel and write its paired .ipynb."""
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs
    from nbclient import NotebookClient

    ipynb = md.with_suffix(".ipynb")
    nb = jupytext.read(md)
    kept: dict[str, list] = {}
    if ipynb.exists():  # keep the ids of the cells that are still there
        old = jupytext.read(ipynb)
        kept = {} if remeasure else _measurements(old)
        nb = combine_inputs_with_outputs(nb, old)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(md.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and cell.source in kept and cell.outputs:
            cell.outputs = kept[cell.source]
            for output in cell.outputs:
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = cell.execution_count
    jupytext.write(nb, ipynb, fmt="ipynb")


def main(argv: list[str]) -> int:
    if argv == ["--report"]:
        print(machine_report())
        return 0
    remeasure = "--remeasure" in argv
    argv = [a for a in argv if a != "--remeasure"]
    pages = [Path(a).resolve() for a in argv] or notebook_pages()
    for md in pages:
        if md.suffix != ".md" or not md.exists():
            print(f"sync: {md} is not a notebook page (.md)", file=sys.stderr)
            return 2
    print(machine_report(), flush=True)
    for md in pages:
        start = time.perf_counter()
        sync(md, remeasure)
        print(f"sync {md.relative_to(ROOT)}  {time.perf_counter() - start:5.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
