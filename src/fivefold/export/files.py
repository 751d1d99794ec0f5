"""Write an export so that a reader never sees half a file and nothing is overwritten by surprise."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fivefold.errors import FivefoldError


class ExportError(FivefoldError):
    """An export could not be written; the text names the file and what to do."""


def write_atomic(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` to a temp file beside `path`, fsync it, then rename it into place."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to export to")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; pass --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist; create it first")
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise ExportError(f"cannot write in {folder} ({error.strerror})") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
