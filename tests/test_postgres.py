"""The store on a real PostgreSQL server, as a team sharing one would use it (`--db postgresql+psycopg://…`).

.ci/run starts a throwaway server on loopback and sets FIVEFOLD_TEST_POSTGRES; elsewhere these
tests are skipped, with the reason shown.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.export import render
from fivefold.review import load_snapshot, record_answer
from fivefold.review.cycles import start_next_cycle
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate
from fivefold.store import AnswerConflict, AnswerStatus, Store, StoreError
from fivefold.store.database import AnswerDraft
from fivefold.store.schema import SCHEMA_HEAD

SERVER = os.environ.get("FIVEFOLD_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: .ci/run starts one (FIVEFOLD_TEST_POSTGRES)")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    assert SERVER is not None
    name = f"fivefold_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    opened = Store.open(pg_url)
    yield opened
    opened.close()


def test_migrations_build_the_schema_the_models_describe(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from fivefold.store.models import metadata

    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_answers_revisions_and_the_audit_chain(store: Store, registry: BankRegistry) -> None:
    assessment_id = create_demo_assessment(store, registry)
    question = "platonic.theory.ethically-virtuous"
    before = store.answers(assessment_id)[question]
    draft = AnswerDraft(question, AnswerStatus.CONCERN, "Seen from the shared server.", ("doc.md",))
    revision = store.save_answer(assessment_id, draft, expected_revision=before.revision)
    assert revision == before.revision + 1
    with pytest.raises(AnswerConflict):
        store.save_answer(assessment_id, draft, expected_revision=before.revision)
    saved = store.answers(assessment_id)[question]
    assert (saved.status, saved.rationale, saved.evidence) == ("concern", "Seen from the shared server.", ["doc.md"])
    assert store.audit_problems(assessment_id) == []
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE answer SET rationale = 'edited by hand' WHERE question_id = :q"), {"q": question}
        )
    assert any(question in problem for problem in store.audit_problems(assessment_id))


def test_exports_cycles_and_rules_work_the_same(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    snapshot = load_snapshot(store, registry, first)
    assert "BLOCKER" in render(snapshot, "md")
    assert evaluate(build_record(snapshot)).ready_reasons
    second = start_next_cycle(store, registry, first)
    carried = load_snapshot(store, registry, second.id)
    assert carried.progress.answered == 0 and all(a.carried_over for a in carried.answers.values())
    record_answer(
        store,
        carried.bank,
        second.id,
        "platonic.theory.ethically-virtuous",
        status=AnswerStatus.ADDRESSED,
        rationale="ok",
    )
    assert load_snapshot(store, registry, second.id).progress.answered == 1


def test_a_newer_database_is_refused_and_left_as_it_is(pg_url: str) -> None:
    Store.open(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError, match="newer Fivefold"):
        Store.open(pg_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
    engine.dispose()


def test_the_cli_on_a_shared_server(pg_url: str, run_cli) -> None:
    code, out, err = run_cli("--db", pg_url, "new", "--bank", "five-phase", "--title", "Shared", "--system", "clf")
    assert code == 0, err
    assessment_id = out.strip()
    assert (
        run_cli(
            "--db",
            pg_url,
            "answer",
            assessment_id,
            "platonic.theory.ethically-virtuous",
            "--status",
            "addressed",
            "--text",
            "Yes.",
        )[0]
        == 0
    )
    code, out, _ = run_cli("--db", pg_url, "list")
    assert "1/40" in out and "Shared" in out
    code, out, _ = run_cli("--db", pg_url, "gate", assessment_id)
    assert code == 1 and "unanswered" in out
