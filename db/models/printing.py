"""The print queue: every document is printed at least once; reprints are marked 补打."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, UTCDateTime


class PrintJobRow(Base):
    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    kind: Mapped[str] = mapped_column(String(32))  # sale_receipt, void_slip, first_use …
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    document: Mapped[str] = mapped_column(Text)  # the document model as JSON
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued, sending, printed
    attempts: Mapped[int] = mapped_column(default=0)
    reprint_no: Mapped[int] = mapped_column(default=0)  # 0: the original; n: the n-th 补打
    uncertain: Mapped[bool] = mapped_column(default=False)  # an attempt may have reached paper
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when sending began
