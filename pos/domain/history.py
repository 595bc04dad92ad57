"""History from a previous system (docs/history-import.md): past sales, refunds, day closes and
deposit slips, read from the documented ``gaspos-history/1`` JSON (docs/history-import.md), or
from the shape of the sample month's ``ledger.json`` (an adapter: its day closes are the hall's,
so they become one counter's days).

Everything is checked before anything is written: a bad document is refused whole, and the
message names the item (``sales[3].amount``) and what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.quantities import Money, Volume

FORMAT = "gaspos-history/1"
CHANNELS = ("cash", "unionpay", "wechat", "alipay")
_SAMPLE_CHANNELS = {"unionpay_card": "unionpay"}


@dataclass(frozen=True)
class PastPayment:
    """A past sale's payment (``amount`` > 0) or a refund (``amount`` < 0)."""

    business_date: date
    at: datetime
    channel: str
    amount: Money
    order_no: str
    fee: Money | None = None  # the institution's fee, where the old system knew it
    provider_ref: str | None = None
    refund_no: str | None = None
    provider_refund_ref: str | None = None
    account_no: str | None = None
    card_no: str | None = None
    volume: Volume = Volume(0)
    staff: str | None = None
    terminal: str | None = None
    voucher: str | None = None
    reason: str | None = None
    receipt_no: int | None = None  # the previous system's receipt number, where it had one

    @property
    def refund(self) -> bool:
        return self.amount.fen < 0


@dataclass(frozen=True)
class PastClose:
    business_date: date
    closed_at: datetime
    opening_float: Money
    counted: Money
    kept_float: Money
    reason: str | None = None  # how an over/short was dealt with


@dataclass(frozen=True)
class PastDeposit:
    slip_no: str
    amount: Money
    deposit_date: date
    business_dates: tuple[date, ...]


@dataclass(frozen=True)
class History:
    counter_no: str | None
    payments: tuple[PastPayment, ...]
    closes: tuple[PastClose, ...]
    deposits: tuple[PastDeposit, ...]

    def days(self) -> list[date]:
        return sorted({c.business_date for c in self.closes})


def read_history(document: object) -> History:
    """The history in ``document`` (parsed JSON): ``gaspos-history/1`` or the sample's shape."""
    if not isinstance(document, Mapping):
        raise BadInput("history.format", N_(
            "This is not a history file: expected a JSON object with \"format\": "
            "\"gaspos-history/1\"."))
    if document.get("format") == FORMAT:
        return _ours(document)
    if "transactions" in document and "day_closes" in document:
        return _sample(document)
    raise BadInput("history.format", N_(
        "This is not a history file: expected a JSON object with \"format\": "
        "\"gaspos-history/1\"."))


def _ours(document: Mapping[str, Any]) -> History:
    counter = document.get("counter")
    payments = [_payment(item, f"sales[{i}]", refund=False)
                for i, item in enumerate(_list(document, "sales"))]
    payments += [_payment(item, f"refunds[{i}]", refund=True)
                 for i, item in enumerate(_list(document, "refunds"))]
    closes = [PastClose(_date(c, "business_date", f"day_closes[{i}]"),
                        _time(c, "closed_at", f"day_closes[{i}]"),
                        _money(c, "opening_float", f"day_closes[{i}]", default="0"),
                        _money(c, "counted", f"day_closes[{i}]"),
                        _money(c, "kept_float", f"day_closes[{i}]", default="0"),
                        _text(c, "reason", f"day_closes[{i}]"))
              for i, c in enumerate(_list(document, "day_closes"))]
    deposits = [PastDeposit(_required(d, "slip_no", f"deposits[{i}]"),
                            _money(d, "amount", f"deposits[{i}]"),
                            _date(d, "deposit_date", f"deposits[{i}]"),
                            tuple(_day(v, f"deposits[{i}].business_dates")
                                  for v in _list(d, "business_dates")))
                for i, d in enumerate(_list(document, "deposits"))]
    return _checked(History(str(counter) if counter else None, tuple(payments), tuple(closes),
                            tuple(deposits)))


def _sample(document: Mapping[str, Any]) -> History:
    payments: list[PastPayment] = []
    for i, t in enumerate(_list(document, "transactions")):
        where = f"transactions[{i}]"
        refund = t.get("kind") == "refund"
        channel = _SAMPLE_CHANNELS.get(str(t.get("channel")), str(t.get("channel")))
        card = t.get("card") if isinstance(t.get("card"), Mapping) else {}
        payments.append(_payment({
            "business_date": t.get("business_date"), "time": t.get("time"), "channel": channel,
            "amount": str(t.get("amount", "")).lstrip("-"), "fee": t.get("fee"),
            "order_no": t.get("pos_order_no"), "provider_ref": t.get("channel_txn_id"),
            "refund_no": t.get("pos_refund_no"),
            "provider_refund_ref": t.get("channel_refund_id"),
            "account_no": t.get("customer_account"), "card_no": t.get("ic_card_no"),
            "volume_m3": str(abs(int(t.get("volume_m3") or 0))), "staff": t.get("cashier"),
            "terminal": card.get("terminal_id") or t.get("terminal"),
            "voucher": card.get("trace_no"), "reason": t.get("reason")}, where, refund=refund))
    closes = [PastClose(_date(c, "business_date", f"day_closes[{i}]"),
                        _time(c, "closed_at", f"day_closes[{i}]"), Money(0),
                        _money(c, "counted_cash", f"day_closes[{i}]"), Money(0),
                        _text(c, "difference_treatment", f"day_closes[{i}]"))
              for i, c in enumerate(_list(document, "day_closes"))]
    deposits = [PastDeposit(_required(d, "slip_no", f"cash_deposits[{i}]"),
                            _money(d, "amount", f"cash_deposits[{i}]"),
                            _date(d, "deposit_date", f"cash_deposits[{i}]"),
                            (_date(d, "covers_business_date", f"cash_deposits[{i}]"),))
                for i, d in enumerate(_list(document, "cash_deposits"))]
    return _checked(History(None, tuple(payments), tuple(closes), tuple(deposits)))


