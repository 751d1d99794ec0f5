"""building_to_keep: the collector is paused while rows are built, and back on afterwards whatever happens."""

from __future__ import annotations

import gc

import pytest

from fivefold.tui.collector import building_to_keep


def test_the_collector_is_back_on_after_a_failure_and_what_was_built_is_frozen() -> None:
    gc.enable()  # (an app of an earlier test may still be reading in a worker thread, the collector paused)
    frozen_before = gc.get_freeze_count()
    kept: list[dict[str, int]] = []
    with pytest.raises(RuntimeError), building_to_keep():
        assert not gc.isenabled()
        kept.extend({"row": number} for number in range(1000))
        raise RuntimeError("the store failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + 1000
    gc.unfreeze()  # the rest of the test run collects as usual


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with building_to_keep():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
