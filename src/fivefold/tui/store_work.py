"""Every database call the app makes runs in a thread worker, and every failure takes one path back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from fivefold.tui.app_access import fivefold_app
from fivefold.visible import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget
    from textual.worker import Worker

    Node = Widget | App[Any]
    """What runs a store call: a widget or screen, or the app itself (it opens the store)."""

T = TypeVar("T")


def failure_text(error: BaseException, db_url: str) -> str | None:
    """What to tell the user about a failed store call on the database at `db_url`, or None for a bug (which
    must crash loudly). The database's own errors read as the CLI says them (a full disk, a lock held...)."""
    from fivefold.errors import FivefoldError

    if isinstance(error, FivefoldError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    from sqlalchemy.exc import SQLAlchemyError  # already imported: only a worker that used the store gets here

    if isinstance(error, SQLAlchemyError):
        from fivefold.store.faults import describe

        return describe(error, db_url) or f"the database failed: {getattr(error, 'orig', None) or error}"
    return None


def store_call(
    node: Node,
    call: Callable[[], T],
    done: Callable[[T], object] | None = None,
    *,
    failed: Callable[[str], object] | None = None,
    group: str = "store",
    exclusive: bool = False,
) -> Worker[None]:
    """Run `call` in a thread; `done(result)` or `failed(sentence)` then runs on `node`'s own queue.

    A store, file or database error is one sentence for `failed`, or an error notification when
    there is none. Anything else is a bug: the worker fails and the app stops with its traceback.
    """

    db_url = fivefold_app(node).db_url

    def in_thread() -> None:
        try:
            result = call()
        except Exception as error:
            text = failure_text(error, db_url)
            if text is None:
                raise
            node.call_later(failed or _notify_failure(node), text)
            return
        if done is not None:
            node.call_later(done, result)

    return node.run_worker(in_thread, thread=True, group=group, exclusive=exclusive, name=group)


def _notify_failure(node: Node) -> Callable[[str], None]:
    def notify(text: str) -> None:
        node.notify(visible(text), severity="error", markup=False)

    return notify


async def awaited_store_call(node: Node, call: Callable[[], T], *, group: str = "store") -> tuple[T | None, str | None]:
    """Run `call` in a thread worker and wait for it: (result, None), or (None, the sentence saying why not).

    For the callers that must know the outcome before going on: quitting waits for the last save.
    The same errors as `store_call` are sentences; anything else is raised here, a bug.
    """
    from textual.worker import WorkerFailed

    worker = node.run_worker(call, thread=True, group=group, name=group, exit_on_error=False)
    try:
        return await worker.wait(), None
    except WorkerFailed as failure:
        text = failure_text(failure.error, fivefold_app(node).db_url)
        if text is None:
            raise failure.error from None
        return None, text
