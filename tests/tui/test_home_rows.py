"""The home screen's rows: the listing's grouped query, added a chunk per frame, and one row read again on return."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mixed_database import mixed_database
from progress_banks import write_banks
from textual.widgets import DataTable
from tui_helpers import assessment_loaded, home_loaded, screen_text, type_text, wait_saved, wait_until

from fivefold.banks import BankRegistry
from fivefold.errors import FivefoldError
from fivefold.review import assessment_progress
from fivefold.review.listing import listing_rows
from fivefold.review.snapshot import bank_for
from fivefold.store import Store
from fivefold.tui.app import FivefoldApp, make_app
from fivefold.tui.screens import home as home_module
from fivefold.tui.screens.home import HomeScreen, cells, home_row


def table_rows(home: HomeScreen) -> list[tuple[str, ...]]:
    table = home.query_one("#assessments", DataTable)
    return [tuple(cell.plain for cell in table.get_row_at(row)) for row in range(table.row_count)]


def row_keys(home: HomeScreen) -> list[str]:
    table = home.query_one("#assessments", DataTable)
    return [str(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)]


def full_progress_text(store: Store, registry: BankRegistry, assessment_id: int) -> str:
    """The progress column by the full computation: every answer read, progress over the whole bank."""
    assessment = store.assessment(assessment_id)
    try:
        bank, _ = bank_for(registry, assessment)
    except FivefoldError:
        return "0/0"
    progress = assessment_progress(bank, store.answers(assessment_id))
    return f"{progress.answered}/{progress.total} {round(100 * progress.answered / progress.total)}%"


@pytest.mark.parametrize("path", ["sqlite3", "store"])
async def test_the_rows_added_chunk_by_chunk_are_the_full_computation(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """Mixed banks, a version that is gone, a bank not installed, cycles, carried-over drafts, retired questions;
    read straight from the SQLite file (before the store opens), or through the store (any other database)."""
    read_through: list[str] = []
    sqlite_listing = home_module.sqlite_listing

    def which_way(*args: Any) -> Any:
        listing = sqlite_listing(*args) if path == "sqlite3" else None
        read_through.append("sqlite3" if listing is not None else "store")
        return listing

    monkeypatch.setattr(home_module, "sqlite_listing", which_way)
    # Nine assessments: a first page of three, then the rest, two rows a frame.
    monkeypatch.setattr(home_module, "FIRST", 3)
    monkeypatch.setattr(home_module, "CHUNK", 2)
    monkeypatch.setattr(home_module, "SLICE", 2)
    folder = write_banks(tmp_path / "banks")
    registry = BankRegistry.default([folder])
    store = Store.open(db_url)
    try:
        mixed_database(store, registry)
        listing = listing_rows(store, registry)
        app = make_app(db_url=db_url, bank_dirs=[folder])
        async with app.run_test(size=(120, 40)) as pilot:
            home = await home_loaded(pilot)
            shown = table_rows(home)
            assert row_keys(home) == [str(row.id) for row in listing]
            assert shown == [tuple(cell.plain for cell in cells(home_row(row))) for row in listing]
            newest_first = sorted(store.assessments(), key=lambda a: (a.updated_at, a.id), reverse=True)
            assert [int(key) for key in row_keys(home)] == [a.id for a in newest_first]
            assert [row[1] for row in shown] == [full_progress_text(store, registry, a.id) for a in newest_first]  # type: ignore[arg-type]
            assert len(set(shown)) == len(listing) > 2 * home_module.CHUNK
            assert read_through == [path]
            await pilot.press("ctrl+q")
    finally:
        store.close()


async def test_returning_home_reads_only_the_edited_row_and_puts_it_first(
    db_url: str, store: Store, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    oldest = new_assessment(title="Oldest")
    edited = new_assessment(title="Edited")
    newest = new_assessment(title="Newest")
    reads: list[dict[str, int | None]] = []
    read_rows = home_module.read_rows

    def counted(*args: Any, **which: int | None) -> list[dict[str, Any]]:
        reads.append(which)
        return read_rows(*args, **which)

    monkeypatch.setattr(home_module, "read_rows", counted)
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        before = table_rows(home)
        assert [row[0] for row in before] == ["Newest", "Edited", "Oldest"]
        assert [row[1] for row in before] == ["0/40 0%"] * 3
        assert reads == [{"newest": home_module.FIRST + 1}]  # the first page: all there are

        await pilot.press("down", "enter")  # the middle row
        screen = await assessment_loaded(pilot)
        assert screen.assessment_id == edited
        await pilot.press("enter")
        await type_text(pilot, "Because.")
        await wait_saved(pilot, screen, "Because.")
        await pilot.press("escape", "a")  # to the outline, then addressed: now it counts
        await wait_until(pilot, lambda: screen.snapshot is not None and screen.snapshot.progress.answered == 1)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="home")
        await wait_until(pilot, lambda: table_rows(home)[0][0] == "Edited", what="the edited row first")

        after = table_rows(home)
        assert after[0][1] == "1/40 2%" == full_progress_text(store, BankRegistry.default(), edited)
        assert after[1:] == [before[0], before[2]]  # the others as they were
        assert row_keys(home) == [str(edited), str(newest), str(oldest)]
        assert [row["id"] for row in home.rows] == [edited, newest, oldest]
        assert home.rows[0]["progress"] == "1/40 2%"
        assert home.query_one("#assessments", DataTable).cursor_row == 0  # still on the assessment just left
        assert reads[1:] == [{"only": edited}]  # one row read again, not the whole listing
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("count", [2, 3])
async def test_the_full_listing_is_read_only_when_the_first_page_is_not_all_and_only_once_the_store_is_open(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(home_module, "FIRST", 2)
    for number in range(count):
        new_assessment(title=f"Assessment {number}")
    reads: list[tuple[dict[str, int | None], bool]] = []
    read_rows = home_module.read_rows
    app = make_app(db_url=db_url)

    def counted(*args: Any, **which: Any) -> list[dict[str, Any]]:
        reads.append(({key: value for key, value in which.items() if key != "collect_first"}, app.store is not None))
        return read_rows(*args, **which)

    monkeypatch.setattr(home_module, "read_rows", counted)
    open_store = FivefoldApp._open_store

    def slow_to_open(self: FivefoldApp) -> Any:
        time.sleep(0.3)  # as at 10,000 assessments: the first page is shown long before the store is open
        return open_store(self)

    monkeypatch.setattr(FivefoldApp, "_open_store", slow_to_open)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        assert len(table_rows(home)) == count
        if count == 2:
            assert [which for which, _open in reads] == [{"newest": 3}]  # two of at most three: all there are
        else:
            assert [which for which, _open in reads] == [{"newest": 3}, {}]
            assert reads[1][1], "the full listing was read beside the store's opening"
        await pilot.press("ctrl+q")


async def test_a_row_read_again_while_the_rows_still_arrive_neither_doubles_nor_drops_a_row(
    db_url: str, store: Store, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading one row again moves it to the top of `rows`; done while the chunks of a reload were still being
    added (by index into `rows`), one row went in twice (DataTable's DuplicateKey) and another never."""
    monkeypatch.setattr(home_module, "FIRST", 2)
    monkeypatch.setattr(home_module, "CHUNK", 1)
    monkeypatch.setattr(home_module, "SLICE", 1)
    monkeypatch.setattr(home_module, "FRAME", 0.05)  # a slow reload: seven chunks, 50 ms apart
    ids = [new_assessment(title=f"Assessment {number}") for number in range(8)]
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        await pilot.press("r")  # the whole listing again, a chunk a frame
        await wait_until(pilot, lambda: 0 < home.query_one("#assessments", DataTable).row_count < 6, what="a chunk")
        oldest = ids[0]
        store.edit_assessment(oldest, title="Edited meanwhile", system_name="s", system_version="1")  # the newest now
        home.load_row(oldest)  # as a return from that assessment does
        await wait_until(pilot, home.loaded.is_set, tries=500, what="every row")
        await pilot.pause(0.3)  # any chunk still due
        keys = row_keys(home)
        assert keys == [str(row.id) for row in listing_rows(store, BankRegistry.default())]
        assert len(set(keys)) == len(ids)
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(("key", "dialog"), [("d", "ConfirmDialog"), ("e", "AssessmentDialog"), ("c", "ConfirmDialog")])
async def test_a_key_pressed_before_the_store_opens_is_kept(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch, key: str, dialog: str
) -> None:
    """The rows of a SQLite file show before the store opens; d, e or c pressed then did nothing at all (found
    as flaky snapshots of the delete and edit dialogs). The action now runs once the store is open."""
    import threading

    new_assessment(title="Only")
    release = threading.Event()
    store_open = Store.open

    def held(*args: Any, **kwargs: Any) -> Store:
        release.wait(10)  # in the app's worker thread: the rows are read meanwhile, straight from the file
        return store_open(*args, **kwargs)

    monkeypatch.setattr(Store, "open", staticmethod(held))
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        assert app.store is None  # the rows came before the store
        await pilot.press(key)
        await pilot.pause()
        release.set()
        await wait_until(pilot, lambda: type(app.screen).__name__ == dialog, tries=300, what=f"the dialog of {key}")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home, what="home")
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("path", ["sqlite3", "store"])
async def test_the_store_opens_once_the_rows_in_sight_are_drawn_unless_it_must_read_them(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """Opening the store (SQLAlchemy, pydantic, the banks) beside the first rows' frames made each wait 5 to
    10 ms for the interpreter: a current SQLite file's rows are drawn first. Any other database's rows come
    through the store, which then opens at once."""
    for number in range(3):
        new_assessment(title=f"Assessment {number}")
    if path == "store":
        monkeypatch.setattr(home_module, "sqlite_listing", lambda *_args: None)
    app = make_app(db_url=db_url)
    rows_when_opened: list[int] = []
    open_store = FivefoldApp._open_store

    def opened(self: FivefoldApp) -> Any:
        home = self.screen_stack[-1]
        assert isinstance(home, HomeScreen)
        rows_when_opened.append(home.query_one("#assessments", DataTable).row_count)
        return open_store(self)

    monkeypatch.setattr(FivefoldApp, "_open_store", opened)
    async with app.run_test(size=(120, 40)) as pilot:
        await home_loaded(pilot)
        await wait_until(pilot, lambda: app.store is not None, tries=300, what="the store")
        assert rows_when_opened == ([3] if path == "sqlite3" else [0])
        await pilot.press("ctrl+q")


async def test_the_footer_lights_new_and_reload_in_place_once_the_store_opens_after_the_rows(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """n and r wait for the store. Shown dimmed while the rows of a SQLite file came first, they stayed dimmed
    once it opened, until something else moved the footer. Only their state changes: the footer's keys are
    lit where they are, not all built and laid out again (8 ms a frame while the rows arrived)."""
    import threading

    from textual.widgets._footer import FooterKey

    new_assessment(title="Only")
    release = threading.Event()
    store_open = Store.open

    def held(*args: Any, **kwargs: Any) -> Store:
        release.wait(10)
        return store_open(*args, **kwargs)

    monkeypatch.setattr(Store, "open", staticmethod(held))
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        home = await home_loaded(pilot)
        await pilot.pause()

        def keys() -> dict[str, FooterKey]:
            return {key.key: key for key in home.query(FooterKey)}

        before = keys()
        assert before["n"].has_class("-disabled") and before["r"].has_class("-disabled")
        assert not before["e"].has_class("-disabled")  # a row is selected
        release.set()
        await wait_until(pilot, lambda: app.store is not None, tries=300, what="the store")
        await wait_until(pilot, lambda: not keys()["n"].has_class("-disabled"), what="n lit")
        after = keys()
        assert not after["r"].has_class("-disabled")
        assert all(after[key] is widget for key, widget in before.items())  # the same keys, lit in place
        assert "n New" in screen_text(app).splitlines()[-1]
        await pilot.press("ctrl+q")


async def test_the_columns_are_as_wide_as_the_page_before_its_first_rows_are_drawn(
    db_url: str, new_assessment: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows in sight are added a few a frame. A column widened by a later few would draw every line in
    sight again (12 ms at 120x40): the page's widest cells size the columns from its first frame."""
    monkeypatch.setattr(home_module, "SLICE", 1)
    # The next row comes long after the test has looked: at 50 ms, a pause on a busy machine saw two rows.
    monkeypatch.setattr(home_module, "FRAME", 60.0)
    long_title = "A longer title"
    new_assessment(title=long_title)
    new_assessment(title="Short")  # the newest, drawn first
    app = make_app(db_url=db_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        table = app.screen.query_one("#assessments", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, tries=300, what="the first row")
        assert table.row_count == 1
        title = next(iter(table.columns.values()))
        assert title.content_width == len(long_title)
        await pilot.press("ctrl+q")
