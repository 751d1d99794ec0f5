"""The audit log: a hash chain of every change to an assessment, and its replay against the tables.

Each event's hash is SHA-256 over the previous event's hash, its sequence number, kind, time
and canonical JSON data, one per line. Editing or deleting an event breaks every hash after it,
and the assessment row keeps the head, so removing the newest event is caught too.

The events alone rebuild the assessment: `replay` derives every row of every table the
assessment owns (the assessment itself, answers, goals, blocker acceptances, sign-offs,
artifacts, comments, action items) and `chain_problems` names each table, row and field that differs, so a hand
edit anywhere shows. Rows are named by what they are (a question id, a phase and lens, an
artifact's name, a sign-off's statement hash, a comment's UUID), never by a database's own ids, so a chain
replays the same in any database. docs/digest.md says what the chain does and does not
protect against, and how a new table joins it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fivefold.canonical import sha256_hex

GENESIS = "0" * 64

Row = dict[str, Any]
Tables = dict[str, dict[str, Row]]
"""Table name -> row name -> the row's audited fields."""

ASSESSMENT_FIELDS = (
    "uuid",
    "title",
    "system_name",
    "system_version",
    "bank_id",
    "bank_version",
    "bank_hash",
    "approvals_required",
    "cycle",
    "previous_uuid",
)
LATER_ASSESSMENT_FIELDS: dict[str, Any] = {"open_comments_block": True}
"""Assessment fields added after the chain began (schema 0005), with the value an older event means."""
SIGNOFF_FIELDS = ("reviewer", "role", "decision", "comment", "digest", "signature", "signer_principal")


class Event(Protocol):
    """What the chain reads of a stored audit event (the `AuditEvent` row, or one from a bundle)."""

    seq: int
    kind: str
    at: str
    data: str
    prev_hash: str
    hash: str


def event_hash(prev_hash: str, seq: int, kind: str, at: str, data: str) -> str:
    # surrogatepass: hashing must not be what fails on text holding a lone surrogate (bytes that were
    # not UTF-8); the engine refuses to store such text in a sentence (store/engine.py), which rolls
    # the whole save back. Valid text hashes exactly as plain UTF-8.
    line = f"{prev_hash}\n{seq}\n{kind}\n{at}\n{data}"
    return hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()


# What the events record ---------------------------------------------------------------------


def answer_event_data(row: Mapping[str, Any]) -> Row:
    """The answer fields the audit log records (events from before a field existed read as its default)."""
    return {
        "question_id": row["question_id"],
        "status": row["status"],
        "rationale": row["rationale"],
        "evidence": list(row["evidence"]),
        "value": row.get("value"),
        "carried_over": bool(row.get("carried_over", False)),
        "revision": row["revision"],
    }


def goal_event_data(row: Mapping[str, Any]) -> Row:
    return {"phase": row["phase"], "lens": row["lens"], "x": row["x"], "y": row["y"]}


def acceptance_event_data(row: Mapping[str, Any]) -> Row:
    return {
        "question_id": row["question_id"],
        "answer_revision": row["answer_revision"],
        "reviewer": row["reviewer"],
        "reason": row["reason"],
    }


def signoff_event_data(row: Mapping[str, Any]) -> Row:
    """A sign-off as the log records it: its statement and signature, and the columns that copy it."""
    return {"statement": row["statement"], **{name: row[name] for name in SIGNOFF_FIELDS}}


def artifact_event_data(row: Mapping[str, Any]) -> Row:
    return {"name": row["name"], "size": row["size"], "sha256": row["sha256"]}


def comment_event_data(row: Mapping[str, Any]) -> Row:
    """A new comment as `comment.added` records it; `id` is its UUID (the `uuid` column)."""
    return {
        "id": row["id"] if "id" in row else row["uuid"],
        "question_id": row["question_id"],
        "reply_to": row["reply_to"],
        "author": row["author"],
        "text": row["text"],
    }


def action_event_data(row: Mapping[str, Any]) -> Row:
    """An owner and due date as `action.assigned` records them; the date as YYYY-MM-DD."""
    due = row["due"]
    return {
        "question_id": row["question_id"],
        "owner": row["owner"],
        "due": due if isinstance(due, str) else due.isoformat(),
    }


def assessment_event_data(row: Mapping[str, Any]) -> Row:
    data = {name: row[name] for name in ASSESSMENT_FIELDS}
    for name, older in LATER_ASSESSMENT_FIELDS.items():
        data[name] = row.get(name, older)
    return data


