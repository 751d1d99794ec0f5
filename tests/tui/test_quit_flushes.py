"""Quitting before the autosave fires still saves what was typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tui_helpers import assessment_loaded, editor, home_loaded, indicator, type_text

from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.widgets import answer_editor as assessment


@pytest.mark.parametrize("leave", ["ctrl+q", "escape"])
async def test_quit_right_after_typing_saves_the_text(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch, leave: str
) -> None:
    # A debounce far longer than the test: the save can only come from the quit (or from leaving).
    monkeypatch.setattr(assessment, "AUTOSAVE_DELAY", 60)
    assessment_id = new_assessment()
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        question_id = screen.place.question.id
        await pilot.press("enter")
        await type_text(pilot, "bye")
        assert editor(screen).text == "bye"
        assert indicator(screen).startswith("● Unsaved")  # the autosave has not fired
        if leave == "escape":  # out of the editor, then back home
            await pilot.press("escape", "escape")
            assert app.screen is not screen
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    store = Store.open(db_url)
    try:
        answer = store.answers(assessment_id)[question_id]
    finally:
        store.close()
    assert answer.status is None  # a draft: text without a status
    assert answer.rationale == "bye"
