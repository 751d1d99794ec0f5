"""Python's cyclic garbage collector kept off the objects the app builds to keep: loaded modules, the home list."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_builds = 0
"""Builds under way (the store opening and the home rows overlap, in two threads)."""
_was_enabled = True
"""Whether the collector was on when the first of them began."""


@contextmanager
def building_to_keep(*, collect_first: bool = True) -> Iterator[None]:
    """Build many objects that will live on without the collector walking them again and again meanwhile,
    then move every object there is out of its sight (`gc.freeze`).

    A full collection walks every object that survived the ones before: reading 10,000 assessments for the
    home list made several, of 100 to 250 ms each, on whichever thread happened to allocate, so the event
    loop stood still for them too (benchmarks/README.md, home_scale.py). Frozen objects are still freed when
    nothing refers to them; only a reference cycle among them would stay (the rows hold none). Hence the
    collection first, unless the caller knows there is next to no garbage yet (at start-up), or another
    build is under way (it would walk all that build has made so far: 240 ms seen at start-up).

    Builds may overlap: the collector comes back on when the last one ends (the first to end turned it on
    while the other was still building, and a collection then walked its half-built rows: 240 ms).
    """
    global _builds, _was_enabled
    with _lock:
        first = _builds == 0
        if first:
            _was_enabled = gc.isenabled()
        _builds += 1
        collect = collect_first and first and _was_enabled
        gc.disable()
    try:
        if collect:
            # What is garbage now (a screen just closed) would never be freed once frozen. Only what was made
            # since the last freeze is walked (the app's start-up objects were frozen when the store opened).
            gc.collect()
        yield
    finally:
        with _lock:
            gc.freeze()
            _builds -= 1
            if _builds == 0 and _was_enabled:
                gc.enable()


FULL_COLLECTION_AFTER = 100
"""Young collections (of the second generation) between two full ones; Python's default is 10."""


def collect_fully_less_often() -> None:
    """Make full collections ten times rarer than Python's default, for an app that keeps many objects.

    With what the app loaded frozen, a full collection still walks every object made since (a screen's
    widgets, a 1,000-question outline, the answers: 20 to 45 ms), and at the default threshold one came
    every few moves to the next question: the p99 of a move went from 53 to 35 ms with this
    (benchmarks/README.md, app_handlers.py). Garbage held in reference cycles lives longer for it.
    """
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


def keep_out_of_sight() -> None:
    """Freeze every object there is now, without collecting first: for a step of a build on the event loop
    (the home table's rows, 100 a frame), where a collection would cost the frame. What is garbage in a
    reference cycle at that moment is never freed: little, between two frames of a loading table."""
    gc.freeze()
