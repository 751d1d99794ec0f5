"""Cycle diff: what changed, question by question, between an assessment and the cycle before it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from fivefold.tui.labels import STATUS_NAMES, literal, plain_value, theme_style
from fivefold.tui.screens.loading import load_in_worker
from fivefold.tui.widgets.app_footer import AppFooter

if TYPE_CHECKING:
    from fivefold.review.cycles import CycleDiff, QuestionDiff

# The colour of each kind of change in the list (theme variables).
CHANGE_COLOURS = {
    "added": "success",
    "removed": "error",
    "status": "warning",
    "rationale": "accent",
    "status and rationale": "warning",
    "value": "accent",
}


class CycleDiffScreen(Screen[None]):
    """The changed questions on the left, the selected one's before and after on the right."""

    CSS_PATH = "cycle_diff.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="cycle-diff.back", tooltip="Back to the assessments"),
        Binding(
            "o",
            "open_question",
            "Open",
            id="cycle-diff.open",
            tooltip="Open the selected question in the newer cycle",
        ),
    ]

    diff: var[CycleDiff | None] = var(None, bindings=True)
    """The two cycles compared, once read."""
    selected_change: var[str | None] = var(None, bindings=True)
    """The highlighted question: "Open" dims on a removed one."""

    def __init__(self, before_id: int, after_id: int) -> None:
        super().__init__()
        self.before_id = before_id
        self.after_id = after_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Comparing the two cycles…", id="diff-title", classes="heading")
        yield Static(
            "↑↓: move    enter / o: open the question in the newer cycle    tab: scroll the detail    escape: back",
            id="diff-hint",
            classes="muted",
        )
        with Horizontal(id="diff-body"):
            yield OptionList(id="changes")
            with VerticalScroll(id="detail"):
                yield Static(id="detail-text")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = f"cycle diff #{self.before_id} → #{self.after_id}"
        self.load()

    def on_screen_resume(self) -> None:
        if self.diff is not None:
            self.load()  # back from the assessment: the answers may have changed

    def load(self) -> None:
        """Two full snapshots are read: off the event loop."""
        from fivefold.review.cycles import diff_cycles

        before_id, after_id = self.before_id, self.after_id
        load_in_worker(self, lambda store, registry: diff_cycles(store, registry, before_id, after_id), self._loaded)

    def _loaded(self, diff: CycleDiff) -> None:
        self.diff = diff
        before, after = diff.before.assessment, diff.after.assessment
        changed = diff.changed
        self.query_one("#diff-title", Static).update(
            Text.assemble(
                f"Cycle {before.cycle} (#{before.id}) → cycle {after.cycle} (#{after.id}) of ",
                literal(after.title),
                f": {len(changed)} of {len(diff.questions)} question(s) changed",
            )
        )
        changes = self.query_one("#changes", OptionList)
        highlighted = changes.highlighted
        changes.clear_options()
        width = max((len(question.change) for question in changed), default=0)
        for question in changed:
            colour = theme_style(self.app, CHANGE_COLOURS.get(question.change, "foreground"))
            changes.add_option(
                Option(
                    Text.assemble((f"{question.change:<{width}}  ", colour), literal(question.text)),
                    id=question.question_id,
                )
            )
        if changed:
            changes.highlighted = min(highlighted or 0, len(changed) - 1)
        else:
            changes.add_option(Option(f"Nothing changed since cycle {before.cycle}.", disabled=True))
            self._show_detail(None)
        changes.focus()
        self.mutate_reactive(CycleDiffScreen.selected_change)

    @on(OptionList.OptionHighlighted, "#changes")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self.selected_change = event.option.id
        if self.diff is not None and event.option.id is not None:
            self._show_detail(next(q for q in self.diff.changed if q.question_id == event.option.id))

    @on(OptionList.OptionSelected, "#changes")
    def _chosen(self) -> None:
        self.action_open_question()

    def selected(self) -> QuestionDiff | None:
        changes = self.query_one("#changes", OptionList)
        option = changes.highlighted_option
        if self.diff is None or option is None or option.id is None:
            return None
        return next((q for q in self.diff.changed if q.question_id == option.id), None)

    def _describe(self, question_id: str, value: object) -> str:
        from fivefold.banks.kinds import describe_value

        assert self.diff is not None
        place = self.diff.after.bank.question(question_id) or self.diff.before.bank.question(question_id)
        return describe_value(place.question, value) if place is not None else plain_value(value)

    def _show_detail(self, question: QuestionDiff | None) -> None:
        detail = self.query_one("#detail-text", Static)
        if question is None:
            detail.update("")
            return
        colour = theme_style(self.app, CHANGE_COLOURS.get(question.change, "foreground"))
        text = Text.assemble(
            literal(question.text, "bold"),
            "\n",
            (question.question_id, "dim"),
            "\n\n",
            ("Change  ", "bold"),
            (question.change, colour),
            "\n",
            ("Status  ", "bold"),
            STATUS_NAMES.get(question.before_status, str(question.before_status)),
            " → ",
            STATUS_NAMES.get(question.after_status, str(question.after_status)),
        )
        if question.before_value is not None or question.after_value is not None:
            text.append("\nValue   ", "bold")
            text.append(literal(self._describe(question.question_id, question.before_value) or "none"))
            text.append(" → ")
            text.append(literal(self._describe(question.question_id, question.after_value) or "none"))
        same = question.before_rationale == question.after_rationale
        text.append("\n\nRationale before" if not same else "\n\nRationale (unchanged)", "bold")
        text.append("\n")
        text.append(literal(question.before_rationale or "(none)"))
        if not same:
            text.append("\n\nRationale after", "bold")
            text.append("\n")
            text.append(literal(question.after_rationale or "(none)"))
        detail.update(text)
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_question":
            question = self.selected()
            return None if question is None or question.change == "removed" else True
        return True

    def action_open_question(self) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        question = self.selected()
        if question is not None and question.change != "removed":
            self.app.push_screen(AssessmentScreen(self.after_id, focus_question=question.question_id))

    def action_back(self) -> None:
        if self.focused is self.query_one("#detail"):
            self.query_one("#changes").focus()
            return
        self.dismiss()
