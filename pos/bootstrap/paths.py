"""Where gaspos keeps its files on this machine (platformdirs: XDG on Linux)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "gaspos"
CONFIG_NAME = "gaspos.toml"


def machine_config_file() -> Path:
    """The installation's file, shared by every OS user and scheduled job on this PC."""
    return Path(platformdirs.site_config_dir(APP)) / CONFIG_NAME


def user_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / CONFIG_NAME


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'gaspos.sqlite'}"


def demo_database_url() -> str:
    return f"sqlite:///{data_dir() / 'demo' / 'gaspos-demo.sqlite'}"


def key_file() -> Path:
    """This counter's copy of the utility's key set (owner-only)."""
    return data_dir() / "keys" / "keys.json"


def meters_dir(demo: bool) -> Path:
    """Where the meter simulator keeps each simulated meter's state."""
    return data_dir() / ("demo" if demo else "") / "meters"
