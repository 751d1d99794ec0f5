"""Answers to questions the assessment's bank no longer has, and why the bank differs: read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from fivefold.tui.labels import STATUS_NAMES, literal, mark_key, plain_value

if TYPE_CHECKING:
    from fivefold.store import Answer


class RetiredAnswersDialog(ModalScreen[None]):
    """Retired answers are kept, never deleted; this lists them with their status, value and rationale."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f3", "close", "Close", id="retired.close"),
    ]

    def __init__(self, bank_changed: str, retired: dict[str, Answer]) -> None:
        super().__init__(classes="dialog")
        self.bank_changed = bank_changed
        self.retired = retired

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("The bank changed", classes="dialog-title")
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
            with VerticalScroll(id="retired-body", classes="dialog-scroll"):
                for question_id, answer in sorted(self.retired.items()):
                    yield Static(self._entry(question_id, answer), classes="retired-answer")
            yield Static("escape / f3: close", classes="dialog-hint")
        yield Footer()

    @staticmethod
    def _entry(question_id: str, answer: Answer) -> Text:
        status = STATUS_NAMES[mark_key(answer.status, bool(answer.rationale))]
        entry = Text.assemble(literal(question_id, "bold"), ("  retired · ", "dim"), status)
        if answer.value is not None:
            value = plain_value(answer.value)
            entry.append("\nValue: ")
            entry.append(literal(value))
        entry.append("\n")
        entry.append(literal(answer.rationale or "(no rationale)"))
        return entry

    def on_mount(self) -> None:
        self.query_one("#retired-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
