"""Pure layouts: facts in, a :class:`Document` out — the sale receipt, its reprints, the void
slip, the card slip, the first-use guidance and the printer's test page (docs/design.md
"Receipts").

Every printout carries the hotline and the complaint line; personal data is masked; volumes
are written "立方米" (the superscript ³ is missing from many printers' fonts).
"""

from __future__ import annotations

from datetime import datetime

from pos.domain.messages import N_, tr
from receipts.document import (
    QR,
    Align,
    Block,
    Columns,
    Cut,
    Document,
    DocumentKind,
    Feed,
    Image,
    Rule,
    Text,
)
from receipts.facts import CardSlipFacts, Letterhead, PaidLine, SaleReceiptFacts, VoidFacts

CHANNELS = {"cash": N_("cash"), "unionpay": N_("bank card"), "wechat": N_("WeChat Pay"),
            "alipay": N_("Alipay"), "rounding": N_("cash rounding")}


def sale_receipt(facts: SaleReceiptFacts, language: str = "zh_CN") -> Document:
    def t(msgid: str, **params: object) -> str:
        return tr(msgid, language, **params)

    title = t(N_("Meter change gas credit") if facts.meter_credit else N_("Gas payment receipt"))
    blocks: list[Block] = [*_head(facts.head, title),
                           Columns(t(N_("Receipt no.")),
                                   f"{facts.head.counter_no}-{facts.receipt_no:06d}", bold=True),
                           Columns(t(N_("Order no.")), facts.order_no),
                           Columns(t(N_("Time")), _when(facts.at)),
                           *_booked_late(facts.booked_to, language),
                           Columns(t(N_("Clerk no.")), facts.staff_no),
                           Rule(),
                           Columns(t(N_("Account")), facts.account_no),
                           Columns(t(N_("Name")), facts.masked_name),
                           Columns(t(N_("Meter")), facts.meter_no),
                           Columns(t(N_("Card")), facts.card_no),
                           Columns(t(N_("Purchase no.")), str(facts.purchase_seq)),
                           Rule(),
                           Columns(t(N_("Volume")), _m3(facts.volume, language), bold=True)]
    for part in facts.parts:
        blocks.append(Columns(t(N_("tier {n}"), n=part.tier),
                              f"{_m3(part.volume, language)}×{part.unit_price}={part.amount}"))
    blocks += [Columns(t(N_("Amount (yuan)")), f"￥{facts.amount}", bold=True)]
    blocks += [Columns(_channel(p, language), p.amount) for p in facts.payments]
    if facts.tendered is not None:
        blocks.append(Columns(t(N_("Cash handed over")), facts.tendered))
    if facts.change is not None:
        blocks.append(Columns(t(N_("Change")), facts.change))
    blocks.append(Rule())
    if facts.meter_remaining is not None:
        blocks.append(Columns(t(N_("Gas left in the meter")), _m3(facts.meter_remaining, language)))
    blocks += [Columns(t(N_("Bought this year")), _m3(facts.cycle_bought, language)),
               Columns(t(N_("Current tier")), t(N_("tier {n}"), n=facts.tier)),
               Rule(),
               *_service_lines(facts.head, language),
               *_seal(facts.head, facts.seal_code, facts.qr, language),
               Text(t(N_("Please insert the card into your gas meter after buying gas.")),
                    Align.CENTER),
               Feed(2), Cut()]
    return Document(DocumentKind.SALE_RECEIPT, tuple(blocks),
                    facts={"order_no": facts.order_no, "receipt_no": facts.receipt_no,
                           "seal_code": facts.seal_code})


def _booked_late(booked_to: str | None, language: str) -> list[Block]:
    """Sold after the day's close (日清): the receipt names the business day it belongs to."""
    if booked_to is None:
        return []
    return [Columns(tr(N_("Business day"), language), booked_to, bold=True),
            Text(tr(N_("(sold after the day's close: booked to the next business day)"),
                    language))]


def reprint(document: Document, count: int, language: str = "zh_CN") -> Document:
    """The same document, marked 补打 with its count, so it never passes as a second original."""
    label = tr(N_("REPRINT (no. {n})"), language, n=count)
    mark = Text(label, Align.CENTER, bold=True, size=2)
    blocks = list(document.blocks)
    blocks.insert(2, mark)
    blocks.insert(len(blocks) - 2, mark)
    return Document(document.kind, tuple(blocks), label, document.facts)


