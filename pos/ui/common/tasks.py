"""Work off the GUI thread, answers back on it: the one helper every slow call goes through.

Card, printer, display and database work runs on a pool thread; its result (or the error it
raised) comes back through a queued Qt signal to a callback on the GUI thread, so no widget is
ever touched from another thread and the GUI thread does not wait on a device or the database
(after Anki's ``CollectionOp`` / ``run_on_main``) — except at shutdown, briefly.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from pos.ui.qt import QObject, QRunnable, QThreadPool, Signal, Slot, isValid

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signal carries a finished task back there."""

    finished = Signal(object, object, object)  # callback, failback, outcome


class _Job(QRunnable):
    def __init__(self, relay: _Relay, work: Callable[[], Any], done: Done, failed: Failed) -> None:
        super().__init__()
        self._relay, self._work, self._done, self._failed = relay, work, done, failed

    def run(self) -> None:
        try:
            outcome: Any = _Result(self._work())
        except BaseException as error:  # handed to the GUI thread, which shows it to the clerk
            log.info("background task failed: %r", error, exc_info=True)
            outcome = error
        self._relay.finished.emit(self._done, self._failed, outcome)


def _for(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    def guarded(value: Any) -> None:
        if isValid(owner):
            callback(value)
        else:
            log.info("an answer came after its screen was closed; dropped: %r", value)

    return guarded


class _Result:
    def __init__(self, value: Any) -> None:
        self.value = value


class Tasks(QObject):
    """``tasks.run(work, done, failed)``: ``work()`` on a pool thread, then ``done(result)``
    or ``failed(error)`` on the GUI thread.  ``busy`` counts what is still running."""

    changed = Signal(int)

    def __init__(self, threads: int = 4) -> None:
        super().__init__()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay()
        self._relay.finished.connect(self._finish)
        self.busy = 0

    def run(self, work: Callable[[], Any], done: Done, failed: Failed, *,
            owner: QObject | None = None) -> None:
        """``owner``: the dialog the answer is for; if it was closed and deleted meanwhile,
        the answer is dropped (logged) instead of reaching a deleted widget."""
        if owner is not None:
            done, failed = _for(owner, done), _for(owner, failed)
        self.busy += 1
        self.changed.emit(self.busy)
        self._pool.start(_Job(self._relay, work, done, failed))

    def wait(self, msecs: int = 30_000) -> bool:
        """For shutdown and tests: wait until the pool is idle."""
        return self._pool.waitForDone(msecs)

    @Slot(object, object, object)
    def _finish(self, done: Done, failed: Failed, outcome: object) -> None:
        self.busy -= 1
        self.changed.emit(self.busy)
        try:
            if isinstance(outcome, _Result):
                done(outcome.value)
            else:
                assert isinstance(outcome, BaseException)
                failed(outcome)
        except Exception:  # a callback's own failure: logged, and shown by the app's hook
            log.exception("a task's callback failed")
            sys.excepthook(*sys.exc_info())
