"""Sign-off: readiness and every reason against it, the digest, approvals, sign-offs and blockers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.labels import literal, theme_style
from fivefold.tui.screens.loading import load_in_worker, when_store_opens
from fivefold.tui.screens.summary import judged
from fivefold.tui.store_work import store_call
from fivefold.tui.tables import MeasuredTable, add_row
from fivefold.tui.widgets.app_footer import AppFooter

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot
    from fivefold.review.rules import SignOffView, Verdict
    from fivefold.review.signatures import SignatureVerdict

# The verdict comes right after the decision: at 80 columns the columns after it scroll off to the right.
SIGNOFF_COLUMNS = ("Reviewer", "Decision", "Status", "Role", "When", "Comment")


def unchecked_note() -> str:
    """Why signatures show as unchecked, where the app looked, and how to give it a file."""
    from fivefold.locations import ALLOWED_SIGNERS_ENV, user_allowed_signers

    return (
        "Signatures unchecked: no allowed signers file (none given with --allowed-signers or "
        f"${ALLOWED_SIGNERS_ENV}, none at {user_allowed_signers()}). "
        "Start the app with `fivefold --allowed-signers FILE` to check them."
    )


def local_time(iso: str) -> str:
    """A record's UTC ISO time as local time, minutes only (as on the home screen)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.replace(tzinfo=moment.tzinfo or UTC).astimezone():%Y-%m-%d %H:%M}"


