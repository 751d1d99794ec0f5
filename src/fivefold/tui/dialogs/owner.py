"""Give a question's concern or blocker an owner and a due date, as `fivefold owner` does."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.banks import QuestionPlace
    from fivefold.review import AssessmentSnapshot


class OwnerDialog(Dialog[bool]):
    """Dismisses with True once `review.actions.assign_owner` has stored the owner and the date, or
    `clear_owner` has taken them away."""

    DIALOG_TITLE = "Owner and due date"
    HINT = "it replaces any earlier owner and date"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="owner.save", priority=True, tooltip="Save the owner and due date"),
        Binding(
            "ctrl+d",
            "clear",
            "Clear",
            id="owner.clear",
            priority=True,
            tooltip="Take the owner and due date away (as fivefold owner --clear)",
        ),
        Binding("escape", "cancel", "Cancel", id="owner.cancel"),
    ]

    def __init__(self, snapshot: AssessmentSnapshot, place: QuestionPlace) -> None:
        self.snapshot = snapshot
        self.place = place
        super().__init__()

    def compose_body(self) -> ComposeResult:
        place = self.place
        item = self.snapshot.action_items.get(place.question.id)
        yield Static(literal(f"{place.phase.title} › {place.lens_name}: {place.question.text}"), id="question")
        yield Label("Owner")
        yield Input(
            item.owner if item else "",
            placeholder="who sees to it",
            id="owner",
            max_length=200,
            select_on_focus=False,
        )
        yield Label("Due date (YYYY-MM-DD)")
        yield Input(
            item.due.isoformat() if item else "",
            placeholder="e.g. 2026-12-24",
            id="due",
            max_length=10,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#owner", Input).focus()

    def submit(self) -> None:
        from fivefold.errors import FivefoldError
        from fivefold.review.actions import parse_due

        owner = self.query_one("#owner", Input).value.strip()
        if not owner:
            self.show_error("Give the owner's name.")
            self.query_one("#owner", Input).focus()
            return
        try:
            due = parse_due(self.query_one("#due", Input).value)  # the CLI's own sentence when it is no date
        except FivefoldError as error:
            self.show_error(str(error))
            self.query_one("#due", Input).focus()
            return
        store, snapshot, question_id = fivefold_app(self).store, self.snapshot, self.place.question.id
        assert store is not None

        def assign() -> str:
            from fivefold.review.actions import assign_owner

            item = assign_owner(store, snapshot, question_id, owner=owner, due=due)
            return f"Owner {item.owner}, due {item.due.isoformat()}"

        self.start(assign)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear" and (self.busy or self.place.question.id not in self.snapshot.action_items):
            return None  # shown dimmed: there is nothing to clear, or the store is busy
        return super().check_action(action, parameters)

    def action_clear(self) -> None:
        if self.busy or self.place.question.id not in self.snapshot.action_items:
            return
        store, snapshot, question_id = fivefold_app(self).store, self.snapshot, self.place.question.id
        assert store is not None

        def clear() -> str:
            from fivefold.review.actions import clear_owner

            clear_owner(store, snapshot, question_id)
            return "No owner or due date now"

        self.start(clear)
