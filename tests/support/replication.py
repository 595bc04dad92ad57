"""A primary and a streaming standby made from it with ``pg_basebackup -R``, for the tests of
the report replica (docs/postgresql.md "A standby for reports").

Like the session's cluster (tests/support/postgres.py) but configured for replication: the
primary with ``wal_level=replica``, a ``replicator`` role with REPLICATION and a pg_hba line
for it; the standby on its own port.  Both are stopped and removed even when the test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.support.postgres import _free_port, server_binaries

REPLICATOR = "replicator"


@dataclass(frozen=True)
class Pair:
    primary_port: int
    standby_port: int
    directory: Path
    stop_standby: Stopper

    def url(self, port: int, database: str = "gaspos") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def standby_url(self) -> str:
        return self.url(self.standby_port)

    def connect(self, port: int, database: str = "postgres"
                ) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=database,
                               autocommit=True)

    def wait_for_replay(self, timeout: float = 20.0) -> None:
        """Until the standby has replayed everything the primary has written so far."""
        with self.connect(self.primary_port) as primary:
            row = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        target = row[0]
        deadline = time.monotonic() + timeout
        with self.connect(self.standby_port) as standby:
            while True:
                done = standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn",
                                       (target,)).fetchone()
                if done is not None and done[0]:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"the standby did not replay up to {target} "
                                         f"in {timeout} s")
                time.sleep(0.05)


class Stopper:
    def __init__(self, command: list[str]) -> None:
        self._command = command

    def __call__(self) -> None:
        subprocess.run(self._command, check=False, capture_output=True)


@contextmanager
def primary_and_standby() -> Iterator[Pair]:
    binaries = server_binaries()
    assert binaries is not None
    directory = Path(tempfile.mkdtemp(prefix="gaspos-pg-replica-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]

    def run(*args: str) -> None:
        done = subprocess.run([*as_postgres, *args], check=False, capture_output=True,
                              text=True)
        if done.returncode:
            raise AssertionError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")

    def pg_ctl(data: Path, *args: str) -> list[str]:
        return [str(binaries / "pg_ctl"), "-D", str(data), "-w", *args]

    primary, standby = directory / "primary", directory / "standby"
    primary_port, standby_port = _free_port(), _free_port()
    common = f"-k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=30"
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, directory, ignore_errors=True)
        run(str(binaries / "initdb"), "-D", str(primary), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        with (primary / "pg_hba.conf").open("a") as hba:  # the replication role's own line
            hba.write(f"host replication {REPLICATOR} 127.0.0.1/32 trust\n")
        run(*pg_ctl(primary, "-o", f"-p {primary_port} {common} -c wal_level=replica "
                    "-c max_wal_senders=4", "-l", str(directory / "primary.log"), "start"))
        cleanup.callback(Stopper([*as_postgres, *pg_ctl(primary, "-m", "immediate", "stop")]))
        with psycopg.connect(host="127.0.0.1", port=primary_port, user="postgres",
                             dbname="postgres", autocommit=True) as admin:
            admin.execute(f"CREATE ROLE {REPLICATOR} WITH REPLICATION LOGIN")
        run(str(binaries / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port),
            "-U", REPLICATOR, "-D", str(standby), "-R", "-X", "stream", "--checkpoint=fast",
            "--no-sync")
        run(*pg_ctl(standby, "-o", f"-p {standby_port} {common}", "-l",
                    str(directory / "standby.log"), "start"))
        stop_standby = Stopper([*as_postgres, *pg_ctl(standby, "-m", "immediate", "stop")])
        cleanup.callback(stop_standby)
        with psycopg.connect(host="127.0.0.1", port=primary_port, user="postgres",
                             dbname="postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE gaspos")  # made after the copy: streamed to it
        yield Pair(primary_port, standby_port, directory, stop_standby)
