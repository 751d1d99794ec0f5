"""The current question with its place, goal sentence, known problems, help and worked example."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.banks import Bank, QuestionPlace


class QuestionPanel(VerticalScroll, can_focus=False):
    """Everything that helps answer the question; bank text is shown literally, never as markup."""

    DEFAULT_CSS = """
    QuestionPanel > Static { margin-bottom: 1; }
    QuestionPanel > #question-text { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="place", classes="muted")
        yield Static(id="question-text")
        yield Static(id="goal")
        yield Static(id="problems")
        yield Static(id="help")
        yield Static(id="example")

    def show(self, bank: Bank, place: QuestionPlace, goal_sentence: str, position: tuple[int, int]) -> None:
        question, lens = place.question, place.lens
        required = "required" if question.required else "optional"
        source = bank.source(question.source)
        cited = source.title if source else question.source
        self.query_one("#place", Static).update(
            literal(f"{place.phase.title} › {place.lens_name} · question {position[0]} of {position[1]} · {required}")
        )
        self.query_one("#question-text", Static).update(literal(question.text))
        headline = f"\n{lens.headline}" if lens.headline else ""
        self.query_one("#goal", Static).update(
            Text.assemble(("Goal  ", "bold"), literal(goal_sentence), (headline, "italic"))
        )
        problems = Text.assemble(("Known problems", "bold"))
        for problem in lens.problems:
            problems.append("\n• ")
            problems.append(literal(problem))
        self.query_one("#problems", Static).update(problems)
        help_text = Text.assemble(("Help  ", "bold"), literal(question.help or "—"), (f"\nSource: {cited}", "dim"))
        self.query_one("#help", Static).update(help_text)
        example = self.query_one("#example", Static)
        example.display = bool(question.example)
        example.update(Text.assemble(("Worked example  ", "bold"), literal(question.example)))
        self.scroll_home(animate=False)
