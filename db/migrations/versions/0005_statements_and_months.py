"""The month's reconciliation (月对账): imported statements (raw file, SHA-256, lines unique per
source and identity), saved column mappings, months and their items and resolutions; the
imports, lines and resolutions are append-only, and a locked month's rows never change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db import guards

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# spelt out so this migration never changes (db.models.base)
UTC_TIME = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "statement_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("format", sa.String(48), nullable=False),
        sa.Column("encoding", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("imported_at", UTC_TIME, nullable=False),
        sa.Column("imported_by", sa.String(32), nullable=False),
        sa.Column("lines_in_file", sa.Integer(), nullable=False),
        sa.Column("lines_added", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statement_imports"),
    )
    op.create_index("ix_statement_imports_sha256", "statement_imports", ["sha256"])
    op.create_table(
        "statement_lines",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey(
            "statement_imports.id", name="fk_statement_lines_import_id_statement_imports"),
            nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("identity", sa.String(255), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=False),
        sa.Column("occurred_at", UTC_TIME, nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("fee_fen", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("order_no", sa.String(64), nullable=True),
        sa.Column("provider_ref", sa.String(64), nullable=True),
        sa.Column("refund_no", sa.String(64), nullable=True),
        sa.Column("provider_refund_ref", sa.String(64), nullable=True),
        sa.Column("counterparty", sa.String(128), nullable=True),
        sa.Column("memo", sa.String(255), nullable=True),
        sa.Column("terminal", sa.String(64), nullable=True),
        sa.Column("voucher", sa.String(64), nullable=True),
        sa.Column("balance_fen", sa.BigInteger(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_statement_lines"),
        sa.UniqueConstraint("source", "identity", name="uq_statement_lines_source_identity"),
    )
    op.create_index("ix_statement_lines_value_date", "statement_lines", ["value_date"])
    op.create_index("ix_statement_lines_order_no", "statement_lines", ["order_no"])
    op.create_table(
        "column_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("saved_at", UTC_TIME, nullable=False),
        sa.Column("saved_by", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_column_mappings"),
        sa.UniqueConstraint("name", name="uq_column_mappings_name"),
    )
    op.create_table(
        "months",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reconciled_at", UTC_TIME, nullable=True),
        sa.Column("locked_at", UTC_TIME, nullable=True),
        sa.Column("locked_by", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_months"),
        sa.UniqueConstraint("month", name="uq_months_month"),
    )
    op.create_table(
        "recon_items",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("month_id", sa.Integer(), sa.ForeignKey(
            "months.id", name="fk_recon_items_month_id_months"), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("amount_statement_fen", sa.BigInteger(), nullable=True),
        sa.Column("amount_ledger_fen", sa.BigInteger(), nullable=True),
        sa.Column("difference_fen", sa.BigInteger(), nullable=True),
        sa.Column("caused_by", sa.String(128), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recon_items"),
        sa.UniqueConstraint("month_id", "key", name="uq_recon_items_month_id_key"),
    )
    op.create_index("ix_recon_items_month_id", "recon_items", ["month_id"])
    op.create_table(
        "recon_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month_id", sa.Integer(), sa.ForeignKey(
            "months.id", name="fk_recon_resolutions_month_id_months"), nullable=False),
        sa.Column("item_key", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entry_seq", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("resolved_at", UTC_TIME, nullable=False),
        sa.Column("resolved_by", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recon_resolutions"),
    )
    op.create_index("ix_recon_resolutions_month_id", "recon_resolutions", ["month_id"])
    bind = op.get_bind()
    guards.install(bind, guards.STATEMENT_TABLES)
    guards.install_locked_month_guards(bind)


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
