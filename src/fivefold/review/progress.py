"""What counts as answered, and progress per phase and lens: the one place these rules live."""

from __future__ import annotations

from dataclasses import dataclass, field

from fivefold.banks import Bank, LensName, QuestionPlace
from fivefold.store import Answer, AnswerStatus


def is_answered(answer: Answer | None) -> bool:
    """A question is answered once its answer has a status; text alone is a draft."""
    return answer is not None and answer.status is not None


def needs_justification(answer: Answer | None) -> bool:
    """`not-applicable` only counts once the rationale says why."""
    return answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE and not answer.rationale.strip()


@dataclass
class LensProgress:
    phase_id: str
    lens: LensName
    total: int = 0
    answered: int = 0
    required_open: list[QuestionPlace] = field(default_factory=list)
    concerns: list[QuestionPlace] = field(default_factory=list)
    blockers: list[QuestionPlace] = field(default_factory=list)
    unjustified: list[QuestionPlace] = field(default_factory=list)


@dataclass
class PhaseProgress:
    phase_id: str
    title: str
    lenses: list[LensProgress]

    @property
    def total(self) -> int:
        return sum(lens.total for lens in self.lenses)

    @property
    def answered(self) -> int:
        return sum(lens.answered for lens in self.lenses)


@dataclass
class Progress:
    phases: list[PhaseProgress]

    @property
    def total(self) -> int:
        return sum(phase.total for phase in self.phases)

    @property
    def answered(self) -> int:
        return sum(phase.answered for phase in self.phases)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    def lenses(self) -> list[LensProgress]:
        return [lens for phase in self.phases for lens in phase.lenses]

    @property
    def required_open(self) -> list[QuestionPlace]:
        return [place for lens in self.lenses() for place in lens.required_open]

    @property
    def concerns(self) -> list[QuestionPlace]:
        return [place for lens in self.lenses() for place in lens.concerns]

    @property
    def blockers(self) -> list[QuestionPlace]:
        return [place for lens in self.lenses() for place in lens.blockers]

    @property
    def unjustified(self) -> list[QuestionPlace]:
        return [place for lens in self.lenses() for place in lens.unjustified]


def assessment_progress(bank: Bank, answers: dict[str, Answer]) -> Progress:
    """Progress of an assessment's answers against its bank, per phase and lens."""
    phases: list[PhaseProgress] = []
    for phase in bank.phases:
        lenses: list[LensProgress] = []
        for lens_name, lens in phase.lenses():
            tally = LensProgress(phase_id=phase.id, lens=lens_name)
            for question in lens.questions:
                place = QuestionPlace(phase=phase, lens_name=lens_name, lens=lens, question=question)
                answer = answers.get(question.id)
                tally.total += 1
                if is_answered(answer):
                    tally.answered += 1
                elif question.required:
                    tally.required_open.append(place)
                if answer is not None and answer.status == AnswerStatus.CONCERN:
                    tally.concerns.append(place)
                if answer is not None and answer.status == AnswerStatus.BLOCKER:
                    tally.blockers.append(place)
                if needs_justification(answer):
                    tally.unjustified.append(place)
            lenses.append(tally)
        phases.append(PhaseProgress(phase_id=phase.id, title=phase.title, lenses=lenses))
    return Progress(phases=phases)
