"""Reading a SQLite file with the standard library alone, leaving nothing beside it.

`fivefold list` reads a current database through `sqlite3` without importing SQLAlchemy
(cli/list_command.py), and the store opens a read-only file the same way (store/engine.py):
one function, so both leave no -wal or -shm beside a file they only read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no -wal or -shm file beside a file it only reads.

    Without a -wal file nobody has the database open in WAL mode, and immutable=1 keeps SQLite
    from creating them; with one, another process is using it, and they are not ours to remove.
    as_uri() percent-encodes '#', '?' and '%': in a bare "file:" URI they would cut the path short
    and drop mode=ro, so SQLite would create a stray file.
    """
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    return sqlite3.connect(
        f"{path.absolute().as_uri()}?mode=ro{immutable}",
        uri=True,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
