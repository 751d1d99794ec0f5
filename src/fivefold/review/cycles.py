"""The loop: start cycle N+1 from cycle N, and compare two cycles question by question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fivefold.banks import BankRegistry
from fivefold.errors import FivefoldError
from fivefold.review.snapshot import AssessmentSnapshot, load_snapshot
from fivefold.store import Assessment, Store

Change = Literal["added", "removed", "status", "rationale", "status and rationale", "value", "unchanged"]


def start_next_cycle(store: Store, registry: BankRegistry, assessment_id: int) -> Assessment:
    """Cycle N+1 of the same system on the newest version of its bank; answers carry over as drafts."""
    previous = store.assessment(assessment_id)
    bank = registry.get(previous.bank_id)
    return store.start_cycle(previous, bank_version=bank.version, bank_hash=bank.content_hash())


@dataclass(frozen=True)
class QuestionDiff:
    question_id: str
    text: str
    change: Change
    before_status: str | None = None
    after_status: str | None = None
    before_rationale: str = ""
    after_rationale: str = ""
    before_value: object = None
    after_value: object = None


@dataclass(frozen=True)
class CycleDiff:
    before: AssessmentSnapshot
    after: AssessmentSnapshot
    questions: list[QuestionDiff]

    @property
    def changed(self) -> list[QuestionDiff]:
        return [question for question in self.questions if question.change != "unchanged"]


def diff_cycles(store: Store, registry: BankRegistry, before_id: int, after_id: int) -> CycleDiff:
    """Per question, how status, rationale and value changed, and which questions either bank lacks."""
    before = load_snapshot(store, registry, before_id)
    after = load_snapshot(store, registry, after_id)
    if before.assessment.bank_id != after.assessment.bank_id:
        raise FivefoldError(
            f"assessments {before_id} and {after_id} use different banks "
            f"({before.assessment.bank_id}, {after.assessment.bank_id}); only cycles of one bank compare"
        )
    before_ids, after_ids = before.bank.question_ids(), after.bank.question_ids()
    order = [place.question.id for place in after.bank.questions()]
    order += [place.question.id for place in before.bank.questions() if place.question.id not in after_ids]
    texts = {place.question.id: place.question.text for place in before.bank.questions()}
    texts.update({place.question.id: place.question.text for place in after.bank.questions()})
    questions = []
    for question_id in order:
        old, new = before.answers.get(question_id), after.answers.get(question_id)
        old_status, new_status = (old.status if old else None), (new.status if new else None)
        old_text, new_text = (old.rationale if old else ""), (new.rationale if new else "")
        old_value, new_value = (old.value if old else None), (new.value if new else None)
        if question_id not in before_ids:
            change: Change = "added"
        elif question_id not in after_ids:
            change = "removed"
        elif old_status != new_status and old_text != new_text:
            change = "status and rationale"
        elif old_status != new_status:
            change = "status"
        elif old_text != new_text:
            change = "rationale"
        elif old_value != new_value:
            change = "value"
        else:
            change = "unchanged"
        questions.append(
            QuestionDiff(
                question_id=question_id,
                text=texts[question_id],
                change=change,
                before_status=old_status,
                after_status=new_status,
                before_rationale=old_text,
                after_rationale=new_text,
                before_value=old_value,
                after_value=new_value,
            )
        )
    return CycleDiff(before=before, after=after, questions=questions)
