"""Edit the team's own X and Y for one lens's goal sentence."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from fivefold.tui.labels import literal


class GoalDialog(ModalScreen[tuple[str, str] | None]):
    """Returns (x, y); an empty field falls back to the source's default meaning."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="goal.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="goal.cancel"),
    ]

    def __init__(self, template: str, defaults: tuple[str, str], current: tuple[str, str]) -> None:
        super().__init__(classes="dialog")
        self.template = template
        self.defaults = defaults
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("The team's goal", classes="dialog-title")
            yield Static(literal(self.template.replace("{X}", "X").replace("{Y}", "Y")), classes="muted")
            yield Label("X (the end)")
            yield Input(self.current[0], placeholder=self.defaults[0], id="x", max_length=2000)
            yield Label("Y (the means)")
            yield Input(self.current[1], placeholder=self.defaults[1], id="y", max_length=2000)
            yield Static("enter / ctrl+s: save    escape: cancel    empty: the source's default", classes="dialog-hint")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "x":
            self.query_one("#y", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.dismiss((self.query_one("#x", Input).value.strip(), self.query_one("#y", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
