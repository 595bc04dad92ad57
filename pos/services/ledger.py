"""Verifying the journal's hash chain (``gaspos ledger verify``)."""

from __future__ import annotations

from pos.domain.journal import ChainReport, verify_chain
from pos.services.context import Services


def verify_ledger(svc: Services) -> ChainReport:
    """Recompute every entry's hash in order and name the first broken one, if any."""
    with svc.uow() as uow:
        return verify_chain(uow.journal.entries())
