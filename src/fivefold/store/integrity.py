"""Notice a SQLite file damaged outside Fivefold before anything is read from it or written to it.

SQLite reports a damaged page only when a query happens to read it, and a damaged index page
may never be reported at all while writes keep landing beside it. `PRAGMA quick_check` reads
every page, but costs about 0.37 s on a 455 MB database of 10,000 assessments (benchmarks/
db_open.py), far too much for every `fivefold answer`. So it runs when the file is not in the
state it was in when last found sound: another size, header, modification time or inode (an
edit, a copy over it, a restore). The states are kept in the user state folder, by path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from pathlib import Path

from fivefold.locations import sound_databases_file
from fivefold.visible import visible

HEADER_BYTES = 100  # the SQLite file header: page size, change counter, page count, schema cookie...
REMEMBERED = 64  # files remembered; the oldest are forgotten (and simply checked again)


def file_state(path: Path) -> str | None:
    """A short fingerprint of the file as it is now, or None when it cannot be read."""
    try:
        stat = path.stat()
        with path.open("rb") as handle:
            header = handle.read(HEADER_BYTES)
    except OSError:
        return None
    seen = f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{header.hex()}"
    return hashlib.sha256(seen.encode()).hexdigest()[:32]


def needs_check(path: Path) -> bool:
    """Whether `path` changed since it was last found sound (an empty file has nothing to check)."""
    try:
        if path.stat().st_size == 0:
            return False
    except OSError:
        return True
    state = file_state(path)
    return state is None or _remembered().get(_key(path)) != state


def damage(connection: sqlite3.Connection) -> str | None:
    """What `PRAGMA quick_check` found wrong with the database, or None when it is sound."""
    rows = connection.execute("PRAGMA quick_check(3)").fetchall()
    if not rows or rows[0][0] == "ok":
        return None
    # A row may hold several lines, the first naming the database ("*** in database main ***").
    lines = [line.strip() for row in rows for line in str(row[0]).splitlines()]
    found = "; ".join([line for line in lines if line and not line.startswith("***")][:3])
    return visible(found or "a problem it does not describe", keep_newlines=False)


def remember_sound(path: Path) -> None:
    """Record the file's current state as sound. A lost race with another process only costs a
    second check, so the record is replaced whole (written beside it, then renamed), never locked."""
    state = file_state(path)
    if state is None:
        return
    remembered = _remembered()
    remembered.pop(_key(path), None)
    remembered[_key(path)] = state
    kept = dict(list(remembered.items())[-REMEMBERED:])
    target = sound_databases_file()
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(kept, indent=1), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        # An unwritable state folder only means the next open checks the file again.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _remembered() -> dict[str, str]:
    try:
        loaded = json.loads(sound_databases_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(key): str(value) for key, value in loaded.items()}


def _key(path: Path) -> str:
    # surrogateescape: a file name that is not UTF-8 still gets a key (JSON escapes it as \udcxx).
    return str(path.absolute())
