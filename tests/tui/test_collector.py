"""building_to_keep: the collector is paused while rows are built, and back on afterwards whatever happens."""

from __future__ import annotations

import gc
import threading
import time

import pytest

from fivefold.tui import collector
from fivefold.tui.collector import building_to_keep, collect_fully_less_often


@pytest.fixture(autouse=True)
def _no_build_under_way() -> None:
    """An app of an earlier test may still be reading in a worker thread, the collector paused."""
    for _ in range(500):
        if collector._builds == 0:
            break
        time.sleep(0.01)
    gc.enable()


def test_the_collector_is_back_on_after_a_failure_and_what_was_built_is_frozen() -> None:
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


def test_full_collections_come_ten_times_less_often() -> None:
    young, middle, full = gc.get_threshold()
    collect_fully_less_often()
    assert gc.get_threshold() == (young, middle, 100) and full == 10  # (the test run's conftest restores it)


def test_overlapping_builds_keep_the_collector_paused_until_the_last_ends() -> None:
    """The store opening and the home rows build in two threads; the first to end must not turn it on."""
    first_in, second_done, release = threading.Event(), threading.Event(), threading.Event()
    states: list[bool] = []

    def long_build() -> None:
        with building_to_keep(collect_first=False):
            first_in.set()
            release.wait(5)

    thread = threading.Thread(target=long_build)
    thread.start()
    first_in.wait(5)
    with building_to_keep():
        states.append(gc.isenabled())
    states.append(gc.isenabled())  # the other build is still under way
    second_done.set()
    release.set()
    thread.join(5)
    states.append(gc.isenabled())
    assert states == [False, False, True]
    gc.unfreeze()
