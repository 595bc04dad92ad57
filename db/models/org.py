"""The company (utility), its service halls (营业厅) and their counters (窗口)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class CompanyRow(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # utility code, also on cards
    name: Mapped[str] = mapped_column(String(100))
    hotline: Mapped[str] = mapped_column(String(32))
    complaint_line: Mapped[str] = mapped_column(String(32))


class HallRow(Base):
    __tablename__ = "halls"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")


class CounterRow(Base):
    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id"))
    no: Mapped[str] = mapped_column(String(8), unique=True)  # in order numbers: GS+date+no+seq
    name: Mapped[str] = mapped_column(String(100))
