"""indexes for the workbench, "my cases" and tab counts at scale

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Measured on a 100,000-case store: due/overdue across modules fell from 0.9 s to 0.02 s,
counts per module from 0.9 s to 0.01 s (with planner statistics, see Store.close).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_module_due")
        batch.drop_index("ix_cases_handler_due")
    op.create_index("ix_cases_module_class", "cases", ["module", "classification"])
    op.create_index("ix_cases_handler_module_id", "cases", ["handler_id", "module", "id"])
    op.create_index("ix_cases_open_due", "cases", ["due_on", "id"], sqlite_where=sa.text("closed_on IS NULL"),
                    postgresql_where=sa.text("closed_on IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_cases_open_due", table_name="cases")
    op.drop_index("ix_cases_module_class", table_name="cases")
    op.drop_index("ix_cases_handler_module_id", table_name="cases")
    op.create_index("ix_cases_module_due", "cases", ["module", "due_on"])
    op.create_index("ix_cases_handler_due", "cases", ["handler_id", "due_on"])
