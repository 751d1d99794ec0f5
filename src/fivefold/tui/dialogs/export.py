"""Export the training rationale as Markdown, HTML or JSON: choose the format and the file, write in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet

from fivefold.tui.app_access import fivefold_app
from fivefold.tui.dialogs.base import Dialog
from fivefold.tui.store_work import store_call

# (key, format as fivefold.export.render takes it, label); the format is also the file's extension.
FORMATS = (
    ("m", "md", "Markdown"),
    ("h", "html", "HTML"),
    ("j", "json", "JSON (for fivefold gate and other tools)"),
)
EXTENSIONS = {f".{fmt}" for _key, fmt, _label in FORMATS}
OVERWRITE_LABEL = "Overwrite if the file exists"


def default_name(assessment_id: int, title: str | None, export_format: str) -> str:
    """The file name an export gets by default; until the title is read, one without it."""
    if title is None:
        return f"training-rationale-{assessment_id}.{export_format}"
    from fivefold.export.files import default_export_name

    return default_export_name(assessment_id, title, export_format)


class ExportDialog(Dialog[str | None]):
    """Dismisses with the written path, or None when cancelled.

    Enter exports from anywhere in the dialog, as its hint says; space ticks the box and picks a format.
    """

    DIALOG_TITLE = "Export the training rationale"
    HINT = "space: tick the box, pick a format"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "submit", "Export", id="export.write", priority=True, tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        *(
            Binding(
                key, f"choose('{fmt}')", label.split(" (")[0], id=f"export.{fmt}", show=False, tooltip=f"As {label}"
            )
            for key, fmt, label in FORMATS
        ),
    ]

    def __init__(
        self, assessment_id: int, folder: Path | None = None, *, title: str | None = None, export_format: str = "md"
    ) -> None:
        self.assessment_id = assessment_id
        self.folder = folder or Path.cwd()
        self.title_text = title
        self.export_format = export_format
        super().__init__()

    def compose_body(self) -> ComposeResult:
        yield Label("File")
        yield Input(str(self.folder / self._default_name()), id="path", select_on_focus=False)
        keys = " / ".join(key for key, _fmt, _label in FORMATS)
        yield Label(f"Format (tab here, then {keys}, or ↑/↓ and space)")
        with RadioSet(id="format"):
            for _key, fmt, label in FORMATS:
                yield RadioButton(label, value=fmt == self.export_format, name=fmt)
        yield Checkbox(OVERWRITE_LABEL, id="force")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        if self.title_text is None:
            store = fivefold_app(self).store
            if store is not None:
                assessment_id = self.assessment_id
                # The export itself says what is wrong when the assessment cannot be read.
                store_call(self, lambda: store.assessment(assessment_id).title, self._title_read, failed=lambda _: None)

    def _default_name(self) -> str:
        return default_name(self.assessment_id, self.title_text, self.export_format)

    # The file name follows the title and the format --------------------------------

    def _title_read(self, title: str) -> None:
        path = self.query_one("#path", Input)
        untouched = path.value == str(self.folder / self._default_name())
        self.title_text = title
        if untouched:  # never replace what the user has started to type
            path.value = str(self.folder / self._default_name())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            # Live outside the file field: there the letters are part of the name.
            return self.focused is not self.query_one("#path", Input)
        return super().check_action(action, parameters)

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

    def submit(self) -> None:
        if self.busy:
            return  # one write at a time: a second would race the first for the file
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if not path.name:
            self.show_error("Give a file name.")
            return
        store, registry = fivefold_app(self).store, fivefold_app(self).registry
        if store is None or registry is None:
            return
        export_format, force, assessment_id = (
            self.export_format,
            self.query_one("#force", Checkbox).value,
            self.assessment_id,
        )
        signers = fivefold_app(self).allowed_signers  # as `fivefold --allowed-signers F export` checks them

        def write() -> str:
            from fivefold.errors import FivefoldError
            from fivefold.export import render, write_atomic
            from fivefold.review import load_snapshot

            if path.exists() and not force:  # the CLI's own sentence names --force, a flag the app has not
                raise FivefoldError(f"{path} already exists: tick '{OVERWRITE_LABEL}' or give another name")
            snapshot = load_snapshot(store, registry, assessment_id)
            check = None
            if signers is not None:
                from fivefold.signing import signature_check

                check = signature_check(signers)
            write_atomic(path, render(snapshot, export_format, check_signature=check), force=force)
            return f"Exported to {path}"

        self.start(write, result=str(path))
