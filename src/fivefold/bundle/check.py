"""Whether a bundle is whole: every cycle's audit chain replays to exactly its rows, its digest is the
digest of its content, its comments form threads, and its cycles follow one another.

The same checks run when a bundle is written (a database whose chain shows hand edits makes no
bundle) and before one is imported (nothing is written unless every cycle passes), through the
functions `fivefold verify` uses on a database: `store.audit.chain_problems` and
`review.digest.content_digest`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from fivefold.bundle.format import Bundle, BundleCycle, bundle_time
from fivefold.errors import FivefoldError
from fivefold.review.digest import RECORD_SCHEMA, content_digest
from fivefold.review.threads import ThreadError, build_threads
from fivefold.store.audit import Tables, audited_tables, chain_problems


class BundleFault(FivefoldError):
    """A bundle that is not whole; the text names the cycle and the first fault."""


def cycle_name(cycle: BundleCycle) -> str:
    return f"cycle {cycle.assessment.cycle} ({cycle.assessment.uuid[:8]})"


def check_bundle(bundle: Bundle) -> None:
    """Raise `BundleFault` naming the first cycle that is not whole and why."""
    seen = Counter(cycle.assessment.uuid for cycle in bundle.cycles)
    repeated = [uuid for uuid, count in seen.items() if count > 1]
    if repeated:
        raise BundleFault(f"the bundle holds assessment {repeated[0]} more than once")
    by_uuid = {cycle.assessment.uuid: cycle for cycle in bundle.cycles}
    for cycle in bundle.cycles:
        problem = cycle_problem(cycle) or _sequence_problem(cycle, by_uuid)
        if problem:
            raise BundleFault(f"{cycle_name(cycle)}: {problem}")
    problem = _banks_problem(bundle)
    if problem:
        raise BundleFault(problem)


def banks_used(cycles: Iterable[BundleCycle]) -> set[tuple[str, str]]:
    """Every bank (id, version) one of the cycles was started with or has its digest computed with."""
    return {
        key
        for cycle in cycles
        for key in (
            (cycle.assessment.bank_id, cycle.assessment.bank_version),
            (cycle.digest.bank.id, cycle.digest.bank.version),
        )
    }


def _banks_problem(bundle: Bundle) -> str | None:
    """A bank carried twice, or one no cycle uses (which `--install-banks` would install for nothing)."""
    seen: set[tuple[str, str]] = set()
    used = banks_used(bundle.cycles)
    for bank in bundle.banks:
        key = (bank.id, bank.version)
        if key in seen:
            return f"the bundle carries the bank '{bank.id}' version {bank.version} more than once"
        if key not in used:
            return f"the bundle carries the bank '{bank.id}' version {bank.version}, which none of its cycles uses"
        seen.add(key)
    return None


def cycle_problem(cycle: BundleCycle) -> str | None:
    """The first reason the cycle is not whole, or None."""
    problem = _duplicate(cycle)
    if problem:
        return problem
    try:
        record = cycle_record(cycle)
    except ThreadError as error:
        return str(error)
    head = cycle.assessment
    problems = chain_problems(cycle.audit_events, head=head.audit_head, seq=head.audit_seq, tables=cycle_tables(cycle))
    if problems:
        return f"its audit chain does not verify: {problems[0]}"
    recomputed = content_digest(record)
    if recomputed != cycle.digest.value:
        return (
            f"its content does not match its digest {cycle.digest.value[:12]}… (recomputed {recomputed[:12]}…): "
            "it was changed after it was exported"
        )
    return None


def _duplicate(cycle: BundleCycle) -> str | None:
    """A row named twice: the chain compares rows by name, so a second one would go unseen."""
    names: Iterable[tuple[str, Iterable[Any]]] = (
        ("answer", (a.question_id for a in cycle.answers)),
        ("goal", ((g.phase, g.lens) for g in cycle.goals)),
        ("blocker acceptance", (a.question_id for a in cycle.blocker_acceptances)),
        ("sign-off", (s.statement for s in cycle.signoffs)),
        ("artifact", (a.name for a in cycle.artifacts)),
        ("comment", (c.id for c in cycle.comments)),
        ("action item", (a.question_id for a in cycle.action_items)),
    )
    for what, keys in names:
        counted = Counter(keys)
        twice = next((key for key, count in counted.items() if count > 1), None)
        if twice is not None:
            shown = "one statement" if what == "sign-off" else repr(twice)
            return f"it lists the {what} {shown} more than once"
    return None


def _sequence_problem(cycle: BundleCycle, by_uuid: dict[str, BundleCycle]) -> str | None:
    """A cycle whose previous one is in the bundle must follow it: the next number, and started from
    a head that the previous cycle's chain really had."""
    previous = by_uuid.get(cycle.assessment.previous_uuid or "")
    if previous is None:
        return None
    if previous.assessment.cycle + 1 != cycle.assessment.cycle:
        return f"it continues {cycle_name(previous)}, so it must be cycle {previous.assessment.cycle + 1}"
    started = next((event for event in cycle.audit_events if event.kind == "cycle.started"), None)
    if started is not None:
        head = json.loads(started.data).get("previous_head")
        if head is not None and head not in {event.hash for event in previous.audit_events}:
            return f"it was started from a history of {cycle_name(previous)} that the bundle does not hold"
    return None


