"""The log file: where the detail goes that people are spared (no traceback reaches them)."""

from __future__ import annotations

import io
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from pos.bootstrap import paths

_configured: Path | None = None


def configure(level: str = "INFO") -> Path:
    """Log to ``gaspos.log`` in the user log dir (5 files of 5 MB); return its path."""
    global _configured  # noqa: PLW0603 - one log per process, configured once
    if _configured is not None:
        return _configured
    directory = paths.log_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / "gaspos.log"
    handler = _OwnerOnlyLog(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8",
                            errors="backslashreplace")
    path.chmod(0o600)  # a log written by an older release: owner-only from now on
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # library warnings go to the log, not to the clerk
    _configured = path
    return path


class _OwnerOnlyLog(RotatingFileHandler):
    """The log holds who did what, and card numbers: its files are the owner's alone."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return io.TextIOWrapper(io.FileIO(descriptor, "a"), encoding=self.encoding,
                                errors=self.errors, write_through=True)


def log_file() -> Path:
    return _configured if _configured is not None else paths.log_dir() / "gaspos.log"


def set_level(level: str) -> None:
    logging.getLogger().setLevel(level)
