"""`fivefold db path|upgrade|backup` (their options are in `fivefold.cli.parser`)."""

from __future__ import annotations

import argparse
import os
import sqlite3
from pathlib import Path

from fivefold.cli.context import Context
from fivefold.errors import FivefoldError
from fivefold.store.engine import sqlite_path


def print_path(context: Context, _args: argparse.Namespace) -> int:
    path = sqlite_path(context.db_url)
    print(path if path is not None else context.db_url)
    return 0


def upgrade_db(context: Context, _args: argparse.Namespace) -> int:
    context.store  # opening the store upgrades it, or refuses a newer one  # noqa: B018
    print("the database is up to date")
    return 0


def backup_db(context: Context, args: argparse.Namespace) -> int:
    """SQLite's online backup into a temp file beside the target, then a rename: never half a copy."""
    source = sqlite_path(context.db_url)
    if source is None:
        raise FivefoldError(f"'{context.db_url}' is not a SQLite file; back a server up with its own tools (pg_dump)")
    context.store  # upgrade (or refuse) first, so the backup is of a database this Fivefold can open  # noqa: B018
    target: Path = args.path
    if target.exists() and not args.force:
        raise FivefoldError(f"{target} already exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise FivefoldError(f"the folder {target.parent} does not exist; create it first")
    partial = target.with_name(f".{target.name}.partial")
    try:
        with sqlite3.connect(source) as live, sqlite3.connect(partial) as copy:
            live.backup(copy)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise FivefoldError(f"cannot back {source} up to {target} ({error})") from error
    print(target)
    return 0
