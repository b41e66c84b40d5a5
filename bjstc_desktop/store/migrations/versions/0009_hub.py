"""the office hub on PostgreSQL: 64-bit integers, and foreign keys a write transaction may defer

Revision ID: 0009_hub
Revises: 0009_level_keys
Create Date: 2026-12-07

A batch flushes a case together with its rows and checks their keys at commit
(store/repositories/cases.py: defer_foreign_keys). SQLite defers any key on
`PRAGMA defer_foreign_keys`; PostgreSQL defers only keys declared DEFERRABLE, so on a hub
every foreign key becomes DEFERRABLE INITIALLY IMMEDIATE (checked per statement unless
the transaction says SET CONSTRAINTS ALL DEFERRED).

SQLite's INTEGER holds 64 bits; PostgreSQL's only 32 (an amount in 分 of 150 million
yuan does not fit). On a hub every integer column becomes BIGINT, and store/hub.py binds
integer parameters as BIGINT. Nothing changes on SQLite.
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


_INTEGER_COLUMNS = sa.text(
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = :t ORDER BY 1, 2")


# The tally trigger of 0008 names cases.classification in its WHEN clause, which stops
# the column's type from changing: it is dropped and made again around the change.
_TALLY_UPDATE = ("CREATE TRIGGER trg_cases_tally_update AFTER UPDATE OF module, classification ON cases "
                 "FOR EACH ROW WHEN (OLD.module IS DISTINCT FROM NEW.module "
                 "OR OLD.classification IS DISTINCT FROM NEW.classification) EXECUTE FUNCTION bjstc_cases_tally()")


def _integers(to: str) -> None:
    op.execute("DROP TRIGGER trg_cases_tally_update ON cases")
    columns: dict[str, list[str]] = {}
    for table, column in op.get_bind().execute(_INTEGER_COLUMNS, {"t": "integer" if to == "BIGINT" else "bigint"}):
        columns.setdefault(table, []).append(column)
    for table, names in columns.items():  # one rewrite per table
        op.execute(f'ALTER TABLE "{table}" ' + ", ".join(f'ALTER COLUMN "{n}" TYPE {to}' for n in names))
    op.execute(_TALLY_UPDATE)


def _set(deferrable: bool) -> None:
    mode = "DEFERRABLE INITIALLY IMMEDIATE" if deferrable else "NOT DEFERRABLE"
    for table, name in op.get_bind().execute(_FOREIGN_KEYS).all():
        op.execute(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" {mode}')


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _integers("BIGINT")
        _set(True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _set(False)
        _integers("INTEGER")
