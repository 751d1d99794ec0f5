"""The answer changed in another window: keep mine (overwrite, on purpose) or take theirs."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fivefold.tui.labels import literal

Choice = Literal["mine", "theirs"]


class ConflictDialog(ModalScreen[Choice]):
    """Nothing is overwritten without this explicit choice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('mine')", "Keep mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
    ]

    def __init__(self, question_text: str, theirs: str) -> None:
        super().__init__(classes="dialog")
        self.question_text = question_text
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Changed in another window", classes="dialog-title")
            yield Static(literal(self.question_text), classes="muted")
            yield Static("Their text now reads:")
            yield Static(literal(self.theirs[:600] or "(empty)"), id="theirs")
            yield Static("k: keep mine (overwrite theirs)    t: take theirs (discard mine)", classes="dialog-hint")
        yield Footer()

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
