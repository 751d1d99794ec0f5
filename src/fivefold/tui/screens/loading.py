"""Reading one assessment in a worker, for the screens that show one, once the app's store is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.store_work import store_call

if TYPE_CHECKING:
    from textual.screen import Screen

    from fivefold.banks import BankRegistry
    from fivefold.store import Store

T = TypeVar("T")


def when_store_opens(screen: Screen[Any], callback: Callable[[], object]) -> None:
    """Run `callback` now if the store is open, else as soon as the app has opened it."""
    app = fivefold_app(screen)
    called = False

    def opened(store: Store | None) -> None:
        nonlocal called
        if store is not None and not called:
            called = True
            callback()

    screen.watch(app, "store", opened, init=True)


def load_in_worker(screen: Screen[Any], read: Callable[[Store, BankRegistry], T], done: Callable[[T], object]) -> None:
    """Run `read(store, registry)` in a thread worker; a screen whose assessment cannot be read says why and
    closes (one error path for every screen that shows an assessment)."""
    app = fivefold_app(screen)
    store, registry = app.store, app.registry
    assert store is not None and registry is not None

    def failed(error: str) -> None:
        from fivefold.visible import visible

        screen.notify(visible(error), severity="error", markup=False)
        screen.dismiss()

    store_call(screen, lambda: read(store, registry), done, failed=failed, group="assessment-load", exclusive=True)
