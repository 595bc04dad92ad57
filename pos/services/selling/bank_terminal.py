"""A bank card charged through an integrated terminal (docs/payments.md "At the counter").

Without one, the clerk charges at the standalone terminal and types its slip's reference,
terminal and voucher numbers into the payment dialog.  With one ([terminal] kind), the dialog
asks :func:`charge_at_terminal` for the amount and fills those three from the answer — the sale
then takes them as it takes typed ones (selling.payments: a bank-card tender is confirmed by its
slip).  As with a standalone terminal, the card is charged before the sale starts: a sale that
then fails gives the money back where it was taken (refund at the terminal).
"""

from __future__ import annotations

import logging

from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.card_terminal import TerminalAnswer
from pos.domain.sale.record import PaymentState
from pos.domain.staff import Operator, Permission
from pos.services.core.auth import authorize
from pos.services.core.context import Services

log = logging.getLogger(__name__)


def has_terminal(svc: Services) -> bool:
    return svc.terminal is not None


def charge_at_terminal(svc: Services, operator: Operator, amount: Money) -> TerminalAnswer:
    """Charge ``amount`` at the terminal: its slip's numbers, or Refused (declined — nothing
    taken — or no answer: the clerk reads the terminal's own display)."""
    authorize(svc, operator, Permission.SELL, "terminal")
    if svc.terminal is None:
        raise Refused("terminal.none", N_("No bank-card terminal is connected to this counter: "
                                          "type the reference from the terminal's slip."))
    order_no = f"T{svc.settings.counter_no}{svc.clock.now():%Y%m%d%H%M%S%f}"
    answer = svc.terminal.charge(amount, order_no)
    log.info("terminal charge %s of %s: %s %s", order_no, amount, answer.state, answer.detail)
    if answer.state is PaymentState.CONFIRMED and answer.reference:
        return answer
    if answer.state is PaymentState.DECLINED:
        raise Refused("terminal.declined",
                      N_("The terminal declined the card ({detail}): nothing was taken. Ask "
                         "for another card or another way to pay."), detail=answer.detail)
    raise Refused("terminal.no_answer",
                  N_("The terminal gave no clear answer ({detail}). Look at the terminal: if "
                     "it printed an approved slip, type its reference, terminal and voucher "
                     "numbers; otherwise charge again."), detail=answer.detail or "-")
