"""The comment threads of one question: read them, write a comment, reply, resolve or reopen a thread."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.labels import literal, theme_style
from fivefold.tui.screens.signoff import local_time
from fivefold.tui.store_work import store_call
from fivefold.tui.widgets.guarded_text_area import GuardedTextArea
from fivefold.visible import visible

if TYPE_CHECKING:
    from fivefold.banks import QuestionPlace
    from fivefold.review import AssessmentSnapshot
    from fivefold.store import Store
    from fivefold.store.models import Comment

Write = Callable[["AssessmentSnapshot"], tuple[str, str | None]]
"""A write on a fresh snapshot: (the note to show, the thread to highlight afterwards)."""


class CommentArea(GuardedTextArea):
    """The comment being written: several lines; a paste holding control characters is refused."""

    SAVE_INSTEAD = "`fivefold comment --text-file`"


class CommentsDialog(Dialog["list[Comment] | None"]):
    """Dismisses with the assessment's comments as last read (None if they were never read).

    Every write goes through the review layer (`review.comments`), as `fivefold comment` and `fivefold
    resolve` do, on the comments read afresh in the same worker: a reply to a comment that another window
    has just made works, and the list shows what the database holds once the write is done.
    """

    DIALOG_TITLE = "Comments"
    HINT = "↑/↓ in the threads: choose the one to reply to or resolve"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Comment", id="comments.comment", priority=True, tooltip="Start a new thread"),
        Binding(
            "ctrl+r",
            "reply",
            "Reply",
            id="comments.reply",
            priority=True,
            tooltip="Reply in the highlighted thread",
        ),
        Binding(
            "ctrl+t",
            "toggle_resolved",
            "Resolve/reopen",
            id="comments.resolve",
            priority=True,
            tooltip="Resolve the highlighted thread, or reopen it",
        ),
        Binding("escape", "cancel", "Close", id="comments.close"),
    ]

    def __init__(self, snapshot: AssessmentSnapshot, place: QuestionPlace) -> None:
        self.snapshot = snapshot
        self.place = place
        self.comments: list[Comment] | None = None
        """The assessment's comments as last read; None until the first read is done."""
        self.threads: list[dict[str, Any]] = []
        """This question's threads, as `review.threads` builds them."""
        super().__init__()

    def compose_body(self) -> ComposeResult:
        place = self.place
        yield Static(literal(f"{place.phase.title} › {place.lens_name}: {place.question.text}"), id="question")
        yield OptionList(id="threads")
        with Horizontal(classes="field-row"):
            with Vertical(id="author-column"):
                yield Label("Your name")
                yield Input(
                    fivefold_app(self).comment_author,
                    placeholder="as the team knows you",
                    id="author",
                    max_length=200,
                    select_on_focus=False,
                )
            with Vertical():
                yield Label("Comment or reply (enter: new line)")
                # Several lines, as `fivefold comment --text-file` takes them: a list of steps, a quoted log line.
                yield CommentArea(
                    placeholder="what needs looking at",
                    id="text",
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                    highlight_cursor_line=False,
                )

    def on_mount(self) -> None:
        super().on_mount()
        author = self.query_one("#author", Input)
        (author if not author.value else self.query_one("#text", TextArea)).focus()
        # The fields stay open meanwhile: a write reads the comments afresh anyway, and shows them once done.
        store, assessment_id = self._store(), self._assessment_id()
        store_call(self, lambda: store.comments(assessment_id), self._first_read, failed=self.show_error, group="read")

    def _first_read(self, comments: list[Comment]) -> None:
        if self.comments is None:  # else a write was quicker, and showed newer ones
            self._show(comments)

    def _store(self) -> Store:
        store = fivefold_app(self).store
        assert store is not None
        return store

    def _assessment_id(self) -> int:
        assessment_id = self.snapshot.assessment.id
        assert assessment_id is not None
        return assessment_id

    # Showing ------------------------------------------------------------------------------

    def _show(self, comments: list[Comment], highlight: str | None = None) -> None:
        from fivefold.review.record import comment_facts
        from fivefold.review.threads import build_threads

        self.comments = comments
        question_id = self.place.question.id
        self.threads = [
            thread
            for thread in build_threads(comment_facts(comment) for comment in comments)
            if thread["question_id"] == question_id
        ]
        listing = self.query_one("#threads", OptionList)
        keep = highlight or self.highlighted_thread()
        listing.clear_options()
        for thread in self.threads:
            listing.add_option(Option(self._thread_text(thread), id=thread["id"]))
        if not self.threads:
            listing.add_option(Option("No comments on this question yet.", disabled=True))
            return
        ids = [thread["id"] for thread in self.threads]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        else:  # the first open thread: the one most likely to need a reply
            listing.highlighted = next((i for i, t in enumerate(self.threads) if t["state"] == "open"), 0)

    def _thread_text(self, thread: Mapping[str, Any]) -> Text:
        from fivefold.review.threads import OPEN, short_id

        text = Text()
        if thread["state"] == OPEN:
            text.append("OPEN", theme_style(self.app, "warning"))
        else:
            text.append("RESOLVED", theme_style(self.app, "success"))
            if thread["resolved_by"]:
                text.append(" by ")
                text.append_text(literal(thread["resolved_by"]))
        text.append(f"  {short_id(thread['id'])}  ", "dim")
        text.append_text(literal(thread["author"], "bold"))
        text.append(f" · {local_time(thread['at'])}", "dim")
        text.append_text(_indented(thread["text"], "  "))
        for reply in thread["replies"]:
            text.append("\n  ↳ ")
            text.append_text(literal(reply["author"], "bold"))
            text.append(f" · {local_time(reply['at'])}", "dim")
            text.append_text(_indented(reply["text"], "    "))
        return text

    def highlighted_thread(self) -> str | None:
        listing = self.query_one("#threads", OptionList)
        if listing.highlighted is None or listing.option_count == 0:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return None if option.disabled else option.id

    def _failed(self, text: str) -> None:
        self._set_busy(False)
        self.focus_after_error()
        self.show_error(text)

    # Writing ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reply", "toggle_resolved") and self.busy:
            return None
        return super().check_action(action, parameters)

    def _author(self) -> str:
        return self.query_one("#author", Input).value.strip()

    def _text(self) -> str:
        return self.query_one("#text", TextArea).text

    def _write(self, write: Write, *, clear: bool) -> None:
        """Run `write` in a worker on the comments read afresh, then show them as they are afterwards."""
        store, snapshot, assessment_id = self._store(), self.snapshot, self._assessment_id()
        fivefold_app(self).comment_author = self._author()  # remembered for this session

        def work() -> tuple[str, str | None, list[Comment]]:
            note, highlight = write(dataclasses.replace(snapshot, comments=store.comments(assessment_id)))
            return note, highlight, store.comments(assessment_id)

        def done(result: tuple[str, str | None, list[Comment]]) -> None:
            note, highlight, comments = result
            self._set_busy(False)
            self._show(comments, highlight)
            if clear:
                self.query_one("#text", TextArea).clear()
            self.focus_after_error()
            self.notify(visible(note), timeout=2, markup=False)

        self._set_busy(True)
        self.show_error("")
        store_call(self, work, done, failed=self._failed, group="dialog", exclusive=True)

    def _needs_author(self) -> bool:
        if self._author():
            return False
        self.show_error("Give your name: a comment says who wrote it.")
        self.query_one("#author", Input).focus()
        return True

    def submit(self) -> None:
        """ctrl+s: a new thread on the question."""
        if self._needs_author():
            return
        store, question_id, author, text = self._store(), self.place.question.id, self._author(), self._text()

        def comment(snapshot: AssessmentSnapshot) -> tuple[str, str | None]:
            from fivefold.review.comments import leave_comment

            made = leave_comment(store, snapshot, question_id, author=author, text=text)
            return "Comment saved", made.uuid

        self._write(comment, clear=True)

    async def action_reply(self) -> None:
        await self._settled()
        thread = self.highlighted_thread()
        if self.busy:
            return
        if thread is None:
            self.show_error("No thread to reply to: ctrl+s starts one.")
            return
        if self._needs_author():
            return
        store, question_id, author, text = self._store(), self.place.question.id, self._author(), self._text()

        def reply(snapshot: AssessmentSnapshot) -> tuple[str, str | None]:
            from fivefold.review.comments import leave_comment

            leave_comment(store, snapshot, question_id, author=author, text=text, reply_to=thread)
            return "Reply saved", thread

        self._write(reply, clear=True)

    async def action_toggle_resolved(self) -> None:
        await self._settled()
        thread = self.highlighted_thread()
        if self.busy:
            return
        if thread is None:
            self.show_error("No thread to resolve.")
            return
        reopen = next(t for t in self.threads if t["id"] == thread)["state"] != "open"
        store, by = self._store(), self._author()

        def toggle(snapshot: AssessmentSnapshot) -> tuple[str, str | None]:
            from fivefold.review.comments import resolve_thread

            _, changed = resolve_thread(store, snapshot, thread, by=by, reopen=reopen)
            if not changed:  # another window did it first
                return f"The thread was already {'open' if reopen else 'resolved'}", thread
            return ("Thread reopened" if reopen else "Thread resolved"), thread

        self._write(toggle, clear=False)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self.comments)


def _indented(text: str, indent: str) -> Text:
    """A comment's text under its heading, each line indented; control characters as visible escapes."""
    lines = text.strip("\n").splitlines() or [""]
    return Text("".join(f"\n{indent}{visible(line)}" for line in lines))
