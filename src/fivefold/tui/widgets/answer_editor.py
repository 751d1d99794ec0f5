"""The answer to the question on screen: its value, its rationale, whether it is saved, and its autosave."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static, TextArea

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.labels import literal
from fivefold.tui.settle import keys_handled
from fivefold.tui.store_work import awaited_store_call
from fivefold.tui.widgets.guarded_text_area import GuardedTextArea
from fivefold.tui.widgets.save_indicator import SaveIndicator
from fivefold.tui.widgets.value_input import ValueInput
from fivefold.visible import has_hidden

if TYPE_CHECKING:
    from fivefold.banks import Bank, Question
    from fivefold.store import Answer

# Save this long after the last keystroke: long enough to batch a burst of typing, short enough that
# "Saved" follows the pause at once. A save commits in about 0.2 ms on SQLite (benchmarks/autosave.py);
# it runs in a thread worker all the same, so a slow shared PostgreSQL never stalls the typing.
AUTOSAVE_DELAY = 0.3

READ_ONLY_NOTE = (
    "This rationale holds characters the editor cannot show as they are stored ({what}). It is shown "
    "read-only, escaped, so that looking at it never changes it; status and value keys still work. "
    "Change the text with `fivefold answer ID QUESTION --text-file FILE`."
)


def cannot_edit(text: str) -> str:
    """Why the editor cannot hold `text` byte for byte ("" when it can).

    A TextArea draws control characters raw (an ESC in a stored answer cleared the screen) and keeps
    one newline style for a whole text: a lone CR, or CRLF mixed with LF, would be rewritten on the
    next save of an answer that was merely looked at.
    """
    if has_hidden(text.replace("\r\n", "\n")):
        return "control or invisible characters"
    if "\r\n" in text and "\n" in text.replace("\r\n", ""):
        return "mixed line endings"
    return ""


class RationaleArea(GuardedTextArea):
    """The Markdown rationale; a paste holding control characters is refused, not drawn raw."""

    SAVE_INSTEAD = "`fivefold answer --text-file`"


@dataclass
class _Shown:
    """What the editor shows, and the stored answer it started from."""

    question: Question
    answer: Answer | None
    value: Any
    """The value as the input showed it on arrival: a stored value the input cannot show (an option the
    bank dropped) must not count as an edit, or merely looking would save and confirm it."""
    read_only: str = ""


class AnswerEditor(Vertical):
    """Saves the answer AUTOSAVE_DELAY after the last keystroke, at once on a choice or a status, and
    whenever `flush` is awaited (before moving, quitting or exporting). "Saved" shows only once the
    commit has returned. A save that finds the answer changed in another window asks which to keep
    and overwrites nothing meanwhile. Posts `Saved` with each answer it committed or took over.
    """

    DEFAULT_CSS = """
    AnswerEditor { height: auto; }
    AnswerEditor > #value { margin-top: 1; }
    AnswerEditor > #read-only-note { color: $text-warning; height: auto; }
    AnswerEditor > #read-only-text { height: auto; max-height: 12; border: round $warning; padding: 0 1; }
    AnswerEditor > #editor { height: 12; min-height: 4; }
    """

    @dataclass
    class Saved(Message):
        """An answer was committed here, or taken from the other window (None: they deleted it)."""

        question_id: str
        answer: Answer | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bank: Bank | None = None
        self.assessment_id = 0
        self.shown: _Shown | None = None
        self.asking = False
        """A conflict dialog is open and waits for the choice."""
        self._timer: Timer | None = None
        self._lock = asyncio.Lock()  # one save at a time: two at once would conflict with each other

    def compose(self) -> ComposeResult:
        yield ValueInput(id="value")
        yield Static(id="read-only-note")
        yield Static(id="read-only-text")
        yield RationaleArea(id="editor", language=None, soft_wrap=True, tab_behavior="focus")
        yield SaveIndicator(id="saved")

    def _fields(self) -> list[Widget]:
        return [self.text_area, *self.value_input.query("Input, ChoiceList")]

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def value_input(self) -> ValueInput:
        return self.query_one(ValueInput)

    @property
    def field(self) -> ValueInput | TextArea | Static:
        """Where typing starts: the value, else the rationale (the read-only text when it cannot be edited)."""
        if self.value_input.display:
            return self.value_input
        return self.text_area if self.text_area.display else self.query_one("#read-only-text", Static)

    def focus_field(self) -> None:
        """Focus where typing starts, at once: `Widget.focus` waits for the app's queue, and the keys typed
        after enter would reach the outline first."""
        field = self.field
        target = field.field if isinstance(field, ValueInput) else field
        if target.focusable:
            self.screen.set_focus(target)

    # Showing ---------------------------------------------------------------------------

    def show(self, bank: Bank, assessment_id: int, question: Question, answer: Answer | None) -> None:
        """Show `question`'s answer; posts nothing. Await `flush` first: this drops unsaved typing."""
        self._stop_timer()
        self.bank, self.assessment_id = bank, assessment_id
        value_input = self.value_input
        value_input.show(question, answer.value if answer else None)
        rationale = answer.rationale if answer else ""
        read_only = cannot_edit(rationale)
        area = self.text_area
        with area.prevent(TextArea.Changed):
            area.load_text("" if read_only else rationale)
        if not read_only and area.text != rationale:
            read_only = "line endings the editor would rewrite"
        self.shown = _Shown(question, answer, value_input.value, read_only)
        area.display = not read_only
        note, text = self.query_one("#read-only-note", Static), self.query_one("#read-only-text", Static)
        note.display = text.display = bool(read_only)
        if read_only:
            note.update(Text(READ_ONLY_NOTE.format(what=read_only)))
            text.update(literal(rationale))
        self._show_state()

    def _show_state(self) -> None:
        indicator = self.query_one(SaveIndicator)
        assert self.shown is not None
        if self.dirty:
            indicator.pending()
        elif self.shown.answer is not None:
            indicator.saved(self.shown.answer.updated_at)
        elif self.shown.question.kind != "rationale":
            indicator.idle("Not answered yet: a value above, why below.")
        else:
            indicator.idle("Not answered yet: write why, then set a status.")

    @property
    def text(self) -> str:
        """The rationale as it would be saved now (the stored one while it cannot be edited)."""
        if self.shown is not None and self.shown.read_only:
            return self.shown.answer.rationale if self.shown.answer else ""
        return self.text_area.text

    @property
    def dirty(self) -> bool:
        """Typed or picked something the store does not have yet."""
        if self.shown is None:
            return False
        stored = self.shown.answer.rationale if self.shown.answer else ""
        return self.text != stored or self.value_input.value != self.shown.value

    # Typing ------------------------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    @on(ValueInput.Typed)
    def _typed(self) -> None:
        self._stop_timer()
        if self.shown is None:
            return
        if self.dirty:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)
        # Back to what is stored (a character typed and deleted): nothing to save, no empty draft row.
        self._show_state()

    async def _autosave(self) -> None:
        self._timer = None
        await self.flush()

    @on(ValueInput.Picked)
    async def _picked(self) -> None:
        """A choice is one key press: save it at once, with the text typed so far."""
        await self.flush()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # Saving -----------------------------------------------------------------------------

    async def flush(self) -> bool:
        """Save what is typed now, if anything, and wait for the commit.

        False while a conflict dialog asks which text to keep, or when the store refused the save:
        the caller must not move on, or the text (or the choice) would be lost.
        """
        self._stop_timer()
        await keys_handled(self._fields())  # the keys typed just before ctrl+q, ctrl+n or escape count too
        if self.asking:
            return False
        if not self.dirty:
            return True
        assert self.shown is not None
        return await self.save(self.shown.answer.status if self.shown.answer else None)

    async def save(self, status: str | None, *, overwrite_revision: int | None = None) -> bool:
        """Commit the answer on screen with `status`; True once it is stored."""
        from fivefold.review import parse_status, record_answer
        from fivefold.store import AnswerConflict

        self._stop_timer()
        await keys_handled(self._fields())
        async with self._lock:
            if self.shown is None or self.bank is None:
                return False
            shown, bank, assessment_id = self.shown, self.bank, self.assessment_id
            store = fivefold_app(self).store
            assert store is not None
            question_id = shown.question.id
            text, value = self.text, self.value_input.value
            answer = shown.answer
            if overwrite_revision is None and _already_stored(answer, status, text, value):
                return True  # a save queued behind the lock found its work done by the one before it
            expected = overwrite_revision if overwrite_revision is not None else (answer.revision if answer else 0)

            def save_or_read_theirs() -> tuple[Answer | None, Answer | None]:
                """(the saved answer, None), or on a conflict (None, theirs as stored now)."""
                try:
                    saved = record_answer(
                        store,
                        bank,
                        assessment_id,
                        question_id,
                        status=parse_status(status),
                        rationale=text,
                        evidence=answer.evidence if answer else (),
                        value=value,
                        expected_revision=expected,
                    )
                except AnswerConflict:
                    return None, store.answers(assessment_id).get(question_id)
                return saved, None

            outcome, error = await awaited_store_call(self, save_or_read_theirs, group="answer-save")
            if error is None and outcome is not None and outcome[0] is not None:
                shown.answer, shown.value = outcome[0], value
                self.post_message(self.Saved(question_id, outcome[0]))  # the screen's copy follows, always
                if self.shown is shown:
                    self._show_state()
                return True
            if self.shown is not shown:
                return False  # (moving on waits for this save: only a reload of the screen gets here)
            if error is not None or outcome is None:
                self.query_one(SaveIndicator).failed(error or "not saved")
                return False
            self.query_one(SaveIndicator).failed("changed in another window")
            self._ask(status, text, outcome[1])
            return False

    def _ask(self, status: str | None, mine: str, theirs: Answer | None) -> None:
        from fivefold.tui.dialogs.conflict import ConflictDialog

        assert self.shown is not None
        shown = self.shown

        async def chosen(choice: str | None) -> None:
            self.asking = False
            if self.shown is not shown:
                return
            if choice == "mine":
                await self.save(status, overwrite_revision=theirs.revision if theirs else 0)
                return
            assert self.bank is not None
            self.show(self.bank, self.assessment_id, shown.question, theirs)
            self.post_message(self.Saved(shown.question.id, theirs))

        self.asking = True
        self.app.push_screen(ConflictDialog(shown.question.text, theirs.rationale if theirs else ""), chosen)


def _already_stored(answer: Answer | None, status: str | None, text: str, value: Any) -> bool:
    """Whether saving would change nothing (a carried-over answer always saves: the save confirms it)."""
    return (
        answer is not None
        and not answer.carried_over
        and (answer.status, answer.rationale, answer.value) == (status, text, value)
    )
