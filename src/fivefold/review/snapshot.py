"""Everything known about one assessment at one moment, read in one go for screens and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from fivefold.banks import Bank, BankRegistry, Lens, LensName, Phase
from fivefold.errors import FivefoldError
from fivefold.review.progress import Progress, assessment_progress
from fivefold.store import Answer, Assessment, LensGoal, Store
from fivefold.store.models import BlockerAcceptance, SignOff


@dataclass
class AssessmentSnapshot:
    assessment: Assessment
    bank: Bank
    answers: dict[str, Answer]
    goals: dict[tuple[str, str], LensGoal]
    acceptances: dict[str, BlockerAcceptance] = field(default_factory=dict)
    signoffs: list[SignOff] = field(default_factory=list)
    audit_problems: list[str] = field(default_factory=list)
    bank_changed: str = ""
    """Why the bank differs from the one the assessment was started with ("" when it does not)."""
    previous_retrospective: list[tuple[str, Answer]] = field(default_factory=list)
    """The previous cycle's retrospective answers (question text, answer), shown beside the platonic phase."""

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


def bank_for(registry: BankRegistry, assessment: Assessment) -> tuple[Bank, str]:
    """The bank version the assessment was started with, else the newest one of the same id."""
    try:
        bank = registry.get(assessment.bank_id, assessment.bank_version)
    except FivefoldError:
        bank = registry.get(assessment.bank_id)
        return (
            bank,
            f"started with {bank.id} {assessment.bank_version}, which is not installed; shown with {bank.version}",
        )
    if bank.content_hash() != assessment.bank_hash:
        return bank, f"{bank.id} {bank.version} changed since this assessment started (same version, new content)"
    return bank, ""


def _previous_retrospective(store: Store, registry: BankRegistry, assessment: Assessment) -> list[tuple[str, Answer]]:
    if assessment.previous_id is None:
        return []
    try:
        previous = store.assessment(assessment.previous_id)
        bank, _ = bank_for(registry, previous)
    except FivefoldError:
        return []
    assert previous.id is not None
    answers = store.answers(previous.id)
    retrospective = bank.phases[-1]
    return [
        (place.question.text, answers[place.question.id])
        for place in bank.questions()
        if place.phase.id == retrospective.id and place.question.id in answers
    ]


def assessments_with_progress(store: Store, registry: BankRegistry) -> list[tuple[Assessment, Progress | None]]:
    """Every assessment, newest first, with its progress on the bank it opens with (None when no
    version of that bank is installed): what the home screen and `fivefold list` show."""
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


def load_snapshot(store: Store, registry: BankRegistry, assessment_id: int) -> AssessmentSnapshot:
    assessment = store.assessment(assessment_id)
    bank, bank_changed = bank_for(registry, assessment)
    return AssessmentSnapshot(
        assessment=assessment,
        bank=bank,
        answers=store.answers(assessment_id),
        goals=store.goals(assessment_id),
        acceptances=store.acceptances(assessment_id),
        signoffs=store.signoffs(assessment_id),
        audit_problems=store.audit_problems(assessment_id),
        bank_changed=bank_changed,
        previous_retrospective=_previous_retrospective(store, registry, assessment),
    )
