"""Each channel's provider as the settings choose it (pos/bootstrap/payments.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pos.adapters.clock import SystemClock
from pos.bootstrap import config
from pos.bootstrap.payments import Payments
from pos.domain.errors import BadInput, Refused
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.support.cards import KEYS
from tests.support.clock import SHANGHAI


def payments(tmp_path: Path, *, demo: bool = False, **chosen: str) -> Payments:
    settings = replace(config.Settings(), payments=replace(config.PaymentSettings(), **chosen))
    return Payments(settings, tmp_path, lambda: KEYS, SystemClock(SHANGHAI), counter_no="01",
                    demo=demo)


def test_the_deprecated_provider_still_chooses_both_channels(tmp_path: Path) -> None:
    assert payments(tmp_path).code_channels == frozenset()  # manual: ids typed, no codes
    assert payments(tmp_path, provider="simulated").code_channels == {Channel.WECHAT,
                                                                       Channel.ALIPAY}


def test_each_channel_has_its_own_provider(tmp_path: Path) -> None:
    mixed = payments(tmp_path, provider="simulated", wechat="manual")
    assert mixed.code_channels == {Channel.ALIPAY}
    manual = mixed.provider.charge(channel=Channel.WECHAT, order_no="GS1", amount=Money(100),
                                   payment_code="4200001234202611270001")
    assert (manual.state, manual.provider_ref) == (PaymentState.CONFIRMED,
                                                   "4200001234202611270001")
    simulated = mixed.provider.charge(channel=Channel.ALIPAY, order_no="GS2",
                                      amount=Money(100), payment_code="284567890123450000")
    assert simulated.state is PaymentState.DECLINED  # the simulator's "insufficient balance"
    assert (tmp_path / "payments-simulated.json").exists()


def test_settings_refuse_an_unknown_choice(tmp_path: Path) -> None:
    file = tmp_path / "gaspos.toml"
    file.write_text('[payments]\nwechat = "cloud"\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"payments\.wechat"):
        config.load(str(file))
    file.write_text('[payments]\nwechat = "live"\nalipay = "simulated"\npoll_seconds = 2\n'
                    "budget_wechat = 30\n", encoding="utf-8")
    loaded = config.load(str(file)).payments
    assert (loaded.choice(Channel.WECHAT), loaded.choice(Channel.ALIPAY)) == ("live",
                                                                              "simulated")
    assert (loaded.times.poll_seconds, loaded.times.wechat_budget,
            loaded.times.alipay_budget) == (2.0, 30.0, 60.0)


def test_bills_are_refused_where_no_channel_is_live(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        payments(tmp_path, provider="simulated").bills.bill(Channel.WECHAT, date(2026, 11, 1))
    assert refused.value.code == "statements.no_bill_source"


def test_live_without_the_merchant_in_the_key_file_is_refused_when_used(
        tmp_path: Path) -> None:
    live = payments(tmp_path, wechat="live")
    assert live.code_channels == {Channel.WECHAT}
    with pytest.raises(Refused):  # the key file has no WeChat Pay merchant: nothing is sent
        live.provider.query(channel=Channel.WECHAT, order_no="GS1")


def test_an_incomplete_merchant_is_refused_by_ready_before_anything_is_recorded(
        tmp_path: Path) -> None:
    live = payments(tmp_path, wechat="live", alipay="simulated")
    live.provider.ready(channel=Channel.ALIPAY)
    with pytest.raises(Refused):  # asked by payment_refs before the sale is recorded
        live.provider.ready(channel=Channel.WECHAT)
