"""the office hub on PostgreSQL: foreign keys that a write transaction may defer

Revision ID: 0009_hub
Revises: 0009_level_keys
Create Date: 2026-12-07

A batch flushes a case together with its rows and checks their keys at commit
(store/repositories/cases.py: defer_foreign_keys). SQLite defers any key on
`PRAGMA defer_foreign_keys`; PostgreSQL defers only keys declared DEFERRABLE, so on a hub
every foreign key becomes DEFERRABLE INITIALLY IMMEDIATE (checked per statement unless
the transaction says SET CONSTRAINTS ALL DEFERRED). Nothing changes on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_hub"
down_revision: str | None = "0009_level_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FOREIGN_KEYS = sa.text(
    "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint AS c "
    "JOIN pg_namespace AS n ON n.oid = c.connamespace "
    "WHERE c.contype = 'f' AND n.nspname = current_schema() ORDER BY 1, 2")


def _set(deferrable: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    mode = "DEFERRABLE INITIALLY IMMEDIATE" if deferrable else "NOT DEFERRABLE"
    for table, name in op.get_bind().execute(_FOREIGN_KEYS).all():
        op.execute(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" {mode}')


def upgrade() -> None:
    _set(True)


def downgrade() -> None:
    _set(False)
