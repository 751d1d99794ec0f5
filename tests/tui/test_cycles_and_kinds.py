"""The loop and the other lenses from the keyboard: the next cycle and its diff, values, skip logic, the example."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    outline_label,
    plain,
    screen_text,
    status_line,
    type_text,
    wait_saved,
    wait_until,
)

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.review import record_answer
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.confirm import ConfirmDialog
from fivefold.tui.dialogs.example import ExampleDialog
from fivefold.tui.dialogs.retired import RetiredAnswersDialog
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.screens.cycle_diff import CycleDiffScreen
from fivefold.tui.widgets.outline import Outline
from fivefold.tui.widgets.value_input import ChoiceList

KINDS_BANK = """
id = "kinds"
version = "1.0.0"
title = "Kinds and conditions"

[[sources]]
id = "team"
title = "Written for the test"

[[phases]]
id = "launch"
title = "Launch"

[phases.practice]
goal = "I wish to ship {X} by means of {Y}."
x = "this model"
y = "a checklist"
source = "team"

[[phases.practice.questions]]
id = "launch.personal-data"
text = "Does the model see personal data?"
kind = "yes-no"
source = "team"

[[phases.practice.questions]]
id = "launch.dpia"
text = "Which data protection assessment covers it?"
source = "team"
when = { question = "launch.personal-data", equals = true }

[[phases.practice.questions]]
id = "launch.risk-tier"
text = "Which risk tier is the model in?"
kind = "single-choice"
options = ["minimal", "limited", "high"]
source = "team"

[[phases.practice.questions]]
id = "launch.confidence"
text = "How confident are we in the evaluation?"
kind = "scale"
source = "team"

