"""Staff administration (docs/staff.md): a reset password to be changed at the next login,
when the password was last changed (for expiry), the hash it replaced (not to be used again),
and the last login shown to administrators.

Existing staff count their password as changed when they were added.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade() -> None:
    # plain ADD COLUMN (no batch rebuild): the staff table has no guards to lose
    op.add_column("staff", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column("staff", sa.Column("password_changed_at", UTC_TIME, nullable=True))
    op.add_column("staff", sa.Column("previous_password_hash", sa.String(200), nullable=True))
    op.add_column("staff", sa.Column("last_login_at", UTC_TIME, nullable=True))
    op.execute("UPDATE staff SET password_changed_at = created_at")


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
