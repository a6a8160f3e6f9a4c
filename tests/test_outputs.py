"""Every output of the committed notebooks is written for a reader: no raw NumPy
reprs (``np.float64(…)``, ``np.True_``, ``array([…])``) and no bare ``True``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("*/*.ipynb"))
RAW_NUMPY = re.compile(
    r"\bnp\.(?:float|int|uint|complex|bool)\w*\(|\bnp\.(?:True|False)_|\barray\("
)


def output_texts(nb: dict) -> list[tuple[int, str]]:
    """(cell index, text) of every text-like output: stream, text/plain, text/markdown,
    text/latex."""
    out = []
    for i, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []):
            if "text" in output:
                out.append((i, "".join(output["text"])))
            for key in ("text/plain", "text/markdown", "text/latex"):
                if key in output.get("data", {}):
                    out.append((i, "".join(output["data"][key])))
    return out


def raw_numpy_outputs(nb: dict) -> list[str]:
    return [f"cell {i}: {m.group(0)}" for i, t in output_texts(nb) for m in RAW_NUMPY.finditer(t)]


def bare_booleans(nb: dict) -> list[int]:
    return [i for i, t in output_texts(nb) if t.strip() in ("True", "False", "(True, True)")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_no_raw_numpy_repr_in_any_output(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf8"))
    assert raw_numpy_outputs(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_no_output_is_a_bare_boolean(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf8"))
    assert bare_booleans(nb) == []


def test_raw_reprs_and_booleans_are_found_in_a_broken_notebook() -> None:
    nb = {
        "cells": [
            {"cell_type": "code", "outputs": [
                {"output_type": "execute_result", "data": {"text/plain": "np.float64(0.5)"}}]},
            {"cell_type": "code", "outputs": [
                {"output_type": "stream", "text": ["flag np.True_\n"]}]},
            {"cell_type": "code", "outputs": [
                {"output_type": "execute_result", "data": {"text/plain": "array([1., 2.])"}}]},
            {"cell_type": "code", "outputs": [
                {"output_type": "execute_result", "data": {"text/plain": "True"}}]},
        ]
    }  # fmt: skip
    assert raw_numpy_outputs(nb) == [
        "cell 0: np.float64(", "cell 1: np.True_", "cell 2: array("
    ]  # fmt: skip
    assert bare_booleans(nb) == [3]
