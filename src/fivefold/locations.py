"""Every path Fivefold reads or writes, decided in one place."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from fivefold.errors import FivefoldError
from fivefold.visible import visible

APP_NAME = "fivefold"
DB_ENV = "FIVEFOLD_DB"
ALLOWED_SIGNERS_ENV = "FIVEFOLD_ALLOWED_SIGNERS"
DB_FILE_NAME = "fivefold.db"

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


def user_state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def user_bank_dir() -> Path:
    """Where a user keeps banks of their own (read if it exists, never created)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "banks"


def default_db_path() -> Path:
    """The SQLite file used when neither --db nor FIVEFOLD_DB names one; the only database whose
    folder Fivefold creates (an explicit path in a missing folder is more likely a typo)."""
    return user_data_dir() / DB_FILE_NAME


def sound_databases_file() -> Path:
    """Which SQLite files were last found sound, and in what state (see `fivefold.store.integrity`)."""
    return user_state_dir() / "sound-databases.json"


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file, for any file name.

    SQLAlchemy percent-decodes the database part of a URL and ends it at '?', so those two
    characters are encoded; everything else is kept as it is, readable in messages.
    """
    database = str(path.absolute()).replace("%", "%25").replace("?", "%3F")
    return f"sqlite:///{database}"


def bank_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Where banks are found, in the order they load: bundled, the user's, then each `--bank-dir`."""
    return [bundled_bank_dir(), user_bank_dir(), *extra]


def user_cache_dir() -> Path:
    """What Fivefold can always rebuild (the bank facts `fivefold list` reads); created when first written."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return sqlite_url(default_db_path())


def db_url(explicit: str | None = None) -> str:
    """The database URL: `--db`, else `FIVEFOLD_DB`, else the SQLite file in the user data folder.

    A value without "://" is the path of a SQLite file. An empty `--db` is refused rather than
    read as "the default": a script whose variable came out empty must not write elsewhere.
    """
    if explicit is not None:
        return _as_url(explicit, "--db")
    from_environment = os.environ.get(DB_ENV)
    if from_environment:
        return _as_url(from_environment, DB_ENV)
    return default_db_url()


def _as_url(value: str, source: str) -> str:
    if not value.strip():
        raise FivefoldError(f"{source} is empty; give the path of a SQLite file or a database URL")
    if any("\ud800" <= char <= "\udfff" for char in value):
        # Python hands over bytes that are not UTF-8 as lone surrogates (PEP 383).
        raise FivefoldError(f"{source} is not valid UTF-8 ('{visible(value)}'); give it as UTF-8 text")
    return value if "://" in value else sqlite_url(Path(value))


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
