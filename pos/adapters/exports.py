"""Reports and exports on this machine's disk (the ExportFiles port): owner-only, never
through a link, never over an existing file unless asked (docs/security.md)."""

from __future__ import annotations

import os
from pathlib import Path

from drivers.files import replace_file
from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reasons import os_reason


class ExportFiles:
    def write_new(self, path: Path, data: bytes, *, force: bool = False) -> None:
        if path.is_dir():
            raise BadInput("file.is_directory", N_("{path} is a directory: name a file."),
                           path=str(path))
        if os.path.lexists(path) and not force:
            raise BadInput("file.exists",
                           N_("{path} already exists: choose another file, or add --force to "
                              "replace it."), path=str(path))
        try:
            if force:
                replace_file(path, data, make_parents=False)
            else:
                _create(path, data)
        except FileExistsError:
            raise BadInput("file.exists",
                           N_("{path} already exists: choose another file, or add --force to "
                              "replace it."), path=str(path)) from None
        except OSError as error:
            raise BadInput("report.write", N_("Cannot write {path}: {why}"), path=str(path),
                           why=os_reason(error)) from None


def _create(path: Path, data: bytes) -> None:
    """A new file only: O_EXCL fails on anything there, a dangling link included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise

