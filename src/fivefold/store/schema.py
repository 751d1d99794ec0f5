"""Bring a database to the schema this Fivefold knows, through Alembic, or refuse it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from fivefold.locations import migrations_dir
from fivefold.store.engine import sqlite_path
from fivefold.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions. Knowing it here lets start-up skip importing
# Alembic (about 60 ms) when the database is already current; a test keeps it in step.
SCHEMA_HEAD = "0005"
VERSION_TABLE = "alembic_version"


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


def refuse_newer_sqlite(path: Path) -> None:
    """Check a SQLite file's revision through a read-only connection, so a refused file is never touched."""
    if not path.exists():
        return
    # as_uri() percent-encodes '#', '?' and '%': in a bare "file:" URI they would cut the path
    # short and drop mode=ro, so SQLite would create a stray file and skip this check.
    # Without a -wal file nobody has the database open in WAL mode, and immutable=1 keeps a
    # read-only connection from leaving an empty -wal and -shm beside a file it refuses.
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the database {path} ({error}); check the path and its permissions") from error
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if VERSION_TABLE in tables:
            row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is not a SQLite database ({error}); choose another file with --db") from error
    finally:
        connection.close()
    _judge(str(path), tables, revision)


def current_revision(connection: Connection) -> str | None:
    tables = set(inspect(connection).get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    _judge(connection.engine.url.render_as_string(hide_password=True), tables, revision)
    return revision


def _judge(where: str, tables: set[str], revision: str | None) -> None:
    if revision is None and tables - {VERSION_TABLE}:
        raise StoreError(f"the database {where} has tables but is not a Fivefold database; choose another with --db")
    if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():
        raise StoreError(
            f"the database {where} was written by a newer Fivefold (schema revision '{revision}'); "
            "upgrade Fivefold to open it, or choose another database with --db"
        )


def upgrade_to_head(engine: Engine) -> bool:
    """Upgrade when the database is behind; returns whether anything was run."""
    path = sqlite_path(str(engine.url))
    if path is not None:
        refuse_newer_sqlite(path)
    with engine.connect() as connection:
        if current_revision(connection) == SCHEMA_HEAD:
            return False
    from alembic import command

    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a SQLite table by copying it and dropping the original;
            # with foreign keys on, that drop would cascade-delete every answer. The pragma
            # only takes effect outside a transaction, so it comes first.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            if broken:
                raise StoreError(f"the upgrade left {len(broken)} row(s) pointing at missing rows: {broken[:3]}")
    return True
