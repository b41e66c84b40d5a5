"""search and lists at a million cases: sort indexes per module, the district filter,
case counts kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

Each duty tab sorts on received date, due date, 案号 (as numbers: case_no_key pads
them) or state through an index that starts with the module, so the first page and every further page (keyset cursor =
(sort value, id)) read only the rows they show. The case's district (set at
registration, else taken from its first district field) gets an index for the search
filter. Tab counts were an index scan of every visible case on every change notice
(~0.2 s at a million cases); `case_tallies` keeps them per (module, classification),
updated by triggers in the same transaction as the change, whoever writes the row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = {
    "trg_cases_tally_insert": """
        CREATE TRIGGER trg_cases_tally_insert AFTER INSERT ON cases BEGIN
          INSERT INTO case_tallies (module, classification, n) VALUES (NEW.module, NEW.classification, 1)
            ON CONFLICT (module, classification) DO UPDATE SET n = n + 1;
        END""",
    "trg_cases_tally_delete": """
        CREATE TRIGGER trg_cases_tally_delete AFTER DELETE ON cases BEGIN
          UPDATE case_tallies SET n = n - 1 WHERE module = OLD.module AND classification = OLD.classification;
        END""",
    "trg_cases_tally_update": """
        CREATE TRIGGER trg_cases_tally_update AFTER UPDATE OF module, classification ON cases
        WHEN OLD.module IS NOT NEW.module OR OLD.classification IS NOT NEW.classification BEGIN
          UPDATE case_tallies SET n = n - 1 WHERE module = OLD.module AND classification = OLD.classification;
          INSERT INTO case_tallies (module, classification, n) VALUES (NEW.module, NEW.classification, 1)
            ON CONFLICT (module, classification) DO UPDATE SET n = n + 1;
        END""",
}

# The same tallies on a hub's PostgreSQL: one trigger function for the three events
# (row-level, so in the writer's transaction as on SQLite).
_PG_FUNCTION = """
    CREATE FUNCTION bjstc_cases_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE case_tallies SET n = n - 1 WHERE module = OLD.module AND classification = OLD.classification;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO case_tallies (module, classification, n) VALUES (NEW.module, NEW.classification, 1)
          ON CONFLICT (module, classification) DO UPDATE SET n = case_tallies.n + 1;
      END IF;
      RETURN NULL;
    END $$"""
_PG_TRIGGERS = {
    "trg_cases_tally_insert": "AFTER INSERT ON cases FOR EACH ROW",
    "trg_cases_tally_delete": "AFTER DELETE ON cases FOR EACH ROW",
    "trg_cases_tally_update": "AFTER UPDATE OF module, classification ON cases FOR EACH ROW "
                              "WHEN (OLD.module IS DISTINCT FROM NEW.module "
                              "OR OLD.classification IS DISTINCT FROM NEW.classification)",
}


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for name, when in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION bjstc_cases_tally()")
        return
    for sql in _TRIGGERS.values():
        op.execute(sql)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_module_state")
    op.create_index("ix_cases_module_state_id", "cases", ["module", "state", "id"])
    op.create_index("ix_cases_module_received_id", "cases", ["module", "received_on", "id"])
    op.create_index("ix_cases_module_due_id", "cases", ["module", "due_on", "id"])
    op.add_column("cases", sa.Column("case_no_key", sa.String(length=96), nullable=True))
    _fill_case_no_keys()
    op.create_index("ix_cases_module_case_no_key_id", "cases", ["module", "case_no_key", "id"])
    op.create_index("ix_cases_district_id", "cases", ["district", "id"])
    op.execute(
        "UPDATE cases SET district = (SELECT f.text_value FROM case_fields AS f WHERE f.case_id = cases.id "
        "AND f.kind = 'district' AND f.text_value IS NOT NULL ORDER BY f.key LIMIT 1) WHERE district IS NULL"
    )
    op.create_table(
        "case_tallies",
        sa.Column("module", sa.String(length=32), nullable=False),
        sa.Column("classification", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("module", "classification", name=op.f("pk_case_tallies")),
    )
    op.execute("INSERT INTO case_tallies (module, classification, n) "
               "SELECT module, classification, count(*) FROM cases GROUP BY module, classification")
    _create_triggers()


def _fill_case_no_keys() -> None:
    """The sortable 案号 of every existing case (data migration; new writes set it)."""
    from bjstc_desktop.core.searchquery import case_no_sort_key

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, case_no FROM cases")).all()
    for start in range(0, len(rows), 10_000):
        conn.execute(sa.text("UPDATE cases SET case_no_key = :k WHERE id = :i"),
                     [{"k": case_no_sort_key(no), "i": i} for i, no in rows[start : start + 10_000]])


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON cases" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS bjstc_cases_tally()")
    op.drop_table("case_tallies")
    op.drop_index("ix_cases_district_id", table_name="cases")
    op.drop_index("ix_cases_module_case_no_key_id", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("case_no_key")
    op.drop_index("ix_cases_module_due_id", table_name="cases")
    op.drop_index("ix_cases_module_received_id", table_name="cases")
    op.drop_index("ix_cases_module_state_id", table_name="cases")
    op.create_index("ix_cases_module_state", "cases", ["module", "state"])