def cycle_tables(cycle: BundleCycle) -> Tables:
    """The cycle's rows, named and shaped as its audit chain's replay derives them."""
    return audited_tables(
        cycle.assessment.model_dump(),
        answers=[a.model_dump() for a in cycle.answers],
        goals=[g.model_dump() for g in cycle.goals],
        acceptances=[a.model_dump() for a in cycle.blocker_acceptances],
        signoffs=[s.model_dump() for s in cycle.signoffs],
        artifacts=[a.model_dump() for a in cycle.artifacts],
        comments=[c.model_dump() for c in cycle.comments],
        action_items=[a.model_dump() for a in cycle.action_items],
    )


def cycle_record(cycle: BundleCycle) -> dict[str, Any]:
    """The parts of an assessment record (review/record.py) that its digest covers, from the cycle's rows."""
    assessment = cycle.assessment
    return {
        "schema": RECORD_SCHEMA,
        "assessment": {
            "uuid": assessment.uuid,
            "cycle": assessment.cycle,
            "previous_uuid": assessment.previous_uuid,
            "title": assessment.title,
            "system": {"name": assessment.system_name, "version": assessment.system_version},
            "approvals_required": assessment.approvals_required,
            "open_comments_block": assessment.open_comments_block,
        },
        "bank": cycle.digest.bank.model_dump(),
        "goals": [{"phase": g.phase, "lens": g.lens, "x": g.x, "y": g.y} for g in cycle.goals],
        "answers": [
            {
                "question_id": a.question_id,
                "status": a.status,
                "rationale": a.rationale,
                "evidence": list(a.evidence),
                "value": a.value,
                "carried_over": a.carried_over,
                "revision": a.revision,
            }
            for a in cycle.answers
        ],
        "blocker_acceptances": [
            {
                "question_id": a.question_id,
                "answer_revision": a.answer_revision,
                "reviewer": a.reviewer,
                "reason": a.reason,
            }
            for a in cycle.blocker_acceptances
        ],
        "artifacts": [{"name": a.name, "size": a.size, "sha256": a.sha256} for a in cycle.artifacts],
        "comments": build_threads(
            {
                **c.model_dump(exclude={"created_at", "resolved_at"}),
                "at": bundle_time(c.created_at),
                "resolved_at": bundle_time(c.resolved_at) if c.resolved_at else None,
            }
            for c in cycle.comments
        ),
        "action_items": [
            {"question_id": a.question_id, "owner": a.owner, "due": a.due.isoformat()} for a in cycle.action_items
        ],
    }
