"""Bring a database to the schema this Fivefold knows, through Alembic, or refuse it untouched.

Opening a database goes: look at a SQLite file through a read-only connection (refuse a newer,
foreign, non-SQLite or damaged one as it is); if it is behind, migrate it in one transaction
that holds the database's write lock, re-reading its revision under the lock. A process killed
during a first run or an upgrade therefore leaves the database as it was before, and processes
starting on the same database at once take turns. Nothing here names a revision but SCHEMA_HEAD.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from fivefold.locations import migrations_dir
from fivefold.store.engine import connect_read_only, migration_engine, read_only_reason, sqlite_path, where
from fivefold.store.errors import StoreError
from fivefold.store.faults import describe, disk_full, out_of_room
from fivefold.store.integrity import damage, needs_check, remember_sound
from fivefold.visible import visible

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions. Knowing it here lets start-up skip importing
# Alembic (about 60 ms) when the database is already current; a test keeps it in step.
SCHEMA_HEAD = "0005"
VERSION_TABLE = "alembic_version"
# PostgreSQL's lock for "migrating this database", taken for the migration's transaction.
_MIGRATION_LOCK_ID = int.from_bytes(b"fivefold", "big")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config built in code: the shipped migrations/, no ini file, no URL parsing."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_sqlite_file(path: Path) -> None:
    """Refuse a SQLite file Fivefold must not open, through a read-only connection so that it is
    left exactly as it was: a newer or foreign database, a file that is not SQLite, a damaged one."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # a new database (an empty file becomes one too)
    shown = visible(str(path))
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the database {shown} ({error}); check the path and its permissions") from error
    checked = False
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if VERSION_TABLE in tables:
            row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            revision = row[0] if row else None
        leftover = revision is None and _unfinished_first_run(
            tables, lambda table: connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]
        )
        _judge(shown, tables, revision, leftover=leftover)
        if needs_check(path):
            found = damage(connection)
            if found is not None:
                raise StoreError(
                    f"the database {shown} is damaged (SQLite's quick_check: {found}); restore it from a "
                    "backup ('fivefold db backup' makes one) and keep this file for inspection"
                )
            checked = True
    except sqlite3.DatabaseError as error:
        raise StoreError(disk_full(shown) if out_of_room(error, path) else _unreadable_sqlite(shown, error)) from error
    finally:
        connection.close()
    if checked:
        remember_sound(path)


def _unreadable_sqlite(shown: str, error: sqlite3.Error) -> str:
    """The sentence for a file SQLite cannot read: not a database at all, or a damaged one."""
    if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
        return f"{shown} is not a SQLite database ({error}); choose another file with --db"
    return (
        f"the database {shown} is damaged or incomplete ({error}); restore it from a backup "
        "('fivefold db backup' makes one) and keep this file for inspection"
    )


def current_revision(connection: Connection) -> str | None:
    tables = set(inspect(connection).get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    leftover = revision is None and _unfinished_first_run(
        tables, lambda table: connection.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{table}")')).scalar()
    )
    _judge(where(connection.engine.url.render_as_string(hide_password=False)), tables, revision, leftover=leftover)
    return revision


def _unfinished_first_run(tables: set[str], has_rows: Callable[[str], object]) -> bool:
    """Whether `tables` are what an older Fivefold's interrupted first run left: some of its own
    tables, every one empty, and no revision stamped (Python's sqlite3 committed each CREATE TABLE
    on its own, so `kill -9` could stop it halfway). Such a database is created again, not refused."""
    from fivefold.store.models import metadata

    ours = set(metadata.tables) | {VERSION_TABLE}
    return bool(tables) and tables <= ours and not any(has_rows(table) for table in tables)


def _judge(shown: str, tables: set[str], revision: str | None, *, leftover: bool = False) -> None:
    if revision is None and tables - {VERSION_TABLE} and not leftover:
        raise StoreError(f"the database {shown} has tables but is not a Fivefold database; choose another with --db")
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise StoreError(
            f"the database {shown} was written by a newer Fivefold (schema revision '{visible(revision)}'); "
            "upgrade Fivefold to open it, or choose another database with --db"
        )


def upgrade_span(revision: str) -> str:
    """How a front end names the upgrade about to run on a database at `revision`."""
    return f"from schema revision {visible(revision)} to {SCHEMA_HEAD} (once)"


def upgrade_to_head(engine: Engine, *, upgrading: Callable[[str], None] | None = None) -> bool:
    """Upgrade when the database is behind; returns whether this process ran the migrations.

    `upgrading` is called with the database's revision when an existing database is about to be
    upgraded (at 10,000 assessments that takes seconds), not for a new one (well under a second).
    The database's own errors (a server that does not answer, a file SQLite cannot read) come out
    as a StoreError naming the database, without its password.
    """
    url = engine.url.render_as_string(hide_password=False)
    try:
        return _upgrade_to_head(engine, url, upgrading)
    except DBAPIError as error:
        raise StoreError(describe(error, url) or str(error)) from error


def _upgrade_to_head(engine: Engine, url: str, upgrading: Callable[[str], None] | None) -> bool:
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
    with engine.connect() as connection:
        if current_revision(connection) == SCHEMA_HEAD:
            return False
    if path is not None and (reason := read_only_reason(path)) is not None:
        raise StoreError(
            f"the database {visible(str(path))} needs an upgrade to this Fivefold's schema, but {reason}; "
            "make it writable, or open it with the Fivefold that wrote it"
        )
    return _migrate(engine, path, upgrading)


def _migrate(engine: Engine, path: Path | None, upgrading: Callable[[str], None] | None) -> bool:
    from alembic import command

    migrator = migration_engine(path) if path is not None else engine
    try:
        with migrator.connect() as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
            # Another process may have migrated while this one waited for the lock.
            revision = current_revision(connection)
            if revision == SCHEMA_HEAD:
                return False
            if revision is None:  # what an interrupted first run left, all empty (else refused above)
                for table in inspect(connection).get_table_names():
                    connection.execute(text(f'DROP TABLE "{table}"'))
            elif upgrading is not None:
                upgrading(revision)
            command.upgrade(alembic_config(connection), "head")
            if connection.dialect.name == "sqlite":
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # raised inside the transaction: the upgrade is rolled back whole
                    raise StoreError(f"the upgrade left {len(broken)} row(s) pointing at missing rows: {broken[:3]}")
    finally:
        if migrator is not engine:
            migrator.dispose()
    return True
