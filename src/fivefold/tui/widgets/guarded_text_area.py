"""A TextArea that refuses a paste holding control characters instead of drawing them raw."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.widgets import TextArea

from fivefold.visible import has_hidden, visible


class GuardedTextArea(TextArea):
    """A TextArea draws control characters raw: an ESC in a stored answer cleared the screen, an OSC
    sequence retitles the terminal. A paste holding control or invisible characters is refused, with a
    notice showing it escaped and saying how to save such text (`SAVE_INSTEAD`)."""

    SAVE_INSTEAD: ClassVar[str] = ""
    """The command that saves such a text from a file, e.g. "`fivefold answer --text-file`"."""

    async def _on_paste(self, event: events.Paste) -> None:
        # Textual calls the `_on_paste` of every class in the MRO, this one first: TextArea's inserts the
        # text next, unless this one prevents it. (Calling it from here as well pasted everything twice.)
        # Terminals send a pasted line break as CR, the Enter key's code (tmux, VTE): lines, not control
        # characters. A multi-line paste in a real terminal was refused before this.
        event.text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if has_hidden(event.text):
            event.prevent_default()
            event.stop()
            instead = f" Save it with {self.SAVE_INSTEAD}." if self.SAVE_INSTEAD else ""
            self.notify(
                f"Not pasted: the text holds control characters (shown escaped: {visible(event.text[:60])}…).{instead}",
                severity="warning",
                markup=False,
            )
