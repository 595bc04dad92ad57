"""A sale's state moved in the ledger, and the refusal of a second sale, card or restore while an
account has one unfinished (docs/selling.md: one unfinished sale per account)."""

from __future__ import annotations

from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.sale.record import SaleState, advance_sale
from pos.services.core.context import Services
from pos.services.ports import UnitOfWork


def move_sale(svc: Services, order_no: str, state: SaleState) -> None:
    """Move a sale to ``state`` in its own transaction (refused if the state machine forbids)."""
    with svc.uow(write=True) as uow:
        sale = uow.sales.get(order_no)
        assert sale is not None
        advance_sale(sale.state, state, order_no)
        uow.sales.set_state(order_no, state, was=sale.state, at=svc.clock.now())
        uow.commit()


def refuse_if_busy(uow: UnitOfWork, account_no: str, *, suspended_ok: bool = False) -> None:
    """Refuse while the account has an unfinished sale (a suspended one too, unless
    ``suspended_ok``: it waits on the customer, not on the card)."""
    unfinished = uow.sales.unfinished(account_no)
    if unfinished is None or (suspended_ok and unfinished.state is SaleState.SUSPENDED):
        return
    raise Refused("account.busy",
                  N_("Account {account_no} has unfinished sale {order_no} ({state}): "
                     "finish that first."), account_no=account_no,
                  order_no=unfinished.order_no, state=unfinished.state.label)
