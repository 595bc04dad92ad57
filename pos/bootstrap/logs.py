"""The log file: where the detail goes that people are spared (no traceback reaches them)."""

from __future__ import annotations

import logging
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
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "gaspos.log"
    handler = RotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # library warnings go to the log, not to the clerk
    _configured = path
    return path


def log_file() -> Path:
    return _configured if _configured is not None else paths.log_dir() / "gaspos.log"


def set_level(level: str) -> None:
    logging.getLogger().setLevel(level)
