"""A database holding every case a listing of assessments must get right (tests/test_listing.py, the home screen's test)."""

from __future__ import annotations

from typing import Any

from fivefold.banks import BankRegistry
from fivefold.store import AnswerStatus, Store
from fivefold.store.database import AnswerDraft

BLANK = ["", " ", "\n\t", "\u3000", "\xa0\u2028", "\x1c\x1d\x1e\x1f", " \x85 "]
"""Rationales Python's `str.strip()` empties."""
NOT_BLANK = ["x", "\u200b", " \u200bx", "\x01", "\ufeff", "é", "\n- a list", "\u202e"]
"""Rationales it does not (a zero-width space, a BOM, a control character and an RTL override are not whitespace)."""


def save(store: Store, assessment_id: int, question_id: str, status: str | None, rationale: str, value: Any = None):
    draft = AnswerDraft(question_id, AnswerStatus(status) if status else None, rationale, value=value)
    return store.save_answer(assessment_id, draft)


def new(store: Store, bank_id: str, version: str, title: str = "T") -> int:
    assessment = store.create_assessment(
        title=title, system_name="sys", system_version="1", bank_id=bank_id, bank_version=version, bank_hash="x"
    )
    assert assessment.id is not None
    return assessment.id


def mixed_database(store: Store, registry: BankRegistry) -> None:
    """Every case the listing must get right, on one database."""
    five = registry.get("five-phase")
    questions = [place.question.id for place in five.questions()]
    # The core bank: addressed, concern and not-applicable with and without a rationale, drafts, blockers.
    first = new(store, "five-phase", five.version, "core")
    statuses = ["addressed", "concern", "not-applicable", "blocker", None]
    texts = BLANK + NOT_BLANK
    for index, question_id in enumerate(questions):
        save(store, first, question_id, statuses[index % 5], texts[index % len(texts)])
    save(store, first, "platonic.retired-long-ago", "addressed", "kept, never counted")
    # The next cycle: everything carried over, a few confirmed, one changed to a draft.
    second = store.start_cycle(store.assessment(first), bank_version=five.version, bank_hash="x").id
    assert second is not None
    for question_id in questions[:7]:
        answer = store.answers(second)[question_id]
        save(store, second, question_id, answer.status, answer.rationale)
    save(store, second, questions[8], None, "unsure now")
    # kinds 1.0.0: conditions read values and statuses; a chain of two.
    kinds = new(store, "kinds", "1.0.0", "kinds one")
    save(store, kinds, "uses-pii", None, "", True)
    save(store, kinds, "pii-controls", "concern", "only some", ["encryption"])
    save(store, kinds, "pii-audit", "addressed", "the DPO")
    save(store, kinds, "encrypted-how", None, "", "AES")
    save(store, kinds, "confidence", "addressed", "", 2)  # a value counts; the blank rationale does not
    save(store, kinds, "why-low", "concern", "\u3000")
    save(store, kinds, "tier", "addressed", "ok", "high")
    save(store, kinds, "owner", None, "", "Ana")
    # An id no bank can have, which the query's text would split into a fact mark and 'purpose'.
    save(store, kinds, "x,8purpose", "addressed", "written outside Fivefold")
    # A value that no condition expects, and a skipped question's answer.
    other = new(store, "kinds", "1.0.0", "kinds skipped")
    save(store, other, "uses-pii", "addressed", "no", False)
    save(store, other, "pii-controls", "concern", "left over", ["access logs"])
    save(store, other, "pii-audit", "addressed", "not asked any more")
    save(store, other, "confidence", None, "", 5)
    save(store, other, "why-low", "addressed", "not asked")
    # Its next cycle on kinds 2.0.0: why-low is retired there; carried-over values still steer conditions.
    following = store.start_cycle(store.assessment(other), bank_version="2.0.0", bank_hash="x").id
    assert following is not None
    save(store, following, "retention", None, "", "30 days")
    # A version that is gone (shown with the newest, 2.0.0), and a bank that is not installed at all.
    gone = new(store, "kinds", "0.5.0", "kinds gone")
    save(store, gone, "uses-pii", None, "", True)
    save(store, gone, "why-low", "addressed", "retired")
    missing = new(store, "nowhere", "1.0.0", "no bank")
    save(store, missing, "anything", "addressed", "kept")
    new(store, "contribution-story", "1.0.0", "untouched")
