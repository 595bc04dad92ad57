"""An account's category and household size by effective date (docs/households.md "Editing an
account"), and the audit log found by staff and by action and time (docs/audit.md).

Each row of ``account_term_changes`` is one change of category or household size with the date
it takes effect and the values before and after; pricing on a day undoes every change that
takes effect after it. Accounts from before this revision have no changes: their terms are the
account's own.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import guards

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base.UTCDateTime)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade() -> None:
    op.create_table(
        "account_term_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey(
            "accounts.id", name="fk_account_term_changes_account_id_accounts"), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("category_before", sa.String(16), nullable=False),
        sa.Column("category_after", sa.String(16), nullable=False),
        sa.Column("household_size_before", sa.Integer(), nullable=False),
        sa.Column("household_size_after", sa.Integer(), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("recorded_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_account_term_changes"),
    )
    op.create_index("ix_account_term_changes_account", "account_term_changes",
                    ["account_id", "effective_from"])
    op.create_index("ix_audit_events_actor_at", "audit_events", ["actor", "at"])
    guards.install(op.get_bind(), ("account_term_changes",))  # history is appended, never edited


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
