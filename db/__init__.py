"""The ledger database: SQLAlchemy 2.0 models, engine set-up, repositories and the unit of
work, the append-only hash-chained journal and its guards, and Alembic migrations.

SQLite (WAL) serves one counter; PostgreSQL, by URL, serves a hall or a utility.
"""
