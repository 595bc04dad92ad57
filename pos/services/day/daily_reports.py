"""收费日报: one counter's business day, or the whole hall's, from the ledger — printed on the
counter printer, or exported for finance as XLSX or PDF (the layouts are in ``receipts``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from pos.domain.account_terms import terms_on
from pos.domain.audit import AuditAction
from pos.domain.day.business_day import BusinessDay, CountKind
from pos.domain.day.report import DailyReport, DayInput, Line, SaleFacts, build_report
from pos.domain.errors import NotFound
from pos.domain.journal import EntryKind
from pos.domain.messages import N_, Message
from pos.domain.staff import Operator, Permission
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork
from pos.services.printing import documents, print_queue
from receipts.plain import plain_text


class ReportFormat(StrEnum):
    TXT = "txt"
    XLSX = "xlsx"
    PDF = "pdf"


def daily_report(svc: Services, operator: Operator, business_date: date,
                 counter_no: str | None = None) -> DailyReport:
    """The day of ``counter_no`` (``None``: every counter of the day)."""
    _allowed(svc, operator)
    with svc.reading() as uow:
        days = [d for d in uow.days.on(business_date)
                if counter_no is None or d.counter_no == counter_no]
        if not days:
            raise NotFound("report.no_day", N_(
                "There is no business day {date}{counter}."), date=business_date.isoformat(),
                counter=f" ({counter_no})" if counter_no else "")
        return _report(svc, uow, operator, days, business_date)


def period_report(svc: Services, operator: Operator, first: date, last: date) -> DailyReport:
    """Every counter's days from ``first`` to ``last`` (a month's sales by channel, category
    and tier); dated ``first``."""
    _allowed(svc, operator)
    with svc.reading() as uow:
        days = [d for n in range((last - first).days + 1)
                for d in uow.days.on(first + timedelta(days=n))]
        if not days:
            raise NotFound("report.no_days", N_(
                "There is no business day from {first} to {last}."), first=first.isoformat(),
                last=last.isoformat())
        return _report(svc, uow, operator, days, first)


def _allowed(svc: Services, operator: Operator) -> None:
    if not operator.may(Permission.RECONCILE):
        authorize(svc, operator, Permission.MANAGE_DAY, "day report")


def _report(svc: Services, uow: UnitOfWork, operator: Operator, days: list[BusinessDay],
            business_date: date) -> DailyReport:
    inputs = [_input(uow, day) for day in days]
    sales: dict[str, SaleFacts] = {}
    first_use = 0
    sold = [e for day in inputs for e in day.entries
            if e.kind in (EntryKind.SALE, EntryKind.REVERSAL) and e.sale_no]
    records = uow.sales.get_many([e.sale_no for e in sold if e.sale_no])  # a few queries
    numbers = [r.account_no for r in records.values() if r.account_no]  # for the whole day
    accounts, changes = uow.accounts.get_many(numbers), uow.accounts.term_changes_many(numbers)
    for entry in sold:
        if not entry.sale_no or entry.sale_no in sales:
            continue
        sale = records.get(entry.sale_no)
        account = accounts.get(sale.account_no) if sale and sale.account_no else None
        if account is not None and sale is not None:  # its category on the day it was priced
            priced_on = documents.local(svc, sale.created_at).date() if sale.created_at \
                else business_date  # (docs/households.md)
            account = terms_on(account, changes.get(account.account_no, []), priced_on)
        if sale is None or account is None:  # history: the journal's own facts
            staff = entry.details.get("staff")
            sales[entry.sale_no] = SaleFacts(entry.sale_no, str(staff or "—"), "unrecorded", ())
            continue
        first_use += int(sale.first_use and entry.kind is EntryKind.SALE)
        sales[sale.order_no] = SaleFacts(
            sale.order_no, sale.staff_no, account.category.value,
            tuple((p.tier, p.volume, p.amount) for p in sale.parts))
    events = {"first_use": first_use,
              "first_card": sum(_count(svc, uow, d, AuditAction.CARD_ISSUED) for d in days),
              "replacement_card": sum(_count(svc, uow, d, AuditAction.CARD_REPLACED)
                                      for d in days)}
    head = documents.letterhead(svc, uow, days[0].counter_no)
    hours = {e.seq: documents.local(svc, e.at).hour for day in inputs for e in day.entries}
    return build_report(company=head.company, hall=head.hall, business_date=business_date,
                        generated_at=svc.clock.now(), generated_by=operator.staff_no,
                        days=inputs, sales=sales, events=events, hour_of=hours)


def month_summary_xlsx(svc: Services, report: DailyReport, first: date, last: date) -> bytes:
    """The month's sales by channel, customer category and tier, as an XLSX workbook."""
    from receipts.reports.tables import Cell, Table, workbook  # openpyxl: when asked for

    language = svc.settings.language

    def t(msgid: str) -> str:
        return Message(msgid).render(language)

    heading = [report.company, report.hall,
               Message(N_("Sales from {first} to {last}"), {"first": first.isoformat(),
                                                          "last": last.isoformat()}
                       ).render(language)]
    columns = [t(N_("Count")), t(N_("Volume (m³)")), t(N_("Amount (yuan)"))]

    def table(title: str, key: str, lines: tuple[Line, ...]) -> Table:
        rows: list[list[Cell]] = [[line.key, line.count, Decimal(line.volume.hundredths)
                                   .scaleb(-2), line.amount] for line in lines]
        return Table(t(title), [t(key), *columns], rows, heading=heading)

    return workbook([
        table(N_("By channel"), N_("Channel"), report.by_channel),
        table(N_("By customer category"), N_("Category"), report.by_category),
        table(N_("By tier"), N_("Tier"), report.by_tier),
        table(N_("By clerk"), N_("Clerk no."), report.by_clerk),
    ], title=heading[2])


