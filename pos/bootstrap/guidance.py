"""The first-use guidance text: the company's to edit (docs/receipts.md).

Which file: the ``receipt.guidance_file`` setting; else ``first-use.txt`` in the machine-wide
config directory (the installation's); else the one in the user's config directory; else the
text shipped with gaspos — and then a copy of it is put in the user's config directory, so
there is a file to edit.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from pos.bootstrap import paths

log = logging.getLogger(__name__)

FILE_NAME = "first-use.txt"


def load(configured: Path | None) -> str:
    for path in _candidates(configured):
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as error:
            log.error("cannot read the first-use guidance %s: %s; using the default", path,
                      error)
            break
    text = default_text()
    _leave_editable_copy(text)
    return text


def default_text() -> str:
    return (resources.files("receipts") / "guidance" / "first_use.zh_CN.txt").read_text(
        encoding="utf-8")


def editable_file() -> Path:
    return paths.user_config_file().parent / FILE_NAME


def _candidates(configured: Path | None) -> list[Path]:
    if configured is not None:
        return [configured]
    return [paths.machine_config_file().parent / FILE_NAME, editable_file()]


def _leave_editable_copy(text: str) -> None:
    target = editable_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        pass
    except OSError as error:
        log.info("no editable copy of the first-use guidance at %s: %s", target, error)
