"""Home: the assessments, with keys to create, open, edit, export, delete them, start the next cycle and compare."""

from __future__ import annotations

import asyncio
from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.labels import literal
from fivefold.tui.screens.loading import when_store_opens
from fivefold.tui.store_work import store_call
from fivefold.tui.tables import MeasuredTable, add_row
from fivefold.tui.widgets.app_footer import AppFooter
from fivefold.visible import one_line

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.store import Store

# Progress second: a narrow terminal cuts the table's right end, and progress is what the list is for.
COLUMNS = ("Title", "Progress", "System", "Cycle", "Bank", "Updated")
# Longer titles and systems are cut in the table, so the six columns fit 120 columns (the assessment
# screen, the edit dialog and the exports show them whole).
TITLE_WIDTH = 32
SYSTEM_WIDTH = 28


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
        self.query_one("#assessments", DataTable).add_columns(*COLUMNS)
        self.query_one("#bank-problems").display = False
        when_store_opens(self, self._store_opened)

    def _store_opened(self) -> None:
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
        self.load_rows()

    def on_screen_resume(self) -> None:
        # Coming back from an assessment: progress may have changed. The first resume comes
        # with the push itself, before any rows; the store opening loads those.
        if fivefold_app(self).store is not None and self.loaded.is_set():
            self.load_rows()

    def load_rows(self) -> None:
        app = fivefold_app(self)
        store, registry = app.store, app.registry
        if store is not None and registry is not None:
            store_call(self, lambda: read_rows(store, registry), self._show_rows, group="home-rows", exclusive=True)

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#assessments", DataTable)
        if self.loaded.is_set() and rows == self.rows and self._select_next is None:
            return  # unchanged: rebuilding would only flicker and lose the measured column widths
        selected = self._selected_id()
        if self._select_next is not None and any(row["id"] == self._select_next for row in rows):
            selected, self._select_next = self._select_next, None
        self.rows = rows
        table.clear()
        for row in rows:
            add_row(
                table,
                literal(one_line(row["title"], TITLE_WIDTH)),
                Text(row["progress"]),
                literal(one_line(row["system"], SYSTEM_WIDTH)),
                Text(str(row["cycle"])),
                literal(row["bank"]),
                Text(row["updated"]),
                key=str(row["id"]),
            )
        ids = [row["id"] for row in rows]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        self.cursor_row = table.cursor_row
        hint = "" if rows else "No assessments yet. Press n to create one."
        self.query_one("#empty-hint", Static).update(hint)
        table.focus()
        self.loaded.set()

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

    def _open(self, assessment_id: int) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        self.app.push_screen(AssessmentScreen(assessment_id))

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
        self._open(assessment_id)

    def action_edit(self) -> None:
        from fivefold.tui.dialogs.new_assessment import AssessmentDialog

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
        self.load_rows()

    def action_delete(self) -> None:
        from fivefold.tui.dialogs.confirm import ConfirmDialog

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


def read_rows(store: Store, registry: BankRegistry) -> list[dict[str, Any]]:
    """The table's rows, newest first (runs in a worker)."""
    from fivefold.review import assessments_with_progress

    rows = []
    # The same rule as the assessment screen and the CLI: values count, carried-over drafts
    # and skipped questions do not.
    for assessment, progress in assessments_with_progress(store, registry):
        answered, total = (progress.answered, progress.total) if progress else (0, 0)
        updated = assessment.updated_at.replace(tzinfo=assessment.updated_at.tzinfo or UTC).astimezone()
        rows.append(
            {
                "id": assessment.id,
                "title": assessment.title,
                "system": f"{assessment.system_name} {assessment.system_version}".strip(),
                "system_name": assessment.system_name,
                "system_version": assessment.system_version,
                "bank": f"{assessment.bank_id} {assessment.bank_version}",
                "cycle": assessment.cycle,
                "previous_id": assessment.previous_id,
                "progress": f"{answered}/{total}" + (f" {round(100 * answered / total)}%" if total else ""),
                "updated": f"{updated:%Y-%m-%d %H:%M}",
            }
        )
    return rows
