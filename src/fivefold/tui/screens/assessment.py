"""Assessment: the outline of the questions that apply, the current question, its value and answer editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea, Tree

from fivefold.tui.labels import STATUS_NAMES, answer_mark_key, literal, mark_key
from fivefold.tui.messages import SnapshotLoaded
from fivefold.tui.screens.loading import LoadsAssessment
from fivefold.tui.widgets.outline import NodeData, Outline
from fivefold.tui.widgets.question_panel import QuestionPanel
from fivefold.tui.widgets.save_indicator import SaveIndicator
from fivefold.tui.widgets.value_input import ValueInput

if TYPE_CHECKING:
    from fivefold.banks import QuestionPlace
    from fivefold.review import AssessmentSnapshot
    from fivefold.store import Answer

# Save this long after the last keystroke: long enough to batch a burst of typing, short
# enough that "Saved" follows the pause at once. A save commits in about 0.4 ms on SQLite
# (benchmarks/autosave.py), so it runs on the event loop rather than paying a thread hop.
AUTOSAVE_DELAY = 0.3


class AssessmentScreen(LoadsAssessment, Screen[None]):
    """Answer the bank's questions one at a time; every change is saved as it is typed."""

    CSS_PATH = "assessment.tcss"
    # Opening shows no verdict: the newest audit event is checked, not the whole log (5,000 events: 130 ms).
    audit_check = "head"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="assessment.back", tooltip="Leave the editor, or go home"),
        Binding("ctrl+n", "next", "Next", id="assessment.next", priority=True, tooltip="Next question"),
        Binding("ctrl+b", "previous", "Prev", id="assessment.previous", priority=True, tooltip="Previous question"),
        Binding("ctrl+t", "next_open", "To do", id="assessment.next-open", priority=True, tooltip="Next unanswered"),
        Binding("ctrl+s", "status", "Status", id="assessment.status", priority=True, tooltip="Set the status"),
        Binding("ctrl+g", "goal", "Goal", id="assessment.goal", priority=True, tooltip="The team's X and Y"),
        Binding(
            "ctrl+r", "summary", "Summary", id="assessment.summary", priority=True, tooltip="Progress and open items"
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            id="assessment.export",
            priority=True,
            tooltip="Export as Markdown, HTML or JSON",
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
        Binding("f2", "example", "Example", id="assessment.example", tooltip="The worked example of a good answer"),
        Binding(
            "f3",
            "bank_changes",
            "Bank changes",
            id="assessment.bank-changes",
            tooltip="Answers to retired questions, and how the bank changed",
        ),
    ]

    def __init__(self, assessment_id: int, *, focus_question: str | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.focus_question = focus_question
        self.snapshot: AssessmentSnapshot | None = None
        self.places: list[QuestionPlace] = []
        self.index = 0
        self.shown: list[int] = []
        """The indices (into `places`) of the questions whose `when` condition holds, in bank order."""
        self._save_timer: Timer | None = None
        self._dirty = False
        self._asking = False  # a ConflictDialog is open and waits for the choice
        # The value as the input showed it on arrival: a stored value the input cannot show (an option
        # the bank dropped) must not count as an edit, or merely looking would save and confirm it.
        self._shown_value: object = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield Outline(id="outline")
            with Vertical(id="main"):
                yield Static(id="notice")
                yield Static(id="progress", classes="muted")
                yield QuestionPanel(id="panel")
                yield Static(id="status-line")
                yield ValueInput(id="value")
                yield TextArea(id="editor", language=None, soft_wrap=True, tab_behavior="focus")
                yield SaveIndicator(id="saved")
        yield Footer()

    # Loading -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.start_loading()

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.snapshot = message.snapshot
        self.places = message.snapshot.bank.questions()
        self.sub_title = f"#{self.snapshot.assessment.id} · {self.snapshot.bank.id} {self.snapshot.bank.version}"
        self._refresh_shown(force=True)
        self._show_notice()
        self.query_one("#body").loading = False
        start = next((i for i, p in enumerate(self.places) if p.question.id == self.focus_question), None)
        if start is None:
            start = self._next_open_index(-1)
        self.show_question(start if start is not None else (self.shown[0] if self.shown else 0))
        self.query_one(Outline).focus()

    def _refresh_shown(self, *, force: bool = False) -> None:
        """Hide or show the questions whose `when` condition changed with the last answer."""
        from fivefold.review.progress import applicable_questions

        assert self.snapshot is not None
        ids = applicable_questions(self.snapshot.bank, self.snapshot.answers)
        self.shown = [i for i, place in enumerate(self.places) if place.question.id in ids]
        outline = self.query_one(Outline)
        if force or outline.shown != ids:
            outline.build(self.snapshot.bank, self.snapshot.answers, ids)
            if self.places and not force:
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

    @property
    def place(self) -> QuestionPlace:
        return self.places[self.index]

    def _answer(self, question_id: str) -> Answer | None:
        return self.snapshot.answers.get(question_id) if self.snapshot else None

    def show_question(self, index: int) -> None:
        if self.snapshot is None or not self.places:
            return
        if not self.flush_pending_save():
            return  # stay on the question the conflict dialog asks about
        value_input = self.query_one(ValueInput)
        was_in_value = self.focused is not None and value_input in self.focused.ancestors_with_self
        self.index = max(0, min(index, len(self.places) - 1))
        place = self.place
        position = sum(1 for i in self.shown if i <= self.index)
        self.query_one(QuestionPanel).show(
            self.snapshot.bank,
            place,
            self.snapshot.goal_sentence(place.phase, place.lens_name, place.lens),
            (position, len(self.shown)),
            self.snapshot.previous_retrospective,
        )
        answer = self._answer(place.question.id)
        value_input.show(place.question, answer.value if answer else None)
        self._shown_value = value_input.value
        editor = self.query_one("#editor", TextArea)
        editor.load_text(answer.rationale if answer else "")
        self._dirty = False
        self._show_status_line()
        indicator = self.query_one(SaveIndicator)
        if answer is not None:
            indicator.saved(answer.updated_at)
        elif place.question.kind != "rationale":
            indicator.idle("Not answered yet: give a value above, and say why below.")
        else:
            indicator.idle("Not answered yet: type a rationale, then set a status.")
        if was_in_value:  # the value's field changed kind or went away: keep the focus in the answer
            (value_input.field if value_input.display else editor).focus()
        self.query_one(Outline).show_question(place.question.id)
        self._refresh_progress()
        self.refresh_bindings()

    def _show_status_line(self) -> None:
        from fivefold.banks.kinds import describe_value

        question = self.place.question
        answer = self._answer(question.id)
        key = answer_mark_key(question.kind, answer)
        line = Text.assemble(("Status: ", "bold"), STATUS_NAMES[key])
        if answer is not None and answer.carried_over:
            was = STATUS_NAMES[mark_key(answer.status, bool(answer.rationale))]
            line.append(f" (last cycle: {was})")
        elif answer is not None and answer.status == "not-applicable" and not answer.rationale.strip():
            line.append("  (add a justification)")
        if question.kind != "rationale":
            value = answer.value if answer else None
            line.append("   Value: ", "bold")
            line.append(literal(describe_value(question, value)) if value is not None else Text("none yet"))
        if answer is not None and answer.carried_over:
            line.append("   ctrl+l: keep it as it is (editing it or a status also confirms it)", "dim")
        else:
            line.append("   ctrl+s, or a/c/b/n in the outline, to change", "dim")
        self.query_one("#status-line", Static).update(line)

    def _refresh_progress(self) -> None:
        if self.snapshot is None:
            return
        progress = self.snapshot.progress
        outline = self.query_one(Outline)
        for phase in progress.phases:
            outline.set_phase_progress(phase.phase_id, phase.title, phase.answered, phase.total)
        current = next(p for p in progress.phases if p.phase_id == self.place.phase.id)
        carried = len(progress.carried_over)
        self.query_one("#progress", Static).update(
            Text(
                f"{current.title}: {current.answered}/{current.total}  ·  "
                f"overall {progress.answered}/{progress.total} ({progress.percent}%)  ·  "
                f"{len(progress.concerns)} concern(s), {len(progress.blockers)} blocker(s)"
                + (f"  ·  ↻ {carried} carried over to re-confirm" if carried else "")
            )
        )

    @on(Tree.NodeHighlighted, "#outline")
    def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        if event.node.data is not None and event.node.data != self.index:
            self.show_question(event.node.data)

    @on(Tree.NodeSelected, "#outline")
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        if event.node.data is not None:
            self.show_question(event.node.data)
            value_input = self.query_one(ValueInput)
            # A question with a value starts at its value; tab goes on to the rationale.
            (value_input.field if value_input.display else self.query_one("#editor", TextArea)).focus()

    # Autosave ------------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    @on(ValueInput.Typed)
    def _typed(self) -> None:
        if self.snapshot is None:
            return
        answer = self._answer(self.place.question.id)
        text, value = self.query_one("#editor", TextArea).text, self.query_one(ValueInput).value
        if text == (answer.rationale if answer else "") and value == self._shown_value:
            return
        self._dirty = True
        self.query_one(SaveIndicator).pending()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(AUTOSAVE_DELAY, self.flush_pending_save)

    @on(ValueInput.Picked)
    def _picked(self) -> None:
        """A choice is one key press: save it at once (about 0.2 ms), with the text typed so far."""
        if self.snapshot is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        answer = self._answer(self.place.question.id)
        self._save(answer.status if answer else None)

    def flush_pending_save(self) -> bool:
        """Save the editor's text now if it has changed (before moving, quitting or exporting).

        False while a conflict dialog asks which text to keep: the caller must not move on,
        or the choice would be lost (it only applies to the question still on screen).
        """
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._dirty and self.snapshot is not None:
            answer = self._answer(self.place.question.id)
            self._save(answer.status if answer else None)
        return not self._asking

    def _save(self, status: str | None, *, overwrite_revision: int | None = None) -> bool:
        """Commit the current question's answer; on a conflict ask before overwriting anything."""
        from fivefold.errors import FivefoldError
        from fivefold.review import parse_status, record_answer
        from fivefold.store import Answer, AnswerConflict
        from fivefold.store.models import utcnow

        assert self.snapshot is not None
        question_id = self.place.question.id
        answer = self._answer(question_id)
        text = self.query_one("#editor", TextArea).text
        value = self.query_one(ValueInput).value
        expected = overwrite_revision if overwrite_revision is not None else (answer.revision if answer else 0)
        try:
            revision = record_answer(
                self.app.store,  # type: ignore[attr-defined]
                self.snapshot.bank,
                self.assessment_id,
                question_id,
                status=parse_status(status),
                rationale=text,
                evidence=answer.evidence if answer else (),
                value=value,
                expected_revision=expected,
            ).revision
        except AnswerConflict:
            self._dirty = False
            self.query_one(SaveIndicator).failed("changed in another window")
            self._resolve_conflict(question_id, status, text)
            return False
        except FivefoldError as error:
            self.query_one(SaveIndicator).failed(str(error))
            return False
        now = utcnow()
        self.snapshot.answers[question_id] = Answer(
            assessment_id=self.assessment_id,
            question_id=question_id,
            status=status,
            rationale=text,
            evidence=list(answer.evidence) if answer else [],
            value=value,
            carried_over=False,
            revision=revision,
            updated_at=now,
        )
        self._dirty = False
        self._shown_value = value
        self.query_one(SaveIndicator).saved(now)
        self.query_one(Outline).set_mark(question_id, self.snapshot.answers[question_id])
        self._refresh_shown()
        self._show_status_line()
        self._refresh_progress()
        self.refresh_bindings()
        return True

    def _resolve_conflict(self, question_id: str, status: str | None, mine: str) -> None:
        from fivefold.tui.dialogs.conflict import ConflictDialog

        store = self.app.store  # type: ignore[attr-defined]
        theirs = store.answers(self.assessment_id).get(question_id)

        def chosen(choice: str | None) -> None:
            self._asking = False
            if self.place.question.id != question_id or self.snapshot is None:
                return
            if choice == "mine":
                editor = self.query_one("#editor", TextArea)
                if editor.text != mine:
                    editor.load_text(mine)
                self._save(status, overwrite_revision=theirs.revision if theirs else 0)
                return
            if theirs is None:
                self.snapshot.answers.pop(question_id, None)
            else:
                self.snapshot.answers[question_id] = theirs
            self._refresh_shown()
            self.show_question(self.index)
            self.query_one(Outline).set_mark(question_id, theirs)
            self._refresh_progress()

        self._asking = True
        self.app.push_screen(ConflictDialog(self.place.question.text, theirs.rationale if theirs else ""), chosen)

    # Actions -----------------------------------------------------------------

    def action_set_status(self, status: str) -> None:
        if self.snapshot is None:
            return
        if self._save(status or None):
            label = STATUS_NAMES[mark_key(status or None, bool(self.query_one("#editor", TextArea).text))]
            self.notify(f"Status: {label}", timeout=1.5)

    def action_status(self) -> None:
        from fivefold.tui.dialogs.status import StatusDialog

        def chosen(value: str | None) -> None:
            if value is not None:
                self.action_set_status(value)

        if self.snapshot is not None:
            self.app.push_screen(StatusDialog(), chosen)

    def action_confirm(self) -> None:
        """Save the carried-over answer unchanged: the save clears the carried-over flag."""
        answer = self._answer(self.place.question.id) if self.snapshot else None
        if answer is None or not answer.carried_over:
            return
        if self._save(answer.status):
            self.notify("Confirmed as carried over", timeout=1.5)

    def action_example(self) -> None:
        from fivefold.tui.dialogs.example import ExampleDialog

        example = self.place.question.example if self.snapshot is not None else None
        if example is not None:
            self.app.push_screen(ExampleDialog(self.place.question.text, example.text))

    def action_bank_changes(self) -> None:
        from fivefold.tui.dialogs.retired import RetiredAnswersDialog

        if self.snapshot is not None and (self.snapshot.bank_changed or self.snapshot.retired_answers):
            self.app.push_screen(RetiredAnswersDialog(self.snapshot.bank_changed, self.snapshot.retired_answers))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that only mean something for some questions leave the footer when they do not apply."""
        if self.snapshot is None or not self.places:
            return action not in ("confirm", "example", "bank_changes")
        if action == "confirm":
            answer = self._answer(self.place.question.id)
            return answer is not None and answer.carried_over
        if action == "example":
            return bool(self.place.question.example)
        if action == "bank_changes":
            return bool(self.snapshot.bank_changed or self.snapshot.retired_answers)
        return True

    def action_next(self) -> None:
        following = next((i for i in self.shown if i > self.index), None)
        if following is not None:
            self.show_question(following)

    def action_previous(self) -> None:
        preceding = next((i for i in reversed(self.shown) if i < self.index), None)
        if preceding is not None:
            self.show_question(preceding)

    def _next_open_index(self, after: int) -> int | None:
        """The next question that applies and is not answered (see `review.progress.is_answered`), wrapping."""
        from fivefold.review.progress import is_answered

        ordered = [i for i in self.shown if i > after] + [i for i in self.shown if i <= after]
        for candidate in ordered:
            question = self.places[candidate].question
            if not is_answered(self._answer(question.id), question.kind):
                return candidate
        return None

    def action_next_open(self) -> None:
        if not self.flush_pending_save():
            return
        found = self._next_open_index(self.index)
        if found is None:
            self.notify("Every question is answered.")
        else:
            self.show_question(found)

    def action_back(self) -> None:
        outline = self.query_one(Outline)
        if self.focused is not None and self.focused is not outline:  # the editor, the value or the panel
            self.flush_pending_save()
            outline.focus()
            return
        if self.flush_pending_save():
            self.dismiss()

    def action_goal(self) -> None:
        from fivefold.tui.dialogs.goal import GoalDialog

        if self.snapshot is None:
            return
        place = self.place
        goal = self.snapshot.goals.get((place.phase.id, place.lens_name))
        current = (goal.x, goal.y) if goal else ("", "")

        def saved(values: tuple[str, str] | None) -> None:
            if values is None or self.snapshot is None:
                return
            from fivefold.errors import FivefoldError
            from fivefold.review import record_goal

            try:
                record_goal(
                    self.app.store,
                    self.snapshot.bank,
                    self.assessment_id,
                    place.phase.id,
                    place.lens_name,
                    x=values[0],
                    y=values[1],
                )  # type: ignore[attr-defined]
            except FivefoldError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.snapshot.goals = self.app.store.goals(self.assessment_id)  # type: ignore[attr-defined]
            self.show_question(self.index)
            self.notify("Goal saved")

        self.app.push_screen(GoalDialog(place.lens.goal, (place.lens.x, place.lens.y), current), saved)

    def action_summary(self) -> None:
        from fivefold.tui.screens.summary import SummaryScreen

        if self.snapshot is None or not self.flush_pending_save():
            return

        def jump(question_id: str | None) -> None:
            if question_id is not None:
                index = next(i for i, p in enumerate(self.places) if p.question.id == question_id)
                self.show_question(index)
                self.query_one("#editor", TextArea).focus()

        self.app.push_screen(SummaryScreen(self.snapshot), jump)

    def action_export(self) -> None:
        from fivefold.tui.dialogs.export import ExportDialog

        if self.flush_pending_save():
            self.app.push_screen(ExportDialog(self.assessment_id))

    def on_unmount(self) -> None:
        self.flush_pending_save()
