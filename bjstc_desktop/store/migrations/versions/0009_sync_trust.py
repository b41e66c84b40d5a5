"""sync trust: revisions keep their author's signature, the import journal is keyed by
(sender, package id), revisions held for the security administrator, and the audit
heads peers' packages carried (issue 11)

Revision ID: 0009_sync_trust
Revises: 0009_letter_ofd_hash
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_sync_trust"
down_revision: str | None = "0009_letter_ofd_hash"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JOURNAL_COLUMNS = "sender_node, package_id, channel_seq, file_sha256, officer, counts, imported_at"


def _journal(name: str, key: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("sender_node", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("channel_seq", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name="pk_sync_journal"),
    )


def _rekey_journal(key: tuple[str, ...]) -> None:
    op.drop_index("ix_sync_journal_sender_seq", table_name="sync_journal")
    op.rename_table("sync_journal", "sync_journal_old")
    if op.get_bind().dialect.name == "postgresql":  # constraint names are per schema there, not per table
        op.execute("ALTER TABLE sync_journal_old RENAME CONSTRAINT pk_sync_journal TO pk_sync_journal_old")
    _journal("sync_journal", key)
    op.execute(f"INSERT INTO sync_journal ({_JOURNAL_COLUMNS}) SELECT {_JOURNAL_COLUMNS} FROM sync_journal_old")
    op.drop_table("sync_journal_old")
    op.create_index("ix_sync_journal_sender_seq", "sync_journal", ["sender_node", "channel_seq"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("sync_revisions") as batch:
        batch.add_column(sa.Column("signature", sa.String(length=128), nullable=True))
    _rekey_journal(("sender_node", "package_id"))
    op.create_table(
        "sync_held",
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("sender_node", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=False),
        sa.Column("to_level", sa.Integer(), nullable=False),
        sa.Column("frame", sa.Text(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("rev_id", name=op.f("pk_sync_held")),
    )
    op.create_index(op.f("ix_sync_held_record_id"), "sync_held", ["record_id"], unique=False)
    op.create_table(
        "sync_peer_audit_heads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("peer_node", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("channel_seq", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("backwards", sa.Boolean(), nullable=False),
        sa.Column("problem", sa.String(length=32), nullable=True),
        sa.Column("checkpoint", sa.Text(), nullable=True),
        sa.Column("cp_n", sa.Integer(), nullable=True),
        sa.Column("auditor_public", sa.String(length=64), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_peer_audit_heads")),
    )
    op.create_index("ix_sync_peer_audit_heads_peer_seq", "sync_peer_audit_heads", ["peer_node", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_peer_audit_heads_peer_seq", table_name="sync_peer_audit_heads")
    op.drop_table("sync_peer_audit_heads")
    op.drop_index(op.f("ix_sync_held_record_id"), table_name="sync_held")
    op.drop_table("sync_held")
    # Journal rows of two senders with the same package id cannot both survive the old key.
    rowid = "ctid" if op.get_bind().dialect.name == "postgresql" else "rowid"
    op.execute(f"DELETE FROM sync_journal WHERE {rowid} NOT IN (SELECT min({rowid}) FROM sync_journal "
               "GROUP BY package_id)")
    _rekey_journal(("package_id",))
    with op.batch_alter_table("sync_revisions") as batch:
        batch.drop_column("signature")
