"""What counts as answered, and progress per phase and lens: the one place these rules live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fivefold.banks import Bank, LensName, QuestionPlace
from fivefold.review.answered import applicable_ids, counts_as_answered, missing_rationale
from fivefold.store import Answer, AnswerStatus


def answer_facts(answer: Answer) -> dict[str, Any]:
    return {
        "status": answer.status,
        "value": answer.value,
        "carried_over": answer.carried_over,
        "rationale": answer.rationale,
    }


def is_answered(answer: Answer | None, kind: str = "rationale") -> bool:
    """See `counts_as_answered`: a status (or a value, for other kinds), explained, not a carried-over draft."""
    if answer is None:
        return False
    return counts_as_answered(
        kind=kind,
        status=answer.status,
        value=answer.value,
        carried_over=answer.carried_over,
        rationale=answer.rationale,
    )


def question_facts(bank: Bank) -> list[dict[str, Any]]:
    """The bank's questions as the plain facts `applicable_ids` reads."""
    return [
        {"id": place.question.id, "when": place.question.when.model_dump() if place.question.when else None}
        for place in bank.questions()
    ]


def applicable_questions(bank: Bank, answers: dict[str, Answer]) -> set[str]:
    """The ids of the questions whose `when` condition holds (all of them in a bank without conditions)."""
    facts = {question_id: answer_facts(answer) for question_id, answer in answers.items()}
    return applicable_ids(question_facts(bank), facts)


def needs_justification(answer: Answer | None) -> bool:
    """`addressed`, `concern` and `not-applicable` only count once the rationale says how or why."""
    return answer is not None and missing_rationale(answer.status, answer.rationale)


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
    carried_over: list[QuestionPlace] = field(default_factory=list)


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

    @property
    def carried_over(self) -> list[QuestionPlace]:
        return [place for lens in self.lenses() for place in lens.carried_over]


def assessment_progress(bank: Bank, answers: dict[str, Answer]) -> Progress:
    """Progress of an assessment's answers against its bank, per phase and lens.

    Questions skipped by their `when` condition count nowhere; carried-over drafts count
    as open until confirmed.
    """
    shown = applicable_questions(bank, answers)
    phases: list[PhaseProgress] = []
    for phase in bank.phases:
        lenses: list[LensProgress] = []
        for lens_name, lens in phase.lenses():
            tally = LensProgress(phase_id=phase.id, lens=lens_name)
            for question in lens.questions:
                place = QuestionPlace(phase=phase, lens_name=lens_name, lens=lens, question=question)
                if question.id not in shown:
                    continue
                answer = answers.get(question.id)
                tally.total += 1
                if answer is not None and answer.carried_over:
                    tally.carried_over.append(place)
                if is_answered(answer, question.kind):
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
