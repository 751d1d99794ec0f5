"""The database tables. Change them only together with an Alembic revision in migrations/."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    true,
)
from sqlmodel import Field, SQLModel

from fivefold.vocabulary import DECISIONS, STATUSES, sql_in

# Named constraints let Alembic's batch mode (SQLite) find and alter them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


class AnswerStatus(StrEnum):
    """How a question stands. No answer row (or a row with no status yet) means unanswered."""

    ADDRESSED = "addressed"
    CONCERN = "concern"
    BLOCKER = "blocker"
    NOT_APPLICABLE = "not-applicable"


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    """A random identity that stays the same in every export and every database the assessment moves to."""
    return str(uuid.uuid4())


def _timestamp() -> Column:
    return Column(DateTime(timezone=True), nullable=False)


class Assessment(SQLModel, table=True):
    """One review of one system against one bank version.

    `id` is this database's own number for it; `uuid` is its identity everywhere (signed
    statements, the audit chain, exports), and `previous_uuid` names the cycle it continues.
    """

    __tablename__ = "assessment"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(default_factory=new_uuid, max_length=36, index=True, unique=True)
    title: str
    system_name: str
    system_version: str = ""
    bank_id: str = Field(index=True)
    bank_version: str
    bank_hash: str
    approvals_required: int = 1
    open_comments_block: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, server_default=true()))
    """Whether an open comment keeps the assessment from being ready for sign-off (the default)."""
    cycle: int = 1
    previous_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="SET NULL"), nullable=True)
    )
    previous_uuid: str | None = Field(default=None, max_length=36)
    audit_seq: int = 0
    audit_head: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class Answer(SQLModel, table=True):
    """The answer to one question; `revision` grows by one with every save."""

    __tablename__ = "answer"
    __table_args__ = (
        CheckConstraint(
            sql_in("status", STATUSES, nullable=True),
            name="status_known",
        ),
    )

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    question_id: str = Field(primary_key=True)
    status: str | None = None
    rationale: str = ""
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    """The value of a choice, scale, yes/no or short-text question; None for a rationale question."""
    carried_over: bool = False
    """Copied from the previous cycle and not yet confirmed or changed: it does not count as answered."""
    revision: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class LensGoal(SQLModel, table=True):
    """The team's own X and Y for one lens of one phase."""

    __tablename__ = "lens_goal"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    phase_id: str = Field(primary_key=True)
    lens: str = Field(primary_key=True)
    x: str = ""
    y: str = ""
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class SignOff(SQLModel, table=True):
    """A reviewer's decision, bound to the digest of the content at that moment.

    `statement` is the exact text that was (or would be) signed, and the only source of the
    facts the gate judges (review/statement.py); the other columns copy it for reading, and a
    copy that disagrees fails the gate. `signature` is the armored `ssh-keygen -Y sign` output
    over the statement, when the reviewer signed with a key.
    """

    __tablename__ = "signoff"
    __table_args__ = (
        CheckConstraint(
            sql_in("decision", DECISIONS),
            name="decision_known",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    reviewer: str
    role: str = ""
    decision: str
    comment: str = ""
    digest: str
    statement: str
    signature: str | None = None
    signer_principal: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class BlockerAcceptance(SQLModel, table=True):
    """A reviewer accepting a blocker with a written reason; it counts only for the answer revision it saw."""

    __tablename__ = "blocker_acceptance"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    question_id: str = Field(primary_key=True)
    answer_revision: int
    reviewer: str
    reason: str
    created_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class AuditEvent(SQLModel, table=True):
    """One append-only event; `hash` covers the previous event's hash, so the events form a chain."""

    __tablename__ = "audit_event"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    seq: int = Field(primary_key=True)
    kind: str
    at: str
    data: str
    prev_hash: str
    hash: str


class Artifact(SQLModel, table=True):
    """A file the review is about (model weights, an eval report), by name; adding a name again replaces it."""

    __tablename__ = "artifact"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    name: str = Field(primary_key=True)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(max_length=64)
    added_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())


class Comment(SQLModel, table=True):
    """A remark on one question, in a thread: a comment with no `reply_to` opens a thread, and every
    reply names the comment it answers. The thread is open until its first comment is resolved.

    `uuid` is the comment's identity in every database, export and bundle (users see its first
    eight characters); `resolved`, `resolved_by` and `resolved_at` mean something on a thread's
    first comment only.
    """

    __tablename__ = "comment"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    uuid: str = Field(default_factory=new_uuid, primary_key=True, max_length=36)
    question_id: str
    reply_to: str | None = Field(default=None, max_length=36)
    author: str
    text: str
    resolved: bool = False
    resolved_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class ActionItem(SQLModel, table=True):
    """The owner and due date of a concern or blocker; it is an open item while the answer stays one."""

    __tablename__ = "action_item"

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    question_id: str = Field(primary_key=True)
    owner: str
    due: date = Field(sa_column=Column(Date, nullable=False))
    set_at: datetime = Field(default_factory=utcnow, sa_column=_timestamp())
