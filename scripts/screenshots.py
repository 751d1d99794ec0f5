"""Regenerate screenshots/*.svg from a demo assessment, through the same `make_app` the tests use.

Run: python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.screens.home import HomeScreen
from fivefold.tui.screens.signoff import SignoffScreen
from fivefold.tui.screens.summary import SummaryScreen

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (130, 40)
# The demo's blocker: a question whose panel shows a goal, problems, help and a rationale.
FEATURED_QUESTION = "testing.theory.bias-and-misrepresentation"


async def _until(pilot, predicate, what: str) -> None:
    for _ in range(200):
        if predicate():
            return
        await pilot.pause(0.02)
    raise RuntimeError(f"gave up waiting for {what}")


async def capture(db_url: str) -> list[Path]:
    app = make_app(db_url=db_url)
    written: list[Path] = []

    def shot(name: str) -> None:
        written.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT))))

    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await home.loaded.wait()
        await pilot.pause()
        shot("home")
        await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, AssessmentScreen) and app.screen.snapshot, "the assessment")
        screen = app.screen
        target = next(i for i, place in enumerate(screen.places) if place.question.id == FEATURED_QUESTION)
        step = "ctrl+n" if target > screen.current else "ctrl+b"
        for _ in range(abs(target - screen.current)):
            await pilot.press(step)
        await _until(pilot, lambda: screen.current == target, "the featured question")
        await pilot.pause()
        shot("assessment")
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: isinstance(app.screen, SummaryScreen) and app.screen.verdict, "the summary")
        await pilot.pause()
        shot("summary")
        await pilot.press("s")
        await _until(
            pilot,
            lambda: (
                isinstance(app.screen, SignoffScreen)
                and app.screen.verdict
                and not app.screen.query_one("#body").loading
            ),
            "the sign-off screen",
        )
        await pilot.pause()
        shot("signoff")
        await pilot.press("escape", "escape", "f1")
        await pilot.pause()
        shot("help")
        await pilot.press("escape", "ctrl+q")
    return written


def add_review(store: Store, registry: BankRegistry, assessment_id: int) -> None:
    """One reviewer's decision, so the sign-off screen shows a row (a rejection: the demo is not ready)."""
    from fivefold.review import load_snapshot
    from fivefold.review.signoff import record_signoff

    record_signoff(
        store,
        load_snapshot(store, registry, assessment_id),
        reviewer="Dana Okafor",
        role="Head of support ops",
        decision="reject",
        comment="Not while Portuguese tickets miss the launch criteria; ask again after the relabelling.",
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/demo.db"
        store = Store.open(db_url)
        registry = BankRegistry.default()
        assessment_id = create_demo_assessment(store, registry)
        add_review(store, registry, assessment_id)
        store.close()
        for path in asyncio.run(capture(db_url)):
            print(path)


if __name__ == "__main__":
    main()
