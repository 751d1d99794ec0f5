"""Pick an answer's status with one key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import STATUS_KEYS
from fivefold.vocabulary import STATUS_MEANINGS

# What the dialog returns: a status value, "" to clear the status (back to draft), None to cancel.
CHOICES = (
    *((STATUS_KEYS[status], status, meaning) for status, meaning in STATUS_MEANINGS.items()),
    ("x", "", "Clear the status (keep the text as a draft)"),
)


class StatusDialog(Dialog[str | None]):
    DIALOG_TITLE = "Set the status"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"choose('{value}')", label.split(":")[0], id=f"status.{value or 'clear'}")
            for key, value, label in CHOICES
        ),
        Binding("escape", "cancel", "Cancel", id="status.cancel"),
    ]

    def compose_body(self) -> ComposeResult:
        for key, _value, label in CHOICES:
            yield Static(Text(f"{key}  {label}"))

    def key_hint(self) -> Text:
        return Text("the letter sets the status    escape: cancel")

    def action_choose(self, value: str) -> None:
        self.dismiss(value)
