"""The question panel cites every known problem and worked example, and in the next cycle the
previous steering plan leads the help of the first phase (a harness app around the one widget)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult
from textual.widgets import Static

from fivefold.banks import Bank
from fivefold.store import Answer
from fivefold.tui.widgets.question_panel import QuestionPanel

PLAN = "retrospective.practice.steering-plan"


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield QuestionPanel()


def answer(question_id: str, rationale: str) -> Answer:
    now = datetime.now(UTC)
    return Answer(
        assessment_id=1,
        question_id=question_id,
        status="addressed",
        rationale=rationale,
        evidence=[],
        revision=1,
        created_at=now,
        updated_at=now,
    )


def shown(app: App[None], widget_id: str) -> str:
    return str(app.query_one(f"#{widget_id}", Static).render())


async def test_problems_and_the_example_show_their_own_citation(bank: Bank) -> None:
    place = bank.question("testing.practice.halt-anytime")
    assert place is not None
    app = PanelApp()
    async with app.run_test(size=(120, 60)):
        app.query_one(QuestionPanel).show(bank, place, "goal", (1, 1))
        problems = shown(app, "problems")
        for problem in place.lens.problems:
            assert bank.citation(problem.source, problem.locator) in problems
        assert "An overview of 11 proposals for building safe advanced AI (7. Narrow reward modeling" in shown(
            app, "example-hint"
        )
        assert "Source: I Recommend More Training Rationales (Testing Phase, Practice)" in shown(app, "help")


async def test_the_previous_steering_plan_leads_the_help_of_the_first_phase(bank: Bank) -> None:
    plan = bank.question(PLAN)
    better_off = bank.question("retrospective.theory.better-off")
    first_phase = bank.questions()[0]
    later_phase = bank.question("testing.practice.halt-anytime")
    assert plan is not None and better_off is not None and later_phase is not None
    previous = [
        (plan.question.text, answer(PLAN, "Relabel the German tickets first.")),
        (better_off.question.text, answer(better_off.question.id, "Faster, not fairer.")),
    ]
    app = PanelApp()
    async with app.run_test(size=(120, 60)):
        panel = app.query_one(QuestionPanel)
        panel.show(bank, first_phase, "goal", (1, 40), previous)
        help_text = shown(app, "help")
        assert help_text.startswith("Last cycle's steering plan")
        assert "Relabel the German tickets first." in help_text
        assert help_text.index("Relabel") < help_text.index("Help  ")
        assert "Faster, not fairer." not in help_text, "only the steering answers lead the help"
        assert shown(app, "previous-hint").startswith("↻ Last cycle's steering plan leads the help below")
        panel.show(bank, later_phase, "goal", (30, 40), previous)
        assert shown(app, "help").startswith("Help  "), "later phases start with their own help"
