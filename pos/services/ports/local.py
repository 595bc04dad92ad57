"""Ports for this machine's own files: the anchor file of journal heads, and exports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Protocol


class AnchorHead(Protocol):
    @property
    def seq(self) -> int: ...

    @property
    def hash(self) -> str: ...

    @property
    def at(self) -> datetime: ...


class Anchors(Protocol):
    """The journal heads this installation wrote, kept outside the database."""

    def where(self) -> str: ...

    def latest(self) -> AnchorHead | None: ...

    def record(self, seq: int, head: str, at: datetime) -> None:
        """Append a head (a restore starts the file's story again at the restored head)."""
        ...


class ExportFiles(Protocol):
    def write_new(self, path: Path, data: bytes, *, force: bool = False) -> None:
        """Write a report or export readable by its owner only, never through a link:
        BadInput when ``path`` exists (a file, a directory or a link), unless ``force`` —
        then the file (or the link itself, never its target) is replaced."""
        ...
