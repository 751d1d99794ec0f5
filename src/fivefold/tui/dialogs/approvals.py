"""Set how many valid approvals an assessment needs before a gate passes."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from fivefold.tui.dialogs.working import WorkingDialog

# A team of reviewers, not a crowd: more than this is surely a typo (the store itself only needs >= 1).
MAX_APPROVALS = 99


class ApprovalsDialog(WorkingDialog):
    """Dismisses with True once the new number is stored."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="approvals.save", priority=True, tooltip="Save the number"),
        Binding("escape", "cancel", "Cancel", id="approvals.cancel"),
    ]

    def __init__(self, assessment_id: int, current: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Approvals needed", classes="dialog-title")
            yield Label("How many reviewers must approve (1 or more)")
            yield Input(str(self.current), type="integer", id="count", max_length=2)
            yield LoadingIndicator(id="working")
            yield Static("", id="error", classes="error-text")
            yield Static("enter / ctrl+s: save    escape: cancel", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#count", Input).focus()

    @on(Input.Submitted, "#count")
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self.busy:
            return
        text = self.query_one("#count", Input).value.strip()
        count = int(text) if text.lstrip("-").isdigit() else 0
        if not 1 <= count <= MAX_APPROVALS:
            self.show_error(f"Give a whole number from 1 to {MAX_APPROVALS}.")
            return
        store, assessment_id = self.app.store, self.assessment_id  # type: ignore[attr-defined]

        def save() -> str:
            store.set_approvals_required(assessment_id, count)
            return f"{count} approval(s) needed"

        self.start(save)

    def focus_after_error(self) -> None:
        self.query_one("#count", Input).focus()
