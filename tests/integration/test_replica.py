"""Reports on a read-only replica (database.report_url, docs/postgresql.md "A standby for
reports"): a real standby made with ``pg_basebackup -R`` gives the company's month report as
the primary does; nothing can be written through the report database; a replica that is down
is said to be down, not silently replaced by the primary."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.replica import SqlReportReplica, make_report_engine
from pos.bootstrap import config
from pos.bootstrap.wiring import build
from pos.domain.errors import BadInput, Refused
from pos.domain.reconciliation.month import Action
from pos.services.core.context import Services, Startup
from pos.services.core.replica import replica_state
from pos.services.day import area_reports, daily_reports
from pos.services.day.daily_reports import ReportFormat
from pos.services.month import reconciliation
from tests.support.clock import FixedClock
from tests.support.command import gaspos
from tests.support.halls import CLOSED_DATES, two_halls
from tests.support.postgres import server_binaries
from tests.support.replication import primary_and_standby
from tests.support.services import TEST_PASSWORD, make_services
from tests.support.stacks import missing

MONTH = "2026-11"


def without_time(report: str) -> list[str]:
    return [line for line in report.splitlines() if "制表时间" not in line]


def on_replica(svc: Services, url: str) -> Services:
    return replace(svc, report_uow=SqlReportReplica(make_report_engine(url)))


@pytest.mark.postgres
def test_the_company_month_report_on_a_streaming_standby_is_the_primarys(
        tmp_path: Path) -> None:
    if server_binaries() is None:
        missing("PostgreSQL (Debian package postgresql)")
    started = time.monotonic()
    with primary_and_standby() as pair:
        clock = FixedClock("2026-11-25T09:00:00")
        svc = make_services(pair.primary_url, clock, home=tmp_path / "counter")
        halls = two_halls(svc, tmp_path, clock)  # sales, voids, refunds, closes on the primary
        pair.wait_for_replay()
        replica = on_replica(svc, pair.standby_url)

        on_standby = area_reports.month_report(replica, halls.finance, MONTH)
        on_primary = area_reports.month_report(svc, halls.finance, MONTH)
        assert on_standby == on_primary
        assert on_standby.closed.days == 8
        assert (area_reports.render(replica, on_standby, ReportFormat.TXT)
                == area_reports.render(svc, on_primary, ReportFormat.TXT))
        assert (daily_reports.daily_report(replica, halls.finance, CLOSED_DATES[0])
                == daily_reports.daily_report(svc, halls.finance, CLOSED_DATES[0]))

        state = replica_state(replica)  # caught up: nothing received is left to replay
        assert state is not None and state.lag is not None
        assert timedelta(0) <= state.lag < timedelta(minutes=1)
        assert "落后主库" in state.notice().render("zh_CN")
        assert replica_state(svc) is None  # no replica: the main database itself

        with pytest.raises(Refused) as refused:  # writes never go to the report database
            replica.report_uow(write=True)  # type: ignore[misc]
        assert refused.value.code == "db.replica_read_only"
        with pytest.raises(DBAPIError, match="read-only"), replica.reading() as uow:
            uow.session.execute(text("DELETE FROM audit_events"))  # type: ignore[attr-defined]
        # pointed at the primary by mistake, the report database still cannot write
        misdirected = on_replica(svc, pair.primary_url)
        with pytest.raises(DBAPIError, match="read-only"), misdirected.reading() as uow:
            uow.session.execute(text("CREATE TABLE nothing (n int)"))  # type: ignore[attr-defined]
        not_a_standby = replica_state(misdirected)
        assert not_a_standby is not None and not_a_standby.lag is None  # it cannot say
        assert "无从得知" in not_a_standby.notice().render("zh_CN")

        # the command line reads the replica when the settings name one, and says so
        settings = tmp_path / "gaspos.toml"
        settings.write_text(f'[database]\nurl = "{pair.primary_url}"\n'
                            f'report_url = "{pair.standby_url}"\n', encoding="utf-8")
        env = {"GASPOS_CONFIG": str(settings), "GASPOS_OPERATOR": "4001",
               "GASPOS_PASSWORD": TEST_PASSWORD}
        month = gaspos("report", "month", "--month", MONTH, **env)
        assert month.code == 0, month.err
        assert "只读副本" in month.err and pair.standby_url.split("@")[1] in month.err
        printed = area_reports.render(svc, on_primary, ReportFormat.TXT).decode()
        assert without_time(month.out) == without_time(printed)  # the CLI's clock is the system's

        pair.stop_standby()  # down: said so, in Chinese first, and no quiet fallback
        with pytest.raises(Refused) as down:
            area_reports.month_report(replica, halls.finance, MONTH)
        assert down.value.code == "db.replica_unavailable"
        assert "报表数据库" in down.value.render("zh_CN")
        shown = gaspos("report", "month", "--month", MONTH, **env)
        assert shown.code == 1 and "报表数据库" in shown.err, shown.err
        # what finance changes is still read and written on the primary
        with pytest.raises(Refused) as not_run:
            reconciliation.resolve(replica, halls.finance, MONTH, "X", Action.EXPLAIN,
                                     "no such item")
        assert not_run.value.code == "reconcile.not_run"
    assert time.monotonic() - started < 60


def test_report_url_is_a_setting_and_empty_means_the_main_database(tmp_path: Path) -> None:
    file = tmp_path / "gaspos.toml"
    ledger = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    standby = "postgresql://reports@127.0.0.1:1/gaspos"  # nobody listens: never connected here
    file.write_text(f'[database]\nurl = "{ledger}"\nreport_url = "{standby}"\n',
                    encoding="utf-8")
    assert config.load(str(file)).database.report_url == standby
    def replica_of(startup: Startup) -> str | None:
        services = build(startup)
        services.database.close()
        return None if services.report_uow is None else services.report_uow.description()

    assert replica_of(Startup(config_file=str(file), needs_schema=False)) == (
        "postgresql+psycopg://reports@127.0.0.1:1/gaspos")
    # a replica belongs to its primary: not when --db / GASPOS_DB name another database
    assert replica_of(Startup(db_url=ledger, config_file=str(file), needs_schema=False)) is None
    file.write_text(f'[database]\nurl = "{ledger}"\nreport_url = ""\n', encoding="utf-8")
    assert config.load(str(file)).database.report_url is None
    assert replica_of(Startup(config_file=str(file), needs_schema=False)) is None
    file.write_text(f'[database]\nreport_url = "{standby}"\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"database\.report_url"):
        config.load(str(file))


def test_a_sqlite_report_copy_is_read_only_too(svc: Services, tmp_path: Path) -> None:
    copy = f"sqlite:///{tmp_path / 'ledger.sqlite'}"  # the svc fixture's own ledger
    replica = on_replica(svc, copy)
    with replica.reading() as uow:
        assert uow.org.company() is None
        with pytest.raises(DBAPIError, match="readonly"):
            uow.session.execute(text("DELETE FROM audit_events"))  # type: ignore[attr-defined]
    with pytest.raises(Refused):
        replica.report_uow(write=True)  # type: ignore[misc]
    assert replica_state(replica) is not None
    assert replica_state(replica).lag is None  # type: ignore[union-attr]
