"""Every path Fivefold reads or writes, decided in one place."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

APP_NAME = "fivefold"
DB_ENV = "FIVEFOLD_DB"

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A top-level project folder: inside the package in a wheel, at the repo root in a checkout."""
    in_wheel = _PACKAGE / name
    return in_wheel if in_wheel.is_dir() else _PACKAGE.parent.parent / name


def bundled_bank_dir() -> Path:
    return _shipped("questionbanks")


def migrations_dir() -> Path:
    return _shipped("migrations")


def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_bank_dir() -> Path:
    """Where a user keeps banks of their own (read if it exists, never created)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "banks"


def bank_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Where banks are found, in the order they load: bundled, the user's, then each `--bank-dir`."""
    return [bundled_bank_dir(), user_bank_dir(), *extra]


def user_cache_dir() -> Path:
    """What Fivefold can always rebuild (the bank facts `fivefold list` reads); created when first written."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{user_data_dir() / 'fivefold.db'}"


def db_url(explicit: str | None = None) -> str:
    """The database URL: `--db`, else `FIVEFOLD_DB`, else the SQLite file in the user data folder."""
    return explicit or os.environ.get(DB_ENV) or default_db_url()
