"""Two halls of two counters each, and several business days of sales, voids, refunds, closes
and deposit slips among them — all through the real use cases, on the test's clock.

Hall H1 (测试营业厅) has counters 01 and 02, hall H2 (东城营业厅) counters 03 and 04 (made with
the organisation use cases).  2026-11-25 and -26 are closed at every counter; the first is
deposited hall by hall.  On 2026-11-27 counter 01 has sold and not closed and counter 03 is
settled and not closed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pos.domain.day.cash_count import CashCount
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.day import closing, deposits, money_entries
from pos.services.records import organisation
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import void
from tests.support.clock import FixedClock
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.services import add_staff

HALLS = {"H1": ("01", "02"), "H2": ("03", "04")}
CLOSED_DATES = (date(2026, 11, 25), date(2026, 11, 26))
OPEN_DATE = date(2026, 11, 27)
CASH = PaymentPlan(Channel.CASH, tendered=Money.parse("10000"))


@dataclass
class Halls:
    svc: Services
    counter: Counter
    cashier: Operator
    finance: Operator
    clock: FixedClock

    def at(self, counter_no: str) -> Counter:
        svc = replace(self.svc, settings=replace(self.svc.settings, counter_no=counter_no))
        return replace(self.counter, svc=svc)


def count_of(money: Money) -> CashCount:
    return CashCount.of({100: money.fen // 100, 1: money.fen % 100})


def sell(at: Counter, volume: str, plan: PaymentPlan = CASH) -> str:
    order_no = at.sell(volume, plan=plan).sale.order_no
    load_meter(at)
    return order_no


def close_day(halls: Halls, at: Counter, *, short: str = "0") -> None:
    expected = closing.day_view(at.svc).expected_cash
    counted = expected - Money.parse(short)
    closing.settle(at.svc, halls.cashier, count_of(counted),
                   reason="点钞差错" if short != "0" else None)
    closing.close(at.svc, halls.cashier, Money.parse("100"))


def two_halls(svc: Services, home: Path, clock: FixedClock) -> Halls:
    counter = open_counter(svc, home)
    for code, counters in (("H2", HALLS["H2"]),):
        organisation.add_hall(svc, counter.admin, code=code, name="东城营业厅")
        for no in counters:
            organisation.add_counter(svc, counter.admin, no=no, hall_code=code,
                                     name=f"{no}号窗口")
    halls = Halls(svc, counter, add_staff(svc, "3001", Role.CASHIER, name="李会计"),
                  add_staff(svc, "4001", Role.FINANCE, name="周财务"), clock)
    for number, day in enumerate(CLOSED_DATES):
        clock.set(f"{day.isoformat()}T09:00:00")
        _business_day(halls, number)
        clock.set(f"{day.isoformat()}T18:00:00")
        for no in (*HALLS["H1"], *HALLS["H2"]):
            close_day(halls, halls.at(no), short="0.50" if (number, no) == (1, "04") else "0")
        if number == 0:
            for hall, slip in (("H1", "JK20261125-01"), ("H2", "JK20261125-02")):
                wanted = [(no, day) for no in HALLS[hall]]
                due = sum((closing.day_view(svc, no).close.deposit_due  # type: ignore[union-attr]
                           for no in HALLS[hall]), Money(0))
                deposits.record_deposit(svc, halls.cashier, slip, due, day, wanted)
    clock.set(f"{OPEN_DATE.isoformat()}T10:00:00")
    one = halls.at("01")
    closing.open_day(one.svc, halls.cashier, Money.parse("100"))
    sell(one, "7")
    three = halls.at("03")
    closing.open_day(three.svc, halls.cashier, Money.parse("100"))
    sell(three, "4", PaymentPlan(Channel.WECHAT, ref="134567890123459999"))
    closing.settle(three.svc, halls.cashier, count_of(closing.day_view(three.svc).expected_cash))
    return halls


def _business_day(halls: Halls, number: int) -> None:
    """Each counter opens with 100.00 and sells; 02 voids a sale, 03 refunds an
    overpayment, 04 is paid by Alipay."""
    for no in (*HALLS["H1"], *HALLS["H2"]):
        at = halls.at(no)
        closing.open_day(at.svc, halls.cashier, Money.parse("100"))
        sell(at, str(10 + number))
        if no == "01":
            sell(at, "5", PaymentPlan(Channel.WECHAT, ref=f"1345678901234{number}1234"))
        if no == "02":
            voided = at.sell("2", plan=CASH).sale.order_no
            void(at.svc, at.clerk, at.supervisor, voided, at.reader, "客户改主意")
        if no == "03":
            paid = sell(at, "8", PaymentPlan(Channel.WECHAT, ref=f"1345678901234{number}5678"))
            money_entries.refund(at.svc, at.clerk, at.supervisor, paid, "重复付款退回",
                                 amount=Money.parse("3"), channel=Channel.WECHAT,
                                 provider_ref=f"1345678901234{number}5678")
        if no == "04":
            sell(at, "3", PaymentPlan(Channel.ALIPAY, ref=f"2845678901234{number}1234"))
