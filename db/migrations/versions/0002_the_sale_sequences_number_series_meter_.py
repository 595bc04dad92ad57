"""The sale: one purchase per sequence and account, one unfinished sale per account, number
series (card and order numbers), the meters' write-backs as read at the counter, meter changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_series",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("last_no", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_series")),
    )
    op.create_table(
        "meter_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("old_meter_no", sa.String(length=32), nullable=False),
        sa.Column("new_meter_no", sa.String(length=32), nullable=False),
        sa.Column("final_reading_m3x100", sa.Integer(), nullable=False),
        sa.Column("remaining_m3x100", sa.Integer(), nullable=False),
        sa.Column("credit_order_no", sa.String(length=32), nullable=True),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_meter_changes_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_changes")),
    )
    with op.batch_alter_table("meter_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meter_changes_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "meter_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("meter_no", sa.String(length=32), nullable=False),
        sa.Column("card_no", sa.String(length=32), nullable=False),
        sa.Column("meter_seq", sa.Integer(), nullable=False),
        sa.Column("remaining_m3x100", sa.Integer(), nullable=False),
        sa.Column("cumulative_use_m3x100", sa.Integer(), nullable=False),
        sa.Column("alarms", sa.String(length=100), nullable=False),
        sa.Column("read_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_meter_reports_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_reports")),
    )
    with op.batch_alter_table("meter_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meter_reports_account_id"), ["account_id"], unique=False
        )

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("opening_purchase_seq", sa.Integer(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="purchase")
        )
        batch_op.add_column(sa.Column("cumulative_after", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("override_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", UTC_TIME, nullable=True))
        batch_op.create_index(
            "uq_sales_account_seq",
            ["account_id", "purchase_seq"],
            unique=True,
            sqlite_where=sa.text("state IN ('pending', 'completed', 'suspended')"),
            postgresql_where=sa.text("state IN ('pending', 'completed', 'suspended')"),
        )
        batch_op.create_index(
            "uq_sales_unfinished_account",
            ["account_id"],
            unique=True,
            sqlite_where=sa.text("state IN ('awaiting_payment', 'pending', 'suspended')"),
            postgresql_where=sa.text("state IN ('awaiting_payment', 'pending', 'suspended')"),
        )


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
