"""The counter's anchor file: the journal heads this installation wrote, outside the database.

Someone with the database file can cut the journal's tail after the last close, or rewrite it
and recompute every hash; the chain alone cannot tell.  So every commit that appends entries
also appends ``SEQ HASH TIME`` to a local file (owner-only, opened for appending only), and
``ledger verify`` reports a journal that no longer contains the last head written here
(docs/security.md).  The close slips carry each day's head on paper too.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("gaspos.anchor")
TAIL_BYTES = 4096  # a line is ~100 bytes: the last lines are in the file's last 4 KiB


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: datetime


class AnchorFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_database(cls, directory: Path, database: str) -> AnchorFile:
        """One file per database this machine writes to (named by its URL's digest)."""
        digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
        return cls(directory / f"journal-{digest}.anchor")

    def where(self) -> str:
        return str(self.path)

    def record(self, seq: int, head: str, at: datetime) -> None:
        """Append one head; a failure is logged, never raised (the commit stands)."""
        line = f"{seq} {head} {at.astimezone(UTC).isoformat(timespec='seconds')}\n"
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT
                                 | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                os.write(descriptor, line.encode("ascii"))
            finally:
                os.close(descriptor)
        except OSError:
            log.exception("cannot append the journal head %s to %s", seq, self.path)

    def latest(self) -> Anchor | None:
        """The last head written here (a torn last line is skipped)."""
        try:
            with self.path.open("rb") as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(size - TAIL_BYTES, 0))
                tail = handle.read().decode("ascii", errors="replace")
        except FileNotFoundError:
            return None
        for line in reversed(tail.splitlines()):
            anchor = _parse(line)
            if anchor is not None:
                return anchor
        return None


def _parse(line: str) -> Anchor | None:
    parts = line.split()
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64:
        return None
    try:
        return Anchor(int(parts[0]), parts[1], datetime.fromisoformat(parts[2]))
    except ValueError:
        return None
