"""the hub's workstation file in its database: table hub_files (PostgreSQL only)

Revision ID: 0009_hub_files
Revises: 0009_hub
Create Date: 2026-12-07

On a hub the workstation file (name, ceiling, key slots, the administrators' public keys,
the audit anchor and checkpoint) is a row of `hub_files`, its bytes exactly
workstation.json's, authenticated by the same MAC (store/hubfiles.py), so an officer
reaches the hub from any machine with its address alone. A hub made before this keeps
the file in its node folder until its owner's migration moves it into the row
(hubfiles.adopt_node_file; the migration cannot: it has no data key to check the MAC).
Who may change what in the row is store/hubroles.py's (grants and a trigger). Nothing
changes on SQLite: a workstation keeps workstation.json.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_hub_files"
down_revision: str | None = "0009_hub"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE hub_files (name text PRIMARY KEY, content bytea NOT NULL, "
               "updated_at timestamptz NOT NULL DEFAULT now())")
    # Each version a change replaced, with the database role that replaced it (written by
    # the guard trigger; the owner's alone): what puts the hub back after a row someone
    # spoiled that the database could not refuse (his own slot with a wrong MAC).
    op.execute("CREATE TABLE hub_files_history (name text NOT NULL, content bytea NOT NULL, "
               "db_role text NOT NULL, replaced_at timestamptz NOT NULL DEFAULT clock_timestamp())")


def downgrade() -> None:
    # The row is the hub's only copy of its key slots: never dropped with content in it
    # (an older program needs it as workstation.json in the node folder, copied out first).
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    if bind.exec_driver_sql("SELECT count(*) FROM hub_files").scalar():
        raise RuntimeError("hub_files holds the hub's workstation file: copy it into the node folder first")
    op.execute("DROP TABLE hub_files_history, hub_files")
