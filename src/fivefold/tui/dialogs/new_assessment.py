"""Create an assessment, or change its title, system and version: all from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Select

from fivefold.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from fivefold.banks import Bank

# Preselected when installed: the registry lists banks by id, which would put "contribution-story" first.
CORE_BANK_ID = "five-phase"
FIELDS = ("title", "system", "version")


class AssessmentDialog(Dialog[dict[str, str] | None]):
    """Returns the fields (and the bank, when creating); tab or enter moves on, ctrl+s or enter at the end saves."""

    HINT = "tab / enter: next field"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="assessment-fields.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="assessment-fields.cancel"),
    ]

    def __init__(self, banks: Sequence[Bank] = (), *, current: dict[str, str] | None = None) -> None:
        """With `current` (title, system, version) it edits them; otherwise it creates, on one of `banks`."""
        self.banks = list(banks)
        self.current = current
        super().__init__()

    def compose_body(self) -> ComposeResult:
        current = self.current or {}
        yield Label("Title")
        yield Input(
            current.get("title", ""),
            placeholder="e.g. Pre-release review of 2.3",
            id="title",
            max_length=200,
            select_on_focus=False,
        )
        yield Label("System (model) under review")
        yield Input(
            current.get("system", ""),
            placeholder="e.g. ticket-triage-classifier",
            id="system",
            max_length=200,
            select_on_focus=False,
        )
        yield Label("System version")
        yield Input(
            current.get("version", ""),
            placeholder="e.g. 2.3.0 (optional)",
            id="version",
            max_length=100,
            select_on_focus=False,
        )
        if self.current is None:
            options = [(f"{bank.title} ({bank.id} {bank.version})", bank.id) for bank in self.banks]
            ids = [bank.id for bank in self.banks]
            default = CORE_BANK_ID if CORE_BANK_ID in ids else ids[0] if ids else Select.NULL
            yield Label("Question bank")
            yield Select(options, value=default, allow_blank=False, id="bank")

    def dialog_title(self) -> str:
        return "New assessment" if self.current is None else "Edit the assessment"

    def submit(self) -> None:
        fields = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        missing = [label for name, label in (("title", "a title"), ("system", "the system")) if not fields[name]]
        if missing:
            self.show_error(f"Give {' and '.join(missing)} first.")
            self.query_one("#title" if not fields["title"] else "#system", Input).focus()
            return
        if self.current is not None:
            self.dismiss(fields)
            return
        bank = self.query_one("#bank", Select).value
        if bank is Select.NULL:
            self.show_error("No question bank is installed.")
            return
        self.dismiss({**fields, "bank": str(bank)})
