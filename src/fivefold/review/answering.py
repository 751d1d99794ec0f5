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


def answer_problems(
    bank: Bank, question_id: str, *, rationale: str, evidence: Sequence[str] = (), value: Any = None
) -> list[tuple[str, str]]:
    """Every reason an answer cannot be saved, each with the field at fault: question, value, text or evidence."""
    place = bank.question(question_id)
    if place is None:
        return [
            (
                "question",
                f"the bank '{bank.id}' has no question '{question_id}'; 'fivefold banks show {bank.id}' lists the ids",
            )
        ]
    problems = []
    problem = value_problem(place.question, value)
    if problem:
        problems.append(("value", problem))
    if len(rationale) > MAX_TEXT_CHARS:
        problems.append(
            (
                "text",
                f"the rationale for '{question_id}' has {len(rationale):,} characters, over the limit of "
                f"{MAX_TEXT_CHARS:,}; shorten it or link the long text as evidence",
            )
        )
    if "\x00" in rationale:
        # SQLite would keep it, but a PostgreSQL text column cannot: refused alike everywhere.
        problems.append(("text", f"the rationale for '{question_id}' holds a NUL character (\\x00); remove it"))
    strings = {"text": [rationale], "evidence": list(evidence), "value": value if isinstance(value, list) else [value]}
    for field, texts in strings.items():
        if any(isinstance(text, str) and not _is_text(text) for text in texts):
            # A byte that is not UTF-8 reaches Python as a lone surrogate (from argv, say), which no
            # database can store: the driver would fail half-way through the save.
            problems.append((field, f"the {field} for '{question_id}' holds bytes that are not UTF-8 text; fix them"))
    return problems


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate_answer(
    bank: Bank,
    question_id: str,
    *,
    status: AnswerStatus | None,
    rationale: str,
    evidence: Sequence[str] = (),
    value: Any = None,
) -> AnswerDraft:
    """The answer to save, once it fits its question (`answer_problems`); else `FivefoldError` with the first reason."""
    problems = answer_problems(bank, question_id, rationale=rationale, evidence=evidence, value=value)
    if problems:
        raise FivefoldError(problems[0][1])
    return AnswerDraft(
        question_id=question_id, status=status, rationale=rationale, evidence=tuple(evidence), value=value
    )


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
    """Validate and commit one answer; returns it as saved (with its new revision). Saving also confirms a
    carried-over draft."""
    draft = validate_answer(bank, question_id, status=status, rationale=rationale, evidence=evidence, value=value)
    return store.save_answers(assessment_id, [draft], expected_revisions=[expected_revision])[0]


def record_goal(store: Store, bank: Bank, assessment_id: int, phase_id: str, lens: LensName, *, x: str, y: str) -> None:
    """Save the team's own X and Y for one lens."""
    phase = next((p for p in bank.phases if p.id == phase_id), None)
    if phase is None or getattr(phase, lens, None) is None:
        raise FivefoldError(f"the bank '{bank.id}' has no {lens} lens in a phase '{phase_id}'")
    for name, value in (("X", x), ("Y", y)):
        if len(value) > 2_000:
            raise FivefoldError(f"the team's {name} for {phase_id} {lens} is over 2,000 characters; shorten it")
    store.save_goal(assessment_id, phase_id, lens, x=x.strip(), y=y.strip())
