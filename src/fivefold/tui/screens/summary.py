"""Summary: progress per phase and lens, sign-off readiness, and every open item with a key to jump to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from fivefold.tui import clock
from fivefold.tui.app_access import fivefold_app
from fivefold.tui.labels import literal, theme_style
from fivefold.tui.review_marks import OVERDUE_MARK, first_line
from fivefold.tui.screens.loading import load_in_worker
from fivefold.tui.tables import MeasuredTable, add_row
from fivefold.tui.widgets.app_footer import AppFooter
from fivefold.visible import one_line

# A comment's first line as the open items list it: enough to recognise it, the dialog (c) has the rest.
FIRST_LINE_SHOWN = 120

if TYPE_CHECKING:
    from pathlib import Path

    from fivefold.banks import BankRegistry
    from fivefold.review import AssessmentSnapshot
    from fivefold.review.actions import OpenItem
    from fivefold.review.rules import Verdict
    from fivefold.review.snapshot import AuditCheck
    from fivefold.store import Store


def judged(
    store: Store, registry: BankRegistry, assessment_id: int, *, audit: AuditCheck = "chain"
) -> tuple[AssessmentSnapshot, Verdict]:
    """The assessment read afresh and judged by `fivefold.review.rules.evaluate` (runs in a worker).

    `audit` as `load_snapshot` takes it: the sign-off screen shows the gate's verdict, so it replays the
    whole audit log ("chain"); the summary shows readiness and approvals only ("head", constant time)."""
    from fivefold.review import load_snapshot
    from fivefold.review.record import build_record
    from fivefold.review.rules import evaluate

    snapshot = load_snapshot(store, registry, assessment_id, audit=audit)
    return snapshot, evaluate(build_record(snapshot))


def judged_with_signatures(
    store: Store, registry: BankRegistry, assessment_id: int, *, allowed_signers: Path | None
) -> tuple[AssessmentSnapshot, Verdict, str]:
    """`judged` (head only), with the signatures checked when the app has an allowed signers file, as the
    sign-off screen checks them: an approval whose signature does not verify is not counted as valid here
    either. The third item says how the signatures were judged, for the approvals line."""
    from fivefold.errors import FivefoldError

    snapshot, verdict = judged(store, registry, assessment_id, audit="head")
    if not any(view.signature == "unchecked" for view in verdict.signoffs):
        return snapshot, verdict, ""  # nothing signed to check
    if allowed_signers is None:
        return snapshot, verdict, "signatures not checked: no allowed signers file"
    from fivefold.review.signatures import checked_verdict

    try:
        return snapshot, checked_verdict(snapshot, allowed_signers=allowed_signers)[0], "signatures checked"
    except FivefoldError as error:  # the file went away since the app started: say so, keep the summary
        return snapshot, verdict, f"signatures not checked: {error}"


class SummaryScreen(Screen[str | None]):
    """Dismisses with the question id to jump to, or None to go back."""

    CSS_PATH = "summary.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="summary.back", tooltip="Back to the questions"),
        Binding("s", "signoff", "Sign-off", id="summary.signoff", tooltip="Readiness, approvals and sign-offs"),
        Binding("tab", "app.focus_next", "Next list", id="summary.focus", show=False),
    ]

    def __init__(self, snapshot: AssessmentSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.verdict: Verdict | None = None
        """The rules' verdict on the assessment as stored, once the worker has read it."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="overall", classes="heading")
        yield Static("Sign-off: checking…", id="signoff-line", classes="muted")
        yield MeasuredTable(id="lenses", cursor_type="row")
        yield Static("Open items: enter jumps to the question", classes="muted", id="open-title")
        yield OptionList(id="open-items")
        yield AppFooter()

    def on_mount(self) -> None:
        from fivefold.review.actions import open_items

        progress = self.snapshot.progress
        self.query_one("#overall", Static).update(
            f"{progress.answered} of {progress.total} answered ({progress.percent}%) · "
            f"{len(progress.required_open)} required open · {len(progress.concerns)} concern(s) · "
            f"{len(progress.blockers)} blocker(s)"
        )
        table: DataTable[Any] = self.query_one("#lenses", DataTable)
        table.add_columns("Phase", "Lens", "Answered", "Required open", "Concerns", "Blockers")
        for phase in progress.phases:
            for lens in phase.lenses:
                add_row(
                    table,
                    literal(phase.title),
                    lens.lens,
                    f"{lens.answered}/{lens.total}",
                    str(len(lens.required_open)),
                    str(len(lens.concerns)),
                    str(len(lens.blockers)),
                )
        items = self.query_one("#open-items", OptionList)
        groups = (
            ("BLOCKER", "error", progress.blockers),
            ("CONCERN", "warning", progress.concerns),
            ("NEEDS JUSTIFICATION", "secondary", progress.unjustified),
            ("UNANSWERED", "foreground-muted", progress.required_open),
        )
        carried = {place.question.id for place in progress.carried_over}
        owned = {item.question_id: item for item in open_items(self.snapshot, today=clock.today())}
        for label, colour, places in groups:
            for place in places:
                note = " (carried over: re-confirm)" if place.question.id in carried else ""
                prompt = Text.assemble(
                    (f"{label:<10} ", theme_style(self.app, colour)),
                    literal(f"{place.phase.title} › {place.lens_name}: "),
                    literal(place.question.text),
                    (note, "dim"),
                )
                item = owned.get(place.question.id) if label in ("BLOCKER", "CONCERN") else None
                if item is not None and (item.owner is not None or item.overdue):
                    prompt.append_text(self._owner_note(item))
                # A question can be in two groups (a carried-over blocker is also unanswered until
                # re-confirmed): one id per line, or OptionList refuses the second (DuplicateID).
                items.add_option(Option(prompt, id=f"{label}:{place.question.id}"))
            if label == "BLOCKER":  # open comments come next: by default they block sign-off too
                self._add_open_comments(items)
        if items.option_count == 0:
            items.add_option(Option("Nothing open: every required question is answered.", disabled=True))
        else:
            items.highlighted = 0  # an OptionList starts with nothing highlighted: enter would do nothing
        items.focus()

    def _owner_note(self, item: OpenItem) -> Text:
        """An open item's owner and due date, OVERDUE first when it is past the date."""
        note = Text("\n" + " " * 11)  # under the question, as the sign-off screen puts an acceptance
        if item.overdue:
            note.append(f"{OVERDUE_MARK} OVERDUE  ", theme_style(self.app, "error"))
        if item.owner is not None and item.due is not None:
            note.append("owner ", "dim")
            note.append_text(literal(item.owner, "dim"))
            note.append(f", due {item.due.isoformat()}", "dim")
        return note

    def _add_open_comments(self, items: OptionList) -> None:
        """Each open comment thread: its question, the comment's first line and its author."""
        from fivefold.review.comments import threads_by_question
        from fivefold.review.threads import open_threads

        bank = self.snapshot.bank
        for question_id, threads in threads_by_question(self.snapshot).items():
            place = bank.question(question_id)
            where = f"{place.phase.title} › {place.lens_name}: {place.question.text}" if place else question_id
            for thread in open_threads(threads):
                prompt = Text.assemble(
                    (f"{'COMMENT':<10} ", theme_style(self.app, "accent")),
                    literal(where),
                    "\n           “",
                    Text(one_line(first_line(str(thread["text"])), FIRST_LINE_SHOWN), "italic"),
                    "” ",
                    ("by ", "dim"),
                    literal(str(thread["author"])),
                )
                items.add_option(Option(prompt, id=f"COMMENT-{thread['id']}:{question_id}"))

    def on_screen_resume(self) -> None:
        """On opening, and on coming back from the sign-off screen: a decision or an acceptance changes the line."""
        self.judge()

    def judge(self) -> None:
        """Readiness and approvals from the database as it is now: the answers screen's copy lacks sign-offs."""
        assessment_id = self.snapshot.assessment.id
        assert assessment_id is not None
        signers = fivefold_app(self).allowed_signers
        load_in_worker(
            self,
            lambda store, registry: judged_with_signatures(store, registry, assessment_id, allowed_signers=signers),
            self._judged,
        )

    def _judged(self, judgement: tuple[AssessmentSnapshot, Verdict, str]) -> None:
        snapshot, verdict, signatures_said = judgement
        self.verdict = verdict
        needed = snapshot.assessment.approvals_required
        if verdict.ready:
            readiness = Text("ready", style=theme_style(self.app, "success"))
        else:
            count = len(verdict.ready_reasons)
            readiness = Text(f"not ready ({count} reason{'s' if count != 1 else ''})", theme_style(self.app, "error"))
        approved = verdict.valid_approvals >= needed
        self.query_one("#signoff-line", Static).update(
            Text.assemble(
                ("Sign-off: ", "bold"),
                readiness,
                " · approvals ",
                (f"{verdict.valid_approvals}/{needed}", theme_style(self.app, "success" if approved else "warning")),
                " valid",
                literal(f" ({signatures_said})" if signatures_said else ""),
                " · s opens the sign-off screen",
            )
        )

    @on(OptionList.OptionSelected, "#open-items")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.partition(":")[2])

    def action_signoff(self) -> None:
        from fivefold.tui.screens.signoff import SignoffScreen

        assessment_id = self.snapshot.assessment.id
        assert assessment_id is not None
        self.app.push_screen(SignoffScreen(assessment_id))

    def action_back(self) -> None:
        self.dismiss(None)
