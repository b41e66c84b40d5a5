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
    from bjstc_desktop.store.searchindex import create_table_sql

    for sql in create_table_sql(op.get_bind().dialect.name):  # FTS5, or a tsvector on a hub
        op.execute(sql)
    if op.get_bind().dialect.name == "sqlite":  # a hub is always created empty
        _index_existing_cases()


def _index_existing_cases() -> None:
    """A store that already has cases gets them indexed here (data migration)."""
    from bjstc_desktop.core.searchtext import index_terms

    conn = op.get_bind()
    cases = conn.execute(sa.text("SELECT id, title, case_no FROM cases")).all()
    for case_id, title, case_no in cases:
        texts = [r[0] for r in conn.execute(
            sa.text("SELECT text_value FROM case_fields WHERE case_id = :c AND text_value IS NOT NULL"), {"c": case_id})]
        texts += [r[0] for r in conn.execute(sa.text(
            "SELECT o.name FROM case_parties p JOIN organisations o ON o.id = p.organisation_id WHERE p.case_id = :c"),
            {"c": case_id})]
        doc = conn.execute(sa.text("INSERT INTO search_docs (case_id) VALUES (:c) RETURNING doc_id"), {"c": case_id}).scalar()
        conn.execute(sa.text("INSERT INTO case_search (rowid, body) VALUES (:r, :b)"),
                     {"r": doc, "b": index_terms(" ".join([title, case_no, *texts]))})


def downgrade() -> None:
    op.execute("DROP TABLE case_search")
    op.drop_table("search_docs")
