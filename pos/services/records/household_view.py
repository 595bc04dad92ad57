"""The household's file as lines for people — the same words on the command line and at the
counter (each line a Message, rendered in the reader's language)."""

from __future__ import annotations

from datetime import tzinfo

from pos.domain.messages import N_, Message
from pos.services.records.accounts import HouseholdFile


def file_lines(file: HouseholdFile, timezone: tzinfo) -> list[Message]:
    a = file.account
    lines = [
        Message(N_("Account {account_no}  {name}  {category}, {size} people, {status}"),
                {"account_no": a.account_no, "name": a.name, "category": a.category.label,
                 "size": a.household_size, "status": a.status.label}),
        Message(N_("Address: {address}"), {"address": a.address or "—"}),
        Message(N_("Phone: {phone}   ID: {id_number}"),
                {"phone": a.phone or "—", "id_number": a.id_number or "—"}),
    ]
    if a.opening_as_of is not None:
        lines.append(Message(N_("From the previous system on {day}: {volume} m³ bought in that "
                                "tier cycle; prepaid {balance} yuan (negative: owed)."),
                             {"day": a.opening_as_of.isoformat(),
                              "volume": a.opening_cycle_volume, "balance": a.opening_balance}))
    lines += [Message(N_("Meter {meter_no} {vendor} {model}: holds up to {max} m³, alarm below "
                         "{alarm} m³, {state}"),
                      {"meter_no": m.meter_no, "vendor": m.vendor, "model": m.model,
                       "max": m.max_stock, "alarm": m.alarm_level, "state": m.state.label})
              for m in file.meters]
    if not file.cards:
        lines.append(Message(N_("No card issued yet.")))
    lines += [Message(N_("Card {card_no} ({profile}) for meter {meter_no}: {state}"),
                      {"card_no": c.card_no, "profile": c.profile, "meter_no": c.meter_no,
                       "state": c.state.label}) for c in file.cards]
    lines += [Message(N_("From {date}: {category_before} → {category_after}, {size_before} → "
                         "{size_after} people (staff {staff_no})"),
                      {"date": c.effective_from.isoformat(),
                       "category_before": c.category_before.label,
                       "category_after": c.category_after.label,
                       "size_before": c.household_size_before,
                       "size_after": c.household_size_after, "staff_no": c.staff_no})
              for c in file.term_changes]
    if file.position is None:
        lines.append(Message(N_("No tariff is in effect for this category.")))
    else:
        p = file.position
        lines.append(Message(N_("This cycle ({start} to {end}): {bought} m³ bought, now in tier "
                                "{tier}."),
                             {"start": p.cycle.start.isoformat(),
                              "end": p.cycle.last_day.isoformat(), "bought": p.bought,
                              "tier": p.tier}))
    if file.sales:
        lines.append(Message(N_("Purchases:")))
    lines += [Message(N_("  {order_no}  {state}  purchase {seq}  {volume} m³  {amount} yuan  "
                         "receipt {receipt}"),
                      {"order_no": s.order_no, "state": s.state.label, "seq": s.purchase_seq,
                       "volume": s.volume, "amount": s.amount, "receipt": s.receipt_no or "—"})
              for s in file.sales]
    if file.meter_reports:
        lines.append(Message(N_("Meter reports:")))
    lines += [Message(N_("  {when}  meter {meter_no}  purchase {seq} loaded, {remaining} m³ "
                         "left, {used} m³ used in all"),
                      {"when": r.read_at.astimezone(timezone).strftime("%Y-%m-%d %H:%M"),
                       "meter_no": r.meter_no, "seq": r.report.meter_seq,
                       "remaining": r.report.remaining, "used": r.report.cumulative_use})
              for r in file.meter_reports]
    if file.events:
        lines.append(Message(N_("Events:")))
    lines += [Message(N_("  {when}  {action}  {actor}"),
                      {"when": e.at.astimezone(timezone).strftime("%Y-%m-%d %H:%M"),
                       "action": e.action.label, "actor": e.actor or "—"})
              for e in file.events]
    return lines
