"""Saving a setting from the counter app: into the settings file this installation reads for
its user (``--config FILE`` or the user's ``gaspos.toml``), checked by the same rules that read
it, written so that the rest of the file — comments included — stays as it was (tomlkit)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import tomlkit

from pos.bootstrap import config, paths
from pos.domain.errors import BadInput
from pos.domain.messages import N_


class SettingsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_user(cls, config_file: str | None) -> SettingsFile:
        return cls(Path(config_file).expanduser() if config_file else paths.user_config_file())

    def where(self) -> str:
        return str(self.path)

    def save(self, changes: Sequence[tuple[str, str, str | int | bool]]) -> None:
        """Check every value as the settings reader would, then write them all (atomically)."""
        for section, key, value in changes:
            _check(section, key, value)
        document = (tomlkit.parse(self.path.read_text(encoding="utf-8"))
                    if self.path.is_file() else tomlkit.document())
        for section, key, value in changes:
            if section not in document:
                document[section] = tomlkit.table()
            table = document[section]
            assert isinstance(table, tomlkit.items.Table)
            table[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".gaspos-",
                                             suffix=".toml")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(document))
        Path(temporary).replace(self.path)


def _check(section: str, key: str, value: str | int | bool) -> None:
    parse = config.key_parser(section, key)
    if parse is None:
        raise BadInput("config.unknown_key", N_("There is no setting {section}.{key}."),
                       section=section, key=key)
    try:
        parse(value)
    except (TypeError, ValueError, BadInput) as error:
        reason = error.render() if isinstance(error, BadInput) else str(error)
        raise BadInput("config.invalid_value",
                       N_("{section}.{key} cannot be “{value}”: {reason}"),
                       section=section, key=key, value=value, reason=reason) from None
