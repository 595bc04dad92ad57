"""Lost and blocked cards (挂失、解挂、停用): the ledger's word, refused at once at every counter
of every hall — for reading into a sale, selling, rewriting and voiding — and a replacement
card supersedes the lost one for ever."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos.domain.accounts import CardState
from pos.domain.audit import AuditAction
from pos.domain.errors import NotFound, PermissionDenied, Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel
from pos.domain.staff import Role
from pos.services.cards.issue import issue_card, replace_card
from pos.services.cards.loss import block, report_found, report_lost, unblock
from pos.services.core.context import Services
from pos.services.records.organisation import add_counter, add_hall
from pos.services.selling.card_view import read_and_settle
from pos.services.selling.counter_sale import SaleRequest, sell
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import rewrite, void
from tests.support.clock import FixedClock
from tests.support.counter import ACCOUNT, Counter, open_counter
from tests.support.services import make_services


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


@pytest.fixture
def other_hall(counter: Counter, sqlite_url: str, clock: FixedClock, tmp_path: Path) -> Services:
    """Counter 03 in hall H2, on the same ledger."""
    add_hall(counter.svc, counter.admin, code="H2", name="第二营业厅")
    add_counter(counter.svc, counter.admin, no="03", hall_code="H2", name="3号窗口")
    return make_services(sqlite_url, clock, counter_no="03", home=tmp_path / "hall2",
                         upgrade=False)


def card_no(svc: Services) -> str:
    with svc.uow() as uow:
        card = uow.accounts.active_card(ACCOUNT)
    assert card is not None
    return card.card_no


def codes(svc: Services, reader: str) -> list[str]:
    return [c.code for c in read_and_settle(svc, reader).checks]


def sale_at(svc: Services, counter: Counter) -> None:
    sell(svc, counter.clerk, SaleRequest(counter.reader, Volume.parse("10"), payment=PaymentPlan(
        Channel.CASH, tendered=Money.parse("1000"))))


def test_a_card_lost_at_one_hall_is_refused_at_another(counter: Counter,
                                                       other_hall: Services) -> None:
    first = counter.sell("20")
    number = card_no(counter.svc)
    report_lost(counter.svc, counter.clerk, number, "持卡人电话挂失")
    assert codes(other_hall, counter.reader)[0] == "card.lost"
    message = read_and_settle(other_hall, counter.reader).checks[0].message.render("en")
    assert "replacement card" in message and "un-lost" in message
    with pytest.raises(Refused) as refused:
        sale_at(other_hall, counter)
    assert refused.value.code == "card.lost"
    with pytest.raises(Refused) as refused:
        rewrite(other_hall, counter.clerk, first.sale.order_no, counter.reader)
    assert refused.value.code == "card.lost"
    with pytest.raises(Refused) as refused:
        void(other_hall, counter.clerk, counter.supervisor, first.sale.order_no, counter.reader,
             "顾客要求退款")
    assert refused.value.code == "card.lost"

    report_found(other_hall, counter.clerk, number, "卡已找到")  # 解挂 at the other hall
    assert codes(counter.svc, counter.reader) == ["card.not_loaded"]
    with counter.svc.uow() as uow:
        actions = [(e.action, e.details["before"], e.details["after"], e.counter_no)
                   for e in uow.audit.about(ACCOUNT) if e.action in (AuditAction.CARD_LOST,
                                                                     AuditAction.CARD_FOUND)]
    assert actions == [(AuditAction.CARD_LOST, "active", "lost", "01"),
                       (AuditAction.CARD_FOUND, "lost", "active", "03")]


def test_a_replacement_supersedes_the_lost_card_for_ever(counter: Counter,
                                                         tmp_path: Path) -> None:
    counter.sell("20")
    old = card_no(counter.svc)
    report_lost(counter.svc, counter.clerk, old, "卡丢了")
    with pytest.raises(Refused) as refused:  # not a first card: a replacement, with its fee
        issue_card(counter.svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}")
    assert refused.value.code == "card.account_has_card"
    new = replace_card(counter.svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}")
    assert new.replaced == old
    with counter.svc.uow() as uow:
        found = uow.accounts.card(old)
    assert found is not None and found[0].state is CardState.REPLACED
    assert codes(counter.svc, counter.reader)[0] == "card.replaced"
    with pytest.raises(Refused) as refused:
        report_found(counter.svc, counter.clerk, old, "又找到了")
    assert refused.value.code == "card.replaced"
    assert "card.lost" not in codes(counter.svc, f"sim:{tmp_path / 'new.bin'}")


def test_blocking_is_a_supervisors_and_found_does_not_unblock(counter: Counter,
                                                             tmp_path: Path) -> None:
    number = card_no(counter.svc)
    with pytest.raises(PermissionDenied):
        block(counter.svc, counter.clerk, number, "可疑卡片")
    block(counter.svc, counter.supervisor, number, "可疑卡片")
    assert codes(counter.svc, counter.reader)[0] == "card.blacklisted"
    with pytest.raises(Refused) as refused:
        report_found(counter.svc, counter.clerk, number, "找到了")
    assert refused.value.code == "card.blacklisted"
    with pytest.raises(Refused) as refused:  # a blocked card's replacement is approved
        replace_card(counter.svc, counter.clerk, ACCOUNT, f"sim:{tmp_path / 'new.bin'}")
    assert refused.value.code == "card.replace_needs_approval"
    with pytest.raises(PermissionDenied):
        unblock(counter.svc, counter.clerk, number, "核实无误")
    unblock(counter.svc, counter.supervisor, number, "核实无误")
    assert codes(counter.svc, counter.reader) == []


def test_refusals_change_nothing(counter: Counter) -> None:
    number = card_no(counter.svc)
    with pytest.raises(NotFound):
        report_lost(counter.svc, counter.clerk, "IC9999999999", "卡丢了")
    with pytest.raises(Refused) as refused:
        report_lost(counter.svc, counter.clerk, number, " ")
    assert refused.value.code == "approval.reason"
    with pytest.raises(Refused) as refused:
        report_found(counter.svc, counter.clerk, number, "找到了")  # never lost
    assert refused.value.code == "card.active"
    cashier = Role.CASHIER
    from tests.support.services import add_staff

    with pytest.raises(PermissionDenied):
        report_lost(counter.svc, add_staff(counter.svc, "3001", cashier), number, "卡丢了")
    assert codes(counter.svc, counter.reader) == []
