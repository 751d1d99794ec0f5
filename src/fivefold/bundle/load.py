"""Import a bundle into a database: all of it in one transaction, or nothing.

Each cycle is matched with the local assessment of the same UUID by their audit chains:

- none here: it is inserted, with this database's own ids;
- the same chain: nothing to do (importing a bundle twice changes nothing);
- the local chain is the start of the bundle's: the local copy is brought up to the bundle's;
- the bundle's chain is the start of the local one: the local copy is newer and is kept;
- the chains differ at some event: the bundle is refused, naming that event, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col

from fivefold.bundle.check import BundleFault, check_bundle, cycle_name
from fivefold.bundle.format import Bundle, BundleCycle, utc
from fivefold.errors import FivefoldError
from fivefold.store import Store
from fivefold.store.models import (
    ActionItem,
    Answer,
    Artifact,
    Assessment,
    AuditEvent,
    BlockerAcceptance,
    Comment,
    LensGoal,
    SignOff,
)

Outcome = Literal["imported", "unchanged", "updated", "newer here"]
_OWNED = (Answer, LensGoal, BlockerAcceptance, SignOff, Artifact, Comment, ActionItem, AuditEvent)
"""Every table whose rows belong to one assessment (all cascade from it)."""


class BundleConflict(FivefoldError):
    """The bundle and a local copy of one of its assessments have different histories."""


@dataclass(frozen=True)
class Imported:
    """What became of one cycle of the bundle."""

    cycle: BundleCycle
    assessment_id: int
    outcome: Outcome
    local_events: int
    """How many audit events the local copy had before the import (0 when there was none)."""


@dataclass(frozen=True)
class _Local:
    assessment_id: int
    head: str
    seq: int
    events: list[tuple[int, str, str, str]]  # seq, hash, kind, at


def import_bundle(store: Store, bundle: Bundle) -> list[Imported]:
    """Check the bundle, match each cycle with its local copy, and write what is new, in one transaction."""
    try:
        check_bundle(bundle)
    except BundleFault as fault:
        raise BundleFault(f"{fault}; nothing was imported") from None
    with store.session() as session:
        planned = [(cycle, _plan(session, cycle)) for cycle in sorted(bundle.cycles, key=lambda c: c.assessment.cycle)]
        results = []
        try:
            for cycle, (outcome, local) in planned:
                if outcome == "imported":
                    assessment_id = _insert(session, cycle)
                elif outcome == "updated":
                    assert local is not None
                    assessment_id = _replace(session, cycle, local)
                else:
                    assert local is not None
                    assessment_id = local.assessment_id
                results.append(Imported(cycle, assessment_id, outcome, len(local.events) if local else 0))
            _link_following_cycles(session, [cycle.assessment.uuid for cycle in bundle.cycles])
            session.commit()
        except IntegrityError as error:
            session.rollback()
            raise FivefoldError(
                "another import or command wrote one of the bundle's assessments meanwhile; nothing was imported, "
                "import it again"
            ) from error
        except DBAPIError as error:
            session.rollback()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise FivefoldError(f"the database refused the bundle ({reason}); nothing was imported") from error
        except FivefoldError as error:  # the store refusing a value (PostgreSQL and NUL), a race
            session.rollback()
            raise FivefoldError(f"{error}; nothing was imported") from error
    return results


def _plan(session: Session, cycle: BundleCycle) -> tuple[Outcome, _Local | None]:
    found = session.scalars(select(Assessment).where(col(Assessment.uuid) == cycle.assessment.uuid)).first()
    if found is None:
        return "imported", None
    assert found.id is not None
    rows = session.execute(
        select(col(AuditEvent.seq), col(AuditEvent.hash), col(AuditEvent.kind), col(AuditEvent.at))
        .where(col(AuditEvent.assessment_id) == found.id)
        .order_by(col(AuditEvent.seq))
    ).all()
    local = _Local(found.id, found.audit_head, found.audit_seq, [tuple(row) for row in rows])
    theirs = cycle.audit_events
    for (seq, digest, kind, at), event in zip(local.events, theirs, strict=False):
        if digest != event.hash:
            raise BundleConflict(
                f"{cycle_name(cycle)} is assessment {found.id} here, but its history differs from audit event "
                f"{seq} on (here: {kind} at {at}; in the bundle: {event.kind} at {event.at}); nothing was imported"
            )
    if len(local.events) == len(theirs):
        return "unchanged", local
    return ("updated" if len(local.events) < len(theirs) else "newer here"), local


def _assessment_fields(session: Session, cycle: BundleCycle) -> dict[str, Any]:
    fields = cycle.assessment.model_dump()
    fields["created_at"], fields["updated_at"] = utc(fields["created_at"]), utc(fields["updated_at"])
    previous = fields["previous_uuid"]
    fields["previous_id"] = (
        session.scalars(select(col(Assessment.id)).where(col(Assessment.uuid) == previous)).first()
        if previous
        else None
    )
    return fields


def _insert(session: Session, cycle: BundleCycle) -> int:
    assessment = Assessment(**_assessment_fields(session, cycle))
    session.add(assessment)
    session.flush()
    assert assessment.id is not None
    _insert_rows(session, assessment.id, cycle)
    return assessment.id


def _replace(session: Session, cycle: BundleCycle, local: _Local) -> int:
    """Bring the local copy to the bundle's state, only if its chain has not moved since it was read."""
    claimed = session.execute(
        update(Assessment)
        .where(col(Assessment.id) == local.assessment_id)
        .where(col(Assessment.audit_head) == local.head)
        .where(col(Assessment.audit_seq) == local.seq)
        .values(**_assessment_fields(session, cycle))
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise FivefoldError(
            f"assessment {local.assessment_id} changed while the bundle was being imported; import it again"
        )
    for table in _OWNED:
        session.execute(delete(table).where(col(table.assessment_id) == local.assessment_id))
    _insert_rows(session, local.assessment_id, cycle)
    return local.assessment_id


def _insert_rows(session: Session, assessment_id: int, cycle: BundleCycle) -> None:
    rows: list[Any] = []
    rows += [
        Answer(assessment_id=assessment_id, **{**a.model_dump(), "updated_at": utc(a.updated_at)})
        for a in cycle.answers
    ]
    rows += [
        LensGoal(assessment_id=assessment_id, phase_id=g.phase, lens=g.lens, x=g.x, y=g.y, updated_at=utc(g.updated_at))
        for g in cycle.goals
    ]
    rows += [
        BlockerAcceptance(assessment_id=assessment_id, **{**a.model_dump(), "created_at": utc(a.created_at)})
        for a in cycle.blocker_acceptances
    ]
    rows += [
        Artifact(assessment_id=assessment_id, **{**a.model_dump(), "added_at": utc(a.added_at)})
        for a in cycle.artifacts
    ]
    rows += [
        Comment(
            assessment_id=assessment_id,
            uuid=c.id,
            question_id=c.question_id,
            reply_to=c.reply_to,
            author=c.author,
            text=c.text,
            resolved=c.resolved,
            resolved_by=c.resolved_by,
            created_at=utc(c.created_at),
            resolved_at=utc(c.resolved_at) if c.resolved_at else None,
        )
        for c in cycle.comments
    ]
    rows += [
        ActionItem(assessment_id=assessment_id, **{**a.model_dump(), "set_at": utc(a.set_at)})
        for a in cycle.action_items
    ]
    rows += [AuditEvent(assessment_id=assessment_id, **e.model_dump()) for e in cycle.audit_events]
    session.add_all(rows)
    # Sign-offs are read back in the order of their ids: insert them one by one, in the bundle's order.
    for signoff in cycle.signoffs:
        session.add(
            SignOff(assessment_id=assessment_id, **{**signoff.model_dump(), "created_at": utc(signoff.created_at)})
        )
        session.flush()


def _link_following_cycles(session: Session, uuids: Sequence[str]) -> None:
    """A cycle imported before the one it continues points at it now that it is here."""
    for uuid in uuids:
        found = session.scalars(select(col(Assessment.id)).where(col(Assessment.uuid) == uuid)).first()
        session.execute(
            update(Assessment)
            .where(col(Assessment.previous_uuid) == uuid)
            .where(col(Assessment.previous_id).is_(None))
            .values(previous_id=found)
        )
