"""A reviewer accepts one blocker with a written reason; both are required."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot

# The start of the blocker's rationale, to remind the reviewer what they accept.
RATIONALE_SHOWN = 400


class AcceptBlockerDialog(Dialog[bool]):
    """Dismisses with True once the acceptance is stored (for the blocker's current answer revision)."""

    DIALOG_TITLE = "Accept a blocker"
    HINT = "it counts until the answer changes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Accept", id="accept.save", priority=True, tooltip="Accept the blocker"),
        Binding("escape", "cancel", "Cancel", id="accept.cancel"),
    ]

    def __init__(self, snapshot: AssessmentSnapshot, question_id: str) -> None:
        self.snapshot = snapshot
        self.question_id = question_id
        super().__init__()

    def compose_body(self) -> ComposeResult:
        place = self.snapshot.bank.question(self.question_id)
        answer = self.snapshot.answers.get(self.question_id)
        if place is not None:
            yield Static(literal(f"{place.phase.title} › {place.lens_name}: {place.question.text}"))
        if answer is not None and answer.rationale.strip():
            yield Static(literal(answer.rationale.strip()[:RATIONALE_SHOWN]), classes="muted", id="rationale")
        yield Label("Reviewer")
        yield Input(placeholder="who accepts the risk", id="reviewer", max_length=200, select_on_focus=False)
        yield Label("Reason")
        yield Input(
            placeholder="why the system may ship with it (required)",
            id="reason",
            max_length=2000,
            select_on_focus=False,
        )

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def submit(self) -> None:
        reviewer, reason = self._value("reviewer"), self._value("reason")
        missing = [label for label, value in (("the reviewer's name", reviewer), ("a reason", reason)) if not value]
        if missing:
            self.show_error(f"Give {' and '.join(missing)}.")
            self.query_one("#reviewer" if not reviewer else "#reason", Input).focus()
            return
        store, snapshot, question_id = fivefold_app(self).store, self.snapshot, self.question_id
        assert store is not None

        def accept() -> str:
            from fivefold.review.signoff import accept_blocker

            accept_blocker(store, snapshot, question_id, reviewer=reviewer, reason=reason)
            return f"Blocker accepted by {reviewer}"

        self.start(accept)
