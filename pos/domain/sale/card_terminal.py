"""An integrated bank-card terminal (the acquirer's POS terminal, 银行卡终端), as a plug-in.

Most halls' terminals stand alone: the clerk keys the amount into the terminal and types the
slip's reference, terminal number and voucher number into the payment dialog.  An integrated
terminal is told the amount by the counter and answers with those three itself.  A plug-in
declares, in its ``pyproject.toml``::

    [project.entry-points."gaspos.card_terminals"]
    acme-pos = "acme_gaspos:AcmeTerminal"

where ``AcmeTerminal(port=..., baudrate=...)`` (settings ``[terminal]``) offers the methods of
:class:`CardTerminal`; ``[terminal] kind = "acme-pos"`` chooses it (docs/payments.md "At the
counter").  A plug-in imports only this module and pos.domain.quantities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pos.domain.quantities import Money
from pos.domain.sale.record import PaymentState


@dataclass(frozen=True)
class TerminalAnswer:
    """What the terminal says of one charge or refund: CONFIRMED with its slip's numbers,
    DECLINED (nothing taken; ``detail`` says why, e.g. the bank's answer), or UNKNOWN (no
    answer: the clerk must look at the terminal's own display and slip before anything else)."""

    state: PaymentState
    reference: str | None = None  # 参考号 (retrieval reference number)
    terminal: str | None = None  # 终端号
    voucher: str | None = None  # 凭证号 (trace number)
    detail: str = ""


class CardTerminal(Protocol):
    def describe(self) -> str:
        """What the terminal is and where (for the devices page and the log)."""
        ...

    def charge(self, amount: Money, order_no: str) -> TerminalAnswer:
        """Take ``amount`` by the card the customer presents at the terminal; ``order_no`` is
        the counter's number for this charge (asking again with it never charges twice)."""
        ...

    def refund(self, amount: Money, order_no: str, reference: str) -> TerminalAnswer:
        """Give back ``amount`` of the charge whose slip says ``reference``."""
        ...
