"""archive item block: the rule archive.item_block, each workstation's own 件号 block

Revision ID: 0009_archive_item_block
Revises: 0009_gm_suite
Create Date: 2026-12-07

Filed cases now travel in sync packages (docs/sync-format.md §8.1): each workstation
that files numbers its 件 from its own block so 档号 never collide. A store made before
this revision gets the rule row (1-9999, as before: one filing workstation) so the
system administrator can set it; a new store gets it from its seed. No schema change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_archive_item_block"
down_revision: str | None = "0009_gm_suite"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = "archive.item_block"


def upgrade() -> None:
    from bjstc_desktop.core.shared_duties import SHARED_RULES

    bind = op.get_bind()
    rules = sa.table("rule_parameters", sa.column("key"), sa.column("label"), sa.column("value"),
                     sa.column("unit"), sa.column("basis"), sa.column("updated_by"), sa.column("updated_at"))
    known = {k for (k,) in bind.execute(sa.select(rules.c.key))}
    rule = next(r for r in SHARED_RULES if r.key == _KEY)
    if known and _KEY not in known:  # an empty table is a new store: its seed inserts every rule
        import datetime as dt

        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        op.bulk_insert(rules, [{"key": rule.key, "label": rule.label, "value": rule.value, "unit": rule.unit,
                                "basis": rule.basis, "updated_by": "seed", "updated_at": now}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM rule_parameters WHERE key = :k").bindparams(k=_KEY))
