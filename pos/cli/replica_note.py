"""A report read from the replica says so on stderr, with how far the replica lags
(database.report_url; stdout stays the report itself)."""

from __future__ import annotations

from typing import Any

import click

from pos.cli.context import CliContext
from pos.services.core.replica import replica_state


def note_replica(cli: CliContext) -> dict[str, Any] | None:
    """Tell the reader when reports come from the replica; the same as a JSON object."""
    state = replica_state(cli.services())
    if state is None:
        return None
    click.echo(state.notice().render(cli.language), err=True)
    return {"database": state.database, "lag_seconds": state.lag_seconds}
