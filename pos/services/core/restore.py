"""Restoring a SQLite ledger from a backup (``gaspos db restore``, docs/cli.md).

An administrator only.  The backup is copied beside the ledger and that copy is checked — it
opens, ``PRAGMA integrity_check``, the gaspos schema at a known revision (db.restore) — then its
journal, closed days and sales are verified exactly as ``gaspos ledger verify`` does
(pos.services.core.ledger), without this counter's anchor file (the backup is older than the
last head written here, by design).  Only then, with no other gaspos process on the ledger, is
the copy renamed into place; the replaced ledger stays beside it under a timestamped name.

Afterwards the restored ledger carries an audit event naming the backup, the kept file and the
journal head that was replaced, and this counter's anchor file gets the restored head as its
newest line (its earlier lines stay: the file is append-only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pos.domain.audit import AuditAction
from pos.domain.errors import IntegrityFailure
from pos.domain.messages import N_, Message
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services
from pos.services.core.ledger import LedgerReport, verify_ledger
from pos.services.ports import AnchorHead


@dataclass(frozen=True)
class Restored:
    path: Path
    kept: Path
    backup_revision: str
    ledger: LedgerReport


class _NoAnchors:
    """The backup is judged on its own: no anchor of this counter applies to it."""

    def where(self) -> str:
        return ""

    def latest(self) -> AnchorHead | None:
        return None

    def record(self, seq: int, head: str, at: datetime) -> None:
        return None


def restore_ledger(svc: Services, operator: Operator, backup: Path) -> Restored:
    authorize(svc, operator, Permission.MANAGE_STAFF, subject=str(backup))
    stamp = svc.clock.now().strftime("%Y%m%d-%H%M%S")
    with svc.uow() as uow:
        replaced_seq, replaced_head = uow.journal.head()
    staged = svc.database.stage_restore(backup, stamp=stamp)
    try:
        report = verify_ledger(replace(svc, uow=staged.uow(), anchors=_NoAnchors()))
        if not report.intact:
            raise IntegrityFailure("db.restore_unverified", N_(
                "The backup {path} does not pass “gaspos ledger verify”: {why} The ledger is "
                "unchanged."), path=str(backup), why=_first_problem(report))
        done = svc.database.finish_restore(staged, stamp=stamp)
    except BaseException:
        staged.discard()
        raise
    with svc.uow(write=True) as uow:
        seq, head = uow.journal.head()
        audit_trail.record(svc, uow, operator.staff_no, AuditAction.DATABASE_RESTORED,
                           backup.name, backup=str(backup), kept=str(done.kept),
                           revision=staged.revision, restored_seq=seq,
                           replaced_seq=replaced_seq, replaced_head=replaced_head)
        uow.commit()
    if seq:
        svc.anchors.record(seq, head, svc.clock.now())
    return Restored(done.path, done.kept, staged.revision, report)


def _first_problem(report: LedgerReport) -> Message:
    broken = report.chain.first_break
    if broken is not None:
        return Message(N_("the journal is broken at entry {seq}: {why}"),
                       {"seq": broken.seq, "why": broken.message})
    problems = [p.message for p in report.day_problems] + [
        p.message for p in report.sale_problems]
    return problems[0] if problems else Message(N_("a check failed."))
