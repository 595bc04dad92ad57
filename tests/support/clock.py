"""A clock the test sets (the Clock port's contract: aware times in the counter's timezone)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class FixedClock:
    def __init__(self, at: datetime | str = "2026-11-27T09:30:00") -> None:
        self._now = _aware(at)

    def now(self) -> datetime:
        return self._now

    def set(self, at: datetime | str) -> None:
        self._now = _aware(at)

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


def _aware(at: datetime | str) -> datetime:
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


class RunningClock:
    """A clock that starts where the test says and then runs like a real one (the counter
    app's tests: time moves on between clicks, but the day is always the test's)."""

    def __init__(self, start: datetime | str = "2026-11-27T09:30:00") -> None:
        self._start = _aware(start)
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)
