"""Waiting for the keys a fast typist already sent to reach the field they were typed into."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from textual.widget import Widget


async def keys_handled(fields: Iterable[Widget]) -> None:
    """Return once each field has handled every message already queued for it.

    The app's priority bindings (enter in a dialog, ctrl+s, ctrl+n, escape, ctrl+q) run on the app's
    queue, ahead of the keys typed just before them, which still wait in the focused field's own queue.
    Read at once, the field missed its last characters: ctrl+q right after typing saved a cut sentence,
    and ctrl+n moved on so that the rest landed in the next question. A callback queued behind those
    keys runs once they are handled (a field that is no longer running is skipped).
    """
    waits = []
    for field in fields:
        handled = asyncio.Event()
        if field.call_later(handled.set):
            waits.append(handled.wait())
    await asyncio.gather(*waits)
