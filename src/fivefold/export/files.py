"""Write an export so that a reader never sees half a file and nothing is overwritten by surprise."""

from __future__ import annotations

import os
import re
import secrets
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
        handle, temp_name = _create_temp(folder, path.name)
    except OSError as error:
        raise ExportError(f"cannot write in {folder} ({error.strerror})") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException as error:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a quota: the file is left as it was
            raise ExportError(f"cannot write {path} ({error.strerror or error}); it is left as it was") from error
        raise


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new temp file beside the target, created 0o666 less the umask like any other file.

    tempfile.mkstemp creates 0o600, and the rename would carry that onto the export, leaving
    a document meant for reviewers and CI readable by its author alone.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp name in {folder}")


def default_export_name(assessment_id: int, title: str, extension: str) -> str:
    """`training-rationale-<id>-<title-slug>.<ext>`: the name exports get, and cycles link to."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "assessment"
    return f"training-rationale-{assessment_id}-{slug}.{extension}"
