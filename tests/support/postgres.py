"""A throwaway PostgreSQL cluster for the test session (docs/postgresql.md "Tests").

Started without systemd in about a second: ``initdb`` (as user postgres when we are root)
into a fresh directory, ``pg_ctl start`` on a free loopback port with the socket in that
directory and fsync off; stopped and removed at the end of the session.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg


@dataclass(frozen=True)
class Cluster:
    port: int
    directory: Path

    def stop(self) -> None:
        """Stop the server (``-m fast``: sessions are cut, open transactions rolled back)."""
        _pg_ctl(self, "stop", "-m", "fast")

    def start(self) -> None:
        _pg_ctl(self, "start")

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, the server is back at once."""
        _pg_ctl(self, "restart", "-m", "fast")

    def terminate(self, database: str, application_name: str | None = None) -> int:
        """Cut the sessions of ``database`` (all of them, or one application's) from the
        server side, as a network cut or an administrator would: how many were cut."""
        query = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = %s AND pid <> pg_backend_pid()")
        params: tuple[str, ...] = (database,)
        if application_name is not None:
            query += " AND application_name = %s"
            params += (application_name,)
        with self.admin() as conn:
            row = conn.execute(query, params).fetchone()
        return int(row[0]) if row else 0  # type: ignore[call-overload]

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                               dbname="postgres", autocommit=True)

    @contextmanager
    def database(self) -> Iterator[str]:
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield self.url(name)
        finally:
            with self.admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    binaries = server_binaries()
    assert binaries is not None
    directory = Path(tempfile.mkdtemp(prefix="gaspos-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data = directory / "data"
    port = _free_port()
    subprocess.run([*as_postgres, str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                   check=True, capture_output=True)
    cluster = Cluster(port, directory)
    _pg_ctl(cluster, "start")
    try:
        yield cluster
    finally:
        _pg_ctl(cluster, "stop", "-m", "fast", check=False)
        shutil.rmtree(directory, ignore_errors=True)


def _pg_ctl(cluster: Cluster, action: str, *flags: str, check: bool = True) -> None:
    binaries = server_binaries()
    assert binaries is not None
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    options = (f"-p {cluster.port} -k {cluster.directory} -c listen_addresses=127.0.0.1 "
               "-c fsync=off -c max_connections=50")
    subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(cluster.directory / "data"),
                    "-w", "-o", options, "-l", str(cluster.directory / "server.log"), *flags,
                    action], check=check, capture_output=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
