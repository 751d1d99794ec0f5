"""reviewer comments, action items (owners and due dates), the open-comments setting

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 01:40:48.916857

Comments and action items join the audit chain and the digest (docs/digest.md). Unlike 0004,
this revision appends no `audit.baseline`: both tables start empty and every existing
assessment gets the setting's default (open comments block sign-off), which is what the replay
reads from an event written before the setting existed. So the existing chains already vouch
for every row, and their heads, which signed statements name, stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_item",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_action_item_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "question_id", name=op.f("pk_action_item")),
    )
    op.create_table(
        "comment",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("uuid", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("question_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reply_to", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_comment_assessment_id_assessment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("assessment_id", "uuid", name=op.f("pk_comment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        # sa.true(): `true` on PostgreSQL, 1 on SQLite (a literal 1 is not a boolean to PostgreSQL).
        batch_op.add_column(sa.Column("open_comments_block", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_column("open_comments_block")
    op.drop_table("comment")
    op.drop_table("action_item")
