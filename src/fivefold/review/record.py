"""The assessment record: everything about one assessment as plain, versioned JSON data.

It is the JSON export (schema `fivefold-assessment/1`, documented in docs/json-export.md)
and the input of the review rules, so the gate judges an exported file and a database
row by the very same function.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fivefold.review.digest import DIGEST_FORMAT, digest_document, digest_of
from fivefold.review.snapshot import AssessmentSnapshot

RECORD_SCHEMA = "fivefold-assessment/1"


def _time(value: datetime) -> str:
    return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC).isoformat(timespec="seconds")


def build_record(snapshot: AssessmentSnapshot, *, exported_at: datetime | None = None) -> dict[str, Any]:
    assessment, bank = snapshot.assessment, snapshot.bank
    answers = [
        {
            "question_id": answer.question_id,
            "status": answer.status,
            "rationale": answer.rationale,
            "evidence": list(answer.evidence),
            "value": answer.value,
            "carried_over": answer.carried_over,
            "revision": answer.revision,
            "updated_at": _time(answer.updated_at),
        }
        for answer in sorted(snapshot.answers.values(), key=lambda a: a.question_id)
    ]
    goals = [
        {"phase": goal.phase_id, "lens": goal.lens, "x": goal.x, "y": goal.y}
        for goal in sorted(snapshot.goals.values(), key=lambda g: (g.phase_id, g.lens))
    ]
    record: dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "exported_at": _time(exported_at or datetime.now(UTC)),
        "assessment": {
            "id": assessment.id,
            "title": assessment.title,
            "system": {"name": assessment.system_name, "version": assessment.system_version},
            "created_at": _time(assessment.created_at),
            "updated_at": _time(assessment.updated_at),
            "approvals_required": assessment.approvals_required,
            "cycle": assessment.cycle,
            "previous_id": assessment.previous_id,
        },
        "bank": {"id": bank.id, "version": bank.version, "hash": assessment.bank_hash, "title": bank.title},
        "goals": goals,
        "questions": [
            {
                "id": place.question.id,
                "phase": place.phase.id,
                "lens": place.lens_name,
                "text": place.question.text,
                "kind": place.question.kind,
                "required": place.question.required,
                "when": place.question.when.model_dump(exclude_none=True) if place.question.when else None,
                "source": place.question.source,
                "locator": place.question.locator,
                "example": place.question.example.model_dump() if place.question.example else None,
            }
            for place in bank.questions()
        ],
        "lenses": [
            {
                "phase": phase.id,
                "lens": lens_name,
                "goal": lens.goal,
                "x": lens.x,
                "y": lens.y,
                "source": lens.source,
                "locator": lens.locator,
                "problems": [problem.model_dump() for problem in lens.problems],
            }
            for phase in bank.phases
            for lens_name, lens in phase.lenses()
        ],
        "sources": [
            source.model_dump(include={"id", "title", "author", "year", "url"}, mode="json") for source in bank.sources
        ],
        "retired_question_ids": sorted(snapshot.retired_answers),
        "answers": answers,
        "blocker_acceptances": [
            {
                "question_id": acceptance.question_id,
                "answer_revision": acceptance.answer_revision,
                "reviewer": acceptance.reviewer,
                "reason": acceptance.reason,
                "at": _time(acceptance.created_at),
            }
            for acceptance in sorted(snapshot.acceptances.values(), key=lambda a: a.question_id)
        ],
        "signoffs": [
            {
                "id": signoff.id,
                "reviewer": signoff.reviewer,
                "role": signoff.role,
                "decision": signoff.decision,
                "comment": signoff.comment,
                "at": _time(signoff.created_at),
                "digest": signoff.digest,
                "statement": signoff.statement,
                "signature": signoff.signature,
                "signer_principal": signoff.signer_principal,
            }
            for signoff in snapshot.signoffs
        ],
        "audit": {
            "events": snapshot.assessment.audit_seq,
            "head": snapshot.assessment.audit_head,
            "problems": list(snapshot.audit_problems),
        },
    }
    record["digest"] = {"format": DIGEST_FORMAT, "value": content_digest(record)}
    return record


def content_digest(record: dict[str, Any]) -> str:
    """Recompute the digest from a record's own content (bank, system, goals, answers)."""
    return digest_of(
        digest_document(
            bank=record["bank"],
            system=record["assessment"]["system"],
            goals=record["goals"],
            answers=record["answers"],
        )
    )
