"""Edit the team's own X and Y for one lens's goal sentence."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal


class GoalDialog(Dialog[tuple[str, str] | None]):
    """Returns (x, y); an empty field falls back to the source's default meaning."""

    DIALOG_TITLE = "The team's goal"
    HINT = "empty: the source's default"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="goal.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="goal.cancel"),
    ]

    def __init__(self, template: str, defaults: tuple[str, str], current: tuple[str, str]) -> None:
        self.template = template
        self.defaults = defaults
        self.current = current
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Static(literal(self.template.replace("{X}", "X").replace("{Y}", "Y")), classes="muted")
        yield Label("X (the end)")
        yield Input(self.current[0], placeholder=self.defaults[0], id="x", max_length=2000, select_on_focus=False)
        yield Label("Y (the means)")
        yield Input(self.current[1], placeholder=self.defaults[1], id="y", max_length=2000, select_on_focus=False)

    def submit(self) -> None:
        self.dismiss((self.query_one("#x", Input).value.strip(), self.query_one("#y", Input).value.strip()))
