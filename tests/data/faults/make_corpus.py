"""Write the database files of the fault corpus (tests/data/faults/*.db), as README.md describes.

Run from the repository root: `python tests/data/faults/make_corpus.py`. The files are committed:
they are the corpus, and regenerating them is only for adding a new one. Each is made small
(1 KiB pages) and checkpointed into one file, so a test can compare it byte for byte.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from fivefold.banks import BankRegistry
from fivefold.review import record_answer
from fivefold.store import AnswerStatus, Store
from fivefold.store.engine import migration_engine
from fivefold.store.schema import alembic_config

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 1024
# What the older database holds; tests/test_faults.py reads these back after the upgrade.
OLD_ANSWERS = {
    "platonic.theory.ethically-virtuous": ("addressed", "Kept through the upgrade.\r\nWith CRLF, a tab\there."),
    "platonic.theory.long-term-happiness": ("concern", "ESC \x1b[2J and RTL \u202e and NUL-free."),
    "testing.practice.halt-anytime": (None, "A draft, no status."),
}


def compact(path: Path) -> None:
    """Small pages, one file: rollback journal for the VACUUM, then WAL again as Fivefold leaves it."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute(f"PRAGMA page_size={PAGE_SIZE}")
    connection.execute("VACUUM")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def fivefold_database(path: Path) -> None:
    """A current Fivefold database with one assessment and a few answers."""
    path.unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{path}")
    bank = BankRegistry.default().get("five-phase")
    assessment = store.create_assessment(
        title="Corpus review",
        system_name="corpus-clf",
        system_version="1.0",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    for question_id, (status, text) in OLD_ANSWERS.items():
        chosen = AnswerStatus(status) if status else None
        record_answer(store, bank, assessment.id, question_id, status=chosen, rationale=text * 20)
    store.close()
    compact(path)


def root_page(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    finally:
        connection.close()


def scribble(path: Path, page: int) -> None:
    """Overwrite the b-tree header of one page (page 1 holds the file header first)."""
    data = bytearray(path.read_bytes())
    start = (page - 1) * PAGE_SIZE + (100 if page == 1 else 0)
    data[start : start + 12] = b"\xa5" * 12
    path.write_bytes(bytes(data))


def older_database(path: Path, revision: str) -> None:
    """A database as Fivefold at `revision` left it, with answers written in that schema's SQL."""
    path.unlink(missing_ok=True)
    engine = migration_engine(path)
    with engine.connect() as connection, connection.begin():
        command.upgrade(alembic_config(connection), revision)
        connection.exec_driver_sql(
            "INSERT INTO assessment (id, title, system_name, system_version, bank_id, bank_version, bank_hash, "
            "created_at, updated_at) VALUES (1, 'Old review', 'old-clf', '0.9', 'five-phase', '1.0.0', ?, "
            "'2026-01-02 03:04:05.000000', '2026-01-02 03:04:05.000000')",
            ("0" * 64,),
        )
        for question_id, (status, text) in OLD_ANSWERS.items():
            connection.exec_driver_sql(
                "INSERT INTO answer (assessment_id, question_id, status, rationale, evidence, revision, updated_at) "
                "VALUES (1, ?, ?, ?, '[\"old-evidence\"]', 1, '2026-01-02 03:04:05.000000')",
                (question_id, status, text),
            )
    engine.dispose()
    compact(path)


def main() -> None:
    fivefold_database(HERE / "current.db")

    newer = HERE / "newer.db"
    fivefold_database(newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    compact(newer)

    foreign = HERE / "foreign.db"
    foreign.unlink(missing_ok=True)
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.commit()
    connection.close()

    (HERE / "not-sqlite.db").write_text("these are my notes, not a database\n" * 40, encoding="utf-8")

    current = (HERE / "current.db").read_bytes()
    (HERE / "truncated.db").write_bytes(current[: len(current) // 2])
    (HERE / "header-only.db").write_bytes(current[:100])

    for name, tree in (("corrupt-table-page.db", "answer"), ("corrupt-index-page.db", "ix_assessment_bank_id")):
        target = HERE / name
        target.write_bytes(current)
        scribble(target, root_page(target, tree))

    older_database(HERE / "revision-0001.db", "0001")

    # What an older Fivefold's first run left when killed between two CREATE TABLEs (each one
    # committed on its own): two empty tables, no revision. And the same holding a row: not empty,
    # so not a leftover to create again but somebody's data, refused untouched.
    unfinished = HERE / "unfinished-first-run.db"
    older_database(unfinished, "0001")
    connection = sqlite3.connect(unfinished)
    connection.execute("DELETE FROM answer")
    connection.execute("DELETE FROM assessment")
    connection.execute("DROP TABLE alembic_version")
    connection.execute("DROP TABLE lens_goal")
    connection.commit()
    connection.close()
    compact(unfinished)
    with_rows = HERE / "unfinished-first-run-with-rows.db"
    with_rows.write_bytes(unfinished.read_bytes())
    connection = sqlite3.connect(with_rows)
    connection.execute(
        "INSERT INTO assessment (id, title, system_name, system_version, bank_id, bank_version, bank_hash, "
        "created_at, updated_at) VALUES (1, 'Kept', 's', '1', 'b', '1', 'h', '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    connection.close()
    compact(with_rows)


if __name__ == "__main__":
    main()
