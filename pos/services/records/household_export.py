"""The household file (一户一档) as tables for a file: TXT, XLSX and PDF — the same facts the
household view shows, masked unless revealed (docs/households.md "The household file")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pos.domain.accounts import AccountStatus
from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Volume
from pos.domain.staff import Operator
from pos.services.core.context import Services
from pos.services.records.accounts import HouseholdFile, household_file
from pos.services.records.audit_log import describe
from pos.services.records.household_view import file_lines

if TYPE_CHECKING:
    from receipts.reports.tables import Cell, Table


class FileFormat(StrEnum):
    TXT = "txt"
    PDF = "pdf"
    XLSX = "xlsx"


def export_household(svc: Services, operator: Operator, account_no: str, form: FileFormat,
                     out: Path, *, reveal: bool = False, force: bool = False) -> HouseholdFile:
    """Write the household's file to ``out``; ``reveal`` as for the view (audited)."""
    if out.suffix.lower() != f".{form.value}":
        raise BadInput("household.out", N_("Name a .{format} file for the {format} format."),
                       format=form.value)
    file = household_file(svc, operator, account_no, reveal=reveal, reading=True)
    svc.files.write_new(out, render(svc, file, form), force=force)
    return file


def render(svc: Services, file: HouseholdFile, form: FileFormat) -> bytes:
    language = svc.settings.language
    if form is FileFormat.TXT:
        lines = file_lines(file, svc.settings.timezone)
        return ("\n".join(m.render(language) for m in lines) + "\n").encode("utf-8")
    # openpyxl and fpdf2 are imported when asked for (start-up time)
    from receipts.reports.tables import workbook
    from receipts.reports.tables_pdf import tables_pdf

    title = title_of(file).render(language)
    tables = household_tables(svc, file)
    if form is FileFormat.XLSX:
        return workbook(tables, title=title)
    return tables_pdf(title, tables, language=language, created=svc.clock.now())


def title_of(file: HouseholdFile) -> Message:
    return Message(N_("Household file (一户一档) of account {account_no}"),
                   {"account_no": file.account.account_no})


