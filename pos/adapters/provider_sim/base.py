"""What the simulator's server hands a provider's handler, and what it gets back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SimRequest:
    method: str  # "GET", "POST"
    target: str  # the path with its query string, as sent
    headers: Mapping[str, str]  # names in lower case
    body: bytes


@dataclass(frozen=True)
class SimResponse:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a provider that times out)
    lost: bool = False  # the work is done but the connection closes without an answer


class Handler(Protocol):
    """One provider's side: the paths it serves, and its answer to each request."""

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Path prefixes this handler answers, e.g. ``("/v3/",)`` or ``("/gateway.do",)``."""
        ...

    def handle(self, request: SimRequest) -> SimResponse: ...
