"""`fivefold list`: every assessment with its progress, read without the store when it can be.

On a SQLite file at the schema the listing is written for, `review.listing` runs its query through
`sqlite3` and takes the banks' facts from their cache: SQLAlchemy, SQLModel and pydantic, most of
what the command would cost at 100 assessments (about 40 MiB and 500 ms), are never imported
(benchmarks/list_json.py, tests/test_startup_imports.py). Any other database, or a file that must be
upgraded or is newer than this Fivefold, goes through the store, which upgrades or refuses it as
every command does, and the same query runs there.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from fivefold.cli.context import Context
from fivefold.locations import bank_dirs, user_cache_dir
from fivefold.review.bank_facts import InstalledBanks
from fivefold.review.listing import LISTING_SCHEMA, ListingRow, read_sqlite_listing
from fivefold.store.sqlite_files import connect_read_only
from fivefold.visible import one_line, visible, visible_json

SQLITE_PREFIX = "sqlite:///"


def list_assessments(context: Context, args: argparse.Namespace) -> int:
    listing = _listing(context)
    if args.json:
        # Exact values for a program, inert on a terminal (control and invisible characters as \u escapes).
        print(visible_json(json.dumps([_as_json(row) for row in listing], indent=2, ensure_ascii=False)))
        return 0
    if not listing:
        print("No assessments yet. Create one with 'fivefold new' or open the app with 'fivefold'.")
        return 0
    print(f"{'ID':>4}  {'PROGRESS':>9}  {'BANK':<14} {'SYSTEM':<24} TITLE")
    for row in listing:
        progress = f"{row.answered}/{row.total}" if row.total is not None else "bank?"
        system = f"{row.system_name} {row.system_version}".strip()
        print(
            f"{row.id:>4}  {progress:>9}  {visible(row.bank_id):<14} {one_line(system, 24):<24} {one_line(row.title, 60)}"
        )
    return 0


def _as_json(row: ListingRow) -> dict[str, object]:
    return {
        "id": row.id,
        "title": row.title,
        "system": row.system_name,
        "system_version": row.system_version,
        "bank": row.bank_id,
        "bank_version": row.bank_version,
        "answered": row.answered,
        "total": row.total,
        "updated": row.updated_at.isoformat(timespec="seconds"),
    }


def _listing(context: Context) -> list[ListingRow]:
    path = current_sqlite_file(context.db_url)
    if path is not None:
        banks = InstalledBanks(bank_dirs(context.bank_dirs), user_cache_dir() / "bank-facts")
        context.bank_problems = banks.problems  # said once on stderr, as for any command that read the banks
        return read_sqlite_listing(path, banks.resolve)
    from fivefold.review.listing import listing_rows

    return listing_rows(context.store, context.registry)


def current_sqlite_file(url: str) -> Path | None:
    """The SQLite file behind a plain `sqlite:///PATH` URL when it exists at `LISTING_SCHEMA`, else None.

    None sends the command through the store: another database, a URL SQLAlchemy must parse (query
    options, percent escapes), a file that is missing, must be upgraded, is newer than this Fivefold,
    or is not a database at all.
    """
    if not url.startswith(SQLITE_PREFIX):
        return None
    name = url.removeprefix(SQLITE_PREFIX)
    if name in ("", ":memory:") or any(mark in name for mark in "?#%"):
        return None
    path = Path(name)
    return path if _revision(path) == LISTING_SCHEMA else None


def _revision(path: Path) -> str | None:
    """The file's schema revision, read without writing a byte (as `store.schema.refuse_newer_sqlite` reads it)."""
    if not path.is_file():
        return None
    try:
        connection = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row else None
