"""Settings files: layered, typed, and refused loudly when wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pos.bootstrap import config
from pos.bootstrap.wiring import build
from pos.domain.errors import BadInput, Refused
from pos.services.core.context import Startup
from pos.services.core.settings import keys


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file() -> None:
    settings = config.load()
    assert (settings.counter.no, settings.locale.language, settings.locale.timezone) == (
        "01", "zh_CN", "Asia/Shanghai")
    assert settings.database.url is None


def test_the_users_file_overrides_the_machine_file_key_by_key(isolated_home: Path) -> None:
    write(isolated_home / "etc-xdg/gaspos/gaspos.toml",
          '[database]\nurl = "sqlite:////srv/hall.sqlite"\n[counter]\nno = "03"\n')
    write(isolated_home / "config/gaspos/gaspos.toml", '[locale]\nlanguage = "en"\n')
    settings = config.load()
    assert settings.database.url == "sqlite:////srv/hall.sqlite"
    assert settings.database_source == isolated_home / "etc-xdg/gaspos/gaspos.toml"
    assert (settings.counter.no, settings.locale.language) == ("03", "en")


def test_an_explicit_file_replaces_the_users_file(isolated_home: Path, tmp_path: Path) -> None:
    write(isolated_home / "config/gaspos/gaspos.toml", '[counter]\nno = "02"\n')
    explicit = write(tmp_path / "other.toml", '[locale]\ntimezone = "Asia/Urumqi"\n')
    settings = config.load(str(explicit))
    assert (settings.counter.no, settings.locale.timezone) == ("01", "Asia/Urumqi")


@pytest.mark.parametrize(("text", "key"), [
    ("[counter]\nnumber = '01'\n", "counter.number"),
    ("[countr]\nno = '01'\n", "countr"),
    ("[counter]\nno = 1\n", "counter.no"),
    ("[counter]\nno = 'window three'\n", "counter.no"),
    ("[locale]\ntimezone = 'Mars/Olympus'\n", "locale.timezone"),
    ("[locale]\nlanguage = 'fr'\n", "locale.language"),
    ("[log]\nlevel = 'LOUD'\n", "log.level"),
    ("counter = 3\n", "counter"),
])
def test_a_wrong_setting_is_named_with_its_file(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / "gaspos.toml", text)
    with pytest.raises(BadInput) as refused:
        config.load(str(path))
    rendered = refused.value.render("en")
    assert f"“{key}”" in rendered and str(path) in rendered


def test_an_unreadable_settings_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        config.load(str(write(tmp_path / "bad.toml", "[counter\n")))
    with pytest.raises(BadInput):
        config.load(str(write(tmp_path / "bin.toml", "").with_suffix(".toml")) + "x")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BadInput):
        config.load(str(binary))


def test_without_a_database_setting_the_app_uses_and_names_a_user_file(
        isolated_home: Path) -> None:
    services = build(Startup(needs_schema=False))
    where = services.database.describe()
    assert str(isolated_home / "data" / "gaspos" / "gaspos.sqlite") in where
    assert "default" in where
    with pytest.raises(Refused):  # and refuses it until it has a schema
        build(Startup())


def test_every_setting_is_documented_and_every_documented_one_exists() -> None:
    """A setting is one line in its section's dataclass; docs/configuration.md must follow."""
    table = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text(
        encoding="utf-8").split("## Settings", 1)[1].split("\n\n", 2)[1]
    documented = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", "\n".join(
        line.split("|")[1] for line in table.splitlines() if line.startswith("| `"))))
    model = {f"{section}.{key}" for section, kind in config.SECTIONS.items()
             for key in keys(kind)}
    assert documented == model
