"""Home: the assessments, with keys to create, open, export, delete them, start the next cycle and compare cycles."""

from __future__ import annotations

import asyncio
from datetime import UTC
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from fivefold.tui.labels import literal
from fivefold.tui.messages import AssessmentRows, CycleStarted, StoreOpened
from fivefold.tui.tables import add_row

COLUMNS = ("Title", "System", "Bank", "Cycle", "Progress", "Updated")


class HomeScreen(Screen[None]):
    """Lists every assessment in the database."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="home.new", tooltip="Create an assessment"),
        Binding("enter", "open", "Open", id="home.open", tooltip="Open the selected assessment"),
        Binding(
            "e", "export", "Export", id="home.export", tooltip="Export the selected assessment (Markdown, HTML or JSON)"
        ),
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

    def __init__(self) -> None:
        super().__init__()
        self.loaded = asyncio.Event()
        """Set once the table shows the database's rows (tests and the cold-start benchmark wait on it)."""
        self._rows: list[dict[str, Any]] = []
        """The rows shown, in table order (as the worker built them)."""
        self._select_next: int | None = None
        """An assessment to put the cursor on at the next reload (a cycle just started)."""

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[Any] = DataTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield table
        # A still line rather than the animated LoadingIndicator: nothing repaints while the
        # worker imports SQLAlchemy (about 340 ms; see benchmarks/README.md).
        yield Static("Opening the database…", id="empty-hint", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#assessments", DataTable)
        table.add_columns(*COLUMNS)
        if self.app.store is not None:  # type: ignore[attr-defined]
            self.load_rows()

    def on_store_opened(self, _message: StoreOpened) -> None:
        self.load_rows()

    def on_screen_resume(self) -> None:
        # Coming back from an assessment: progress may have changed. The first resume comes
        # with the push itself, before any rows; the store-opened message loads those.
        if self.app.store is not None and self.loaded.is_set():  # type: ignore[attr-defined]
            self.load_rows()

    @work(thread=True, exclusive=True, group="home-rows")
    def load_rows(self) -> None:
        from fivefold.review import assessments_with_progress

        rows = []
        # The same rule as the assessment screen and the CLI: values count, carried-over drafts
        # and skipped questions do not. One answers query per assessment, off the event loop.
        for assessment, progress in assessments_with_progress(self.app.store, self.app.registry):  # type: ignore[attr-defined]
            answered, total = (progress.answered, progress.total) if progress else (0, 0)
            system = f"{assessment.system_name} {assessment.system_version}".strip()
            updated = assessment.updated_at.replace(tzinfo=assessment.updated_at.tzinfo or UTC).astimezone()
            rows.append(
                {
                    "id": assessment.id,
                    "title": assessment.title,
                    "system": system,
                    "bank": f"{assessment.bank_id} {assessment.bank_version}",
                    "cycle": assessment.cycle,
                    "previous_id": assessment.previous_id,
                    "progress": f"{answered}/{total}" + (f"  {round(100 * answered / total)}%" if total else ""),
                    "updated": f"{updated:%Y-%m-%d %H:%M}",
                }
            )
        self.post_message(AssessmentRows(rows))

    def on_assessment_rows(self, message: AssessmentRows) -> None:
        table = self.query_one("#assessments", DataTable)
        if self.loaded.is_set() and message.rows == self._rows and self._select_next is None:
            return  # unchanged: rebuilding would only flicker and lose the measured column widths
        self._rows = message.rows
        selected = self._selected_id()
        if self._select_next is not None and any(row["id"] == self._select_next for row in message.rows):
            selected, self._select_next = self._select_next, None
        table.clear()
        for row in message.rows:
            add_row(
                table,
                literal(row["title"]),
                literal(row["system"]),
                literal(row["bank"]),
                Text(str(row["cycle"])),
                Text(row["progress"]),
                Text(row["updated"]),
                key=str(row["id"]),
            )
        ids = [row["id"] for row in self._rows]
        if selected in ids:
            table.move_cursor(row=ids.index(selected))
        hint = "" if message.rows else "No assessments yet. Press n to create one."
        self.query_one("#empty-hint", Static).update(hint)
        table.focus()
        self.loaded.set()

    def _selected_row(self) -> dict[str, Any] | None:
        cursor = self.query_one("#assessments", DataTable).cursor_row
        return self._rows[cursor] if 0 <= cursor < len(self._rows) else None

    def _selected_id(self) -> int | None:
        row = self._selected_row()
        return row["id"] if row else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "export", "delete", "next_cycle") and self._selected_id() is None:
            return None  # shown dimmed: there is nothing selected
        if action == "cycle_diff" and (self._selected_row() or {}).get("previous_id") is None:
            return None  # the first cycle has nothing to compare with
        if action in ("new", "reload") and self.app.store is None:  # type: ignore[attr-defined]
            return None
        return True

    @on(DataTable.RowSelected, "#assessments")
    def _row_chosen(self) -> None:
        self.action_open()

    @on(DataTable.RowHighlighted, "#assessments")
    def _row_moved(self) -> None:
        self.refresh_bindings()  # "Cycle diff" depends on the row

    def action_open(self) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(AssessmentScreen(assessment_id))

    def action_reload(self) -> None:
        self.load_rows()

    def action_new(self) -> None:
        from fivefold.tui.dialogs.new_assessment import NewAssessmentDialog

        banks = self.app.registry.banks()  # type: ignore[attr-defined]
        self.app.push_screen(NewAssessmentDialog(banks), self._create)

    def _create(self, fields: dict[str, str] | None) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        if not fields:
            return
        store, registry = self.app.store, self.app.registry  # type: ignore[attr-defined]
        bank = registry.get(fields["bank"])
        assessment = store.create_assessment(
            title=fields["title"],
            system_name=fields["system"],
            system_version=fields["version"],
            bank_id=bank.id,
            bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )
        self.notify(f"Created assessment #{assessment.id}")
        self.app.push_screen(AssessmentScreen(assessment.id))

    def action_delete(self) -> None:
        from fivefold.tui.dialogs.confirm import ConfirmDialog

        row = self._selected_row()
        if row is None:
            return
        assessment_id = row["id"]
        question = Text.assemble(
            "Delete assessment ", (f"#{assessment_id} ", "bold"), literal(row["title"]), " and all its answers?"
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.store.delete_assessment(assessment_id)  # type: ignore[attr-defined]
                self.notify(f"Deleted assessment #{assessment_id}")
                self.load_rows()

        self.app.push_screen(ConfirmDialog(question, confirm_label="Delete"), confirmed)

    def action_export(self) -> None:
        from fivefold.tui.dialogs.export import ExportDialog

        assessment_id = self._selected_id()
        if assessment_id is not None:
            self.app.push_screen(ExportDialog(assessment_id))

    def action_next_cycle(self) -> None:
        from fivefold.tui.dialogs.confirm import ConfirmDialog

        row = self._selected_row()
        if row is None:
            return
        assessment_id, title, cycle = row["id"], literal(row["title"]), row["cycle"]
        question = Text.assemble(
            f"Start cycle {cycle + 1} of ",
            (f"#{assessment_id} ", "bold"),
            title,
            "?\nIts answers carry over as drafts to re-confirm, on the newest version of its bank.",
        )
        following = [row["id"] for row in self._rows if row["previous_id"] == assessment_id]
        if following:
            question.append(f"\n#{following[0]} already continues it: this starts a second cycle {cycle + 1}.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.start_cycle(assessment_id)

        self.app.push_screen(ConfirmDialog(question, confirm_label="Start the next cycle"), confirmed)

    @work(thread=True, exclusive=True, group="home-cycle")
    def start_cycle(self, assessment_id: int) -> None:
        """Copying every answer and writing the audit event is a few queries: off the event loop."""
        from fivefold.errors import FivefoldError
        from fivefold.review.cycles import start_next_cycle

        try:
            following = start_next_cycle(self.app.store, self.app.registry, assessment_id)  # type: ignore[attr-defined]
        except FivefoldError as error:
            self.post_message(CycleStarted(None, str(error)))
            return
        self.post_message(CycleStarted(following.id))

    def on_cycle_started(self, message: CycleStarted) -> None:
        from fivefold.tui.screens.assessment import AssessmentScreen

        if message.assessment_id is None:
            self.notify(message.error or "The next cycle could not be started.", severity="error", markup=False)
            return
        self._select_next = message.assessment_id
        self.notify(f"Started assessment #{message.assessment_id}: re-confirm the carried-over answers (↻)")
        self.app.push_screen(AssessmentScreen(message.assessment_id))

    def action_cycle_diff(self) -> None:
        from fivefold.tui.screens.cycle_diff import CycleDiffScreen

        row = self._selected_row()
        if row is not None and row["previous_id"] is not None:
            self.app.push_screen(CycleDiffScreen(row["previous_id"], row["id"]))
