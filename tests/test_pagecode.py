"""The tie between page code and library code (mlpbook.pagecode)."""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from mlpbook.pagecode import assert_identical, identical

ROOT = Path(__file__).resolve().parent.parent

#: Pages that teach an algorithm in their cells, and the name each tie must carry.
#: A page is added here when it first writes an algorithm the library also holds.
TAUGHT: dict[str, list[str]] = {
    "chapters/backprop.md": ["backward", "predict_lean"],
    "chapters/training.md": ["init_params", "forward", "accuracy", "loss", "train"],
    "chapters/initialization.md": ["depth_profile"],
    "chapters/generalization.md": ["k_fold", "early_stopping"],
    "chapters/dropout.md": ["dropout"],
    "chapters/houses.md": ["squared_error_grads"],
    "chapters/mlp.md": ["forward"],
    "chapters/numerics.md": ["ulps", "threshold"],
    "chapters/activations.md": ["dead_units", "layer_statistics"],
}


@dataclass
class _Record:
    a: np.ndarray
    b: float


def test_identical_accepts_bit_equal_structures():
    x = np.array([1.0, np.nan, -0.0])
    assert identical([(x, 2.0)], [(x.copy(), 2.0)])
    assert identical({"w": x}, {"w": x.copy()})
    assert identical(_Record(x, 1.5), _Record(x.copy(), 1.5))


@pytest.mark.parametrize(
    ("page", "library", "message"),
    [
        (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 4.5e-16]), "1 of 2 entries differ"),
        (np.array([0.0]), np.array([-0.0]), "1 of 1 entries differ"),
        (np.zeros(2), np.zeros(2, dtype=np.float32), "float64(2,) against float32(2,)"),
        ([np.zeros(2)], [np.zeros(2), np.zeros(2)], "length 1 against 2"),
        (0.1 + 0.2, 0.3, "0.30000000000000004 against 0.3"),
        (_Record(np.zeros(1), 1.0), _Record(np.zeros(1), 2.0), "result.b"),
    ],
)
def test_assert_identical_names_the_difference(page, library, message):
    with pytest.raises(AssertionError, match=re.escape(message)):
        assert_identical(page, library, "step")


def test_assert_identical_checks_its_name():
    with pytest.raises(TypeError, match="name must be a str"):
        assert_identical(1, 1, None)


def _call_names(body: str) -> list[str]:
    """The last string literal of every assert_identical(...) call in ``body``."""
    names = []
    for match in re.finditer(r"assert_identical\(", body):
        depth, end = 1, match.end()
        while depth and end < len(body):
            depth += {"(": 1, ")": -1}.get(body[end], 0)
            end += 1
        literals = re.findall(r"[\"'](\w+)[\"']", body[match.end() : end])
        names += literals[-1:]
    return names


def _hidden_ties(text: str) -> list[str]:
    """The names passed to assert_identical in cells tagged remove-cell."""
    names = []
    # the cell's options: a YAML block, or the ":tags: [...]" lines jupytext writes
    cells = r"```\{code-cell\}[^\n]*\n(---.*?---\n|(?::[^\n]*\n)*)(.*?)```"
    for header, body in re.findall(cells, text, re.S):
        if "remove-cell" in header:
            names += _call_names(body)
    return names


def test_hidden_ties_are_found():
    page = (
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        'assert_identical(\n    f(*args, n=2),\n    g(*args, n=2),\n    "step",\n)\n```\n'
        '```{code-cell} ipython3\nassert_identical(f(1), g(1), "shown")\n```\n'
    )
    assert _hidden_ties(page) == ["step"]


def test_taught_pages_are_tied_to_the_library():
    missing = {}
    for page, names in TAUGHT.items():
        ties = set(_hidden_ties((ROOT / page).read_text(encoding="utf-8")))
        if set(names) - ties:
            missing[page] = sorted(set(names) - ties)
    assert not missing, f"pages without a hidden assert_identical cell: {missing}"
