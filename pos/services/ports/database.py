"""The database's administration as the use cases see it: schema upgrades, backups and a SQLite
ledger's restore.  ``db.admin`` implements it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pos.services.ports.storage import UnitOfWorkFactory


class SchemaUpgrade(Protocol):
    @property
    def before(self) -> str | None: ...

    @property
    def after(self) -> str: ...


class BackupReport(Protocol):
    @property
    def path(self) -> Path: ...

    @property
    def bytes(self) -> int: ...

    @property
    def journal_entries(self) -> int: ...

    @property
    def journal_head(self) -> str: ...


class DatabaseAdmin(Protocol):
    def describe(self) -> str:
        """Where the ledger lives, fit to show (no password)."""
        ...

    def check_schema(self) -> None:
        """Refuse a schema older or newer than this program knows."""
        ...

    def close(self) -> None:
        """Give back the database connections."""
        ...

    def upgrade(self) -> SchemaUpgrade: ...

    def backup(self, destination: Path | None, *, stamp: str, pg_dump: Path | None = None,
               default_dir: Path | None = None) -> BackupReport:
        """A consistent, checked copy; by default ``backups/<name>-<stamp>.sqlite`` beside
        a SQLite ledger, ``default_dir/backups/<name>-<stamp>.dump`` (``pg_dump -Fc``, the
        configured ``pg_dump`` or one found for the server's version) for PostgreSQL."""
        ...

    def hold(self) -> None:
        """Mark the ledger as in use by this process until :meth:`close`."""
        ...

    def stage_restore(self, backup: Path, *, stamp: str) -> StagedRestore:
        """A checked copy of a SQLite backup beside the ledger, not yet in its place."""
        ...

    def finish_restore(self, staged: StagedRestore, *, stamp: str) -> RestoreReport:
        """With no other process on the ledger: keep it beside, put ``staged`` in place."""
        ...


class StagedRestore(Protocol):
    @property
    def backup(self) -> Path: ...

    @property
    def revision(self) -> str: ...

    def uow(self) -> UnitOfWorkFactory: ...

    def discard(self) -> None: ...


class RestoreReport(Protocol):
    @property
    def path(self) -> Path: ...

    @property
    def kept(self) -> Path: ...
