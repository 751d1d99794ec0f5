"""Export the training rationale as Markdown, HTML or JSON: choose the format and the file, write in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, LoadingIndicator, RadioButton, RadioSet, Static

from fivefold.tui.labels import literal
from fivefold.tui.messages import ExportWritten, TitleRead

# (key, format as fivefold.export.render takes it, label); the format is also the file's extension.
FORMATS = (
    ("m", "md", "Markdown"),
    ("h", "html", "HTML"),
    ("j", "json", "JSON (for fivefold gate and other tools)"),
)
EXTENSIONS = {f".{fmt}" for _key, fmt, _label in FORMATS}


def default_name(assessment_id: int, title: str | None, export_format: str) -> str:
    """The file name an export gets by default; until the title is read, one without it."""
    if title is None:
        return f"training-rationale-{assessment_id}.{export_format}"
    from fivefold.export.files import default_export_name

    return default_export_name(assessment_id, title, export_format)


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with the written path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.write", priority=True, tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        *(
            Binding(key, f"choose('{fmt}')", label.split(" (")[0], id=f"export.{fmt}", tooltip=f"Export as {label}")
            for key, fmt, label in FORMATS
        ),
    ]

    def __init__(
        self, assessment_id: int, folder: Path | None = None, *, title: str | None = None, export_format: str = "md"
    ) -> None:
        super().__init__(classes="dialog")
        self.assessment_id = assessment_id
        self.folder = folder or Path.cwd()
        self.title_text = title
        self.export_format = export_format

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Export the training rationale", classes="dialog-title")
            yield Label("File")
            yield Input(str(self.folder / self._default_name()), id="path")
            yield Label("Format (tab here, then m / h / j, or ↑/↓ and space)")
            with RadioSet(id="format"):
                for _key, fmt, label in FORMATS:
                    yield RadioButton(label, value=fmt == self.export_format, name=fmt)
            yield Checkbox("Overwrite if the file exists", id="force")
            yield LoadingIndicator(id="writing")
            yield Static("", id="error", classes="error-text")
            yield Static(
                "enter / ctrl+s: export    tab: format, overwrite box    escape: cancel", classes="dialog-hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#writing").display = False
        self.query_one("#path", Input).focus()
        if self.title_text is None:
            self.read_title()

    def _default_name(self) -> str:
        return default_name(self.assessment_id, self.title_text, self.export_format)

    # The file name follows the title and the format --------------------------------

    @work(thread=True, exclusive=True, group="export-title")
    def read_title(self) -> None:
        from fivefold.errors import FivefoldError

        try:
            title = self.app.store.assessment(self.assessment_id).title  # type: ignore[attr-defined]
        except FivefoldError:
            return  # the export itself will say what is wrong
        self.post_message(TitleRead(title))

    def on_title_read(self, message: TitleRead) -> None:
        message.stop()
        path = self.query_one("#path", Input)
        untouched = path.value == str(self.folder / self._default_name())
        self.title_text = message.title
        if untouched:  # never replace what the user has started to type
            path.value = str(self.folder / self._default_name())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            # Shown and live outside the file field: there the letters are part of the name.
            return self.focused is not self.query_one("#path", Input)
        return True

    def action_choose(self, export_format: str) -> None:
        for button in self.query_one("#format", RadioSet).query(RadioButton):
            if button.name == export_format:
                button.value = True

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        chosen = event.pressed.name or "md"
        if chosen == self.export_format:
            return
        self.export_format = chosen
        path = self.query_one("#path", Input)
        current = Path(path.value.strip())
        if current.suffix.lower() in EXTENSIONS:  # r.md becomes r.html; a name of the user's own stays
            path.value = str(current.with_suffix(f".{chosen}"))

    # Writing --------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.query_one("#writing").display:
            return  # one write at a time: a second would race the first for the file
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name:
            self.query_one("#error", Static).update("Give a file name.")
            return
        self.query_one("#writing").display = True
        self.query_one("#error", Static).update("")
        self.write(path, self.export_format, self.query_one("#force", Checkbox).value)

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path, export_format: str, force: bool) -> None:
        from fivefold.errors import FivefoldError
        from fivefold.export import render, write_atomic
        from fivefold.review import load_snapshot

        try:
            snapshot = load_snapshot(self.app.store, self.app.registry, self.assessment_id)  # type: ignore[attr-defined]
            write_atomic(path, render(snapshot, export_format), force=force)
        except FivefoldError as error:
            self.post_message(ExportWritten(None, str(error)))
            return
        except OSError as error:  # the rename into place can still fail (a full disk, a read-only file)
            self.post_message(ExportWritten(None, f"cannot write {path}: {error.strerror or error}"))
            return
        self.post_message(ExportWritten(str(path)))

    def on_export_written(self, message: ExportWritten) -> None:
        message.stop()
        self.query_one("#writing").display = False
        if message.error:
            self.query_one("#error", Static).update(literal(message.error))
            return
        self.notify(f"Exported to {message.path}", markup=False)
        self.dismiss(message.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
