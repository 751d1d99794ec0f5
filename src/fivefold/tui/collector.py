"""Python's cyclic garbage collector kept off the objects the app builds to keep: loaded modules, the home list."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def building_to_keep(*, collect_first: bool = True) -> Iterator[None]:
    """Build many objects that will live on without the collector walking them again and again meanwhile,
    then move every object there is out of its sight (`gc.freeze`).

    A full collection walks every object that survived the ones before: reading 10,000 assessments for the
    home list made several, of 100 to 250 ms each, on whichever thread happened to allocate, so the event
    loop stood still for them too (benchmarks/README.md, home_scale.py). Frozen objects are still freed when
    nothing refers to them; only a reference cycle among them would stay (the rows hold none). Hence the
    collection first, unless the caller knows there is next to no garbage yet (at start-up).
    """
    enabled = gc.isenabled()
    if collect_first:
        # What is garbage now (a screen just closed) would never be freed once frozen. Only what was made
        # since the last freeze is walked (the app's start-up objects were frozen when the store opened).
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
