"""The audit log's hash chain catches hand edits of the database, and survives the upgrade that adds it."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.store import Store
from fivefold.store.engine import make_engine
from fivefold.store.schema import alembic_config


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "audit.db"
    store = Store.open(f"sqlite:///{path}")
    assessment_id = create_demo_assessment(store, BankRegistry.default())
    assert store.audit_problems(assessment_id) == []
    store.close()
    return path, assessment_id


def _problems_after(path: Path, assessment_id: int, sql: str) -> list[str]:
    with sqlite3.connect(path) as connection:
        changed = connection.execute(sql).rowcount
    assert changed >= 1, f"the tampering statement changed nothing: {sql}"
    store = Store.open(f"sqlite:///{path}")
    try:
        return store.audit_problems(assessment_id)
    finally:
        store.close()


def test_every_save_extends_the_chain(demo: tuple[Path, int]) -> None:
    path, assessment_id = demo
    store = Store.open(f"sqlite:///{path}")
    events = store.audit_events(assessment_id)
    assert events[0].kind == "assessment.created"
    assert {"answer.saved", "goal.saved"} <= {event.kind for event in events}
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    assert store.assessment(assessment_id).audit_head == events[-1].hash


def test_an_answer_edited_by_hand_is_caught(demo: tuple[Path, int]) -> None:
    path, assessment_id = demo
    problems = _problems_after(
        path,
        assessment_id,
        "UPDATE answer SET rationale = 'all fine' WHERE question_id = 'platonic.theory.ethically-virtuous'",
    )
    assert any("platonic.theory.ethically-virtuous" in problem for problem in problems)


def test_an_edited_event_is_caught(demo: tuple[Path, int]) -> None:
    path, assessment_id = demo
    problems = _problems_after(
        path, assessment_id, "UPDATE audit_event SET data = replace(data, 'blocker', 'addressed')"
    )
    assert any("was edited after it was written" in problem for problem in problems)


def test_a_deleted_event_in_the_middle_is_caught(demo: tuple[Path, int]) -> None:
    path, assessment_id = demo
    problems = _problems_after(path, assessment_id, "DELETE FROM audit_event WHERE seq = 5")
    assert any("event 5 is missing" in problem for problem in problems)


def test_the_newest_event_deleted_is_caught(demo: tuple[Path, int]) -> None:
    path, assessment_id = demo
    problems = _problems_after(
        path, assessment_id, "DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)"
    )
    assert any("ends at event" in problem for problem in problems)


def test_upgrading_a_database_with_answers_starts_the_chain_from_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO assessment (id, title, system_name, system_version, bank_id, bank_version, bank_hash,"
            " created_at, updated_at) VALUES (1, 'Old', 'clf', '1', 'five-phase', '1.0.0', 'h',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        connection.execute(
            "INSERT INTO answer (assessment_id, question_id, status, rationale, evidence, revision, updated_at)"
            " VALUES (1, 'platonic.theory.ethically-virtuous', 'concern', 'kept from 0001', '[\"doc.md\"]', 3,"
            " '2026-01-01 00:00:00')"
        )
    store = Store.open(f"sqlite:///{path}")
    assert store.answers(1)["platonic.theory.ethically-virtuous"].rationale == "kept from 0001"
    # 0002 started the chain from the answers; 0004 stated the whole assessment on top of it.
    assert [event.kind for event in store.audit_events(1)] == ["audit.baseline", "audit.baseline"]
    assert store.audit_problems(1) == []
    assert store.assessment(1).approvals_required == 1
