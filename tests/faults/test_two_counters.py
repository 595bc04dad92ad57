"""Two counters selling to the same account at once (two processes, on SQLite and on
PostgreSQL): exactly one wins, the other is refused cleanly, the ledger stays sound."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from drivers.virtual.sle4442 import Sle4442
from pos.adapters.key_vault import FileKeyVault
from pos.bootstrap.paths import key_file
from pos.domain.sale.record import SaleState
from tests.support.cards import KEYS
from tests.support.counter import check_invariants, load_meter, open_counter
from tests.support.services import TEST_PASSWORD, make_services


def test_exactly_one_of_two_counters_wins(any_url: str, tmp_path: Path) -> None:
    svc = make_services(any_url, home=tmp_path / "counter")
    counter = open_counter(svc, tmp_path)
    counter.sell("10")
    load_meter(counter)
    FileKeyVault(key_file()).install(KEYS)
    copy = tmp_path / "same-card-at-counter-2.bin"
    Sle4442.load(counter.card).save(copy)  # the household's card data, at both counters
    env = {**os.environ, "GASPOS_DB": any_url, "GASPOS_OPERATOR": "1001",
           "GASPOS_PASSWORD": TEST_PASSWORD, "GASPOS_LANG": "en"}
    runs = [subprocess.Popen([sys.executable, "-m", "pos.app", "--counter", counter_no, "sell",
                              "--reader", f"sim:{card}", "--volume", "15", "--pay", "cash"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for counter_no, card in (("01", counter.card), ("02", copy))]
    results = [(run.wait(120), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert "Traceback" not in loser and loser.strip()
    with svc.uow() as uow:
        sales = [s for s in uow.sales.find() if s.state is SaleState.COMPLETED]
    assert len(sales) == 2  # the first sale, and exactly one of the two
    winner_card = counter.card if results[0][0] == 0 else copy
    check_invariants(svc, f"sim:{winner_card}")
