"""gm-1 suite: every node holds an SM2 key set beside its Ed25519/X25519 one, peers keep
the gm-1 keys and suites their cards offer, and the import journal says which suite a
package came in and which hash (SHA-256 or SM3) names the file (issue 18)

Revision ID: 0009_gm_suite
Revises: 0009_drafts
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bjstc_desktop.store import gm

revision: str = "0009_gm_suite"
down_revision: str | None = "0009_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("node_identity") as batch:
        batch.add_column(sa.Column("gm_signing_private", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("gm_encryption_private", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    for (node_id,) in bind.execute(sa.text("SELECT node_id FROM node_identity")).all():
        # A workstation made before gm-1 gets its SM2 keys now (inside the encrypted store).
        bind.execute(sa.text("UPDATE node_identity SET gm_signing_private = :s, gm_encryption_private = :e "
                             "WHERE node_id = :n"), {"s": gm.generate()[0], "e": gm.generate()[0], "n": node_id})
    with op.batch_alter_table("node_identity") as batch:
        batch.alter_column("gm_signing_private", existing_type=sa.LargeBinary(), nullable=False)
        batch.alter_column("gm_encryption_private", existing_type=sa.LargeBinary(), nullable=False)
    with op.batch_alter_table("sync_peers") as batch:
        batch.add_column(sa.Column("gm_sign_public", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("gm_kex_public", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("gm_key_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("suites", sa.String(length=32), nullable=False, server_default="intl-1"))
        batch.create_unique_constraint(batch.f("uq_sync_peers_gm_key_id"), ["gm_key_id"])
    with op.batch_alter_table("sync_journal") as batch:
        batch.add_column(sa.Column("suite", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("hash_alg", sa.String(length=8), nullable=False, server_default="sha256"))
        batch.alter_column("file_sha256", new_column_name="file_hash", existing_type=sa.String(length=64))


def downgrade() -> None:
    op.execute("DELETE FROM sync_journal WHERE suite != 1")  # an SM3 name is no SHA-256
    with op.batch_alter_table("sync_journal") as batch:
        batch.alter_column("file_hash", new_column_name="file_sha256", existing_type=sa.String(length=64))
        batch.drop_column("hash_alg")
        batch.drop_column("suite")
    with op.batch_alter_table("sync_peers") as batch:
        batch.drop_constraint(batch.f("uq_sync_peers_gm_key_id"), type_="unique")
        batch.drop_column("suites")
        batch.drop_column("gm_key_id")
        batch.drop_column("gm_kex_public")
        batch.drop_column("gm_sign_public")
    with op.batch_alter_table("node_identity") as batch:
        batch.drop_column("gm_encryption_private")
        batch.drop_column("gm_signing_private")
