"""Payment providers: a manual one (the clerk confirms what the merchant app shows), a
simulated one for demos and tests, and the composite that gives each channel its own
(``[payments] wechat`` / ``alipay``: manual, simulated or live — docs/payments.md).

The simulated provider keeps its orders in a JSON file (under a file lock), so a later process
can ask what really happened.  The customer's payment code decides the outcome, as sandbox test
codes do (docs/payments.md), unless a test scripted the order (:meth:`SimulatedProvider.script`):

* ending in ``0000`` — declined (insufficient balance);
* ending in ``1111`` — the customer is entering a PIN (USERPAYING) for a few queries, then paid;
* ending in ``2222`` — a system error on the charge, but it was paid;
* ending in ``9999`` — the charge's answer is lost, but the provider did take the money;
* ending in ``8888`` — the customer never finishes paying (until the order is reversed);
* ending in ``7777`` — still paying; the first reverse is refused ("still paying"), then works;
* anything else — paid.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.domain.sale.payments import ProviderAnswer
from pos.domain.sale.record import Channel, PaymentState
from pos.services.ports import BillSource, PaymentProvider

PAID, PAYING, CLOSED = "paid", "paying", "closed"
# the sandboxes' test codes: how a code's last four digits make an order behave
ENDINGS = (("0000", "declined"), ("1111", "paying"), ("2222", "error_then_paid"),
           ("9999", "lost"), ("8888", "paying_forever"), ("7777", "reverse_refused"))
BEHAVIOURS = ("paid", *(b for _, b in ENDINGS), "refund_processing")


class ChannelProviders:
    """One provider per channel behind the one payment port: each question goes to the
    provider of its channel."""

    def __init__(self, providers: Mapping[Channel, PaymentProvider]) -> None:
        self._providers = dict(providers)

    def provider(self, channel: Channel) -> PaymentProvider:
        found = self._providers.get(channel)
        if found is None:
            raise Refused("payment.no_provider",
                          N_("No payment provider is set up for {channel} (docs/payments.md)."),
                          channel=channel.label)
        return found

    def ready(self, *, channel: Channel) -> None:
        self.provider(channel).ready(channel=channel)

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        return self.provider(channel).charge(channel=channel, order_no=order_no,
                                             amount=amount, payment_code=payment_code)

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return self.provider(channel).query(channel=channel, order_no=order_no)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return self.provider(channel).reverse(channel=channel, order_no=order_no)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        return self.provider(channel).refund(channel=channel, order_no=order_no,
                                             refund_no=refund_no, amount=amount)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        return self.provider(channel).refund_query(channel=channel, order_no=order_no,
                                                   refund_no=refund_no)


class Deferred:
    """A provider built when first asked (a live plug-in needs the key file, which a command
    that takes no payment must not need)."""

    def __init__(self, build: Callable[[], PaymentProvider]) -> None:
        self._build = build
        self._built: PaymentProvider | None = None

    def _provider(self) -> PaymentProvider:
        if self._built is None:
            self._built = self._build()
        return self._built

    def ready(self, *, channel: Channel) -> None:
        """Builds the provider now: an incomplete merchant is refused before anything is
        recorded."""
        self._provider().ready(channel=channel)

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        return self._provider().charge(channel=channel, order_no=order_no, amount=amount,
                                       payment_code=payment_code)

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return self._provider().query(channel=channel, order_no=order_no)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        return self._provider().reverse(channel=channel, order_no=order_no)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        return self._provider().refund(channel=channel, order_no=order_no,
                                       refund_no=refund_no, amount=amount)

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        return self._provider().refund_query(channel=channel, order_no=order_no,
                                             refund_no=refund_no)


class ChannelBills:
    """The bill source of each channel that has one (a live plug-in, or the simulator's),
    each built when first asked."""

    def __init__(self, sources: Mapping[Channel, Callable[[], BillSource]]) -> None:
        self._factories = dict(sources)
        self._sources: dict[Channel, BillSource] = {}

    def bill(self, channel: Channel, day: date) -> tuple[str, bytes]:
        source = self._sources.get(channel)
        if source is None and channel in self._factories:
            source = self._sources[channel] = self._factories[channel]()
        if source is None:
            raise Refused("statements.no_bill_source",
                          N_("{channel} bills cannot be fetched here: its provider is not "
                             "set to the live API in the settings (docs/payments.md)."),
                          channel=channel.label)
        return source.bill(channel, day)


class ManualProvider:
    """No online integration: the clerk enters the transaction id the merchant app shows, and
    confirms refunds there too."""

    def ready(self, *, channel: Channel) -> None:
        """Nothing to set up: always ready."""

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
    """A provider in a JSON file: demos, training and the in-process tests of the flow."""

    def __init__(self, path: Path, *, paying_queries: int = 4) -> None:
        self._path = path
        self._paying_queries = paying_queries  # ``…1111``: queries until the customer is done

    def script(self, key: str, behaviour: str, count: int = 1) -> None:
        """Make the order ``key`` (its order number, or the payment code) behave so, as the
        sandboxes' test codes do: ``declined``, ``paying`` (``count`` queries, then paid),
        ``error_then_paid``, ``lost``, ``paying_forever``, ``reverse_refused`` (``count``
        reverses answered "still paying", then ok) or ``refund_processing`` (``count`` refund
        queries answered "processing", then refunded)."""
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r} (known: {', '.join(BEHAVIOURS)})")
        with self._state() as state:
            state["scripts"][key] = {"behaviour": behaviour, "count": count}

    def ready(self, *, channel: Channel) -> None:
        """Nothing to set up: always ready."""

    def charge(self, *, channel: Channel, order_no: str, amount: Money,
               payment_code: str) -> ProviderAnswer:
        with self._state() as state:
            orders = state["orders"]
            if order_no in orders:  # the same order again: the provider answers as before
                return _answer(orders[order_no])
            behaviour, count = self._behaviour(state, order_no, payment_code)
            if behaviour == "declined":
                return ProviderAnswer(PaymentState.DECLINED, detail="insufficient balance")
            order: dict[str, Any] = {
                "channel": channel.value, "amount": amount.fen, "state": PAID,
                "txn": _txn(channel, order_no), "refunds": {}, "queries_left": None,
                "reverse_refusals": 0, "pending_refunds": {}}
            orders[order_no] = order
            if behaviour in ("paying", "paying_forever", "reverse_refused"):
                order["state"] = PAYING
                order["queries_left"] = count if behaviour == "paying" else None
                order["reverse_refusals"] = count if behaviour == "reverse_refused" else 0
                return ProviderAnswer(PaymentState.UNKNOWN, detail="USERPAYING", waiting=True)
            if behaviour == "error_then_paid":
                return ProviderAnswer(PaymentState.UNKNOWN, detail="SYSTEMERROR")
            if behaviour == "lost":
                return ProviderAnswer(PaymentState.UNKNOWN, detail="timed out")
            return _answer(order)

    def query(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        with self._state() as state:
            order = state["orders"].get(order_no)
            if order is None:
                return ProviderAnswer(PaymentState.DECLINED, detail="no such order")
            if order["state"] == PAYING and order["queries_left"] is not None:
                order["queries_left"] -= 1
                if order["queries_left"] <= 0:
                    order["state"] = PAID
            return _answer(order)

    def refund(self, *, channel: Channel, order_no: str, refund_no: str,
               amount: Money) -> ProviderAnswer:
        with self._state() as state:
            order = state["orders"].get(order_no)
            if order is None or order["state"] != PAID:
                return ProviderAnswer(PaymentState.DECLINED, detail="nothing to refund")
            if refund_no in order["refunds"]:  # the same refund again: answered as before
                return _refund_answer(order, refund_no)
            if sum(order["refunds"].values()) + amount.fen > order["amount"]:
                return ProviderAnswer(PaymentState.DECLINED, detail="refund exceeds payment")
            order["refunds"][refund_no] = amount.fen
            scripted = state["scripts"].get(order_no, {})
            if scripted.get("behaviour") == "refund_processing":
                order.setdefault("pending_refunds", {})[refund_no] = scripted["count"]
            return _refund_answer(order, refund_no)

    def reverse(self, *, channel: Channel, order_no: str) -> ProviderAnswer:
        with self._state() as state:
            order = state["orders"].get(order_no)
            if order is not None and order["state"] == PAYING and order.get("reverse_refusals"):
                order["reverse_refusals"] -= 1
                return ProviderAnswer(PaymentState.UNKNOWN, detail="USERPAYING", waiting=True)
            if order is not None:  # paid or not, the order ends closed and nothing is kept
                order["state"] = CLOSED
            return ProviderAnswer(PaymentState.CONFIRMED, detail="reversed")

    def refund_query(self, *, channel: Channel, order_no: str,
                     refund_no: str) -> ProviderAnswer:
        with self._state() as state:
            order = state["orders"].get(order_no)
            if order is None or refund_no not in order["refunds"]:
                return ProviderAnswer(PaymentState.DECLINED, detail="no such refund")
            pending = order.setdefault("pending_refunds", {})
            if pending.get(refund_no, 0) > 0:
                pending[refund_no] -= 1
                return ProviderAnswer(PaymentState.UNKNOWN, refund_no, "PROCESSING")
            return ProviderAnswer(PaymentState.CONFIRMED, refund_no)

    def _behaviour(self, state: dict[str, Any], order_no: str, code: str) -> tuple[str, int]:
        scripted = state["scripts"].get(order_no) or state["scripts"].get(code)
        if scripted is not None and scripted["behaviour"] != "refund_processing":
            return str(scripted["behaviour"]), int(scripted["count"])
        behaviour = next((b for ending, b in ENDINGS if code.endswith(ending)), "paid")
        return behaviour, self._paying_queries if behaviour == "paying" else 1

    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._path.with_suffix(".lock").open("w") as lock:
            _lock(lock.fileno())
            data = json.loads(self._path.read_text("utf-8")) if self._path.exists() else {}
            if "orders" not in data:  # a file of an earlier version: only its orders
                data = {"orders": data, "scripts": {}}
            yield data
            temporary = self._path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
            temporary.replace(self._path)


def _refund_answer(order: dict[str, Any], refund_no: str) -> ProviderAnswer:
    if order.get("pending_refunds", {}).get(refund_no, 0) > 0:
        return ProviderAnswer(PaymentState.UNKNOWN, refund_no, "PROCESSING")
    return ProviderAnswer(PaymentState.CONFIRMED, refund_no)


def _answer(order: dict[str, Any]) -> ProviderAnswer:
    if order["state"] == PAID:
        return ProviderAnswer(PaymentState.CONFIRMED, order["txn"])
    if order["state"] == PAYING:
        return ProviderAnswer(PaymentState.UNKNOWN, detail="USERPAYING", waiting=True)
    return ProviderAnswer(PaymentState.DECLINED, detail="closed: the customer never paid")


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
