"""search index: FTS5 over CJK bigrams and words

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("doc_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_search_docs_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_docs")),
        sa.UniqueConstraint("case_id", name=op.f("uq_search_docs_case_id")),
    )
    # Contentless: the index holds tokens only; the text itself stays in the case tables.
    op.execute(
        "CREATE VIRTUAL TABLE case_search USING fts5("
        "body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE case_search")
    op.drop_table("search_docs")
