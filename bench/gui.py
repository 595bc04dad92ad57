"""The counter app, offscreen on the demo stack: cold start to the login window against a bare
PySide6 window start, and card-in to panel-filled against the card read itself."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from bench.timing import process

PY = sys.executable
BARE = ("import sys, time; t = time.perf_counter(); "
        "from PySide6.QtWidgets import QApplication, QWidget; app = QApplication([]); "
        "w = QWidget(); w.show(); app.processEvents()")
# The app's own start (pos.app → pos.ui.app.run): the settings' language and counter, Qt, the
# login window shown; the services are built behind it (pos.ui.app.show_login). LOGIN stops
# once the window is up; READY once the services are built and a login can be checked.
LOGIN = ("import os; from pos.bootstrap.prelude import first_sight; "
         "from pos.services.core.context import Startup; "
         "from pos.ui.app import application, show_login; from pos.ui.common.tasks import Tasks; "
         "from pos.ui.common.texts import Texts; startup = Startup(demo=True); "
         "first = first_sight(startup); app = application(first.language); tasks = Tasks()\n"
         "def build():\n    from pos.bootstrap.wiring import build\n    return build(startup)\n"
         "d = show_login(build, tasks, Texts(first.language), counter_no=first.counter_no); "
         "app.processEvents()\n")
READY = LOGIN + ("import time\nwhile not d.ok.isEnabled():\n    app.processEvents(); "
                 "time.sleep(0.002)\n")

ROUNDS = 30


def run() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_STATE_HOME": f"{home}/state",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_CONFIG_DIRS": f"{home}/etc",
               "QT_QPA_PLATFORM": "offscreen"}
        process([PY, "-m", "pos.app", "--demo", "ledger", "verify"], repeats=1, env=env)  # seed
        bare = process([PY, "-c", BARE], env=env)
        login = process([PY, "-c", LOGIN + "os._exit(0)"], env=env)
        ready = process([PY, "-c", READY + "os._exit(0)"], env=env)
        os.environ.update(env)
        panel, read = _card_in_to_panel()
    return [
        {"what": "cold start to the login window", "value": login * 1000, "unit": "ms",
         "floor": bare * 1000, "floor_what": "bare PySide6 window start"},
        {"what": "cold start to a login that can be checked (services built)",
         "value": ready * 1000, "unit": "ms",
         "floor": bare * 1000, "floor_what": "bare PySide6 window start"},
        {"what": "card in → panel filled (demo reader)", "value": panel * 1000, "unit": "ms",
         "floor": read * 1000, "floor_what": "read_and_settle() alone"},
    ]


def _card_in_to_panel() -> tuple[float, float]:
    from pos.bootstrap.wiring import build
    from pos.services.core import auth
    from pos.services.core.context import Startup
    from pos.services.selling.card_view import read_and_settle
    from pos.ui.app import application
    from pos.ui.common.tasks import Tasks
    from pos.ui.common.texts import Texts
    from pos.ui.counter.flow import Step
    from pos.ui.counter.window import CounterWindow

    svc = build(Startup(demo=True))
    card = svc.settings.data_dir / "demo-cards" / "IC0000000001.bin"
    read = []
    svc.lab.insert_demo_card(card)
    for _ in range(ROUNDS):  # the floor: nobody else reading the card
        start = time.perf_counter()
        read_and_settle(svc, "demo")
        read.append(time.perf_counter() - start)
    svc.lab.remove_demo_card()
    app = application("zh_CN")
    tasks = Tasks()
    window = CounterWindow(svc, tasks, Texts("zh_CN"), auth.login(svc, "1001", "gaspos-demo"),
                           reader="demo")
    window.show()
    panel = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        svc.lab.insert_demo_card(card)
        while window.flow.step is not Step.CARD_SHOWN:
            app.processEvents()
        panel.append(time.perf_counter() - start)
        svc.lab.remove_demo_card()
        while window.flow.step is not Step.NO_CARD:
            app.processEvents()
    window.close()
    tasks.wait()
    return statistics.median(panel), statistics.median(read)
