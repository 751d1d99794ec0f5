"""`fivefold db path|upgrade|backup` (their options are in `fivefold.cli.parser`)."""

from __future__ import annotations

import argparse
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from fivefold.cli.context import Context
from fivefold.cli.progress import ProgressLine
from fivefold.errors import FivefoldError
from fivefold.store.engine import connect_read_only, read_only_reason, sqlite_path, where
from fivefold.visible import visible

# Pages copied between two progress reports: 4 MB with SQLite's default page size. Steps cost nothing
# measurable: a 509 MB database took 0.68 to 0.72 s in steps of 256 to 1,024 pages, 0.77 s in one.
BACKUP_STEP_PAGES = 1024


def print_path(context: Context, _args: argparse.Namespace) -> int:
    print(where(context.db_url))
    return 0


def upgrade_db(context: Context, _args: argparse.Namespace) -> int:
    context.store  # opening the store upgrades it, or refuses a newer one  # noqa: B018
    print("the database is up to date")
    return 0


def backup_db(context: Context, args: argparse.Namespace) -> int:
    """SQLite's online backup into a temp file beside the target, then a rename: never half a copy."""
    source = sqlite_path(context.db_url)
    if source is None:
        raise FivefoldError(
            f"'{where(context.db_url)}' is not a SQLite file; back a server up with its own tools (pg_dump)"
        )
    context.store  # upgrade (or refuse) first, so the backup is of a database this Fivefold can open  # noqa: B018
    target: Path = args.path
    if target.exists() and not args.force:
        raise FivefoldError(f"{target} already exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise FivefoldError(f"the folder {target.parent} does not exist; create it first")
    partial = target.with_name(f".{target.name}.partial")
    # A read-only file is read without leaving a -wal or -shm beside it (see connect_read_only).
    connect_source = connect_read_only if read_only_reason(source) else sqlite3.connect
    try:
        with (
            closing(connect_source(source)) as live,
            closing(sqlite3.connect(partial)) as copy,
            ProgressLine(f"backing up {source.name}") as line,
        ):
            live.backup(copy, pages=BACKUP_STEP_PAGES, progress=lambda _, left, total: line.update(total - left, total))
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise FivefoldError(f"cannot back {visible(str(source))} up to {visible(str(target))} ({error})") from error
    print(visible(str(target)))
    return 0
