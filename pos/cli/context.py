"""What every command gets: lazily built services, the operator, the language, output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import click

from pos.domain.errors import BadInput
from pos.domain.messages import N_, normalise_language, tr
from pos.services.core.context import Services, Startup

if TYPE_CHECKING:  # the services are imported by the command that uses them: --help stays light
    from pos.domain.staff import Operator

ServicesFactory = Callable[[Startup], Services]
# the counter app (pos.ui), given by pos.app: it builds the services itself, behind its login
AppStarter = Callable[[Callable[[], Services], Startup], int]


@dataclass
class CliContext:
    factory: ServicesFactory
    startup: Startup
    operator_no: str | None = None
    start_app: AppStarter | None = None
    emitted: bool = False  # a JSON document went to stdout already
    start_log: Callable[[], str] | None = None  # sets the log file up, names it (pos.app)
    _services: Services | None = field(default=None, repr=False)

    @property
    def language(self) -> str:
        if self._services is not None:
            return self._services.settings.language
        return normalise_language(self.startup.language)

    def services(self, *, needs_schema: bool = True) -> Services:
        if self._services is None:
            self._services = self.factory(replace(self.startup, needs_schema=needs_schema))
        return self._services

    def log_file(self) -> str:
        """The log file, set up now if it was not yet (idempotent)."""
        return self.start_log() if self.start_log is not None else "gaspos.log"

    def close(self) -> None:
        """The command is done: its database connections go back."""
        if self._services is not None:
            self._services.database.close()

    def t(self, msgid: str, **params: object) -> str:
        return tr(msgid, self.language, **params)

    def login(self, *, required: bool = True) -> Operator | None:
        """Log the ``--operator`` in with ``GASPOS_PASSWORD`` or a hidden prompt."""
        staff_no = self.operator_no
        if not staff_no:
            if required:
                raise BadInput("auth.operator_missing",
                               N_("Say who you are: --operator STAFF_NO (or GASPOS_OPERATOR)."))
            return None
        password = secret("GASPOS_PASSWORD", self.t(N_("Password for {staff_no}"),
                                                    staff_no=staff_no))
        from pos.services.core import auth

        return auth.login(self.services(), staff_no, password)

    def operator(self) -> Operator:
        operator = self.login(required=True)
        assert operator is not None
        return operator

    def approver(self, staff_no: str | None, *, what: str, subject: str, reason: str
                 ) -> Operator:
        """A supervisor's approval now: their own number and password
        (``GASPOS_APPROVER_PASSWORD`` or a hidden prompt)."""
        if not staff_no:
            raise BadInput("auth.approver_missing",
                           N_("This needs a supervisor's approval: --approver STAFF_NO."))
        password = secret("GASPOS_APPROVER_PASSWORD",
                          self.t(N_("Password of approver {staff_no}"), staff_no=staff_no))
        from pos.services.core import auth

        return auth.approve(self.services(), staff_no, password, what=what, subject=subject,
                            reason=reason)

    def emit(self, document: Any) -> None:
        import json  # only a command that answers in JSON pays for it (--help stays quick)

        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        self.emitted = True


def secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise BadInput("auth.no_password",
                       N_("No password given: set {env} or run the command in a terminal."),
                       env=env)
    return str(click.prompt(prompt, hide_input=True))
