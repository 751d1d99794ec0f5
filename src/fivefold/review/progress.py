"""What counts as answered, and progress per phase and lens: the one place these rules live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fivefold.banks import Bank, LensName, QuestionPlace
from fivefold.review.answered import applicable_ids, counts_as_answered, missing_rationale, shows
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


_OPEN_LISTS = ("required_open", "concerns", "blockers", "unjustified", "carried_over")
"""The lists of a `LensProgress` that name questions, in the order `_Counted` holds their flags."""


class _Counted(NamedTuple):
    """What one applicable question adds to its lens's tally."""

    answered: bool
    required_open: bool
    concerns: bool
    blockers: bool
    unjustified: bool
    carried_over: bool


class _LensTally:
    """A lens's counts, and the bank positions of the questions in each of its lists."""

    __slots__ = ("answered", "lists", "total")

    def __init__(self) -> None:
        self.total = 0
        self.answered = 0
        self.lists: dict[str, set[int]] = {name: set() for name in _OPEN_LISTS}


class LiveProgress:
    """`assessment_progress` kept up to date save by save, for the app's autosave.

    Built once over the bank (linear in its questions). Then `save` costs time in proportion to
    what the save changed: the saved question's own tally, and the applicability of only the
    questions whose `when` reads it, then of those that read one of them if that changed (each
    condition reads one earlier question, so the changes spread down a tree). `answered` and
    `total` are plain counts; `progress()` builds the full `Progress`, which always equals
    `assessment_progress(bank, answers)` (tests/test_live_progress.py checks it after random
    sequences of saves).
    """

    def __init__(self, bank: Bank, answers: dict[str, Answer]) -> None:
        self.bank = bank
        self.answers = dict(answers)
        self._places = bank.questions()
        self._position = {place.question.id: position for position, place in enumerate(self._places)}
        self._tallies = {
            (phase.id, lens_name): _LensTally() for phase in bank.phases for lens_name, _lens in phase.lenses()
        }
        self._tally_of = [self._tallies[place.phase.id, place.lens_name] for place in self._places]
        self._when = [place.question.when.model_dump() if place.question.when else None for place in self._places]
        self._target: list[int | None] = []
        """The position of the earlier question each condition reads (None: none, or not an earlier one)."""
        self._readers: dict[str, list[int]] = {}
        """A question id -> the positions of the questions whose condition reads its answer."""
        for position, when in enumerate(self._when):
            target = self._position.get(when["question"]) if when is not None else None
            self._target.append(target if target is not None and target < position else None)
            if when is not None:
                self._readers.setdefault(when["question"], []).append(position)
        self._shown = [False] * len(self._places)
        self._counted: list[_Counted | None] = [None] * len(self._places)
        self.answered = 0
        """Questions answered among those that apply."""
        self.total = 0
        """Questions that apply."""
        for position in range(len(self._places)):  # in bank order: a condition reads an earlier question
            self._shown[position] = self._applies(position)
            self._count(position)

    def save(self, answer: Answer) -> list[str]:
        """Take a saved answer in; returns the ids of the questions it showed or skipped, in bank order."""
        self.answers[answer.question_id] = answer
        position = self._position.get(answer.question_id)
        if position is None:
            return []  # an answer to a retired question counts nowhere
        self._uncount(position)
        self._count(position)
        changed: list[int] = []
        waiting = [answer.question_id]
        while waiting:
            for reader in self._readers.get(waiting.pop(), ()):
                applies = self._applies(reader)
                if applies != self._shown[reader]:
                    self._uncount(reader)
                    self._shown[reader] = applies
                    self._count(reader)
                    changed.append(reader)
                    waiting.append(self._places[reader].question.id)
        return [self._places[position].question.id for position in sorted(changed)]

    def phase_counts(self) -> dict[str, tuple[int, int]]:
        """(answered, total) of each phase, by id in bank order: constant time in the bank's questions."""
        counts: dict[str, tuple[int, int]] = {}
        for (phase_id, _lens), tally in self._tallies.items():
            answered, total = counts.get(phase_id, (0, 0))
            counts[phase_id] = (answered + tally.answered, total + tally.total)
        return counts

    def open_counts(self) -> tuple[int, int, int]:
        """How many questions that apply are concerns, blockers, and carried-over drafts to re-confirm."""
        concerns, blockers, carried_over = (
            sum(len(tally.lists[name]) for tally in self._tallies.values())
            for name in ("concerns", "blockers", "carried_over")
        )
        return concerns, blockers, carried_over

    def is_shown(self, question_id: str) -> bool:
        """Whether the question applies (its `when` condition holds)."""
        position = self._position.get(question_id)
        return position is not None and self._shown[position]

    def progress(self) -> Progress:
        """The full `Progress`, its lists in bank order (linear in the bank: for a screen that shows it all)."""
        phases = []
        for phase in self.bank.phases:
            lenses = []
            for lens_name, _lens in phase.lenses():
                tally = self._tallies[phase.id, lens_name]
                lists = {name: [self._places[p] for p in sorted(tally.lists[name])] for name in _OPEN_LISTS}
                lenses.append(
                    LensProgress(phase_id=phase.id, lens=lens_name, total=tally.total, answered=tally.answered, **lists)
                )
            phases.append(PhaseProgress(phase_id=phase.id, title=phase.title, lenses=lenses))
        return Progress(phases=phases)

    def _applies(self, position: int) -> bool:
        when = self._when[position]
        if when is None:
            return True
        target = self._target[position]
        answer = self.answers.get(when["question"])
        return shows(
            when,
            target_shown=target is not None and self._shown[target],
            target_answer=answer_facts(answer) if answer is not None else None,
        )

    def _count(self, position: int) -> None:
        """Add an applicable question to its lens's tally, as `assessment_progress` counts it."""
        if not self._shown[position]:
            return
        question = self._places[position].question
        answer = self.answers.get(question.id)
        answered = is_answered(answer, question.kind)
        counted = _Counted(
            answered=answered,
            required_open=question.required and not answered,
            concerns=answer is not None and answer.status == AnswerStatus.CONCERN,
            blockers=answer is not None and answer.status == AnswerStatus.BLOCKER,
            unjustified=needs_justification(answer),
            carried_over=answer is not None and answer.carried_over,
        )
        self._counted[position] = counted
        self._add(position, counted, 1)

    def _uncount(self, position: int) -> None:
        counted = self._counted[position]
        if counted is not None:
            self._counted[position] = None
            self._add(position, counted, -1)

    def _add(self, position: int, counted: _Counted, sign: int) -> None:
        tally = self._tally_of[position]
        tally.total += sign
        tally.answered += sign * counted.answered
        self.total += sign
        self.answered += sign * counted.answered
        for name, flagged in zip(_OPEN_LISTS, counted[1:], strict=True):
            if flagged:
                (tally.lists[name].add if sign > 0 else tally.lists[name].discard)(position)
