"""A pooled PostgreSQL connection is checked before use — by a round trip only when it may be
broken (docs/postgresql.md "When the database goes away").

``pool_pre_ping`` pinged on every checkout: one round trip more for each of a sale's fourteen
transactions (docs/performance.md "Many counters").  A connection a server restart or a cut
broke has either something to read (the server's goodbye, or the closed socket's end) or has
been quiet for a while; only then is it pinged, and one that does not answer is replaced
before the step uses it, as with ``pool_pre_ping``.  A connection used a moment ago whose
socket is silent is used as it is.
"""

from __future__ import annotations

import select
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

QUIET_S = 5.0  # a connection idle longer than this is pinged whatever its socket says
_LAST_USED = "gaspos_last_used"


def check_before_use(engine: Engine) -> None:
    dialect = engine.dialect

    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        quiet = time.monotonic() - record.info.get(_LAST_USED, 0.0)
        if quiet < QUIET_S and not _has_something_to_say(dbapi_connection):
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure to answer: the pool replaces it
            raise DisconnectionError(f"no answer to a ping: {error}") from error
        if not alive:
            raise DisconnectionError("no answer to a ping")

    event.listen(engine, "connect", _used)
    event.listen(engine, "checkin", _used)
    event.listen(engine, "checkout", check)


def _used(_dbapi_connection: Any, record: Any) -> None:
    record.info[_LAST_USED] = time.monotonic()


def _has_something_to_say(dbapi_connection: Any) -> bool:
    """An idle connection's socket is silent; the server's goodbye or a closed socket is not."""
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError, AttributeError):
        return True  # no socket to look at: let the ping find out
    return bool(readable)
