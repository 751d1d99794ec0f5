"""A database edited by hand, table by table and kind by kind: `fivefold verify ID` fails and names what changed.

The attacker has `sqlite3` and no reviewer's key. Each case edits, deletes or inserts a row of one
table, or makes a change through Fivefold and then removes its audit event, moving the chain's
head back so that the chain itself is intact ("rebuild after deleting the newest event").
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from signing_helpers import BLOCKER, bundled_registry, ready_assessment, sign

from fivefold.store import Store
from fivefold.store.audit import GENESIS, event_hash
from fivefold.store.database import AnswerDraft

QUESTION = "platonic.theory.ethically-virtuous"
OTHER = "platonic.theory.long-term-happiness"


@pytest.fixture(scope="module")
def signed_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """An assessment with answers, a goal, an accepted blocker, an artifact, a resolved comment thread
    with a reply, an owned blocker and two unsigned sign-offs."""
    path = tmp_path_factory.mktemp("tampering") / "signed.db"
    registry = bundled_registry()
    store = Store.open(f"sqlite:///{path}")
    assessment_id = ready_assessment(store, registry, approvals=2)
    store.save_goal(assessment_id, "platonic", "theory", x="fast routing", y="release 2.3")
    store.add_artifact(assessment_id, name="weights.bin", size=10, sha256="a" * 64)
    thread = store.add_comment(assessment_id, question_id=BLOCKER, author="Cy", text="Who pulls it?", reply_to=None)
    store.add_comment(assessment_id, question_id=BLOCKER, author="Ana", text="On-call.", reply_to=thread.uuid)
    store.resolve_comment(assessment_id, thread.uuid, by="Cy")
    store.assign_action(assessment_id, BLOCKER, owner="Ana", due=date(2027, 1, 15))
    sign(store, registry, assessment_id, None, "ana")
    sign(store, registry, assessment_id, None, "ben")
    assert store.audit_problems(assessment_id) == []
    store.close()
    return path, assessment_id


@pytest.fixture
def db(signed_db: tuple[Path, int], tmp_path: Path) -> tuple[str, Path, int]:
    source, assessment_id = signed_db
    path = tmp_path / "copy.db"
    shutil.copyfile(source, path)
    return f"sqlite:///{path}", path, assessment_id


def run_sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as connection:
        for statement in statements:
            assert connection.execute(statement).rowcount >= 1, f"changed nothing: {statement}"


def drop_newest_event(path: Path, assessment_id: int) -> None:
    """Delete the newest audit event and point the assessment at the one before: the chain stays intact."""
    with sqlite3.connect(path) as connection:
        (seq,) = connection.execute(
            "SELECT MAX(seq) FROM audit_event WHERE assessment_id = ?", (assessment_id,)
        ).fetchone()
        connection.execute("DELETE FROM audit_event WHERE assessment_id = ? AND seq = ?", (assessment_id, seq))
        (head,) = connection.execute(
            "SELECT hash FROM audit_event WHERE assessment_id = ? AND seq = ?", (assessment_id, seq - 1)
        ).fetchone()
        connection.execute(
            "UPDATE assessment SET audit_seq = ?, audit_head = ? WHERE id = ?", (seq - 1, head, assessment_id)
        )


def through_fivefold(url: str, change: Callable[[Store, int], object], assessment_id: int) -> None:
    store = Store.open(url)
    try:
        change(store, assessment_id)
    finally:
        store.close()


def _assert_intact(problems: list[str]) -> None:
    assert problems == [], "a change made through Fivefold is in the chain"


def assert_named(run_cli, url: str, assessment_id: int, *expected: str) -> None:
    code, out, err = run_cli("--db", url, "verify", assessment_id)
    assert code == 1, out + err
    for text in expected:
        assert text in out, f"{text!r} not in:\n{out}"
    code, out, _ = run_cli("--db", url, "gate", assessment_id)
    assert code == 1 and "audit log:" in out


EDITS = {
    "assessment": ("UPDATE assessment SET approvals_required = 1", "table assessment, field approvals_required"),
    "answer": (
        f"UPDATE answer SET status = 'addressed' WHERE question_id = '{BLOCKER}'",
        f"table answer, row '{BLOCKER}', field status",
    ),
    "lens_goal": ("UPDATE lens_goal SET y = 'anything'", "table lens_goal, row 'platonic theory', field y"),
    "blocker_acceptance": (
        "UPDATE blocker_acceptance SET answer_revision = answer_revision + 1",
        f"table blocker_acceptance, row '{BLOCKER}', field answer_revision",
    ),
    "signoff": ("UPDATE signoff SET decision = 'reject' WHERE reviewer = 'Ben'", "the row by 'Ben' (reject"),
    "artifact": ("UPDATE artifact SET sha256 = '" + "b" * 64 + "'", "table artifact, row 'weights.bin', field sha256"),
    "comment": (
        "UPDATE comment SET resolved = 0 WHERE reply_to IS NULL",
        "by 'Cy' on '" + BLOCKER + "', field resolved",
    ),
    "action_item": ("UPDATE action_item SET due = '2099-01-01'", f"table action_item, row '{BLOCKER}', field due"),
}

DELETES = {
    "answer": (f"DELETE FROM answer WHERE question_id = '{QUESTION}'", f"row '{QUESTION}' is in the audit log but not"),
    "lens_goal": ("DELETE FROM lens_goal", "row 'platonic theory' is in the audit log but not in the table"),
    "blocker_acceptance": ("DELETE FROM blocker_acceptance", f"row '{BLOCKER}' is in the audit log but not"),
    "signoff": ("DELETE FROM signoff WHERE reviewer = 'Ana'", "the row by 'Ana' (approve"),
    "artifact": ("DELETE FROM artifact", "row 'weights.bin' is in the audit log but not in the table"),
    "comment": (
        "DELETE FROM comment WHERE author = 'Ana'",
        "by 'Ana' on '" + BLOCKER + "' is in the audit log but not",
    ),
    "action_item": ("DELETE FROM action_item", f"row '{BLOCKER}' is in the audit log but not in the table"),
}

INSERTS = {
    "answer": (
        "INSERT INTO answer (assessment_id, question_id, status, rationale, evidence, value, carried_over, revision,"
        " updated_at) SELECT assessment_id, 'an.extra.question', status, rationale, evidence, value, carried_over,"
        f" revision, updated_at FROM answer WHERE question_id = '{QUESTION}'",
        "row 'an.extra.question' is not in the audit log",
    ),
    "lens_goal": (
        "INSERT INTO lens_goal SELECT assessment_id, 'testing', lens, x, y, updated_at FROM lens_goal",
        "row 'testing theory' is not in the audit log",
    ),
    "blocker_acceptance": (
        f"INSERT INTO blocker_acceptance SELECT assessment_id, '{QUESTION}', 1, reviewer, reason, created_at"
        " FROM blocker_acceptance",
        f"row '{QUESTION}' is not in the audit log",
    ),
    "signoff": (
        "INSERT INTO signoff (assessment_id, reviewer, role, decision, comment, digest, statement, signature,"
        " signer_principal, created_at) SELECT assessment_id, 'Cy', role, decision, comment, digest,"
        " replace(statement, 'Ana', 'Cy'), signature, signer_principal, created_at FROM signoff WHERE reviewer = 'Ana'",
        "the row by 'Cy' (approve",
    ),
    "artifact": (
        "INSERT INTO artifact SELECT assessment_id, 'eval.json', size, sha256, added_at FROM artifact",
        "row 'eval.json' is not in the audit log",
    ),
    "comment": (
        "INSERT INTO comment SELECT assessment_id, '00000000-0000-4000-8000-000000000000', question_id, NULL,"
        " 'Mallory', 'an open remark', 0, '', created_at, NULL FROM comment WHERE author = 'Ana'",
        "the comment 00000000 by 'Mallory'",
    ),
    "action_item": (
        f"INSERT INTO action_item SELECT assessment_id, '{QUESTION}', owner, due, set_at FROM action_item",
        f"row '{QUESTION}' is not in the audit log",
    ),
}


@pytest.mark.parametrize("table", sorted(EDITS))
def test_an_edited_row_is_named(db, run_cli, table: str) -> None:
    url, path, assessment_id = db
    sql, expected = EDITS[table]
    run_sql(path, sql)
    assert_named(run_cli, url, assessment_id, expected, "changed outside Fivefold")


@pytest.mark.parametrize("table", sorted(DELETES))
def test_a_deleted_row_is_named(db, run_cli, table: str) -> None:
    url, path, assessment_id = db
    sql, expected = DELETES[table]
    run_sql(path, sql)
    assert_named(run_cli, url, assessment_id, expected)


@pytest.mark.parametrize("table", sorted(INSERTS))
def test_an_inserted_row_is_named(db, run_cli, table: str) -> None:
    url, path, assessment_id = db
    sql, expected = INSERTS[table]
    run_sql(path, sql)
    assert_named(run_cli, url, assessment_id, expected, "not in the audit log")


REBUILDS: dict[str, tuple[Callable[[Store, int], object], str]] = {
    "assessment": (lambda store, i: store.set_approvals_required(i, 3), "table assessment, field approvals_required"),
    "answer": (
        lambda store, i: store.save_answer(i, AnswerDraft(QUESTION, None, "a draft saved last")),
        f"table answer, row '{QUESTION}'",
    ),
    "lens_goal": (
        lambda store, i: store.save_goal(i, "testing", "practice", x="every decision", y="shadow traffic"),
        "row 'testing practice' is not in the audit log",
    ),
    "blocker_acceptance": (
        lambda store, i: store.accept_blocker(i, BLOCKER, answer_revision=1, reviewer="Cy", reason="Again."),
        f"table blocker_acceptance, row '{BLOCKER}', field reason",
    ),
    "signoff": (
        lambda store, i: sign(store, bundled_registry(), i, None, "cy", "reject"),
        "the row by 'Cy' (reject",
    ),
    "artifact": (
        lambda store, i: store.add_artifact(i, name="eval.json", size=3, sha256="c" * 64),
        "row 'eval.json' is not in the audit log",
    ),
    "comment": (
        lambda store, i: store.add_comment(i, question_id=QUESTION, author="Mallory", text="Late remark."),
        "by 'Mallory' on '" + QUESTION + "' is not in the audit log",
    ),
    "comment resolved": (
        lambda store, i: store.resolve_comment(i, store.comments(i)[0].uuid, by="Mallory", resolved=False),
        "by 'Cy' on '" + BLOCKER + "', field resolved",
    ),
    "action_item": (
        lambda store, i: store.assign_action(i, BLOCKER, owner="Mallory", due=date(2030, 1, 1)),
        f"table action_item, row '{BLOCKER}', field owner",
    ),
    "action_item cleared": (
        lambda store, i: store.clear_action(i, BLOCKER),
        f"row '{BLOCKER}' is in the audit log but not in the table",
    ),
    "open comments setting": (
        lambda store, i: store.set_open_comments_block(i, False),
        "table assessment, field open_comments_block",
    ),
}


@pytest.mark.parametrize("table", sorted(REBUILDS))
def test_a_change_whose_newest_event_was_removed_is_named(db, run_cli, table: str) -> None:
    url, path, assessment_id = db
    change, expected = REBUILDS[table]
    through_fivefold(url, change, assessment_id)
    through_fivefold(url, lambda store, i: _assert_intact(store.audit_problems(i)), assessment_id)
    drop_newest_event(path, assessment_id)
    assert_named(run_cli, url, assessment_id, expected)


def test_audit_events_edited_deleted_or_inserted_are_named(db, run_cli) -> None:
    url, path, assessment_id = db
    run_sql(path, "UPDATE audit_event SET data = replace(data, 'Done', 'done') WHERE seq = 5")
    assert_named(run_cli, url, assessment_id, "audit event 5 (answer.saved) was edited after it was written")


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("DELETE FROM audit_event WHERE seq = 7", "audit event 7 is missing"),
        (
            "INSERT INTO audit_event SELECT assessment_id, seq + 1, kind, at, data, hash, hash FROM audit_event"
            " WHERE seq = (SELECT MAX(seq) FROM audit_event)",
            "but the assessment recorded",
        ),
        ("UPDATE assessment SET audit_head = '" + "0" * 64 + "'", "but the assessment recorded"),
    ],
)
def test_the_chain_itself_broken_is_named(db, run_cli, sql: str, expected: str) -> None:
    url, path, assessment_id = db
    run_sql(path, sql)
    assert_named(run_cli, url, assessment_id, expected)


def test_history_rewritten_before_a_signoff_breaks_it(db, run_cli) -> None:
    """Edit an early answer, its row and its event, and recompute every hash after it: the chain is
    whole again, but each sign-off's statement still names the head it was made on."""
    url, path, assessment_id = db
    with sqlite3.connect(path) as connection:
        connection.execute(f"UPDATE answer SET rationale = 'rewritten' WHERE question_id = '{QUESTION}'")
        rows = connection.execute(
            "SELECT seq, kind, at, data FROM audit_event WHERE assessment_id = ? ORDER BY seq", (assessment_id,)
        ).fetchall()
        prev = GENESIS
        for seq, kind, at, data in rows:
            if kind == "answer.saved" and f'"question_id":"{QUESTION}"' in data:
                data = data.replace(f"Done: {QUESTION}", "rewritten")
            digest = event_hash(prev, seq, kind, at, data)
            connection.execute(
                "UPDATE audit_event SET data = ?, prev_hash = ?, hash = ? WHERE assessment_id = ? AND seq = ?",
                (data, prev, digest, assessment_id, seq),
            )
            prev = digest
        connection.execute("UPDATE assessment SET audit_head = ? WHERE id = ?", (prev, assessment_id))
    assert_named(run_cli, url, assessment_id, "the history it signed was rewritten", "Ana (approve")
    # The rewritten answer also changed the content: the sign-offs are stale.
    code, out, _ = run_cli("--db", url, "gate", assessment_id)
    assert code == 1 and "0 valid approval(s), 2 needed" in out


