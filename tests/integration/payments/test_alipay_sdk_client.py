"""The simulated gateway speaks as Alipay's does to Alipay's own SDK client, unmodified: the
SDK's signed request is accepted, and its verifier accepts the simulator's signed answer — and
the trap our gateway avoids: the SDK stamps the host's local time, which Alipay reads as
Beijing time, so on a host in UTC its requests are refused (isv.invalid-timestamp)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alipay.aop.api.AlipayClientConfig import AlipayClientConfig
from alipay.aop.api.DefaultAlipayClient import DefaultAlipayClient
from alipay.aop.api.domain.AlipayTradeQueryModel import AlipayTradeQueryModel
from alipay.aop.api.request.AlipayTradeQueryRequest import AlipayTradeQueryRequest

from pos.adapters.alipay_pay import demo_credentials
from pos.adapters.alipay_pay.credentials import read_merchant
from pos.adapters.provider_sim.alipay import AlipayHandler
from pos.adapters.provider_sim.base import SimRequest

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def host_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    monkeypatch.undo()
    time.tzset()


def sdk_query(zone: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    demo = demo_credentials(tmp_path / "keys")
    merchant = read_merchant(demo.merchant)
    config = AlipayClientConfig()
    config.app_id, config.app_private_key = merchant.app_id, merchant.private_key
    config.alipay_public_key = demo.merchant["alipay_public_key"]  # bare Base64, as given
    client = DefaultAlipayClient(config)
    # the simulator's clock is the real one, in Beijing: the SDK stamps the real time too
    handler = AlipayHandler(tmp_path / "sim", demo.simulator, clock=lambda: datetime.now(BEIJING))
    model = AlipayTradeQueryModel()
    model.out_trade_no = "GS-SDK"
    signed = client.sdk_execute(AlipayTradeQueryRequest(biz_model=model))
    answer = handler.handle(SimRequest("POST", "/gateway.do", {}, signed.encode()))
    verified = client._DefaultAlipayClient__parse_response(answer.body)  # the SDK's verifier
    result: dict[str, str] = json.loads(verified)
    return result


@pytest.mark.usefixtures("host_zone")
def test_the_sdks_own_client_and_the_simulator_agree(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    answer = sdk_query("Asia/Shanghai", tmp_path, monkeypatch)
    assert (answer["code"], answer["sub_code"]) == ("40004", "ACQ.TRADE_NOT_EXIST")


@pytest.mark.usefixtures("host_zone")
def test_the_sdks_host_time_stamp_is_refused_on_a_host_in_utc(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = sdk_query("UTC", tmp_path, monkeypatch)
    assert (answer["code"], answer["sub_code"]) == ("40002", "isv.invalid-timestamp")
