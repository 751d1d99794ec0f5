"""Opening an assessment checks only its newest audit event (constant time); verify, gate, the exports and the
sign-off screen still replay the whole log, and every record says which check it carries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.export import render
from fivefold.review import load_snapshot
from fivefold.review.record import build_record
from fivefold.store import Store


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "audit.db"
    store = Store.open(f"sqlite:///{path}")
    assessment_id = create_demo_assessment(store, BankRegistry.default())
    store.close()
    return path, assessment_id


def head_problems_after(path: Path, assessment_id: int, *statements: str) -> tuple[list[str], list[str]]:
    """(the newest-event check, the whole-log check) after running `statements` on the file."""
    with sqlite3.connect(path) as connection:
        for statement in statements:
            assert connection.execute(statement).rowcount >= 1, statement
    store = Store.open(f"sqlite:///{path}")
    try:
        return store.audit_head_problems(assessment_id), store.audit_problems(assessment_id)
    finally:
        store.close()


NEWEST = "(SELECT MAX(seq) FROM audit_event)"


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (
            [f"UPDATE audit_event SET data = replace(data, 'a', 'b') WHERE seq = {NEWEST}"],
            "was edited after it was written",
        ),
        ([f"DELETE FROM audit_event WHERE seq = {NEWEST}"], "has no event"),
        (
            [
                "INSERT INTO audit_event (assessment_id, seq, kind, at, data, prev_hash, hash) "
                "SELECT assessment_id, seq + 1, kind, at, data, hash, hash FROM audit_event "
                f"WHERE seq = {NEWEST}"
            ],
            "has events after event",
        ),
        (
            # Flip the first hex digit (a head that already started with 'f' stayed the same: 1 run in 16 passed by luck).
            [
                "UPDATE assessment SET audit_head = "
                "(CASE substr(audit_head, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END) || substr(audit_head, 2)"
            ],
            "is not the head the assessment recorded",
        ),
        (["UPDATE assessment SET audit_seq = 0, audit_head = ''"], "records no audit event"),
    ],
    ids=["newest-edited", "newest-deleted", "one-appended", "head-changed", "head-erased"],
)
def test_the_newest_event_check_catches_what_touches_the_newest_event(
    demo: tuple[Path, int], statements: list[str], expected: str
) -> None:
    path, assessment_id = demo
    head, chain = head_problems_after(path, assessment_id, *statements)
    assert any(expected in problem for problem in head), head
    assert chain, "the whole-log check catches it too"


def test_an_older_edit_is_left_to_the_whole_log_check(demo: tuple[Path, int]) -> None:
    """What the newest event cannot see (an earlier event, a row of a table) only `verify` finds: the limit
    of opening's check, which is why it never claims a verdict."""
    path, assessment_id = demo
    head, chain = head_problems_after(
        path,
        assessment_id,
        "UPDATE audit_event SET data = replace(data, 'a', 'b') WHERE seq = 2",
        "UPDATE answer SET rationale = 'edited by hand' WHERE rowid = 1",
    )
    assert head == []
    assert any("audit event 2" in problem for problem in chain)
    assert any("changed outside Fivefold" in problem for problem in chain)


def test_opening_reads_no_event_but_the_newest(demo: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    path, assessment_id = demo
    store = Store.open(f"sqlite:///{path}")
    registry = BankRegistry.default()
    try:
        monkeypatch.setattr(Store, "audit_events", lambda *_: pytest.fail("opening replayed the whole log"))
        monkeypatch.setattr(Store, "audit_problems", lambda *_: pytest.fail("opening replayed the whole log"))
        snapshot = load_snapshot(store, registry, assessment_id, audit="head")
        assert (snapshot.audit_problems, snapshot.audit_checked) == ([], "head")
        assert build_record(snapshot)["audit"]["checked"] == "head"
        monkeypatch.undo()
        full = load_snapshot(store, registry, assessment_id)
        assert full.audit_checked == "chain"
        exported = json.loads(render(full, "json"))
        assert exported["audit"]["checked"] == "chain" and exported["audit"]["problems"] == []
    finally:
        store.close()


def test_the_cli_exports_and_judges_on_the_whole_log(demo: tuple[Path, int], run_cli, tmp_path: Path) -> None:
    path, assessment_id = demo
    url = f"sqlite:///{path}"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE audit_event SET data = replace(data, 'a', 'b') WHERE seq = 2")
    code, out, _ = run_cli("--db", url, "export", assessment_id, "--format", "json", "-o", "-")
    assert code == 0
    audit = json.loads(out)["audit"]
    assert audit["checked"] == "chain" and any("audit event 2" in problem for problem in audit["problems"])
    for command in ("verify", "gate"):
        code, out, _ = run_cli("--db", url, command, assessment_id)
        assert code == 1 and "audit event 2" in out
