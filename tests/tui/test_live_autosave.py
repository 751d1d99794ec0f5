"""The assessment screen's autosave path counts progress incrementally (`LiveProgress`): after any saves,
what it shows is the full computation over the whole bank."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mixed_database import new, save
from progress_banks import write_banks
from textual.widgets import Static
from textual.widgets.tree import TreeNode
from tui_helpers import assessment_loaded, home_loaded, plain

from fivefold.banks import BankRegistry
from fivefold.review import progress as progress_module
from fivefold.review.actions import open_items
from fivefold.review.progress import applicable_questions, assessment_progress
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.widgets.answer_editor import AnswerEditor
from fivefold.tui.widgets.outline import NodeData

STATUSES = [None, "addressed", "concern", "blocker", "not-applicable"]
RATIONALES = ["", " \u3000", "Because.", "\n"]
VALUES = [None, True, False, 1, 2, 5, "high", "low", "Ana", ["encryption"], ["access logs"], []]


def expected_line(screen: AssessmentScreen, store: Store, assessment_id: int) -> str:
    """The progress line as the full computation gives it (the screen's own format)."""
    assert screen.snapshot is not None
    full = assessment_progress(screen.snapshot.bank, store.answers(assessment_id))
    phase = next(phase for phase in full.phases if phase.phase_id == screen.place.phase.id)
    carried = len(full.carried_over)
    return (
        f"{phase.title}: {phase.answered}/{phase.total}  ·  "
        f"overall {full.answered}/{full.total} ({full.percent}%)  ·  "
        f"{len(full.concerns)} concern(s), {len(full.blockers)} blocker(s)"
        + (f"  ·  ↻ {carried} carried over to re-confirm" if carried else "")
    )


def outline_order(node: TreeNode[NodeData]) -> list[int]:
    """The bank indexes of the questions under `node`, top to bottom."""
    order: list[int] = []
    for child in node.children:
        order += [child.data] if child.data is not None else outline_order(child)
    return order


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_progress_after_random_saves_is_the_full_computation(
    db_url: str, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves committed to the real store, handed to the screen as the editor hands its own (`Saved`), on a
    bank whose conditions read values and statuses, in chains: counts, lists, outline and line all agree."""
    folder = write_banks(tmp_path / "banks")
    bank = BankRegistry.default([folder]).get("kinds", "1.0.0")
    store = Store.open(db_url)
    try:
        assessment_id = new(store, "kinds", "1.0.0")
        ids = [place.question.id for place in bank.questions()]
        for question_id in ids[::2]:  # owners past due: overdue while the answer is an open item that applies
            store.assign_action(assessment_id, question_id, owner="Ana", due=date(2001, 1, 1))
        whole_bank_passes: list[str] = []
        applicable = progress_module.applicable_questions

        def counted(*args: Any) -> set[str]:
            whole_bank_passes.append("applicable_questions")
            return applicable(*args)

        monkeypatch.setattr(progress_module, "applicable_questions", counted)
        app = make_app(db_url=db_url, bank_dirs=[folder])
        async with app.run_test(size=(120, 40)) as pilot:
            await home_loaded(pilot)
            await pilot.press("enter")
            screen = await assessment_loaded(pilot)
            rng = random.Random(seed)
            read = [place.question.when.question for place in bank.questions() if place.question.when]
            shown_changes = overdue_seen = 0
            for _ in range(40):
                question_id = rng.choice([*ids, *read, *read, "retired-question"])  # often one a condition reads
                before = screen.outline.shown
                save(
                    store, assessment_id, question_id, rng.choice(STATUSES), rng.choice(RATIONALES), rng.choice(VALUES)
                )
                saved = store.answers(assessment_id)[question_id]
                whole_bank_passes.clear()
                screen._saved(AnswerEditor.Saved(question_id, saved))  # as the editor's message runs it
                # Nothing judged over the whole bank on a save (the overdue marks did, 6 ms at 1,000 questions).
                assert whole_bank_passes == []
                await pilot.pause()
                answers = store.answers(assessment_id)
                full = assessment_progress(bank, answers)
                assert screen.live is not None
                assert screen.live.progress() == full
                assert screen.outline.shown == applicable_questions(bank, answers)
                assert [screen.places[i].question.id for i in screen.shown] == [
                    place.question.id for place in bank.questions() if place.question.id in screen.outline.shown
                ]
                # The outline's questions, in its order, are the ones shown (changed in place, not built again).
                assert outline_order(screen.outline.root) == screen.shown
                # The overdue marks are `fivefold actions`' overdue items.
                assert screen.snapshot is not None and screen.marks is not None
                full_snapshot = dataclasses.replace(screen.snapshot, answers=answers)
                overdue = {item.question_id for item in open_items(full_snapshot, today=date.today()) if item.overdue}
                assert screen.marks.overdue == overdue
                overdue_seen += bool(overdue)
                assert plain(screen.query_one("#progress", Static)) == expected_line(screen, store, assessment_id)
                shown_changes += screen.outline.shown != before
            assert shown_changes >= 2, "the saves should show and skip questions"
            assert overdue_seen, "some saves should leave an overdue item"
            await pilot.press("ctrl+q")
    finally:
        store.close()
