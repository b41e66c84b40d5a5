"""letters: the 发文字号 counters and the letter register

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "doc_number_counters",
        sa.Column("daizi", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("daizi", "year", name=op.f("pk_doc_number_counters")),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("daizi", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("template", sa.String(length=48), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=128), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=True),
        sa.Column("fonts", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("blob_name", sa.String(length=64), nullable=False),
        sa.Column("blob_key", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=36), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_letters_case_id_cases")),
        sa.ForeignKeyConstraint(["issued_by"], ["users.id"], name=op.f("fk_letters_issued_by_users")),
        sa.ForeignKeyConstraint(["voided_by"], ["users.id"], name=op.f("fk_letters_voided_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("number", name=op.f("uq_letters_number")),
        sa.UniqueConstraint("daizi", "year", "seq", name="uq_letters_daizi_year_seq"),
    )
    with op.batch_alter_table("letters") as batch:
        batch.create_index(batch.f("ix_letters_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        batch.drop_index(batch.f("ix_letters_case_id"))
    op.drop_table("letters")
    op.drop_table("doc_number_counters")
