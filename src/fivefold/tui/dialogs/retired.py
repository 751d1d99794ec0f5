"""Answers to questions the assessment's bank no longer has, and why the bank differs: read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal, plain_value, status_name

if TYPE_CHECKING:
    from fivefold.store import Answer


class RetiredAnswersDialog(Dialog[None]):
    """Retired answers are kept, never deleted; this lists them with their status, value and rationale."""

    DIALOG_TITLE = "The bank changed"
    SCROLLS_BY_KEY = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f3", "cancel", "Close", id="retired.close"),
    ]

    def __init__(self, bank_changed: str, retired: dict[str, Answer]) -> None:
        self.bank_changed = bank_changed
        self.retired = retired
        super().__init__()

    def compose_body(self) -> ComposeResult:
        if self.bank_changed:
            yield Static(literal(self.bank_changed), id="bank-changed")
        count = len(self.retired)
        yield Static(
            f"{count} answer(s) to questions the bank no longer has (kept, never deleted):"
            if count
            else "No answer belongs to a retired question.",
            id="retired-count",
            classes="muted",
        )
        for question_id, answer in sorted(self.retired.items()):
            yield Static(self._entry(question_id, answer), classes="retired-answer")

    @staticmethod
    def _entry(question_id: str, answer: Answer) -> Text:
        entry = Text.assemble(literal(question_id, "bold"), ("  retired · ", "dim"), status_name(answer))
        if answer.value is not None:
            entry.append("\nValue: ")
            entry.append(literal(plain_value(answer.value)))
        entry.append("\n")
        entry.append(literal(answer.rationale or "(no rationale)"))
        return entry

    def on_mount(self) -> None:
        self.query_one(".dialog-box").focus()
