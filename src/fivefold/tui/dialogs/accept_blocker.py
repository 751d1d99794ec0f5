"""A reviewer accepts one blocker with a written reason; both are required."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from fivefold.tui.dialogs.working import WorkingDialog
from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot


class AcceptBlockerDialog(WorkingDialog):
    """Dismisses with True once the acceptance is stored (for the blocker's current answer revision)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Accept", id="accept.save", priority=True, tooltip="Accept the blocker"),
        Binding("escape", "cancel", "Cancel", id="accept.cancel"),
    ]

    def __init__(self, snapshot: AssessmentSnapshot, question_id: str) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        place = self.snapshot.bank.question(self.question_id)
        answer = self.snapshot.answers.get(self.question_id)
        with Vertical(classes="dialog-box"):
            yield Static("Accept a blocker", classes="dialog-title")
            if place is not None:
                yield Static(literal(f"{place.phase.title} › {place.lens_name}: {place.question.text}"))
            if answer is not None and answer.rationale.strip():
                yield Static(literal(answer.rationale.strip()[:400]), classes="muted", id="rationale")
            yield Label("Reviewer")
            yield Input(placeholder="who accepts the risk", id="reviewer", max_length=200)
            yield Label("Reason")
            yield Input(placeholder="why the system may ship with it (required)", id="reason", max_length=2000)
            yield LoadingIndicator(id="working")
            yield Static("", id="error", classes="error-text")
            yield Static(
                "enter / ctrl+s: accept    escape: cancel    it counts until the answer changes",
                classes="dialog-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reviewer", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "reason" or all(self._value(name) for name in ("reviewer", "reason")):
            self.action_submit()
        else:
            self.focus_next()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def action_submit(self) -> None:
        if self.busy:
            return
        reviewer, reason = self._value("reviewer"), self._value("reason")
        missing = [label for label, value in (("the reviewer's name", reviewer), ("a reason", reason)) if not value]
        if missing:
            self.show_error(f"Give {' and '.join(missing)}.")
            self.query_one("#reviewer" if not reviewer else "#reason", Input).focus()
            return
        store, snapshot, question_id = self.app.store, self.snapshot, self.question_id  # type: ignore[attr-defined]

        def accept() -> str:
            from fivefold.review.signoff import accept_blocker

            accept_blocker(store, snapshot, question_id, reviewer=reviewer, reason=reason)
            return f"Blocker accepted by {reviewer}"

        self.start(accept)

    def focus_after_error(self) -> None:
        self.query_one("#reason", Input).focus()
