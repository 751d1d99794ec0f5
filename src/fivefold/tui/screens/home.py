"""Home: the assessments, with keys to create, open, edit, export, delete them, start the next cycle and compare."""

from __future__ import annotations

import asyncio
from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.collector import building_to_keep, keep_out_of_sight
from fivefold.tui.labels import literal
from fivefold.tui.screens.loading import when_store_opens
from fivefold.tui.store_work import store_call
from fivefold.tui.tables import MeasuredTable
from fivefold.tui.widgets.app_footer import AppFooter
from fivefold.visible import one_line, visible

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from textual.timer import Timer
    from textual.widgets.data_table import ColumnKey

    from fivefold.review.listing import ListingRow

    Listing = Callable[..., list[ListingRow]]
    """Reads the listing: all of it, `only=ID` one row, `newest=N` the first N."""

# Progress second: a narrow terminal cuts the table's right end, and progress is what the list is for.
COLUMNS = ("Title", "Progress", "System", "Cycle", "Bank", "Updated")
# Longer titles and systems are cut in the table, so the six columns fit 120 columns (the assessment
# screen, the edit dialog and the exports show them whole).
TITLE_WIDTH = 32
SYSTEM_WIDTH = 28
BANK_WIDTH = 40
# The home list comes in two reads: the FIRST newest rows (more than any terminal shows; a few ms at
# 10,000 assessments), then, if there are more, all of them once the store is open (about 0.5 s at 10,000),
# added CHUNK rows a frame: adding and measuring a row costs about 0.07 ms, so 10,000 at once held the event
# loop for 0.7 s.
FIRST = 100
CHUNK = 100
# Rows in sight are drawn as they are added: about 0.3 ms a row at 120 columns, so a terminal's worth (37
# rows at 120x40) drawn at once held the event loop for 12 ms, most of a frame. They come SLICE a frame,
# the rows below (drawn only when scrolled to) CHUNK a frame.
SLICE = 12
FRAME = 1 / 60


