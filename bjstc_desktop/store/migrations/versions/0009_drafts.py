"""drafts: the unsaved input of open forms, kept in the encrypted store

Revision ID: 0009_drafts
Revises: 0009_sync_trust
Create Date: 2026-12-01

A form (new case, edit, a move with its opinion) saves what the officer typed as they
type it, so a lock, a crash or a restart loses nothing; the draft is offered back and
removed once the form is saved or the officer discards it. One row per open form, read
by its author only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_drafts"
down_revision: str | None = "0009_sync_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("classification", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_drafts_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index("ix_drafts_user_id_kind_subject", "drafts", ["user_id", "kind", "subject"])


def downgrade() -> None:
    op.drop_index("ix_drafts_user_id_kind_subject", table_name="drafts")
    op.drop_table("drafts")
