"""The Alipay plug-in against the provider simulator: a real HTTPS server on loopback with its
own CA, the simulator's Alipay gateway, and the plug-in built as the composition root builds
it (the SDK's models and signer, the TLS trust of the simulator's CA only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pos.adapters.alipay_pay import AlipayDemo, alipay_bills, alipay_provider, demo_credentials
from pos.adapters.provider_sim.alipay import AlipayHandler
from pos.adapters.provider_sim.server import ProviderSimulator
from pos.services.ports.providers import BillSource, Clock, PaymentProvider

TIMEOUT = 5.0


@dataclass
class AlipayStack:
    handler: AlipayHandler
    provider: PaymentProvider
    bills: BillSource
    url: str
    ca_file: Path
    demo: AlipayDemo


@contextmanager
def alipay_stack(keys: Path, directory: Path, clock: Clock, *, paying_queries: int = 2,
                 merchant: dict[str, str] | None = None) -> Iterator[AlipayStack]:
    """``keys``: where the demo credentials are kept (a test session shares them: two RSA
    keys take a moment to make); ``directory``: the simulator's orders and certificates."""
    demo = demo_credentials(keys)
    handler = AlipayHandler(directory, demo.simulator, clock=clock.now,
                            paying_queries=paying_queries)
    with ProviderSimulator([handler], directory) as simulator:
        url = simulator.url + "/gateway.do"
        fields = merchant if merchant is not None else demo.merchant
        ca_file = simulator.authority.ca_file
        yield AlipayStack(
            handler,
            alipay_provider(url=url, timeout=TIMEOUT, merchant=fields, ca_file=ca_file,
                            clock=clock, store_id="HALL-01", terminal_id="01"),
            alipay_bills(url=url, timeout=TIMEOUT, merchant=fields, ca_file=ca_file,
                         clock=clock),
            url, ca_file, demo)
