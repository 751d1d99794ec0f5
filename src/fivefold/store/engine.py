"""Build the SQLAlchemy engine for a database URL, with SQLite set up for safe autosave."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.pool import NullPool

from fivefold.locations import default_db_path
from fivefold.store.errors import StoreError
from fivefold.store.sqlite_files import BUSY_TIMEOUT_MS, connect_read_only
from fivefold.visible import visible

# A process that finds another one upgrading (or creating) the same database waits for it this
# long: a first run takes well under a second, an upgrade of 10,000 assessments a few seconds.
MIGRATION_WAIT_S = 120.0
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_EXAMPLES = "give the path of a SQLite file, or a URL such as postgresql+psycopg://user@host/dbname"


def parse_url(url: str) -> URL:
    """The parsed URL of a database Fivefold can use, or a StoreError naming it."""
    try:
        parsed = make_url(url)
    except Exception as error:  # SQLAlchemy raises ArgumentError, or ValueError for a bad port
        raise StoreError(f"'{visible(url)}' is not a database URL; {_EXAMPLES}") from error
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        shown = visible(parsed.render_as_string(hide_password=True))
        raise StoreError(
            f"'{shown}' is not a database Fivefold can use (it works with SQLite and PostgreSQL); {_EXAMPLES}"
        )
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another database or an in-memory one."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def where(url: str) -> str:
    """The database as a message names it: the file, or the URL without its password."""
    path = sqlite_path(url)
    shown = str(path) if path is not None else parse_url(url).render_as_string(hide_password=True)
    return visible(shown)


def read_only_reason(path: Path) -> str | None:
    """Why this process cannot write the SQLite file at `path` (or create it), or None if it can.

    The folder counts too: SQLite writes its -wal and -shm files (and a new database) beside the file.
    """
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {visible(str(path))} is read-only"
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {visible(str(folder))} is read-only"
    return None


def make_engine(url: str) -> Engine:
    """An engine for `url`. It does not connect yet.

    A SQLite file gets WAL, a busy timeout and foreign keys on every connection. WAL with
    synchronous=NORMAL keeps every commit once the process dies or is killed (only a power cut
    can lose the last commits) and lets a second window read while one writes; a commit costs
    tens of microseconds instead of an fsync. A file this process cannot write is opened
    read-only, so reading it leaves nothing beside it and a write is refused by SQLite itself.
    """
    parsed = parse_url(url)
    path = sqlite_path(url)
    if path is not None:
        return _sqlite_engine(parsed, path)
    engine = _create_engine(parsed, connect_args=_server_connect_args(parsed))
    if parsed.get_backend_name() == "sqlite":  # in memory
        event.listen(engine, "connect", _read_write_pragmas)
    _refuse_unstorable_text(engine)
    return engine


def migration_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path` whose every transaction holds the database's write
    lock from its first statement and makes schema changes part of the transaction.

    Python's sqlite3 commits each CREATE or ALTER TABLE on its own, so a process killed during a
    migration would leave half a schema; here the driver's own transaction handling is off and
    every transaction is an explicit BEGIN IMMEDIATE. That lock also makes two processes that
    start on the same new (or older) database take turns: the second waits, then finds it current.
    Foreign keys are off: batch mode rebuilds a table by copying and dropping it, and with them on,
    the drop would cascade-delete every answer (the pragma only takes effect outside a transaction).
    """
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=partial(_connect, path, timeout=MIGRATION_WAIT_S, autocommit=True),
        poolclass=NullPool,
    )
    event.listen(engine, "connect", partial(_read_write_pragmas, foreign_keys=False, wait_s=MIGRATION_WAIT_S))
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_engine(parsed: URL, path: Path) -> Engine:
    if not path.parent.is_dir():
        if path.absolute() != default_db_path().absolute():
            raise StoreError(
                f"the folder {visible(str(path.parent))} for the database does not exist; "
                "create it first, or check the path given with --db or FIVEFOLD_DB"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {visible(str(path.parent))} for the database ({error.strerror})"
            ) from error
    if path.exists() and not path.is_file():
        raise StoreError(f"{visible(str(path))} is not a file; give the path of a SQLite database file")
    read_only = read_only_reason(path)
    if read_only is not None and not path.exists():
        raise StoreError(f"cannot create the database {visible(str(path))}: {read_only}")
    # The driver is called directly, with the decoded path: a file name holding '?' or '%'
    # would otherwise have to survive SQLAlchemy's URL parsing a second time.
    if read_only is None:
        engine = _create_engine(parsed, creator=partial(_connect, path))
        event.listen(engine, "connect", _read_write_pragmas)
    else:
        engine = _create_engine(parsed, creator=partial(connect_read_only, path))
        event.listen(engine, "connect", _read_only_pragmas)
    _refuse_unstorable_text(engine)
    return engine


