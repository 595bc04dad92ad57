"""The login window's quick look at the settings (pos.bootstrap.prelude) decides the language
and the counter number as the settings model and wiring.build do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos.bootstrap import config, paths
from pos.bootstrap.prelude import FirstSight, first_sight
from pos.domain.errors import GasposError
from pos.domain.messages import normalise_language
from pos.services.core.context import Startup

USER = '[locale]\nlanguage = "en"\n[counter]\nno = "02"\n'
MACHINE = '[counter]\nno = "07"\n[database]\nurl = "sqlite:///x.sqlite"\n'


def _as_build_decides(startup: Startup) -> FirstSight:
    settings = config.load(startup.config_file)
    return FirstSight(normalise_language(startup.language or settings.locale.language),
                      startup.counter_no or settings.counter.no)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("machine", "user", "startup"), [
    (None, None, Startup()),
    (None, USER, Startup()),
    (MACHINE, None, Startup()),
    (MACHINE, USER, Startup()),
    (MACHINE, USER, Startup(language="zh_CN", counter_no="09")),
    (MACHINE, '[locale]\nlanguage = "zh"\n', Startup()),
])
def test_the_quick_look_agrees_with_the_settings_model(
        isolated_home: Path, machine: str | None, user: str | None, startup: Startup) -> None:
    if machine is not None:
        _write(paths.machine_config_file(), machine)
    if user is not None:
        _write(paths.user_config_file(), user)
    assert first_sight(startup) == _as_build_decides(startup)


def test_a_named_settings_file_replaces_the_users(isolated_home: Path) -> None:
    _write(paths.user_config_file(), USER)
    named = isolated_home / "counter3.toml"
    _write(named, '[counter]\nno = "03"\n')
    startup = Startup(config_file=str(named))
    assert first_sight(startup) == _as_build_decides(startup) == FirstSight("zh_CN", "03")


def test_broken_settings_give_the_defaults_and_building_refuses_them(
        isolated_home: Path) -> None:
    _write(paths.user_config_file(), '[counter\nno = "02"\n')
    assert first_sight(Startup()) == FirstSight("zh_CN", "01")
    with pytest.raises(GasposError):
        config.load(None)
