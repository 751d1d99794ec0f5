"""Record a reviewer's decision, optionally signed with their SSH key: ssh-keygen runs in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import DECISION_KEYS, DECISION_LABELS, literal
from fivefold.vocabulary import DECISIONS

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot

FIELDS = ("reviewer", "role", "comment", "key", "principal")


class DecisionDialog(Dialog[bool]):
    """Dismisses with True once the sign-off is recorded; a refusal is shown here and nothing is written.

    Laid out two fields to a row so that it fits 24 rows; in a shorter terminal the box scrolls, and a
    refusal is scrolled into view.
    """

    DIALOG_TITLE = "Record a decision"
    HINT = "tab / enter: next field"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Record", id="decision.record", priority=True, tooltip="Record the decision"),
        Binding("escape", "cancel", "Cancel", id="decision.cancel"),
        *(
            Binding(
                DECISION_KEYS[decision],
                f"choose('{decision}')",
                DECISION_LABELS[decision],
                id=f"decision.{decision}",
                show=False,
                tooltip=f"In the list: {DECISION_LABELS[decision]}",
            )
            for decision in DECISIONS
        ),
    ]

    def __init__(self, snapshot: AssessmentSnapshot) -> None:
        self.snapshot = snapshot
        super().__init__()

    def compose_body(self) -> ComposeResult:
        assessment = self.snapshot.assessment
        yield Static(literal(f"{assessment.title} · {assessment.system_name} {assessment.system_version}"))
        with Horizontal(classes="field-row"):
            with Vertical():
                yield Label("Reviewer")
                yield Input(
                    placeholder="your name, as the team knows it", id="reviewer", max_length=200, select_on_focus=False
                )
            with Vertical():
                yield Label("Role")
                yield Input(placeholder="e.g. ML lead (optional)", id="role", max_length=200, select_on_focus=False)
        keys = " / ".join(DECISION_KEYS[decision] for decision in DECISIONS)
        yield Label(f"Decision (↑/↓ then space, or {keys})")
        with RadioSet(id="decision"):
            for decision in DECISIONS:
                yield RadioButton(DECISION_LABELS[decision], name=decision)
        yield Label("Comment")
        yield Input(placeholder="conditions, or why (optional)", id="comment", max_length=2000, select_on_focus=False)
        with Horizontal(classes="field-row"):
            with Vertical():
                yield Label("SSH private key to sign with")
                yield Input(placeholder="optional: ~/.ssh/id_ed25519", id="key", max_length=1000, select_on_focus=False)
            with Vertical():
                yield Label("Signer principal")
                yield Input(placeholder="optional: the reviewer", id="principal", max_length=200, select_on_focus=False)

    def on_mount(self) -> None:
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

    def submit(self) -> None:
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
        store, snapshot = fivefold_app(self).store, self.snapshot
        assert store is not None

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
