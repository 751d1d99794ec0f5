"""A yes/no question: y or enter confirms, n or escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask before doing something that cannot be undone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: Text, *, confirm_label: str = "Yes") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, id="question")
            yield Static(f"y / enter: {self.confirm_label}    n / escape: Cancel", classes="dialog-hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
