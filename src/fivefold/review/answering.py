"""Record an answer or a goal: the one validated path the TUI's autosave and the CLI share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fivefold.banks import Bank, LensName
from fivefold.banks.kinds import value_problem
from fivefold.errors import FivefoldError
from fivefold.store import Answer, AnswerStatus, Store
from fivefold.store.database import AnswerDraft
from fivefold.vocabulary import STATUSES

# A rationale longer than this is almost surely a pasted file by mistake; refuse it whole.
MAX_TEXT_CHARS = 200_000


def parse_status(value: str | None) -> AnswerStatus | None:
    """A status from its name (`addressed`, `concern`, `blocker`, `not-applicable`), or None for a draft."""
    if value in (None, "", "none", "draft"):
        return None
    normalised = value.strip().lower().replace("_", "-")
    if normalised in ("n/a", "na", "not-applicable", "notapplicable"):
        return AnswerStatus.NOT_APPLICABLE
    try:
        return AnswerStatus(normalised)
    except ValueError:
        raise FivefoldError(f"'{value}' is not a status; use one of {', '.join(STATUSES)}") from None


def record_answer(
    store: Store,
    bank: Bank,
    assessment_id: int,
    question_id: str,
    *,
    status: AnswerStatus | None,
    rationale: str,
    evidence: Sequence[str] = (),
    value: Any = None,
    expected_revision: int | None = None,
) -> Answer:
    """Validate and commit one answer; returns it as stored. Saving also confirms a carried-over draft."""
    place = bank.question(question_id)
    if place is None:
        raise FivefoldError(
            f"the bank '{bank.id}' has no question '{question_id}'; 'fivefold banks show {bank.id}' lists the ids"
        )
    problem = value_problem(place.question, value)
    if problem:
        raise FivefoldError(problem)
    if len(rationale) > MAX_TEXT_CHARS:
        raise FivefoldError(
            f"the rationale for '{question_id}' has {len(rationale):,} characters, over the limit of "
            f"{MAX_TEXT_CHARS:,}; shorten it or link the long text as evidence"
        )
    draft = AnswerDraft(
        question_id=question_id, status=status, rationale=rationale, evidence=tuple(evidence), value=value
    )
    return store.write_answer(assessment_id, draft, expected_revision=expected_revision)


def record_goal(store: Store, bank: Bank, assessment_id: int, phase_id: str, lens: LensName, *, x: str, y: str) -> None:
    """Save the team's own X and Y for one lens."""
    phase = next((p for p in bank.phases if p.id == phase_id), None)
    if phase is None or getattr(phase, lens, None) is None:
        raise FivefoldError(f"the bank '{bank.id}' has no {lens} lens in a phase '{phase_id}'")
    for name, value in (("X", x), ("Y", y)):
        if len(value) > 2_000:
            raise FivefoldError(f"the team's {name} for {phase_id} {lens} is over 2,000 characters; shorten it")
    store.save_goal(assessment_id, phase_id, lens, x=x.strip(), y=y.strip())
