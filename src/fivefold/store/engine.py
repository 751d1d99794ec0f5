"""Build the SQLAlchemy engine for a database URL, with SQLite set up for safe autosave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from fivefold.store.errors import StoreError

BUSY_TIMEOUT_MS = 5000


def parse_url(url: str) -> URL:
    """The parsed URL, or a StoreError naming it (SQLAlchemy raises ArgumentError with a long text)."""
    try:
        return make_url(url)
    except Exception as error:
        raise StoreError(f"'{url}' is not a database URL (expected e.g. sqlite:///path/to/fivefold.db)") from error


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or an in-memory one."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for `url`. SQLite gets WAL, a busy timeout and foreign keys on every connection.

    WAL with synchronous=NORMAL keeps every commit once the process dies or is killed
    (only a power cut can lose the last commits) and lets a second window read while
    one writes; a commit costs tens of microseconds instead of an fsync.
    """
    parsed = parse_url(url)
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder {path.parent} for the database ({error.strerror})") from error
    try:
        engine = create_engine(parsed, connect_args=_connect_args(parsed.get_backend_name()))
    except ModuleNotFoundError as error:
        raise StoreError(f"no driver for '{parsed.drivername}' is installed ({error.name}); install it") from error
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _connect_args(backend: str) -> dict[str, Any]:
    if backend == "sqlite":
        # The TUI saves from a worker thread; every connection is still used by one thread at a time.
        return {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    return {}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
