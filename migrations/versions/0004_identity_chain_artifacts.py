"""identity (uuid), artifacts, an audit chain over every table

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 01:00:14.779528

Every assessment gets a random UUID (its identity in signed statements, exports and bundles) and
the UUID of the cycle it continues. The audit chain, which covered answers and goals, from now on
covers every table; so that it accounts for rows written before, each assessment's chain gets one
`audit.baseline` event stating its whole state at the upgrade.
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "artifact",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_artifact_assessment_id_assessment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("assessment_id", "name", name=op.f("pk_artifact")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uuid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
        batch_op.add_column(sa.Column("previous_uuid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))

    bind = op.get_bind()
    for (assessment_id,) in bind.execute(sa.text("SELECT id FROM assessment")).all():
        bind.execute(
            sa.text("UPDATE assessment SET uuid = :u WHERE id = :a"), {"u": str(uuid.uuid4()), "a": assessment_id}
        )
    bind.execute(
        sa.text(
            "UPDATE assessment SET previous_uuid = "
            "(SELECT p.uuid FROM assessment p WHERE p.id = assessment.previous_id)"
        )
    )

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.alter_column("uuid", existing_type=sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False)
        batch_op.create_index(batch_op.f("ix_assessment_uuid"), ["uuid"], unique=True)

    _write_baselines(bind)


def _rows(bind: sa.Connection, sql: str, assessment_id: int, **types: sa.types.TypeEngine) -> list[sa.Row]:
    """Rows with JSON and boolean columns read through their types, alike on SQLite and PostgreSQL."""
    return list(bind.execute(sa.text(sql).columns(**types), {"a": assessment_id}))


def _write_baselines(bind: sa.Connection) -> None:
    """Append to each assessment's chain one `audit.baseline` event holding its whole state.

    The event's shape and hash are spelled out here, not imported: a revision must keep doing what
    it did on the day it was written, whatever later code does (docs/digest.md has the recipe).
    """
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    assessments = bind.execute(
        sa.text(
            "SELECT id, uuid, title, system_name, system_version, bank_id, bank_version, bank_hash, "
            "approvals_required, cycle, previous_uuid, audit_seq, audit_head FROM assessment"
        )
    ).all()
    for row in assessments:
        answers = [
            {
                "question_id": a.question_id,
                "status": a.status,
                "rationale": a.rationale,
                "evidence": list(a.evidence or []),
                "value": a.value,
                "carried_over": bool(a.carried_over),
                "revision": a.revision,
            }
            for a in _rows(
                bind,
                "SELECT question_id, status, rationale, evidence, value, carried_over, revision "
                "FROM answer WHERE assessment_id = :a ORDER BY question_id",
                row.id,
                evidence=sa.JSON(),
                value=sa.JSON(),
                carried_over=sa.Boolean(),
            )
        ]
        goals = [
            {"phase": g.phase_id, "lens": g.lens, "x": g.x, "y": g.y}
            for g in _rows(
                bind,
                "SELECT phase_id, lens, x, y FROM lens_goal WHERE assessment_id = :a ORDER BY phase_id, lens",
                row.id,
            )
        ]
        acceptances = [
            {
                "question_id": b.question_id,
                "answer_revision": b.answer_revision,
                "reviewer": b.reviewer,
                "reason": b.reason,
            }
            for b in _rows(
                bind,
                "SELECT question_id, answer_revision, reviewer, reason FROM blocker_acceptance "
                "WHERE assessment_id = :a ORDER BY question_id",
                row.id,
            )
        ]
        signoffs = [
            {
                "statement": s.statement,
                "reviewer": s.reviewer,
                "role": s.role,
                "decision": s.decision,
                "comment": s.comment,
                "digest": s.digest,
                "signature": s.signature,
                "signer_principal": s.signer_principal,
            }
            for s in _rows(
                bind,
                "SELECT statement, reviewer, role, decision, comment, digest, signature, signer_principal "
                "FROM signoff WHERE assessment_id = :a ORDER BY id",
                row.id,
            )
        ]
        state = {
            "assessment": {
                "uuid": row.uuid,
                "title": row.title,
                "system_name": row.system_name,
                "system_version": row.system_version,
                "bank_id": row.bank_id,
                "bank_version": row.bank_version,
                "bank_hash": row.bank_hash,
                "approvals_required": row.approvals_required,
                "cycle": row.cycle,
                "previous_uuid": row.previous_uuid,
            },
            "answers": answers,
            "goals": goals,
            "blocker_acceptances": acceptances,
            "signoffs": signoffs,
            "artifacts": [],
        }
        data = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        prev = row.audit_head or "0" * 64
        seq = row.audit_seq + 1
        digest = hashlib.sha256(f"{prev}\n{seq}\naudit.baseline\n{at}\n{data}".encode()).hexdigest()
        bind.execute(
            sa.text(
                "INSERT INTO audit_event (assessment_id, seq, kind, at, data, prev_hash, hash) "
                "VALUES (:a, :seq, 'audit.baseline', :at, :data, :prev, :hash)"
            ),
            {"a": row.id, "seq": seq, "at": at, "data": data, "prev": prev, "hash": digest},
        )
        bind.execute(
            sa.text("UPDATE assessment SET audit_seq = :seq, audit_head = :hash WHERE id = :a"),
            {"a": row.id, "seq": seq, "hash": digest},
        )


def downgrade() -> None:
    # The baseline events stay: an older Fivefold reads them as answers and goals.
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_uuid"))
        batch_op.drop_column("previous_uuid")
        batch_op.drop_column("uuid")
    op.drop_table("artifact")
