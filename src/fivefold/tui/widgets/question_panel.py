"""The current question with its place, goal sentence, known problems, help, and last cycle's retrospective."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from fivefold.tui.labels import literal, plain_value, show_text, status_name, theme_style

if TYPE_CHECKING:
    from fivefold.banks import Bank, QuestionPlace
    from fivefold.store import Answer
    from fivefold.store.models import ActionItem

# Each of last cycle's retrospective answers is cut to this many characters: the panel is context,
# and the previous assessment (or the cycle diff) has the whole text.
RETROSPECTIVE_EXCERPT = 240


class QuestionPanel(VerticalScroll):
    """Everything that helps answer the question; bank text is shown literally, never as markup.

    Focusable (tab from the outline) so that the arrows scroll what does not fit. The worked
    example sits behind a key (f2) rather than in the panel: it is long, and it is one
    answer, not the question.
    """

    DEFAULT_CSS = """
    QuestionPanel > Static { margin-bottom: 1; }
    QuestionPanel > #question-text { text-style: bold; }
    QuestionPanel > #review { display: none; }
    QuestionPanel > #example-hint { color: $text-muted; }
    QuestionPanel > #previous-retrospective { border-left: outer $secondary; padding-left: 1; }
    QuestionPanel:focus { background-tint: $foreground 4%; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="place", classes="muted")
        yield Static(id="question-text")
        yield Static(id="review")
        yield Static(id="previous-hint", classes="muted")
        yield Static(id="goal")
        yield Static(id="problems")
        yield Static(id="help")
        yield Static(id="example-hint")
        yield Static(id="previous-retrospective")

    def show(
        self,
        bank: Bank,
        place: QuestionPlace,
        goal_sentence: str,
        position: tuple[int, int],
        previous_retrospective: Sequence[tuple[str, Answer]] = (),
    ) -> None:
        """Show `place`; `previous_retrospective` is shown only for a question of the bank's first phase."""
        question, lens = place.question, place.lens
        required = "required" if question.required else "optional"
        cited = bank.citation(question.source, question.locator)
        show_text(
            self.query_one("#place", Static),
            literal(f"{place.phase.title} › {place.lens_name} · question {position[0]} of {position[1]} · {required}"),
        )
        show_text(self.query_one("#question-text", Static), literal(question.text))
        headline = f"\n{lens.headline}" if lens.headline else ""
        show_text(
            self.query_one("#goal", Static),
            Text.assemble(("Goal  ", "bold"), literal(goal_sentence), (headline, "italic")),
        )
        # Most problems cite what their lens cites: that citation heads the list once, and only a
        # problem from elsewhere carries its own (three repeated citations cost the panel three lines).
        lens_citation = (lens.source, lens.locator)
        problems = Text.assemble(("Known problems", "bold"))
        if any((problem.source, problem.locator) == lens_citation for problem in lens.problems):
            problems.append_text(literal(f"  from {bank.citation(*lens_citation)}", "dim"))
        for problem in lens.problems:
            problems.append("\n• ")
            problems.append(literal(problem.text))
            if (problem.source, problem.locator) != lens_citation:
                problems.append_text(literal(f"  ({bank.citation(problem.source, problem.locator)})", "dim"))
        show_text(self.query_one("#problems", Static), problems)
        first_phase = place.phase.id == bank.phases[0].id
        # Last cycle's steering plan leads the help of the first phase: it is where this cycle starts.
        steering = [(text, answer) for text, answer in previous_retrospective if self._steers(bank, answer)]
        help_text = self._steering(steering) if first_phase and steering else Text()
        help_text.append_text(Text.assemble(("Help  ", "bold"), literal(question.help or "—")))
        help_text.append_text(literal(f"\nSource: {cited}", "dim"))
        show_text(self.query_one("#help", Static), help_text)
        hint = self.query_one("#example-hint", Static)
        hint.display = question.example is not None
        if question.example is not None:
            example_source = bank.citation(question.example.source, question.example.locator)
            show_text(hint, literal(f"A worked example of a good answer ({example_source}): press f2."))
        previous = self.query_one("#previous-retrospective", Static)
        previous.display = first_phase and bool(previous_retrospective)
        pointer = self.query_one("#previous-hint", Static)
        pointer.display = previous.display
        if previous.display:
            show_text(previous, self._retrospective(previous_retrospective))
            whole = f"retrospective ({len(previous_retrospective)} answer(s)) is at the end of this panel"
            show_text(
                pointer,
                f"↻ Last cycle's steering plan leads the help below, and its whole {whole}: tab to the panel, then ↓."
                if steering
                else f"↻ Last cycle's {whole}: tab to the panel, then ↓.",
            )
        self.scroll_home(animate=False)

    def show_review(
        self, threads: Sequence[Mapping[str, Any]], item: ActionItem | None, *, open_item: bool, overdue: bool
    ) -> None:
        """The question's owner and due date (or that its open item has none yet) and its comment threads;
        nothing for a question that has neither an open item, an owner nor a thread."""
        from fivefold.review.threads import open_threads

        line = Text()
        if item is None and open_item:
            line.append("No owner yet", "bold")
        elif item is not None:
            line.append("Owner ", "bold")
            line.append_text(literal(item.owner))
            line.append(f" · due {item.due.isoformat()}")
            if overdue:
                line.append("  OVERDUE", theme_style(self.app, "error"))
        if threads:
            still_open = len(open_threads(threads))
            if line:
                line.append("   ")
            line.append("Comments ", "bold")
            line.append(f"{len(threads)} thread{'s' if len(threads) != 1 else ''}, {still_open} open")
        if line:
            line.append("   c / o in the outline", "dim")
        review = self.query_one("#review", Static)
        review.display = bool(line)
        review.update(line)

    @staticmethod
    def _steers(bank: Bank, answer: Answer) -> bool:
        place = bank.question(answer.question_id)
        return place is not None and place.question.steering

    @staticmethod
    def _steering(answers: Sequence[tuple[str, Answer]]) -> Text:
        text = Text.assemble(("Last cycle's steering plan", "bold"), (": this cycle starts here", "dim"))
        for question_text, answer in answers:
            rationale = " ".join(answer.rationale.split())
            cut = rationale[:RETROSPECTIVE_EXCERPT] + ("…" if len(rationale) > RETROSPECTIVE_EXCERPT else "")
            text.append("\n• ")
            text.append(literal(question_text, "italic"))
            text.append("\n  ")
            text.append(literal(cut or "(no rationale)"))
        text.append("\n\n")
        return text

    @staticmethod
    def _retrospective(answers: Sequence[tuple[str, Answer]]) -> Text:
        text = Text.assemble(("Last cycle's retrospective", "bold"), (": where this cycle starts", "dim"))
        for question_text, answer in answers:
            status = status_name(answer)
            text.append("\n• ")
            text.append(literal(question_text, "italic"))
            text.append(f"  ({status}", "dim")
            if answer.value is not None:
                text.append("; ", "dim")
                text.append(literal(plain_value(answer.value), "dim"))
            text.append(")", "dim")
            rationale = " ".join(answer.rationale.split())  # one paragraph: this is a reminder, not the text
            if rationale:
                cut = rationale[:RETROSPECTIVE_EXCERPT] + ("…" if len(rationale) > RETROSPECTIVE_EXCERPT else "")
                text.append("\n  ")
                text.append(literal(cut))
        return text
