"""Record a sign-off or a blocker acceptance: validated, bound to the digest and the history, optionally signed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fivefold.errors import FivefoldError
from fivefold.review.record import build_record
from fivefold.review.rules import evaluate, identity_of
from fivefold.review.snapshot import AssessmentSnapshot
from fivefold.review.statement import build_statement, statement_id
from fivefold.store import Store
from fivefold.store.models import SignOff, utcnow
from fivefold.vocabulary import APPROVING, DECISIONS


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
    at: datetime | None = None,
) -> SignOff:
    """Record a decision on the content of `snapshot`. An approval needs a ready assessment; a rejection
    can be made at any time. If the assessment changed since the snapshot was read, nothing is recorded.

    `at` is the time the statement names (now, unless given: the screenshots fix it so they never change)."""
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
    when = (at or utcnow()).astimezone(UTC).isoformat(timespec="seconds")
    signer = ((principal or "").strip() or reviewer) if key is not None else None
    head = snapshot.assessment.audit_head
    statement = build_statement(
        identity=identity_of(record),
        digest=verdict.digest,
        decision=decision,
        reviewer=reviewer,
        role=role,
        comment=comment,
        at=when,
        principal=signer,
        audit_head=head,
        previous_signoff=statement_id(snapshot.signoffs[-1].statement) if snapshot.signoffs else None,
    )
    signature = None
    if key is not None:
        from fivefold.signing import sign

        signature = sign(statement, key)
    assert snapshot.assessment.id is not None
    return store.add_signoff(
        SignOff(
            assessment_id=_id(snapshot),
            reviewer=reviewer,
            role=role,
            decision=decision,
            comment=comment,
            digest=verdict.digest,
            statement=statement,
            signature=signature,
            signer_principal=signer,
            created_at=datetime.fromisoformat(when),
        ),
        expected_head=head,
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
    assert snapshot.assessment.id is not None
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
