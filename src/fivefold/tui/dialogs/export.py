"""Export the training rationale as Markdown: choose the file, then write it in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, LoadingIndicator, Static

from fivefold.tui.labels import literal
from fivefold.tui.messages import ExportWritten


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with the written path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.write", priority=True),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, assessment_id: int, folder: Path | None = None) -> None:
        super().__init__(classes="dialog")
        self.assessment_id = assessment_id
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Export the training rationale (Markdown)", classes="dialog-title")
            yield Label("File")
            yield Input(str(self.folder / f"training-rationale-{self.assessment_id}.md"), id="path")
            yield Checkbox("Overwrite if the file exists", id="force")
            yield LoadingIndicator(id="writing")
            yield Static("", id="error", classes="error-text")
            yield Static("enter / ctrl+s: export    tab: overwrite box    escape: cancel", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#writing").display = False
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name:
            self.query_one("#error", Static).update("Give a file name.")
            return
        self.query_one("#writing").display = True
        self.query_one("#error", Static).update("")
        self.write(path, self.query_one("#force", Checkbox).value)

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path, force: bool) -> None:
        from fivefold.errors import FivefoldError
        from fivefold.export import render_markdown, write_atomic
        from fivefold.review import load_snapshot

        try:
            snapshot = load_snapshot(self.app.store, self.app.registry, self.assessment_id)  # type: ignore[attr-defined]
            write_atomic(path, render_markdown(snapshot), force=force)
        except FivefoldError as error:
            self.post_message(ExportWritten(None, str(error)))
            return
        self.post_message(ExportWritten(str(path)))

    def on_export_written(self, message: ExportWritten) -> None:
        self.query_one("#writing").display = False
        if message.error:
            self.query_one("#error", Static).update(literal(message.error))
            return
        self.notify(f"Exported to {message.path}", markup=False)
        self.dismiss(message.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