class SignoffScreen(Screen[None]):
    """Everything a reviewer needs to decide, judged by `fivefold.review.rules.evaluate` and nothing else."""

    CSS_PATH = "signoff.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="signoff.back", tooltip="Back to the summary"),
        Binding(
            "d", "decide", "Decide", id="signoff.decide", tooltip="Record a decision: approve, with conditions, reject"
        ),
        Binding("a", "accept", "Accept blocker", id="signoff.accept", tooltip="Accept the highlighted blocker"),
        Binding("n", "approvals", "Approvals needed", id="signoff.approvals", tooltip="Set the approvals needed"),
        Binding("ctrl+o", "export", "Export", id="signoff.export", tooltip="Export as Markdown, HTML or JSON"),
        Binding("r", "reload", "Reload", id="signoff.reload", tooltip="Read the assessment again"),
        Binding(
            "c",
            "open_comments_rule",
            "Open comments rule",
            id="signoff.open-comments",
            show=False,
            tooltip="Whether open comments block sign-off (as `fivefold settings --open-comments`)",
        ),
    ]

    snapshot: var[AssessmentSnapshot | None] = var(None, bindings=True)
    """The assessment as last read; the keys that act on it wait for it."""
    verdict: var[Verdict | None] = var(None)
    blocker: var[str | None] = var(None, bindings=True)
    """The highlighted blocker's question id: "Accept blocker" dims without one."""
    signatures: var[list[SignatureVerdict] | None] = var(None)
    """Each sign-off's signature checked against the app's allowed signers file; None until checked."""
    checking: var[bool] = var(False)
    """ssh-keygen is checking the signatures of the assessment as last read, in a worker."""

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="assessment", classes="heading")
            with Vertical(id="reasons"):
                yield Static(id="readiness")
                yield Static(id="reason-list", classes="reason-list")
                yield Static(id="gate")
                yield Static(id="gate-list", classes="reason-list")
            yield Static(id="approvals")
            yield Static(id="open-comments")
            yield Static(id="digest", classes="muted")
            yield Static("Sign-offs", classes="heading section")
            yield MeasuredTable(id="signoffs", cursor_type="row", zebra_stripes=True)
            yield Static("No sign-offs yet: press d to record a decision.", classes="muted", id="no-signoffs")
            yield Static(id="signature-note", classes="muted")
            yield Static("Blockers: a or enter accepts the highlighted one", classes="heading section")
            yield OptionList(id="blockers")
        yield AppFooter()

    # Loading -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.sub_title = f"Sign-off · assessment #{self.assessment_id}"
        self.query_one("#signoffs", DataTable).add_columns(*SIGNOFF_COLUMNS)
        self.query_one("#body").loading = True
        when_store_opens(self, self.load)

    def load(self) -> None:
        assessment_id = self.assessment_id
        load_in_worker(self, lambda store, registry: judged(store, registry, assessment_id), self._judged)

    def _judged(self, judgement: tuple[AssessmentSnapshot, Verdict]) -> None:
        snapshot, verdict = judgement
        # On a reload the focus stays where the reviewer left it; the first time it goes to the blockers.
        focused_id = self.focused.id if self.focused is not None and self.snapshot is not None else None
        self.snapshot, self.verdict, self.signatures = snapshot, verdict, None
        signers = fivefold_app(self).allowed_signers
        self.checking = signers is not None and any(view.signature == "unchecked" for view in verdict.signoffs)
        if signers is not None and not self.checking:
            self.signatures = []  # a file, and no signature to check with it
        self._show_verdict(snapshot, verdict)
        self._show_signoffs(verdict.signoffs)
        self._show_signature_note(verdict.signoffs)
        if self.checking and signers is not None:
            self._check_signatures(snapshot, signers)
        self._show_blockers(snapshot)
        self.query_one("#body").loading = False
        if focused_id in ("signoffs", "blockers"):
            target = self.query_one(f"#{focused_id}")
        elif self._highlighted_blocker() is not None or not verdict.signoffs:
            target = self.query_one("#blockers", OptionList)
        else:
            target = self.query_one("#signoffs", DataTable)
        # The screen opens at its top (readiness first), even when the focused list is further down.
        self.set_focus(target, scroll_visible=False)

    # Showing -----------------------------------------------------------------

    def _show_verdict(self, snapshot: AssessmentSnapshot, verdict: Verdict) -> None:
        assessment = snapshot.assessment
        system = f"{assessment.system_name} {assessment.system_version}".strip()
        self.query_one("#assessment", Static).update(literal(f"{assessment.title} · {system}"))
        if verdict.ready:
            readiness = Text("✓ Ready for sign-off", style=theme_style(self.app, "success"))
        else:
            count = len(verdict.ready_reasons)
            readiness = Text(
                f"✗ Not ready for sign-off: {count} reason{'s' if count != 1 else ''}",
                style=theme_style(self.app, "error"),
            )
        self.query_one("#readiness", Static).update(readiness)
        self._show_reasons("#reason-list", verdict.ready_reasons)
        # The gate's other reasons (a rejection, too few approvals, a broken audit log), as `fivefold gate`
        # would give them without --allowed-signers; the readiness reasons above are among them.
        more = [reason for reason in verdict.gate_reasons if reason not in verdict.ready_reasons]
        if verdict.passes:
            gate = Text(f"✓ The deployment gate passes ({self._signatures_said()})", theme_style(self.app, "success"))
        elif more:
            how_many = f"{len(more)} {'more ' if not verdict.ready else ''}reason{'s' if len(more) != 1 else ''}"
            gate = Text(f"✗ The deployment gate fails: {how_many}", theme_style(self.app, "error"))
        else:
            gate = Text("✗ The deployment gate fails until the assessment is ready", theme_style(self.app, "error"))
        self.query_one("#gate", Static).update(gate)
        self._show_reasons("#gate-list", more)
        needed = assessment.approvals_required
        enough = verdict.valid_approvals >= needed
        self.query_one("#approvals", Static).update(
            Text.assemble(
                ("Approvals: ", "bold"),
                (
                    f"{verdict.valid_approvals} valid of {needed} needed",
                    theme_style(self.app, "success" if enough else "warning"),
                ),
            )
        )
        self.query_one("#digest", Static).update(f"Digest of the answers: {verdict.digest}")
        self._show_open_comments(snapshot)

    def _show_open_comments(self, snapshot: AssessmentSnapshot) -> None:
        """How many comment threads are open, and whether this assessment's setting lets them block sign-off."""
        from fivefold.review.comments import threads_by_question
        from fivefold.review.threads import open_threads

        count = sum(len(open_threads(threads)) for threads in threads_by_question(snapshot).values())
        comments = f"{count} open comment{'s' if count != 1 else ''}"
        if not snapshot.assessment.open_comments_block:
            line = Text(f"Open comments do not block sign-off (setting); {comments}")
        elif count:
            line = Text(f"{comments} block{'s' if count == 1 else ''} sign-off", theme_style(self.app, "warning"))
        else:
            line = Text("No open comments (open comments block sign-off)")
        line.append("   c: change the setting", "dim")
        self.query_one("#open-comments", Static).update(line)

    def _show_reasons(self, selector: str, reasons: list[str]) -> None:
        shown = self.query_one(selector, Static)
        shown.update(Text("\n").join(literal(f"• {reason}") for reason in reasons))
        shown.display = bool(reasons)

    def _show_signoffs(self, views: list[SignOffView]) -> None:
        table: DataTable[Any] = self.query_one("#signoffs", DataTable)
        row = table.cursor_row
        table.clear()
        for index, view in enumerate(views):  # every fact from the signed statement, as the gate reads it
            if view.standing in ("valid", "stale"):
                freshness = Text("STALE", theme_style(self.app, "error")) if view.standing == "stale" else Text("valid")
                status = Text.assemble(freshness, ", ", self._signature_words(index, view))
            else:
                status = Text(view.status, style=theme_style(self.app, "warning"))
            add_row(
                table,
                literal(view.reviewer),
                literal(view.decision),
                status,
                literal(view.fact("role") or "–"),
                Text(local_time(str(view.fact("at")))),
                literal(view.fact("comment")),
                key=f"{index}-{view.id}",  # a statement copied in twice is still two rows
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        table.display = bool(views)
        self.query_one("#no-signoffs").display = not views

    def _signature_words(self, index: int, view: SignOffView) -> Text:
        """A signature's verdict in a few words: as `fivefold verify` says it, with the principal or the why."""
        if view.signature == "unchecked" and self.checking:
            return Text("signature checking…", style="italic")
        checked = self.signatures[index] if self.signatures else None
        if checked is not None and checked.state == "verified":
            return literal(checked.line, theme_style(self.app, "success"))
        if checked is not None and checked.state == "invalid":
            return literal(checked.line, theme_style(self.app, "error"))
        if view.signature == "unsigned":
            return Text("unsigned")  # as verify says it
        return Text(f"signature {view.signature}")

    def _signatures_said(self) -> str:
        if fivefold_app(self).allowed_signers is None:
            return "signatures not checked: no allowed signers file"
        if self.checking:
            return "checking signatures…"
        return "signatures checked" if self.signatures is not None else "signatures not checked"

    def _show_signature_note(self, views: list[SignOffView], failure: str | None = None) -> None:
        note = self.query_one("#signature-note", Static)
        unchecked = any(view.signature == "unchecked" for view in views if view.standing in ("valid", "stale"))
        if failure is not None:
            note.update(literal(f"Signatures unchecked: {failure}", theme_style(self.app, "error")))
        elif unchecked and fivefold_app(self).allowed_signers is None:
            note.update(literal(unchecked_note()))
        note.display = failure is not None or (unchecked and fivefold_app(self).allowed_signers is None)

    def _check_signatures(self, snapshot: AssessmentSnapshot, signers: Path) -> None:
        """Check every signature with ssh-keygen (about 5 ms each) in a worker; the rows say "checking…" meanwhile."""

        def check() -> tuple[Verdict, list[SignatureVerdict]]:
            from fivefold.review.signatures import checked_verdict

            return checked_verdict(snapshot, allowed_signers=signers)

        def checked(result: tuple[Verdict, list[SignatureVerdict]]) -> None:
            if snapshot is not self.snapshot:
                return  # read again meanwhile: that reading's own check shows
            self.checking = False
            self.verdict, self.signatures = result
            self._show_verdict(snapshot, result[0])
            self._show_signoffs(result[0].signoffs)
            self._show_signature_note(result[0].signoffs)

        def failed(why: str) -> None:
            if snapshot is not self.snapshot:
                return
            self.checking = False
            assert self.verdict is not None
            self._show_verdict(snapshot, self.verdict)
            self._show_signoffs(self.verdict.signoffs)
            self._show_signature_note(self.verdict.signoffs, failure=why)

        store_call(self, check, checked, failed=failed, group="signature-check", exclusive=True)

    def _show_blockers(self, snapshot: AssessmentSnapshot) -> None:
        blockers = self.query_one("#blockers", OptionList)
        highlighted = blockers.highlighted
        blockers.clear_options()
        for place in snapshot.progress.blockers:
            question_id = place.question.id
            acceptance = snapshot.acceptances.get(question_id)
            answer = snapshot.answers[question_id]
            where = literal(f"{place.phase.title} › {place.lens_name}: {place.question.text}")
            if acceptance is None:
                prompt = Text.assemble(("BLOCKING  ", theme_style(self.app, "error")), where)
            else:
                # Shown as the record has it; whether it still counts is in the reasons above (the rules').
                earlier = acceptance.answer_revision != answer.revision
                label = ("BLOCKING  ", theme_style(self.app, "error")) if earlier else ("ACCEPTED  ", "bold")
                note = "accepted for an earlier answer by " if earlier else "accepted by "
                prompt = Text.assemble(
                    label,
                    where,
                    "\n          ",
                    (note, "dim"),
                    literal(acceptance.reviewer, "italic"),
                    (": ", "dim"),
                    literal(acceptance.reason, "italic"),
                )
            blockers.add_option(Option(prompt, id=question_id))
        if blockers.option_count == 0:
            blockers.add_option(Option("No blockers.", disabled=True))
        else:
            blockers.highlighted = min(highlighted or 0, blockers.option_count - 1)

    # Actions -----------------------------------------------------------------

    def _highlighted_blocker(self) -> str | None:
        blockers = self.query_one("#blockers", OptionList)
        if blockers.highlighted is None or blockers.option_count == 0:
            return None
        option = blockers.get_option_at_index(blockers.highlighted)
        return None if option.disabled else option.id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action in ("decide", "accept", "approvals", "export", "reload", "open_comments_rule")
            and self.snapshot is None
        ):
            return None
        if action == "accept" and self._highlighted_blocker() is None:
            return None  # dimmed: no blocker to accept
        return True

    @on(OptionList.OptionHighlighted, "#blockers")
    def _blocker_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.blocker = event.option.id if not event.option.disabled else None

    @on(OptionList.OptionSelected, "#blockers")
    def _blocker_selected(self) -> None:
        self.action_accept()

    def _reload_if(self, changed: bool | None) -> None:
        if changed:
            self.load()

    def action_decide(self) -> None:
        from fivefold.tui.dialogs.decision import DecisionDialog

        if self.snapshot is not None:
            self.app.push_screen(DecisionDialog(self.snapshot), self._reload_if)

    def action_accept(self) -> None:
        from fivefold.tui.dialogs.accept_blocker import AcceptBlockerDialog

        question_id = self._highlighted_blocker()
        if self.snapshot is not None and question_id is not None:
            self.app.push_screen(AcceptBlockerDialog(self.snapshot, question_id), self._reload_if)

    def action_approvals(self) -> None:
        from fivefold.tui.dialogs.approvals import ApprovalsDialog

        if self.snapshot is not None:
            current = self.snapshot.assessment.approvals_required
            self.app.push_screen(ApprovalsDialog(self.assessment_id, current), self._reload_if)

    def action_export(self) -> None:
        from fivefold.tui.dialogs.export import ExportDialog

        if self.snapshot is not None:
            self.app.push_screen(ExportDialog(self.assessment_id, title=self.snapshot.assessment.title))

    def action_open_comments_rule(self) -> None:
        """Ask, then turn the assessment's open-comments setting over (as `fivefold settings --open-comments`)."""
        from fivefold.tui.app_access import fivefold_app
        from fivefold.tui.dialogs.confirm import ConfirmDialog
        from fivefold.tui.store_work import store_call

        if self.snapshot is None:
            return
        blocks = not self.snapshot.assessment.open_comments_block
        question = (
            "Make open comments block sign-off again? Every comment thread must then be resolved first."
            if blocks
            else "Let open comments stay open at sign-off? They no longer count against readiness."
        )
        store, assessment_id = fivefold_app(self).store, self.assessment_id
        assert store is not None

        def changed(_: None) -> None:
            self.notify(f"Open comments: {'block' if blocks else 'allowed at'} sign-off", timeout=2)
            self.load()

        def answered(yes: bool | None) -> None:
            if yes:
                store_call(
                    self, lambda: store.set_open_comments_block(assessment_id, blocks), changed, group="settings"
                )

        self.app.push_screen(ConfirmDialog(Text(question), confirm_label="Change it"), answered)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss()
