"""Shared fixtures: every test gets its own home (no real user dirs are touched), a clock it
controls, and real databases — a SQLite file, and a PostgreSQL database on the session's
throwaway cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from pos.services.core.context import Services
from tests.support import postgres
from tests.support.clock import FixedClock
from tests.support.services import make_services
from tests.support.stacks import missing

# A shared 2-CPU machine under load takes longer than hypothesis's 200 ms per example now and
# then; a slow example is not a wrong one, so no deadline (the suite's time is watched in CI).
hypothesis_settings.register_profile("gaspos", deadline=None)
hypothesis_settings.load_profile("gaspos")

GASPOS_ENV = ("GASPOS_DB", "GASPOS_CONFIG", "GASPOS_OPERATOR", "GASPOS_PASSWORD", "GASPOS_LANG",
              "GASPOS_APPROVER_PASSWORD", "GASPOS_NEW_PASSWORD")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in GASPOS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(home / "etc-xdg"))
    return home


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock("2026-11-27T09:30:00")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.sqlite'}"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[postgres.Cluster]:
    if postgres.server_binaries() is None:
        missing("PostgreSQL (Debian package postgresql)")
    with postgres.running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def own_pg_cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL cluster of the module's own, for the tests that stop, restart or cut it
    (the session's cluster is shared by every other test)."""
    if postgres.server_binaries() is None:
        missing("PostgreSQL (Debian package postgresql)")
    with postgres.running_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: postgres.Cluster) -> Iterator[str]:
    with pg_cluster.database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite'}"
        return
    cluster: postgres.Cluster = request.getfixturevalue("pg_cluster")
    with cluster.database() as url:
        yield url


@pytest.fixture
def svc(sqlite_url: str, clock: FixedClock, tmp_path: Path) -> Services:
    return make_services(sqlite_url, clock, home=tmp_path / "counter")



@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """pcscd with vpcd, once per session; tests insert virtual cards into "Virtual PCD 00 00"."""
    from tests.support import pcscd as stack

    if not stack.available():
        missing("pcscd with the vpcd driver (Debian packages pcscd, vsmartcard-vpcd)")
    with stack.running_pcscd():
        yield


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the stacks: every test on the one machine-wide pcscd (its socket and the vpcd port
    are the machine's) is ``pcscd`` and runs on one pytest-xdist worker, one after another; the
    counter app's tests are ``gui``.  CI runs them all; ``-m "not pcscd and not slow"`` is a
    quick local loop (docs/development.md)."""
    for item in items:
        if "pcscd" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.pcscd)
            item.add_marker(pytest.mark.xdist_group("pcscd"))
        if "gui" in item.path.parts:
            item.add_marker(pytest.mark.gui)
