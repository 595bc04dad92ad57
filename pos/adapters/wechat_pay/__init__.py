"""WeChat Pay APIv3 as a plug-in (docs/payments.md "WeChat Pay"): code payment, query,
reverse and refund behind the payment port, and the trade bill as a bill source — through the
``wechatpayv3`` library's signing and verification, sent to a configured gateway (WeChat Pay's
own, or the provider simulator) that trusts a configured CA only when one is given.

The composition root builds them with :func:`wechat_provider` and :func:`wechat_bills`;
:func:`demo_credentials` makes a merchant and the simulator's keys for the demo and the tests.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from pathlib import Path

from pos.adapters.wechat_pay.bills import WeChatBills
from pos.adapters.wechat_pay.client import PRODUCTION, Merchant, client
from pos.adapters.wechat_pay.demo import WeChatDemo, demo_credentials
from pos.adapters.wechat_pay.provider import Scene, WeChatPayProvider

__all__ = ["PRODUCTION", "WeChatBills", "WeChatDemo", "WeChatPayProvider", "demo_credentials",
           "wechat_bills", "wechat_provider"]


def wechat_provider(*, url: str, timeout: float, device_id: str, device_ip: str,
                    store_id: str, store_out_id: str, merchant: Mapping[str, str],
                    ca_file: Path | None, description: str = "IC卡购气") -> WeChatPayProvider:
    """The plug-in for Channel.WECHAT.  ``url``: [payments] wechat_url (WeChat Pay's host, or
    the simulator's); ``timeout``: seconds to wait for an answer; ``merchant``: the key file's
    KeySet.merchants["wechat"]; ``ca_file``: the only CA trusted (the simulator's), None for
    the system's; ``device_ip`` "" means this computer's own address.  Refused if the
    merchant's fields are missing or its keys unreadable.  Nothing is sent while building."""
    pay = client(Merchant.of(merchant), url=url, timeout=timeout, ca_file=ca_file)
    return WeChatPayProvider(pay, Scene(device_id, device_ip or counter_address(), store_id,
                                        store_out_id, description))


def counter_address() -> str:
    """This computer's own address, as its name resolves locally (127.0.0.1 if it does not)."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def wechat_bills(*, url: str, timeout: float, merchant: Mapping[str, str],
                 ca_file: Path | None) -> WeChatBills:
    """The bill source for Channel.WECHAT (arguments as for :func:`wechat_provider`)."""
    return WeChatBills(client(Merchant.of(merchant), url=url, timeout=timeout, ca_file=ca_file))
