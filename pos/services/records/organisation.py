"""The utility, its halls and counters, as an administrator sets them up."""

from __future__ import annotations

from pos.domain.accounts import check_address, check_name, check_number
from pos.domain.audit import AuditAction
from pos.domain.errors import NotFound, Refused
from pos.domain.messages import N_
from pos.domain.org import HOTLINE, Company, Counter, Hall
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services


def set_company(svc: Services, operator: Operator, *, code: str, name: str,
                hotline: str = HOTLINE, complaint_line: str = HOTLINE) -> Company:
    """Name the utility once (its code is on every card it issues)."""
    authorize(svc, operator, Permission.MANAGE_DEVICES, code)
    company = Company(check_number(code, N_("utility code")), check_name(name), hotline.strip(),
                      complaint_line.strip())
    with svc.uow(write=True) as uow:
        existing = uow.org.company()
        if existing is not None:
            raise Refused("org.company_exists",
                          N_("The utility is already set up as {utility}."),
                          utility=existing.code)
        uow.org.add_company(company)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ORGANISATION, company.code,
                           what="company", name=company.name)
        uow.commit()
    return company


def add_hall(svc: Services, operator: Operator, *, code: str, name: str,
             address: str = "") -> Hall:
    authorize(svc, operator, Permission.MANAGE_DEVICES, code)
    hall = Hall(check_number(code, N_("hall code")), check_name(name), check_address(address))
    with svc.uow(write=True) as uow:
        if uow.org.company() is None:
            raise Refused("org.no_company",
                          N_("Set up the utility first (gaspos org company)."))
        if uow.org.hall(hall.code) is not None:
            raise Refused("org.hall_exists", N_("Hall {hall} exists already."), hall=hall.code)
        uow.org.add_hall(hall)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ORGANISATION, hall.code,
                           what="hall", name=hall.name)
        uow.commit()
    return hall


def add_counter(svc: Services, operator: Operator, *, no: str, hall_code: str,
                name: str) -> Counter:
    authorize(svc, operator, Permission.MANAGE_DEVICES, no)
    counter = Counter(check_number(no, N_("counter number")), check_name(name), hall_code)
    with svc.uow(write=True) as uow:
        if uow.org.hall(hall_code) is None:
            raise NotFound("org.no_hall", N_("There is no hall {hall}."), hall=hall_code)
        if uow.org.counter(counter.no) is not None:
            raise Refused("org.counter_exists", N_("Counter {no} exists already."),
                          no=counter.no)
        uow.org.add_counter(counter)
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.ORGANISATION, counter.no,
                           what="counter", hall=hall_code)
        uow.commit()
    return counter
