"""User text is shown and saved as typed: Rich/Textual markup in it is characters, never markup."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Static
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    outline_label,
    plain,
    screen_text,
    type_text,
    wait_saved,
    wait_until,
)

from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.confirm import ConfirmDialog

CLICK = "[@click=app.quit]x[/]"
BOLD = "[bold]"


async def test_markup_typed_into_an_answer_stays_text(
    db_url: str, store: Store, new_assessment: Callable[..., int]
) -> None:
    assessment_id = new_assessment()
    rationale = f"{CLICK}\n{BOLD}"
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        question_id = screen.place.question.id
        await pilot.press("enter")
        assert screen.focused is editor(screen)

        await type_text(pilot, rationale)  # every character is its own key press: '[' is left_square_bracket
        await wait_saved(pilot, screen, rationale)
        await pilot.press("escape", "exclamation_mark")  # a status, so the outline and the status line redraw with it
        await pilot.pause()

        assert app.is_running and app.return_code is None  # the click markup did not quit the app
        assert editor(screen).text == rationale
        shown = screen_text(app)
        assert CLICK in shown
        assert BOLD in shown
        assert outline_label(screen, question_id).startswith("! ")
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    saved = store.answers(assessment_id)[question_id]
    assert (saved.status, saved.rationale) == ("concern", rationale)


async def test_a_title_with_markup_is_listed_literally(
    db_url: str, store: Store, new_assessment: Callable[..., int]
) -> None:
    title = "[red]Danger[/] <b>x</b>"
    system = "[blink]model[/]"
    assessment_id = new_assessment(title=title, system=system, version="1")
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        table = home.query_one("#assessments", DataTable)
        cells = table.get_row_at(0)
        assert cells[0].plain == title
        assert cells[2].plain == f"{system} 1"
        assert not cells[0].spans  # no style came out of the brackets
        # The table has the rows; painting them may take another frame on a busy machine.
        await wait_until(
            pilot, lambda: title in screen_text(app) and f"{system} 1" in screen_text(app), what="the row on screen"
        )

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        question = plain(app.screen.query_one("#question", Static))
        assert question == f"Delete assessment #{assessment_id} {title} and all its answers?"
        assert title in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is home, what="the confirmation to close")
        await pilot.press("ctrl+q")
    assert [a.title for a in store.assessments()] == [title]
