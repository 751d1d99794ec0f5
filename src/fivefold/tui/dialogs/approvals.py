"""Set how many valid approvals an assessment needs before a gate passes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog

# A team of reviewers, not a crowd: more than this is surely a typo (the store itself only needs >= 1).
MAX_APPROVALS = 99


class ApprovalsDialog(Dialog[bool]):
    """Dismisses with True once the new number is stored."""

    DIALOG_TITLE = "Approvals needed"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="approvals.save", priority=True, tooltip="Save the number"),
        Binding("escape", "cancel", "Cancel", id="approvals.cancel"),
    ]

    def __init__(self, assessment_id: int, current: int) -> None:
        self.assessment_id = assessment_id
        self.current = current
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Label("How many reviewers must approve (1 or more)")
        yield Input(str(self.current), type="integer", id="count", max_length=2, select_on_focus=False)

    def submit(self) -> None:
        text = self.query_one("#count", Input).value.strip()
        count = int(text) if text.lstrip("-").isdigit() else 0
        if not 1 <= count <= MAX_APPROVALS:
            self.show_error(f"Give a whole number from 1 to {MAX_APPROVALS}.")
            return
        store, assessment_id = fivefold_app(self).store, self.assessment_id
        assert store is not None

        def save() -> str:
            store.set_approvals_required(assessment_id, count)
            return f"{count} approval(s) needed"

        self.start(save)
