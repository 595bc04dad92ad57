"""WeChat Pay and Alipay, each channel's provider as ``[payments] wechat`` / ``alipay`` say
(the deprecated ``provider`` for both when they are not set), docs/payments.md:

* ``manual`` — the clerk types the transaction id the merchant app shows;
* ``simulated`` — the simulated provider in a JSON file (training);
* ``live`` — the provider's API through its plug-in (pos/adapters/wechat_pay, alipay_pay),
  with the merchant's credentials from the key file (``KeySet.merchants``);
* the demo — the live plug-ins pointed at the provider simulator (pos/adapters/provider_sim),
  started in this process on loopback with its own CA and demo merchants, so that a new user
  sees the real flow: signed requests, waiting, reverse, refunds, bills.

Plug-ins and the simulator are built when first used: a command that takes no payment needs
neither the key file's merchants nor the providers' libraries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pos.adapters.payments import (
    ChannelBills,
    ChannelProviders,
    Deferred,
    ManualProvider,
    SimulatedProvider,
)
from pos.bootstrap import config
from pos.domain.cards.keys import KeySet
from pos.domain.sale.payment_codes import CODE_CHANNELS
from pos.domain.sale.record import Channel
from pos.services.ports import BillSource, Clock, PaymentProvider


@dataclass(frozen=True)
class Gateway:
    """Where a plug-in sends, whom it trusts, and as which merchant."""

    url: str
    ca_file: Path | None
    merchant: Mapping[str, str]


class Payments:
    def __init__(self, settings: config.Settings, data_dir: Path, keys: Callable[[], KeySet],
                 clock: Clock, *, counter_no: str, demo: bool) -> None:
        self._payments, self._keys, self._clock = settings.payments, keys, clock
        self._counter_no = counter_no
        self._stand = DemoStand(data_dir / "provider-simulator", clock) if demo else None
        simulated = SimulatedProvider(data_dir / "payments-simulated.json")
        chosen: dict[Channel, PaymentProvider] = {}
        bills: dict[Channel, Callable[[], BillSource]] = {}
        for channel in CODE_CHANNELS:
            choice = "live" if demo else settings.payments.choice(channel)
            if choice == "live":
                chosen[channel] = Deferred(partial(self._provider, channel))
                bills[channel] = partial(self._bills, channel)
            else:
                chosen[channel] = simulated if choice == "simulated" else ManualProvider()
        self.provider = ChannelProviders(chosen)
        self.bills = ChannelBills(bills)
        self.code_channels = frozenset(c for c, p in chosen.items()
                                       if not isinstance(p, ManualProvider))

    def gateway(self, channel: Channel) -> Gateway:
        if self._stand is not None:
            return self._stand.gateway(channel)
        settings = self._payments
        merchant = self._keys().merchants.get(channel.value, {})
        if channel is Channel.WECHAT:
            ca_file = Path(settings.wechat_ca_file) if settings.wechat_ca_file else None
            return Gateway(settings.wechat_url, ca_file, merchant)
        return Gateway(settings.alipay_url, None, merchant)

    def _provider(self, channel: Channel) -> PaymentProvider:
        gateway, settings = self.gateway(channel), self._payments
        if channel is Channel.WECHAT:
            from pos.adapters.wechat_pay import wechat_provider

            return wechat_provider(
                url=gateway.url, timeout=settings.wechat_timeout, device_id=self._counter_no,
                device_ip=settings.wechat_device_ip, store_id=settings.wechat_store_id,
                store_out_id=settings.wechat_store_out_id, merchant=gateway.merchant,
                ca_file=gateway.ca_file)
        from pos.adapters.alipay_pay import alipay_provider

        return alipay_provider(url=gateway.url, timeout=settings.alipay_timeout,
                               merchant=gateway.merchant, ca_file=gateway.ca_file,
                               clock=self._clock, store_id=settings.alipay_store_id,
                               terminal_id=self._counter_no)

    def _bills(self, channel: Channel) -> BillSource:
        gateway, settings = self.gateway(channel), self._payments
        if channel is Channel.WECHAT:
            from pos.adapters.wechat_pay import wechat_bills

            return wechat_bills(url=gateway.url, timeout=settings.wechat_timeout,
                                merchant=gateway.merchant, ca_file=gateway.ca_file)
        from pos.adapters.alipay_pay import alipay_bills

        return alipay_bills(url=gateway.url, timeout=settings.alipay_timeout,
                            merchant=gateway.merchant, ca_file=gateway.ca_file,
                            clock=self._clock)


class DemoStand:
    """The demo's WeChat Pay and Alipay: the provider simulator with both providers' handlers,
    on loopback, started when the demo first takes a payment-code payment (the demo
    merchants' keys are made once in ``directory``, then reused)."""

    def __init__(self, directory: Path, clock: Clock) -> None:
        self._directory, self._clock = directory, clock
        self._lock = threading.Lock()
        self._gateways: dict[Channel, Gateway] = {}
        self.simulator: Any = None  # the running ProviderSimulator, once started

    def gateway(self, channel: Channel) -> Gateway:
        with self._lock:
            if not self._gateways:
                self._start()
            return self._gateways[channel]

    def _start(self) -> None:
        from pos.adapters.alipay_pay import demo_credentials as alipay_demo
        from pos.adapters.provider_sim.alipay import AlipayHandler
        from pos.adapters.provider_sim.server import ProviderSimulator
        from pos.adapters.provider_sim.wechat import WeChatSimulator
        from pos.adapters.wechat_pay import demo_credentials as wechat_demo

        for part in ("keys", "wechat", "alipay", "ca"):
            (self._directory / part).mkdir(parents=True, exist_ok=True)
        keys = self._directory / "keys"
        wechat, alipay = wechat_demo(keys), alipay_demo(keys)
        self.simulator = ProviderSimulator(
            [WeChatSimulator(wechat.simulator, self._directory / "wechat",
                             clock=self._clock.now),
             AlipayHandler(self._directory / "alipay", alipay.simulator,
                           clock=self._clock.now)],
            self._directory / "ca")
        url = self.simulator.start()
        ca_file = self.simulator.authority.ca_file
        self._gateways = {Channel.WECHAT: Gateway(url, ca_file, wechat.merchant),
                          Channel.ALIPAY: Gateway(f"{url}/gateway.do", ca_file,
                                                  alipay.merchant)}
