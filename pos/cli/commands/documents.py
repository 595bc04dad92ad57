"""JSON documents the commands print (docs/cli.md lists every key)."""

from __future__ import annotations

from pos.domain.printing import PrintJob
from pos.domain.sale.record import SaleRecord
from pos.services.printing.receipt_check import Verdict


def sale_document(sale: SaleRecord) -> dict[str, object]:
    return {
        "no": sale.order_no, "kind": sale.kind.value, "state": sale.state.value,
        "account_no": sale.account_no, "card_no": sale.card_no, "meter_no": sale.meter_no,
        "purchase_seq": sale.purchase_seq, "volume": str(sale.volume),
        "amount": str(sale.amount), "channel": sale.channel,
        "payments": [{"channel": p.channel.value, "amount": str(p.amount), "ref": p.provider_ref,
                      "state": p.state, "terminal": p.terminal, "voucher": p.voucher}
                     for p in sale.payments],
        "parts": [{"tier": p.tier, "volume": str(p.volume), "unit_price": str(p.unit_price),
                   "amount": str(p.amount)} for p in sale.parts],
        "receipt_no": sale.receipt_no, "counter_no": sale.counter_no, "seal_code": sale.seal_code,
        "business_date": sale.business_date.isoformat() if sale.business_date else None,
        "staff_no": sale.staff_no, "first_use": sale.first_use,
        "cumulative_after": str(sale.cumulative_after),
        "created_at": sale.created_at.isoformat() if sale.created_at else None,
        "completed_at": sale.completed_at.isoformat() if sale.completed_at else None,
        "override_by": sale.override_by,
    }


def verdict_document(verdict: Verdict, language: str) -> dict[str, object]:
    facts = verdict.sealed
    return {
        "genuine": verdict.genuine, "code": verdict.code, "message": verdict.why.render(language),
        "order_no": verdict.sale.order_no if verdict.sale else None,
        "state": verdict.sale.state.value if verdict.sale else None,
        "ledger": None if facts is None else {
            "counter_no": facts.counter_no, "receipt_no": facts.receipt_no,
            "at": facts.at.isoformat(), "account_no": facts.account_no,
            "card_no": facts.card_no, "purchase_seq": facts.purchase_seq,
            "volume": facts.volume, "amount": facts.amount, "channel": facts.channel},
    }


def print_job_document(job: PrintJob) -> dict[str, object]:
    return {"id": job.id, "kind": job.kind, "order_no": job.order_no, "state": job.state.value,
            "attempts": job.attempts, "reprint_no": job.reprint_no, "uncertain": job.uncertain,
            "created_at": job.created_at.isoformat(), "last_error": job.last_error}
