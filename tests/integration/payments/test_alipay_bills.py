"""Alipay's trade bill for finance, fetched from the simulator's gateway as from Alipay's: the
download address (a signed answer), the csv.zip over TLS, its detail checked (CRC, the
detail's totals, its day, the summary beside it) and imported by the statement importer as a
bill downloaded by hand would be; a tampered or corrupt bill refused with nothing imported; no
bill before the day is over."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pos.adapters.alipay_pay.bills import checked
from pos.domain.errors import IntegrityFailure, Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from pos.domain.staff import Role
from pos.domain.statements.detect import parse_statement
from pos.domain.statements.model import LineKind, Source
from pos.services.month import statements
from tests.support.alipay import AlipayStack, alipay_stack
from tests.support.clock import SHANGHAI, FixedClock
from tests.support.services import add_hall, add_staff, make_services

ALIPAY = Channel.ALIPAY
DAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def alipay_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("alipay-keys")


@pytest.fixture
def alipay(alipay_keys: Path, tmp_path: Path, clock: FixedClock) -> Iterator[AlipayStack]:
    with alipay_stack(alipay_keys, tmp_path / "sim", clock) as stack:
        yield stack


def a_day_of_sales(alipay: AlipayStack, clock: FixedClock) -> None:
    """Three sales on the 27th (one refunded in part, one cancelled after payment), one
    declined, one still waiting; the morning after."""
    provider = alipay.provider
    for n, (fen, ending) in enumerate([(5660, "1234"), (28300, "2345"), (14150, "3456"),
                                       (999, "0000"), (100, "8888")]):
        clock.advance(minutes=7)
        provider.charge(channel=ALIPAY, order_no=f"GS2026112700{n}", amount=Money(fen),
                        payment_code=f"2812345678901{n}{ending}")
    refunded = provider.refund(channel=ALIPAY, order_no="GS20261127001", refund_no="RF1",
                               amount=Money(300))
    assert refunded.state is PaymentState.CONFIRMED
    assert provider.reverse(channel=ALIPAY, order_no="GS20261127002").state is \
        PaymentState.CONFIRMED
    clock.set("2026-11-28T10:15:00")


def test_the_bill_is_fetched_checked_and_imported(alipay: AlipayStack, clock: FixedClock,
                                                  sqlite_url: str, tmp_path: Path) -> None:
    a_day_of_sales(alipay, clock)
    name, data = alipay.bills.bill(ALIPAY, DAY)
    assert name == "20880000000000010156_20261127_业务明细.csv"
    text = data.decode("gbk")  # as Alipay writes it
    assert text.startswith("#支付宝业务明细查询") and "\r\n" in text
    statement = parse_statement(data, tz=SHANGHAI)  # recognised as Alipay's by itself
    assert (statement.source, statement.period, statement.account) == (
        Source.ALIPAY, (DAY, DAY), "20880000000000010156")
    sales = {(line.order_no, line.kind, line.amount.fen) for line in statement.lines}
    assert sales == {("GS20261127000", LineKind.PAYMENT, 5660),
                     ("GS20261127001", LineKind.PAYMENT, 28300),
                     ("GS20261127001", LineKind.REFUND, -300),
                     ("GS20261127002", LineKind.PAYMENT, 14150),
                     ("GS20261127002", LineKind.REFUND, -14150)}
    svc = make_services(sqlite_url, clock, home=tmp_path / "home")
    add_hall(svc)
    finance = add_staff(svc, "4001", Role.FINANCE)
    imported = statements.import_statement(svc, finance, data, name)
    assert imported.record.lines_added == 5
    again = statements.import_statement(svc, finance, data, name)  # idempotent as imports are
    assert again.record.lines_added == 0


def test_a_day_without_business_has_an_empty_bill(alipay: AlipayStack,
                                                  clock: FixedClock) -> None:
    name, data = alipay.bills.bill(ALIPAY, date(2026, 11, 20))
    assert "_20261120_" in name and parse_statement(data, tz=SHANGHAI).lines == ()


@pytest.mark.parametrize("fault", ["tampered", "retotalled", "corrupt"])
def test_a_damaged_bill_is_refused(alipay: AlipayStack, clock: FixedClock, fault: str) -> None:
    a_day_of_sales(alipay, clock)
    alipay.handler.bill_fault = fault
    with pytest.raises(IntegrityFailure) as refused:
        alipay.bills.bill(ALIPAY, DAY)
    assert refused.value.code == "alipay.bill_damaged"
    alipay.handler.bill_fault = None
    assert alipay.bills.bill(ALIPAY, DAY)[1]  # fetched again, whole


def test_no_bill_before_the_day_is_over(alipay: AlipayStack) -> None:
    with pytest.raises(Refused) as refused:
        alipay.bills.bill(ALIPAY, DAY)  # the clock says 09:30 on the 27th
    assert refused.value.code == "alipay.bill_none"


def test_a_forged_bill_address_is_not_followed(alipay: AlipayStack, clock: FixedClock) -> None:
    clock.set("2026-11-28T10:15:00")
    alipay.handler.signature = "forged"
    with pytest.raises(Refused) as refused:
        alipay.bills.bill(ALIPAY, DAY)
    assert refused.value.code == "alipay.bill_no_answer"
    assert "bill download" not in alipay.handler.requests


def test_a_bill_without_a_summary_in_the_known_layout_is_checked_without_it(
        alipay: AlipayStack, clock: FixedClock, caplog: pytest.LogCaptureFixture) -> None:
    a_day_of_sales(alipay, clock)
    name, detail = alipay.bills.bill(ALIPAY, DAY)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(name, detail)
        bundle.writestr(name.replace(".csv", "(汇总).csv"), "门店,合计\r\n".encode("gbk"))
    assert checked(archive.getvalue(), DAY) == (name, detail)
    assert "no summary in the known layout" in caplog.text
    with pytest.raises(IntegrityFailure):  # but never a bill for another day
        checked(archive.getvalue(), date(2026, 11, 26))
