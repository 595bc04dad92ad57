"""Receipts: each completed sale keeps its receipt's verification code (the seal), unique, so a
code alone finds its sale; a print job records when its sending began (a job left "sending"
by a process that died is taken over after a while, and printed again as a copy).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy of the table: its partial indexes stay as they are)
    op.add_column("sales", sa.Column("seal_code", sa.String(length=16), nullable=True))
    op.create_index("uq_sales_seal_code", "sales", ["seal_code"], unique=True)
    op.add_column("print_jobs", sa.Column("claimed_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
