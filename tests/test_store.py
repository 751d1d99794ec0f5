"""The store: migrations to head, refusing newer or foreign databases, revisions, cascades."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from fivefold.store import AnswerConflict, AnswerStatus, Assessment, Store, StoreError
from fivefold.store.database import AnswerDraft
from fivefold.store.engine import sqlite_path
from fivefold.store.models import metadata
from fivefold.store.schema import SCHEMA_HEAD, alembic_config

QUESTION = "platonic.theory.ethically-virtuous"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def new_assessment(store: Store, title: str = "Claims triage review") -> Assessment:
    return store.create_assessment(
        title=title,
        system_name="claims-triage",
        system_version="2.3.0",
        bank_id="five-phase",
        bank_version="1.0.0",
        bank_hash="0" * 64,
    )


def draft(text: str, status: AnswerStatus | None = AnswerStatus.ADDRESSED) -> AnswerDraft:
    return AnswerDraft(question_id=QUESTION, status=status, rationale=text)


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def stored_revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def make_future_database(url: str) -> Path:
    """A Fivefold database stamped by a newer Fivefold, checkpointed so that it is one file."""
    Store.open(url).close()
    path = sqlite_path(url)
    assert path is not None
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in folder.iterdir() if item.is_file()}


# Migrations ----------------------------------------------------------------------------------------


def test_new_database_is_upgraded_to_head(db_url: str) -> None:
    path = sqlite_path(db_url)
    assert path is not None and not path.exists()
    Store.open(db_url).close()
    assert {"assessment", "answer", "lens_goal", "alembic_version"} <= tables(path)
    assert stored_revision(path) == SCHEMA_HEAD


def test_schema_head_is_alembic_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [SCHEMA_HEAD]


def test_models_and_migrations_agree(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_opening_a_current_database_keeps_its_data(db_url: str) -> None:
    first = Store.open(db_url)
    made = new_assessment(first)
    first.close()
    again = Store.open(db_url)
    try:
        assert [assessment.id for assessment in again.assessments()] == [made.id]
    finally:
        again.close()


# Refusing databases ----------------------------------------------------------------------------------


def test_newer_database_is_refused_untouched(db_url: str, tmp_path: Path) -> None:
    path = make_future_database(db_url)
    before = folder_bytes(tmp_path)
    assert path.name in before and f"{path.name}-wal" not in before
    with pytest.raises(StoreError) as caught:
        Store.open(db_url)
    assert "newer Fivefold" in str(caught.value)
    assert "9999_future" in str(caught.value)
    assert folder_bytes(tmp_path) == before  # same bytes, and no -wal or -shm left beside it
    assert stored_revision(path) == "9999_future"


def test_newer_database_in_a_folder_with_uri_characters_is_refused(tmp_path: Path) -> None:
    # '#' and '?' end the path of a SQLite "file:" URI; the read-only check must not cut it short.
    folder = tmp_path / "team#1"
    folder.mkdir()
    url = f"sqlite:///{folder}/fivefold.db"
    make_future_database(url)
    before = folder_bytes(folder)
    with pytest.raises(StoreError, match="newer Fivefold"):
        Store.open(url)
    assert folder_bytes(folder) == before
    assert not (tmp_path / "team").exists()


def test_cli_refuses_newer_database_with_one_line(db_url: str, run_fivefold) -> None:
    path = make_future_database(db_url)
    before = path.read_bytes()
    result = run_fivefold("list", "--db", db_url)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "newer Fivefold" in lines[0]
    assert str(path) in lines[0]
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(f"sqlite:///{path}")
    message = str(caught.value)
    assert str(path) in message
    assert "not a Fivefold database" in message
    assert path.read_bytes() == before
    assert tables(path) == {"invoices"}


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        Store.open(f"sqlite:///{path}")


def test_a_bad_url_is_refused() -> None:
    with pytest.raises(StoreError, match="is not a database URL"):
        Store.open("not a url")


# Answers -------------------------------------------------------------------------------------------


def test_save_answer_grows_the_revision(store: Store) -> None:
    assessment = new_assessment(store)
    assert store.save_answer(assessment.id, draft("first")) == 1
    assert store.save_answer(assessment.id, draft("second", AnswerStatus.CONCERN)) == 2
    saved = store.answers(assessment.id)[QUESTION]
    assert (saved.revision, saved.status, saved.rationale) == (2, "concern", "second")


def test_stale_expected_revision_conflicts_and_writes_nothing(store: Store) -> None:
    assessment = new_assessment(store)
    store.save_answer(assessment.id, draft("first"))
    store.save_answer(assessment.id, draft("second"))
    with pytest.raises(AnswerConflict, match="revision 2"):
        store.save_answer(assessment.id, draft("stale", AnswerStatus.BLOCKER), expected_revision=1)
    saved = store.answers(assessment.id)[QUESTION]
    assert (saved.revision, saved.status, saved.rationale) == (2, "addressed", "second")


def test_expected_revision_zero_means_no_answer_yet(store: Store) -> None:
    assessment = new_assessment(store)
    assert store.save_answer(assessment.id, draft("first"), expected_revision=0) == 1
    with pytest.raises(AnswerConflict):
        store.save_answer(assessment.id, draft("also first"), expected_revision=0)
    assert store.answers(assessment.id)[QUESTION].rationale == "first"


def test_two_windows_on_one_file(db_url: str) -> None:
    first, second = Store.open(db_url), Store.open(db_url)
    try:
        assessment = new_assessment(first)
        first.save_answer(assessment.id, draft("window one"), expected_revision=0)
        read_by_second = second.answers(assessment.id)[QUESTION].revision
        assert read_by_second == 1
        first.save_answer(assessment.id, draft("window one, again"), expected_revision=1)
        with pytest.raises(AnswerConflict):
            second.save_answer(assessment.id, draft("window two"), expected_revision=read_by_second)
        assert first.answers(assessment.id)[QUESTION].rationale == "window one, again"
        current = second.answers(assessment.id)[QUESTION].revision
        assert current == 2
        assert second.save_answer(assessment.id, draft("window two"), expected_revision=current) == 3
        assert first.answers(assessment.id)[QUESTION].rationale == "window two"
    finally:
        first.close()
        second.close()


def test_answer_for_a_missing_assessment_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no assessment with id 42"):
        store.save_answer(42, draft("orphan"))


def test_sqlite_connections_use_wal_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_deleting_an_assessment_removes_its_answers_and_goals(store: Store, db_url: str) -> None:
    kept, deleted = new_assessment(store, "kept"), new_assessment(store, "deleted")
    for assessment in (kept, deleted):
        store.save_answer(assessment.id, draft("text"))
        store.save_goal(assessment.id, "platonic", "theory", x="safer claims", y="a reviewed classifier")
    store.delete_assessment(deleted.id)
    path = sqlite_path(db_url)
    connection = sqlite3.connect(path)
    try:
        answers = connection.execute("SELECT assessment_id FROM answer").fetchall()
        goals = connection.execute("SELECT assessment_id FROM lens_goal").fetchall()
    finally:
        connection.close()
    assert answers == [(kept.id,)]
    assert goals == [(kept.id,)]
    assert [assessment.id for assessment in store.assessments()] == [kept.id]
    with pytest.raises(StoreError, match=f"no assessment with id {deleted.id}"):
        store.assessment(deleted.id)
