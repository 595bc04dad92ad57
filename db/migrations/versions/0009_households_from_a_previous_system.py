"""Households from a previous system (docs/going-live.md): each account's opening position —
the volume already bought in the tier cycle of the day it was taken over, that day, and any
prepaid balance (+) or arrears (−) in fen — and each meter's key version and last reading as
the previous system knew them.

Existing rows get no opening position (0, NULL): they were never imported.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in (
        sa.Column("opening_cycle_m3x100", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("opening_as_of", sa.Date(), nullable=True),
        sa.Column("opening_balance_fen", sa.BigInteger(), nullable=False, server_default="0"),
    ):
        op.add_column("accounts", column)
    for column in (
        sa.Column("key_version", sa.Integer(), nullable=True),
        sa.Column("opening_reading_m3x100", sa.BigInteger(), nullable=True),
    ):
        op.add_column("meters", column)


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
