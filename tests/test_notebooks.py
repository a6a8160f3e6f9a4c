"""Notebook pages: pairing, and the guards that make the book and the tests fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.pairing import ROOT, first_difference, notebook_pages

BIN = Path(sys.executable).parent
PAGES = notebook_pages()


def test_every_chapter_and_solution_in_the_toc_is_a_notebook_page() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf8")
    listed = re.findall(r"file: ((?:chapters|solutions)/[\w-]+)", toc)
    assert listed, "the toc lists no chapters"
    assert sorted(ROOT / f"{name}.md" for name in listed) == sorted(
        p for p in PAGES if p.parent.name in ("chapters", "solutions")
    )


IDS = [p.relative_to(ROOT).as_posix() for p in PAGES]


@pytest.mark.parametrize("md", PAGES, ids=IDS)
def test_md_and_ipynb_are_paired(md: Path) -> None:
    problem = first_difference(md)
    assert problem is None, problem


@pytest.mark.parametrize("md", PAGES, ids=IDS)
def test_committed_outputs_exist(md: Path) -> None:
    nb = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c.get("execution_count") for c in code), "run `make sync`"


IGNORE_TAG = "nbval-ignore-output"
#: What counts as asserting a claim in a cell whose output nbval does not compare.
ASSERTS = re.compile(r"^\s*assert\b|\bnp\.testing\.assert_|\braise\b", re.MULTILINE)


HIDDEN_TAG = "remove-cell"


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _asserts(cell: dict) -> bool:
    return bool(ASSERTS.search("".join(cell["source"])))


def unasserted_ignored_cells(nb: dict) -> list[int]:
    """Indices of code cells tagged ``nbval-ignore-output`` that assert nothing: a
    machine measurement may be left out of nbval's comparison only if its claim is
    still checked, in the same cell or in a hidden (``remove-cell``) code cell right
    before or after it, which nbval runs but the reader does not see."""
    cells = nb["cells"]
    code = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code"]
    unasserted = []
    for k, i in enumerate(code):
        if IGNORE_TAG not in _tags(cells[i]) or _asserts(cells[i]):
            continue
        neighbours = [code[j] for j in (k - 1, k + 1) if 0 <= j < len(code)]
        if not any(HIDDEN_TAG in _tags(cells[j]) and _asserts(cells[j]) for j in neighbours):
            unasserted.append(i)
    return unasserted


@pytest.mark.parametrize("md", PAGES, ids=IDS)
def test_cells_that_ignore_their_output_assert_their_claim(md: Path) -> None:
    nb = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf8"))
    assert unasserted_ignored_cells(nb) == [], f"{IGNORE_TAG} cells without an assert"


def test_an_unasserted_ignored_cell_is_caught() -> None:
    def cell(source: str, tags: list[str]) -> dict:
        return {"cell_type": "code", "metadata": {"tags": tags}, "source": [source]}

    nb = {
        "cells": [
            cell("t = measure()\nassert t < 1", [IGNORE_TAG]),
            cell("print(measure())", [IGNORE_TAG]),
            cell("print(measure())", []),
            cell(
                "x = 1  # no assert here, and the word assertion alone does not count", [IGNORE_TAG]
            ),
            cell("print(measure())", [IGNORE_TAG]),
            cell("assert measure() < 1", [HIDDEN_TAG]),
            cell("plot(measure())", [IGNORE_TAG]),
            cell("print(measure())", [IGNORE_TAG]),
            cell("x = 2", [HIDDEN_TAG]),
        ]
    }
    assert unasserted_ignored_cells(nb) == [1, 3, 7]


def test_unsynced_md_edit_is_caught(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    src = PAGES[0]
    md, ipynb = (
        tmp_path / "chapters" / src.name,
        tmp_path / "chapters" / src.with_suffix(".ipynb").name,
    )
    shutil.copy(src, md)
    shutil.copy(src.with_suffix(".ipynb"), ipynb)
    assert first_difference(md) is None
    text = md.read_text(encoding="utf8")
    md.write_text(text.replace("import numpy as np", "import numpy as np  # edited", 1), "utf8")
    problem = first_difference(md)
    assert problem is not None and src.name in problem and "cell 1" in problem


@pytest.mark.slow
def test_changed_output_number_fails_nbval(tmp_path: Path) -> None:
    nb_path = ROOT / "chapters" / "mlp.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf8"))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get("text/plain", []))
            if re.search(r"\d", text):
                new = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text, count=1)
                out["data"]["text/plain"] = [new]
                break
        else:
            continue
        break
    (tmp_path / "mlp.ipynb").write_text(json.dumps(nb), encoding="utf8")
    run = subprocess.run(
        [BIN / "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-q",
         str(tmp_path / "mlp.ipynb")],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed" in run.stdout


def error_cells(nb: dict) -> list[int]:
    """Indices of the code cells whose committed outputs hold a raised exception."""
    return [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and any(out.get("output_type") == "error" for out in cell.get("outputs", []))
    ]


@pytest.mark.parametrize("md", PAGES, ids=IDS)
def test_no_committed_output_is_an_exception(md: Path) -> None:
    # The book shows the committed outputs (it is built from the .ipynb without
    # executing), so a traceback there would reach the reader. `make sync` stops at a
    # raising cell (nbclient), and nbval fails on one.
    nb = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf8"))
    assert error_cells(nb) == [], "a cell raised: fix it and run `make sync`"


def test_error_cells_finds_a_traceback() -> None:
    raised = {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "", "traceback": []}
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "1 / 0"},
            {"cell_type": "code", "outputs": [{"output_type": "stream", "text": "ok"}]},
            {"cell_type": "code", "outputs": [raised]},
        ]
    }
    assert error_cells(nb) == [2]


#: The widest code line a reader sees without scrolling: the book's code block holds
#: about 82 characters of the theme's monospace font at 1280 px (about 76 inside a
#: solution's dropdown, which the pages rewritten since keep to).
CODE_WIDTH = 82
_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)


def wide_visible_lines(text: str, width: int = CODE_WIDTH) -> list[str]:
    """The code lines longer than ``width`` in the cells a reader sees (cells tagged
    ``remove-cell``, ``remove-input`` or ``hide-input`` and the cells' option
    headers do not count)."""
    wide = []
    for body in _CELL.findall(text):
        header, code = "", body
        if body.startswith("---"):
            header, _, code = body[3:].partition("\n---")
        elif body.startswith(":"):
            header, _, code = body.partition("\n\n")
        if re.search(r"remove-cell|remove-input|hide-input", header):
            continue
        wide += [line for line in code.splitlines() if len(line) > width]
    return wide


@pytest.mark.parametrize("md", PAGES, ids=IDS)
def test_visible_code_lines_fit_the_code_block(md: Path) -> None:
    wide = wide_visible_lines(md.read_text(encoding="utf8"))
    assert wide == [], f"{len(wide)} visible code lines over {CODE_WIDTH} characters"


def test_a_wide_visible_line_is_caught() -> None:
    long = "x = " + "1 + " * 25 + "1"
    page = (
        f"```{{code-cell}} ipython3\n{long}\n```\n"
        f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{long}\n```\n"
    )
    assert wide_visible_lines(page) == [long]
