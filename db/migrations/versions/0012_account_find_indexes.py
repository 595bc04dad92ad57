"""``account find`` by a fragment of a name or a phone number among a million households: the
``LIKE '%…%'`` it asks cannot use a B-tree, so PostgreSQL gets trigram (``pg_trgm``) GIN indexes
on both columns; and the search by the start of an account or meter number (``LIKE '…%'``)
gets ``varchar_pattern_ops`` B-trees, since the plain ones serve it only in the C collation
(docs/performance.md "A million households"). SQLite is unchanged.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


# a fragment of two characters (a surname and a given name) has no trigram: it is found by the
# name's two-character substrings instead
BIGRAMS = """
CREATE OR REPLACE FUNCTION gaspos_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}')
FROM generate_series(1, char_length(value) - 1) AS i
$$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("name", "phone"):
        op.create_index(f"ix_accounts_{column}_trgm", "accounts", [column],
                        postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
    op.execute(BIGRAMS)
    op.execute("CREATE INDEX ix_accounts_name_bigrams ON accounts USING gin (gaspos_bigrams(name))")
    for table, column in (("accounts", "account_no"), ("meters", "meter_no")):
        op.create_index(f"ix_{table}_{column}_pattern", table, [column],
                        postgresql_ops={column: "varchar_pattern_ops"})


def downgrade() -> None:
    raise NotImplementedError("the ledger's schema only moves forward; restore a backup instead")
