"""The counter's database lamp on a PostgreSQL that goes away and comes back (a cluster of this
module's own): red while the server is stopped, green again by itself once it runs — the
status bar asks on a worker thread every few seconds, the GUI thread never waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.services.counter.health import Health
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.counter.status_bar import DeviceStatusBar
from tests.support import postgres
from tests.support.services import make_services

pytestmark = pytest.mark.postgres


def test_database_lamp_red_while_stopped_green_when_back(
        qtbot: QtBot, tasks: Tasks, texts: Texts, own_pg_cluster: postgres.Cluster,
        tmp_path: Path) -> None:
    with own_pg_cluster.database() as url:
        svc = make_services(url, home=tmp_path / "counter")
        bar = DeviceStatusBar(svc, tasks, texts, "demo", every_ms=200)
        qtbot.addWidget(bar)
        lamp = bar.lamps["database"]

        def shows(health: Health) -> bool:
            return bool(lamp.property("state") == health.value)

        stopped = False
        try:
            qtbot.waitUntil(lambda: shows(Health.GOOD), timeout=10_000)
            own_pg_cluster.stop()
            stopped = True
            qtbot.waitUntil(lambda: shows(Health.BAD), timeout=15_000)
            assert "数据库" in lamp.text() and "故障" in lamp.text()
            own_pg_cluster.start()
            stopped = False
            qtbot.waitUntil(lambda: shows(Health.GOOD), timeout=15_000)
        finally:
            bar.stop()
            if stopped:  # running again for the database's removal
                own_pg_cluster.start()
            tasks.wait(10_000)
            svc.database.close()
