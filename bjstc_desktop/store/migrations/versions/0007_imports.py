"""imports: saved column mappings per import profile and source

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

The natural-key lookups of an import (登记编号, 统一社会信用代码, 证书编号) use the
existing ix_case_fields_key_text (key, text_value) index; no new index is needed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("profile", sa.String(length=48), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("profile", "source", name=op.f("pk_import_mappings")),
    )


def downgrade() -> None:
    op.drop_table("import_mappings")
