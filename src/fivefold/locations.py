"""Every path Fivefold reads or writes, decided in one place."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "fivefold"
DB_ENV = "FIVEFOLD_DB"
ALLOWED_SIGNERS_ENV = "FIVEFOLD_ALLOWED_SIGNERS"

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


def default_db_url() -> str:
    return f"sqlite:///{user_data_dir() / 'fivefold.db'}"


def db_url(explicit: str | None = None) -> str:
    """The database URL: `--db`, else `FIVEFOLD_DB`, else the SQLite file in the user data folder."""
    return explicit or os.environ.get(DB_ENV) or default_db_url()


def user_allowed_signers() -> Path:
    """The allowed signers file a user keeps in their config folder (read if it exists, never created)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "allowed_signers"


def allowed_signers_file(explicit: Path | None = None) -> Path | None:
    """The allowed signers file the app checks signatures against: `--allowed-signers`, else
    `FIVEFOLD_ALLOWED_SIGNERS`, else `allowed_signers` in the user config folder if it exists, else None
    (signatures unchecked). A file named by the option or the variable is returned even if missing,
    so that the check reports it. `gate` and `verify` read only their own `--allowed-signers`.
    """
    if explicit is not None:
        return explicit
    named = os.environ.get(ALLOWED_SIGNERS_ENV)
    if named:
        return Path(named).expanduser()
    own = user_allowed_signers()
    return own if own.is_file() else None