def void_slip(facts: VoidFacts, language: str = "zh_CN") -> Document:
    def t(msgid: str, **params: object) -> str:
        return tr(msgid, language, **params)

    blocks: list[Block] = [
        *_head(facts.head, t(N_("Reversal slip"))),
        Columns(t(N_("Time")), _when(facts.at)),
        Columns(t(N_("Order no.")), facts.order_no),
        Columns(t(N_("Original receipt")), "—" if facts.receipt_no is None
                else f"{facts.original_counter}-{facts.receipt_no:06d}"),
        Columns(t(N_("Account")), facts.account_no),
        Columns(t(N_("Name")), facts.masked_name),
        Columns(t(N_("Card")), facts.card_no or "—"),
        Columns(t(N_("Volume taken off the card")), _m3(facts.volume, language)),
        *[Columns(t(N_("Refunded: {channel}"), channel=_channel(r, language)), r.amount)
          for r in facts.refunds],
        Columns(t(N_("Reason")), facts.reason),
        Columns(t(N_("Clerk no.")), facts.staff_no),
        Columns(t(N_("Approved by")), facts.approver_no),
        Rule(), *_service_lines(facts.head, language), Feed(2), Cut(),
    ]
    return Document(DocumentKind.VOID_SLIP, tuple(blocks), facts={"order_no": facts.order_no})


def card_slip(facts: CardSlipFacts, language: str = "zh_CN") -> Document:
    def t(msgid: str, **params: object) -> str:
        return tr(msgid, language, **params)

    title = t(N_("Replacement card slip")) if facts.replaced else t(N_("Card issue slip"))
    blocks: list[Block] = [
        *_head(facts.head, title),
        Columns(t(N_("Time")), _when(facts.at)),
        Columns(t(N_("Account")), facts.account_no),
        Columns(t(N_("Name")), facts.masked_name),
        Columns(t(N_("Card")), facts.card_no),
        Columns(t(N_("Meter")), facts.meter_no),
        Columns(t(N_("Purchase no.")), str(facts.purchase_seq)),
        Columns(t(N_("Bought in all")), _m3(facts.cumulative, language)),
    ]
    if facts.replaced:
        blocks.append(Columns(t(N_("Replaces card")), facts.replaced))
    if facts.carried != "0.00":
        blocks.append(Columns(t(N_("Carries again for the meter")), _m3(facts.carried, language)))
    if facts.fee:
        blocks.append(Columns(t(N_("Fee (cash)")), facts.fee))
    blocks += [Columns(t(N_("Clerk no.")), facts.staff_no), Rule(),
               *_service_lines(facts.head, language), Feed(2), Cut()]
    return Document(DocumentKind.CARD_SLIP, tuple(blocks), facts={"card_no": facts.card_no})


def first_use_guidance(head: Letterhead, text: str, language: str = "zh_CN") -> Document:
    """The first-use pack (docs/design.md "The counter sale", step 6) from the company's
    editable text: ``# `` lines are headings, blank lines separate paragraphs."""
    blocks: list[Block] = [*_head(head, tr(N_("Gas card first-use guide"), language))]
    for line in text.strip().splitlines():
        if line.startswith("# "):
            blocks += [Feed(), Text(line[2:].strip(), bold=True)]
        elif line.strip():
            blocks.append(Text(line.strip()))
    blocks += [Rule(), *_service_lines(head, language), Feed(2), Cut()]
    return Document(DocumentKind.FIRST_USE, tuple(blocks))


def printer_test_page(head: Letterhead, printer: str, at: datetime,
                      language: str = "zh_CN") -> Document:
    blocks: list[Block] = [
        *_head(head, tr(N_("Printer test page"), language)),
        Text(printer, Align.CENTER), Text("1234567890" * 5), Rule("="),
        Text("燃气IC卡售气 ￥1288.00 立方米 ，。：；（）"),
        Text("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
        Text(tr(N_("Double size"), language), Align.CENTER, bold=True, size=2),
        QR("GP1|TEST"), Text(_when(at), Align.CENTER), Feed(2), Cut(),
    ]
    return Document(DocumentKind.TEST_PAGE, tuple(blocks))


def _head(head: Letterhead, title: str) -> list[Block]:
    return [Text(head.company, Align.CENTER, bold=True), Text(title, Align.CENTER, True, 2),
            Text(f"{head.hall} {head.counter_name}", Align.CENTER), Rule()]


def _service_lines(head: Letterhead, language: str) -> list[Block]:
    return [Columns(tr(N_("Service hotline (24 h)"), language), head.hotline),
            Columns(tr(N_("Complaints"), language), head.complaint_line)]


def _seal(head: Letterhead, code: str, qr: str, language: str) -> list[Block]:
    blocks: list[Block] = []
    if head.seal_image:
        blocks.append(Image(head.seal_image))
    blocks += [Columns(tr(N_("Verification code"), language), code, bold=True), QR(qr)]
    return blocks


def _m3(volume: str, language: str) -> str:
    return tr(N_("{volume} m³"), language, volume=volume)


def _channel(line: PaidLine, language: str) -> str:
    return tr(CHANNELS.get(line.channel, line.channel), language)


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S")
