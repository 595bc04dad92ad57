"""Why a file could not be read or written, in the person's language.

An exception's own text is English: ``OSError.strerror`` is the C library's ("No such file or
directory"), ``json`` and ``ValueError`` speak English too.  A Chinese message must not quote
them (tests/unit/test_message_language.py).  The common causes have their own words; any other
``OSError`` is named by its ``errno`` symbol (``EROFS``), which a technician can look up; the
exception itself belongs in the log.
"""

from __future__ import annotations

import errno
import json

from pos.domain.messages import N_, Message

_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EEXIST: N_("it already exists"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ELOOP: N_("it is a symbolic link"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EIO: N_("an input/output error of the disk"),
    errno.EBUSY: N_("it is in use"),
}


def os_reason(error: OSError) -> Message:
    """Why ``error`` happened, translatable; never the C library's English."""
    known = _REASONS.get(error.errno or 0)
    if known is not None:
        return Message(known)
    symbol = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return Message(N_("system error {code}"), {"code": symbol})


def reason_of(error: Exception) -> Message:
    """Why reading a file failed: the system's reason, where in a JSON document, or that its
    contents are not what was expected."""
    if isinstance(error, OSError):
        return os_reason(error)
    if isinstance(error, json.JSONDecodeError):
        return Message(N_("malformed at line {line}, column {column}"),
                       {"line": error.lineno, "column": error.colno})
    if isinstance(error, UnicodeDecodeError):
        return Message(N_("the text is not UTF-8 (at byte {position})"),
                       {"position": error.start})
    return Message(N_("its contents are not in the expected form"))
