"""Everything known about one assessment at one moment, read in one go for screens and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fivefold.banks import Bank, BankRegistry, Lens, LensName, Phase
from fivefold.errors import FivefoldError
from fivefold.review.progress import Progress, assessment_progress
from fivefold.store import Answer, Assessment, LensGoal, Store
from fivefold.store.models import ActionItem, Artifact, BlockerAcceptance, Comment, SignOff

AuditCheck = Literal["chain", "head"]
"""How much of an assessment's audit log was checked: all of it against every table, or its newest event."""


@dataclass
class AssessmentSnapshot:
    assessment: Assessment
    bank: Bank
    answers: dict[str, Answer]
    goals: dict[tuple[str, str], LensGoal]
    acceptances: dict[str, BlockerAcceptance] = field(default_factory=dict)
    signoffs: list[SignOff] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    """Every comment, oldest first; `review.threads` groups them into threads."""
    action_items: dict[str, ActionItem] = field(default_factory=dict)
    """The owner and due date given to a question's open item, by question id (`review.actions`)."""
    audit_problems: list[str] = field(default_factory=list)
    audit_checked: AuditCheck = "chain"
    """How much of the audit log `audit_problems` comes from (see `load_snapshot`)."""
    bank_changed: str = ""
    """Why the bank differs from the one the assessment was started with ("" when it does not)."""
    previous_retrospective: list[tuple[str, Answer]] = field(default_factory=list)
    """The previous cycle's retrospective answers (question text, answer), shown beside the platonic
    phase, its steering plan first: the answers to the questions the bank marks `steering`."""
    previous_steering: list[tuple[str, Answer]] = field(default_factory=list)
    """Those steering answers alone: they lead the help of the bank's first phase in this cycle."""

    @property
    def retired_answers(self) -> dict[str, Answer]:
        """Answers to questions the current bank no longer has: kept, listed, never deleted."""
        known = self.bank.question_ids()
        return {question_id: answer for question_id, answer in self.answers.items() if question_id not in known}

    @property
    def progress(self) -> Progress:
        return assessment_progress(self.bank, self.answers)

    def goal_sentence(self, phase: Phase, lens_name: LensName, lens: Lens) -> str:
        """The lens's goal with the team's X and Y filled in where given."""
        goal = self.goals.get((phase.id, lens_name))
        return lens.goal_sentence(goal.x if goal else None, goal.y if goal else None)


def installed_bank(registry: BankRegistry, bank_id: str, version: str) -> Bank | None:
    """The bank an assessment opens with: the version it was started with, else the newest one of the same id
    (None when no version of it is installed)."""
    for wanted in (version, None):
        try:
            return registry.get(bank_id, wanted)
        except FivefoldError:
            continue
    return None


def bank_for(registry: BankRegistry, assessment: Assessment) -> tuple[Bank, str]:
    """The bank the assessment opens with (`installed_bank`), and why it differs from the one it was started with."""
    bank = installed_bank(registry, assessment.bank_id, assessment.bank_version)
    if bank is None:
        registry.get(assessment.bank_id)  # raises the registry's error, which names the installed banks
        raise FivefoldError(f"no question bank '{assessment.bank_id}' is installed")
    if bank.version != assessment.bank_version:
        return (
            bank,
            f"started with {bank.id} {assessment.bank_version}, which is not installed; shown with {bank.version}",
        )
    if bank.content_hash() != assessment.bank_hash:
        return bank, f"{bank.id} {bank.version} changed since this assessment started (same version, new content)"
    return bank, ""


def _previous_retrospective(
    store: Store, registry: BankRegistry, assessment: Assessment
) -> tuple[list[tuple[str, Answer]], list[tuple[str, Answer]]]:
    """The previous cycle's retrospective (its bank's last phase) with the steering answers first,
    and the steering answers alone; both empty on a first cycle."""
    if assessment.previous_id is None:
        return [], []
    try:
        previous = store.assessment(assessment.previous_id)
        bank, _ = bank_for(registry, previous)
    except FivefoldError:
        return [], []
    assert previous.id is not None
    answers = store.answers(previous.id)
    retrospective = bank.phases[-1].id
    places = [place for place in bank.questions() if place.question.id in answers]
    steering = [(place.question.text, answers[place.question.id]) for place in places if place.question.steering]
    rest = [
        (place.question.text, answers[place.question.id])
        for place in places
        if place.phase.id == retrospective and not place.question.steering
    ]
    return steering + rest, steering


def assessments_with_progress(store: Store, registry: BankRegistry) -> list[tuple[Assessment, Progress | None]]:
    """Every assessment, newest first, with its progress on the bank it opens with (None when no
    version of that bank is installed), computed in full: one query and every answer read per assessment.

    The reference the fast listing is checked against: the home screen and `fivefold list` read
    `review.listing` (one grouped query), and tests/test_listing.py and tests/tui/test_home_rows.py
    check that it gives the same rows as this."""
    listing: list[tuple[Assessment, Progress | None]] = []
    for assessment in store.assessments():
        try:
            bank, _ = bank_for(registry, assessment)
        except FivefoldError:
            listing.append((assessment, None))
            continue
        assert assessment.id is not None
        listing.append((assessment, assessment_progress(bank, store.answers(assessment.id))))
    return listing


def load_snapshot(
    store: Store, registry: BankRegistry, assessment_id: int, *, audit: AuditCheck = "chain"
) -> AssessmentSnapshot:
    """Everything about one assessment. `audit` says how much of its audit log to check:

    - "chain" replays every event and compares the result with every table (`Store.audit_problems`),
      in time proportional to the log: for `verify`, `gate`, the exports and the sign-off screen.
    - "head" checks only that the newest event is the assessment's recorded head and still hashes
      to it (`Store.audit_head_problems`), in constant time: for opening an assessment to answer it,
      which shows no verdict. The snapshot says which (`audit_checked`, and `audit.checked` in the record).
    """
    assessment = store.assessment(assessment_id)
    bank, bank_changed = bank_for(registry, assessment)
    previous_retrospective, previous_steering = _previous_retrospective(store, registry, assessment)
    return AssessmentSnapshot(
        assessment=assessment,
        bank=bank,
        answers=store.answers(assessment_id),
        goals=store.goals(assessment_id),
        acceptances=store.acceptances(assessment_id),
        signoffs=store.signoffs(assessment_id),
        artifacts=store.artifacts(assessment_id),
        comments=store.comments(assessment_id),
        action_items=store.action_items(assessment_id),
        audit_problems=store.audit_problems(assessment_id)
        if audit == "chain"
        else store.audit_head_problems(assessment_id),
        audit_checked=audit,
        bank_changed=bank_changed,
        previous_retrospective=previous_retrospective,
        previous_steering=previous_steering,
    )
