"""The million-household bench's generator (bench/scale.py) at a tiny size: its ledger verifies
(chain, every closed day's totals, every sale), and ``account find`` by a name fragment can use
the trigram index (docs/performance.md "A million households")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bench import scale
from db.engine import make_engine
from pos.services.core.ledger import verify_ledger
from pos.services.records.accounts import find_households
from tests.support.clock import FixedClock
from tests.support.services import make_services

pytestmark = pytest.mark.postgres


def test_the_generated_ledger_verifies_and_name_search_uses_the_trigram_index(
        pg_url: str, tmp_path: Path) -> None:
    sizes = scale.Sizes(households=200, entries=2_000, counters=3, days=10)
    generated = scale.generate(pg_url, sizes, tmp_path / "gen")
    svc = make_services(pg_url, FixedClock(scale.NOW), home=tmp_path / "counter")

    report = verify_ledger(svc)
    assert report.intact, report
    assert (report.chain.entries, report.days_checked, report.sales_checked) == (2_000, 30, 1_000)

    view = scale.view(svc, scale.reading_of(generated, next(
        i for i in range(1, 201) if generated.seqs[i])))
    assert view.household is not None and view.may_sell

    name = scale.name_of(17)
    found = find_households(svc, scale.FINANCE, name)
    assert scale.account_no(17) in [a.account_no for a in found]
    with make_engine(pg_url).connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # 200 rows: the planner would scan
        plan = "\n".join(str(r[0]) for r in conn.execute(text(
            "EXPLAIN SELECT id FROM accounts WHERE name LIKE '%' || :part || '%'"),
            {"part": name[1:]}))
    assert "ix_accounts_name_trgm" in plan, plan


def test_a_two_character_name_fragment_is_found_by_its_bigram_index(pg_url: str,
                                                                    tmp_path: Path) -> None:
    scale.generate(pg_url, scale.Sizes(households=300, entries=20, counters=1, days=1),
                   tmp_path / "gen")
    svc = make_services(pg_url, FixedClock(scale.NOW), home=tmp_path / "counter")
    number = next(i for i in range(1, 301) if len(scale.name_of(i)) == 3)
    inner = scale.name_of(number)[1:]  # the given name: two characters, no trigram
    found = [a.account_no for a in find_households(svc, scale.FINANCE, inner)]
    assert scale.account_no(number) in found
    assert all(inner in scale.name_of(int(no[2:])) for no in found)
    with make_engine(pg_url).connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(str(r[0]) for r in conn.execute(text(
            "EXPLAIN SELECT id FROM accounts WHERE gaspos_bigrams(name) @> ARRAY[:part]"),
            {"part": inner}))
    assert "ix_accounts_name_bigrams" in plan, plan
