"""Shared pytest hooks: one failure, not one per test, when Chromium is missing; and
Hypothesis without its per-example deadline (a timing assertion: on a loaded 2-core
machine a correct example can take longer than 200 ms)."""

from __future__ import annotations

import pytest
from hypothesis import settings

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
