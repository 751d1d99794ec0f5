"""Regenerate the README's screenshots/*.svg from the demo, through the same `make_app` the tests use.

Run: python scripts/screenshots.py

`tests/tui/test_snapshots.py` takes its snapshots of every screen and dialog from the states named
here (`STATES`), on the database `prepare_demo` builds: the pictures and the tests show the same thing.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.review import load_snapshot
from fivefold.review.cycles import start_next_cycle
from fivefold.review.signoff import record_signoff
from fivefold.store import Store
from fivefold.tui import clock
from fivefold.tui.app import FivefoldApp, make_app
from fivefold.tui.dialogs.comments import CommentsDialog
from fivefold.tui.dialogs.conflict import ConflictDialog
from fivefold.tui.dialogs.retired import RetiredAnswersDialog
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.screens.cycle_diff import CycleDiffScreen
from fivefold.tui.screens.home import HomeScreen
from fivefold.tui.screens.signoff import SignoffScreen
from fivefold.tui.screens.summary import SummaryScreen
from fivefold.tui.widgets.app_footer import AppFooter

OUT = Path(__file__).resolve().parent.parent / "screenshots"
# The export dialog offers a file in the working folder; the pictures are taken from this one, so that
# they show the same path wherever the checkout is (and never the checkout's own).
EXPORT_FOLDER = Path("/tmp")
SIZE = (120, 40)
# The demo's blocker: a question whose panel shows a goal, problems, help and a rationale.
FEATURED_QUESTION = "testing.theory.bias-and-misrepresentation"
# A question of the demo whose bank entry has a worked example.
EXAMPLE_QUESTION = "platonic.theory.ethically-virtuous"
# Every time the screens show is this one (in UTC: set TZ=UTC to match the snapshots).
FIXED_TIME = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
README_PICTURES = ("home", "assessment", "summary", "signoff", "help")


def prepare_demo(db_url: str) -> None:
    """The demo assessment with one reviewer's decision, its next cycle, and every time set to FIXED_TIME.

    Identities (assessments', comments') come in a fixed sequence instead of at random: the digest the
    sign-off screen shows covers the assessment's UUID, and a picture must not change from run to run."""
    numbers = itertools.count(1)
    with mock.patch.object(uuid, "uuid4", lambda: uuid.UUID(int=next(numbers))):
        _prepare_demo(db_url)


def _prepare_demo(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        registry = BankRegistry.default()
        assessment_id = create_demo_assessment(store, registry)
        record_signoff(
            store,
            load_snapshot(store, registry, assessment_id),
            reviewer="Dana Okafor",
            role="Head of support ops",
            decision="reject",
            comment="Not while Portuguese tickets miss the launch criteria; ask again after the relabelling.",
            at=FIXED_TIME,  # the statement's time is signed content: fixed here, not rewritten below
        )
        start_next_cycle(store, registry, assessment_id)
        with store.engine.begin() as connection:
            # The home list is newest first: cycle 2 a minute after cycle 1 keeps that order.
            for minutes, assessment in enumerate(sorted(store.assessments(), key=lambda a: a.id or 0)):
                at = FIXED_TIME + timedelta(minutes=minutes)
                connection.execute(
                    text("UPDATE assessment SET created_at = :at, updated_at = :at WHERE id = :id"),
                    {"at": at, "id": assessment.id},
                )
            for table, columns in {
                "answer": ("updated_at",),
                "lens_goal": ("updated_at",),
                "signoff": ("created_at",),
                "comment": ("created_at",),
                "action_item": ("set_at",),
            }.items():
                assignments = ", ".join(f"{column} = :at" for column in columns)
                connection.execute(text(f"UPDATE {table} SET {assignments}"), {"at": FIXED_TIME})
            connection.execute(
                text("UPDATE comment SET resolved_at = :at WHERE resolved_at IS NOT NULL"), {"at": FIXED_TIME}
            )
    finally:
        store.close()


async def until(pilot: Pilot[Any], predicate: Callable[[], object], what: str) -> None:
    for _ in range(300):
        if predicate():
            return
        await pilot.pause()
    raise RuntimeError(f"gave up waiting for {what}")


async def home(pilot: Pilot[Any]) -> None:
    """Every row shown and the store open: the rows of a SQLite file come before it, and a dialog opened
    from home waits for it (pictured too early, the delete and edit dialogs were not there yet)."""
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    await asyncio.wait_for(screen.loaded.wait(), 30)
    app = pilot.app
    assert isinstance(app, FivefoldApp)
    await until(pilot, lambda: app.store is not None, "the store")
    footer = screen.query_one(AppFooter)
    await until(pilot, lambda: footer.shows_keys_of(screen), "the footer's keys lit once the store is open")
    await pilot.pause()  # drawn with them


async def assessment(pilot: Pilot[Any], question: str = FEATURED_QUESTION) -> AssessmentScreen:
    """Cycle 1 of the demo (the second row: cycle 2 is newer), on `question`."""
    await home(pilot)
    await pilot.press("down", "enter")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, AssessmentScreen) and app.screen.current >= 0, "the assessment")
    screen = app.screen
    assert isinstance(screen, AssessmentScreen)
    target = next(i for i, place in enumerate(screen.places) if place.question.id == question)
    await screen.go_to(target)
    await until(
        pilot, lambda: screen.outline.cursor_node is not None and screen.outline.cursor_node.data == target, "it"
    )
    return screen


