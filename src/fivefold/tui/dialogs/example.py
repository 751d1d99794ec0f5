"""The worked example of a question, opened with one key and closed with the same key or escape."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal


class ExampleDialog(Dialog[None]):
    """Bank text only, shown literally; the arrows scroll a long example."""

    DIALOG_TITLE = "Worked example"
    SCROLLS_BY_KEY = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "cancel", "Close", id="example.close"),
    ]

    def __init__(self, question_text: str, example: str) -> None:
        self.question_text = question_text
        self.example = example
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Static(literal(self.question_text), classes="muted")
        yield Static(literal(self.example), id="example-text")

    def on_mount(self) -> None:
        self.query_one(".dialog-box").focus()
