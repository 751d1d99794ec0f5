"""Everything known about one assessment at one moment, read in one go for screens and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from fivefold.banks import Bank, BankRegistry, Lens, LensName, Phase
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

    @property
    def progress(self) -> Progress:
        return assessment_progress(self.bank, self.answers)

    def goal_sentence(self, phase: Phase, lens_name: LensName, lens: Lens) -> str:
        """The lens's goal with the team's X and Y filled in where given."""
        goal = self.goals.get((phase.id, lens_name))
        return lens.goal_sentence(goal.x if goal else None, goal.y if goal else None)


def load_snapshot(store: Store, registry: BankRegistry, assessment_id: int) -> AssessmentSnapshot:
    assessment = store.assessment(assessment_id)
    bank = registry.get(assessment.bank_id, assessment.bank_version)
    return AssessmentSnapshot(
        assessment=assessment,
        bank=bank,
        answers=store.answers(assessment_id),
        goals=store.goals(assessment_id),
        acceptances=store.acceptances(assessment_id),
        signoffs=store.signoffs(assessment_id),
        audit_problems=store.audit_problems(assessment_id),
    )
