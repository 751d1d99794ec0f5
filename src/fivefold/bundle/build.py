"""Write a bundle: an assessment, or every cycle of its system, with every row, the audit chain and a digest.

Rows are named as the chain names them (UUIDs, question ids, statement hashes), never by this
database's ids, so another database gives them its own. Times keep their microseconds, so a
bundle exported again after an import is the same, field for field.
"""

from __future__ import annotations

from fivefold.banks import BankRegistry
from fivefold.bundle.banks import carry_banks
from fivefold.bundle.check import BundleFault, banks_used, check_bundle, cycle_record
from fivefold.bundle.format import (
    Bundle,
    BundleAcceptance,
    BundleActionItem,
    BundleAnswer,
    BundleArtifact,
    BundleAssessment,
    BundleBank,
    BundleComment,
    BundleCycle,
    BundleDigest,
    BundleEvent,
    BundleGoal,
    BundleSignOff,
    utc,
)
from fivefold.errors import FivefoldError
from fivefold.review.digest import content_digest
from fivefold.review.snapshot import bank_for
from fivefold.store import Store
from fivefold.store.models import Assessment, utcnow


def build_bundle(
    store: Store, assessment_id: int, *, all_cycles: bool = False, registry: BankRegistry | None = None
) -> Bundle:
    """The bundle of one assessment, or with `all_cycles` of every cycle linked to it, oldest first,
    carrying the file of every bank they use that `registry` holds.

    It is checked as an import would check it: an assessment whose audit chain shows hand edits is
    refused here, with the reason, rather than written into a bundle no database would take.
    """
    chosen = store.assessment(assessment_id)
    cycles = _linked_cycles(store, chosen) if all_cycles else [chosen]
    written = [_cycle(store, assessment, registry) for assessment in cycles]
    bundle = Bundle(
        format="fivefold-bundle/2",
        exported_at=utcnow(),
        cycles=written,
        banks=carry_banks(banks_used(written), registry) if registry is not None else [],
    )
    try:
        check_bundle(bundle)
    except BundleFault as fault:
        raise FivefoldError(
            f"no bundle written: {fault}; 'fivefold verify {assessment_id}' shows what changed outside Fivefold"
        ) from None
    return bundle


def _linked_cycles(store: Store, chosen: Assessment) -> list[Assessment]:
    """Every assessment reached from `chosen` through `previous_uuid`, back and forth."""
    everything = store.assessments()
    by_uuid = {a.uuid: a for a in everything}
    following: dict[str, list[Assessment]] = {}
    for assessment in everything:
        if assessment.previous_uuid is not None:
            following.setdefault(assessment.previous_uuid, []).append(assessment)
    linked: dict[str, Assessment] = {}
    waiting = [chosen]
    while waiting:
        current = waiting.pop()
        if current.uuid in linked:
            continue
        linked[current.uuid] = current
        waiting += following.get(current.uuid, [])
        if current.previous_uuid in by_uuid:
            waiting.append(by_uuid[current.previous_uuid])
    return sorted(linked.values(), key=lambda a: (a.cycle, utc(a.created_at), a.uuid))


def _cycle(store: Store, assessment: Assessment, registry: BankRegistry | None) -> BundleCycle:
    assessment_id = assessment.id
    assert assessment_id is not None
    bank = BundleBank(id=assessment.bank_id, version=assessment.bank_version, hash=assessment.bank_hash)
    if registry is not None:
        try:  # the bank `fivefold verify` judges it by here, so the digest is the one it shows
            installed, _ = bank_for(registry, assessment)
            bank = BundleBank(id=installed.id, version=installed.version, hash=installed.content_hash())
        except FivefoldError:
            pass  # not installed here: the bank it was started with
    cycle = BundleCycle(
        assessment=BundleAssessment(
            uuid=assessment.uuid,
            title=assessment.title,
            system_name=assessment.system_name,
            system_version=assessment.system_version,
            bank_id=assessment.bank_id,
            bank_version=assessment.bank_version,
            bank_hash=assessment.bank_hash,
            approvals_required=assessment.approvals_required,
            open_comments_block=assessment.open_comments_block,
            cycle=assessment.cycle,
            previous_uuid=assessment.previous_uuid,
            audit_seq=assessment.audit_seq,
            audit_head=assessment.audit_head,
            created_at=utc(assessment.created_at),
            updated_at=utc(assessment.updated_at),
        ),
        answers=[
            BundleAnswer(
                question_id=a.question_id,
                status=a.status,  # type: ignore[arg-type]  # the store's check constraint keeps it one of them
                rationale=a.rationale,
                evidence=list(a.evidence),
                value=a.value,
                carried_over=a.carried_over,
                revision=a.revision,
                updated_at=utc(a.updated_at),
            )
            for a in sorted(store.answers(assessment_id).values(), key=lambda a: a.question_id)
        ],
        goals=[
            BundleGoal(phase=g.phase_id, lens=g.lens, x=g.x, y=g.y, updated_at=utc(g.updated_at))  # type: ignore[arg-type]
            for _, g in sorted(store.goals(assessment_id).items())
        ],
        blocker_acceptances=[
            BundleAcceptance(
                question_id=a.question_id,
                answer_revision=a.answer_revision,
                reviewer=a.reviewer,
                reason=a.reason,
                created_at=utc(a.created_at),
            )
            for _, a in sorted(store.acceptances(assessment_id).items())
        ],
        signoffs=[
            BundleSignOff(
                statement=s.statement,
                signature=s.signature,
                reviewer=s.reviewer,
                role=s.role,
                decision=s.decision,  # type: ignore[arg-type]  # kept one of DECISIONS by a check constraint
                comment=s.comment,
                digest=s.digest,
                signer_principal=s.signer_principal,
                created_at=utc(s.created_at),
            )
            for s in store.signoffs(assessment_id)  # in the order they were made
        ],
        artifacts=[
            BundleArtifact(name=a.name, size=a.size, sha256=a.sha256, added_at=utc(a.added_at))
            for a in store.artifacts(assessment_id)
        ],
        comments=[
            BundleComment(
                id=c.uuid,
                question_id=c.question_id,
                reply_to=c.reply_to,
                author=c.author,
                text=c.text,
                resolved=c.resolved,
                resolved_by=c.resolved_by,
                created_at=utc(c.created_at),
                resolved_at=utc(c.resolved_at) if c.resolved_at else None,
            )
            for c in store.comments(assessment_id)  # oldest first
        ],
        action_items=[
            BundleActionItem(question_id=a.question_id, owner=a.owner, due=a.due, set_at=utc(a.set_at))
            for _, a in sorted(store.action_items(assessment_id).items())
        ],
        audit_events=[
            BundleEvent(seq=e.seq, kind=e.kind, at=e.at, data=e.data, prev_hash=e.prev_hash, hash=e.hash)
            for e in store.audit_events(assessment_id)
        ],
        digest=BundleDigest(format="fivefold-digest/3", value="0" * 64, bank=bank),  # computed just below
    )
    digest = BundleDigest(format="fivefold-digest/3", value=content_digest(cycle_record(cycle)), bank=bank)
    return cycle.model_copy(update={"digest": digest})


def render_bundle(bundle: Bundle) -> str:
    """The bundle file's text: JSON, every character kept exact."""
    return bundle.model_dump_json(indent=2) + "\n"
