"""``receipt verify``: is this receipt one we printed, and does it say what the ledger says?

Two ways in: the QR text (which carries the sealed facts and the code) or the code as printed
(with, optionally, the amount or volume printed beside it).  Either way the answer compares
three things — the printed facts, the seal over them, and the ledger — so a forged code, a real
code on altered facts, and a real receipt whose amount was changed all come out not genuine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import SaleRecord, SaleState
from pos.services.core.context import Services
from pos.services.printing import documents
from receipts.seal import SealedFacts, genuine, normalise_code, parse_qr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    why: Message
    code: str
    sale: SaleRecord | None = None  # the ledger's sale, when the receipt points at one
    sealed: SealedFacts | None = None  # the facts the ledger seals for it


def verify(svc: Services, text: str, *, amount: Money | None = None,
           volume: Volume | None = None) -> Verdict:
    if text.strip().upper().startswith("GP1|"):
        return _verify_qr(svc, text, amount, volume)
    return _verify_code(svc, normalise_code(text), amount, volume)


def _verify_qr(svc: Services, text: str, amount: Money | None, volume: Volume | None
               ) -> Verdict:
    printed, code = parse_qr(text)
    key = svc.keys.load().seal_key
    if not genuine(key, printed, code):
        return Verdict(False, Message(N_("The code does not match the facts in the QR: the "
                                         "receipt was altered or forged.")), code)
    with svc.uow() as uow:
        sale = uow.sales.by_receipt(printed.counter_no, printed.receipt_no)
    if sale is None:
        return Verdict(False, Message(N_("The seal is right but the ledger has no receipt "
                                         "{counter}-{receipt_no}: not one of ours."),
                                      {"counter": printed.counter_no,
                                       "receipt_no": f"{printed.receipt_no:06d}"}), code)
    ledger = documents.sealed_facts(svc, sale)
    if ledger != printed or sale.seal_code != code:
        log.error("receipt %s: sealed facts %s differ from the ledger's %s", code, printed, ledger)
        return Verdict(False, Message(N_("The receipt's facts differ from the ledger's: not "
                                         "genuine.")), code, sale, ledger)
    return _as_printed(sale, ledger, code, amount, volume)


def _verify_code(svc: Services, code: str, amount: Money | None,
                 volume: Volume | None) -> Verdict:
    with svc.uow() as uow:
        sale = uow.sales.by_seal(code)
    if sale is None:
        return Verdict(False, Message(N_("No receipt of ours has the code {code}: not genuine."),
                                      {"code": code}), code)
    ledger = documents.sealed_facts(svc, sale)
    if not genuine(svc.keys.load().seal_key, ledger, code):
        log.error("receipt %s: the ledger's facts of sale %s no longer match its seal", code,
                  sale.order_no)
        return Verdict(False, Message(N_("The ledger's record of this receipt no longer matches "
                                         "its seal: report it to the supervisor.")),
                       code, sale, ledger)
    return _as_printed(sale, ledger, code, amount, volume)


def _as_printed(sale: SaleRecord, ledger: SealedFacts, code: str, amount: Money | None,
                volume: Volume | None) -> Verdict:
    """The amount and volume printed beside the code, when given, must be the ledger's."""
    if amount is not None and amount != sale.amount:
        return Verdict(False, Message(N_("The printed amount {printed} is not the receipt's "
                                         "amount {amount}: the receipt was altered."),
                                      {"printed": amount, "amount": sale.amount}),
                       code, sale, ledger)
    if volume is not None and volume != sale.volume:
        return Verdict(False, Message(N_("The printed volume {printed} m³ is not the receipt's "
                                         "{volume} m³: the receipt was altered."),
                                      {"printed": volume, "volume": sale.volume}),
                       code, sale, ledger)
    return _genuine(sale, ledger, code)


def _genuine(sale: SaleRecord, ledger: SealedFacts, code: str) -> Verdict:
    if sale.state is SaleState.VOIDED:
        why = Message(N_("Genuine receipt, but sale {order_no} was voided (冲正) since: it no "
                         "longer stands for gas bought."), {"order_no": sale.order_no})
    else:
        why = Message(N_("Genuine: compare the printed facts with these from the ledger."))
    return Verdict(True, why, code, sale, ledger)
