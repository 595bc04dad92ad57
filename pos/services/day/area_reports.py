"""Reports above one counter: a hall's or the whole company's day or month, from the closed
days' stored totals and the journal (docs/reports.md) — as text, XLSX or PDF."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from pos.domain.errors import NotFound
from pos.domain.messages import N_
from pos.domain.reports.facts import CounterDay, EntrySum, totals_of_sums
from pos.domain.reports.takings import AreaReport, Period, build_area_report
from pos.domain.staff import Operator, Permission
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.day.daily_reports import ReportFormat


def day_report(svc: Services, operator: Operator, business_date: date,
               hall: str | None = None) -> AreaReport:
    """Every counter's day of ``business_date`` in ``hall`` (``None``: the company)."""
    return area_report(svc, operator, Period.day(business_date), hall)


def month_report(svc: Services, operator: Operator, month: str,
                 hall: str | None = None) -> AreaReport:
    """``month`` is ``YYYY-MM``; every counter's day of it in ``hall`` (``None``: the
    company), with the day closes and deposit slips."""
    return area_report(svc, operator, Period.month(month), hall)


def area_report(svc: Services, operator: Operator, period: Period,
                hall: str | None = None) -> AreaReport:
    authorize(svc, operator, Permission.VIEW_REPORTS, "report")
    with svc.reading() as uow:
        company = uow.org.company()
        hall_name = ""
        if hall is not None:
            found = uow.org.hall(hall)
            if found is None:
                raise NotFound("report.no_hall", N_("There is no hall {hall}."), hall=hall)
            hall_name = found.name
        queries = uow.reports
        days = queries.counter_days(period.first, period.last, hall)
        if any(not day.closed for day in days):
            days = _with_journal_sums(days, queries.unclosed_sums(period.first, period.last,
                                                                  hall))
        by_category = queries.sales_by_category(period.first, period.last, hall)
        by_tier = queries.sales_by_tier(period.first, period.last, hall)
    zone = svc.settings.timezone  # closes are stored in UTC; the report reads local time
    days = [replace(day, closed_at=day.closed_at.astimezone(zone)) if day.closed_at else day
            for day in days]
    return build_area_report(
        company=company.name if company else "", hall_code=hall, hall_name=hall_name,
        period=period, generated_at=svc.clock.now(), generated_by=operator.staff_no,
        days=days, by_category=by_category, by_tier=by_tier)


def _with_journal_sums(days: list[CounterDay], sums: list[EntrySum]) -> list[CounterDay]:
    """A day not closed has no stored totals: its figures so far are its journal's sums."""
    of_day: dict[tuple[str, date], list[EntrySum]] = defaultdict(list)
    for part in sums:
        of_day[(part.counter_no, part.business_date)].append(part)
    return [day if day.closed else replace(day, totals=totals_of_sums(
        of_day.get((day.counter_no, day.business_date), []))) for day in days]


def render(svc: Services, report: AreaReport, form: ReportFormat) -> bytes:
    """The report as a file's bytes: plain text, XLSX or PDF (each with its chart)."""
    # the PDF and spreadsheet libraries are imported when asked for
    language = svc.settings.language
    if form is ReportFormat.XLSX:
        from receipts.reports.area_xlsx import area_report_xlsx

        return area_report_xlsx(report, language)
    if form is ReportFormat.PDF:
        from receipts.reports.area_pdf import area_report_pdf

        return area_report_pdf(report, language)
    from receipts.reports.area_text import area_report_text

    return area_report_text(report, language).encode("utf-8")


def halls(svc: Services, operator: Operator) -> list[tuple[str, str]]:
    """The halls that have counters, as (code, name), for choosing a report's scope."""
    authorize(svc, operator, Permission.VIEW_REPORTS, "report")
    with svc.reading() as uow:
        codes = sorted({counter.hall_code for counter in uow.org.counters()})
        found = [(code, uow.org.hall(code)) for code in codes]
    return [(code, hall.name if hall else code) for code, hall in found]
