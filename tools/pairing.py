"""Check that every MyST notebook page and its paired .ipynb hold the same cells.

The book is built from the ``.ipynb`` (its outputs are those nbval checks), so
``make book`` runs ``python -m tools.pairing`` first: a page whose ``.md`` was edited
without syncing its notebook stops the build with what to run, instead of showing
the old text. ``tests/test_notebooks.py`` runs the same check page by page."""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("chapters", "exercises", "solutions")


def notebook_pages(root: Path = ROOT) -> list[Path]:
    """The .md files under the book's folders that carry a jupytext header."""
    pages = []
    for folder in FOLDERS:
        for md in sorted((root / folder).glob("*.md")):
            if "format_name: myst" in md.read_text(encoding="utf8")[:600]:
                pages.append(md)
    return pages


_HOW = (
    "after a prose-only edit run `.venv/bin/jupytext --sync PAGE.md` (keeps the outputs); "
    "after a code edit `make sync PAGE=PAGE.md` (re-executes the page)"
)


def _rel(md: Path) -> str:
    """``chapters/mlp.md`` rather than ``mlp.md``: two folders hold an ``mlp.md``."""
    return md.relative_to(md.parents[1]).as_posix()


def first_difference(md: Path) -> str | None:
    """None when ``md`` and its paired .ipynb have the same cells (type and source);
    otherwise a message naming the file and the first differing cell."""
    ipynb = md.with_suffix(".ipynb")
    if not ipynb.exists():
        return (
            f"{_rel(md)}: paired notebook {ipynb.name} is missing (run `make sync PAGE={_rel(md)}`)"
        )
    text_cells = jupytext.read(md).cells
    nb_cells = jupytext.read(ipynb).cells
    for i, (a, b) in enumerate(zip(text_cells, nb_cells, strict=False)):
        if a.cell_type != b.cell_type or a.source.strip() != b.source.strip():
            first_line = a.source.strip().splitlines()[0] if a.source.strip() else "(empty)"
            return (
                f"{_rel(md)}: cell {i} ({a.cell_type}, starting {first_line[:60]!r}) "
                f"differs from {ipynb.name}; {_HOW}"
            )
    if len(text_cells) != len(nb_cells):
        return (
            f"{_rel(md)} has {len(text_cells)} cells but {ipynb.name} has {len(nb_cells)}; {_HOW}"
        )
    return None


def main() -> int:
    """Print every page whose notebook is out of step; exit 1 if there is one."""
    problems = [p for md in notebook_pages() if (p := first_difference(md)) is not None]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
