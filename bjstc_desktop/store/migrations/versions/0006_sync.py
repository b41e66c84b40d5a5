"""sync: revisions with ancestry, heads, conflicts, peers, journal, outbox, acks;
attachments indexed by content hash

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"], unique=False)
    op.create_table(
        "sync_revisions",
        sa.Column("local_seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("parents", sa.Text(), nullable=False),
        sa.Column("ancestry", sa.Text(), nullable=False),
        sa.Column("gen", sa.Integer(), nullable=False),
        sa.Column("author_node", sa.String(length=36), nullable=False),
        sa.Column("author_name", sa.String(length=64), nullable=False),
        sa.Column("hlc", sa.String(length=19), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("classification", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_from", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("local_seq", name=op.f("pk_sync_revisions")),
        sa.UniqueConstraint("rev_id", name=op.f("uq_sync_revisions_rev_id")),
    )
    with op.batch_alter_table("sync_revisions") as batch:
        batch.create_index(batch.f("ix_sync_revisions_record_id"), ["record_id"], unique=False)
    op.create_table(
        "sync_heads",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("rev_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "rev_id", name=op.f("pk_sync_heads")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=96), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.create_index(batch.f("ix_sync_conflicts_record_id"), ["record_id"], unique=False)
    op.create_table(
        "sync_peers",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("workstation", sa.String(length=128), nullable=False),
        sa.Column("office", sa.String(length=128), nullable=False),
        sa.Column("ceiling", sa.Integer(), nullable=False),
        sa.Column("modules", sa.Text(), nullable=True),
        sa.Column("sign_public", sa.LargeBinary(), nullable=False),
        sa.Column("kex_public", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("trusted_by", sa.String(length=64), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("acked_upto", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_sync_peers")),
        sa.UniqueConstraint("key_id", name=op.f("uq_sync_peers_key_id")),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("peer_node", sa.String(length=36), nullable=False),
        sa.Column("channel_seq", sa.Integer(), nullable=False),
        sa.Column("basis", sa.Integer(), nullable=False),
        sa.Column("upto", sa.Integer(), nullable=False),
        sa.Column("blobs", sa.Text(), nullable=False),
        sa.Column("acked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", "peer_node", name=op.f("pk_sync_outbox")),
    )
    with op.batch_alter_table("sync_outbox") as batch:
        batch.create_index("ix_sync_outbox_peer_seq", ["peer_node", "channel_seq"], unique=False)
    op.create_table(
        "sync_journal",
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("sender_node", sa.String(length=36), nullable=False),
        sa.Column("channel_seq", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_sync_journal")),
    )
    with op.batch_alter_table("sync_journal") as batch:
        batch.create_index("ix_sync_journal_sender_seq", ["sender_node", "channel_seq"], unique=False)
    op.create_table(
        "sync_pending",
        sa.Column("peer_node", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("peer_node", "record_id", name=op.f("pk_sync_pending")),
    )
    op.create_table(
        "sync_peer_blobs",
        sa.Column("peer_node", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("peer_node", "sha256", name=op.f("pk_sync_peer_blobs")),
    )
    op.create_table(
        "sync_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("blob_name", sa.String(length=64), nullable=False),
        sa.Column("blob_key", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_blobs")),
    )
    op.create_table(
        "sync_wanted_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "record_id", name=op.f("pk_sync_wanted_blobs")),
    )
    op.create_table(
        "sync_node_state",
        sa.Column("node_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=19), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_sync_node_state")),
    )


def downgrade() -> None:
    for name in ("sync_node_state", "sync_wanted_blobs", "sync_blobs", "sync_peer_blobs", "sync_pending"):
        op.drop_table(name)
    with op.batch_alter_table("sync_journal") as batch:
        batch.drop_index("ix_sync_journal_sender_seq")
    op.drop_table("sync_journal")
    with op.batch_alter_table("sync_outbox") as batch:
        batch.drop_index("ix_sync_outbox_peer_seq")
    op.drop_table("sync_outbox")
    op.drop_table("sync_peers")
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.drop_index(batch.f("ix_sync_conflicts_record_id"))
    op.drop_table("sync_conflicts")
    op.drop_table("sync_heads")
    with op.batch_alter_table("sync_revisions") as batch:
        batch.drop_index(batch.f("ix_sync_revisions_record_id"))
    op.drop_table("sync_revisions")
    op.drop_index("ix_attachments_sha256", table_name="attachments")
