"""Shows whether the answer on screen is saved, waiting to save, or failed to save."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static


class SaveIndicator(Static):
    """`Saved HH:MM:SS` appears only after the commit returned: what it shows is on disk."""

    DEFAULT_CSS = """
    SaveIndicator { height: auto; padding: 0 1; color: $text-muted; }
    SaveIndicator.-saved { color: $text-success; }
    SaveIndicator.-pending { color: $text-warning; }
    SaveIndicator.-failed { color: $text-error; text-style: bold; }
    """

    failure: str | None = None
    """Why the last save failed, while that is what is shown."""

    def _show(self, state: str, text: str, failure: str | None = None) -> None:
        self.failure = failure
        self.set_classes(f"-{state}")
        self.update(Text(text))

    def saved(self, when: datetime) -> None:
        self._show("saved", f"✓ Saved {when.astimezone():%H:%M:%S}")

    def pending(self) -> None:
        self._show("pending", "● Unsaved changes (saving…)")

    def failed(self, reason: str) -> None:
        self._show("failed", f"✗ Not saved: {reason}", reason)

    def idle(self, text: str = "") -> None:
        self._show("idle", text)
