"""WeChat Pay's trade bill of a day, fetched for finance: its SHA1 checked, and read by the
existing WeChat statement importer as a file downloaded by hand would be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pos.domain.errors import Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.domain.staff import Role
from pos.domain.statements.detect import parse_statement
from pos.domain.statements.model import LineKind
from pos.services.month import statements
from tests.integration.payments.conftest import WeChatStand
from tests.integration.payments.test_wechat_charge import code
from tests.support.clock import SHANGHAI
from tests.support.services import add_hall, add_staff, make_services

WECHAT = Channel.WECHAT
DAY = date(2026, 11, 26)


def a_day_of_payments(wechat: WeChatStand) -> None:
    provider = wechat.provider()
    wechat.clock.set("2026-11-26T09:05:00")
    provider.charge(channel=WECHAT, order_no="GS2026112601001", amount=Money(28300),
                    payment_code=code("1001"))
    wechat.clock.set("2026-11-26T10:15:00")
    provider.charge(channel=WECHAT, order_no="GS2026112601002", amount=Money(5660),
                    payment_code=code("1002"))
    provider.charge(channel=WECHAT, order_no="GS2026112601003", amount=Money(100),
                    payment_code=code("0000"))  # declined: not in the bill
    wechat.clock.set("2026-11-26T11:00:00")
    provider.refund(channel=WECHAT, order_no="GS2026112601001", refund_no="RF2026112601001",
                    amount=Money(14150))
    provider.refund_query(channel=WECHAT, order_no="GS2026112601001",
                          refund_no="RF2026112601001")
    wechat.clock.set("2026-11-27T00:00:30")  # the next day: not in the 26th's bill
    provider.charge(channel=WECHAT, order_no="GS2026112701001", amount=Money(100),
                    payment_code=code("1003"))
    wechat.clock.set("2026-11-27T10:30:00")


def test_a_days_bill_is_fetched_checked_and_read_by_the_statement_importer(
        wechat: WeChatStand, tmp_path: Path) -> None:
    a_day_of_payments(wechat)
    name, data = wechat.bills().bill(WECHAT, DAY)
    assert name == "wechat-tradebill-2026-11-26.csv"
    assert data.startswith("\ufeff交易时间,公众账号ID".encode())
    statement = parse_statement(data, tz=SHANGHAI)
    assert [(line.kind, line.amount, line.order_no) for line in statement.lines] == [
        (LineKind.PAYMENT, Money(28300), "GS2026112601001"),
        (LineKind.PAYMENT, Money(5660), "GS2026112601002"),
        (LineKind.REFUND, Money(-14150), "GS2026112601001")]
    assert statement.declared["总交易单数"] == "3"
    assert statement.lines[2].refund_no == "RF2026112601001"
    assert statement.lines[0].fee == Money(57)
    assert parse_statement(data.removeprefix("\ufeff".encode()), tz=SHANGHAI).lines == \
        statement.lines  # with or without the byte-order mark

    svc = make_services(f"sqlite:///{tmp_path / 'ledger.sqlite'}", wechat.clock,
                        home=tmp_path / "home")
    add_hall(svc)
    finance = add_staff(svc, "4001", Role.FINANCE)
    first = statements.import_statement(svc, finance, data, name)
    assert first.record.lines_added == 3
    again = statements.import_statement(svc, finance, wechat.bills().bill(WECHAT, DAY)[1], name)
    assert again.record.lines_added == 0  # fetched twice, imported once


def test_a_bill_altered_on_the_way_is_refused(wechat: WeChatStand) -> None:
    a_day_of_payments(wechat)
    wechat.simulator.tamper_bills = True
    with pytest.raises(Refused) as refused:
        wechat.bills().bill(WECHAT, DAY)
    assert refused.value.code == "payments.bill_altered"


def test_no_bill_for_today_and_no_bill_from_an_unsigned_answer(wechat: WeChatStand) -> None:
    with pytest.raises(Refused) as today:
        wechat.bills().bill(WECHAT, date(2026, 11, 27))
    assert today.value.code == "payments.no_bill"
    from pos.adapters.provider_sim.wechat import Signing
    wechat.simulator.sign_answers(Signing.FORGED)
    with pytest.raises(Refused) as forged:
        wechat.bills().bill(WECHAT, DAY)
    assert forged.value.code == "payments.bill_unavailable"
