"""`fivefold db path|upgrade` (their options are in `fivefold.cli.parser`)."""

from __future__ import annotations

import argparse

from fivefold.cli.context import Context
from fivefold.store.engine import sqlite_path


def print_path(context: Context, _args: argparse.Namespace) -> int:
    path = sqlite_path(context.db_url)
    print(path if path is not None else context.db_url)
    return 0


def upgrade_db(context: Context, _args: argparse.Namespace) -> int:
    context.store  # opening the store upgrades it, or refuses a newer one  # noqa: B018
    print("the database is up to date")
    return 0