def state_event_data(
    assessment: Mapping[str, Any],
    *,
    answers: Sequence[Mapping[str, Any]] = (),
    goals: Sequence[Mapping[str, Any]] = (),
    acceptances: Sequence[Mapping[str, Any]] = (),
    signoffs: Sequence[Mapping[str, Any]] = (),
    artifacts: Sequence[Mapping[str, Any]] = (),
    comments: Sequence[Mapping[str, Any]] = (),
    action_items: Sequence[Mapping[str, Any]] = (),
    **extra: Any,
) -> Row:
    """The data of an event that states an assessment's whole state (`assessment.created`,
    `cycle.started`, `audit.baseline`): a table it does not list has no rows."""
    return {
        "assessment": assessment_event_data(assessment),
        "answers": sorted((answer_event_data(a) for a in answers), key=lambda a: a["question_id"]),
        "goals": sorted((goal_event_data(g) for g in goals), key=lambda g: (g["phase"], g["lens"])),
        "blocker_acceptances": sorted((acceptance_event_data(a) for a in acceptances), key=lambda a: a["question_id"]),
        "signoffs": [signoff_event_data(s) for s in signoffs],
        "artifacts": sorted((artifact_event_data(a) for a in artifacts), key=lambda a: a["name"]),
        "comments": sorted((comment_state(c) for c in comments), key=lambda c: c["id"]),
        "action_items": sorted((action_event_data(a) for a in action_items), key=lambda a: a["question_id"]),
        **extra,
    }


def comment_state(row: Mapping[str, Any]) -> Row:
    """A comment with its thread's state, as a whole-state event lists it."""
    return {**comment_event_data(row), "resolved": bool(row["resolved"]), "resolved_by": row["resolved_by"]}


def audited_tables(
    assessment: Mapping[str, Any],
    *,
    answers: Iterable[Mapping[str, Any]],
    goals: Iterable[Mapping[str, Any]],
    acceptances: Iterable[Mapping[str, Any]],
    signoffs: Iterable[Mapping[str, Any]],
    artifacts: Iterable[Mapping[str, Any]],
    comments: Iterable[Mapping[str, Any]],
    action_items: Iterable[Mapping[str, Any]],
) -> Tables:
    """Rows as stored (in a database or a bundle), named and shaped as `replay` derives them, for
    `chain_problems`. A goal gives its phase as `phase` or `phase_id`; a comment its UUID as `id` or `uuid`."""
    tables: Tables = {
        "assessment": {"assessment": assessment_event_data(assessment)},
        "answer": {},
        "lens_goal": {},
        "blocker_acceptance": {a["question_id"]: acceptance_event_data(a) for a in acceptances},
        "signoff": {},
        "artifact": {a["name"]: artifact_event_data(a) for a in artifacts},
        "comment": {},
        "action_item": {},
    }
    for answer in answers:
        data = answer_event_data(answer)
        tables["answer"][data.pop("question_id")] = data
    for goal in goals:
        phase = goal["phase"] if "phase" in goal else goal["phase_id"]
        tables["lens_goal"][f"{phase} {goal['lens']}"] = {"x": goal["x"], "y": goal["y"]}
    for signoff in signoffs:
        data = signoff_event_data(signoff)
        tables["signoff"][sha256_hex(data.pop("statement"))] = data
    for comment in comments:
        data = comment_state(comment)
        tables["comment"][data.pop("id")] = data
    for item in action_items:
        data = action_event_data(item)
        tables["action_item"][data.pop("question_id")] = data
    return tables


# Replaying the events -------------------------------------------------------------------------


