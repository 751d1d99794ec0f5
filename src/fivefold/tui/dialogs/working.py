"""The base of the review dialogs: run one core call in a thread, show its refusal, or close on success."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.screen import ModalScreen
from textual.widgets import Input, LoadingIndicator, Static

from fivefold.tui.labels import literal
from fivefold.tui.messages import ReviewSaved


class WorkingDialog(ModalScreen[bool]):
    """Dismisses with True once the core call succeeded, False when cancelled.

    A subclass composes `LoadingIndicator#working` and `Static#error`, and calls `start(call)`
    with a function that does the store work and returns the note to show. While the call runs
    the dialog cannot be cancelled: a sign-off being signed would still be written, and the
    screen behind would never learn of it. Each subclass binds `submit` and `cancel` itself,
    with its own words in the footer.
    """

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self.busy = False
        """A core call is running in the thread worker."""

    def on_mount(self) -> None:
        self.query_one("#working", LoadingIndicator).display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "cancel") and self.busy:
            return None  # dimmed in the footer while the worker runs
        return True

    def show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(literal(text))

    def start(self, call: Callable[[], str]) -> None:
        """Run `call` in a thread; its FivefoldError's text is shown here, nothing else changes."""
        self.busy = True
        self.show_error("")
        self.query_one("#working", LoadingIndicator).display = True
        for field in self.query(Input):
            field.disabled = True
        self.refresh_bindings()
        self.run_call(call)

    @work(thread=True, exclusive=True, group="review-dialog")
    def run_call(self, call: Callable[[], str]) -> None:
        from fivefold.errors import FivefoldError

        try:
            note = call()
        except FivefoldError as error:
            self.post_message(ReviewSaved(None, str(error)))
        except OSError as error:  # e.g. a key path that cannot be read; the core signs before it writes
            self.post_message(ReviewSaved(None, f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")))
        else:
            self.post_message(ReviewSaved(note))

    def on_review_saved(self, message: ReviewSaved) -> None:
        message.stop()
        self.busy = False
        self.query_one("#working", LoadingIndicator).display = False
        for field in self.query(Input):
            field.disabled = False
        self.refresh_bindings()
        if message.error is not None:
            self.show_error(message.error)
            self.focus_after_error()
            return
        if message.note:
            self.notify(message.note, markup=False)
        self.dismiss(True)

    def focus_after_error(self) -> None:
        """Where the cursor goes when the core refused; the first field by default."""
        self.focus_next()

    def action_submit(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(False)