class HomeScreen(Screen[None]):
    """Lists every assessment in the database."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="home.new", tooltip="Create an assessment"),
        Binding("enter", "open", "Open", id="home.open", tooltip="Open the selected assessment"),
        Binding("e", "edit", "Edit", id="home.edit", tooltip="Change the selected assessment's title, system, version"),
        Binding("ctrl+o", "export", "Export", id="home.export", tooltip="Export the selected assessment"),
        Binding("d", "delete", "Delete", id="home.delete", tooltip="Delete the selected assessment (asks first)"),
        Binding("r", "reload", "Reload", id="home.reload", tooltip="Read the list again from the database"),
        Binding(
            "c",
            "next_cycle",
            "Next cycle",
            id="home.next-cycle",
            tooltip="Start the next cycle of the selected assessment, its answers carried over as drafts (asks first)",
        ),
        Binding(
            "f",
            "cycle_diff",
            "Cycle diff",
            id="home.cycle-diff",
            tooltip="What changed since the previous cycle of the selected assessment",
        ),
    ]

    rows: var[list[dict[str, Any]]] = var(list, bindings=True)
    """The rows shown, in table order (as the worker built them)."""
    cursor_row: var[int] = var(0, bindings=True)
    """The highlighted row: the keys that act on one dim when there is none, "Cycle diff" follows the row."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = asyncio.Event()
        """Set once the table shows the database's rows (tests and the cold-start benchmark wait on it)."""
        self._select_next: int | None = None
        """An assessment to put the cursor on at the next reload (one just created or started)."""
        self.showing = asyncio.Event()
        """Set once the table shows the first rows of the database (the rest may still be arriving)."""
        self._filling = 0
        """Which load the chunks being added belong to: a newer load stops an older one's chunks."""
        self._columns: list[ColumnKey] = []
        self._next_chunk: Timer | None = None
        """The timer that adds the next chunk of rows, if one is waiting."""
        self._cursor_to: int | None = None
        """The assessment to put the cursor on when its row is added."""
        self._came_back_to: int | None = None
        """The assessment a screen opened from here was about: its row is read again on return."""
        self._listing: Listing | None = None
        """Reads rows straight from the database file (a current SQLite file), without the store."""
        self._sqlite_known = False
        self._after_store: set[str] = set()
        """The actions whose key came before the store opened, each to run once it has."""
        """Whether the database was checked for that."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="bank-problems")
        table = MeasuredTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield table
        # A still line rather than the animated LoadingIndicator: nothing repaints while the
        # worker imports SQLAlchemy (about 340 ms; see benchmarks/README.md).
        yield Static("Opening the database…", id="empty-hint", classes="muted")
        yield AppFooter()

    def on_mount(self) -> None:
        self._columns = self.query_one("#assessments", DataTable).add_columns(*COLUMNS)
        self.query_one("#bank-problems").display = False
        app = fivefold_app(self)
        db_url, dirs = app.db_url, app.bank_dirs
        store_call(
            self,
            lambda: sqlite_listing(db_url, dirs),
            self._sqlite_checked,
            failed=lambda _sentence: self._sqlite_checked(None),  # the store says what is wrong, if anything
            group="home-sqlite",
        )
        when_store_opens(self, self._store_opened)

    def _sqlite_checked(self, listing: Listing | None) -> None:
        """A current SQLite file is listed at once, without waiting for the store to open (and for SQLAlchemy,
        pydantic and every bank to load: about 0.5 s); any other database once the store is open."""
        self._sqlite_known = True
        self._listing = listing
        if listing is None:
            fivefold_app(self).open_store()  # the rows come through the store
        if listing is not None or fivefold_app(self).store is not None:
            self.load_rows()

    def _store_opened(self) -> None:
        self.refresh_bindings()  # n and r wait for the store (`check_action`)
        registry = fivefold_app(self).registry
        if registry is not None and registry.problems:
            count = len(registry.problems)
            notice = self.query_one("#bank-problems", Static)
            notice.update(
                Text.assemble(
                    ("⚠ ", "bold"),
                    f"{count} bank file problem(s): those banks are not loaded. ",
                    literal(one_line(str(registry.problems[0]), 160)),
                    ("   f1 lists them all", "dim"),
                )
            )
            notice.display = True
        if self._sqlite_known and self._listing is None:
            self.load_rows()  # (a current SQLite file is being listed already, or will be once checked)

    def on_screen_resume(self) -> None:
        # Coming back from an assessment (or a dialog about one): only its row may have changed, so only
        # it is read again (10,000 assessments: one row's query, not the whole listing). The first resume
        # comes with the push itself, before any rows; the store opening loads those.
        assessment_id, self._came_back_to = self._came_back_to, None
        if fivefold_app(self).store is None:
            return
        if not self.loaded.is_set():
            if assessment_id is not None:
                self.load_rows()  # the rows are still coming in: read them all again, with this change
            return
        if self._select_next is not None:
            self.load_rows()  # one just created or started: a new row, selected
        elif assessment_id is not None:
            self.load_row(assessment_id)

    def on_screen_suspend(self) -> None:
        self._came_back_to = self._selected_id()

    def _reader(self) -> Listing | None:
        """How the rows are read: straight from a current SQLite file, else through the store once it is open."""
        if self._listing is not None:
            return self._listing
        app = fivefold_app(self)
        store, registry = app.store, app.registry
        if store is None or registry is None:
            return None

        def through_store(**which: int | None) -> list[ListingRow]:
            from fivefold.review.listing import listing_rows

            return listing_rows(store, registry, **which)

        return through_store

    def say_opening(self, text: str) -> None:
        """Say what opening the database is doing, while no row is shown yet."""
        if not self.rows:
            self.query_one("#empty-hint", Static).update(text)

    def load_rows(self) -> None:
        """Read the newest rows and show them, then read all of them and add the rest a chunk per frame."""
        listing = self._reader()
        if listing is None:
            return
        self._filling += 1
        filling = self._filling
        # Until the last chunk is in, a row read again must not move rows under the chunks being added
        # (`_show_row` reads everything again instead).
        self.loaded.clear()
        # The cursor stays on its assessment, or goes to one just created or started.
        self._cursor_to = self._select_next if self._select_next is not None else self._selected_id()
        self._select_next = None

        def all_rows() -> None:
            store_call(
                self,
                lambda: measured(read_rows(listing)),
                lambda page: self._show_rows(filling, page, complete=True),
                group="home-rows",
            )

        def first_rows(page: Page) -> None:
            if filling != self._filling:
                return
            if len(page.rows) <= FIRST:
                self._show_rows(filling, page, complete=True)  # that is all of them
            else:
                self._show_rows(filling, page, complete=False)
                if fivefold_app(self).store is not None:
                    all_rows()
                else:
                    # Not beside the store's opening: with two threads holding the interpreter in turns, the
                    # event loop waited 15 to 80 ms at a time for it, beside one 10 to 25 (benchmarks/README.md).
                    when_store_opens(self, all_rows)

        # One more than the first page: fewer than that are all the rows there are.
        def unread(sentence: str) -> None:
            self.notify(visible(sentence), severity="error", markup=False)
            fivefold_app(self).open_store()  # it says what is wrong with the database, if anything

        store_call(
            self, lambda: measured(read_rows(listing, newest=FIRST + 1)), first_rows, failed=unread, group="home-rows"
        )

    def load_row(self, assessment_id: int) -> None:
        """Read one assessment's row again and show it in place, or first if it is now the newest."""
        listing = self._reader()
        if listing is not None:
            store_call(
                self,
                lambda: read_rows(listing, only=assessment_id),
                lambda rows: self._show_row(assessment_id, rows),
                group="home-row",
            )

    def _show_rows(self, filling: int, page: Page, *, complete: bool) -> None:
        """Show the page's rows (the first page, or all when `complete`): rows in the table that are still the
        same stay."""
        if filling != self._filling:
            return  # a newer load is on its way
        if self._next_chunk is not None:
            self._next_chunk.stop()  # the rows it would add are in `rows` too
            self._next_chunk = None
        rows = page.rows
        table = self.query_one("#assessments", MeasuredTable)
        kept = table.row_count if rows[: table.row_count] == self.rows[: table.row_count] else 0
        if kept == 0:
            table.clear()
        # Every column as wide as its widest cell in the page from the start: a column widened by a later
        # slice would draw every row in sight again.
        table.widen_columns(page.widths)
        self.set_reactive(HomeScreen.rows, rows)  # not `self.rows = rows`: no comparing 10,000 rows with the old
        self.mutate_reactive(HomeScreen.rows)
        hint = "" if rows else "No assessments yet. Press n to create one."
        self.query_one("#empty-hint", Static).update(hint)
        self._add_chunk(filling, kept, complete=complete)

    def _add_chunk(self, filling: int, start: int, *, complete: bool) -> None:
        """Add the next `SLICE` rows of `self.rows` if they are in sight, else `CHUNK`, then let a frame be
        painted before the next ones."""
        self._next_chunk = None
        if filling != self._filling:
            return  # a newer load took over the table
        table = self.query_one("#assessments", MeasuredTable)
        end = start + (SLICE if start < table.scrollable_content_region.height else CHUNK)
        added = self.rows[start:end]
        table.add_rows_at_once((str(row["id"]), row["cells"]) for row in added)
        # The table's record of each row stays as long as the rows: a full collection walking 10,000 of them
        # (and what drawing them cached) held the loop for 220 ms once they were all in.
        keep_out_of_sight()
        for offset, row in enumerate(added):
            if row["id"] == self._cursor_to:
                table.move_cursor(row=start + offset)
        self.cursor_row = table.cursor_row
        if start == 0 or not self.showing.is_set():
            table.focus()
            self.showing.set()
        if end >= table.scrollable_content_region.height or end >= len(self.rows):
            fivefold_app(self).open_store()  # the rows in sight are in: the store may open beside the rest
        if end < len(self.rows):
            self._next_chunk = self.set_timer(FRAME, lambda: self._add_chunk(filling, end, complete=complete))
        elif complete:
            self.loaded.set()

    def _show_row(self, assessment_id: int, found: list[dict[str, Any]]) -> None:
        """One assessment's row as read again: changed in place, moved first if it is now the newest."""
        index = next((i for i, row in enumerate(self.rows) if row["id"] == assessment_id), None)
        if index is None or not found or not self.loaded.is_set():
            self.load_rows()  # gone, new, or the table still filling: the whole listing
            return
        row = found[0]
        if row == self.rows[index]:
            return
        table = self.query_one("#assessments", MeasuredTable)
        key = str(assessment_id)
        for column, old, new in zip(self._columns, self.rows[index]["cells"], row["cells"], strict=True):
            if old != new:
                # A narrower cell would make the table measure the whole column again: only a wider one asks.
                table.update_cell(key, column, new, update_width=new.cell_len > old.cell_len)
        self.rows[index] = row
        first = self.rows[0]
        if index > 0 and (row["updated_at"], row["id"]) > (first["updated_at"], first["id"]):
            # Newest first, as the listing orders them: an assessment just edited goes to the top.
            cursor_here = table.cursor_row == index
            self.rows.insert(0, self.rows.pop(index))
            table.move_row_to_top(key)
            if cursor_here:
                table.move_cursor(row=0)
            elif table.cursor_row < index:
                table.move_cursor(row=table.cursor_row + 1)  # the row under the cursor moved down one
        self.mutate_reactive(HomeScreen.rows)
        self.cursor_row = table.cursor_row

    def _selected_row(self) -> dict[str, Any] | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    def _selected_id(self) -> int | None:
        row = self._selected_row()
        return row["id"] if row else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "edit", "export", "delete", "next_cycle") and self._selected_id() is None:
            return None  # shown dimmed: there is nothing selected
        if action == "cycle_diff" and (self._selected_row() or {}).get("previous_id") is None:
            return None  # the first cycle has nothing to compare with
        if action in ("new", "reload") and fivefold_app(self).store is None:
            return None
        return True

    @on(DataTable.RowSelected, "#assessments")
    def _row_chosen(self) -> None:
        self.action_open()

    @on(DataTable.RowHighlighted, "#assessments")
    def _row_moved(self, event: DataTable.RowHighlighted) -> None:
        self.cursor_row = event.cursor_row

    def _open(self, assessment_id: int, *, write_first: bool = False) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        self.app.push_screen(AssessmentScreen(assessment_id, write_first=write_first))

    def action_open(self) -> None:
        assessment_id = self._selected_id()
        if assessment_id is not None:
            self._open(assessment_id)

    def action_reload(self) -> None:
        self.load_rows()

    def action_new(self) -> None:
        from fivefold.tui.dialogs.new_assessment import AssessmentDialog

        app = fivefold_app(self)
        store, registry = app.store, app.registry
        if store is None or registry is None:
            return

        def chosen(fields: dict[str, str] | None) -> None:
            if not fields:
                return

            def create() -> int:
                bank = registry.get(fields["bank"])
                assessment = store.create_assessment(
                    title=fields["title"],
                    system_name=fields["system"],
                    system_version=fields["version"],
                    bank_id=bank.id,
                    bank_version=bank.version,
                    bank_hash=bank.content_hash(),
                )
                assert assessment.id is not None
                return assessment.id

            store_call(self, create, self._created, group="home-write")

        self.app.push_screen(AssessmentDialog(registry.banks()), chosen)

    def _created(self, assessment_id: int) -> None:
        self._select_next = assessment_id
        self.notify(f"Created assessment #{assessment_id}")
        self._open(assessment_id, write_first=True)

    def _store_ready(self, action: Callable[[], None]) -> bool:
        """Whether the store is open. A current SQLite file's rows show before it is (read straight from the
        file): a key pressed meanwhile runs its action once the store opens, rather than doing nothing."""
        if fivefold_app(self).store is not None:
            return True
        name = action.__name__
        if name not in self._after_store:
            self._after_store.add(name)

            def run() -> None:
                self._after_store.discard(name)
                action()

            when_store_opens(self, run)
        return False

    def action_edit(self) -> None:
        from fivefold.tui.dialogs.new_assessment import AssessmentDialog

        if not self._store_ready(self.action_edit):
            return
        row = self._selected_row()
        store = fivefold_app(self).store
        if row is None or store is None:
            return
        assessment_id = row["id"]
        current = {"title": row["title"], "system": row["system_name"], "version": row["system_version"]}

        def chosen(fields: dict[str, str] | None) -> None:
            if fields and fields != current:

                def edit() -> None:
                    store.edit_assessment(
                        assessment_id,
                        title=fields["title"],
                        system_name=fields["system"],
                        system_version=fields["version"],
                    )

                store_call(self, edit, lambda _none: self._edited(assessment_id), group="home-write")

        self.app.push_screen(AssessmentDialog(current=current), chosen)

    def _edited(self, assessment_id: int) -> None:
        self.notify(f"Saved assessment #{assessment_id}")
        self.load_row(assessment_id)

    def action_delete(self) -> None:
        from fivefold.tui.dialogs.confirm import ConfirmDialog

        if not self._store_ready(self.action_delete):
            return
        row = self._selected_row()
        store = fivefold_app(self).store
        if row is None or store is None:
            return
        assessment_id = row["id"]
        question = Text.assemble(
            "Delete assessment ", (f"#{assessment_id} ", "bold"), literal(row["title"]), " and all its answers?"
        )

        def deleted(_none: None) -> None:
            self.notify(f"Deleted assessment #{assessment_id}")
            self.load_rows()

        def confirmed(yes: bool | None) -> None:
            if yes:
                store_call(self, lambda: store.delete_assessment(assessment_id), deleted, group="home-write")

        self.app.push_screen(ConfirmDialog(question, confirm_label="Delete"), confirmed)

    def action_export(self) -> None:
        from fivefold.tui.dialogs.export import ExportDialog

        row = self._selected_row()
        if row is not None:
            self.app.push_screen(ExportDialog(row["id"], title=row["title"]))

    def action_next_cycle(self) -> None:
        from fivefold.tui.dialogs.confirm import ConfirmDialog

        if not self._store_ready(self.action_next_cycle):
            return
        row = self._selected_row()
        app = fivefold_app(self)
        store, registry = app.store, app.registry
        if row is None or store is None or registry is None:
            return
        assessment_id, title, cycle = row["id"], literal(row["title"]), row["cycle"]
        question = Text.assemble(
            f"Start cycle {cycle + 1} of ",
            (f"#{assessment_id} ", "bold"),
            title,
            "?\nIts answers carry over as drafts to re-confirm, on the newest version of its bank.",
        )
        following = [other["id"] for other in self.rows if other["previous_id"] == assessment_id]
        if following:
            question.append(f"\n#{following[0]} already continues it: this starts a second cycle {cycle + 1}.")

        def start() -> int:
            """Copying every answer and writing the audit event is a few queries: off the event loop."""
            from fivefold.review.cycles import start_next_cycle

            started = start_next_cycle(store, registry, assessment_id).id
            assert started is not None
            return started

        def confirmed(yes: bool | None) -> None:
            if yes:
                store_call(self, start, self._cycle_started, group="home-write")

        self.app.push_screen(ConfirmDialog(question, confirm_label="Start the next cycle"), confirmed)

    def _cycle_started(self, assessment_id: int) -> None:
        self._select_next = assessment_id
        self.notify(f"Started assessment #{assessment_id}: re-confirm the carried-over answers (↻)")
        self._open(assessment_id)

    def action_cycle_diff(self) -> None:
        from fivefold.tui.screens.cycle_diff import CycleDiffScreen

        row = self._selected_row()
        if row is not None and row["previous_id"] is not None:
            self.app.push_screen(CycleDiffScreen(row["previous_id"], row["id"]))


