"""level keys: content above 公开 sealed with per-level keys, the grants that give
them to cleared users, the key checks

Revision ID: 0009_level_keys
Revises: 0009_archive_item_block
Create Date: 2026-12-02

Every table holding case content gets `sealed` (the content sealed with the level's key,
store/sealing.py) and, for a case's own rows, `level` (the case's level when the row was
written). users.kex_public is an officer's key-agreement key, level_grants the level
keys sealed to it, level_keys the public commitment to each level's key.

Schema only, and the level of existing rows: an existing store's content stays in its
columns until someone who holds the recovery code runs `bjstc keys upgrade`, which makes
the level keys and seals it (ops/keys.py). Until then no officer works on it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_level_keys"
down_revision: str | None = "0009_archive_item_block"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CASE_ROWS = ("case_fields", "case_parties", "timeline_events", "attachments", "case_clocks", "letters",
              "archive_items", "panel_draws", "panel_members")


def _level() -> sa.Column:
    return sa.Column("level", sa.Integer(), nullable=False, server_default="0")


def _sealed() -> sa.Column:
    return sa.Column("sealed", sa.LargeBinary(), nullable=True)


# Plain ALTER TABLE ADD/DROP COLUMN: batch mode would copy tables others reference.
_COLUMNS = (
    ("users", sa.Column("kex_public", sa.LargeBinary(), nullable=True)),
    ("cases", _sealed()),
    *((t, _level()) for t in _CASE_ROWS),
    *((t, _sealed()) for t in _CASE_ROWS),
    ("case_fields", sa.Column("token", sa.String(length=32), nullable=True)),
    ("case_parties", sa.Column("party", sa.Text(), nullable=True)),
    ("sync_revisions", _sealed()),
    ("sync_conflicts", _level()),
    ("sync_conflicts", _sealed()),
    ("sync_blobs", _level()),
    ("sync_blobs", _sealed()),
    ("sync_held", _sealed()),  # a held revision's frame, sealed at its level
    ("drafts", _sealed()),  # a draft of a classified case's form, sealed at its level
    # The registers with a classification of their own: an expert (with his relations and
    # review history) and a 科研失信 record, sealed at it; their numbers found by tokens.
    ("experts", _sealed()),
    ("experts", sa.Column("token", sa.String(length=32), nullable=True)),
    ("expert_relations", _level()),
    ("expert_relations", _sealed()),
    ("expert_reviews", _level()),
    ("expert_reviews", _sealed()),
    ("integrity_records", _sealed()),
    ("integrity_records", sa.Column("token", sa.String(length=32), nullable=True)),
    ("integrity_records", sa.Column("key_token", sa.String(length=32), nullable=True)),
)
_TOKEN_INDEXES = (("ix_experts_token", "experts", ["token"]),
                  ("ix_integrity_records_token", "integrity_records", ["token"]),
                  ("ix_integrity_records_key_token", "integrity_records", ["key_token"]))


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column)
    op.create_index("ix_case_fields_key_token", "case_fields", ["key", "token"])
    for name, table, columns in _TOKEN_INDEXES:
        op.create_index(name, table, columns)
    op.create_table(
        "level_keys",
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("check_value", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("level", name=op.f("pk_level_keys")),
    )
    op.create_table(
        "level_grants",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kex_public", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("granted_by", sa.String(length=64), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_level_grants_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "level", name=op.f("pk_level_grants")),
    )
    for table in _CASE_ROWS:  # the rows of classified cases take their case's level
        op.execute(f"UPDATE {table} SET level = (SELECT c.classification FROM cases AS c WHERE c.id = {table}.case_id) "
                   f"WHERE case_id IN (SELECT id FROM cases WHERE classification > 0)")
    # A content received by sync takes the highest level of the attachments that name it
    # (a content no case names yet: the workstation's ceiling).
    op.execute("UPDATE sync_blobs SET level = COALESCE((SELECT max(c.classification) FROM attachments AS a "
               "JOIN cases AS c ON c.id = a.case_id WHERE a.sha256 = sync_blobs.sha256), "
               "(SELECT max(ceiling) FROM node_identity), 0)")
    op.execute("UPDATE expert_relations SET level = (SELECT e.classification FROM experts AS e "
               "WHERE e.id = expert_relations.expert_id)")
    greatest = "greatest" if op.get_bind().dialect.name == "postgresql" else "max"  # the larger of two
    op.execute(f"UPDATE expert_reviews SET level = {greatest}((SELECT e.classification FROM experts AS e "
               "WHERE e.id = expert_reviews.expert_id), COALESCE((SELECT c.classification FROM cases AS c "
               "WHERE c.id = expert_reviews.case_id), 0))")
    op.execute("UPDATE sync_conflicts SET level = COALESCE((SELECT max(r.classification) FROM sync_heads AS h "
               "JOIN sync_revisions AS r ON r.rev_id = h.rev_id WHERE h.record_id = sync_conflicts.record_id), 0)")


def downgrade() -> None:
    op.drop_table("level_grants")
    op.drop_table("level_keys")
    op.drop_index("ix_case_fields_key_token", table_name="case_fields")
    for name, table, _columns in _TOKEN_INDEXES:
        op.drop_index(name, table_name=table)
    for table, column in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