async def summary(pilot: Pilot[Any]) -> None:
    await assessment(pilot)
    await pilot.press("ctrl+r")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.verdict is not None, "the summary")


async def signoff(pilot: Pilot[Any]) -> None:
    await summary(pilot)
    await pilot.press("s")
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, SignoffScreen) and app.screen.verdict is not None,
        "the sign-off screen",
    )


async def comments(pilot: Pilot[Any]) -> None:
    """The comments dialog (c in the outline) on the demo's blocker, once it has read the threads."""
    await assessment(pilot)
    await pilot.press("c")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, CommentsDialog) and app.screen.comments is not None, "them")


def fixed_today() -> date:
    """The day the screens judge due dates by (`fivefold.tui.clock.today`): FIXED_TIME's."""
    return FIXED_TIME.date()


def signed_rejections(store: Store, folder: Path) -> Path:
    """Two more rejections of cycle 1, each signed with a throwaway key made now by ssh-keygen: Ana's key
    is in the allowed signers file this writes (verified), Ben's is not (invalid). Returns the file.

    The picture never shows a key or a signature, only the verdicts: fresh keys draw the same screen."""
    import subprocess

    registry = BankRegistry.default()
    first = min(assessment.id or 0 for assessment in store.assessments())
    signers = folder / "allowed_signers"
    for reviewer, name in (("Ana Lima", "ana"), ("Ben Ortiz", "ben")):
        key = folder / name
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
        if name == "ana":
            signers.write_text(
                f"ana@example.com {key.with_name('ana.pub').read_text(encoding='utf-8')}", encoding="utf-8"
            )
        record_signoff(
            store,
            load_snapshot(store, registry, first),
            reviewer=reviewer,
            role="Reviewer",
            decision="reject",
            comment="Agreed: not before the relabelling.",
            key=key,
            principal=f"{name}@example.com",
            at=FIXED_TIME,
        )
    return signers


async def signatures(pilot: Pilot[Any]) -> None:
    """The sign-off screen with its signatures checked: one verified, one invalid, one unsigned."""
    app = pilot.app
    assert isinstance(app, FivefoldApp)
    await home(pilot)
    assert app.store is not None
    with tempfile.TemporaryDirectory(prefix="fivefold-screenshot-keys-") as folder:
        # The keys are made here, after `make_app`: the file is given to the app before any screen reads it,
        # as `make_app(allowed_signers=...)` would have (the snapshot test builds every state's app alike).
        app.allowed_signers = await asyncio.to_thread(signed_rejections, app.store, Path(folder))
        await signoff(pilot)
        await until(pilot, lambda: isinstance(app.screen, SignoffScreen) and not app.screen.checking, "the check")
    await pilot.press("shift+tab")  # from the blockers up to the sign-offs, which scroll into view