[[phases.practice.questions]]
id = "launch.owner"
text = "Who owns the rollback?"
kind = "short-text"
source = "team"
"""
PERSONAL_DATA, DPIA, RISK_TIER, CONFIDENCE, OWNER = (
    "launch.personal-data",
    "launch.dpia",
    "launch.risk-tier",
    "launch.confidence",
    "launch.owner",
)


def outline_ids(screen: AssessmentScreen) -> list[str]:
    """The question ids the outline lists, in order."""
    ids: list[str] = []
    stack = [screen.query_one(Outline).root]
    while stack:
        node = stack.pop(0)
        if node.data is not None:
            ids.append(screen.places[node.data].question.id)
        stack[:0] = node.children
    return ids


def progress_line(screen: AssessmentScreen) -> str:
    return plain(screen.query_one("#progress", Static))


@pytest.fixture
def kinds_bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "kinds.toml").write_text(KINDS_BANK, encoding="utf-8")
    return folder


@pytest.fixture
def kinds_assessment(store: Store, kinds_bank_dir: Path) -> int:
    bank = BankRegistry.default([kinds_bank_dir]).get("kinds")
    assessment = store.create_assessment(
        title="Kinds",
        system_name="m",
        system_version="1",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    assert assessment.id is not None
    return assessment.id


async def test_next_cycle_carries_answers_over_and_the_diff_lists_the_change(
    db_url: str, store: Store, registry: BankRegistry
) -> None:
    demo_id = create_demo_assessment(store, registry)
    before = store.answers(demo_id)
    app = make_app(db_url=db_url)
    async with app.run_test(size=(130, 40)) as pilot:
        home = await home_loaded(pilot)
        assert "Cycle" in screen_text(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        assert "Start cycle 2 of" in plain(app.screen.query_one("#question", Static))
        await pilot.press("y")

        screen = await assessment_loaded(pilot)
        new_id = screen.assessment_id
        assert new_id != demo_id and screen.snapshot.assessment.cycle == 2
        total = screen.snapshot.progress.total
        assert f"overall 0/{total} (0%)" in progress_line(screen)
        assert f"{len(before)} carried over to re-confirm" in progress_line(screen)
        for question_id in before:
            assert outline_label(screen, question_id).startswith("↻ ")

        # It opens on the first question, carried over: ctrl+l confirms it as it is.
        first = screen.place.question.id
        assert first in before
        assert status_line(screen).startswith("Status: carried over, re-confirm")
        assert "Confirm" in screen_text(app)  # the key is in the footer on a carried-over answer
        await pilot.press("ctrl+l")
        confirmed = store.answers(new_id)[first]
        assert not confirmed.carried_over
        assert (confirmed.status, confirmed.rationale) == (before[first].status, before[first].rationale)
        assert outline_label(screen, first).startswith("✓ ")
        assert status_line(screen).startswith("Status: addressed")

        # The next one gets a new status with the outline's key, which confirms it too.
        await pilot.press("down")
        changed = screen.place.question.id
        assert before[changed].status == "concern"
        await pilot.press("b")
        assert (store.answers(new_id)[changed].status, store.answers(new_id)[changed].carried_over) == (
            "blocker",
            False,
        )
        assert outline_label(screen, changed).startswith("✗ ")
        assert f"overall 2/{total}" in progress_line(screen)

        # Home lists both cycles, the new one selected; f opens the diff.
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="the home screen")
        table = home.query_one("#assessments", DataTable)

        def new_cycle_selected() -> bool:
            return table.row_count == 2 and table.coordinate_to_cell_key((table.cursor_row, 0)).row_key == str(new_id)

        await wait_until(pilot, new_cycle_selected, what="the new cycle's row, selected")
        assert table.get_row_at(table.cursor_row)[3].plain == "2"  # the Cycle column
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, CycleDiffScreen), what="the cycle diff")
        diff_screen = app.screen
        await wait_until(pilot, lambda: diff_screen.diff is not None, tries=300, what="the diff to load")
        changes = diff_screen.query_one("#changes", OptionList)
        listed = [changes.get_option_at_index(i).id for i in range(changes.option_count)]
        assert listed == [changed]  # the confirmed one is unchanged
        prompt = changes.get_option_at_index(0).prompt.plain
        assert prompt.startswith("status") and prompt.endswith(screen.places[screen.current].question.text)
        detail = plain(diff_screen.query_one("#detail-text", Static))
        assert "Status  concern → blocker" in detail
        assert "Rationale (unchanged)" in detail
        assert "concern → blocker" in screen_text(app)

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="the diff to close")
        await pilot.press("ctrl+q")


async def test_a_question_shows_only_while_its_condition_holds(
    db_url: str, store: Store, kinds_bank_dir: Path, kinds_assessment: int
) -> None:
    app = make_app(db_url=db_url, bank_dirs=[kinds_bank_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        assert screen.place.question.id == PERSONAL_DATA
        assert outline_ids(screen) == [PERSONAL_DATA, RISK_TIER, CONFIDENCE, OWNER]
        await pilot.press("ctrl+n")  # past the hidden question
        assert screen.place.question.id == RISK_TIER
        await pilot.press("ctrl+b")
        assert screen.place.question.id == PERSONAL_DATA

        await pilot.press("enter")  # a question with a value starts at its value
        assert isinstance(screen.focused, ChoiceList)
        await pilot.press("y")
        assert store.answers(kinds_assessment)[PERSONAL_DATA].value is True
        assert outline_ids(screen) == [PERSONAL_DATA, DPIA, RISK_TIER, CONFIDENCE, OWNER]
        assert outline_label(screen, PERSONAL_DATA).startswith("● ")
        assert "Value: yes" in status_line(screen)
        await pilot.press("ctrl+n")
        assert screen.place.question.id == DPIA
        assert screen.focused is editor(screen)  # no value to give here: on to the rationale

        await pilot.press("ctrl+b", "shift+tab")  # back, and from the editor to the value
        assert screen.place.question.id == PERSONAL_DATA
        assert isinstance(screen.focused, ChoiceList)
        await pilot.press("n")
        assert store.answers(kinds_assessment)[PERSONAL_DATA].value is False
        assert outline_ids(screen) == [PERSONAL_DATA, RISK_TIER, CONFIDENCE, OWNER]
        assert "Value: no" in status_line(screen)
        await pilot.press("ctrl+n")
        assert screen.place.question.id == RISK_TIER
        await pilot.press("ctrl+q")


async def test_a_choice_a_scale_and_a_short_text_are_saved_from_the_keyboard(
    db_url: str, store: Store, kinds_bank_dir: Path, kinds_assessment: int
) -> None:
    app = make_app(db_url=db_url, bank_dirs=[kinds_bank_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        await pilot.press("ctrl+n", "enter")
        assert screen.place.question.id == RISK_TIER
        assert isinstance(screen.focused, ChoiceList)
        await pilot.press("down", "enter")  # the second option
        assert store.answers(kinds_assessment)[RISK_TIER].value == "limited"
        assert "(•) limited" in screen_text(app)

        await pilot.press("ctrl+n")  # the focus stays on the value, now a scale
        assert screen.place.question.id == CONFIDENCE
        assert isinstance(screen.focused, ChoiceList)
        await pilot.press("4")
        assert "Value: 4 of 5" in status_line(screen)
        assert "overall 2/4" in progress_line(screen)  # the question about the DPIA is skipped

        await pilot.press("ctrl+n")  # a short text: the focus moves to its field
        assert screen.place.question.id == OWNER
        assert screen.focused is screen.query_one("#value-text", Input)
        await type_text(pilot, "ana")
        await pilot.press("enter")  # on to the rationale; saving it keeps the value
        assert screen.focused is editor(screen)
        await type_text(pilot, "ok")
        await wait_saved(pilot, screen, "ok")
        assert "Value: ana" in status_line(screen)
        assert "overall 3/4" in progress_line(screen)
        await pilot.press("ctrl+q")

    answers = store.answers(kinds_assessment)
    assert answers[RISK_TIER].value == "limited"
    assert answers[CONFIDENCE].value == 4
    assert (answers[OWNER].value, answers[OWNER].rationale) == ("ana", "ok")


async def test_the_example_opens_with_f2_and_retired_answers_with_f3(
    db_url: str, store: Store, kinds_bank_dir: Path, kinds_assessment: int
) -> None:
    bank = BankRegistry.default([kinds_bank_dir]).get("kinds")
    record_answer(store, bank, kinds_assessment, CONFIDENCE, status=None, rationale="[bold]kept[/]", value=2)
    # The same version with new content: the last two questions retired, an example for the first.
    text = KINDS_BANK.split('[[phases.practice.questions]]\nid = "launch.confidence"')[0]
    first = 'kind = "yes-no"\nsource = "team"\n'
    text = text.replace(first, first + 'example = "We checked [red]twice[/]."\n')
    (kinds_bank_dir / "kinds.toml").write_text(text, encoding="utf-8")

    app = make_app(db_url=db_url, bank_dirs=[kinds_bank_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        screen = await assessment_loaded(pilot)
        assert screen.place.question.id == PERSONAL_DATA
        notice = plain(screen.query_one("#notice", Static))
        assert "changed since this assessment started" in notice
        assert "1 answer(s) to questions the bank no longer has" in notice

        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, ExampleDialog), what="the example")
        assert plain(app.screen.query_one("#example-text", Static)) == "We checked [red]twice[/]."
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the example to close")
        await pilot.press("ctrl+n", "f2")  # the next question has no example: f2 does nothing
        assert app.screen is screen

        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, RetiredAnswersDialog), what="the retired answers")
        shown = screen_text(app)
        assert CONFIDENCE in shown and "[bold]kept[/]" in shown and "Value: 2" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the list to close")
        await pilot.press("ctrl+q")
