"""Work on hundreds of thousands of rows without Python's cyclic garbage collector.

Reconciling a month builds a few objects per statement line and per journal entry — rows,
lines, movements, items, their documents — and keeps them all until the month is stored.
None of them forms a reference cycle, yet the collector keeps walking every one of them
again as they pile up: at 50,000 movements it was half of ``reconcile_month``'s CPU
(docs/performance.md).  Inside :func:`without_cycle_collection` the collector is off;
reference counting still frees everything as usual, and the collector is switched back on
afterwards (if it was on), whatever happened.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
