"""Staff, their roles and what each role may do (docs/design.md "Who uses it").

Only staff whose role may take money can sell (非收费人员和部门不得收费).  A supervisor
(值班长) approves what a clerk may not do alone.  Five wrong passwords lock a staff account for
fifteen minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_, Message

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


class Role(StrEnum):
    CLERK = "clerk"  # 售气员 / 收费员
    SUPERVISOR = "supervisor"  # 值班长
    CASHIER = "cashier"  # 出纳
    FINANCE = "finance"  # 财务
    ADMIN = "admin"  # 管理员

    @property
    def label(self) -> Message:
        return Message(_ROLE_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise BadInput(
                "role.unknown", N_("Unknown role “{text}”: use one of {choices}."),
                text=text, choices=", ".join(r.value for r in cls),
            ) from None


class Permission(StrEnum):
    LOOK_UP = "look_up"  # read cards, look up households
    SELL = "sell"
    ISSUE_CARD = "issue_card"  # first card and replacement card (补卡)
    REWRITE_CARD = "rewrite_card"  # 补写卡
    CHANGE_METER = "change_meter"  # 换表
    REPRINT = "reprint"  # 补打
    OPEN_DRAWER = "open_drawer"
    APPROVE = "approve"  # voids, safety-hold overrides, suspending a sale, over/short
    MANAGE_DAY = "manage_day"  # open/settle/close a business day, deposit slips
    RECONCILE = "reconcile"  # import statements, reconcile, resolve items, lock a month
    MANAGE_ACCOUNTS = "manage_accounts"  # accounts and meters
    MANAGE_TARIFFS = "manage_tariffs"
    MANAGE_STAFF = "manage_staff"
    MANAGE_KEYS = "manage_keys"
    MANAGE_DEVICES = "manage_devices"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"  # unmasked; audited each time
    VIEW_REPORTS = "view_reports"  # the halls' and the company's day and month reports
    READ_AUDIT = "read_audit"  # the audit log (docs/audit.md)

    @property
    def label(self) -> Message:
        return Message(_PERMISSION_LABELS[self])


_COUNTER_WORK = frozenset({
    Permission.SELL, Permission.ISSUE_CARD, Permission.REWRITE_CARD, Permission.CHANGE_METER,
    Permission.REPRINT, Permission.OPEN_DRAWER,
})
_ADMINISTRATION = frozenset({
    Permission.MANAGE_ACCOUNTS, Permission.MANAGE_TARIFFS, Permission.MANAGE_STAFF,
    Permission.MANAGE_KEYS, Permission.MANAGE_DEVICES,
})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.LOOK_UP}) | _COUNTER_WORK,
    Role.SUPERVISOR: frozenset({
        Permission.LOOK_UP, Permission.APPROVE, Permission.MANAGE_DAY,
        Permission.REVEAL_PERSONAL_DATA, Permission.VIEW_REPORTS, Permission.READ_AUDIT,
    }) | _COUNTER_WORK,
    Role.CASHIER: frozenset({Permission.LOOK_UP, Permission.MANAGE_DAY}),
    Role.FINANCE: frozenset({Permission.LOOK_UP, Permission.RECONCILE, Permission.VIEW_REPORTS}),
    Role.ADMIN: frozenset({Permission.LOOK_UP, Permission.REVEAL_PERSONAL_DATA,
                           Permission.VIEW_REPORTS, Permission.READ_AUDIT})
    | _ADMINISTRATION,
}


@dataclass(frozen=True)
class Staff:
    staff_no: str
    name: str
    role: Role
    password_hash: str
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    must_change_password: bool = False  # a reset (temporary) password: changed at next login
    password_changed_at: datetime | None = None  # for expiry (None: never changed)
    previous_password_hash: str | None = None  # the one replaced: not to be used again
    last_login_at: datetime | None = None

    def may(self, permission: Permission) -> bool:
        return self.active and permission in ROLE_PERMISSIONS[self.role]

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failed_login(self, now: datetime) -> Staff:
        """One more wrong password; the fifth in a row locks the account for 15 minutes."""
        failures = self.failed_logins + 1
        if failures >= MAX_FAILED_LOGINS:
            return replace(self, failed_logins=0, locked_until=now + LOCKOUT)
        return replace(self, failed_logins=failures)

    def after_login(self, now: datetime | None = None) -> Staff:
        return replace(self, failed_logins=0, locked_until=None,
                       last_login_at=now if now is not None else self.last_login_at)

    def state_at(self, now: datetime) -> StaffState:
        if not self.active:
            return StaffState.DISABLED
        if self.locked_at(now):
            return StaffState.LOCKED
        return StaffState.ACTIVE

    def password_due(self, now: datetime, expiry_days: int) -> PasswordDue | None:
        """Why the password must be changed before anything else (None: it need not)."""
        if self.must_change_password:
            return PasswordDue.RESET
        if expiry_days > 0 and self.password_changed_at is not None and (
                now >= self.password_changed_at + timedelta(days=expiry_days)):
            return PasswordDue.EXPIRED
        return None

    def with_password(self, password_hash: str, now: datetime, *, temporary: bool) -> Staff:
        """A new password: the one it replaces is remembered (not to be used again)."""
        return replace(self, password_hash=password_hash, password_changed_at=now,
                       previous_password_hash=self.password_hash,
                       must_change_password=temporary, failed_logins=0, locked_until=None)


class PasswordChangeRequired(Refused):
    """The password was right, but it was reset or has expired: a new one first."""

    def __init__(self, staff_no: str, due: PasswordDue) -> None:
        msgid = (N_("Staff {staff_no}: the password was reset by an administrator and must be "
                    "changed before anything else: run “gaspos passwd --operator {staff_no}” "
                    "(or sign in at the counter app, which asks for a new one).")
                 if due is PasswordDue.RESET else
                 N_("Staff {staff_no}: the password has expired and must be changed before "
                    "anything else: run “gaspos passwd --operator {staff_no}” (or sign in at "
                    "the counter app, which asks for a new one)."))
        super().__init__(f"auth.password_{due.value}", msgid, staff_no=staff_no)
        self.staff_no, self.due = staff_no, due


class StaffState(StrEnum):
    """What the staff table shows: disabled wins over locked."""

    ACTIVE = "active"
    DISABLED = "disabled"
    LOCKED = "locked"

    @property
    def label(self) -> Message:
        return Message(_STATE_LABELS[self])


class PasswordDue(StrEnum):
    RESET = "reset"  # an administrator set a temporary password
    EXPIRED = "expired"  # older than the configured number of days


@dataclass(frozen=True)
class Operator:
    """A staff member who has proved who they are (logged in, or approving now)."""

    staff_no: str
    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


def check_approver(operator_no: str, approver: Operator,
                   permission: Permission = Permission.APPROVE) -> None:
    """An approval is another person's: never the operator's own, and from a role that may."""
    if approver.staff_no == operator_no:
        raise Refused("approval.self",
                      N_("Staff {staff_no} cannot approve what they do themselves: another "
                         "person must approve it."), staff_no=approver.staff_no)
    if not approver.may(permission):
        raise Refused("auth.cannot_approve",
                      N_("Staff {staff_no} ({role}) may not approve this: a supervisor must."),
                      staff_no=approver.staff_no, role=approver.role.label)


@dataclass(frozen=True)
class PasswordRules:
    """What a new password must be (the ``[password]`` settings, docs/staff.md)."""

    min_length: int = MIN_PASSWORD_LENGTH
    letters_and_digits: bool = False  # at least one letter and one digit
    expiry_days: int = 0  # 0: never expires

    def check(self, password: str, staff_no: str) -> str:
        if len(password) < self.min_length:
            raise BadInput(
                "password.too_short", N_("A password needs at least {n} characters."),
                n=self.min_length,
            )
        if password.strip() == staff_no or password.isspace():
            raise BadInput("password.weak", N_("The password must not be the staff number."))
        if self.letters_and_digits and not (
                any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise BadInput("password.letters_and_digits",
                           N_("The password must contain both letters and digits."))
        return password


def check_new_password(password: str, staff_no: str,
                       rules: PasswordRules = PasswordRules()) -> str:
    return rules.check(password, staff_no)


_STATE_LABELS = {
    StaffState.ACTIVE: N_("active"),
    StaffState.DISABLED: N_("disabled"),
    StaffState.LOCKED: N_("locked"),
}
_ROLE_LABELS = {
    Role.CLERK: N_("clerk"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.CASHIER: N_("cashier"),
    Role.FINANCE: N_("finance"),
    Role.ADMIN: N_("administrator"),
}
_PERMISSION_LABELS = {
    Permission.LOOK_UP: N_("read cards and look up households"),
    Permission.SELL: N_("sell gas"),
    Permission.ISSUE_CARD: N_("issue or replace cards"),
    Permission.REWRITE_CARD: N_("rewrite a card"),
    Permission.CHANGE_METER: N_("change a meter"),
    Permission.REPRINT: N_("reprint receipts"),
    Permission.OPEN_DRAWER: N_("open the cash drawer"),
    Permission.APPROVE: N_("approve voids, overrides, suspensions and over/short"),
    Permission.MANAGE_DAY: N_("open, settle and close business days"),
    Permission.RECONCILE: N_("import statements and reconcile the month"),
    Permission.MANAGE_ACCOUNTS: N_("manage accounts and meters"),
    Permission.MANAGE_TARIFFS: N_("manage tariffs"),
    Permission.MANAGE_STAFF: N_("manage staff"),
    Permission.MANAGE_KEYS: N_("manage card keys"),
    Permission.MANAGE_DEVICES: N_("manage devices"),
    Permission.REVEAL_PERSONAL_DATA: N_("see unmasked personal data"),
    Permission.VIEW_REPORTS: N_("see the halls' and the company's reports"),
    Permission.READ_AUDIT: N_("read the audit log"),
}
