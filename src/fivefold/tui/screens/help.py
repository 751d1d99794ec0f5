"""Help: every key of every screen, read from the bindings themselves, and any bank that failed to load."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.keys import APP_BINDINGS
from fivefold.tui.labels import literal
from fivefold.tui.widgets.app_footer import AppFooter

INTRO = (
    "Fivefold walks you through the five-phase training-rationale loop. Every answer is "
    "saved as you type ('Saved' under the editor means it is on disk). ctrl+p opens the "
    "command palette with every action of the current screen."
)


def _sections() -> list[tuple[str, list[BindingType]]]:
    # The screens, not the app: the app imports this module's screen (and the app's keys live in tui.keys).
    from fivefold.tui.dialogs.comments import CommentsDialog
    from fivefold.tui.dialogs.decision import DecisionDialog
    from fivefold.tui.dialogs.export import ExportDialog
    from fivefold.tui.dialogs.new_assessment import AssessmentDialog
    from fivefold.tui.dialogs.status import StatusDialog
    from fivefold.tui.screens.assessment import AssessmentScreen
    from fivefold.tui.screens.cycle_diff import CycleDiffScreen
    from fivefold.tui.screens.home import HomeScreen
    from fivefold.tui.screens.signoff import SignoffScreen
    from fivefold.tui.screens.summary import SummaryScreen
    from fivefold.tui.widgets.outline import Outline

    return [
        (
            "Everywhere",
            [
                *APP_BINDINGS,
                Binding("ctrl+p", "command_palette", "Command palette"),
                Binding("tab,shift+tab", "", "Next and previous field or list"),
            ],
        ),
        ("Home", HomeScreen.BINDINGS),
        ("Assessment", AssessmentScreen.BINDINGS),
        (
            "Assessment, in the outline",
            [Binding("up,down", "", "Move"), Binding("enter", "", "Write the answer"), *Outline.BINDINGS],
        ),
        (
            "Assessment, in a choice, scale or yes/no answer",
            [
                Binding("1,2,3,4,5", "", "Choose that option (1-9 for longer lists)"),
                Binding("up,down,enter,space", "", "Move and choose; space ticks in a multiple choice"),
                Binding("y,n", "", "Yes or no"),
                Binding("backspace", "", "Clear the value"),
            ],
        ),
        ("Set the status (ctrl+s)", StatusDialog.BINDINGS),
        ("Comments on a question (c in the outline)", CommentsDialog.BINDINGS),
        ("New assessment (n), edit it (e)", AssessmentDialog.BINDINGS),
        ("Summary", [*SummaryScreen.BINDINGS, Binding("enter", "", "Jump to the question")]),
        ("Sign-off (s in the summary)", [*SignoffScreen.BINDINGS, Binding("enter", "", "Accept the blocker")]),
        ("Record a decision (d)", DecisionDialog.BINDINGS),
        ("Export", ExportDialog.BINDINGS),
        ("Cycle diff (f on the home screen)", CycleDiffScreen.BINDINGS),
    ]


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, behind: Screen[object] | None = None) -> None:
        super().__init__()
        self.behind = behind

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            problems = self._bank_problems()
            if problems is not None:
                yield Static(problems, id="bank-problems", classes="help-section error-text")
            yield Static(INTRO, id="intro")
            for title, bindings in _sections():
                table = Table(title=title, title_justify="left", title_style="bold", show_header=False, box=None)
                table.add_column("key", style="bold", min_width=18)
                table.add_column("action")
                for binding in bindings:
                    if isinstance(binding, Binding) and binding.description:
                        keys = ", ".join(self.app.get_key_display(Binding(k, "")) for k in binding.key.split(","))
                        table.add_row(Text(keys), Text(binding.tooltip or binding.description))
                yield Static(table, classes="help-section")
            yield Static(self._marks(), id="marks", classes="help-section")
        yield AppFooter()

    @staticmethod
    def _marks() -> Table:
        """What each mark in the outline means: a status, then the review conversation's marks."""
        from fivefold.tui.labels import STATUS_MARKS, STATUS_NAMES
        from fivefold.tui.review_marks import MARK_LEGEND

        table = Table(
            title="Marks in the outline", title_justify="left", title_style="bold", show_header=False, box=None
        )
        table.add_column("mark", style="bold", min_width=18)
        table.add_column("meaning")
        for key, (mark, _colour) in STATUS_MARKS.items():
            table.add_row(Text(mark), Text(STATUS_NAMES[key]))
        for mark, meaning in MARK_LEGEND:
            table.add_row(Text(mark), Text(f"after the status mark: {meaning}"))
        return table

    def _bank_problems(self) -> Text | None:
        registry = fivefold_app(self).registry
        if registry is None or not registry.problems:
            return None
        text = Text.assemble(("Bank files that failed to load (their banks are missing):", "bold"))
        for problem in registry.problems:
            text.append("\n• ")
            text.append(literal(str(problem)))
        return text

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()
