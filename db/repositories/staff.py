"""Staff members and their login state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import StaffRow
from pos.domain.staff import Role, Staff


class SqlStaffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, staff_no: str) -> Staff | None:
        row = self._session.scalars(select(StaffRow).where(StaffRow.staff_no == staff_no)).first()
        if row is None:
            return None
        return Staff(row.staff_no, row.name, Role(row.role), row.password_hash, row.active,
                     row.failed_logins, row.locked_until)

    def add(self, staff: Staff, *, at: datetime) -> None:
        self._session.add(StaffRow(
            staff_no=staff.staff_no, name=staff.name, role=staff.role.value,
            password_hash=staff.password_hash, active=staff.active,
            failed_logins=staff.failed_logins, locked_until=staff.locked_until,
            created_at=at,
        ))
        self._session.flush()

    def save_login_state(self, staff: Staff) -> None:
        self._session.execute(
            update(StaffRow).where(StaffRow.staff_no == staff.staff_no).values(
                failed_logins=staff.failed_logins, locked_until=staff.locked_until,
                password_hash=staff.password_hash))

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(StaffRow)) or 0
