"""The WeChat Pay plug-in against the provider simulator, over real HTTPS on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pos.adapters.provider_sim.server import ProviderSimulator
from pos.adapters.provider_sim.wechat import WeChatSimulator
from pos.adapters.wechat_pay import WeChatDemo, demo_credentials, wechat_bills, wechat_provider
from pos.adapters.wechat_pay.bills import WeChatBills
from pos.adapters.wechat_pay.provider import WeChatPayProvider
from tests.support.clock import FixedClock


@pytest.fixture(scope="session")
def wechat_demo(tmp_path_factory: pytest.TempPathFactory) -> WeChatDemo:
    """RSA keys are slow to make: one merchant and one provider key for the session."""
    return demo_credentials(tmp_path_factory.mktemp("wechat-keys"))


@dataclass
class WeChatStand:
    simulator: WeChatSimulator
    server: ProviderSimulator
    url: str
    demo: WeChatDemo
    clock: FixedClock

    def provider(self, *, timeout: float = 5.0, merchant: dict[str, str] | None = None
                 ) -> WeChatPayProvider:
        return wechat_provider(url=self.url, timeout=timeout, device_id="01",
                               device_ip="127.0.0.1", store_id="", store_out_id="HALL-1",
                               merchant=merchant or self.demo.merchant,
                               ca_file=self.server.authority.ca_file)

    def bills(self) -> WeChatBills:
        return wechat_bills(url=self.url, timeout=5.0, merchant=self.demo.merchant,
                            ca_file=self.server.authority.ca_file)


def _stand(tmp_path: Path, demo: WeChatDemo, mode: str) -> Iterator[WeChatStand]:
    clock = FixedClock("2026-11-27T09:30:00")
    simulator = WeChatSimulator(demo.simulator, tmp_path / "wechat", mode=mode, clock=clock.now)
    with ProviderSimulator([simulator], tmp_path / "sim") as server:
        yield WeChatStand(simulator, server, server.url, demo, clock)


@pytest.fixture
def wechat(tmp_path: Path, wechat_demo: WeChatDemo) -> Iterator[WeChatStand]:
    yield from _stand(tmp_path, wechat_demo, "public_key")


@pytest.fixture
def wechat_certificates(tmp_path: Path, wechat_demo: WeChatDemo) -> Iterator[WeChatStand]:
    yield from _stand(tmp_path, wechat_demo, "certificate")
