"""the hub's blobs in its database: table hub_blob_chunks (PostgreSQL only)

Revision ID: 0010_hub_blobs
Revises: 0009_hub_files
Create Date: 2026-12-07

On a hub every blob (an attachment's or a letter's file, sealed by store/blobs.py with a
key of its own kept in the row that names it) is stored in the database as the program
seals it: one row per sealed 1 MiB chunk, the rows in order being the file's bytes
(store/hubblobs.py), written in the transaction of the row that names it. Who reads
the rows is store/hubroles.py's (a role sees them only while it may see a row naming the
blob). The naming columns get indexes here, because that policy looks them up for
every chunk read. A hub made before this keeps its blobs in its node folder until they
are adopted (`bjstc hub adopt-blobs`, ops/hub_blob_adoption.py). Nothing changes on
SQLite: a workstation keeps its blobs/ folder.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_hub_blobs"
down_revision: str | None = "0009_hub_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (("ix_attachments_blob_name", "attachments", "blob_name"),
            ("ix_letters_blob_name", "letters", "blob_name"),
            ("ix_letters_ofd_blob_name", "letters", "ofd_blob_name"),
            ("ix_sync_blobs_blob_name", "sync_blobs", "blob_name"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # One row per sealed chunk (idx from 0; row 0 begins with the blob's magic). No
    # foreign key to the naming rows: a blob is written before the row that names it
    # (its key is only known once it is sealed), in the same transaction.
    # `written_in`: the transaction that wrote the chunk (txid_current(), the top-level
    # one also inside a savepoint): a row may name a blob written in its own transaction,
    # or one its role can already read, never another (store/hubroles.py bjstc_blob_claim).
    op.execute("CREATE TABLE hub_blob_chunks (name varchar(64) NOT NULL, idx integer NOT NULL, "
               "chunk bytea NOT NULL, written_in bigint NOT NULL DEFAULT txid_current(), "
               "PRIMARY KEY (name, idx))")
    # Chunks are stored as sealed: compressing ciphertext only costs time.
    op.execute("ALTER TABLE hub_blob_chunks ALTER COLUMN chunk SET STORAGE EXTERNAL")
    for name, table, column in _INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({column})")


def downgrade() -> None:
    # The table is the hub's only copy of its blobs: never dropped with a chunk in it.
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql("SELECT count(*) FROM hub_blob_chunks").scalar():
        raise RuntimeError("hub_blob_chunks holds the hub's blobs: copy them into the node folder first")
    for name, _, _ in _INDEXES:
        op.execute(f"DROP INDEX {name}")
    op.execute("DROP TABLE hub_blob_chunks")
