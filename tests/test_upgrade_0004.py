"""Upgrading a database written before revision 0004 keeps everything and shows old sign-offs for what they are.

`tests/data/fivefold-0003.db` was written by the Fivefold of schema 0003 (see tests/data/README.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fivefold.banks import BankRegistry
from fivefold.review import load_snapshot
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate
from fivefold.signing import signature_check
from fivefold.store import Store
from fivefold.store.engine import make_engine
from fivefold.store.schema import SCHEMA_HEAD, alembic_config

DATA = Path(__file__).parent / "data"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "fivefold-0003.db"
    shutil.copyfile(DATA / "fivefold-0003.db", path)
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0003",)]
    return path


KEPT = {
    "answer": "SELECT assessment_id, question_id, status, rationale, evidence, value, carried_over, revision FROM answer",
    "lens_goal": "SELECT assessment_id, phase_id, lens, x, y FROM lens_goal",
    "blocker_acceptance": "SELECT assessment_id, question_id, answer_revision, reviewer, reason FROM blocker_acceptance",
    "signoff": "SELECT id, assessment_id, reviewer, role, decision, comment, digest, statement, signature,"
    " signer_principal FROM signoff",
    "assessment": "SELECT id, title, system_name, system_version, bank_id, bank_version, bank_hash,"
    " approvals_required, cycle, previous_id FROM assessment",
    "audit_event": "SELECT assessment_id, seq, kind, at, data, prev_hash, hash FROM audit_event",
}


def test_every_row_survives_and_the_chain_vouches_for_every_table(old_db: Path, registry: BankRegistry) -> None:
    before = {table: sorted(rows(old_db, sql), key=repr) for table, sql in KEPT.items()}
    assert len(before["answer"]) > 40 and len(before["signoff"]) == 2
    store = Store.open(f"sqlite:///{old_db}")
    try:
        for table, sql in KEPT.items():
            after = sorted(rows(old_db, sql), key=repr)
            if table == "audit_event":  # the old events stay as they were; one baseline is added per assessment
                assert set(before[table]) <= set(after) and len(after) == len(before[table]) + 2
            else:
                assert after == before[table], table
        first, second = store.assessment(1), store.assessment(2)
        assert len({first.uuid, second.uuid}) == 2 and second.previous_uuid == first.uuid
        for assessment_id in (1, 2):
            assert store.audit_events(assessment_id)[-1].kind == "audit.baseline"
            assert store.audit_problems(assessment_id) == []
    finally:
        store.close()
    assert rows(old_db, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]


def test_old_signoffs_show_as_signed_under_an_older_format_and_never_count(
    old_db: Path, registry: BankRegistry
) -> None:
    store = Store.open(f"sqlite:///{old_db}")
    try:
        verdict = evaluate(
            build_record(load_snapshot(store, registry, 1)),
            check_signature=signature_check(DATA / "fivefold-0003.allowed_signers"),
        )
    finally:
        store.close()
    assert [view.standing for view in verdict.signoffs] == ["older format", "older format"]
    assert [view.status for view in verdict.signoffs] == ["signed under an older format, does not count"] * 2
    assert [(view.reviewer, view.decision) for view in verdict.signoffs] == [("Ana", "approve"), ("Ben", "reject")]
    assert verdict.valid_approvals == 0
    # Complete on the bank it was started with (five-phase 1.0); the installed bank since asks one more question.
    assert len(verdict.ready_reasons) == 1 and "retrospective.practice.change-goal-or-task" in verdict.ready_reasons[0]
    assert "0 valid approval(s), 2 needed (2 signed under an older format no longer count)" in verdict.gate_reasons
    assert not any("rejected" in reason for reason in verdict.gate_reasons), "an old rejection no longer counts either"


def test_verify_and_gate_say_so_from_the_command_line(old_db: Path, run_cli) -> None:
    url = f"sqlite:///{old_db}"
    code, out, _ = run_cli("--db", url, "verify", 1)
    assert code == 0, out
    assert "sign-off by Ana (approve" in out and "signed under an older format" in out
    code, out, _ = run_cli("--db", url, "gate", 1)
    assert code == 1 and "signed under an older format" in out
    exported = old_db.with_name("old.json")
    assert run_cli("--db", url, "export", 1, "--format", "json", "-o", exported)[0] == 0
    code, out, _ = run_cli("verify", exported)
    assert code == 0 and "signed under an older format" in out


def test_an_export_in_the_old_schema_is_refused_with_the_reason(tmp_path: Path, run_cli) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"schema": "fivefold-assessment/1", "signoffs": []}', encoding="utf-8")
    code, _, err = run_cli("gate", old)
    assert code == 2 and "older format" in err and "export the assessment again" in err


SERVER = os.environ.get("FIVEFOLD_TEST_POSTGRES")


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not SERVER:
        pytest.skip("no PostgreSQL server: .ci/run starts one (FIVEFOLD_TEST_POSTGRES)")
    name = f"fivefold_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_upgrade_on_postgresql_reads_json_values_as_json(pg_url: str) -> None:
    """The baseline reads JSON columns through their type: psycopg hands back parsed values, SQLite text."""
    from alembic import command

    engine = make_engine(pg_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        connection.execute(
            text(
                "INSERT INTO assessment (id, title, system_name, system_version, bank_id, bank_version, bank_hash,"
                " approvals_required, audit_seq, audit_head, cycle, created_at, updated_at) VALUES (1, 'Old', 'clf',"
                " '1', 'five-phase', '1.0.0', 'h', 1, 0, '', 1, now(), now())"
            )
        )
        connection.execute(
            text(
                "INSERT INTO answer (assessment_id, question_id, status, rationale, evidence, value, carried_over,"
                " revision, updated_at) VALUES (1, 'q.one', NULL, 'a draft', '[\"doc.md\"]', '\"yes\"', false, 2,"
                " now())"
            )
        )
    engine.dispose()
    store = Store.open(pg_url)
    try:
        answer = store.answers(1)["q.one"]
        assert (answer.value, answer.evidence, answer.revision) == ("yes", ["doc.md"], 2)
        assert store.audit_problems(1) == []
        assert len(store.assessment(1).uuid) == 36
    finally:
        store.close()


def test_signoffs_artifacts_and_the_chain_on_postgresql(pg_url: str, run_cli) -> None:
    """The statement's time copied into a timestamptz, sign-offs named by statement hash: alike on PostgreSQL."""
    from signing_helpers import bundled_registry, ready_assessment, sign

    store = Store.open(pg_url)
    try:
        registry = bundled_registry()
        assessment_id = ready_assessment(store, registry, approvals=2)
        store.add_artifact(assessment_id, name="weights.bin", size=3, sha256="d" * 64)
        sign(store, registry, assessment_id, None, "ana")
        sign(store, registry, assessment_id, None, "ben")
        assert store.audit_problems(assessment_id) == []
    finally:
        store.close()
    code, out, _ = run_cli("--db", pg_url, "gate", assessment_id)
    assert code == 0, out
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE signoff SET decision = 'reject' WHERE reviewer = 'Ben'"))
    engine.dispose()
    code, out, _ = run_cli("--db", pg_url, "verify", assessment_id)
    assert code == 1 and "the row by 'Ben' (reject" in out and "its field 'decision' says 'reject'" in out
