"""Opening an older database: the home screen says it is being upgraded while it is, then lists its rows."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from textual.widgets import Static
from tui_helpers import STORE_TIMEOUT, home_loaded

from fivefold.store.schema import SCHEMA_HEAD
from fivefold.tui.app import make_app

FAULTS = Path(__file__).parent.parent / "data" / "faults"


async def test_an_older_database_being_upgraded_is_said_on_the_home_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(FAULTS / "revision-0001.db", older)
    release = threading.Event()
    upgrade = command.upgrade

    def held(*args: Any, **options: Any) -> None:
        """The upgrade, held until the test has seen the screen (at 10,000 assessments it takes seconds)."""
        release.wait(STORE_TIMEOUT)
        upgrade(*args, **options)

    monkeypatch.setattr(command, "upgrade", held)
    app = make_app(db_url=f"sqlite:///{older}")
    async with app.run_test(size=(120, 40)) as pilot:
        hint = app.screen.query_one("#empty-hint", Static)
        said = f"Upgrading the database from schema revision 0001 to {SCHEMA_HEAD} (once)…"
        for _ in range(STORE_TIMEOUT * 20):
            if str(hint.content) == said:
                break
            await pilot.pause(0.05)
        assert str(hint.content) == said
        release.set()
        home = await asyncio.wait_for(home_loaded(pilot), STORE_TIMEOUT)
        assert home.rows and str(hint.content) == ""
        await pilot.press("ctrl+q")
