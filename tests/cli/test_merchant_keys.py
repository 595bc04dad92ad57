"""``gaspos keys merchant``: an administrator puts a payment merchant's credentials into the
counter's key set from the files the provider's merchant platform gives; ``keys show`` tells
which channels have one and never shows a key; the WeChat Pay plug-in takes them from there."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pos.adapters.key_vault import FileKeyVault, export_file
from pos.adapters.provider_sim.server import ProviderSimulator
from pos.adapters.provider_sim.wechat import WeChatSimulator
from pos.adapters.wechat_pay import demo_credentials, wechat_provider
from pos.bootstrap.paths import key_file
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel, PaymentState
from tests.support.cards import KEYS
from tests.support.command import ADMIN_PASSWORD, gaspos

PASSPHRASE = "a long key passphrase"


@pytest.fixture
def counter(template_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(template_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    monkeypatch.setenv("GASPOS_OPERATOR", "9001")
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("GASPOS_KEY_PASSPHRASE", PASSPHRASE)
    carried = tmp_path / "utility.keys"
    export_file(KEYS, carried, PASSPHRASE)
    assert gaspos("keys", "import", str(carried)).code == 0
    return carried


def merchant_files(directory: Path) -> tuple[dict[str, str], list[str]]:
    """The files a WeChat Pay merchant downloads, and the command's options for them."""
    fields = demo_credentials(directory / "made").merchant
    for name in ("private_key", "apiv3_key", "public_key"):
        (directory / f"{name}.txt").write_text(fields[name] + "\n")
    return fields, ["--mchid", fields["mchid"], "--appid", fields["appid"],
                    "--serial", fields["serial"],
                    "--private-key", str(directory / "private_key.txt"),
                    "--apiv3-key-file", str(directory / "apiv3_key.txt"),
                    "--public-key", str(directory / "public_key.txt"),
                    "--public-key-id", fields["public_key_id"]]


def test_an_administrator_sets_the_wechat_merchant_and_nothing_secret_is_shown(
        counter: Path, tmp_path: Path) -> None:
    fields, options = merchant_files(tmp_path)
    assert "none" in gaspos("--lang", "en", "keys", "show").out
    done = gaspos("--lang", "en", "keys", "merchant", "set", "wechat", *options)
    assert done.code == 0, done.err
    shown = gaspos("--lang", "en", "keys", "show")
    assert f"wechat: mchid {fields['mchid']}, appid {fields['appid']}" in shown.out
    for secret in (fields["apiv3_key"], "PRIVATE KEY", fields["private_key"][40:80]):
        assert secret not in shown.out + done.out
    installed = FileKeyVault(key_file()).load().merchants["wechat"]
    assert installed == {k: v.strip() + ("\n" if "KEY-----" in v else "")
                         for k, v in fields.items()}

    renewed = gaspos("keys", "merchant", "set", "wechat", "--public-key-id",
                     "PUB_KEY_ID_0119NEW")
    assert renewed.code == 0, renewed.err
    after = FileKeyVault(key_file()).load().merchants["wechat"]
    assert after["public_key_id"] == "PUB_KEY_ID_0119NEW"
    assert after["private_key"] == installed["private_key"]  # the rest kept

    assert gaspos("keys", "import", str(counter)).code == 0  # the carried file has no merchant
    assert "wechat" in FileKeyVault(key_file()).load().merchants  # … and keeps this counter's
    audit = gaspos("--lang", "en", "audit", "list", "--json")
    assert audit.code == 0, audit.err
    assert "merchant_set" in audit.out and fields["apiv3_key"] not in audit.out


def test_incomplete_or_malformed_merchants_and_clerks_are_refused(
        counter: Path, tmp_path: Path) -> None:
    _, options = merchant_files(tmp_path)
    partial = gaspos("--lang", "en", "keys", "merchant", "set", "wechat", *options[:4])
    assert partial.code == 2 and "--private-key" in partial.err
    half = gaspos("keys", "merchant", "set", "wechat", *options[:12])  # a public key, no id
    assert half.code == 2 and "--public-key-id" in half.err
    (tmp_path / "wrong.pem").write_text("not a key\n")
    bad = gaspos("keys", "merchant", "set", "wechat", *options[:6], "--private-key",
                 str(tmp_path / "wrong.pem"), *options[8:])
    assert bad.code == 2 and "--private-key" in bad.err
    assert gaspos("keys", "merchant", "set", "wechat").code == 2
    assert gaspos("keys", "merchant", "set", "paypal").code == 2
    clerk = gaspos("staff", "add", "--no", "1001", "--name", "张丽", "--role", "clerk",
                   "--password-stdin", stdin="clerk password\n")
    assert clerk.code == 0
    assert gaspos("keys", "merchant", "set", "wechat", *options, GASPOS_OPERATOR="1001",
                  GASPOS_PASSWORD="clerk password").code == 1  # administrators only
    assert not FileKeyVault(key_file()).load().merchants


def test_the_merchant_set_by_command_pays_through_the_simulator_and_can_be_removed(
        counter: Path, tmp_path: Path) -> None:
    _, options = merchant_files(tmp_path)
    assert gaspos("keys", "merchant", "set", "wechat", *options).code == 0
    simulated = demo_credentials(tmp_path / "made").simulator
    with ProviderSimulator([WeChatSimulator(simulated, tmp_path / "wechat")],
                           tmp_path / "sim") as server:
        provider = wechat_provider(
            url=server.url, timeout=5.0, device_id="01", device_ip="127.0.0.1", store_id="",
            store_out_id="", merchant=FileKeyVault(key_file()).load().merchants["wechat"],
            ca_file=server.authority.ca_file)
        paid = provider.charge(channel=Channel.WECHAT, order_no="GS2026112704001",
                               amount=Money(100), payment_code="134567890123451234")
    assert paid.state is PaymentState.CONFIRMED
    assert gaspos("keys", "merchant", "remove", "wechat").code == 0
    assert gaspos("keys", "merchant", "remove", "wechat").code == 1
    assert json.dumps(FileKeyVault(key_file()).load().merchants) == "{}"
