"""``account find`` by a fragment of a name or a phone number among a million households: the
``LIKE '%…%'`` it asks cannot use a B-tree, so PostgreSQL gets trigram (``pg_trgm``) GIN indexes
on both columns (docs/performance.md "A million households"). SQLite is unchanged: a counter's
own file is small enough to scan.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("name", "phone"):
        op.create_index(f"ix_accounts_{column}_trgm", "accounts", [column],
                        postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
