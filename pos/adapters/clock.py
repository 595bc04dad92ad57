"""The machine's clock in the installation's timezone (the Clock port)."""

from __future__ import annotations

from datetime import datetime, tzinfo


class SystemClock:
    def __init__(self, timezone: tzinfo) -> None:
        self._timezone = timezone

    def now(self) -> datetime:
        return datetime.now(self._timezone)
