"""`fivefold db path|upgrade`."""

from __future__ import annotations

import argparse
from typing import Any

from fivefold.cli.context import Context
from fivefold.store.engine import sqlite_path


def add_parsers(commands: Any) -> None:
    db = commands.add_parser("db", help="where the database is, and upgrading it")
    db.set_defaults(handler=lambda _context, _args: db.print_help() or 2)
    verbs = db.add_subparsers(title="database commands", metavar="COMMAND")
    path = verbs.add_parser("path", help="print the database file (or URL) in use")
    path.set_defaults(handler=print_path)
    upgrade = verbs.add_parser("upgrade", help="upgrade the database to this Fivefold's schema")
    upgrade.set_defaults(handler=upgrade_db)


def print_path(context: Context, _args: argparse.Namespace) -> int:
    path = sqlite_path(context.db_url)
    print(path if path is not None else context.db_url)
    return 0


def upgrade_db(context: Context, _args: argparse.Namespace) -> int:
    context.store  # opening the store upgrades it, or refuses a newer one  # noqa: B018
    print("the database is up to date")
    return 0
