"""The loop: cycle N+1 carries answers over as drafts; a diff shows what changed; banks change safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.review import assessment_progress, load_snapshot, record_answer
from fivefold.review.cycles import diff_cycles, start_next_cycle
from fivefold.review.record import build_record
from fivefold.review.rules import readiness_reasons
from fivefold.store import AnswerStatus, Store

ROOT = Path(__file__).resolve().parent.parent


def with_version(bank_text: str, version: str) -> str:
    """A bank file's text with its top-level version replaced."""
    changed, count = re.subn(r'(?m)^version = "[^"]*"$', f'version = "{version}"', bank_text, count=1)
    assert count == 1
    return changed


@pytest.fixture
def store(db_url: str):
    opened = Store.open(db_url)
    yield opened
    opened.close()


def test_next_cycle_carries_answers_over_as_drafts_to_reconfirm(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    answered_before = assessment_progress(registry.get("five-phase"), store.answers(first)).answered
    assert answered_before > 10
    second = start_next_cycle(store, registry, first)
    assert (second.cycle, second.previous_id) == (2, first)
    snapshot = load_snapshot(store, registry, second.id)
    assert snapshot.answers.keys() == store.answers(first).keys()
    assert all(answer.carried_over for answer in snapshot.answers.values())
    assert snapshot.progress.answered == 0
    assert snapshot.goals.keys() == store.goals(first).keys()
    assert snapshot.previous_retrospective, "the previous cycle's retrospective answers are shown as context"
    reasons = readiness_reasons(build_record(snapshot))
    assert any("carried over" in reason for reason in reasons)
    # Confirming (saving as is) makes it count; the first cycle is untouched.
    answer = snapshot.answers["platonic.theory.ethically-virtuous"]
    record_answer(
        store,
        snapshot.bank,
        second.id,
        answer.question_id,
        status=AnswerStatus(answer.status),
        rationale=answer.rationale,
    )
    assert load_snapshot(store, registry, second.id).progress.answered == 1
    assert not store.answers(first)[answer.question_id].carried_over
    assert store.audit_problems(second.id) == []


def test_owners_and_due_dates_carry_over_with_their_answers(store: Store, registry: BankRegistry) -> None:
    """An open item's owner and due date went missing in the next cycle, while its concern carried over: the
    follow-up someone had promised vanished from `fivefold actions`."""
    from datetime import date

    first = create_demo_assessment(store, registry)
    concern = next(a.question_id for a in store.answers(first).values() if a.status == AnswerStatus.CONCERN)
    store.assign_action(first, concern, owner="Ana <ana@example.org>", due=date(2026, 12, 24))
    second = start_next_cycle(store, registry, first).id
    items = store.action_items(second)
    before = store.action_items(first)
    assert len(before) > 1  # the demo's blocker has an owner too
    assert {q: (i.owner, i.due) for q, i in items.items()} == {q: (i.owner, i.due) for q, i in before.items()}
    assert (items[concern].owner, items[concern].due) == ("Ana <ana@example.org>", date(2026, 12, 24))
    assert store.audit_problems(second) == []  # the new cycle's first event states them
    assert store.action_items(first)[concern].owner == "Ana <ana@example.org>"  # the first cycle keeps its own
    store.assign_action(second, concern, owner="Bo", due=date(2027, 1, 8))
    assert store.action_items(first)[concern].owner == "Ana <ana@example.org>"
    assert store.audit_problems(second) == []


def test_diff_shows_status_and_rationale_changes(store: Store, registry: BankRegistry) -> None:
    first = create_demo_assessment(store, registry)
    second = start_next_cycle(store, registry, first).id
    bank = registry.get("five-phase")
    record_answer(
        store,
        bank,
        second,
        "testing.theory.bias-and-misrepresentation",
        status=AnswerStatus.ADDRESSED,
        rationale="Fixed.",
    )
    old = store.answers(first)["platonic.theory.long-term-happiness"]
    record_answer(
        store, bank, second, old.question_id, status=AnswerStatus(old.status), rationale=old.rationale + " More."
    )
    diff = {question.question_id: question for question in diff_cycles(store, registry, first, second).changed}
    blocker = diff["testing.theory.bias-and-misrepresentation"]
    assert (blocker.change, blocker.before_status, blocker.after_status) == (
        "status and rationale",
        "blocker",
        "addressed",
    )
    assert diff["platonic.theory.long-term-happiness"].change == "rationale"
    assert len(diff) == 2


def test_a_newer_bank_keeps_answers_to_retired_questions(store: Store, tmp_path: Path) -> None:
    original = (ROOT / "questionbanks" / "five-phase.toml").read_text(encoding="utf-8")
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir(), new_dir.mkdir()
    (old_dir / "five-phase.toml").write_text(with_version(original, "0.9.0"), encoding="utf-8")
    old_registry = BankRegistry([old_dir])
    bank = old_registry.get("five-phase", "0.9.0")
    assessment_id = store.create_assessment(
        title="t",
        system_name="s",
        system_version="",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    ).id
    record_answer(
        store,
        bank,
        assessment_id,
        "testing.practice.secret-cooperation",
        status=AnswerStatus.CONCERN,
        rationale="keep me",
    )
    # The next version drops that question; the old version is no longer installed.
    trimmed = original.replace(
        'id = "testing.practice.secret-cooperation"', 'id = "testing.practice.secret-cooperation-v2"'
    )
    (new_dir / "five-phase.toml").write_text(with_version(trimmed, "9.9.0"), encoding="utf-8")
    snapshot = load_snapshot(store, BankRegistry([new_dir]), assessment_id)
    assert snapshot.bank.version == "9.9.0" and "0.9.0" in snapshot.bank_changed
    assert snapshot.retired_answers["testing.practice.secret-cooperation"].rationale == "keep me"
    record = build_record(snapshot)
    assert record["retired_question_ids"] == ["testing.practice.secret-cooperation"]
    assert any(answer["rationale"] == "keep me" for answer in record["answers"])


def test_exports_name_the_cycle_and_link_to_the_previous_one(store: Store, registry: BankRegistry) -> None:
    from fivefold.export import render

    first = create_demo_assessment(store, registry)
    second = start_next_cycle(store, registry, first).id
    snapshot = load_snapshot(store, registry, second)
    markdown = render(snapshot, "md")
    assert f"- **Cycle:** 2, continuing [assessment #{first}](training-rationale-{first}-" in markdown
    assert "(carried over, re-confirm)" in markdown
    assert "The previous cycle's retrospective" in markdown
    assert f'href="training-rationale-{first}-' in render(snapshot, "html")
