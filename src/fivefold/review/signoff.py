"""Record a sign-off or a blocker acceptance: validated, bound to the digest, optionally signed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fivefold.errors import FivefoldError
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate
from fivefold.review.snapshot import AssessmentSnapshot
from fivefold.store import Store
from fivefold.store.audit import canonical_json
from fivefold.store.models import SignOff, utcnow
from fivefold.vocabulary import APPROVING, DECISIONS

STATEMENT_FORMAT = "fivefold-signoff/1"


def signoff_statement(record: dict[str, Any], *, reviewer: str, role: str, decision: str, comment: str, at: str) -> str:
    """The exact text a reviewer signs: the decision and the digest it is bound to."""
    return canonical_json(
        {
            "format": STATEMENT_FORMAT,
            "assessment": {"id": record["assessment"]["id"], "title": record["assessment"]["title"]},
            "system": record["assessment"]["system"],
            "bank": {"id": record["bank"]["id"], "version": record["bank"]["version"]},
            "digest": record["digest"]["value"],
            "decision": decision,
            "reviewer": reviewer,
            "role": role,
            "comment": comment,
            "at": at,
        }
    )


def record_signoff(
    store: Store,
    snapshot: AssessmentSnapshot,
    *,
    reviewer: str,
    role: str,
    decision: str,
    comment: str = "",
    key: Path | None = None,
    principal: str | None = None,
) -> SignOff:
    """Record a decision. An approval needs a ready assessment; a rejection can be made at any time."""
    reviewer, role, comment = reviewer.strip(), role.strip(), comment.strip()
    if not reviewer:
        raise FivefoldError("a sign-off needs the reviewer's name (--reviewer)")
    if decision not in DECISIONS:
        raise FivefoldError(f"'{decision}' is not a decision; use one of {', '.join(DECISIONS)}")
    record = build_record(snapshot)
    verdict = evaluate(record)
    if decision in APPROVING and not verdict.ready:
        raise FivefoldError(
            f"assessment {snapshot.assessment.id} is not ready for approval: " + "; ".join(verdict.ready_reasons)
        )
    at = utcnow().isoformat(timespec="seconds")
    statement = signoff_statement(record, reviewer=reviewer, role=role, decision=decision, comment=comment, at=at)
    signature = None
    if key is not None:
        from fivefold.signing import sign

        signature = sign(statement, key)
    return store.add_signoff(
        SignOff(
            assessment_id=_id(snapshot),
            reviewer=reviewer,
            role=role,
            decision=decision,
            comment=comment,
            digest=record["digest"]["value"],
            statement=statement,
            signature=signature,
            signer_principal=(principal or reviewer) if signature else None,
        )
    )


def accept_blocker(store: Store, snapshot: AssessmentSnapshot, question_id: str, *, reviewer: str, reason: str) -> None:
    """A reviewer accepts a blocker with a written reason; it counts while the answer stays unchanged."""
    answer = snapshot.answers.get(question_id)
    if answer is None or answer.status != "blocker":
        raise FivefoldError(f"'{question_id}' is not a blocker in assessment {snapshot.assessment.id}")
    if not reviewer.strip():
        raise FivefoldError("accepting a blocker needs the reviewer's name (--reviewer)")
    if not reason.strip():
        raise FivefoldError(f"accepting the blocker '{question_id}' needs a written reason (--reason)")
    store.accept_blocker(
        _id(snapshot),
        question_id,
        answer_revision=answer.revision,
        reviewer=reviewer.strip(),
        reason=reason.strip(),
    )


def _id(snapshot: AssessmentSnapshot) -> int:
    """The assessment's id: always set on a stored row (SQLModel types it as optional for new ones)."""
    assert snapshot.assessment.id is not None
    return snapshot.assessment.id
