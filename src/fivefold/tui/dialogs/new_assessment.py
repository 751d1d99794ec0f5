"""Create an assessment: title, system, version and bank, all from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

if TYPE_CHECKING:
    from fivefold.banks import Bank

# Preselected when installed: the registry lists banks by id, which would put "contribution-story" first.
CORE_BANK_ID = "five-phase"


class NewAssessmentDialog(ModalScreen[dict[str, str] | None]):
    """Tab moves between fields; ctrl+s or enter in the last field creates."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create", id="new.create", priority=True),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def __init__(self, banks: Sequence[Bank]) -> None:
        super().__init__(classes="dialog")
        self.banks = list(banks)

    def compose(self) -> ComposeResult:
        options = [(f"{bank.title} ({bank.id} {bank.version})", bank.id) for bank in self.banks]
        ids = [bank.id for bank in self.banks]
        default = CORE_BANK_ID if CORE_BANK_ID in ids else ids[0] if ids else Select.NULL
        with Vertical(classes="dialog-box"):
            yield Static("New assessment", classes="dialog-title")
            yield Label("Title")
            yield Input(placeholder="e.g. Pre-release review of 2.3", id="title", max_length=200)
            yield Label("System (model) under review")
            yield Input(placeholder="e.g. ticket-triage-classifier", id="system", max_length=200)
            yield Label("System version")
            yield Input(placeholder="e.g. 2.3.0 (optional)", id="version", max_length=100)
            yield Label("Question bank")
            yield Select(options, value=default, allow_blank=False, id="bank")
            yield Static("", id="error", classes="error-text")
            yield Static("tab: next field    enter / ctrl+s: create    escape: cancel", classes="dialog-hint")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "version" or all(
            self.query_one(f"#{name}", Input).value.strip() for name in ("title", "system")
        ):
            self.action_create()
        else:
            self.focus_next()

    def action_create(self) -> None:
        fields = {name: self.query_one(f"#{name}", Input).value.strip() for name in ("title", "system", "version")}
        missing = [label for name, label in (("title", "a title"), ("system", "the system")) if not fields[name]]
        if missing:
            self.query_one("#error", Static).update(f"Give {' and '.join(missing)} first.")
            self.query_one("#title" if not fields["title"] else "#system", Input).focus()
            return
        bank = self.query_one("#bank", Select).value
        if bank is Select.NULL:
            self.query_one("#error", Static).update("No question bank is installed.")
            return
        self.dismiss({**fields, "bank": str(bank)})

    def action_cancel(self) -> None:
        self.dismiss(None)
