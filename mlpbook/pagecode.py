"""The tie between the code a page teaches and the library's copy of it.

A chapter writes its algorithm (the backward pass, the SGD loop, dropout,
cross-validation) in its own cells, where a learner reads and changes it. The library
holds the same algorithm for later chapters to reuse. One mechanism ties the two,
throughout the book: right after the page defines its function, a cell tagged
``remove-cell`` (kept in the notebook, run by nbval, hidden from the reader) calls

.. code-block:: python

    from mlpbook.pagecode import assert_identical
    assert_identical(page_result, library_result, "backward")

on the results of both functions for the same inputs. The results must agree bit
for bit: same structure, same shapes, same dtypes, same values (NaN equal to NaN,
+0.0 different from -0.0). A learner who edits the page's function and changes what
it computes sees this cell fail; the library is never silently out of step with
the page. ``tests/test_pagecode.py`` checks that every page that teaches an algorithm
carries such a cell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

import numpy as np

__all__ = ["assert_identical", "identical"]


def _same_float(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _differences(a: Any, b: Any, where: str) -> list[str]:
    """Where ``a`` and ``b`` differ, as readable paths (empty when bit-identical)."""
    if is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            return [f"{where}: {type(a).__name__} against {type(b).__name__}"]
        out: list[str] = []
        for f in fields(a):
            out += _differences(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
        return out
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        x, y = np.asarray(a), np.asarray(b)
        if x.dtype != y.dtype or x.shape != y.shape:
            return [f"{where}: {x.dtype}{x.shape} against {y.dtype}{y.shape}"]
        if x.dtype.kind in "fc":
            same = np.array_equal(x.view(np.uint8), y.view(np.uint8)) or (
                np.array_equal(x, y, equal_nan=True)
                and np.array_equal(np.signbit(x.real), np.signbit(y.real))
            )
        else:
            same = np.array_equal(x, y)
        if not same and x.dtype.kind not in "fc":
            return [f"{where}: {int(np.sum(x != y))} of {x.size} entries differ"]
        if not same:
            equal = ((x == y) & (np.signbit(x.real) == np.signbit(y.real))) | ((x != x) & (y != y))
            count = int(np.sum(~equal))
            return [f"{where}: {count} of {x.size} entries differ"]
        return []
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            return [f"{where}: keys {sorted(map(str, a))} against {sorted(map(str, b))}"]
        out = []
        for key in a:
            out += _differences(a[key], b[key], f"{where}[{key!r}]")
        return out
    if isinstance(a, Sequence) and isinstance(b, Sequence) and not isinstance(a, str | bytes):
        if len(a) != len(b):
            return [f"{where}: length {len(a)} against {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _differences(x, y, f"{where}[{i}]")
        return out
    if isinstance(a, float | np.floating) and isinstance(b, float | np.floating):
        return [] if _same_float(float(a), float(b)) else [f"{where}: {a!r} against {b!r}"]
    return [] if a == b and type(a) is type(b) else [f"{where}: {a!r} against {b!r}"]


def identical(page: Any, library: Any) -> bool:
    """True when ``page`` and ``library`` are bit-identical: nested lists, tuples,
    dicts and dataclasses of arrays and numbers, compared entry by entry."""
    return not _differences(page, library, "result")


def assert_identical(page: Any, library: Any, name: str) -> None:
    """Raise ``AssertionError`` naming ``name`` and every difference unless the page's
    result and the library's are bit-identical (see :func:`identical`)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    found = _differences(page, library, "result")
    if found:
        shown = "; ".join(found[:5]) + (" …" if len(found) > 5 else "")
        raise AssertionError(
            f"the page's {name} and the library's differ: {shown}. Change both, "
            "or keep the page's function computing what the library's computes."
        )
