"""The daily close (日结、日清): drawer counts, day closes with their totals and the journal's
head, deposit slips (缴款单) — all append-only — and the triggers that keep a closed day closed:
its row cannot change, and nothing posts into it (db.guards).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import guards

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")
DAY = "business_days.id"


def upgrade() -> None:
    op.create_table(
        "drawer_counts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day_id", sa.Integer(), sa.ForeignKey(DAY, name="fk_drawer_counts_day_id_"
                                                        "business_days"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("to_staff", sa.String(32), nullable=True),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("expected_fen", sa.BigInteger(), nullable=False),
        sa.Column("counted_fen", sa.BigInteger(), nullable=False),
        sa.Column("denominations", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("approver", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_drawer_counts"),
    )
    op.create_index("ix_drawer_counts_day_id", "drawer_counts", ["day_id"])
    op.create_table(
        "day_closes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day_id", sa.Integer(), sa.ForeignKey(DAY, name="fk_day_closes_day_id_"
                                                        "business_days"), nullable=False),
        sa.Column("closed_at", UTC_TIME, nullable=False),
        sa.Column("closed_by", sa.String(32), nullable=False),
        sa.Column("opening_float_fen", sa.BigInteger(), nullable=False),
        sa.Column("expected_fen", sa.BigInteger(), nullable=False),
        sa.Column("counted_fen", sa.BigInteger(), nullable=False),
        sa.Column("kept_float_fen", sa.BigInteger(), nullable=False),
        sa.Column("chain_seq", sa.BigInteger(), nullable=False),
        sa.Column("chain_head", sa.String(64), nullable=False),
        sa.Column("totals", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_day_closes"),
        sa.UniqueConstraint("day_id", name="uq_day_closes_day_id"),
    )
    op.create_table(
        "deposit_slips",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slip_no", sa.String(32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("deposit_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", UTC_TIME, nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deposit_slips"),
        sa.UniqueConstraint("slip_no", name="uq_deposit_slips_slip_no"),
    )
    op.create_table(
        "deposit_slip_days",
        sa.Column("slip_id", sa.Integer(), sa.ForeignKey(
            "deposit_slips.id", name="fk_deposit_slip_days_slip_id_deposit_slips"),
            nullable=False),
        sa.Column("day_id", sa.Integer(), sa.ForeignKey(
            DAY, name="fk_deposit_slip_days_day_id_business_days"), nullable=False),
        sa.PrimaryKeyConstraint("slip_id", "day_id", name="pk_deposit_slip_days"),
        sa.UniqueConstraint("day_id", name="uq_deposit_slip_days_day_id"),
    )
    bind = op.get_bind()
    guards.install(bind, ("drawer_counts", "day_closes", "deposit_slips", "deposit_slip_days"))
    guards.install_closed_day_guards(bind)


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
