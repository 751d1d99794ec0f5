"""The audit log's hash chain: appending an event, and checking a chain for tampering.

Each event's hash is SHA-256 over the previous event's hash, its sequence number,
kind, time and canonical JSON data, one per line. Editing or deleting any event
breaks every hash after it; the assessment row keeps the head, so removing the
newest event is caught too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from fivefold.store.models import Answer, AuditEvent

GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    """The one JSON spelling hashed here and in digests: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, seq: int, kind: str, at: str, data: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{seq}\n{kind}\n{at}\n{data}".encode()).hexdigest()


def answer_event_data(answer: Answer | dict[str, Any]) -> dict[str, Any]:
    """The answer fields the audit log records (events from before a field existed read as its default)."""
    row = answer if isinstance(answer, dict) else answer.model_dump()
    return {
        "question_id": row["question_id"],
        "status": row["status"],
        "rationale": row["rationale"],
        "evidence": list(row["evidence"]),
        "value": row.get("value"),
        "carried_over": bool(row.get("carried_over", False)),
        "revision": row["revision"],
    }


def chain_problems(events: Sequence[AuditEvent], *, head: str, seq: int, answers: dict[str, Answer]) -> list[str]:
    """Every way the stored events disagree with their chain, the assessment's head, or the answers."""
    problems: list[str] = []
    prev = GENESIS
    replayed: dict[str, dict[str, Any]] = {}
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            problems.append(f"audit event {expected_seq} is missing (the next one found is {event.seq})")
            break
        if event.prev_hash != prev:
            problems.append(f"audit event {event.seq} does not follow event {event.seq - 1} (deleted or edited)")
        if event_hash(event.prev_hash, event.seq, event.kind, event.at, event.data) != event.hash:
            problems.append(f"audit event {event.seq} ({event.kind}) was edited after it was written")
        prev = event.hash
        data = json.loads(event.data)
        if event.kind == "answer.saved":
            replayed[data["question_id"]] = data
        for answer_data in data.get("answers", []) if event.kind in ("audit.baseline", "cycle.started") else ():
            replayed[answer_data["question_id"]] = answer_data
    if len(events) != seq or (events and events[-1].hash != head) or (not events and head):
        problems.append(f"the audit log ends at event {len(events)}, but the assessment recorded {seq} events")
    for question_id in sorted(set(replayed) | set(answers)):
        current = answers.get(question_id)
        logged = replayed.get(question_id)
        if current is None or logged is None or answer_event_data(current) != answer_event_data(logged):
            problems.append(f"the answer to '{question_id}' does not match its audit log (changed outside Fivefold)")
    return problems
