"""One cold start for cold_start.py: run an app headless, report when its frames were painted, exit.

    python benchmarks/_cold_start_child.py minimal
    python benchmarks/_cold_start_child.py app DB_URL [BANK_DIR]

Prints one JSON line, {"first_frame": ns, "data_shown": ns, "all_rows": ns, "store_open": ns,
"longest_block_ms": ms}, the
moments as `time.time_ns()` values: the wall clock is the one clock a parent and its child share, so the
parent subtracts the moment it started this process. "data shown" is the first frame with rows in the home
table, "all rows" the first after the last of them was added, "store open" the first after the app's store
was (the app exits once it has both); `longest_block_ms` is how long the event loop was held at most
between the first frame and all rows (a probe that sleeps 1 ms, then measures how late it
woke). The minimal app reports its first frame for all four moments.
Only the standard library is imported before the app's own imports, which are what is being measured.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

SIZE = (120, 40)
LIST_ITEMS = 50


def main() -> int:
    mode = sys.argv[1]
    # Imported first so that `App.run` can be patched; both apps import it before their first frame anyway.
    from textual.app import App

    run = App.run
    marks: dict[str, int] = {}

    def run_headless(app: Any, **_options: Any) -> Any:
        _probe(app, marks, is_target=_is_home if mode == "app" else _is_default_screen)
        return run(app, headless=True, size=SIZE)

    App.run = run_headless  # type: ignore[method-assign]
    if mode == "app":
        # Exactly what the `fivefold` console script runs (`fivefold.cli:run` is `sys.exit(main())`), so the
        # CLI's imports, the parser and the handler lookup count.
        from fivefold.cli import main as fivefold_main

        fivefold_main(["--db", sys.argv[2], *(["--bank-dir", sys.argv[3]] if len(sys.argv) > 3 else [])])
    else:
        _minimal_app().run()
    print(
        json.dumps(
            {
                "first_frame": marks.get("first_frame"),
                "data_shown": marks.get("data_shown"),
                "all_rows": marks.get("all_rows"),
                "store_open": marks.get("store_open"),
                "longest_block_ms": marks.get("longest_block_ns", 0) / 1e6,
            }
        )
    )
    return 0 if {"first_frame", "data_shown", "all_rows"} <= marks.keys() else 1


def _probe(app: Any, marks: dict[str, int], *, is_target: Any) -> None:
    """Time the target screen's updates as `App._display` hands them to the driver.

    Why `_display` (Textual 8.2.8): it is where a screen's compositor update reaches the terminal, so it is the
    moment a user sees the frame. The earlier hooks fire before anything is painted: the app's `on_mount` and
    the screen's `_on_compose`/`on_mount` run before the first layout; the first layout itself happens inside
    the app's start-up `batch_update()`, and `_display` drops every update while a batch is open
    (`app._batch_count`); `call_after_refresh` callbacks run from the screen's update timer even when that
    update was dropped. The first update painted after the batch can be a partial one (`ChopsUpdate`: only
    the regions that changed meanwhile) on an otherwise empty terminal, so the first frame is the first full
    update (`LayoutUpdate`) of the target screen. Headless, `_display` stops short of encoding the update as
    escape codes and writing them (a few ms for a 120x40 screen); both apps skip that alike.
    """
    import asyncio

    from textual._compositor import LayoutUpdate

    display = app._display
    probing: list[asyncio.Task[None]] = []

    async def block_probe() -> None:
        """The longest time the event loop did not get back to this task, beyond the 1 ms it asked to sleep."""
        while "all_rows" not in marks:
            asked = time.perf_counter_ns()
            await asyncio.sleep(0.001)
            late = time.perf_counter_ns() - asked - 1_000_000
            marks["longest_block_ns"] = max(marks.get("longest_block_ns", 0), late)

    def display_and_time(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None or app._batch_count or not is_target(app, screen):
            return  # nothing reached the terminal, or not the screen being timed
        now = time.time_ns()
        if "first_frame" not in marks:
            if not isinstance(renderable, LayoutUpdate):
                return
            marks["first_frame"] = now
            probing.append(asyncio.get_running_loop().create_task(block_probe()))
        # HomeScreen.showing: set once its table shows rows; HomeScreen.loaded: once it has all of them.
        showing = getattr(screen, "showing", None)
        if "data_shown" not in marks and (showing is None or showing.is_set()):
            # The first update painted after `showing` was set is the one that shows the rows.
            marks["data_shown"] = now
        loaded = getattr(screen, "loaded", None)
        if "data_shown" in marks and "all_rows" not in marks and (loaded is None or loaded.is_set()):
            marks["all_rows"] = now
        # FivefoldApp.store: set once the database is open (the keys that write, n and r, wait for it).
        if "store_open" not in marks and getattr(app, "store", True) is not None:
            marks["store_open"] = now
        if "all_rows" in marks and "store_open" in marks:
            app.exit()

    app._display = display_and_time


def _is_home(_app: Any, screen: Any) -> bool:
    return type(screen).__name__ == "HomeScreen"


def _is_default_screen(app: Any, screen: Any) -> bool:
    return screen is app.screen_stack[0]


def _minimal_app() -> Any:
    """The yardstick: the least a Textual app with a list and an editor costs to start."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label, ListItem, ListView, TextArea

    class MinimalApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield ListView(*(ListItem(Label(f"Item {number}")) for number in range(1, LIST_ITEMS + 1)))
            yield TextArea("A few words to edit.")
            yield Footer()

    return MinimalApp()


if __name__ == "__main__":
    sys.exit(main())
