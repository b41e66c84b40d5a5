"""experts, integrity and archives: the expert pool, panels, 科研失信 records and filed 件

Revision ID: 0009_experts_integrity_archives
Revises: 0009_audit_accounts
Create Date: 2026-12-01

Tables of the three duties every module shares (issue 17). The rules they read (panel
sizes, 回避 years, blocking measures, 全宗号, 保管期限) are inserted into the rule table
here for stores made before this revision; a new store gets them from its seed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_experts_integrity_archives"
down_revision: str | None = "0009_audit_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('experts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('id_number', sa.String(length=32), nullable=False),
    sa.Column('employer', sa.Text(), nullable=False),
    sa.Column('employer_uscc', sa.String(length=18), nullable=True),
    sa.Column('disciplines', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('professional_title', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('classification', sa.Integer(), nullable=False),
    sa.Column('modules', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_experts_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experts')),
    sa.UniqueConstraint('id_number', name=op.f('uq_experts_id_number'))
    )
    op.create_index(op.f('ix_experts_employer_uscc'), 'experts', ['employer_uscc'], unique=False)
    op.create_table('integrity_records',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subject_kind', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('decision_no', sa.String(length=128), nullable=False),
    sa.Column('measure', sa.String(length=32), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('classification', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_integrity_records_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integrity_records')),
    sa.UniqueConstraint('number', 'decision_no', 'measure', name='uq_integrity_records_key')
    )
    op.create_index(op.f('ix_integrity_records_number'), 'integrity_records', ['number'], unique=False)
    op.create_table('expert_relations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('expert_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('relation', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_expert_relations_expert_id_experts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_relations'))
    )
    op.create_index(op.f('ix_expert_relations_expert_id'), 'expert_relations', ['expert_id'], unique=False)
    op.create_table('expert_reviews',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('expert_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('applicant_kind', sa.String(length=8), nullable=False),
    sa.Column('applicant_number', sa.String(length=32), nullable=False),
    sa.Column('applicant_name', sa.Text(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_expert_reviews_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_expert_reviews_expert_id_experts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_reviews'))
    )
    op.create_index('ix_expert_reviews_applicant', 'expert_reviews', ['applicant_number', 'reviewed_on'], unique=False)
    op.create_index(op.f('ix_expert_reviews_expert_id'), 'expert_reviews', ['expert_id'], unique=False)
    op.create_table('panel_draws',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('need', sa.Text(), nullable=False),
    sa.Column('pool', sa.Text(), nullable=False),
    sa.Column('excluded', sa.Text(), nullable=False),
    sa.Column('chosen', sa.Text(), nullable=False),
    sa.Column('staying', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('replaced_member_id', sa.String(length=36), nullable=True),
    sa.Column('drawn_on', sa.Date(), nullable=False),
    sa.Column('drawn_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_panel_draws_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['drawn_by'], ['users.id'], name=op.f('fk_panel_draws_drawn_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_draws')),
    sa.UniqueConstraint('case_id', 'seq', name='uq_panel_draws_case_seq')
    )
    op.create_index(op.f('ix_panel_draws_case_id'), 'panel_draws', ['case_id'], unique=False)
    op.create_table('archive_items',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('letter_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=48), nullable=False),
    sa.Column('fonds', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('retention', sa.String(length=8), nullable=False),
    sa.Column('retention_code', sa.String(length=8), nullable=False),
    sa.Column('item_no', sa.Integer(), nullable=False),
    sa.Column('archive_no', sa.String(length=48), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('doc_no', sa.String(length=64), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('filed_by', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_archive_items_case_id_cases')),
    sa.ForeignKeyConstraint(['filed_by'], ['users.id'], name=op.f('fk_archive_items_filed_by_users')),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_archive_items_letter_id_letters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_items')),
    sa.UniqueConstraint('archive_no', name=op.f('uq_archive_items_archive_no')),
    sa.UniqueConstraint('fonds', 'year', 'retention_code', 'item_no', name='uq_archive_items_number'),
    sa.UniqueConstraint('letter_id', name=op.f('uq_archive_items_letter_id'))
    )
    op.create_index(op.f('ix_archive_items_case_id'), 'archive_items', ['case_id'], unique=False)
    op.create_table('panel_members',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('expert_id', sa.String(length=36), nullable=False),
    sa.Column('draw_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('scores', sa.Text(), nullable=False),
    sa.Column('total', sa.String(length=16), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('scored_on', sa.Date(), nullable=True),
    sa.Column('invitation_no', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_panel_members_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draw_id'], ['panel_draws.id'], name=op.f('fk_panel_members_draw_id_panel_draws')),
    sa.ForeignKeyConstraint(['expert_id'], ['experts.id'], name=op.f('fk_panel_members_expert_id_experts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_members')),
    sa.UniqueConstraint('case_id', 'expert_id', name='uq_panel_members_case_expert')
    )
    op.create_index(op.f('ix_panel_members_case_id'), 'panel_members', ['case_id'], unique=False)
    op.create_index(op.f('ix_panel_members_expert_id'), 'panel_members', ['expert_id'], unique=False)

    _seed_shared_rules()


def _seed_shared_rules() -> None:
    """The shared rules a store made before this revision lacks (its seed ran then)."""
    from bjstc_desktop.core.shared_duties import SHARED_RULES

    bind = op.get_bind()
    rules = sa.table("rule_parameters", sa.column("key"), sa.column("label"), sa.column("value"),
                     sa.column("unit"), sa.column("basis"), sa.column("updated_by"), sa.column("updated_at"))
    known = {k for (k,) in bind.execute(sa.select(rules.c.key))}
    missing = [r for r in SHARED_RULES if r.key not in known]
    if known and missing:  # an empty table is a new store: its seed inserts every rule
        import datetime as dt

        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        op.bulk_insert(rules, [{"key": r.key, "label": r.label, "value": r.value, "unit": r.unit, "basis": r.basis,
                                "updated_by": "seed", "updated_at": now} for r in missing])


def downgrade() -> None:
    op.drop_index(op.f('ix_panel_members_expert_id'), table_name='panel_members')
    op.drop_index(op.f('ix_panel_members_case_id'), table_name='panel_members')
    op.drop_table('panel_members')
    op.drop_index(op.f('ix_archive_items_case_id'), table_name='archive_items')
    op.drop_table('archive_items')
    op.drop_index(op.f('ix_panel_draws_case_id'), table_name='panel_draws')
    op.drop_table('panel_draws')
    op.drop_index(op.f('ix_expert_reviews_expert_id'), table_name='expert_reviews')
    op.drop_index('ix_expert_reviews_applicant', table_name='expert_reviews')
    op.drop_table('expert_reviews')
    op.drop_index(op.f('ix_expert_relations_expert_id'), table_name='expert_relations')
    op.drop_table('expert_relations')
    op.drop_index(op.f('ix_integrity_records_number'), table_name='integrity_records')
    op.drop_table('integrity_records')
    op.drop_index(op.f('ix_experts_employer_uscc'), table_name='experts')
    op.drop_table('experts')
