"""What the counter app shows before its services exist: the login window's language and
counter number, from the settings alone (wiring.build reads them again and builds the rest
behind that window, docs/performance.md "Starting up")."""

from __future__ import annotations

from dataclasses import dataclass

from pos.bootstrap import config
from pos.domain.errors import GasposError
from pos.domain.messages import normalise_language
from pos.services.core.context import Startup


@dataclass(frozen=True)
class FirstSight:
    language: str
    counter_no: str


def first_sight(startup: Startup) -> FirstSight:
    """As wiring.build will decide them. Settings that do not load give the defaults here;
    building refuses them, and the login window says why."""
    try:
        settings = config.load(startup.config_file)
    except GasposError:
        settings = config.Settings()
    return FirstSight(normalise_language(startup.language or settings.locale.language),
                      startup.counter_no or settings.counter.no)
