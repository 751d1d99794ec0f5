"""The autosave hot path: one answer and its audit event, in plain SQL compiled once per dialect.

A save runs four statements. Through SQLAlchemy expressions each costs ~0.25 ms of
Python (cache keys, parameter processing); as driver SQL the whole save takes ~0.2 ms
(benchmarks/autosave.py). Values still go through SQLAlchemy's own type processors, so
what this writes reads back exactly like any ORM row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Dialect

from fivefold.canonical import canonical_json
from fivefold.store.audit import GENESIS, event_hash
from fivefold.store.models import Answer, Assessment, metadata

_UPDATE_ANSWER = (
    "UPDATE answer SET status = :status, rationale = :rationale, evidence = :evidence, value = :value, "
    "carried_over = :carried_over, updated_at = :updated_at, revision = revision + 1 "
    "WHERE assessment_id = :assessment_id AND question_id = :question_id{revision_check} RETURNING revision"
)
_INSERT_ANSWER = (
    "INSERT INTO answer (assessment_id, question_id, status, rationale, evidence, value, carried_over, "
    "revision, updated_at) "
    "VALUES (:assessment_id, :question_id, :status, :rationale, :evidence, :value, :carried_over, 1, :updated_at)"
)
_CURRENT_REVISION = "SELECT revision FROM answer WHERE assessment_id = :assessment_id AND question_id = :question_id"
_CLAIM_EVENT = (
    "UPDATE assessment SET audit_seq = audit_seq + 1, updated_at = :updated_at "
    "WHERE id = :assessment_id{head_check} RETURNING audit_seq, audit_head"
)
_INSERT_EVENT = (
    "INSERT INTO audit_event (assessment_id, seq, kind, at, data, prev_hash, hash) "
    "VALUES (:assessment_id, :seq, :kind, :at, :data, :prev_hash, :hash)"
)
_SET_HEAD = "UPDATE assessment SET audit_head = :hash WHERE id = :assessment_id"

_PARAM = re.compile(r":(\w+)")


def _processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """The column type's own bind processing for this dialect (e.g. JSON for psycopg), or none."""
    processor = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor if processor is not None else lambda value: value


class _Statement:
    """A named-parameter SQL string turned into the driver's own parameter style."""

    def __init__(self, sql: str, paramstyle: str) -> None:
        self.names = _PARAM.findall(sql)
        style = {
            "qmark": lambda _m: "?",
            "format": lambda _m: "%s",
            "numeric": lambda m: f":{self.names.index(m.group(1)) + 1}",
            "named": lambda m: f":{m.group(1)}",
            "pyformat": lambda m: f"%({m.group(1)})s",
        }[paramstyle]
        self.sql = _PARAM.sub(style, sql)
        self.positional = paramstyle in ("qmark", "format", "numeric")

    def params(self, values: dict[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        return tuple(values[name] for name in self.names) if self.positional else values


class AnswerWriter:
    """Writes answers for one dialect; build one per engine."""

    def __init__(self, dialect: Dialect) -> None:
        style = dialect.paramstyle or "named"
        self.update_checked = _Statement(_UPDATE_ANSWER.format(revision_check=" AND revision = :expected"), style)
        self.update_any = _Statement(_UPDATE_ANSWER.format(revision_check=""), style)
        self.insert = _Statement(_INSERT_ANSWER, style)
        self.current = _Statement(_CURRENT_REVISION, style)
        self.claim = _Statement(_CLAIM_EVENT.format(head_check=""), style)
        self.claim_at_head = _Statement(_CLAIM_EVENT.format(head_check=" AND audit_head = :expected_head"), style)
        self.insert_event = _Statement(_INSERT_EVENT, style)
        self.set_head = _Statement(_SET_HEAD, style)
        assessment, answer = metadata.tables[Assessment.__tablename__], metadata.tables[Answer.__tablename__]
        self._time = _processor(assessment.c.updated_at, dialect)
        self._json = _processor(answer.c.evidence, dialect)
        self._value = _processor(answer.c.value, dialect)
        self._flag = _processor(answer.c.carried_over, dialect)

    def _bound(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            **values,
            "updated_at": self._time(values["updated_at"]),
            "evidence": self._json(values["evidence"]),
            "value": self._value(values.get("value")),
            "carried_over": self._flag(bool(values.get("carried_over", False))),
        }

    def _run(self, connection: Connection, statement: _Statement, values: dict[str, Any]) -> Any:
        return connection.exec_driver_sql(statement.sql, statement.params(values))

    def update(self, connection: Connection, values: dict[str, Any], expected_revision: int | None) -> int | None:
        """The new revision, or None when no row matched (absent, or not at the expected revision)."""
        bound = self._bound(values)
        if expected_revision is None:
            return self._run(connection, self.update_any, bound).scalar()
        return self._run(connection, self.update_checked, {**bound, "expected": expected_revision}).scalar()

    def insert_new(self, connection: Connection, values: dict[str, Any]) -> None:
        self._run(connection, self.insert, self._bound(values))

    def current_revision(self, connection: Connection, assessment_id: int, question_id: str) -> int | None:
        return self._run(
            connection, self.current, {"assessment_id": assessment_id, "question_id": question_id}
        ).scalar()

    def append_event(
        self,
        connection: Connection,
        assessment_id: int,
        kind: str,
        data: dict[str, Any],
        now: datetime,
        *,
        expected_head: str | None = None,
    ) -> bool:
        """Append one audit event and touch the assessment; False when the assessment does not exist
        or, given `expected_head`, when its chain has moved on from that head."""
        claim = {"updated_at": self._time(now), "assessment_id": assessment_id}
        if expected_head is None:
            claimed = self._run(connection, self.claim, claim)
        else:
            claimed = self._run(connection, self.claim_at_head, {**claim, "expected_head": expected_head})
        row = claimed.one_or_none()
        if row is None:
            return False
        seq, prev_hash = row[0], row[1] or GENESIS
        at = now.isoformat(timespec="microseconds")
        body = canonical_json(data)
        digest = event_hash(prev_hash, seq, kind, at, body)
        event = {
            "assessment_id": assessment_id,
            "seq": seq,
            "kind": kind,
            "at": at,
            "data": body,
            "prev_hash": prev_hash,
            "hash": digest,
        }
        self._run(connection, self.insert_event, event)
        self._run(connection, self.set_head, {"hash": digest, "assessment_id": assessment_id})
        return True
