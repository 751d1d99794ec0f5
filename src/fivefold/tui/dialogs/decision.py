"""Record a reviewer's decision, optionally signed with their SSH key: ssh-keygen runs in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, LoadingIndicator, RadioButton, RadioSet, Static

from fivefold.tui.dialogs.working import WorkingDialog
from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot

# (key in the decision list, decision, label); the decisions are fivefold.review.rules.DECISIONS.
CHOICES = (
    ("a", "approve", "Approve"),
    ("c", "approve-with-conditions", "Approve with conditions"),
    ("r", "reject", "Reject"),
)
FIELDS = ("reviewer", "role", "comment", "key", "principal")


class DecisionDialog(WorkingDialog):
    """Dismisses with True once the sign-off is recorded; a refusal is shown here and nothing is written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Record", id="decision.record", priority=True, tooltip="Record the decision"),
        Binding("escape", "cancel", "Cancel", id="decision.cancel"),
        *(
            Binding(key, f"choose('{decision}')", label, id=f"decision.{decision}", tooltip=f"In the list: {label}")
            for key, decision, label in CHOICES
        ),
    ]

    def __init__(self, snapshot: AssessmentSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot

    def compose(self) -> ComposeResult:
        assessment = self.snapshot.assessment
        with Vertical(classes="dialog-box"):
            yield Static("Record a decision", classes="dialog-title")
            yield Static(literal(f"{assessment.title} · {assessment.system_name} {assessment.system_version}"))
            yield Label("Reviewer")
            yield Input(placeholder="your name, as the team knows it", id="reviewer", max_length=200)
            yield Label("Role")
            yield Input(placeholder="e.g. ML lead, safety reviewer (optional)", id="role", max_length=200)
            yield Label("Decision (↑/↓ then space, or a / c / r)")
            with RadioSet(id="decision"):
                for _key, decision, label in CHOICES:
                    yield RadioButton(label, name=decision)
            yield Label("Comment")
            yield Input(placeholder="conditions, or why (optional)", id="comment", max_length=2000)
            yield Label("SSH private key to sign with")
            yield Input(placeholder="optional, e.g. ~/.ssh/id_ed25519", id="key", max_length=1000)
            yield Label("Signer principal")
            yield Input(placeholder="optional: the reviewer's name", id="principal", max_length=200)
            yield LoadingIndicator(id="working")
            yield Static("", id="error", classes="error-text")
            yield Static("tab / enter: next field    ctrl+s: record    escape: cancel", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:  # WorkingDialog.on_mount runs too (Textual calls each class's handler)
        self.query_one("#reviewer", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            # Only in the decision list: anywhere else the letters are typed into a field.
            return isinstance(self.focused, RadioSet) and not self.busy
        return super().check_action(action, parameters)

    @property
    def decision(self) -> str | None:
        pressed = self.query_one("#decision", RadioSet).pressed_button
        return pressed.name if pressed is not None else None

    def action_choose(self, decision: str) -> None:
        for button in self.query_one("#decision", RadioSet).query(RadioButton):
            if button.name == decision:
                button.value = True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == FIELDS[-1]:
            self.action_submit()
        else:
            self.focus_next()

    def action_submit(self) -> None:
        if self.busy:
            return
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        if not values["reviewer"]:
            self.show_error("Give the reviewer's name.")
            self.query_one("#reviewer", Input).focus()
            return
        decision = self.decision
        if decision is None:
            self.show_error("Choose a decision: approve, approve with conditions, or reject.")
            self.query_one("#decision", RadioSet).focus()
            return
        key = Path(values["key"]).expanduser() if values["key"] else None
        store, snapshot = self.app.store, self.snapshot  # type: ignore[attr-defined]

        def record() -> str:
            from fivefold.review.signoff import record_signoff

            # The snapshot the reviewer was shown: the decision is bound to the digest of what they read.
            record_signoff(
                store,
                snapshot,
                reviewer=values["reviewer"],
                role=values["role"],
                decision=decision,
                comment=values["comment"],
                key=key,
                principal=values["principal"] or None,
            )
            signed = "signed" if key is not None else "unsigned"
            return f"Recorded: {values['reviewer']} ({decision}, {signed})"

        self.start(record)

    def focus_after_error(self) -> None:
        self.query_one("#key" if self.query_one("#key", Input).value.strip() else "#reviewer", Input).focus()
