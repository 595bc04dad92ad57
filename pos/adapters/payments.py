"""Payment providers: a manual one (the clerk confirms what the merchant app shows) and a
simulated one for demos and tests.

The simulated provider keeps its orders in a JSON file (under a file lock), so a later process
can ask what really happened.  The customer's payment code decides the outcome, as sandbox test
codes do (docs/payments.md):

* ending in ``0000`` — declined (insufficient funds);
* ending in ``9999`` — the charge times out, but the provider did take the money;
* ending in ``8888`` — the charge times out and the payment never completes;
* anything else — paid.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState

PAID, CLOSED = "paid", "closed"


class ManualProvider:
    """No online integration: the clerk enters the transaction id the merchant app shows, and
    confirms refunds there too."""

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, payment_code)

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.UNKNOWN, detail="ask the merchant app")

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, detail="cancel it in the merchant app")

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, refund_no)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        return ProviderAnswer(PaymentState.CONFIRMED, refund_no)


class SimulatedProvider:
    def __init__(self, path: Path) -> None:
        self._path = path

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        with self._orders() as orders:
            if order_no in orders:  # the same order again: the provider answers as before
                return _answer(orders[order_no])
            outcome = PAID
            if payment_code.endswith("0000"):
                return ProviderAnswer(PaymentState.DECLINED, detail="insufficient funds")
            if payment_code.endswith("8888"):
                outcome = CLOSED
            orders[order_no] = {"channel": channel.value, "amount": amount.fen,
                                "state": outcome, "txn": _txn(channel, order_no), "refunds": {}}
            if payment_code.endswith(("9999", "8888")):
                return ProviderAnswer(PaymentState.UNKNOWN, detail="timed out")
            return _answer(orders[order_no])

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        with self._orders() as orders:
            order = orders.get(order_no)
            if order is None:
                return ProviderAnswer(PaymentState.DECLINED, detail="no such order")
            return _answer(order)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        with self._orders() as orders:
            order = orders.get(order_no)
            if order is None or order["state"] != PAID:
                return ProviderAnswer(PaymentState.DECLINED, detail="nothing to refund")
            refunded = sum(order["refunds"].values()) - order["refunds"].get(refund_no, 0)
            if refunded + amount.fen > order["amount"]:
                return ProviderAnswer(PaymentState.DECLINED, detail="refund exceeds payment")
            order["refunds"][refund_no] = amount.fen
            return ProviderAnswer(PaymentState.CONFIRMED, refund_no)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        with self._orders() as orders:
            order = orders.get(order_no)
            if order is not None:  # paid or not, the order ends closed and nothing is kept
                order["state"] = CLOSED
            return ProviderAnswer(PaymentState.CONFIRMED, detail="reversed")

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        with self._orders() as orders:
            order = orders.get(order_no)
            if order is None or refund_no not in order["refunds"]:
                return ProviderAnswer(PaymentState.DECLINED, detail="no such refund")
            return ProviderAnswer(PaymentState.CONFIRMED, refund_no)

    @contextmanager
    def _orders(self) -> Iterator[dict[str, Any]]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._path.with_suffix(".lock").open("w") as lock:
            _lock(lock.fileno())
            orders = json.loads(self._path.read_text("utf-8")) if self._path.exists() else {}
            yield orders
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(orders, indent=1), encoding="utf-8")
            temporary.replace(self._path)


def _answer(order: dict[str, Any]) -> ProviderAnswer:
    if order["state"] == PAID:
        return ProviderAnswer(PaymentState.CONFIRMED, order["txn"])
    return ProviderAnswer(PaymentState.DECLINED, detail="the customer never completed it")


def _txn(channel: Channel, order_no: str) -> str:
    digits = str(int(hashlib.sha256(order_no.encode()).hexdigest(), 16))[:18]
    return ("4200002" if channel is Channel.WECHAT else "2026") + digits


def _lock(descriptor: int) -> None:
    """An exclusive lock until the file closes (two counters' processes share the file)."""
    try:
        import fcntl
    except ImportError:  # Windows: the demo runs one counter process there
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)