def test_every_table_the_store_writes_is_in_the_chain(db) -> None:
    """A new table must join the chain (docs/digest.md says how): this lists the ones that have."""
    url, path, assessment_id = db
    store = Store.open(url)
    try:
        audited = set(store.audited_rows(assessment_id))
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables - audited == {"alembic_version", "audit_event"}


def test_the_statement_hash_is_what_the_chain_names(db) -> None:
    url, path, assessment_id = db
    with sqlite3.connect(path) as connection:
        statements = [row[0] for row in connection.execute("SELECT statement FROM signoff ORDER BY id")]
    store = Store.open(url)
    try:
        names = set(store.audited_rows(assessment_id)["signoff"])
    finally:
        store.close()
    assert names == {hashlib.sha256(statement.encode()).hexdigest() for statement in statements}


def test_an_edit_of_title_system_and_version_replays_and_a_hand_edit_of_them_is_named(db, run_cli) -> None:
    """`assessment.edited` is the event issue 11's `Store.edit_assessment` appends; written here as it will."""
    from sqlalchemy import update

    from fivefold.store.models import Assessment

    url, path, assessment_id = db
    store = Store.open(url)
    try:
        edited = {"title": "Release 2.3.1", "system_name": "triage-clf", "system_version": "2.3.1"}
        with store.session() as session:
            session.execute(update(Assessment).where(Assessment.id == assessment_id).values(**edited))
            store._append_event(session, assessment_id, "assessment.edited", edited)
            session.commit()
        assert store.audit_problems(assessment_id) == []
    finally:
        store.close()
    run_sql(path, "UPDATE assessment SET system_version = '9.9.9'")
    assert_named(run_cli, url, assessment_id, "table assessment, field system_version")


def test_a_signoff_on_content_that_changed_meanwhile_is_refused_and_records_nothing(db) -> None:
    from fivefold.errors import FivefoldError
    from fivefold.review import load_snapshot
    from fivefold.review.signoff import record_signoff

    url, _, assessment_id = db
    store = Store.open(url)
    try:
        registry = bundled_registry()
        snapshot = load_snapshot(store, registry, assessment_id)  # what the reviewer read
        store.save_answer(assessment_id, AnswerDraft(QUESTION, None, "changed while the reviewer read"))
        with pytest.raises(FivefoldError, match="changed while this was being recorded"):
            record_signoff(store, snapshot, reviewer="Cy", role="", decision="reject")
        assert [signoff.reviewer for signoff in store.signoffs(assessment_id)] == ["Ana", "Ben"]
        assert store.audit_problems(assessment_id) == []
    finally:
        store.close()