def render(svc: Services, report: DailyReport, form: ReportFormat) -> bytes:
    """The report as a file's bytes: plain text (as printed), XLSX or PDF."""
    # the PDF and spreadsheet libraries are imported when asked for: every command would
    # otherwise pay their second of start-up time
    from receipts.reports.pdf import daily_report_pdf
    from receipts.reports.xlsx import daily_report_xlsx

    with svc.reading() as uow:
        head = documents.letterhead(svc, uow, report.counters[0])
        if form is ReportFormat.XLSX:
            return daily_report_xlsx(head, report, svc.settings.language)
        if form is ReportFormat.PDF:
            return daily_report_pdf(head, report, svc.settings.language)
        return plain_text(documents.daily_report(svc, uow, report)).encode("utf-8")


def print_report(svc: Services, report: DailyReport) -> print_queue.PrintReport:
    """Queue the report for this counter's printer and print what waits."""
    with svc.uow(write=True) as uow:
        print_queue.enqueue(svc, uow, documents.daily_report(svc, uow, report))
        uow.commit()
    return print_queue.print_waiting(svc)


def _input(uow: UnitOfWork, day: BusinessDay) -> DayInput:
    close = uow.days.close_of(day)
    counts = uow.days.counts(day)
    settle = next((c for c in reversed(counts) if c.kind is CountKind.SETTLE), None)
    return DayInput(
        counter_no=day.counter_no, state=day.state, opening_float=day.opening_float,
        entries=tuple(uow.journal.day_entries(day.counter_no, day.business_date)),
        counted=settle.counted if settle else None,
        over_short_reason=settle.reason if settle else None,
        kept_float=close.kept_float if close else None,
        chain_head=close.chain_head if close else None)


def _count(svc: Services, uow: UnitOfWork, day: BusinessDay, action: AuditAction) -> int:
    close = uow.days.close_of(day)
    end: datetime = close.closed_at if close else svc.clock.now()
    return uow.audit.count(action, day.counter_no, day.opened_at, end)
