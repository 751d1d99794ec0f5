"""Upgrading a database written at schema 0004 (before comments and owners) keeps everything.

`tests/data/fivefold-0004.db` and `fivefold-0004.json` were written by the Fivefold of schema 0004
(see tests/data/README.md): two signed approvals under `fivefold-digest/2`, and the JSON export
of that moment, which passed the gate.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.review import load_snapshot
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate
from fivefold.store import Store
from fivefold.store.schema import SCHEMA_HEAD

DATA = Path(__file__).parent / "data"
SIGNERS = DATA / "fivefold-0004.allowed_signers"

KEPT = {
    "assessment": "SELECT id, uuid, title, system_name, system_version, bank_id, bank_version, bank_hash,"
    " approvals_required, cycle, previous_id, previous_uuid, audit_seq, audit_head FROM assessment",
    "answer": "SELECT assessment_id, question_id, status, rationale, evidence, value, carried_over, revision FROM answer",
    "lens_goal": "SELECT assessment_id, phase_id, lens, x, y FROM lens_goal",
    "blocker_acceptance": "SELECT assessment_id, question_id, answer_revision, reviewer, reason FROM blocker_acceptance",
    "signoff": "SELECT id, assessment_id, statement, signature, signer_principal, digest FROM signoff",
    "artifact": "SELECT assessment_id, name, size, sha256 FROM artifact",
    "audit_event": "SELECT assessment_id, seq, kind, at, data, prev_hash, hash FROM audit_event",
}


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return sorted(connection.execute(sql).fetchall(), key=repr)


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    path = tmp_path / "fivefold-0004.db"
    shutil.copyfile(DATA / "fivefold-0004.db", path)
    assert rows(path, "SELECT version_num FROM alembic_version") == [("0004",)]
    return path


def test_every_row_survives_and_the_chains_are_untouched(old_db: Path) -> None:
    before = {table: rows(old_db, sql) for table, sql in KEPT.items()}
    assert len(before["signoff"]) == 2 and len(before["artifact"]) == 1
    store = Store.open(f"sqlite:///{old_db}")
    try:
        for assessment_id in (1, 2):
            assert store.audit_problems(assessment_id) == []
            assert store.assessment(assessment_id).open_comments_block is True
            assert store.comments(assessment_id) == [] and store.action_items(assessment_id) == {}
    finally:
        store.close()
    after = {table: rows(old_db, sql) for table, sql in KEPT.items()}
    assert after == before, "no row changed, and no event was appended: the heads signed statements name stay"
    assert rows(old_db, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]


def test_the_old_approvals_are_stale_in_the_database_as_they_did_not_see_comments(
    old_db: Path, registry: BankRegistry
) -> None:
    store = Store.open(f"sqlite:///{old_db}")
    try:
        verdict = evaluate(build_record(load_snapshot(store, registry, 1)))
    finally:
        store.close()
    assert [view.standing for view in verdict.signoffs] == ["stale", "stale"]
    assert not verdict.passes and "0 valid approval(s), 2 needed (2 stale sign-off(s) no longer count)" in (
        verdict.gate_reasons
    )


def test_the_export_made_before_still_passes_the_gate_with_its_signatures(tmp_path: Path, run_cli) -> None:
    """A `fivefold-assessment/2` file committed with a release keeps passing after an upgrade of Fivefold."""
    exported = tmp_path / "release.json"
    shutil.copyfile(DATA / "fivefold-0004.json", exported)
    code, out, err = run_cli("gate", exported, "--require-signatures", "--allowed-signers", SIGNERS)
    assert (code, err) == (0, ""), out
    assert "2 valid approval(s) of 2 needed (ana@example.com, ben@example.com)" in out
    code, out, _ = run_cli("verify", exported, "--allowed-signers", SIGNERS)
    assert code == 0 and out.count("signature verified") == 2, out


def test_comments_cannot_be_smuggled_past_an_old_export(tmp_path: Path, run_cli) -> None:
    """An old-schema file has no comments, and no new content: relabelling a new export as old breaks its digest."""
    import json

    document = json.loads((DATA / "fivefold-0004.json").read_text(encoding="utf-8"))
    document["comments"] = [
        {"id": "c" * 36, "question_id": "testing.practice.halt-anytime", "author": "Cy", "text": "Not yet.",
         "at": "2026-12-01T10:00:00+00:00", "state": "open", "resolved_by": None, "resolved_at": None, "replies": []}
    ]  # fmt: skip
    document["action_items"] = []
    document["assessment"]["open_comments_block"] = True
    exported = tmp_path / "release.json"
    exported.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run_cli("gate", exported, "--require-signatures", "--allowed-signers", SIGNERS)
    assert code == 0, "fields an old schema does not have change nothing it judges"
    document["schema"] = "fivefold-assessment/3"
    exported.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run_cli("gate", exported, "--require-signatures", "--allowed-signers", SIGNERS)
    assert code == 1, out
    assert "does not match its recorded digest" in out and "has an open comment cccccccc by Cy" in out


def test_the_upgrade_on_postgresql_keeps_the_chain_and_sets_the_default(postgres_url: str, registry) -> None:
    """An assessment written at 0004 on PostgreSQL: the new column's server default is a boolean there."""
    from alembic import command
    from sqlalchemy import text

    from fivefold.store.engine import make_engine
    from fivefold.store.schema import alembic_config

    engine = make_engine(postgres_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0004")
    engine.dispose()
    # A row as the 0004 schema holds it (no open_comments_block column yet).
    with make_engine(postgres_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessment (id, uuid, title, system_name, system_version, bank_id, bank_version,"
                " bank_hash, approvals_required, audit_seq, audit_head, cycle, created_at, updated_at) VALUES (1,"
                " '11111111-1111-4111-8111-111111111111', 'Old', 'clf', '1', 'five-phase', '1.0.0', 'h', 1, 0, '', 1,"
                " now(), now())"
            )
        )
    store = Store.open(postgres_url)
    try:
        assert store.assessment(1).open_comments_block is True
        store.add_comment(1, question_id="q.one", author="Ana", text="After the upgrade.")
        assert [comment.text for comment in store.comments(1)] == ["After the upgrade."]
    finally:
        store.close()