@dataclass
class Replay:
    """The rows the events derive, and what the replay found on the way."""

    tables: Tables = field(default_factory=dict)
    complete: bool = False
    """Whether an event stated the whole state: before one (a chain from schema 0002/0003 not yet
    upgraded), only answers and goals are vouched for."""
    problems: list[str] = field(default_factory=list)
    last_signoff: str | None = None
    """The statement hash of the newest sign-off, which the next statement names."""

    def table(self, name: str) -> dict[str, Row]:
        return self.tables.setdefault(name, {})

    def set_state(self, data: Mapping[str, Any]) -> None:
        self.complete = True
        self.tables = {"assessment": {"assessment": assessment_event_data(data["assessment"])}}
        for answer in data.get("answers", ()):
            self.put_answer(answer)
        for goal in data.get("goals", ()):
            self.put_goal(goal)
        for acceptance in data.get("blocker_acceptances", ()):
            self.table("blocker_acceptance")[acceptance["question_id"]] = acceptance_event_data(acceptance)
        self.table("signoff")
        self.last_signoff = None
        for signoff in data.get("signoffs", ()):
            self.put_signoff(signoff)
        for artifact in data.get("artifacts", ()):
            self.table("artifact")[artifact["name"]] = artifact_event_data(artifact)
        self.table("comment")
        for comment in data.get("comments", ()):
            self.put_comment(comment, resolved=comment["resolved"], resolved_by=comment["resolved_by"])
        self.table("action_item")
        for item in data.get("action_items", ()):
            self.put_action(item)

    def put_answer(self, answer: Mapping[str, Any]) -> None:
        data = answer_event_data(answer)
        self.table("answer")[data.pop("question_id")] = data

    def put_goal(self, goal: Mapping[str, Any]) -> None:
        self.table("lens_goal")[f"{goal['phase']} {goal['lens']}"] = {"x": goal["x"], "y": goal["y"]}

    def put_signoff(self, signoff: Mapping[str, Any]) -> None:
        key = sha256_hex(signoff["statement"])
        self.table("signoff")[key] = {name: signoff.get(name) for name in SIGNOFF_FIELDS}
        self.last_signoff = key

    def put_comment(self, comment: Mapping[str, Any], *, resolved: bool = False, resolved_by: str = "") -> None:
        data = comment_event_data(comment)
        key = data.pop("id")
        if key in self.table("comment"):
            raise ValueError(f"comment {key} added twice")
        self.table("comment")[key] = {**data, "resolved": resolved, "resolved_by": resolved_by}

    def resolve_comment(self, data: Mapping[str, Any], *, resolved: bool) -> None:
        comment = self.table("comment")[data["id"]]  # a KeyError: the event names no comment
        comment["resolved"], comment["resolved_by"] = resolved, data["by"] if resolved else ""

    def put_action(self, item: Mapping[str, Any]) -> None:
        data = action_event_data(item)
        self.table("action_item")[data.pop("question_id")] = data

    def assessment(self) -> Row:
        return self.table("assessment").setdefault("assessment", {})


def _apply(replay: Replay, event: Event, data: Any) -> None:
    """Apply one event to the derived rows."""
    kind = event.kind
    if isinstance(data, dict) and isinstance(data.get("assessment"), dict):
        replay.set_state(data)  # created, a new cycle, or a baseline: the whole state
    elif kind == "answer.saved":
        replay.put_answer(data)
    elif kind == "answer.deleted":
        replay.table("answer").pop(data["question_id"], None)
    elif kind == "goal.saved":
        replay.put_goal(data)
    elif kind == "blocker.accepted":
        replay.table("blocker_acceptance")[data["question_id"]] = acceptance_event_data(data)
    elif kind == "signoff.recorded":
        if "statement" in data and "id" not in data:
            _check_pins(replay, event, data)
            replay.put_signoff(data)
        # A sign-off logged before schema 0004 names a database id; the 0004 baseline states them all.
    elif kind == "artifact.added":
        replay.table("artifact")[data["name"]] = artifact_event_data(data)
    elif kind == "settings.approvals":
        replay.assessment()["approvals_required"] = data["approvals_required"]
    elif kind == "settings.open_comments":
        replay.assessment()["open_comments_block"] = data["open_comments_block"]
    elif kind == "comment.added":
        replay.put_comment(data)
    elif kind == "comment.resolved":
        replay.resolve_comment(data, resolved=True)
    elif kind == "comment.reopened":
        replay.resolve_comment(data, resolved=False)
    elif kind == "action.assigned":
        replay.put_action(data)
    elif kind == "action.cleared":
        replay.table("action_item").pop(data["question_id"], None)
    elif kind == "assessment.edited":
        for name in ("title", "system_name", "system_version"):
            replay.assessment()[name] = data[name]
    elif kind in ("audit.baseline", "cycle.started"):
        # Written before schema 0004: answers and goals only.
        for answer in data.get("answers", ()):
            replay.put_answer(answer)
        for goal in data.get("goals", ()):
            replay.put_goal(goal)
    elif kind != "assessment.created":  # before 0004 it held no identity: the 0004 baseline does
        replay.problems.append(f"audit event {event.seq} has a kind this Fivefold does not know: {kind!r}")


