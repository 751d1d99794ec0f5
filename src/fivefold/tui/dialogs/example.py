"""The worked example of a question, opened with one key and closed with the same key or escape."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fivefold.tui.labels import literal


class ExampleDialog(ModalScreen[None]):
    """Bank text only, shown literally; the arrows scroll a long example."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "close", "Close", id="example.close"),
    ]

    def __init__(self, question_text: str, example: str) -> None:
        super().__init__(classes="dialog")
        self.question_text = question_text
        self.example = example

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Worked example", classes="dialog-title")
            yield Static(literal(self.question_text), classes="muted")
            with VerticalScroll(id="example-body", classes="dialog-scroll"):
                yield Static(literal(self.example), id="example-text")
            yield Static("escape / f2: close", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#example-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