# A lone surrogate is what Python makes of bytes that were not UTF-8 (PEP 383): no database can
# store it (sqlite3 raises UnicodeEncodeError). PostgreSQL cannot store NUL in text either.
_NOT_UNICODE = re.compile("[\ud800-\udfff]")
_NOT_UNICODE_OR_NUL = re.compile("[\ud800-\udfff\x00]")


def _refuse_unstorable_text(engine: Engine) -> None:
    """Refuse, in a sentence, a statement binding text the database cannot store, whichever front
    end or path it came through. ASCII text is passed at once; other text is searched, about 2 us
    for a few hundred characters and 1.4 ms for an answer at the 200,000-character limit."""
    postgres = engine.dialect.name == "postgresql"
    pattern = _NOT_UNICODE_OR_NUL if postgres else _NOT_UNICODE

    def check(_connection: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, many: bool) -> None:
        for value in _bound_texts(parameters, many):
            if value.isascii() and not (postgres and "\x00" in value):
                continue
            found = pattern.search(value)
            if found is None:
                continue
            char = visible(found.group())
            if found.group() == "\x00":
                raise StoreError(f"PostgreSQL cannot store text holding a NUL character ({char}); remove it")
            raise StoreError(
                f"text holding {char} cannot be stored: it comes from bytes that are not UTF-8; give it as UTF-8"
            )

    event.listen(engine, "before_cursor_execute", check)


def _bound_texts(parameters: Any, many: bool) -> Iterator[str]:
    for row in parameters if many else (parameters,):
        values = row.values() if isinstance(row, dict) else row if isinstance(row, (list, tuple)) else ()
        yield from (value for value in values if isinstance(value, str))


def _create_engine(parsed: URL, **options: Any) -> Engine:
    """`create_engine`, with a missing or unknown driver said in a sentence."""
    try:
        return create_engine(parsed, **options)
    except ModuleNotFoundError as error:
        raise StoreError(f"no driver for '{parsed.drivername}' is installed ({error.name}); install it") from error
    except NoSuchModuleError as error:
        shown = visible(parsed.render_as_string(hide_password=True))
        raise StoreError(f"'{shown}' names a database driver Fivefold does not know; {_EXAMPLES}") from error


def _connect(path: Path, *, timeout: float = BUSY_TIMEOUT_MS / 1000, autocommit: bool = False) -> sqlite3.Connection:
    # The TUI saves from a worker thread; every connection is still used by one thread at a time.
    connection = sqlite3.connect(path, check_same_thread=False, timeout=timeout)
    if autocommit:
        connection.isolation_level = None
    return connection


def _server_connect_args(parsed: URL) -> dict[str, Any]:
    return {"check_same_thread": False} if parsed.get_backend_name() == "sqlite" else {}


def _read_write_pragmas(
    dbapi_connection: Any, _record: Any, *, foreign_keys: bool = True, wait_s: float = BUSY_TIMEOUT_MS / 1000
) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(wait_s * 1000)}")
    _enter_wal(cursor, wait_s)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.close()


def _enter_wal(cursor: Any, wait_s: float) -> None:
    """Switch the database to WAL, waiting up to `wait_s` for another process's write lock.

    On a new file the switch writes the header from inside a read transaction, and SQLite refuses
    that upgrade at once, without its busy handler, while another process holds the write lock:
    two processes creating the same database at once would have one fail with "database is locked".
    """
    deadline = time.monotonic() + wait_s
    pause = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "") != "SQLITE_BUSY" or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()
