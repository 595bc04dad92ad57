"""A read-only copy of the ledger for reports: a PostgreSQL streaming replica (standby).

Month-end reports and finance's read-only views read there so that they never slow the
counters; what they read may lag the main database by the replica's replay delay.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from pos.services.ports.storage import UnitOfWork


class ReportReplica(Protocol):
    def __call__(self, *, write: bool = False) -> UnitOfWork:
        """A read-only unit of work on the replica; ``write=True`` is refused (writes go to
        the main database only).  An unreachable replica is refused with its address named."""
        ...

    def description(self) -> str:
        """The replica's URL without its password, for people."""
        ...

    def lag(self) -> timedelta | None:
        """How far the replica is behind the main database now (zero when it has replayed
        all it received), or None when it is not a standby and cannot say."""
        ...
