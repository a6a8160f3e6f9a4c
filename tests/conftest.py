"""Shared pytest hooks: one failure, not one per test, when Chromium is missing;
Hypothesis without its per-example deadline (a timing assertion: on a loaded 2-core
machine a correct example can take longer than 200 ms); and one store of the 50-digit
references for every pytest process of ``make test`` and the notebook kernels nbval
starts (``mlpbook.numerics.REFERENCE_CACHE_ENV``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from mlpbook import numerics

os.environ.setdefault(
    numerics.REFERENCE_CACHE_ENV,
    str(Path(__file__).resolve().parent.parent / "_build" / "reference-cache"),
)

settings.register_profile("book", deadline=None)
settings.load_profile("book")


@pytest.hookimpl(trylast=True)  # after -k / -m have deselected what they deselect
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, keep the first selected test that uses the browser (its
    ``context`` fixture fails with the message of ``tests.browser.find_chromium``)
    and deselect the other browser tests, which would fail with the same message."""
    needing = [item for item in items if "context" in getattr(item, "fixturenames", ())]
    if len(needing) < 2:
        return
    from tests import browser

    try:
        browser.find_chromium()
    except browser.ChromiumMissing:
        dropped = set(needing[1:])
        config.hook.pytest_deselected(items=needing[1:])
        items[:] = [item for item in items if item not in dropped]