def sqlite_listing(db_url: str, dirs: Sequence[Path]) -> Listing | None:
    """Reads the listing straight from the database file, as `fivefold list` does (`sqlite3`, and the banks'
    facts from their cache), when it is a SQLite file at the listing's schema; else None (runs in a worker)."""
    from fivefold.cli.list_command import current_sqlite_file

    path = current_sqlite_file(db_url)
    if path is None:
        return None  # another database, or one the store must upgrade or refuse first
    from fivefold.locations import bank_dirs, user_cache_dir
    from fivefold.review.bank_facts import InstalledBanks
    from fivefold.review.listing import read_sqlite_listing

    banks = InstalledBanks(bank_dirs(dirs), user_cache_dir() / "bank-facts")

    def read(**which: int | None) -> list[ListingRow]:
        return read_sqlite_listing(path, banks.resolve, **which)

    return read


def read_rows(listing: Listing, *, only: int | None = None, newest: int | None = None) -> list[dict[str, Any]]:
    """The table's rows, newest first, from the listing's one grouped query (runs in a worker), each with its
    "cells"; with `only`, that assessment's row alone, with `newest`, the first that many."""

    def read() -> list[dict[str, Any]]:
        rows = [home_row(row) for row in listing(only=only, newest=newest)]
        for row in rows:
            row["cells"] = cells(row)  # here in the worker: building 10,000 rows' Text costs 0.2 s
        return rows

    if only is not None or newest is not None:
        return read()  # a few rows
    with building_to_keep():  # all of them, to stay on screen
        return read()


