"""Device state on this machine's disk, written so that a killed process never leaves half a
file (simulated cards, the meter simulator)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, *, make_parents: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path`` (owner-only), then rename it over
    ``path`` — a link there is replaced, never followed."""
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
