"""Pick an answer's status with one key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fivefold.vocabulary import STATUS_MEANINGS

# What the dialog returns: a status value, "" to clear the status (back to draft), None to cancel.
CHOICES = (
    *((key, status, STATUS_MEANINGS[status]) for key, status in zip("acbn", STATUS_MEANINGS, strict=True)),
    ("x", "", "Clear the status (keep the text as a draft)"),
)


class StatusDialog(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"choose('{value}')", label.split(":")[0], id=f"status.{value or 'clear'}")
            for key, value, label in CHOICES
        ),
        Binding("escape", "cancel", "Cancel", id="status.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Set the status", classes="dialog-title")
            for key, _value, label in CHOICES:
                yield Static(f"{key}  {label}")
        yield Footer()

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def action_choose(self, value: str) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