def keys_after(before: Callable[[Pilot[Any]], Awaitable[object]], *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def state(pilot: Pilot[Any]) -> None:
        await before(pilot)
        await pilot.press(*keys)

    return state


async def cycle_diff(pilot: Pilot[Any]) -> None:
    await home(pilot)
    await pilot.press("f")
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, CycleDiffScreen) and app.screen.diff is not None, "the diff")


async def editing(pilot: Pilot[Any]) -> None:
    await assessment(pilot)
    await pilot.press("enter", "end")


async def example(pilot: Pilot[Any]) -> None:
    await assessment(pilot, EXAMPLE_QUESTION)
    await pilot.press("f2")


async def search(pilot: Pilot[Any]) -> None:
    await assessment(pilot)
    await pilot.press("slash", *"portuguese", "enter")


async def conflict(pilot: Pilot[Any]) -> None:
    """The dialog a save that finds the answer changed in another window opens (pushed as the editor would)."""
    screen = await assessment(pilot)
    theirs = "Checked again by the data team: the per-language report now covers Portuguese and Tagalog."
    pilot.app.push_screen(ConflictDialog(screen.place.question.text, theirs))


async def retired(pilot: Pilot[Any]) -> None:
    """The bank-changes dialog (f3), as a bank that retired a question shows it (pushed with its data)."""
    screen = await assessment(pilot)
    assert screen.snapshot is not None
    answer = screen.snapshot.answers[FEATURED_QUESTION]
    why = "five-phase 1.0.0 changed since this assessment started (same version, new content)"
    pilot.app.push_screen(RetiredAnswersDialog(why, {"testing.theory.old-question": answer}))


STATES: dict[str, Callable[[Pilot[Any]], Awaitable[object]]] = {
    "home": home,
    "assessment": assessment,
    "editing": editing,
    "search": search,
    "summary": summary,
    "signoff": signoff,
    "signatures": signatures,
    "help": keys_after(assessment, "f1"),
    "cycle-diff": cycle_diff,
    "new-assessment": keys_after(home, "n"),
    "edit-assessment": keys_after(home, "e"),
    "delete": keys_after(home, "d"),
    "next-cycle": keys_after(home, "c"),
    "export": keys_after(home, "ctrl+o"),
    "status": keys_after(assessment, "ctrl+s"),
    "goal": keys_after(assessment, "ctrl+g"),
    "example": example,
    "bank-changes": retired,
    "conflict": conflict,
    "decision": keys_after(signoff, "d"),
    "accept-blocker": keys_after(signoff, "a"),
    "approvals": keys_after(signoff, "n"),
    "comments": comments,
    "owner": keys_after(assessment, "o"),
}


async def settle(pilot: Pilot[Any]) -> None:
    """What makes two pictures of one state the same: no blinking cursor, nothing still to draw."""
    await pilot.pause()
    for field in pilot.app.screen.query("Input, TextArea"):
        if isinstance(field, Input | TextArea):
            field.cursor_blink = False
    await pilot.pause()


async def capture(db_url: str, name: str, size: tuple[int, int] = SIZE) -> Path:
    app = make_app(db_url=db_url)
    async with app.run_test(size=size) as pilot:
        await STATES[name](pilot)
        await settle(pilot)
        path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))
        await pilot.press("ctrl+q")
    return path


def main() -> None:
    import os
    import time

    os.environ["TZ"] = "UTC"
    time.tzset()
    os.chdir(EXPORT_FOLDER)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/demo.db"
        prepare_demo(db_url)
        with mock.patch.object(clock, "today", fixed_today):
            for name in README_PICTURES:
                print(asyncio.run(capture(db_url, name)))


if __name__ == "__main__":
    main()
