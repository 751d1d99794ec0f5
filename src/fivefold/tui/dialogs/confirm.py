"""A yes/no question: y or enter confirms, n or escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from fivefold.tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask before doing something that cannot be undone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, question: Text, *, confirm_label: str = "Yes") -> None:
        self.question = question
        self.confirm_label = confirm_label
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Static(self.question, id="question")

    def key_hint(self) -> Text:
        return Text(f"y / enter: {self.confirm_label}    n / escape: Cancel")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
