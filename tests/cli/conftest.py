"""Fixtures for the command's tests: a ledger made once per module through the command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pos.adapters.key_vault import export_file
from tests.support.cards import KEYS
from tests.support.command import ADMIN_PASSWORD, gaspos

CLERK, SUPERVISOR = "clerk password", "supervisor password"
PASSPHRASE = "a long key passphrase"


@pytest.fixture(scope="module")
def template_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per module through the command itself: the first administrator, one
    household and residential tiers."""
    home = tmp_path_factory.mktemp("template-home")
    path = home / "ledger.sqlite"
    env = {"GASPOS_DB": f"sqlite:///{path}", "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CONFIG_DIRS": str(home / "etc")}
    assert gaspos("db", "upgrade", **env).code == 0
    assert gaspos("staff", "add", "--no", "9001", "--name", "周敏", "--role", "admin",
                  "--password-stdin", stdin=ADMIN_PASSWORD + "\n", **env).code == 0
    env |= {"GASPOS_OPERATOR": "9001", "GASPOS_PASSWORD": ADMIN_PASSWORD}
    for setup in (("company", "--code", "TEST", "--name", "测试燃气有限公司"),
                  ("hall", "--code", "H1", "--name", "测试营业厅"),
                  ("counter", "--no", "01", "--hall", "H1", "--name", "1号窗口"),
                  ("counter", "--no", "02", "--hall", "H1", "--name", "2号窗口")):
        assert gaspos("org", *setup, **env).code == 0
    assert gaspos("tariff", "set", "--category", "residential", "--effective", "2025-01-01",
                  "--tiers", "0:2.80,400:3.36,600:4.20", "--household-allowance", "4:100",
                  **env).code == 0
    done = gaspos("account", "add", "--no", "370402000001", "--name", "张三丰", "--category",
                  "residential", "--meter", "CH00000001", "--phone", "13812345678",
                  "--address", "枣庄市市中区光明路幸福小区12号楼2单元502室",
                  "--household-size", "3", **env)
    assert done.code == 0, done.err
    return path


@pytest.fixture
def ledger(template_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the template ledger, with its administrator logged in by environment."""
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(template_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    monkeypatch.setenv("GASPOS_OPERATOR", "9001")
    monkeypatch.setenv("GASPOS_PASSWORD", ADMIN_PASSWORD)
    return path


@pytest.fixture(scope="module")
def staffed_ledger(template_ledger: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("staffed")
    path = home / "ledger.sqlite"
    shutil.copyfile(template_ledger, path)
    env = {"GASPOS_DB": f"sqlite:///{path}", "GASPOS_OPERATOR": "9001",
           "GASPOS_PASSWORD": ADMIN_PASSWORD, "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_DIRS": str(home / "etc")}
    for no, role, password in (("1001", "clerk", CLERK), ("2001", "supervisor", SUPERVISOR)):
        assert gaspos("staff", "add", "--no", no, "--name", "员工", "--role", role,
                      "--password-stdin", stdin=password + "\n", **env).code == 0
    return path


@pytest.fixture
def clerk(staffed_ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the ledger, the test keys imported, the clerk logged in; returns the card."""
    path = tmp_path / "ledger.sqlite"
    shutil.copyfile(staffed_ledger, path)
    monkeypatch.setenv("GASPOS_DB", f"sqlite:///{path}")
    key_file = tmp_path / "test.keys"
    export_file(KEYS, key_file, PASSPHRASE)
    assert gaspos("keys", "import", str(key_file), GASPOS_OPERATOR="9001",
                  GASPOS_PASSWORD=ADMIN_PASSWORD, GASPOS_KEY_PASSPHRASE=PASSPHRASE).code == 0
    monkeypatch.setenv("GASPOS_OPERATOR", "1001")
    monkeypatch.setenv("GASPOS_PASSWORD", CLERK)
    monkeypatch.setenv("GASPOS_APPROVER_PASSWORD", SUPERVISOR)
    card = tmp_path / "card.bin"
    issued = gaspos("card", "issue", "--account", "370402000001", "--reader", f"sim:{card}")
    assert issued.code == 0, issued.err
    return card
