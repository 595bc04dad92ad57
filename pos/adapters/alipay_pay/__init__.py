"""Alipay as a payment provider plug-in (face-to-face barcode payment, 当面付条码支付) and a bill
source, through Alipay's official SDK (``alipay-sdk-python``) — docs/payments.md "Alipay".

The composition root builds them with :func:`alipay_provider` and :func:`alipay_bills` from the
``[payments] alipay_*`` settings and the merchant's credentials in the key file
(``KeySet.merchants["alipay"]``); :func:`demo_credentials` makes the demo's and the tests'."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pos.adapters.alipay_pay.bills import AlipayBills
from pos.adapters.alipay_pay.credentials import AlipayDemo, demo_credentials, read_merchant
from pos.adapters.alipay_pay.gateway import PRODUCTION, Gateway, tls_context
from pos.adapters.alipay_pay.provider import AlipayProvider
from pos.services.ports.providers import BillSource, Clock, PaymentProvider

__all__ = ["PRODUCTION", "AlipayDemo", "alipay_bills", "alipay_provider", "demo_credentials"]


def alipay_provider(*, url: str, timeout: float, merchant: Mapping[str, str],
                    ca_file: Path | None, clock: Clock, store_id: str = "",
                    terminal_id: str = "") -> PaymentProvider:
    """Alipay for ``Channel.ALIPAY``: ``url`` the gateway (``[payments] alipay_url``),
    ``timeout`` seconds per request, ``ca_file`` the only authority to trust (the simulator's;
    None: the system's), ``clock`` the counter's (the requests' Beijing-time stamps),
    ``store_id`` / ``terminal_id`` sent with each payment (the bill shows them).  Refused if the
    key file's Alipay credentials are missing or unreadable."""
    return AlipayProvider(_gateway(url, timeout, merchant, ca_file, clock),
                          store_id=store_id, terminal_id=terminal_id)


def alipay_bills(*, url: str, timeout: float, merchant: Mapping[str, str],
                 ca_file: Path | None, clock: Clock) -> BillSource:
    """Alipay's trade bill of a day, checked (the arguments as :func:`alipay_provider`'s)."""
    return AlipayBills(_gateway(url, timeout, merchant, ca_file, clock))


def _gateway(url: str, timeout: float, fields: Mapping[str, str], ca_file: Path | None,
             clock: Clock) -> Gateway:
    return Gateway(url=url, merchant=read_merchant(fields), timeout=timeout, clock=clock,
                   context=tls_context(ca_file))
