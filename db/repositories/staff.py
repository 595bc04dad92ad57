"""Staff members and their login state. A staff row is never deleted: sales, the journal and
the audit log keep naming its staff number (a leaver is disabled, docs/staff.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from db.models import StaffRow
from pos.domain.staff import Role, Staff


def _staff(row: StaffRow) -> Staff:
    return Staff(row.staff_no, row.name, Role(row.role), row.password_hash, row.active,
                 row.failed_logins, row.locked_until,
                 must_change_password=row.must_change_password,
                 password_changed_at=row.password_changed_at,
                 previous_password_hash=row.previous_password_hash,
                 last_login_at=row.last_login_at)


# built once, parameters bound at each call (docs/performance.md, "Many counters")
_STAFF = select(StaffRow).where(StaffRow.staff_no == bindparam("staff_no"))


class SqlStaffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, staff_no: str) -> Staff | None:
        row = self._session.scalars(_STAFF, {"staff_no": staff_no}).first()
        return None if row is None else _staff(row)

    def add(self, staff: Staff, *, at: datetime) -> None:
        self._session.add(StaffRow(
            staff_no=staff.staff_no, name=staff.name, role=staff.role.value,
            password_hash=staff.password_hash, active=staff.active,
            failed_logins=staff.failed_logins, locked_until=staff.locked_until,
            created_at=at, must_change_password=staff.must_change_password,
            password_changed_at=staff.password_changed_at or at,
            previous_password_hash=staff.previous_password_hash,
            last_login_at=staff.last_login_at,
        ))
        self._session.flush()

    def save_login_state(self, staff: Staff) -> None:
        self._session.execute(
            update(StaffRow).where(StaffRow.staff_no == staff.staff_no).values(
                failed_logins=staff.failed_logins, locked_until=staff.locked_until,
                password_hash=staff.password_hash, last_login_at=staff.last_login_at))

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(StaffRow)) or 0

    def all(self, *, lock: bool = False) -> list[Staff]:
        """Every staff member, disabled ones too, by staff number; ``lock``: their rows held
        until the transaction ends (two administrators' changes then run one after the other
        on PostgreSQL; SQLite's writer lock does that already)."""
        query = select(StaffRow).order_by(StaffRow.staff_no)
        rows = self._session.scalars(query.with_for_update() if lock else query)
        return [_staff(row) for row in rows]

    def save(self, staff: Staff) -> None:
        """An administrator's change: role, active, lock, password and its state."""
        self._session.execute(
            update(StaffRow).where(StaffRow.staff_no == staff.staff_no).values(
                name=staff.name, role=staff.role.value, active=staff.active,
                failed_logins=staff.failed_logins, locked_until=staff.locked_until,
                password_hash=staff.password_hash,
                must_change_password=staff.must_change_password,
                password_changed_at=staff.password_changed_at,
                previous_password_hash=staff.previous_password_hash,
                last_login_at=staff.last_login_at))
