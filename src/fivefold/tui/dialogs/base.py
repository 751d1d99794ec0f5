"""`Dialog`, the one base of the app's dialogs: a box with a title, a body, a refusal line and its keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Input, LoadingIndicator, Static

from fivefold.tui.labels import literal
from fivefold.tui.settle import keys_handled
from fivefold.tui.store_work import store_call
from fivefold.tui.widgets.app_footer import AppFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """Subclasses give `DIALOG_TITLE`, `compose_body()` and their `BINDINGS`; the line of keys under the
    box is read from those bindings (the ones shown in the footer), so it cannot disagree with them.

    Fields are built with `select_on_focus=False`: a key typed on opening, or after a refusal, must not
    replace a whole field. Enter in a text field moves on to the next field, and submits from the last one; it is a priority
    binding, so keys typed right after it land in the next field, not the one being left. A dialog that
    writes calls `start(call)`: the call runs in a thread worker, the dialog cannot be cancelled
    meanwhile (a sign-off being signed would still be written), and a refusal is shown in the dialog.
    """

    DIALOG_TITLE: ClassVar[str] = ""
    SCROLLS_BY_KEY: ClassVar[bool] = False
    """A dialog to read (no fields) takes the focus in its box, so the arrows scroll a long text."""
    HINT: ClassVar[str] = ""
    """A sentence about the keys that the bindings cannot say, shown after them."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter_field", "Next field", id="dialog.enter", show=False, priority=True),
    ]

    busy: var[bool] = var(False, bindings=True)
    """A store call started by `start` is running: submit and cancel are dimmed meanwhile."""

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box", can_focus=self.SCROLLS_BY_KEY):
            if self.dialog_title():
                yield Static(self.dialog_title(), classes="dialog-title")
            yield from self.compose_body()
            yield LoadingIndicator(id="working")
            yield Static("", id="error", classes="error-text")
            yield Static(self.key_hint(), classes="dialog-hint", id="hint")
        yield AppFooter()

    def dialog_title(self) -> str:
        return self.DIALOG_TITLE

    def compose_body(self) -> ComposeResult:
        yield from ()

    def key_hint(self) -> Text:
        parts = []
        for binding in self._bindings_shown():
            keys = " / ".join(self.app.get_key_display(Binding(key.strip(), "")) for key in binding.key.split(","))
            parts.append(f"{keys}: {binding.description}")
        if self.HINT:
            parts.append(self.HINT)
        return Text("    ".join(parts))

    def _bindings_shown(self) -> Iterable[Binding]:
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.show and binding.description:
                yield binding

    def on_mount(self) -> None:
        self.query_one("#working", LoadingIndicator).display = False

    # Enter in a field ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_field":
            return isinstance(self.focused, Input)  # elsewhere enter is the widget's own (a list, a box)
        if action in ("submit", "cancel") and self.busy:
            return None  # dimmed in the footer while the worker runs
        return True

    async def action_enter_field(self) -> None:
        await self._settled()
        fields = [field for field in self.query("Input, TextArea") if field.display and not field.disabled]
        focused = self.focused
        if isinstance(focused, Input) and focused in fields and focused is not fields[-1]:
            self.field_done(focused)
        else:
            await self.action_submit()

    def field_done(self, field: Input) -> None:
        """Enter in a field that is not the last one: on to the next."""
        self.focus_next()

    async def action_submit(self) -> None:
        """Enter in the last field, and ctrl+s: `submit` once every key typed before has reached its field."""
        await self._settled()
        if not self.busy:
            self.submit()

    def submit(self) -> None:
        """What the dialog does with its fields; by default, nothing."""

    async def _settled(self) -> None:
        """Wait until every field has handled the keys already sent to it (see `tui.settle`)."""
        await keys_handled(self.query("Input, TextArea"))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    # A store call and its refusal ------------------------------------------------------

    def show_error(self, text: str) -> None:
        error = self.query_one("#error", Static)
        error.update(literal(text))
        if text:
            # Once laid out with its text (the loading line above it has just gone): its start says what is wrong.
            self.call_after_refresh(error.scroll_visible, animate=False, top=True)

    def start(self, call: Callable[[], str], *, result: object = True) -> None:
        """Run `call` (store work returning the note to show) in a thread; close with `result` once done."""
        self._set_busy(True)
        self.show_error("")

        def done(note: str) -> None:
            self._set_busy(False)
            if note:
                self.notify(literal(note).plain, markup=False)
            self.dismiss(result)  # type: ignore[arg-type]

        def failed(text: str) -> None:
            self._set_busy(False)
            self.focus_after_error()
            self.show_error(text)

        store_call(self, call, done, failed=failed, group="dialog", exclusive=True)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self._focused_before = self.focused  # disabled fields lose the focus; it comes back to the same one
        self.busy = busy
        self.query_one("#working", LoadingIndicator).display = busy
        for field in self.query(Input):
            field.disabled = busy

    def focus_after_error(self) -> None:
        """Where the cursor goes when the store refused: back where it was (its text is not selected)."""
        before = getattr(self, "_focused_before", None)
        if before is not None and before.is_attached:
            self.set_focus(before, scroll_visible=False)  # the refusal stays in view
