"""Every sale and its payments against the journal entries that name it (``ledger verify``).

The sales table changes as a sale moves on (its state, its receipt number); the journal never
does.  So the journal is the witness: a sale row deleted behind the guards' back leaves entries
naming nothing; an amount, a volume or a state changed disagrees with the money and gas the
journal moved for it; a payment changed or removed disagrees with the advance receipts.

Per sale, from its entries (history-import entries are left out unless they are an imported
sale's advance receipt and sale, marked ``"history": 2``: an import before sales became rows
marked its entries ``1``, and a refund from the history is never part of a sale's sums):

* **held** — advance receipts, their refunds and booked cash rounding, less what became a sale
  (a sale's amount) or came back from one (a reversal); an overpayment's adjustment in and its
  refund out net to nothing and are left out, as are corrections (adjustments) naming the sale;
* **earned** and **volume** — sale and reversal entries (meter credits: volume only);
* **advance** — the advance receipts alone, which must equal the sale's confirmed payments.

An imported sale (docs/history-import.md) must show what the previous system completed: its
amount earned, its volume, its payments as advance receipts, and its receipt number if it
had one — whether it stands completed or, refunded in the history, voided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos.domain.journal import EntryKind, JournalEntry
from pos.domain.messages import N_, Message
from pos.domain.sale.record import SaleState

_HELD = (EntryKind.ADVANCE_RECEIPT, EntryKind.REFUND, EntryKind.ROUNDING)
_EARNED = (EntryKind.SALE, EntryKind.REVERSAL)
_PAID_STATES = (SaleState.PENDING, SaleState.COMPLETED, SaleState.SUSPENDED, SaleState.VOIDED,
                SaleState.REFUNDED)


@dataclass
class SaleSums:
    """What the journal says of one sale."""

    held: int = 0
    earned: int = 0
    volume: int = 0
    advance: int = 0
    receipt_nos: list[int] = field(default_factory=list)

    def add(self, entry: JournalEntry) -> None:
        if entry.details.get("overpayment"):
            return
        if entry.kind in _HELD:
            self.held += entry.amount.fen
            if entry.kind is EntryKind.ADVANCE_RECEIPT:
                self.advance += entry.amount.fen
        elif entry.kind in _EARNED:
            self.held -= entry.amount.fen
            self.earned += entry.amount.fen
            self.volume += entry.volume.hundredths
        elif entry.kind is EntryKind.METER_CREDIT:
            self.volume += entry.volume.hundredths
        receipt = entry.details.get("receipt_no")
        if entry.kind in (EntryKind.SALE, EntryKind.METER_CREDIT) and isinstance(receipt, int):
            self.receipt_nos.append(receipt)


HISTORY_JOURNAL_ONLY = 1  # an imported refund or over/short; or a sale imported without a row
HISTORY_SALE_ROW = 2  # an imported sale's advance receipt and sale: the sale is a row


def counts_for_sale(entry: JournalEntry) -> bool:
    """Entries that belong to a sale row."""
    return entry.sale_no is not None and entry.details.get("history") in (None, HISTORY_SALE_ROW)


@dataclass(frozen=True)
class SaleFacts:
    """What the sales table says of one sale, with its payments."""

    order_no: str
    state: SaleState
    amount_fen: int
    volume_hundredths: int
    receipt_no: int | None
    paid_fen: int  # Σ payments confirmed, or confirmed and since refunded
    imported: bool = False  # a past sale from ``gaspos import history``


@dataclass(frozen=True)
class SaleProblem:
    order_no: str
    code: str
    message: Message


def sale_problems(sale: SaleFacts, sums: SaleSums | None) -> list[SaleProblem]:
    found = sums or SaleSums()
    holds = sale.state in (SaleState.PENDING, SaleState.SUSPENDED)
    # an imported sale refunded in the history is voided, its history entries unchanged
    done = sale.state is SaleState.COMPLETED or (sale.imported and sale.state is SaleState.VOIDED)
    expected = (sale.amount_fen if holds else 0, sale.amount_fen if done else 0,
                sale.volume_hundredths if done else 0)
    problems: list[SaleProblem] = []

    def problem(code: str, msgid: str) -> None:
        problems.append(SaleProblem(sale.order_no, code, Message(msgid, {
            "order_no": sale.order_no, "state": sale.state.label})))

    if (found.held, found.earned, found.volume) != expected:
        problem("sale.journal_disagrees", N_(
            "Sale {order_no} ({state}): its amount, volume or state no longer agrees with the "
            "money and gas the journal moved for it."))
    paid = sale.paid_fen if sale.state in _PAID_STATES else 0
    if found.advance != paid:
        problem("sale.payments_disagree", N_(
            "Sale {order_no}: its payments no longer agree with the advance receipts the "
            "journal holds for it."))
    receipts = [] if sale.imported and sale.receipt_no is None else [sale.receipt_no]
    if done and found.receipt_nos[-1:] != receipts:
        problem("sale.receipt_disagrees", N_(
            "Sale {order_no}: its receipt number is not the one the journal recorded when it "
            "completed."))
    return problems


def missing_sale(order_no: str) -> SaleProblem:
    return SaleProblem(order_no, "sale.missing", Message(N_(
        "The journal names sale {order_no}, which is no longer in the sales table."),
        {"order_no": order_no}))
