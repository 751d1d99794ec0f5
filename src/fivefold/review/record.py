"""The assessment record: everything about one assessment as plain, versioned JSON data.

It is the JSON export (schema `fivefold-assessment/3`, documented in docs/json-export.md)
and the input of the review rules, so the gate judges an exported file and a database
row by the very same function. It carries the bank itself, so that the gate judges each
question's `required` and `when` from the bank whose hash the digest covers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fivefold.review.digest import DIGEST_FORMAT, RECORD_SCHEMA, content_digest
from fivefold.review.rules import bank_questions
from fivefold.review.snapshot import AssessmentSnapshot
from fivefold.review.threads import build_threads
from fivefold.store.models import ActionItem, Comment

__all__ = ["RECORD_SCHEMA", "action_item_facts", "build_record", "comment_facts", "iso_time"]


def iso_time(value: datetime) -> str:
    """A stored time as UTC ISO 8601 to the second (SQLite hands back naive UTC datetimes)."""
    return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC).isoformat(timespec="seconds")


def comment_facts(comment: Comment) -> dict[str, Any]:
    """A stored comment as `build_threads` reads it."""
    return {
        "id": comment.uuid,
        "question_id": comment.question_id,
        "reply_to": comment.reply_to,
        "author": comment.author,
        "text": comment.text,
        "at": iso_time(comment.created_at),
        "resolved": comment.resolved,
        "resolved_by": comment.resolved_by,
        "resolved_at": iso_time(comment.resolved_at) if comment.resolved_at else None,
    }


def action_item_facts(item: ActionItem) -> dict[str, Any]:
    return {
        "question_id": item.question_id,
        "owner": item.owner,
        "due": item.due.isoformat(),
        "set_at": iso_time(item.set_at),
    }


def build_record(snapshot: AssessmentSnapshot, *, exported_at: datetime | None = None) -> dict[str, Any]:
    assessment, bank = snapshot.assessment, snapshot.bank
    content = bank.model_dump(mode="json")
    answers = [
        {
            "question_id": answer.question_id,
            "status": answer.status,
            "rationale": answer.rationale,
            "evidence": list(answer.evidence),
            "value": answer.value,
            "carried_over": answer.carried_over,
            "revision": answer.revision,
            "updated_at": iso_time(answer.updated_at),
        }
        for answer in sorted(snapshot.answers.values(), key=lambda a: a.question_id)
    ]
    goals = [
        {"phase": goal.phase_id, "lens": goal.lens, "x": goal.x, "y": goal.y}
        for goal in sorted(snapshot.goals.values(), key=lambda g: (g.phase_id, g.lens))
    ]
    record: dict[str, Any] = {
        "schema": RECORD_SCHEMA,
        "exported_at": iso_time(exported_at or datetime.now(UTC)),
        "assessment": {
            "id": assessment.id,
            "uuid": assessment.uuid,
            "title": assessment.title,
            "system": {"name": assessment.system_name, "version": assessment.system_version},
            "created_at": iso_time(assessment.created_at),
            "updated_at": iso_time(assessment.updated_at),
            "approvals_required": assessment.approvals_required,
            "open_comments_block": assessment.open_comments_block,
            "cycle": assessment.cycle,
            "previous_id": assessment.previous_id,
            "previous_uuid": assessment.previous_uuid,
        },
        "bank": {
            "id": bank.id,
            "version": bank.version,
            "hash": bank.content_hash(),
            "title": bank.title,
            "started_with": {"version": assessment.bank_version, "hash": assessment.bank_hash},
            "content": content,
        },
        "goals": goals,
        "questions": bank_questions(content),
        "retired_question_ids": sorted(snapshot.retired_answers),
        "answers": answers,
        "blocker_acceptances": [
            {
                "question_id": acceptance.question_id,
                "answer_revision": acceptance.answer_revision,
                "reviewer": acceptance.reviewer,
                "reason": acceptance.reason,
                "at": iso_time(acceptance.created_at),
            }
            for acceptance in sorted(snapshot.acceptances.values(), key=lambda a: a.question_id)
        ],
        "artifacts": [
            {"name": a.name, "size": a.size, "sha256": a.sha256, "added_at": iso_time(a.added_at)}
            for a in sorted(snapshot.artifacts, key=lambda a: a.name)
        ],
        "comments": build_threads(comment_facts(comment) for comment in snapshot.comments),
        "action_items": [
            action_item_facts(item) for item in sorted(snapshot.action_items.values(), key=lambda i: i.question_id)
        ],
        "signoffs": [
            {
                "id": signoff.id,
                "statement": signoff.statement,
                "signature": signoff.signature,
                "reviewer": signoff.reviewer,
                "role": signoff.role,
                "decision": signoff.decision,
                "comment": signoff.comment,
                "at": iso_time(signoff.created_at),
                "digest": signoff.digest,
                "signer_principal": signoff.signer_principal,
            }
            for signoff in snapshot.signoffs
        ],
        "audit": {
            "events": snapshot.assessment.audit_seq,
            "head": snapshot.assessment.audit_head,
            "problems": list(snapshot.audit_problems),
            "checked": snapshot.audit_checked,
        },
    }
    record["digest"] = {"format": DIGEST_FORMAT, "value": content_digest(record)}
    return record
