"""audit and accounts: each user's valid key slot, the administrators' role proofs, the
authenticated ceiling and the administrators' public keys

Revision ID: 0009_audit_accounts
Revises: 0008
Create Date: 2026-12-01

users.slot_id names the one key slot in workstation.json that unlocks the account, so a
passphrase change commits with the store (the file may briefly hold two slots).
users.role_proof is the role key's signature over a security administrator's or
auditor's account. node_identity.ceiling is the accredited ceiling that workstation.json
must agree with; auditor_public and secadmin_public are the role keys' public halves.
All nullable: rows of other roles have no proof. A store from before this revision has
a workstation.json of format 1, which this program refuses to open.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_audit_accounts"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE ADD/DROP COLUMN (SQLite 3.35+): batch mode would copy the users
# table, which other tables reference.
_COLUMNS = (
    ("users", sa.Column("slot_id", sa.String(length=36), nullable=True)),
    ("users", sa.Column("role_proof", sa.LargeBinary(), nullable=True)),
    ("node_identity", sa.Column("ceiling", sa.Integer(), nullable=True)),
    ("node_identity", sa.Column("auditor_public", sa.LargeBinary(), nullable=True)),
    ("node_identity", sa.Column("secadmin_public", sa.LargeBinary(), nullable=True)),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
