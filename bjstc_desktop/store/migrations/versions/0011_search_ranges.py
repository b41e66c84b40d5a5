"""the hub's search documents name their range of doc ids (PostgreSQL only)

Revision ID: 0011_search_ranges
Revises: 0010_hub_blobs
Create Date: 2026-12-07

Every document of a hub's case_search gains the lexeme `range N` (N = doc_id >> 12,
without a position), which store/searchindex.py ANDs with a search's query to read only
the newest ranges' matches out of the GIN index (the window of newest matches). The
documents written from now on carry it as they are written (`searchindex.add`); this
adds it to those written before. Nothing changes on SQLite (FTS5 walks its lists by
doc id already).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_search_ranges"
down_revision: str | None = "0010_hub_blobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RANGE_BITS = 12  # store/searchindex.py RANGE_BITS, as it was when this was written


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"UPDATE case_search SET body = body || array_to_tsvector(ARRAY['range ' || (doc_id >> {RANGE_BITS})])")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"UPDATE case_search SET body = ts_delete(body, 'range ' || (doc_id >> {RANGE_BITS}))")
