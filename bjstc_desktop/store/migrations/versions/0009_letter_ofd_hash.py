"""letters: the OFD copy of each issued letter (GB/T 33190), its hash beside the PDF's

Revision ID: 0009_letter_ofd_hash
Revises: 0009_experts_integrity_archives (branched from 0008; chained after main's 0009 heads as main was merged)
Create Date: 2026-12-06

A letter is written both as PDF/A and as OFD from the same laid-out pages; the register
keeps both SHA-256 hashes and an encrypted copy of each. Letters issued before this
revision have no OFD: the four columns stay NULL for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_letter_ofd_hash"
down_revision: str | None = "0009_experts_integrity_archives"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("ofd_sha256", sa.String(length=64)),
    ("ofd_size", sa.Integer()),
    ("ofd_blob_name", sa.String(length=64)),
    ("ofd_blob_key", sa.LargeBinary()),
)


def upgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letters") as batch:
        for name, _type in reversed(_COLUMNS):
            batch.drop_column(name)
