"""How every screen and dialog looks, at 120x40 and 80x24, on the demo (pytest-textual-snapshot).

The states are `scripts/screenshots.py`'s, which also draws the README's pictures. After a deliberate
change of the look: `python -m pytest tests/tui/test_snapshots.py --snapshot-update`, then read the SVGs.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual.pilot import Pilot

from fivefold.tui import clock
from fivefold.tui.app import make_app

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fivefold_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


screenshots = _load_script()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    screenshots.prepare_demo(f"sqlite:///{path}")
    return path


@pytest.fixture(autouse=True)
def _same_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Times show in local time, due dates are judged against today and the export dialog offers a file in
    the working folder: the snapshots are taken in UTC, on one day, from the same folder, wherever the
    checkout is."""
    monkeypatch.setattr(clock, "today", screenshots.fixed_today)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir(screenshots.EXPORT_FOLDER)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("state", list(screenshots.STATES))
def test_snapshot(snap_compare: Any, demo_db: Path, tmp_path: Path, state: str, size: tuple[int, int]) -> None:
    if state == "signatures" and shutil.which("ssh-keygen") is None:
        pytest.skip("the state signs with keys that OpenSSH's ssh-keygen makes")
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_db, db)  # some states write (a decision, an export): each starts from the demo

    async def run_before(pilot: Pilot[Any]) -> None:
        await screenshots.STATES[state](pilot)
        await screenshots.settle(pilot)

    assert snap_compare(make_app(db_url=f"sqlite:///{db}"), terminal_size=size, run_before=run_before)
