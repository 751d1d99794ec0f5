"""A one-line progress report on stderr for a command that can run for seconds, shown only to a person.

The line is redrawn in place (carriage return) at most ten times a second and wiped when the work
ends, so a terminal keeps only the command's real output. Where stderr is not a terminal (a pipe,
a CI log, a test) nothing is written: a script reads the same output as before.
"""

from __future__ import annotations

import shutil
import sys
import time
from types import TracebackType
from typing import TextIO

from fivefold.visible import one_line

REDRAW_S = 0.1


class ProgressLine:
    """`with ProgressLine("backing up x.db") as line: ... line.update(done, total)`."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.shown = _is_terminal(self.stream)
        self._drawn_at = time.monotonic()  # work over within a tenth of a second shows nothing
        self._width = 0

    def __enter__(self) -> ProgressLine:
        return self

    def update(self, done: int, total: int) -> None:
        """Say that `done` of `total` units are done (drawn only if a tenth of a second has passed since the
        start or the last time)."""
        if not self.shown:
            return
        now = time.monotonic()
        if now - self._drawn_at < REDRAW_S:
            return
        self._drawn_at = now
        self._draw_status(f"{100 * done // total if total > 0 else 0}%")

    def say(self, status: str) -> None:
        """Show `status` at once, for work whose share done is not known."""
        if self.shown:
            self._draw_status(status)

    def _draw_status(self, status: str) -> None:
        # One line even in a narrow terminal: a wrapped line would not be drawn over by the next.
        room = shutil.get_terminal_size().columns - 1 - len("fivefold: : ")
        what = one_line(self.what, max(room - len(status), 12))
        self._draw(f"fivefold: {what}: {one_line(status, max(room - len(what), 8))}")

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _trace: TracebackType | None
    ) -> None:
        if self._width:
            self._draw("")

    def _draw(self, line: str) -> None:
        """Draw `line` over the last one (an empty line wipes it and leaves the cursor at its start)."""
        self.stream.write("\r" + line.ljust(self._width) + ("" if line else "\r"))
        self.stream.flush()
        self._width = len(line)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
