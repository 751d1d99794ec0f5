"""A database's own error (a read-only file, a damaged page, a lock held too long) as one sentence.

Opening a database refuses what it can see in advance (`fivefold.store.schema`); these are the
faults that show only when a statement runs, such as a write to a file opened read-only.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from fivefold.store.engine import BUSY_TIMEOUT_MS, read_only_reason, sqlite_path, where
from fivefold.store.errors import StoreError
from fivefold.visible import visible

# Less free space than this is a full disk to SQLite: the -shm file alone takes 32 KiB.
NEARLY_FULL_BYTES = 1024 * 1024
_RESTORE = "restore it from a backup ('fivefold db backup' makes one) and keep this file for inspection"


def describe(error: BaseException, url: str) -> str | None:
    """The sentence for a database driver's `error` on the database at `url`, or None if it is not one."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, Exception) or not _is_driver_error(original):
        return None
    try:
        shown = where(url)
        path = sqlite_path(url)
    except StoreError:
        shown, path = visible(url), None
    detail = visible(" ".join(str(original).split()))
    name = getattr(original, "sqlite_errorname", "")
    if name.startswith("SQLITE_READONLY"):
        reason = (read_only_reason(path) if path is not None else None) or detail
        return f"the database {shown} cannot be changed: {reason}; Fivefold can show it but not change it"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"the database {shown} is damaged ({detail}); {_RESTORE}"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"the database {shown} stayed locked by another process for over {BUSY_TIMEOUT_MS // 1000} s "
            "(another Fivefold writing to it?); try again"
        )
    if name.startswith("SQLITE_FULL") or (path is not None and out_of_room(original, path)):
        return disk_full(shown)
    return f"cannot use the database {shown} ({detail})"


def disk_full(shown: str) -> str:
    return f"the disk holding the database {shown} is full; free some space and try again"


def out_of_room(error: Exception, path: Path) -> bool:
    """Whether SQLite's `error` on the file at `path` comes of a (nearly) full disk. SQLite says "disk I/O
    error", not "full", when it cannot create or grow the -wal and -shm files beside the database."""
    if not getattr(error, "sqlite_errorname", "").startswith("SQLITE_IOERR"):
        return False
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _is_driver_error(error: Exception) -> bool:
    if isinstance(error, sqlite3.Error):
        return True
    # psycopg's errors, without importing psycopg: it is optional (the postgres extra).
    return any(cls.__module__.startswith("psycopg") and cls.__name__ == "Error" for cls in type(error).__mro__)
