"""Two windows on one database: a save that would overwrite the other's text asks first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    indicator,
    outline_label,
    plain,
    type_text,
    wait_saved,
    wait_until,
)

from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.conflict import ConflictDialog
from fivefold.tui.widgets import answer_editor as assessment


async def test_conflict_take_theirs_then_keep_mine(
    db_url: str, store: Store, new_assessment: Callable[..., int], save_answer: Callable[..., int]
) -> None:
    assessment_id = new_assessment()
    app = make_app(db_url=db_url)  # window A; `store` plays the other window
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        question_id = screen.place.question.id
        await pilot.press("enter")
        assert screen.focused is editor(screen)
        assert editor(screen).text == ""

        # The other window answers q while A still shows it unanswered.
        save_answer(assessment_id, question_id, "concern", "theirs", expected_revision=0)

        async def type_into_conflict(text: str) -> ConflictDialog:
            await type_text(pilot, text)
            await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
            assert indicator(screen) == "✗ Not saved: changed in another window"
            dialog = app.screen
            assert isinstance(dialog, ConflictDialog)
            return dialog

        dialog = await type_into_conflict("mine")
        assert plain(dialog.query_one("#theirs", Static)) == "theirs"
        current = store.answers(assessment_id)[question_id]
        assert (current.rationale, current.revision) == ("theirs", 1)  # nothing overwritten while it asks

        await pilot.press("t")  # take theirs
        await wait_until(pilot, lambda: app.screen is screen, what="the conflict dialog to close")
        assert editor(screen).text == "theirs"
        assert outline_label(screen, question_id).startswith("! ")
        assert indicator(screen).startswith("✓ Saved")
        await pilot.pause(0.5)  # longer than the autosave debounce: nothing is saved behind our back
        current = store.answers(assessment_id)[question_id]
        assert (current.status, current.rationale, current.revision) == ("concern", "theirs", 1)

        # A keeps editing their text and saves it (A now holds revision 1).
        assert screen.focused is editor(screen)
        await pilot.press("end")
        await type_text(pilot, " ok")
        await wait_saved(pilot, screen, "theirs ok")
        # One save, or two if the debounce fired between keys on a busy machine.
        mine = store.answers(assessment_id)[question_id].revision
        assert mine >= 2

        # The other window changes it again; A's next save asks again, and this time A keeps its own text.
        save_answer(assessment_id, question_id, "blocker", "theirs again", expected_revision=mine)
        dialog = await type_into_conflict("!")
        assert plain(dialog.query_one("#theirs", Static)) == "theirs again"
        assert store.answers(assessment_id)[question_id].rationale == "theirs again"

        await pilot.press("k")  # keep mine
        await wait_until(pilot, lambda: app.screen is screen, what="the conflict dialog to close")
        assert editor(screen).text == "theirs ok!"
        assert indicator(screen).startswith("✓ Saved")
        current = store.answers(assessment_id)[question_id]
        assert (current.status, current.rationale, current.revision) == ("concern", "theirs ok!", mine + 2)
        await pilot.press("ctrl+q")
    assert store.answers(assessment_id)[question_id].rationale == "theirs ok!"


@pytest.mark.parametrize("leave", ["ctrl+n", "ctrl+q"])
async def test_moving_on_or_quitting_over_a_conflict_asks_first(
    db_url: str,
    store: Store,
    new_assessment: Callable[..., int],
    save_answer: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
    leave: str,
) -> None:
    """The pending text is saved on the way out; a conflict then must ask, not lose it or the choice."""
    monkeypatch.setattr(assessment, "AUTOSAVE_DELAY", 60)  # only leaving can save it
    assessment_id = new_assessment()
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        question_id = screen.place.question.id
        await pilot.press("enter")
        await type_text(pilot, "mine")
        assert indicator(screen).startswith("● Unsaved")
        save_answer(assessment_id, question_id, "addressed", "theirs", expected_revision=0)

        await pilot.press(leave)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        assert app.is_running
        assert screen.place.question.id == question_id  # still on the question it asks about
        assert store.answers(assessment_id)[question_id].rationale == "theirs"

        await pilot.press("k")
        await wait_until(pilot, lambda: app.screen is screen, what="the conflict dialog to close")
        saved = store.answers(assessment_id)[question_id]
        assert (saved.status, saved.rationale) == (None, "mine")  # all of mine, its (lack of) status too
        assert editor(screen).text == "mine"
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert store.answers(assessment_id)[question_id].rationale == "mine"


async def test_f5_reads_the_answers_another_window_saved(
    db_url: str, store: Store, new_assessment: Callable[..., int], save_answer: Callable[..., int]
) -> None:
    """f5 read comments and owners again, not answers: a question answered in another window still showed
    its old answer here until the next save ran into the conflict dialog."""
    assessment_id = new_assessment()
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        first, second = screen.places[screen.shown[0]].question.id, screen.places[screen.shown[1]].question.id
        assert screen.place.question.id == first and editor(screen).text == ""
        save_answer(assessment_id, first, "addressed", "Written in the other window.", expected_revision=0)
        save_answer(assessment_id, second, "concern", "A worry from the other window.", expected_revision=0)

        await pilot.press("f5")
        await wait_until(pilot, lambda: editor(screen).text == "Written in the other window.", tries=300, what="it")
        assert outline_label(screen, first).startswith("✓ ") and outline_label(screen, second).startswith("! ")
        assert "0 concern(s)" not in plain(screen.query_one("#progress", Static))
        # Shown as stored: writing on saves without asking which text to keep.
        await pilot.press("enter", "end")
        await type_text(pilot, " And here.")
        await wait_saved(pilot, screen, "Written in the other window. And here.")
        assert not isinstance(app.screen, ConflictDialog)
        assert store.answers(assessment_id)[first].revision == 2

        # Typed here and not saved yet: f5 leaves it, and the save asks which text to keep.
        await type_text(pilot, " Mine")
        save_answer(assessment_id, first, "addressed", "Theirs, meanwhile.", expected_revision=2)
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        assert editor(screen).text == "Written in the other window. And here. Mine"
        await pilot.press("escape")
        await pilot.press("ctrl+q")
