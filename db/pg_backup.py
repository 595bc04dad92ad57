"""Backing up a PostgreSQL ledger with the server's own tool, ``pg_dump -Fc``
(docs/postgresql.md "Backups").

``pg_dump`` must be at least as new as the server (an older one refuses or, worse, misses what
it does not know): the one configured (``gaspos db backup --pg-dump PATH``) or else the one of
the server's major version in ``/usr/lib/postgresql/<major>/bin`` (Debian and Ubuntu), a newer
one there, or the one on ``PATH`` — and its version is checked whichever it is.

The dump and the journal head it reports are one snapshot: a repeatable-read transaction
exports its snapshot to ``pg_dump --snapshot`` and verifies the journal's hash chain itself.
The finished archive is listed by ``pg_restore --list`` (it must be readable) before it is
reported.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.repositories.journal import SqlJournal
from pos.domain.errors import IntegrityFailure, Refused
from pos.domain.journal import ChainReport, verify_chain
from pos.domain.messages import N_

SERVER_BINARIES = "/usr/lib/postgresql/{major}/bin"
TIMEOUT_SECONDS = 3600


def server_major(engine: Engine) -> int:
    with engine.connect() as connection:
        number = connection.exec_driver_sql("SHOW server_version_num").scalar()
        connection.rollback()
    return int(str(number)) // 10000


def find_pg_dump(major: int, configured: Path | None = None) -> Path:
    """The ``pg_dump`` to use for a server of ``major``; refuse a missing or older one."""
    if configured is not None:
        candidates = [configured]
    else:
        candidates = [Path(SERVER_BINARIES.format(major=major)) / "pg_dump"]
        candidates += sorted((Path(p) for p in glob.glob(SERVER_BINARIES.format(major="*")
                                                           + "/pg_dump")),
                             key=_directory_major, reverse=True)
        on_path = shutil.which("pg_dump")
        candidates += [Path(on_path)] if on_path else []
    found = [c for c in candidates if c.is_file() and os.access(c, os.X_OK)]
    if not found:
        raise Refused("db.pg_dump_missing",
                      N_("pg_dump is not installed here ({where}): install the PostgreSQL "
                         "{major} client (Debian: postgresql-client-{major}) or name it with "
                         "--pg-dump PATH."),
                      where=str(configured) if configured else SERVER_BINARIES.format(
                          major=major), major=major)
    binary = found[0]
    version = tool_major(binary)
    if version is None or version < major:
        raise Refused("db.pg_dump_old",
                      N_("{path} is pg_dump {version}, older than the PostgreSQL {major} "
                         "server: use a pg_dump of version {major} or newer (--pg-dump PATH)."),
                      path=str(binary), version=version if version is not None else "?",
                      major=major)
    return binary


def tool_major(binary: Path) -> int | None:
    """``pg_dump (PostgreSQL) 16.4 (Debian 16.4-1)`` → 16."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True,  # noqa: S603 - the administrator's pg_dump
                              timeout=30, check=False)
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", done.stdout)
    return int(match.group(1)) if match else None


def dump(engine: Engine, binary: Path, destination: Path) -> ChainReport:
    """Write ``destination`` (already created, empty, owner-only) with ``pg_dump -Fc`` from one
    snapshot, and return the verified journal of that same snapshot."""
    with engine.connect() as plain:
        connection = plain.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = str(connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar())
            _run([str(binary), "--format=custom", f"--snapshot={snapshot}",
                  f"--file={destination}", "--no-password"], engine, destination)
            with Session(bind=connection) as session:
                report = verify_chain(SqlJournal(session, write=False).entries())
    if not report.intact:
        assert report.first_break is not None
        raise IntegrityFailure(report.first_break.code,
                               N_("The journal is broken at entry {seq}: {why}"),
                               seq=report.first_break.seq, why=report.first_break.message)
    restore = binary.with_name("pg_restore")
    if restore.is_file():
        _run([str(restore), "--list", str(destination)], None, destination)
    return report


def _run(command: list[str], engine: Engine | None, destination: Path) -> None:
    env = dict(os.environ) | (_libpq_environment(engine) if engine is not None else {})
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,  # noqa: S603 - pg_dump/pg_restore, no shell
                              timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        detail = str(error)
    else:
        if done.returncode == 0:
            return
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        detail = said[-1][:300] if said else str(done.returncode)
    raise Refused("db.pg_dump_failed",
                  N_("{tool} could not write the backup {path}; it said: {detail}"),
                  tool=Path(command[0]).name, path=str(destination), detail=detail)


def _libpq_environment(engine: Engine) -> dict[str, str]:
    """The connection as libpq's variables: the password never on a command line."""
    url = engine.url
    values = {"PGHOST": url.host, "PGPORT": str(url.port) if url.port else None,
              "PGUSER": url.username, "PGPASSWORD": url.password, "PGDATABASE": url.database}
    host = url.query.get("host")  # a socket directory: postgresql+psycopg:///db?host=/run/…
    if isinstance(host, str):
        values["PGHOST"] = host
    return {name: value for name, value in values.items() if value}


def _directory_major(path: Path) -> int:
    try:
        return int(path.parts[-3])
    except (ValueError, IndexError):
        return 0