class Page(NamedTuple):
    """Rows read for the table, and each column's widest cell among them."""

    rows: list[dict[str, Any]]
    widths: list[int]


def measured(rows: list[dict[str, Any]]) -> Page:
    """The rows with their columns' widths (in a worker: 10,000 rows' cells are measured in about 30 ms)."""
    widths = [0] * len(COLUMNS)
    for row in rows:
        for index, cell in enumerate(row["cells"]):
            widths[index] = max(widths[index], cell.cell_len)
    return Page(rows, widths)


def home_row(row: ListingRow) -> dict[str, Any]:
    """One row of the table: the same rule as the assessment screen and the CLI (values count, carried-over
    drafts and skipped questions do not); a bank no version of which is installed shows 0/0."""
    answered, total = (row.answered or 0, row.total or 0)
    updated = row.updated_at.replace(tzinfo=row.updated_at.tzinfo or UTC)
    return {
        "id": row.id,
        "title": row.title,
        "system": f"{row.system_name} {row.system_version}".strip(),
        "system_name": row.system_name,
        "system_version": row.system_version,
        "bank": f"{row.bank_id} {row.bank_version}",
        "cycle": row.cycle,
        "previous_id": row.previous_id,
        "progress": f"{answered}/{total}" + (f" {round(100 * answered / total)}%" if total else ""),
        "updated_at": updated,
        "updated": f"{updated.astimezone():%Y-%m-%d %H:%M}",
    }


def cells(row: dict[str, Any]) -> tuple[Text, ...]:
    """The table's cells of a row, in `COLUMNS` order; text from the database is shown as written (`literal`)."""
    return (
        literal(one_line(row["title"], TITLE_WIDTH)),
        Text(row["progress"]),
        literal(one_line(row["system"], SYSTEM_WIDTH)),
        Text(str(row["cycle"])),
        literal(one_line(row["bank"], BANK_WIDTH)),
        Text(row["updated"]),
    )
