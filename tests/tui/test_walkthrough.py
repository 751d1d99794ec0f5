"""The whole flow from the keyboard: create, answer across phases, set a goal, quit, reopen, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    indicator,
    outline_label,
    plain,
    question_text,
    screen_text,
    status_line,
    type_text,
    wait_saved,
    wait_until,
)

from fivefold.banks import Bank
from fivefold.export.files import default_export_name
from fivefold.export.text import inline
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.export import ExportDialog
from fivefold.tui.dialogs.goal import GoalDialog
from fivefold.tui.dialogs.new_assessment import AssessmentDialog
from fivefold.tui.dialogs.status import StatusDialog
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.widgets.outline import Outline

TITLE = "Rev 2"
SYSTEM, VERSION = "triage", "2.3"
# question id: (how the test sets its status, status, rationale)
ANSWERS = {
    "platonic.theory.ethically-virtuous": ("outline", "addressed", "Fair"),
    "platonic.theory.long-term-happiness": ("dialog", "concern", "Deskill?"),
    "delegation.theory.understands-requests": ("dialog", "blocker", "No es"),
    "delegation.theory.exploits-mistakes": ("outline", "not-applicable", "No tools"),
}
STATUS_KEYS = {"addressed": "a", "concern": "c", "blocker": "b", "not-applicable": "n"}
# In the outline c opens the comments and n / N step through search hits.
OUTLINE_KEYS = {**STATUS_KEYS, "concern": "exclamation_mark", "not-applicable": "minus"}
MARKS = {"addressed": "✓", "concern": "!", "blocker": "✗", "not-applicable": "–"}
LABELS = {"addressed": "addressed", "concern": "CONCERN", "blocker": "BLOCKER", "not-applicable": "not applicable"}
GOAL_X, GOAL_Y = "routing", "bots"


async def answer_current(pilot: Pilot[Any], screen: AssessmentScreen, how: str, status: str, rationale: str) -> None:
    """Type the rationale into the editor, then set the status the way `how` says."""
    if screen.focused is not editor(screen):
        await pilot.press("enter")  # in the outline: edit the highlighted question
    assert screen.focused is editor(screen)
    await type_text(pilot, rationale)
    if how == "outline":
        await wait_saved(pilot, screen, rationale)
        await pilot.press("escape")
        assert isinstance(screen.focused, Outline)
        await pilot.press(OUTLINE_KEYS[status])
    else:
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, StatusDialog), what="the status dialog")
        await pilot.press(STATUS_KEYS[status])
        await wait_until(pilot, lambda: pilot.app.screen is screen, what="the status dialog to close")
    question_id = screen.place.question.id
    saved = screen.snapshot.answers[question_id]
    assert (saved.status, saved.rationale) == (status, rationale)
    assert status_line(screen).startswith(f"Status: {status.replace('-', ' ')}")
    assert outline_label(screen, question_id).startswith(MARKS[status] + " ")


async def test_create_answer_quit_reopen_export(
    db_url: str, tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = {place.question.id: place for place in bank.questions()}
    total = len(places)

    # First session: a fresh database, everything from the keyboard.
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        assert home.query_one("#assessments", DataTable).row_count == 0
        assert "No assessments yet" in screen_text(app)

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AssessmentDialog), what="the new-assessment dialog")
        await type_text(pilot, TITLE)
        await pilot.press("tab")
        await type_text(pilot, SYSTEM)
        await pilot.press("tab")
        await type_text(pilot, VERSION)
        await pilot.press("enter")

        screen = await assessment_loaded(pilot)
        assert screen.snapshot.assessment.title == TITLE
        assert (screen.snapshot.assessment.system_name, screen.snapshot.assessment.system_version) == (SYSTEM, VERSION)
        assert screen.current == 0
        assert question_text(screen) == bank.questions()[0].question.text
        await wait_until(pilot, lambda: screen.focused is editor(screen), what="a new assessment to open in its answer")

        ids = list(ANSWERS)
        await answer_current(pilot, screen, *ANSWERS[ids[0]])
        await pilot.press("down")  # the outline's next line is the next question of the same lens
        assert screen.place.question.id == ids[1]
        await answer_current(pilot, screen, *ANSWERS[ids[1]])

        # To the delegation phase through the outline: up to the phase, across two phases, down to its first question.
        assert screen.focused is editor(screen)  # the status dialog gave the focus back
        await pilot.press("escape", "shift+left", "shift+left", "shift+down", "shift+down", "down")
        assert screen.place.question.id == ids[1]  # phases and lenses are not questions: nothing moved yet
        await pilot.press("down")
        assert screen.place.question.id == ids[2]
        assert question_text(screen) == places[ids[2]].question.text
        await answer_current(pilot, screen, *ANSWERS[ids[2]])

        # The team's own X and Y for the delegation phase's theory lens.
        default_goal = places[ids[2]].lens.goal_sentence()
        assert default_goal in plain(screen.query_one("#goal", Static))
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalDialog), what="the goal dialog")
        assert app.screen.focused is app.screen.query_one("#x", Input)
        await type_text(pilot, GOAL_X)
        await pilot.press("enter")
        await type_text(pilot, GOAL_Y)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, what="the goal dialog to close")
        goal_sentence = places[ids[2]].lens.goal_sentence(GOAL_X, GOAL_Y)
        assert goal_sentence == f"I wonder if {GOAL_X} could be fulfilled by means of {GOAL_Y}."
        assert goal_sentence in plain(screen.query_one("#goal", Static))

        await pilot.press("ctrl+n")  # the next question, in the same lens
        assert screen.place.question.id == ids[3]
        assert question_text(screen) == places[ids[3]].question.text
        assert (places[ids[3]].phase.id, places[ids[3]].lens_name) == ("delegation", "theory")
        assert goal_sentence in plain(screen.query_one("#goal", Static))  # the same lens shows the same goal
        await answer_current(pilot, screen, *ANSWERS[ids[3]])
        assert f"overall 4/{total}" in plain(screen.query_one("#progress", Static))

        await pilot.press("ctrl+q")
    assert app.return_code == 0

    # Second session: a fresh app on the same file shows everything that was saved.
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        table = home.query_one("#assessments", DataTable)
        assert table.row_count == 1
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[:5] == [
            TITLE,
            f"4/{total} {round(100 * 4 / total)}%",
            f"{SYSTEM} {VERSION}",
            "1",  # the cycle
            f"{bank.id} {bank.version}",
        ]
        assert f"4/{total}" in screen_text(app)

        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        assert screen.place.question.id == "platonic.theory.correct-mistakes"  # it opens on the first open question
        for question_id, (_how, status, _rationale) in ANSWERS.items():
            assert outline_label(screen, question_id) == f"{MARKS[status]} {places[question_id].question.text}"
        for _ in range(2):
            await pilot.press("ctrl+b")
            _how, status, rationale = ANSWERS[screen.place.question.id]
            assert status_line(screen).startswith(f"Status: {status}")
            assert editor(screen).text == rationale
            assert indicator(screen).startswith("✓ Saved")
        assert screen.current == 0

        # Export from the keyboard to a path typed into the dialog: "~" is tmp_path, to keep the typing short.
        monkeypatch.setenv("HOME", str(tmp_path))
        out = tmp_path / "r.md"
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), what="the export dialog")
        path_input = app.screen.query_one("#path", Input)
        assert app.screen.focused is path_input
        # The default name carries the title once the dialog has read it (in a worker).
        default = default_export_name(screen.assessment_id, TITLE, "md")
        await wait_until(pilot, lambda: path_input.value.endswith(default), what=f"the default name {default}")
        await pilot.press("end", "ctrl+u")  # delete everything left of the cursor
        assert path_input.value == ""
        await type_text(pilot, "~/r.md")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, tries=300, what="the export dialog to close")
        await app.workers.wait_for_complete()
        assert out.is_file()
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith(f"# Training rationale: {TITLE}\n")
    assert f"- **System:** {SYSTEM} {VERSION}" in markdown
    assert f"- **Progress:** 4 of {total} questions answered" in markdown
    for question_id, (_how, status, rationale) in ANSWERS.items():
        assert f"`{question_id}` · **Status:** {LABELS[status]}\n\n> {rationale}\n" in markdown
    assert f"**Goal:** {inline(goal_sentence)}" in markdown
    open_items = markdown.split("## Open concerns and blockers", 1)[1]
    blocker = places[ids[2]]
    concern = places[ids[1]]
    assert f"- **BLOCKER** ({blocker.phase.title}, theory): {inline(blocker.question.text)}" in open_items
    assert f"- **CONCERN** ({concern.phase.title}, theory): {inline(concern.question.text)}" in open_items
    assert open_items.index("**BLOCKER**") < open_items.index("**CONCERN**")

    # And the database itself, read through a store of our own.
    store = Store.open(db_url)
    try:
        (assessment,) = store.assessments()
        assert (assessment.title, assessment.system_name, assessment.system_version) == (TITLE, SYSTEM, VERSION)
        answers = store.answers(assessment.id)
        assert {qid: (a.status, a.rationale) for qid, a in answers.items()} == {
            qid: (status, rationale) for qid, (_how, status, rationale) in ANSWERS.items()
        }
        goal = store.goals(assessment.id)[("delegation", "theory")]
        assert (goal.x, goal.y) == (GOAL_X, GOAL_Y)
    finally:
        store.close()
