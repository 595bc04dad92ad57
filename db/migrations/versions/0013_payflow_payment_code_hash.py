"""A scanned payment code (付款码) is single-use: each payment keeps the code's hash (never the
code) so a code tried once is refused before any provider is asked again (docs/payments.md).
The payment's state may now also be ``refund_pending`` (a text column: no change needed).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code_hash", sa.String(64), nullable=True))
        batch_op.create_index("ix_payments_code_hash", ["code_hash"])


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
