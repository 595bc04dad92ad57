"""``gaspos statements fetch``: a month's bills fetched from the payment provider, one per day
up to yesterday, each imported as ``gaspos statements import`` imports a file (docs/payments.md
"What finance gets").

Idempotent as imports are: a day whose very file (its name and SHA-256) was imported before
is skipped, and a bill overlapping an earlier import adds only its new lines.  Each day is one
import — all or nothing — so a day whose bill is missing or unreadable is named, imports
nothing, and does not stop the other days.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from pos.domain.errors import BadInput, GasposError, Refused
from pos.domain.messages import N_, Message
from pos.domain.reconciliation.month import Month
from pos.domain.sale.record import Channel
from pos.domain.staff import Operator, Permission
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.month.statements import import_statement

log = logging.getLogger(__name__)
BILL_CHANNELS = (Channel.WECHAT, Channel.ALIPAY)
NO_SOURCE = "statements.no_bill_source"  # the channel has no bill source (not live)


@dataclass(frozen=True)
class DayBill:
    """What became of one day's bill."""

    day: date
    file_name: str = ""
    lines: int = 0
    added: int = 0
    already: bool = False  # this very file was imported before: nothing done
    problem: Message | None = None  # the bill is missing or unreadable: nothing imported


@dataclass(frozen=True)
class Fetched:
    channel: Channel
    month: str
    days: tuple[DayBill, ...]

    @property
    def missing(self) -> tuple[DayBill, ...]:
        return tuple(d for d in self.days if d.problem is not None)


def fetch_month(svc: Services, operator: Operator, channel: Channel, month: str) -> Fetched:
    authorize(svc, operator, Permission.RECONCILE, f"{channel.value} {month}")
    if channel not in BILL_CHANNELS:
        raise BadInput("statements.fetch_channel",
                       N_("Bills are fetched for wechat or alipay, not {channel}."),
                       channel=channel.label)
    if svc.bills is None:
        raise Refused(NO_SOURCE,
                      N_("{channel} bills cannot be fetched here: its provider is not "
                         "set to the live API in the settings (docs/payments.md)."),
                      channel=channel.label)
    month = Month.parse(month).text
    days = days_to_fetch(month, svc.today())
    if not days:
        raise Refused("statements.fetch_nothing_yet",
                      N_("{month} has no finished day yet: a day's bill is fetched from the "
                         "day after."), month=month)
    return Fetched(channel, month, tuple(_one_day(svc, operator, channel, day)
                                         for day in days))


def days_to_fetch(month: str, today: date) -> list[date]:
    """Every day of ``month`` (YYYY-MM) before ``today``."""
    span = Month.parse(month)
    return [span.first + timedelta(days=n)
            for n in range((min(span.last, today - timedelta(days=1)) - span.first).days + 1)]


def _one_day(svc: Services, operator: Operator, channel: Channel, day: date) -> DayBill:
    bills = svc.bills
    assert bills is not None
    try:
        name, data = bills.bill(channel, day)
    except GasposError as error:
        if error.code == NO_SOURCE:  # not a day's problem: nothing can be fetched
            raise
        log.warning("%s bill of %s: %s", channel.value, day, error.render("en"))
        return DayBill(day, problem=error.message)
    digest = hashlib.sha256(data).hexdigest()
    with svc.uow() as uow:
        if any(record.sha256 == digest and record.file_name == name  # this day's, not an
               for record in uow.statements.imports()):  # empty one of another day
            return DayBill(day, name, already=True)
    try:
        done = import_statement(svc, operator, data, name, format=channel.value)
    except GasposError as error:  # the whole day's import is undone: nothing half-imported
        log.warning("%s bill of %s (%s): %s", channel.value, day, name, error.render("en"))
        return DayBill(day, name, problem=error.message)
    return DayBill(day, name, done.record.lines_in_file, done.record.lines_added)
