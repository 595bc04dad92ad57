"""Checkpoints for in-process fault tests: the sale stops where the test says (the port's
contract: ``reached(step)`` is called between a sale's steps)."""

from __future__ import annotations

from collections.abc import Callable


class Crash(Exception):
    """What the test raises at a step boundary: everything after it does not happen."""


class Checkpoint:
    def __init__(self, at: Callable[[str], None]) -> None:
        self._at = at

    def reached(self, step: str) -> None:
        self._at(step)


def crash_at(step: str) -> Checkpoint:
    def maybe(reached: str) -> None:
        if reached == step:
            raise Crash(step)

    return Checkpoint(maybe)
