"""What checking a SQLite file for damage costs when a command opens it.

    python benchmarks/db_open.py [--sizes 100,1000,10000] [--rounds N]

`Store.open` runs `PRAGMA quick_check` (every page read) when the file is not in the state it was
in when last found sound (fivefold.store.integrity). This times, on databases of each size:

- open, file remembered as sound: `Store.open` + `close` of an unchanged file (no check);
- open, file changed: the same after the file's time was touched, so the check runs;
- quick_check alone, for the record.

The databases copy the demo assessment (39 answers and their audit events) N times, with
SQLite's own INSERT ... SELECT; 10,000 of them make a file of about 450 MB. The check's cost is
printed as a ratio to the unchanged open measured in the same run: why it is not run on every open.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.store import Store

SIZES = (100, 1_000, 10_000)
ROUNDS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="assessment counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"timed opens per figure (default {ROUNDS})")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fivefold-bench-") as folder:
        os.environ["XDG_STATE_HOME"] = folder  # where the store remembers sound files: keep it in here
        for size in (int(size) for size in options.sizes.split(",")):
            path = Path(folder) / f"assessments-{size}.db"
            build(path, size)
            url = f"sqlite:///{path}"
            Store.open(url).close()  # checked once, and remembered as sound
            unchanged = median_ms(lambda url=url: Store.open(url).close(), options.rounds)

            def changed_open(url: str = url, path: Path = path) -> None:
                os.utime(path)  # a new modification time: the file counts as changed
                Store.open(url).close()

            checked = median_ms(changed_open, options.rounds)
            alone = median_ms(lambda path=path: quick_check(path), options.rounds)
            megabytes = path.stat().st_size / 1e6
            print(
                f"{size:>6,} assessments ({megabytes:5.0f} MB)  open {unchanged:7.1f} ms  "
                f"open after a change {checked:7.1f} ms  ratio {checked / unchanged:6.1f}  "
                f"quick_check alone {alone:7.1f} ms"
            )
    return 0  # benchmarks inform, they do not gate


def build(path: Path, size: int) -> None:
    """A database holding the demo assessment `size` times."""
    store = Store.open(f"sqlite:///{path}")
    try:
        create_demo_assessment(store, BankRegistry.default())
    finally:
        store.close()
    connection = sqlite3.connect(path)
    try:
        columns = {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in ("assessment", "answer", "audit_event")
        }
        kept = [column for column in columns["assessment"] if column != "id"]
        copied = ", ".join(kept)
        # Each copy is its own assessment to the store: a UUID of its own (the column is unique).
        selected = ", ".join("?" if column == "uuid" else column for column in kept)
        for number in range(2, size + 1):
            connection.execute(
                f"INSERT INTO assessment (id, {copied}) SELECT {number}, {selected} FROM assessment WHERE id = 1",
                (str(uuid.uuid4()),),
            )
            for table in ("answer", "audit_event"):
                rest = ", ".join(columns[table][1:])
                connection.execute(
                    f"INSERT INTO {table} (assessment_id, {rest}) SELECT {number}, {rest} FROM {table} "
                    "WHERE assessment_id = 1"
                )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def quick_check(path: Path) -> None:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()


def median_ms(run: Callable[[], object], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    sys.exit(main())
