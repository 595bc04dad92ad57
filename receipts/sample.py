"""A sample of every printout, with made-up facts: for the paper previews in docs/, the
benchmarks and a printer's settings page.  The layouts and the seal are the product's own."""

from __future__ import annotations

from datetime import datetime

from receipts import layouts
from receipts.document import Document
from receipts.facts import (
    CardSlipFacts,
    Letterhead,
    PaidLine,
    PartLine,
    SaleReceiptFacts,
    VoidFacts,
)
from receipts.seal import SealedFacts, qr_payload, seal_code

AT = datetime(2026, 11, 27, 9, 41, 5)  # noqa: DTZ001 - printed local time
DEMO_SEAL_KEY = b"gaspos demo seal key, not real!!"


def documents(guidance: str, seal_image: str | None = None) -> dict[str, Document]:
    """Every layout once, by name; ``guidance`` is the first-use text with its placeholders."""
    head = Letterhead("演示燃气有限公司", "城东营业厅", "03", "3号窗口", "0632-7791579",
                      "0632-7791579", seal_image=seal_image)
    facts = SealedFacts("03", 1042, AT, "370402000001", "IC0000000001", 12, "450.00",
                        "1288.00", "cash")
    code = seal_code(DEMO_SEAL_KEY, facts)
    receipt = layouts.sale_receipt(SaleReceiptFacts(
        head=head, receipt_no=1042, order_no="GS20261127030017", at=AT, staff_no="1001",
        account_no="370402000001", masked_name="张*丰", meter_no="CH00000001",
        card_no="IC0000000001", purchase_seq=12, volume="450.00",
        parts=(PartLine(1, "400.00", "2.80", "1120.00"), PartLine(2, "50.00", "3.36", "168.00")),
        amount="1288.00", payments=(PaidLine("cash", "1288.00"),), tendered="1300.00",
        change="12.00", meter_remaining="36.50", cycle_bought="450.00", tier=2,
        seal_code=code, qr=qr_payload(facts, code)))
    plain = Letterhead(*[getattr(head, f) for f in ("company", "hall", "counter_no",
                                                    "counter_name", "hotline",
                                                    "complaint_line")])
    return {
        "sale-receipt": receipt,
        "reprint": layouts.reprint(receipt, 2),
        "void-slip": layouts.void_slip(VoidFacts(
            head=plain, at=AT, staff_no="1001", approver_no="2001", reason="客户买错气量",
            order_no="GS20261127030017", receipt_no=1042, original_counter="03",
            account_no="370402000001", masked_name="张*丰", card_no="IC0000000001",
            volume="450.00", refunds=(PaidLine("cash", "1288.00"),))),
        "card-slip": layouts.card_slip(CardSlipFacts(
            head=plain, at=AT, staff_no="1001", account_no="370402000001",
            masked_name="张*丰", card_no="IC0000000002", meter_no="CH00000001",
            purchase_seq=12, cumulative="5230.00", carried="450.00", replaced="IC0000000001",
            fee="10.00")),
        "first-use-guidance": layouts.first_use_guidance(
            plain, guidance.replace("{company}", plain.company)
            .replace("{hotline}", plain.hotline).replace("{complaint_line}",
                                                         plain.complaint_line)),
        "test-page": layouts.printer_test_page(plain, "tcp:10.0.0.7:9100 (58mm)", AT),
    }
