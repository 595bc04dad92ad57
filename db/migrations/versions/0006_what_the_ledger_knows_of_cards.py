"""What the ledger knows of each card (docs/security.md): the record last proven on it, the
writes recorded before a card was touched, and when a card was first seen as a restored copy;
a meter change's bound, approver, reason and evidence; meter reports found by meter, sales by
card and by meter.

Cards issued before this revision have no proven record (NULL): the ledger learns it at their
next sale, void, restore or meter change.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade() -> None:
    for column in (
        sa.Column("known_seq", sa.Integer(), nullable=True),
        sa.Column("known_cumulative_m3x100", sa.BigInteger(), nullable=True),
        sa.Column("known_pending_m3x100", sa.BigInteger(), nullable=True),
        sa.Column("known_meter_no", sa.String(32), nullable=True),
        sa.Column("rolled_back_at", UTC_TIME, nullable=True),
    ):
        op.add_column("cards", column)
    op.create_table(
        "card_writes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), sa.ForeignKey(
            "cards.id", name="fk_card_writes_card_id_cards"), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("order_no", sa.String(32), nullable=True),
        sa.Column("target_seq", sa.Integer(), nullable=False),
        sa.Column("target_cumulative_m3x100", sa.BigInteger(), nullable=False),
        sa.Column("target_pending_m3x100", sa.BigInteger(), nullable=False),
        sa.Column("target_meter_no", sa.String(32), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=True),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("ended_at", UTC_TIME, nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_card_writes"),
    )
    op.create_index("ix_card_writes_card_open", "card_writes", ["card_id", "ended_at"])
    for column in (
        sa.Column("bound_m3x100", sa.BigInteger(), nullable=True),
        sa.Column("approver_no", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
    ):
        op.add_column("meter_changes", column)
    op.create_index("ix_meter_reports_meter_no", "meter_reports", ["meter_no"])
    # the sale path asks per card and per meter, never over every sale
    op.create_index("ix_sales_card_id", "sales", ["card_id"])
    op.create_index("ix_sales_meter_seq", "sales", ["meter_id", "purchase_seq"])


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
