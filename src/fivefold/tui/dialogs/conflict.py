"""The answer changed in another window: keep mine (overwrite, on purpose) or take theirs."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal

Choice = Literal["mine", "theirs"]

# Enough of their text to recognise it; the dialog asks which to keep, it is not a reader.
THEIRS_SHOWN = 600


class ConflictDialog(Dialog[Choice]):
    """Nothing is overwritten without this explicit choice."""

    DIALOG_TITLE = "Changed in another window"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('mine')", "Keep mine (overwrite theirs)", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs (discard mine)", id="conflict.theirs"),
    ]

    def __init__(self, question_text: str, theirs: str) -> None:
        self.question_text = question_text
        self.theirs = theirs
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Static(literal(self.question_text), classes="muted")
        yield Static("Their text now reads:")
        yield Static(literal(self.theirs[:THEIRS_SHOWN] or "(empty)"), id="theirs")

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
