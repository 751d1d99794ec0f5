"""Action items: each open concern or blocker, with its owner and due date, and whether it is overdue.

One list for every front end: `fivefold actions`, the exports' "Action items" table and the app.
`actions_document` is the stable JSON of `fivefold actions --json` (docs/actions.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fivefold.errors import FivefoldError
from fivefold.review.comments import checked_name
from fivefold.review.snapshot import AssessmentSnapshot
from fivefold.store import Store
from fivefold.store.models import ActionItem
from fivefold.vocabulary import OPEN_ITEM_STATUSES

ACTIONS_FORMAT = "fivefold-actions/1"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class OpenItem:
    """An open concern or blocker as a list of action items shows it."""

    question_id: str
    question: str
    phase_id: str
    phase: str
    lens: str
    status: str
    owner: str | None
    due: date | None
    overdue: bool


def parse_due(text: str) -> date:
    """A due date given as YYYY-MM-DD."""
    if not _DATE.fullmatch(text.strip()):
        raise FivefoldError(f"--due '{text}' is not a date; give it as YYYY-MM-DD, e.g. 2026-12-24")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FivefoldError(f"--due '{text}' is not a date of the calendar; give it as YYYY-MM-DD") from None


def open_items(snapshot: AssessmentSnapshot, *, today: date) -> list[OpenItem]:
    """Every concern and blocker that applies, with its owner and due date if given: overdue ones first,
    then by due date (items without one last), then in bank order."""
    progress = snapshot.progress
    places = progress.blockers + progress.concerns
    order = {place.question.id: index for index, place in enumerate(snapshot.bank.questions())}
    items = []
    for place in places:
        question_id = place.question.id
        owned = snapshot.action_items.get(question_id)
        due = owned.due if owned else None
        answer = snapshot.answers[question_id]
        items.append(
            OpenItem(
                question_id=question_id,
                question=place.question.text,
                phase_id=place.phase.id,
                phase=place.phase.title,
                lens=place.lens_name,
                status=str(answer.status),
                owner=owned.owner if owned else None,
                due=due,
                overdue=due is not None and due < today,
            )
        )
    return sorted(items, key=lambda i: (not i.overdue, i.due is None, i.due or today, order[i.question_id]))


def overdue_questions(snapshot: AssessmentSnapshot, *, today: date, applies: Callable[[str], bool]) -> frozenset[str]:
    """The questions `open_items` marks overdue, from the owned items alone (a handful, where `open_items`
    passes over the whole bank): `applies(question_id)` says whether a question of the bank applies (its
    `when` holds), as the assessment screen's live progress knows after every save."""
    overdue = set()
    for question_id, item in snapshot.action_items.items():
        answer = snapshot.answers.get(question_id)
        if item.due < today and answer is not None and answer.status in OPEN_ITEM_STATUSES and applies(question_id):
            overdue.add(question_id)
    return frozenset(overdue)


def assign_owner(store: Store, snapshot: AssessmentSnapshot, question_id: str, *, owner: str, due: date) -> ActionItem:
    """Give an open concern or blocker an owner and a due date (replacing earlier ones)."""
    assessment_id = snapshot.assessment.id
    assert assessment_id is not None
    bank = snapshot.bank
    if bank.question(question_id) is None:
        raise FivefoldError(
            f"the bank '{bank.id}' has no question '{question_id}'; 'fivefold banks show {bank.id}' lists the ids"
        )
    answer = snapshot.answers.get(question_id)
    status = answer.status if answer else None
    if status not in OPEN_ITEM_STATUSES:
        shown = f"is {status}" if status else "has no status yet"
        raise FivefoldError(
            f"'{question_id}' {shown}; only a concern or a blocker gets an owner and a due date "
            f"('fivefold actions {assessment_id}' lists them)"
        )
    owner = checked_name("the owner (--owner)", owner)
    return store.assign_action(assessment_id, question_id, owner=owner, due=due)


def clear_owner(store: Store, snapshot: AssessmentSnapshot, question_id: str) -> None:
    """Take a question's owner and due date away (given by mistake, or nobody's any more)."""
    assessment_id = snapshot.assessment.id
    assert assessment_id is not None
    if not store.clear_action(assessment_id, question_id):
        raise FivefoldError(
            f"'{question_id}' has no owner to clear; 'fivefold actions {assessment_id}' lists who owns what"
        )


def actions_document(snapshot: AssessmentSnapshot, *, today: date, overdue_only: bool = False) -> dict[str, Any]:
    """What `fivefold actions --json` prints (`fivefold-actions/1`, docs/actions.md)."""
    assessment = snapshot.assessment
    items = open_items(snapshot, today=today)
    if overdue_only:
        items = [item for item in items if item.overdue]
    return {
        "format": ACTIONS_FORMAT,
        "as_of": today.isoformat(),
        "assessment": {
            "id": assessment.id,
            "uuid": assessment.uuid,
            "title": assessment.title,
            "system": {"name": assessment.system_name, "version": assessment.system_version},
            "cycle": assessment.cycle,
        },
        "items": [
            {
                "key": f"{assessment.uuid}/{item.question_id}",
                "question_id": item.question_id,
                "question": item.question,
                "phase": item.phase_id,
                "lens": item.lens,
                "status": item.status,
                "owner": item.owner,
                "due": item.due.isoformat() if item.due else None,
                "overdue": item.overdue,
            }
            for item in items
        ],
    }
