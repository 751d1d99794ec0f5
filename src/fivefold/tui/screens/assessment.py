"""Assessment: the outline of the questions that apply, the current question, its answer, and search."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Input, Static, TextArea, Tree

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.labels import (
    STATUS_NAMES,
    answer_mark_key,
    literal,
    outline_status_keys_hint,
    plain_value,
    show_text,
    status_name,
)
from fivefold.tui.review_marks import ReviewMarks, review_marks
from fivefold.tui.screens.loading import load_in_worker, when_store_opens
from fivefold.tui.store_work import store_call
from fivefold.tui.widgets.answer_editor import AnswerEditor
from fivefold.tui.widgets.app_footer import AppFooter
from fivefold.tui.widgets.outline import NodeData, Outline
from fivefold.tui.widgets.question_panel import QuestionPanel
from fivefold.visible import one_line

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fivefold.banks import BankRegistry, QuestionPlace
    from fivefold.review import AssessmentSnapshot
    from fivefold.review.progress import LiveProgress
    from fivefold.store import Answer, LensGoal, Store
    from fivefold.store.models import ActionItem, Comment

# How many status changes made from the outline ctrl+z can take back.
UNDO_DEPTH = 50


class AssessmentScreen(Screen[None]):
    """Answer the bank's questions one at a time; every change is saved as it is typed."""

    CSS_PATH = "assessment.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # escape and enter move the focus: priority bindings, so the keys typed next land in the new place.
        # Back, Prev, To do and Goal stay out of the footer so that it fits 80 columns (the palette, the
        # help screen and the status line have them).
        Binding(
            "escape",
            "back",
            "Back",
            id="assessment.back",
            priority=True,
            show=False,
            tooltip="Leave the editor, or go home",
        ),
        Binding("enter", "enter", "Edit", id="assessment.edit", priority=True, show=False, tooltip="Edit the answer"),
        Binding("ctrl+n", "next", "Next", id="assessment.next", priority=True, tooltip="Next question"),
        Binding(
            "ctrl+b",
            "previous",
            "Prev",
            id="assessment.previous",
            priority=True,
            show=False,
            tooltip="Previous question",
        ),
        Binding(
            "ctrl+t",
            "next_open",
            "To do",
            id="assessment.next-open",
            priority=True,
            show=False,
            tooltip="Next unanswered",
        ),
        Binding("ctrl+s", "status", "Status", id="assessment.status", priority=True, tooltip="Set the status"),
        Binding("ctrl+r", "summary", "Summary", id="assessment.summary", priority=True, tooltip="Progress, open items"),
        Binding("ctrl+o", "export", "Export", id="assessment.export", priority=True, tooltip="Markdown, HTML or JSON"),
        Binding(
            "ctrl+g", "goal", "Goal", id="assessment.goal", priority=True, show=False, tooltip="The team's X and Y"
        ),
        # ctrl+l: free in TextArea and Input (ctrl+a/e/k/u/w/d/x/c/v/z/y are theirs); shown only on a carried-over draft.
        Binding(
            "ctrl+l",
            "confirm",
            "Confirm",
            id="assessment.confirm",
            priority=True,
            tooltip="Keep the answer carried over from the last cycle as it is",
        ),
        Binding(
            "slash", "search", "Search", id="assessment.search", priority=True, tooltip="Find questions and answers"
        ),
        Binding("f2", "example", "Example", id="assessment.example", tooltip="The worked example of a good answer"),
        Binding(
            "f3",
            "bank_changes",
            "Bank changes",
            id="assessment.bank-changes",
            tooltip="Answers to retired questions, and how the bank changed",
        ),
        Binding(
            "f5",
            "reload_review",
            "Reload answers and comments",
            id="assessment.reload-review",
            show=False,
            tooltip="Read answers, comments, owners and due dates again (another window's or the CLI's)",
        ),
    ]

    snapshot: var[AssessmentSnapshot | None] = var(None, bindings=True)
    """The assessment as read, kept up to date with every save made here."""
    current: var[int] = var(-1, bindings=True)
    """The index (into `places`) of the question on screen; -1 until the snapshot is read."""

    def __init__(self, assessment_id: int, *, focus_question: str | None = None, write_first: bool = False) -> None:
        """`write_first`: open in the answer rather than the outline (a new assessment has nothing to triage,
        and a new user types at once: in the outline the sentence was lost)."""
        super().__init__()
        self.assessment_id = assessment_id
        self.focus_question = focus_question
        self.write_first = write_first
        self.places: list[QuestionPlace] = []
        self.shown: list[int] = []
        """The indices (into `places`) of the questions whose `when` condition holds, in bank order."""
        self.undo: list[tuple[str, str | None]] = []
        """(question id, status before) of each status set from the outline, newest last."""
        self.hits: list[int] = []
        """The indices of the questions the last search found."""
        self.marks: ReviewMarks | None = None
        """Open comment threads and overdue items, as last derived from the snapshot."""
        self.live: LiveProgress | None = None
        """Progress and which questions apply, kept up to date save by save (a save re-judges only the
        questions whose condition reads the saved one, not the whole bank)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Outline(id="outline")
            with Vertical(id="main"):
                yield Static(id="notice")
                yield Static(id="progress", classes="muted")
                yield QuestionPanel(id="panel")
                yield Static(id="status-line")
                yield AnswerEditor(id="answer")
        with Horizontal(id="search-bar"):
            yield Static("Search", id="search-label")
            yield Input(placeholder="words in questions and answers; enter: next hit", id="search")
            yield Static(id="search-result", classes="muted")
        yield AppFooter()

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def editor(self) -> AnswerEditor:
        return self.query_one(AnswerEditor)

    @property
    def place(self) -> QuestionPlace:
        return self.places[self.current]

    def answer_to(self, question_id: str) -> Answer | None:
        return self.snapshot.answers.get(question_id) if self.snapshot else None

    # Loading -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#body").loading = True
        # Until the questions are read, the outline takes no keys: a sentence typed while the assessment
        # loads would otherwise land there (its a, b and c as statuses once the outline fills).
        self.outline.disabled = True
        self.query_one("#search-bar").display = False
        when_store_opens(self, self._load)

    def _load(self) -> None:
        assessment_id = self.assessment_id

        def read(store: Store, registry: BankRegistry) -> tuple[AssessmentSnapshot, LiveProgress]:
            from fivefold.review import load_snapshot
            from fivefold.review.progress import LiveProgress

            # Opening shows no verdict: the newest audit event is checked, not the whole log (5,000 events: 130 ms).
            snapshot = load_snapshot(store, registry, assessment_id, audit="head")
            return snapshot, LiveProgress(snapshot.bank, snapshot.answers)  # linear in the bank: here, off the loop

        load_in_worker(self, read, self._loaded)

    def _loaded(self, loaded: tuple[AssessmentSnapshot, LiveProgress]) -> None:
        snapshot, self.live = loaded
        self.places = snapshot.bank.questions()
        self.snapshot = snapshot
        self.sub_title = f"#{snapshot.assessment.id} · {snapshot.bank.id} {snapshot.bank.version}"
        self._show_review()  # before the outline is built: its marks go into the first labels
        self._refresh_shown(force=True)
        self._show_notice()
        self.query_one("#body").loading = False
        self.outline.disabled = False
        start = next((i for i, p in enumerate(self.places) if p.question.id == self.focus_question), None)
        if start is None:
            start = self._next_open_index(-1)
        if start is None:
            start = self.shown[0] if self.shown else 0
        if self.places:
            self.current = start
        if self.write_first and self.places:
            self.call_after_refresh(self.editor.focus_field)  # once the loading overlay is gone
        else:
            self.outline.focus()

    def _refresh_shown(self, *, force: bool = False) -> None:
        """Hide or show the questions whose `when` condition changed with the last answer."""
        assert self.snapshot is not None and self.live is not None
        live = self.live
        self.shown = [i for i, place in enumerate(self.places) if live.is_shown(place.question.id)]
        ids = {self.places[i].question.id for i in self.shown}
        outline = self.outline
        if force or outline.shown != ids:
            if force:
                outline.build(self.snapshot.bank, self.snapshot.answers, ids)
            else:
                outline.show_only(self.snapshot.bank, self.snapshot.answers, ids)
            if self.current >= 0:
                outline.show_question(self.place.question.id)

    def _show_notice(self) -> None:
        """A bank that changed since the assessment started, and answers to questions it no longer has."""
        assert self.snapshot is not None
        notice = self.query_one("#notice", Static)
        retired = len(self.snapshot.retired_answers)
        parts = [self.snapshot.bank_changed] if self.snapshot.bank_changed else []
        if retired:
            parts.append(f"{retired} answer(s) to questions the bank no longer has")
        notice.display = bool(parts)
        if parts:
            notice.update(Text.assemble(("⚠ ", "bold"), literal(" · ".join(parts)), ("   f3: read them", "dim")))

    # Showing a question ----------------------------------------------------------

    def watch_current(self, index: int) -> None:
        if self.snapshot is None or index < 0:
            return
        place = self.place
        self._show_panel()
        editor = self.editor
        was_in_value = self.focused is not None and editor.value_input in self.focused.ancestors_with_self
        editor.show(self.snapshot.bank, self.assessment_id, place.question, self.answer_to(place.question.id))
        if was_in_value:  # the value's field changed kind or went away: keep the focus in the answer
            editor.focus_field()
        elif self.focused is not None and not self.focused.display:
            self.outline.focus()  # the read-only text or the editor was hidden for this answer
        self._show_status_line()
        self.outline.show_question(place.question.id)
        self._refresh_progress()

    def _show_panel(self) -> None:
        assert self.snapshot is not None
        place = self.place
        position = bisect_right(self.shown, self.current)  # the questions that apply up to this one
        self.query_one(QuestionPanel).show(
            self.snapshot.bank,
            place,
            self.snapshot.goal_sentence(place.phase, place.lens_name, place.lens),
            (position, len(self.shown)),
            self.snapshot.previous_retrospective,
        )
        self._show_review_panel()

    def _show_review(self) -> None:
        """Mark open comment threads and overdue items in the outline, and show the question's in the panel."""
        if self.snapshot is None:
            return
        self.marks = review_marks(self.snapshot, self.live.is_shown if self.live is not None else None)
        self.outline.set_review_marks(self.marks.open_comments, self.marks.overdue)
        if self.current >= 0:
            self._show_review_panel()

    def _show_review_panel(self) -> None:
        if self.snapshot is None or self.marks is None:
            return
        from fivefold.vocabulary import OPEN_ITEM_STATUSES

        question_id = self.place.question.id
        answer = self.answer_to(question_id)
        self.query_one(QuestionPanel).show_review(
            self.marks.threads.get(question_id, []),
            self.snapshot.action_items.get(question_id),
            open_item=answer is not None and answer.status in OPEN_ITEM_STATUSES,
            overdue=question_id in self.marks.overdue,
        )

    async def go_to(self, index: int) -> bool:
        """Show another question once the one on screen is saved; False when it could not be (it stays)."""
        if self.snapshot is None or not self.places:
            return False
        index = max(0, min(index, len(self.places) - 1))
        if index == self.current:
            return True
        if not await self.editor.flush():
            self.outline.show_question(self.place.question.id)  # the cursor goes back to the question it asks about
            return False
        self.current = index
        return True

    def _show_status_line(self) -> None:
        from fivefold.banks.kinds import describe_value

        question = self.place.question
        answer = self.answer_to(question.id)
        line = Text.assemble(("Status: ", "bold"), STATUS_NAMES[answer_mark_key(question.kind, answer)])
        if answer is not None and answer.carried_over:
            line.append(f" (last cycle: {status_name(answer)})")
        elif answer is not None and answer.status == "not-applicable" and not answer.rationale.strip():
            line.append("  (add a justification)")
        if question.kind != "rationale":
            value = answer.value if answer else None
            line.append("   Value: ", "bold")
            line.append(literal(describe_value(question, value)) if value is not None else Text("none yet"))
        if answer is not None and answer.carried_over:
            line.append("   ctrl+l: keep it as it is (editing it or a status also confirms it)", "dim")
        else:
            line.append(f"   ctrl+s, or {outline_status_keys_hint()} in the outline, to change", "dim")
        show_text(self.query_one("#status-line", Static), line)

    def _refresh_progress(self) -> None:
        """The progress line and the phases' counts in the outline, from the live counts (no pass over the bank)."""
        if self.snapshot is None or self.live is None or self.current < 0:
            return
        live = self.live
        counts = live.phase_counts()
        outline = self.outline
        for phase in self.snapshot.bank.phases:
            outline.set_phase_progress(phase.id, phase.title, *counts[phase.id])  # only a changed label is set
        phase = self.place.phase
        answered, total = counts[phase.id]
        concerns, blockers, carried = live.open_counts()
        percent = round(100 * live.answered / live.total) if live.total else 100  # as `Progress.percent`
        show_text(
            self.query_one("#progress", Static),
            Text(
                f"{phase.title}: {answered}/{total}  ·  "
                f"overall {live.answered}/{live.total} ({percent}%)  ·  "
                f"{concerns} concern(s), {blockers} blocker(s)"
                + (f"  ·  ↻ {carried} carried over to re-confirm" if carried else "")
            ),
        )

    @on(Tree.NodeHighlighted, "#outline")
    async def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        # Highlights arrive after the keys that caused them: one for a node the cursor has since left is
        # stale. Following it moved the cursor back, which highlighted again: held down, the cursor
        # bounced between two questions for ever (100% CPU, ctrl+q ignored).
        if event.node is not self.outline.cursor_node or event.node.data is None:
            return
        await self.go_to(event.node.data)

    @on(AnswerEditor.Saved)
    def _saved(self, message: AnswerEditor.Saved) -> None:
        self._answers_changed({message.question_id: message.answer})

    def _answers_changed(self, answers: Mapping[str, Answer | None]) -> None:
        """Take in answers saved (None: deleted) here or in another window: counts, conditions, marks, the
        progress line; the screen is brought up to date once, however many answers there are."""
        if self.snapshot is None or self.live is None:
            return
        deleted = conditions_changed = False
        for question_id, answer in answers.items():
            if answer is None:
                self.snapshot.answers.pop(question_id, None)
                deleted = True
            else:
                self.snapshot.answers[question_id] = answer
                conditions_changed |= bool(self.live.save(answer))
            self.outline.set_mark(question_id, answer)
        if deleted:
            from fivefold.review.progress import LiveProgress

            # Deleted in another window (rare): counted again over the whole bank.
            self.live = LiveProgress(self.snapshot.bank, self.snapshot.answers)
            conditions_changed = True
        # A concern that is addressed now is no longer overdue: the marks are derived again on every save
        # (1 ms on the demo with 200 comments, against the 300 ms autosave debounce).
        self._show_review()
        if conditions_changed:
            self._refresh_shown()
        if self.current >= 0:
            self._show_status_line()
            self._refresh_progress()
        self.mutate_reactive(AssessmentScreen.snapshot)  # "Confirm" follows the carried-over mark

    # Keys that move the focus ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that only mean something for some questions leave the footer when they do not apply."""
        if action == "enter":
            return self.focused is self.outline or self.focused is self.query_one("#search", Input)
        if action == "search":  # in a text field, / is a character
            return not isinstance(self.focused, (Input, TextArea))
        if self.snapshot is None or self.current < 0:
            return action not in ("confirm", "example", "bank_changes")
        if action == "confirm":
            answer = self.answer_to(self.place.question.id)
            return answer is not None and answer.carried_over
        if action == "example":
            return bool(self.place.question.example)
        if action == "bank_changes":
            return bool(self.snapshot.bank_changed or self.snapshot.retired_answers)
        return True

    async def action_enter(self) -> None:
        if self.focused is self.query_one("#search", Input):
            await self._search_from_field()
            return
        node = self.outline.cursor_node
        if node is None or node.data is None:
            raise SkipAction()  # a phase or a lens: the tree folds it
        if await self.go_to(node.data):
            self.editor.focus_field()  # a question with a value starts at its value; tab goes on to the rationale

    async def action_back(self) -> None:
        outline = self.outline
        if self.query_one("#search-bar").display and self.focused in (outline, self.query_one("#search", Input)):
            self.query_one("#search-bar").display = False
            self.set_focus(outline)
            return
        if self.focused is not None and self.focused is not outline:  # the answer, the panel
            self.set_focus(outline)  # at once, before the keys typed next are handed on
            await self.editor.flush()
            return
        if await self.flush_pending_save():
            self.dismiss()

    async def flush_pending_save(self) -> bool:
        """Save the answer on screen now if it has changed (before quitting); False while it cannot be."""
        return await self.editor.flush()

    # Status -----------------------------------------------------------------------

    async def set_status(self, status: str | None) -> bool:
        if self.snapshot is None or self.current < 0:
            return False
        return await self.editor.save(status)

    async def action_set_status_here(self, status: str) -> None:
        """A status key in the outline: set it, say so (question, before and after), and let ctrl+z undo it."""
        if self.snapshot is None or self.current < 0:
            return
        question = self.place.question
        before = self.answer_to(question.id)
        before_status = before.status if before else None
        if before is not None and before.status == status and not before.carried_over:
            self.notify(f"Already {STATUS_NAMES[status]}.", timeout=2)
            return
        was = STATUS_NAMES[answer_mark_key(question.kind, before)]  # "carried over, re-confirm" too
        if await self.set_status(status):
            self.undo = [*self.undo, (question.id, before_status)][-UNDO_DEPTH:]
            label = one_line(question.summary or question.text, 50)
            self.notify(
                f"{label}: {was} → {STATUS_NAMES[status]}   ctrl+z: undo",
                title="Status set",
                timeout=4,
                markup=False,
            )

    async def action_undo_status(self) -> None:
        if not self.undo or self.snapshot is None:
            self.notify("No status change to undo.", timeout=2)
            return
        question_id, status = self.undo[-1]
        index = next(i for i, p in enumerate(self.places) if p.question.id == question_id)
        if not await self.go_to(index) or not await self.set_status(status):
            return
        self.undo = self.undo[:-1]
        # A save confirms a carried-over answer, and undoing is a save: it takes the status back, not the
        # "carried over" mark.
        self.notify(f"Undone: {status_name(self.answer_to(question_id))} again.", timeout=2, markup=False)

    def action_status(self) -> None:
        from fivefold.tui.dialogs.status import StatusDialog

        async def chosen(value: str | None) -> None:
            if value is not None and await self.set_status(value or None):
                self.notify(f"Status: {status_name(self.answer_to(self.place.question.id))}", timeout=1.5)

        if self.snapshot is not None:
            self.app.push_screen(StatusDialog(), chosen)

    async def action_confirm(self) -> None:
        """Save the carried-over answer unchanged: the save clears the carried-over flag."""
        answer = self.answer_to(self.place.question.id) if self.snapshot else None
        if answer is None or not answer.carried_over:
            return
        if await self.set_status(answer.status):
            self.notify("Confirmed as carried over", timeout=1.5)

    # Moving ------------------------------------------------------------------------

    async def action_next(self) -> None:
        following = next((i for i in self.shown if i > self.current), None)
        if following is not None:
            await self.go_to(following)

    async def action_previous(self) -> None:
        preceding = next((i for i in reversed(self.shown) if i < self.current), None)
        if preceding is not None:
            await self.go_to(preceding)

    def _next_open_index(self, after: int) -> int | None:
        """The next question that applies and is not answered (see `review.progress.is_answered`), wrapping."""
        from fivefold.review.progress import is_answered

        ordered = [i for i in self.shown if i > after] + [i for i in self.shown if i <= after]
        for candidate in ordered:
            question = self.places[candidate].question
            if not is_answered(self.answer_to(question.id), question.kind):
                return candidate
        return None

    async def action_next_open(self) -> None:
        if not await self.editor.flush():
            return
        found = self._next_open_index(self.current)
        if found is None:
            self.notify("Every question is answered.")
        else:
            await self.go_to(found)

    # Search ------------------------------------------------------------------------

    def action_search(self) -> None:
        if self.snapshot is None:
            return
        self.query_one("#search-bar").display = True
        self.set_focus(self.query_one("#search", Input))

    def _find(self, query: str) -> list[int]:
        """The questions that apply whose text, help or answer holds `query` (any case), in bank order."""
        assert self.snapshot is not None
        needle = query.casefold()
        hits = []
        for index in self.shown:
            question = self.places[index].question
            answer = self.answer_to(question.id)
            texts = [question.text, question.summary or "", question.help or ""]
            if answer is not None:
                texts += [answer.rationale, plain_value(answer.value)]
            if any(needle in text.casefold() for text in texts):
                hits.append(index)
        return hits

    async def _search_from_field(self) -> None:
        query = self.query_one("#search", Input).value.strip()
        result = self.query_one("#search-result", Static)
        if not query:
            result.update("type a word first")
            return
        self.hits = self._find(query)
        if not self.hits:
            result.update(Text.assemble("no question or answer holds ", literal(query)))
            return
        self.set_focus(self.outline)
        await self.action_search_step(1)

    async def action_search_step(self, direction: int) -> None:
        """n / N in the outline: the next or previous hit of the last search, wrapping around."""
        if not self.hits:
            self.notify("No search yet: press / to find questions and answers.", timeout=2)
            return
        if direction > 0:
            target = next((i for i in self.hits if i > self.current), self.hits[0])
        else:
            target = next((i for i in reversed(self.hits) if i < self.current), self.hits[-1])
        if await self.go_to(target):
            self.query_one("#search-bar").display = True
            self.query_one("#search-result", Static).update(
                f"hit {self.hits.index(target) + 1} of {len(self.hits)}  ·  n / N: next / previous  ·  escape: close"
            )

    # Dialogs and other screens --------------------------------------------------------

    def action_example(self) -> None:
        from fivefold.tui.dialogs.example import ExampleDialog

        if self.snapshot is not None and self.place.question.example:
            self.app.push_screen(ExampleDialog(self.place.question.text, self.place.question.example.text))

    def action_bank_changes(self) -> None:
        from fivefold.tui.dialogs.retired import RetiredAnswersDialog

        if self.snapshot is not None and (self.snapshot.bank_changed or self.snapshot.retired_answers):
            self.app.push_screen(RetiredAnswersDialog(self.snapshot.bank_changed, self.snapshot.retired_answers))

    def action_goal(self) -> None:
        from fivefold.tui.dialogs.goal import GoalDialog

        if self.snapshot is None:
            return
        snapshot, place, assessment_id = self.snapshot, self.place, self.assessment_id
        goal = snapshot.goals.get((place.phase.id, place.lens_name))
        current = (goal.x, goal.y) if goal else ("", "")
        store = fivefold_app(self).store
        assert store is not None

        def saved(goals: dict[tuple[str, str], LensGoal]) -> None:
            snapshot.goals = goals
            if self.place.lens is place.lens:
                self._show_panel()  # the goal sentence on screen changes
            self.notify("Goal saved")

        def chosen(values: tuple[str, str] | None) -> None:
            if values is None:
                return
            from fivefold.review import record_goal

            def save() -> dict[tuple[str, str], LensGoal]:
                record_goal(
                    store, snapshot.bank, assessment_id, place.phase.id, place.lens_name, x=values[0], y=values[1]
                )
                return store.goals(assessment_id)

            store_call(self, save, saved, group="goal")

        self.app.push_screen(GoalDialog(place.lens.goal, (place.lens.x, place.lens.y), current), chosen)

    # The review conversation ------------------------------------------------------------

    def action_comments(self) -> None:
        from fivefold.tui.dialogs.comments import CommentsDialog

        if self.snapshot is None or self.current < 0:
            return

        def closed(comments: list[Comment] | None) -> None:
            if comments is not None and self.snapshot is not None:
                self.snapshot.comments = comments
                self._show_review()

        self.app.push_screen(CommentsDialog(self.snapshot, self.place), closed)

    def action_owner(self) -> None:
        from fivefold.tui.dialogs.owner import OwnerDialog
        from fivefold.vocabulary import OPEN_ITEM_STATUSES

        if self.snapshot is None or self.current < 0:
            return
        answer = self.answer_to(self.place.question.id)
        if answer is None or answer.status not in OPEN_ITEM_STATUSES:
            self.notify(
                f"This question is {status_name(answer)}: only a concern or a blocker gets an owner and a due date.",
                timeout=3,
                markup=False,
            )
            return

        def closed(saved: bool | None) -> None:
            if saved:
                self.reload_review()

        self.app.push_screen(OwnerDialog(self.snapshot, self.place), closed)

    def action_reload_review(self) -> None:
        self.reload_review(announce=True, answers=True)

    def reload_review(self, *, announce: bool = False, answers: bool = False) -> None:
        """Read the comments, owners and due dates again in a worker, and with `answers` the answers too.

        An answer changed elsewhere replaces the one shown, unless something typed here is not saved yet:
        then it stays, and saving it asks which text to keep (the conflict dialog), as it always did."""
        if self.snapshot is None:
            return
        store = fivefold_app(self).store
        assert store is not None
        assessment_id = self.assessment_id

        def read() -> tuple[list[Comment], dict[str, ActionItem], dict[str, Answer] | None]:
            found = store.answers(assessment_id) if answers else None
            return store.comments(assessment_id), store.action_items(assessment_id), found

        def done(found: tuple[list[Comment], dict[str, ActionItem], dict[str, Answer] | None]) -> None:
            if self.snapshot is None:
                return
            self.snapshot.comments, self.snapshot.action_items, stored = found
            changed = self._answers_read_again(stored) if stored is not None else 0
            self._show_review()
            if announce:
                threads = sum(len(threads) for threads in self.marks.threads.values()) if self.marks else 0
                said = f"{changed} answer(s) changed elsewhere, " if answers else ""
                self.notify(f"Read again: {said}{threads} comment thread(s).", timeout=2)

        store_call(self, read, done, group="review-read", exclusive=True)

    def _answers_read_again(self, stored: dict[str, Answer]) -> int:
        """Take in the answers saved elsewhere since they were read (as a save made here is taken in); the
        question on screen shows its new answer unless something typed here is still unsaved. How many."""
        assert self.snapshot is not None
        shown = self.snapshot.answers
        changed = [
            question_id
            for question_id in stored.keys() | shown.keys()
            if (stored.get(question_id) is None) != (shown.get(question_id) is None)
            or (question_id in stored and stored[question_id].revision != shown[question_id].revision)
        ]
        if changed:
            self._answers_changed({question_id: stored.get(question_id) for question_id in changed})
        if self.current >= 0 and self.place.question.id in changed and not self.editor.dirty and not self.editor.asking:
            place = self.place
            self.editor.show(self.snapshot.bank, self.assessment_id, place.question, stored.get(place.question.id))
        return len(changed)

    async def action_summary(self) -> None:
        from fivefold.tui.screens.summary import SummaryScreen

        if self.snapshot is None or not await self.editor.flush():
            return

        async def jump(question_id: str | None) -> None:
            if question_id is None:
                return
            index = next(i for i, p in enumerate(self.places) if p.question.id == question_id)
            if await self.go_to(index):
                self.editor.focus_field()

        self.app.push_screen(SummaryScreen(self.snapshot), jump)

    async def action_export(self) -> None:
        from fivefold.tui.dialogs.export import ExportDialog

        if await self.editor.flush():
            title = self.snapshot.assessment.title if self.snapshot else None
            self.app.push_screen(ExportDialog(self.assessment_id, title=title))