def _payment(item: object, where: str, *, refund: bool) -> PastPayment:
    if not isinstance(item, Mapping):
        raise _bad(where, N_("is not an object"))
    amount = _money(item, "amount", where)
    if amount.fen <= 0:
        raise _bad(f"{where}.amount", N_("must be more than zero (a refund's sign is implied)"))
    fee = item.get("fee")
    channel = _required(item, "channel", where)
    if channel not in CHANNELS:
        raise _bad(f"{where}.channel", N_("must be cash, unionpay, wechat or alipay"))
    return PastPayment(
        business_date=_date(item, "business_date", where), at=_time(item, "time", where),
        channel=channel, amount=-amount if refund else amount,
        order_no=_required(item, "order_no", where),
        fee=None if fee in (None, "") else _money(item, "fee", where, signed=True),
        provider_ref=_text(item, "provider_ref", where),
        refund_no=_text(item, "refund_no", where),
        provider_refund_ref=_text(item, "provider_refund_ref", where),
        account_no=_text(item, "account_no", where), card_no=_text(item, "card_no", where),
        volume=_volume(item, where), staff=_text(item, "staff", where),
        terminal=_text(item, "terminal", where), voucher=_text(item, "voucher", where),
        reason=_text(item, "reason", where),
        receipt_no=None if refund else _receipt_no(item, where))


def _checked(history: History) -> History:
    """Every day with money closes; every deposit names closed days; numbers are unique."""
    closed = {c.business_date for c in history.closes}
    if len(closed) != len(history.closes):
        raise _bad("day_closes", N_("name a business date twice"))
    for i, payment in enumerate(history.payments):
        if payment.business_date not in closed:
            raise _bad(f"payments[{i}]", N_("falls on a business day that has no close: every "
                                            "past day must be closed"))
    orders = [p.order_no for p in history.payments if not p.refund]
    if len(orders) != len(set(orders)):
        raise _bad("sales", N_("name an order number twice"))
    receipts = [p.receipt_no for p in history.payments if p.receipt_no is not None]
    if len(receipts) != len(set(receipts)):
        raise _bad("sales", N_("name a receipt number twice"))
    for i, deposit in enumerate(history.deposits):
        if not deposit.business_dates or not set(deposit.business_dates) <= closed:
            raise _bad(f"deposits[{i}]", N_("must cover closed business days of the history"))
    return history


def _list(item: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise _bad(key, N_("must be a list"))
    return value


def _required(item: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(item, key, where)
    if not value:
        raise _bad(f"{where}.{key}", N_("is missing"))
    return value


def _text(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if type(value) is str:  # the usual: the same answer as below, sooner
        return value.strip() if value else None
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        raise _bad(f"{where}.{key}", N_("must be text"))
    return str(value).strip()


def _money(item: Mapping[str, Any], key: str, where: str, *, default: str | None = None,
           signed: bool = False) -> Money:
    text = _text(item, key, where) or default
    if text is None:
        raise _bad(f"{where}.{key}", N_("is missing"))
    negative = signed and text.startswith("-")
    try:
        money = _amount(text[1:] if negative else text)
    except BadInput:
        raise _bad(f"{where}.{key}", N_("is not an amount in yuan")) from None
    return -money if negative else money


@lru_cache(maxsize=4096)
def _amount(text: str) -> Money:
    """``Money.parse``, once per distinct text (a history repeats its prices; a refusal is
    raised every time, never remembered)."""
    return Money.parse(text)


@lru_cache(maxsize=4096)
def _volume_of(text: str) -> Volume:
    """``Volume.parse``, once per distinct text (as :func:`_amount`)."""
    return Volume.parse(text)


def _volume(item: Mapping[str, Any], where: str) -> Volume:
    text = _text(item, "volume_m3", where)
    if text is None:
        return Volume(0)
    try:
        return _volume_of(text)
    except BadInput:
        raise _bad(f"{where}.volume_m3", N_("is not a volume in m³")) from None


def _receipt_no(item: Mapping[str, Any], where: str) -> int | None:
    value = item.get("receipt_no")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit() \
            or not 0 < int(value) < 2**31:
        raise _bad(f"{where}.receipt_no", N_("is not a receipt number (a whole number, 1 or "
                                             "more)"))
    return int(value)


def _date(item: Mapping[str, Any], key: str, where: str) -> date:
    return _day(item.get(key), f"{where}.{key}")


def _day(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _bad(where, N_("is not a date (YYYY-MM-DD)")) from None


def _time(item: Mapping[str, Any], key: str, where: str) -> datetime:
    try:
        at = datetime.fromisoformat(str(item.get(key)))
    except ValueError:
        raise _bad(f"{where}.{key}", N_("is not a time with its zone "
                                         "(YYYY-MM-DDTHH:MM:SS+08:00)")) from None
    if at.tzinfo is None:
        raise _bad(f"{where}.{key}", N_("is not a time with its zone "
                                         "(YYYY-MM-DDTHH:MM:SS+08:00)"))
    return at


def _bad(where: str, why: str) -> BadInput:
    return BadInput("history.invalid", N_("History file, {where}: {why}."), where=where,
                    why=Message(why))
