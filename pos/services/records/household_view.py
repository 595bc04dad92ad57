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
    if file.events:
        lines.append(Message(N_("Events:")))
    lines += [Message(N_("  {when}  {action}  {actor}"),
                      {"when": e.at.astimezone(timezone).strftime("%Y-%m-%d %H:%M"),
                       "action": e.action.label, "actor": e.actor or "—"})
              for e in file.events]
    return lines
