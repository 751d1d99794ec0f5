"""The home screen: deleting asks first, and the new-assessment dialog refuses what it cannot create."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import assessment_loaded, home_loaded, plain, screen_text, type_text, wait_until

from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.confirm import ConfirmDialog
from fivefold.tui.dialogs.new_assessment import AssessmentDialog
from fivefold.tui.screens.home import HomeScreen


def titles(home: HomeScreen) -> list[str]:
    table = home.query_one("#assessments", DataTable)
    return [table.get_row_at(row)[0].plain for row in range(table.row_count)]


def selected_title(home: HomeScreen) -> str:
    table = home.query_one("#assessments", DataTable)
    return table.get_row_at(table.cursor_row)[0].plain


async def test_delete_asks_first(
    db_url: str, store: Store, new_assessment: Callable[..., int], save_answer: Callable[..., int]
) -> None:
    keep = new_assessment(title="Keep me")
    doomed = new_assessment(title="Delete me")
    save_answer(doomed, "platonic.theory.ethically-virtuous", "addressed", "gone with it")

    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        assert sorted(titles(home)) == ["Delete me", "Keep me"]
        for _ in range(2):
            if selected_title(home) == "Delete me":
                break
            await pilot.press("down")
        assert selected_title(home) == "Delete me"

        # n keeps it.
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        question = plain(app.screen.query_one("#question", Static))
        assert question == f"Delete assessment #{doomed} Delete me and all its answers?"
        assert question in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is home, what="the confirmation to close")
        assert sorted(titles(home)) == ["Delete me", "Keep me"]
        assert {a.id for a in store.assessments()} == {keep, doomed}

        # y deletes it, and its answers.
        assert selected_title(home) == "Delete me"
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: titles(home) == ["Keep me"], what="the table to drop the deleted row")
        assert [a.id for a in store.assessments()] == [keep]
        assert store.answers(doomed) == {}
        assert selected_title(home) == "Keep me"

        # Escape cancels too.
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="the confirmation to close")
        assert [a.id for a in store.assessments()] == [keep]
        await pilot.press("ctrl+q")


async def test_new_assessment_refuses_an_empty_title_and_escape_cancels(db_url: str, store: Store) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        assert titles(home) == []

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AssessmentDialog), what="the new-assessment dialog")
        dialog = app.screen
        error = dialog.query_one("#error", Static)
        assert plain(error) == ""

        # Enter in the last field with no title (spaces only) and no system.
        await type_text(pilot, "  ")
        await pilot.press("tab", "tab", "enter")
        assert app.screen is dialog
        assert plain(error) == "Give a title and the system first."
        assert "Give a title and the system first." in screen_text(app)
        assert dialog.focused is dialog.query_one("#title", Input)

        # ctrl+s with a system but still no title.
        await pilot.press("tab")
        await type_text(pilot, "sys")
        await pilot.press("ctrl+s")
        assert app.screen is dialog
        assert plain(error) == "Give a title first."
        assert "Give a title first." in screen_text(app)
        assert dialog.focused is dialog.query_one("#title", Input)
        assert store.assessments() == []

        # Escape cancels: nothing is created, and the home screen is back.
        await type_text(pilot, "X")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="the dialog to close")
        await pilot.pause()
        assert titles(home) == []
        assert store.assessments() == []
        assert "No assessments yet" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_new_assessment_on_another_bank_chosen_with_keys(db_url: str, store: Store) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        banks = app.registry.banks()
        ids = [bank.id for bank in banks]
        assert "five-phase" in ids and len(ids) > 1

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AssessmentDialog), what="the new-assessment dialog")
        dialog = app.screen
        bank_select = dialog.query_one("#bank", Select)
        assert bank_select.value == "five-phase"  # the core bank, whatever sorts first

        await type_text(pilot, "T")
        await pilot.press("tab")
        await type_text(pilot, "S")
        await pilot.press("tab", "tab")
        assert dialog.focused is bank_select
        await pilot.press("enter")  # open the list
        await wait_until(pilot, lambda: bank_select.expanded, what="the bank list to open")
        position = ids.index("five-phase")  # the list is in `ids` order, opened on the current value
        target, key = (ids[position + 1], "down") if position + 1 < len(ids) else (ids[position - 1], "up")
        await pilot.press(key)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not bank_select.expanded, what="the bank list to close")
        assert bank_select.value == target
        await pilot.press("ctrl+s")

        screen = await assessment_loaded(pilot)
        assert screen.snapshot.bank.id == target
        (created,) = store.assessments()
        assert (created.title, created.system_name, created.bank_id) == ("T", "S", target)
        await pilot.press("ctrl+q")
