"""What a report read from the replica says about itself: where it was read and how far that
database was behind the main one (database.report_url, docs/postgresql.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pos.domain.messages import N_, Message
from pos.services.core.context import Services


@dataclass(frozen=True)
class ReplicaState:
    database: str  # its URL without a password
    lag: timedelta | None  # None: not a standby, so it cannot say

    @property
    def lag_seconds(self) -> float | None:
        return None if self.lag is None else round(self.lag.total_seconds(), 1)

    def notice(self) -> Message:
        if self.lag_seconds is None:
            return Message(N_("Read from the report database {db}, which is not a standby: "
                              "how far it lags the main database is unknown."),
                           {"db": self.database})
        return Message(N_("Read from the report replica {db}, {seconds} s behind the main "
                          "database: the latest sales may be missing."),
                       {"db": self.database, "seconds": f"{self.lag_seconds:g}"})


def replica_state(svc: Services) -> ReplicaState | None:
    """None: reports read the main database itself."""
    replica = svc.report_uow
    if replica is None:
        return None
    return ReplicaState(replica.description(), replica.lag())
