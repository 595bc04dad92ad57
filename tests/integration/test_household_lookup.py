"""Finding a household at the counter: by account, card or meter number, or part of a name or
phone number — on SQLite and PostgreSQL; masked, limited, audited; wildcards are letters."""

from __future__ import annotations

import pytest

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput
from pos.domain.staff import Operator, Role
from pos.services.core.context import Services
from pos.services.records.accounts import add_account, find_households
from tests.support.clock import FixedClock
from tests.support.services import add_hall, add_staff, make_services

PEOPLE = (("370402000001", "张三丰", "13812345678", "CH00000001"),
          ("370402000002", "李四", "13900001111", "CH00000002"),
          ("370402000103", "王丰收", "13812340000", "CH00000103"),
          ("370402000104", "赵100%", "13700002222", "CH00000104"))


@pytest.fixture
def hall(any_url: str, clock: FixedClock) -> Services:
    svc = make_services(any_url, clock)
    add_hall(svc)
    admin = add_staff(svc, "9001", Role.ADMIN)
    add_staff(svc, "1001", Role.CLERK)
    for account_no, name, phone, meter_no in PEOPLE:
        add_account(svc, admin, account_no=account_no, name=name, phone=phone,
                    meter_no=meter_no, category=Category.RESIDENTIAL)
    return svc


def found(svc: Services, text: str) -> list[str]:
    clerk = Operator("1001", "测试员", Role.CLERK)
    return [a.account_no for a in find_households(svc, clerk, text)]


def test_by_number_name_or_phone(hall: Services) -> None:
    assert found(hall, "370402000002") == ["370402000002"]
    assert found(hall, "3704020001") == ["370402000103", "370402000104"]  # a number's start
    assert found(hall, "CH00000103") == ["370402000103"]  # the meter number
    assert found(hall, "三丰") == ["370402000001"]
    assert found(hall, "5678") == ["370402000001"]  # the phone's last digits
    assert found(hall, "138123") == ["370402000001", "370402000103"]
    assert found(hall, "nobody") == []


def test_wildcards_are_plain_characters(hall: Services) -> None:
    assert found(hall, "0%") == ["370402000104"]  # only the name with a real %
    assert found(hall, "__") == []


def test_the_result_is_masked_and_the_search_audited(hall: Services) -> None:
    clerk = Operator("1001", "测试员", Role.CLERK)
    [household] = find_households(hall, clerk, "三丰")
    assert household.name == "张*丰" and "5678" in household.phone and "1234" not in household.phone
    with hall.uow() as uow:
        events = [e for e in uow.audit.about("三丰")
                  if e.action is AuditAction.HOUSEHOLDS_SEARCHED]
    assert events and events[-1].actor == "1001"


def test_one_character_is_too_little(hall: Services) -> None:
    clerk = Operator("1001", "测试员", Role.CLERK)
    with pytest.raises(BadInput) as refused:
        find_households(hall, clerk, " 丰 ")
    assert refused.value.code == "lookup.too_short"

