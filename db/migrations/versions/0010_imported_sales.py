"""Past sales imported from a previous system are sale rows (docs/history-import.md): a sale
may name an account or a cashier gaspos does not have, so both become optional, and an
imported sale keeps the previous system's account number and cashier as given.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

HOLDS_GAS = "state IN ('pending', 'completed', 'suspended')"
UNFINISHED = "state IN ('awaiting_payment', 'pending', 'suspended')"


def upgrade() -> None:
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("staff_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("imported", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("given_account_no", sa.String(32), nullable=True))
        batch_op.add_column(sa.Column("given_staff", sa.String(32), nullable=True))
        batch_op.create_index("ix_sales_given_account_no", ["given_account_no"])


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