def household_tables(svc: Services, file: HouseholdFile) -> list[Table]:
    from receipts.reports.tables import Table

    language, zone = svc.settings.language, svc.settings.timezone

    def t(msgid: str) -> str:
        return Message(msgid).render(language)

    def when(at: datetime | None) -> str:
        return at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if at is not None else ""

    a, p = file.account, file.position
    account_rows: list[list[Cell]] = [
        [t(N_("Account number")), a.account_no], [t(N_("Name")), a.name],
        [t(N_("Category")), a.category.label.render(language)],
        [t(N_("Household size")), a.household_size],
        [t(N_("Status")), a.status.label.render(language)],
        [t(N_("Address")), a.address], [t(N_("Phone")), a.phone],
        [t(N_("ID number")), a.id_number],
        [t(N_("Opening cumulative volume (m³)")), _m3(a.opening_cumulative_volume)],
        [t(N_("Opened")), when(a.created_at)],
        [t(N_("Personal data")), t(N_("shown unmasked (audited)") if file.revealed
                                    else N_("masked"))],
    ]
    if p is not None:
        account_rows += [[t(N_("This cycle")), f"{p.cycle.start} – {p.cycle.last_day}"],
                         [t(N_("Bought this cycle (m³)")), _m3(p.bought)],
                         [t(N_("Tier")), p.tier]]
    return [
        Table(t(N_("Account details")), [t(N_("Item")), t(N_("Value"))], account_rows),
        Table(t(N_("Changes of terms")),
              [t(N_("Effective from")), t(N_("Category before")), t(N_("Category after")),
               t(N_("Household size before")), t(N_("Household size after")),
               t(N_("Staff no.")), t(N_("Recorded"))],
              [[c.effective_from.isoformat(), c.category_before.label.render(language),
                c.category_after.label.render(language), c.household_size_before,
                c.household_size_after, c.staff_no, when(c.recorded_at)]
               for c in file.term_changes]),
        Table(t(N_("Meters")),
              [t(N_("Meter number")), t(N_("Vendor")), t(N_("Model")), t(N_("Holds (m³)")),
               t(N_("Alarm below (m³)")), t(N_("State")), t(N_("Installed"))],
              [[m.meter_no, m.vendor, m.model, _m3(m.max_stock), _m3(m.alarm_level),
                m.state.label.render(language), when(m.installed_at)] for m in file.meters]),
        Table(t(N_("Cards")),
              [t(N_("Card number")), t(N_("Meter number")), t(N_("Card profile")),
               t(N_("State")), t(N_("Issued"))],
              [[c.card_no, c.meter_no, c.profile, c.state.label.render(language),
                when(c.issued_at)] for c in file.cards]),
        Table(t(N_("Purchase records")),
              [t(N_("Order number")), t(N_("Business date")), t(N_("Time")), t(N_("State")),
               t(N_("Purchase")), t(N_("Volume (m³)")), t(N_("Amount (yuan)")),
               t(N_("Receipt")), t(N_("Counter")), t(N_("Clerk no.")), t(N_("Card number")),
               t(N_("Safety hold overridden by"))],
              [[s.order_no, s.business_date.isoformat() if s.business_date else "",
                when(s.created_at), s.state.label.render(language), s.purchase_seq,
                _m3(s.volume), s.amount, s.receipt_no, s.counter_no, s.staff_no,
                s.card_no or "", s.override_by or ""] for s in file.sales]),
        Table(t(N_("Payment records")),
              [t(N_("Order number")), t(N_("Channel")), t(N_("Amount (yuan)")),
               t(N_("State")), t(N_("Reference"))],
              [[s.order_no, pay.channel.label.render(language), pay.amount, pay.state.value,
                pay.provider_ref or pay.voucher or ""] for s in file.sales
               for pay in s.payments]),
        Table(t(N_("Meter reports")),
              [t(N_("Read")), t(N_("Meter number")), t(N_("Card number")),
               t(N_("Purchase loaded")), t(N_("Remaining (m³)")), t(N_("Used in all (m³)")),
               t(N_("Alarms"))],
              [[when(r.read_at), r.meter_no, r.card_no, r.report.meter_seq,
                _m3(r.report.remaining), _m3(r.report.cumulative_use),
                "、".join(x.label.render(language) for x in sorted(r.report.alarms))]
               for r in file.meter_reports]),
        Table(t(N_("Safety holds")), [t(N_("Time")), t(N_("What happened")), t(N_("Staff no.")),
                                      t(N_("Details"))], _safety(file, language, when)),
        Table(t(N_("Audit events")),
              [t(N_("Time")), t(N_("Staff no.")), t(N_("What happened")), t(N_("Subject")),
               t(N_("Counter")), t(N_("Details"))],
              [[when(e.at), e.actor or "—", e.action.label.render(language), e.subject,
                e.counter_no or "", describe(e)] for e in file.events]),
    ]


def _safety(file: HouseholdFile, language: str, when: Callable[[datetime | None], str]
            ) -> list[list[Cell]]:
    """安全停气: the status now, every change of status, and every sale sold over a hold."""
    rows: list[list[Cell]] = [["", Message(N_("Status now: {status}"), {
        "status": file.account.status.label}).render(language), "", ""]]
    for e in file.events:
        status = e.details.get("status_after", e.details.get("after")
                               if e.action is AuditAction.ACCOUNT_STATUS else None)
        if status is None or e.action not in (AuditAction.ACCOUNT_STATUS,
                                              AuditAction.ACCOUNT_EDITED):
            continue
        rows.append([when(e.at), AccountStatus(str(status)).label.render(language),
                     e.actor or "—", describe(e)])
    rows += [[when(s.created_at), Message(N_("sold over a safety hold")).render(language),
              s.override_by or "", f"{s.order_no} {s.override_reason or ''}".strip()]
             for s in file.sales if s.override_by]
    return rows


def _m3(volume: Volume) -> Decimal:
    return Decimal(volume.hundredths).scaleb(-2)
