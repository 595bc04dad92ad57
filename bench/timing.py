"""Small timing helpers: best-of and median of repeated runs."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence


def per_call(fn: Callable[[], object], *, calls: int, repeats: int = 7) -> float:
    """Median seconds per call over ``repeats`` batches of ``calls`` calls."""
    batches = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        batches.append((time.perf_counter() - start) / calls)
    return statistics.median(batches)


def process(argv: Sequence[str], *, repeats: int = 7, env: dict[str, str] | None = None) -> float:
    """Median wall-clock seconds of a whole process."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)