def _check_pins(replay: Replay, event: Event, data: Mapping[str, Any]) -> None:
    """A signed statement pins the history it was made on: the head before its event and the sign-off before it."""
    try:
        statement = json.loads(data["statement"])
    except ValueError:
        replay.problems.append(f"audit event {event.seq} records a sign-off whose statement is not JSON")
        return
    who = f"the sign-off by {statement.get('reviewer')} ({statement.get('decision')}, {statement.get('at')})"
    if statement.get("audit_head") != event.prev_hash:
        replay.problems.append(
            f"{who} was made on audit head {str(statement.get('audit_head'))[:12]}…, but the log before it "
            f"ends at {event.prev_hash[:12]}…: the history it signed was rewritten"
        )
    if statement.get("previous_signoff") != replay.last_signoff:
        replay.problems.append(f"{who} follows a sign-off the audit log does not have where it says")


def replay(events: Sequence[Event]) -> Replay:
    """Check the chain's links and derive every row from the events."""
    result = Replay()
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            result.problems.append(f"audit event {expected_seq} is missing (the next one found is {event.seq})")
            break
        if event.prev_hash != prev:
            result.problems.append(f"audit event {event.seq} does not follow event {event.seq - 1} (deleted or edited)")
        if event_hash(event.prev_hash, event.seq, event.kind, event.at, event.data) != event.hash:
            result.problems.append(f"audit event {event.seq} ({event.kind}) was edited after it was written")
        prev = event.hash
        try:
            _apply(result, event, json.loads(event.data))
        except (ValueError, KeyError, TypeError, AttributeError):
            result.problems.append(f"audit event {event.seq} ({event.kind}) holds data this Fivefold cannot read")
    return result


# Comparing with the tables ------------------------------------------------------------------


def chain_problems(events: Sequence[Event], *, head: str, seq: int, tables: Tables) -> list[str]:
    """Every way the stored events disagree with their chain, the assessment's head, or the tables' rows.

    `tables` holds the rows as stored, named and shaped as `replay` derives them.
    """
    result = replay(events)
    problems = list(result.problems)
    if len(events) != seq or (events and events[-1].hash != head) or (not events and head):
        problems.append(f"the audit log ends at event {len(events)}, but the assessment recorded {seq} events")
    compared = tables if result.complete else {name: tables.get(name, {}) for name in ("answer", "lens_goal")}
    if not result.complete:
        problems.append("the audit log has no event stating the whole assessment; only answers and goals are checked")
    for table, stored in compared.items():
        problems.extend(_row_problems(table, result.tables.get(table, {}), stored))
    return problems


def head_problems(newest: Sequence[Event], *, head: str, seq: int) -> list[str]:
    """What the newest events alone say, in constant time: `newest` holds the stored events from the
    assessment's recorded `seq` on. The event at `seq` must be there, be the recorded head, and still hash
    to it; none may follow it. Every earlier event and every table row is `chain_problems`'s work."""
    if seq == 0:
        return [] if not newest and not head else ["the assessment records no audit event, yet has events or a head"]
    last = newest[0] if newest and newest[0].seq == seq else None
    if last is None:
        return [f"the audit log has no event {seq}, the newest the assessment recorded (deleted outside Fivefold)"]
    problems = []
    if event_hash(last.prev_hash, last.seq, last.kind, last.at, last.data) != last.hash:
        problems.append(f"audit event {last.seq} ({last.kind}) was edited after it was written")
    if last.hash != head:
        problems.append(f"audit event {seq} is not the head the assessment recorded (deleted or edited)")
    if len(newest) > 1:
        problems.append(f"the audit log has events after event {seq}, the newest the assessment recorded")
    return problems


def _row_label(table: str, name: str, row: Row) -> str:
    """A row as a person finds it: the assessment itself, a question id, a sign-off by its reviewer."""
    if table == "assessment":
        return "table assessment"
    if table == "signoff":
        return f"table signoff, the row by {row.get('reviewer')!r} ({row.get('decision')}, statement {name[:12]}…)"
    if table == "comment":
        return f"table comment, the comment {name[:8]} by {row.get('author')!r} on {row.get('question_id')!r}"
    return f"table {table}, row {name!r}"


def _row_problems(table: str, logged: Mapping[str, Row], stored: Mapping[str, Row]) -> list[str]:
    problems = []
    for name in sorted(set(logged) | set(stored)):
        where = _row_label(table, name, stored.get(name) or logged[name])
        if name not in stored:
            problems.append(f"{where} is in the audit log but not in the table (deleted outside Fivefold)")
        elif name not in logged:
            problems.append(f"{where} is not in the audit log (inserted or renamed outside Fivefold)")
        else:
            for column in sorted(set(logged[name]) | set(stored[name])):
                if logged[name].get(column) != stored[name].get(column):
                    problems.append(
                        f"{where}, field {column}: changed outside Fivefold (it differs from the audit log)"
                    )
    return problems
