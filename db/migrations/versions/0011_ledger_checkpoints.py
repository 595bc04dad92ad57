"""Where ``ledger verify`` stopped: an incremental verify proves the entry its last checkpoint
names unchanged and walks only what came after (docs/journal.md).  Append-only, guarded like
the journal, so a checkpoint cannot be moved or removed behind a verify's back.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import guards

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ledger_checkpoints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("verified_at", UTC_TIME, nullable=False),
        sa.Column("verified_by", sa.String(length=64), nullable=False),
        sa.Column("counter_no", sa.String(length=8), nullable=True),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_checkpoints")),
    )
    guards.install(op.get_bind(), guards.CHECKPOINT_TABLES)


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
