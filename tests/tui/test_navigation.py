"""Moving around an assessment: next/previous, next unanswered, the summary's jumps, help, the palette."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList, Static
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    plain,
    question_text,
    screen_text,
    type_text,
    wait_until,
)

from fivefold.banks import Bank
from fivefold.tui.app import make_app
from fivefold.tui.screens.help import HelpScreen
from fivefold.tui.screens.summary import SummaryScreen
from fivefold.tui.widgets.outline import Outline


async def test_next_previous_and_next_unanswered(
    db_url: str, bank: Bank, new_assessment: Callable[..., int], save_answer: Callable[..., int]
) -> None:
    places = bank.questions()
    assessment_id = new_assessment()
    for index in (1, 2, 3):
        save_answer(assessment_id, places[index].question.id, "addressed", f"answer {index}")
    save_answer(assessment_id, places[5].question.id, None, "a draft has no status: still to do")

    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)

        def shown() -> int:
            text = question_text(screen)
            assert text == places[screen.current].question.text
            position = f"question {screen.current + 1} of {len(places)}"
            assert position in plain(screen.query_one("#place", Static))
            return screen.current

        assert shown() == 0  # the first question without a status
        for expected in (1, 2, 3, 4):
            await pilot.press("ctrl+n")
            assert shown() == expected
        for expected in (3, 2, 1, 0, 0):  # and it stops at the first question
            await pilot.press("ctrl+b")
            assert shown() == expected
        assert editor(screen).text == ""

        await pilot.press("ctrl+t")  # 1, 2, 3 have a status
        assert shown() == 4
        await pilot.press("ctrl+t")  # 5 is only a draft, so it is still to do
        assert shown() == 5
        assert editor(screen).text == "a draft has no status: still to do"
        await pilot.press("ctrl+t")
        assert shown() == 6
        await pilot.press("ctrl+q")


async def test_summary_lists_open_items_and_jumps_to_one(
    db_url: str, bank: Bank, new_assessment: Callable[..., int], save_answer: Callable[..., int]
) -> None:
    places = bank.questions()
    concern, blocker = places[8], places[15]
    assessment_id = new_assessment()
    save_answer(assessment_id, concern.question.id, "concern", "worried")
    save_answer(assessment_id, blocker.question.id, "blocker", "stops the release")

    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        assert screen.current == 0

        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary screen")
        summary = app.screen
        assert "1 concern(s) · 1 blocker(s)" in plain(summary.query_one("#overall", Static))
        items = summary.query_one("#open-items", OptionList)
        assert summary.focused is items
        prompts = [items.get_option_at_index(i).prompt.plain for i in range(items.option_count)]
        assert prompts[0].startswith("BLOCKER")
        assert prompts[0].endswith(f"{blocker.phase.title} › {blocker.lens_name}: {blocker.question.text}")
        assert prompts[1].startswith("CONCERN")
        assert prompts[1].endswith(f"{concern.phase.title} › {concern.lens_name}: {concern.question.text}")
        assert all(prompt.startswith("UNANSWERED") for prompt in prompts[2:])
        text = screen_text(app)
        assert "BLOCKER" in text and "CONCERN" in text

        await pilot.press("down")
        assert items.highlighted == 1
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, what="the summary to close")
        assert screen.place.question.id == concern.question.id
        assert question_text(screen) == concern.question.text
        assert editor(screen).text == "worried"
        assert screen.focused is editor(screen)

        # Enter at once takes the first item, the blocker: it is highlighted from the start.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary screen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, what="the summary to close")
        assert screen.place.question.id == blocker.question.id

        # Escape goes back without moving.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the summary to close")
        assert screen.place.question.id == blocker.question.id
        await pilot.press("ctrl+q")


async def test_help_lists_the_keys_and_escape_closes_it(db_url: str, new_assessment: Callable[..., int]) -> None:
    new_assessment()
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        assert "Next question" not in screen_text(app)

        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        await pilot.pause()
        text = screen_text(app)
        for line in ("Next question", "Next unanswered", "Set the status", "Create an assessment"):
            assert line in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="help to close")
        assert isinstance(screen.focused, Outline)
        await pilot.press("ctrl+q")


async def test_command_palette_offers_the_screens_actions(db_url: str, new_assessment: Callable[..., int]) -> None:
    new_assessment()
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")
        await type_text(pilot, "Summary")
        commands = app.screen.query_one(CommandList)

        def offered() -> list[str]:
            return [commands.get_option_at_index(i).prompt.plain for i in range(commands.option_count)]

        await wait_until(pilot, lambda: any(p.startswith("Summary (^r)") for p in offered()), what="'Summary' offered")
        assert offered()[0].startswith("Summary (^r)")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the summary to close")

        # Every footer action of the screen is offered, the outline's status keys included.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")
        commands = app.screen.query_one(CommandList)
        await type_text(pilot, "Block")
        await wait_until(pilot, lambda: any(p.startswith("Blocker (b)") for p in offered()), what="'Blocker' offered")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
