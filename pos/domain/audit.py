"""Audit events: who did what sensitive thing, when, to what."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pos.domain.messages import N_, Message


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_LOCKED = "login_locked"  # the fifth wrong password locked the staff account
    APPROVAL = "approval"
    APPROVAL_FAILED = "approval_failed"
    PERMISSION_DENIED = "permission_denied"
    STAFF_ADDED = "staff_added"
    ACCOUNT_ADDED = "account_added"
    TARIFF_SET = "tariff_set"
    TARIFF_REPLACED = "tariff_replaced"
    PERSONAL_DATA_REVEALED = "personal_data_revealed"
    DEMO_SEEDED = "demo_seeded"
    DAY_OPENED = "day_opened"
    DRAWER_HANDED_OVER = "drawer_handed_over"  # 交接班
    DAY_SETTLED = "day_settled"  # 日结
    DAY_CLOSED = "day_closed"  # 日清
    DEPOSIT_RECORDED = "deposit_recorded"  # 缴款单
    MONEY_ENTRY = "money_entry"  # a refund or adjustment without gas
    HISTORY_IMPORTED = "history_imported"  # past days from a previous system
    STATEMENT_IMPORTED = "statement_imported"
    MAPPING_SAVED = "mapping_saved"  # a bank's or acquirer's column layout, for later imports
    MONTH_RECONCILED = "month_reconciled"
    ITEM_RESOLVED = "item_resolved"
    MONTH_LOCKED = "month_locked"
    CARD_FORMATTED = "card_formatted"
    KEYS_CREATED = "keys_created"
    KEYS_ROTATED = "keys_rotated"
    KEYS_IMPORTED = "keys_imported"
    MERCHANT_SET = "merchant_set"  # a payment provider's merchant credentials (no values)
    MERCHANT_REMOVED = "merchant_removed"
    CARD_ISSUED = "card_issued"
    CARD_REPLACED = "card_replaced"
    METER_CHANGED = "meter_changed"
    SAFETY_OVERRIDE = "safety_override"
    ACCOUNT_STATUS = "account_status"
    ORGANISATION = "organisation"
    RECEIPT_REPRINTED = "receipt_reprinted"
    DRAWER_OPENED = "drawer_opened"  # opened without a sale (no-sale)
    HOUSEHOLDS_SEARCHED = "households_searched"  # who looked for whom (by name, phone …)
    CARD_ROLLED_BACK = "card_rolled_back"  # a card seen older than the ledger knows: a copy
    CARD_RESTORED = "card_restored"  # the ledger's known record written back (supervisor)
    METER_CREDIT_APPROVED = "meter_credit_approved"  # more carried than the ledger vouches for
    STAFF_DISABLED = "staff_disabled"  # staff administration (docs/staff.md)
    STAFF_ENABLED = "staff_enabled"
    STAFF_UNLOCKED = "staff_unlocked"
    STAFF_ROLE_CHANGED = "staff_role_changed"
    STAFF_PASSWORD_RESET = "staff_password_reset"  # noqa: S105 - an action, not a secret
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - by the staff member, old one given
    DATABASE_RESTORED = "database_restored"  # a SQLite ledger replaced by a backup
    HOUSEHOLDS_IMPORTED = "households_imported"  # from a previous system (docs/going-live.md)
    CARD_LOST = "card_lost"  # 挂失
    CARD_FOUND = "card_found"  # 解挂
    CARD_BLOCKED = "card_blocked"  # 停用
    CARD_UNBLOCKED = "card_unblocked"
    ACCOUNT_EDITED = "account_edited"  # phone, address, household size, category (before/after)

    @property
    def label(self) -> Message:
        return Message(_LABELS[self])


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor: str | None  # staff number; None: the system acted
    action: AuditAction
    subject: str = ""
    counter_no: str | None = None
    details: Mapping[str, str | int | bool | None] = field(default_factory=dict)


_LABELS = {
    AuditAction.LOGIN: N_("logged in"),
    AuditAction.LOGIN_FAILED: N_("failed login"),
    AuditAction.LOGIN_LOCKED: N_("locked after wrong passwords"),
    AuditAction.APPROVAL: N_("approved"),
    AuditAction.APPROVAL_FAILED: N_("approval refused"),
    AuditAction.PERMISSION_DENIED: N_("refused: no permission"),
    AuditAction.STAFF_ADDED: N_("staff added"),
    AuditAction.ACCOUNT_ADDED: N_("account opened"),
    AuditAction.TARIFF_SET: N_("tariff set"),
    AuditAction.TARIFF_REPLACED: N_("tariff corrected"),
    AuditAction.PERSONAL_DATA_REVEALED: N_("personal data revealed"),
    AuditAction.DEMO_SEEDED: N_("demo data created"),
    AuditAction.DAY_OPENED: N_("business day opened"),
    AuditAction.DRAWER_HANDED_OVER: N_("drawer handed over"),
    AuditAction.DAY_SETTLED: N_("business day settled"),
    AuditAction.DAY_CLOSED: N_("business day closed"),
    AuditAction.DEPOSIT_RECORDED: N_("deposit slip recorded"),
    AuditAction.MONEY_ENTRY: N_("money-only entry"),
    AuditAction.HISTORY_IMPORTED: N_("history imported"),
    AuditAction.STATEMENT_IMPORTED: N_("statement imported"),
    AuditAction.MAPPING_SAVED: N_("statement column mapping saved"),
    AuditAction.MONTH_RECONCILED: N_("month reconciled"),
    AuditAction.ITEM_RESOLVED: N_("reconciliation item resolved"),
    AuditAction.MONTH_LOCKED: N_("month locked"),
    AuditAction.CARD_FORMATTED: N_("card formatted"),
    AuditAction.KEYS_CREATED: N_("card keys created"),
    AuditAction.KEYS_ROTATED: N_("card keys rotated"),
    AuditAction.KEYS_IMPORTED: N_("card keys imported"),
    AuditAction.MERCHANT_SET: N_("payment merchant credentials set"),
    AuditAction.MERCHANT_REMOVED: N_("payment merchant credentials removed"),
    AuditAction.CARD_ISSUED: N_("card issued"),
    AuditAction.CARD_REPLACED: N_("replacement card issued"),
    AuditAction.METER_CHANGED: N_("meter changed"),
    AuditAction.SAFETY_OVERRIDE: N_("safety hold overridden"),
    AuditAction.ACCOUNT_STATUS: N_("account status changed"),
    AuditAction.ORGANISATION: N_("company, hall or counter set up"),
    AuditAction.RECEIPT_REPRINTED: N_("receipt reprinted (补打)"),
    AuditAction.DRAWER_OPENED: N_("cash drawer opened without a sale"),
    AuditAction.HOUSEHOLDS_SEARCHED: N_("searched for households"),
    AuditAction.CARD_ROLLED_BACK: N_("card seen as a restored copy"),
    AuditAction.CARD_RESTORED: N_("card restored to the ledger's record"),
    AuditAction.METER_CREDIT_APPROVED: N_("meter change credit above the known stock approved"),
    AuditAction.STAFF_DISABLED: N_("staff member disabled"),
    AuditAction.STAFF_ENABLED: N_("staff member enabled again"),
    AuditAction.STAFF_UNLOCKED: N_("staff member unlocked"),
    AuditAction.STAFF_ROLE_CHANGED: N_("staff role changed"),
    AuditAction.STAFF_PASSWORD_RESET: N_("password reset by an administrator"),
    AuditAction.PASSWORD_CHANGED: N_("password changed"),
    AuditAction.DATABASE_RESTORED: N_("ledger restored from a backup"),
    AuditAction.HOUSEHOLDS_IMPORTED: N_("households imported from the previous system"),
    AuditAction.CARD_LOST: N_("card reported lost (挂失)"),
    AuditAction.CARD_FOUND: N_("lost card found (解挂)"),
    AuditAction.CARD_BLOCKED: N_("card blocked (停用)"),
    AuditAction.CARD_UNBLOCKED: N_("card unblocked"),
    AuditAction.ACCOUNT_EDITED: N_("account details changed"),
}
