"""A disk that fills up under the app: the answer stays on screen, the reason is said, quitting waits, and the
whole text is saved once there is room again."""

from __future__ import annotations

from pathlib import Path

from small_disk import fill, small_disk
from textual import events
from tui_helpers import assessment_loaded, editor, home_loaded, indicator, type_text, wait_saved, wait_until

from fivefold.banks import BankRegistry
from fivefold.store import Store
from fivefold.tui.app import make_app

LONG = " Pasted while the disk is full." * 3000  # ~90 KB: the write-ahead log must grow to take it


async def test_an_answer_typed_on_a_full_disk_is_kept_and_saved_once_there_is_room(tmp_path: Path) -> None:
    with small_disk(tmp_path / "small") as folder:
        database = folder / "full.db"
        bank = BankRegistry.default().get("five-phase")
        store = Store.open(f"sqlite:///{database}")
        store.create_assessment(
            title="T", system_name="S", system_version="", bank_id=bank.id, bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )  # fmt: skip
        store.close()
        app = make_app(db_url=f"sqlite:///{database}")
        async with app.run_test(size=(120, 40)) as pilot:
            await home_loaded(pilot)
            await pilot.press("enter")
            screen = await assessment_loaded(pilot)
            question = screen.place.question.id
            await pilot.press("enter")  # into the answer
            await type_text(pilot, "Typed first.")
            await wait_saved(pilot, screen, "Typed first.")

            filler = fill(folder)
            app.post_message(events.Paste(LONG))
            reason = f"the disk holding the database {database} is full; free some space and try again"
            await wait_until(pilot, lambda: indicator(screen) == f"✗ Not saved: {reason}", what="the full disk said")
            await pilot.press("ctrl+q")
            said = f"Not quit: the answer on screen is not saved ({reason}). Press ctrl+q again once it can be saved."
            await wait_until(pilot, lambda: any(str(n.message) == said for n in app._notifications), what="why")
            assert app.is_running and editor(screen).text == "Typed first." + LONG, "nothing typed is dropped"

            filler.unlink()
            await pilot.press("ctrl+q")  # room again: the save goes through, then the app quits
        assert app.return_code == 0
        store = Store.open(f"sqlite:///{database}")
        try:
            assert store.answers(1)[question].rationale == "Typed first." + LONG
        finally:
            store.close()
