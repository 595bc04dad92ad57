"""A bank layout no built-in format knows (tests/data/statements/banks/unlisted_*.csv): refused
as unrecognised and changing nothing; mapped once (saved under the bank's name with its header
row, audited, only once it has read its file) and imported; next month's file of the same
layout is then read through it without being named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput
from pos.domain.staff import Operator, Role
from pos.domain.statements.layouts import bank_layout, header_guess, suggest
from pos.services.core.context import Services
from pos.services.month import layouts, statements
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services

BANKS = Path(__file__).parent.parent / "data" / "statements" / "banks"
MARCH = (BANKS / "unlisted_202503.csv").read_bytes()
APRIL = (BANKS / "unlisted_202504.csv").read_bytes()
BANK_NAME = "某某村镇银行"


@pytest.fixture
def finance(sqlite_url: str, tmp_path: Path) -> tuple[Services, Operator]:
    svc = make_services(sqlite_url, FixedClock(), home=tmp_path / "home")
    add_hall(svc)
    return svc, add_staff(svc, "4001", Role.FINANCE)


def march_layout(svc: Services, **roles: int) -> layouts.ColumnMapping:
    rows = layouts.first_rows(svc, MARCH)
    header = rows[header_guess(rows)]
    assert header.cells[:3] == ("入账日", "时刻", "进账")
    chosen = roles or {"date": 0, "time": 1, "credit": 2, "debit": 3, "balance": 4,
                       "counterparty": 5, "memo": 6, "provider_ref": 7}
    return bank_layout(BANK_NAME, header, chosen)


def imports(svc: Services) -> int:
    with svc.uow() as uow:
        return len(uow.statements.imports())


def test_an_unrecognised_layout_is_mapped_once_and_known_next_time(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    with pytest.raises(BadInput) as caught:
        statements.import_statement(svc, who, MARCH, "unlisted_202503.csv")
    assert layouts.is_unrecognised(caught.value) and imports(svc) == 0
    rows = layouts.first_rows(svc, MARCH)
    assert [row.line for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert suggest(rows[2]) == {}  # none of the bank words: the person maps it
    done = statements.import_statement(svc, who, MARCH, "unlisted_202503.csv",
                                       layout=march_layout(svc))
    assert (done.record.format, done.record.lines_added) == (f"mapped:{BANK_NAME}", 4)
    assert [line.amount.fen for line in done.statement.lines] == [820700, 200930, -500, 1234567]
    assert done.statement.lines[0].provider_ref == "202503-00001"
    saved = layouts.saved(svc)
    assert [m.name for m in saved] == [BANK_NAME] and saved[0].header[0] == "入账日"
    with svc.uow() as uow:
        audited = [e for e in uow.audit.about(BANK_NAME)
                   if e.action is AuditAction.MAPPING_SAVED]
    assert audited and audited[0].subject == BANK_NAME and audited[0].actor == "4001"
    april = statements.import_statement(svc, who, APRIL, "unlisted_202504.csv")
    assert (april.record.format, april.record.lines_added) == (f"mapped:{BANK_NAME}", 2)
    assert april.statement.lines[-1].balance is not None
    assert april.statement.lines[-1].balance.fen == 3105697
    again = statements.import_statement(svc, who, APRIL, "unlisted_202504.csv")
    assert again.record.lines_added == 0  # a file imported again adds nothing twice


def test_a_mapping_that_cannot_read_its_file_is_not_saved(
        finance: tuple[Services, Operator]) -> None:
    svc, who = finance
    wrong = march_layout(svc, date=5, credit=2, debit=3)  # 付款方 is no date
    with pytest.raises(BadInput) as caught:
        statements.import_statement(svc, who, MARCH, "unlisted_202503.csv", layout=wrong)
    assert caught.value.code == "statement.date" and "Line 4" in caught.value.render("en")
    assert layouts.saved(svc) == [] and imports(svc) == 0
    with pytest.raises(BadInput) as caught:
        march_layout(svc, time=1, balance=4)  # no date, no money
    assert caught.value.code == "statement.mapping"
