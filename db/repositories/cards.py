"""What the ledger knows of each card: the record last proven on it, the writes recorded before
the card was touched, and whether it was seen as a restored copy (docs/security.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, case, insert, select, update
from sqlalchemy.orm import Session

from db.models import CardRow, CardWriteRow, MeterReportRow
from pos.domain.cards.contents import MeterAlarm, MeterReport
from pos.domain.cards.knowledge import CardKnowledge, CardWrite, KnownRecord, WritePurpose
from pos.domain.quantities import Volume

PROVEN, ABANDONED = "proven", "abandoned"


# built once, parameters bound at each call (docs/performance.md, "Many counters")
_CARD = select(CardRow).where(CardRow.card_no == bindparam("card_no"))
_OPEN_WRITES = (select(CardWriteRow).where(CardWriteRow.card_id == bindparam("card_id"),
                                           CardWriteRow.ended_at.is_(None))
                .order_by(CardWriteRow.id))
_NEWEST_REPORT = (select(MeterReportRow).where(MeterReportRow.meter_no == bindparam("meter_no"))
                  .order_by(MeterReportRow.meter_seq.desc(),
                            MeterReportRow.cumulative_use_m3x100.desc(),
                            MeterReportRow.id.desc()).limit(1))
_NEWEST_REPORT_FROM = _NEWEST_REPORT.where(MeterReportRow.card_no == bindparam("card_no"))


class SqlCardLedger:
    def __init__(self, session: Session) -> None:
        self._session = session

    def knowledge(self, card_no: str, meter_no: str) -> CardKnowledge | None:
        """What is known of ``card_no``; its newest meter report is the one for ``meter_no``
        (the meter its record names now).  None: no such card."""
        card = self._card(card_no)
        if card is None:
            return None
        proven = None
        if card.known_seq is not None:
            proven = KnownRecord(card.known_seq, Volume(card.known_cumulative_m3x100 or 0),
                                 Volume(card.known_pending_m3x100 or 0),
                                 card.known_meter_no or "")
        writes = tuple(_write(row) for row in self._session.scalars(
            _OPEN_WRITES, {"card_id": card.id}))
        return CardKnowledge(card_no, proven, writes,
                             newest_report(self._session, meter_no, card_no=card_no),
                             card.rolled_back_at)

    def start_write(self, card_no: str, purpose: WritePurpose, target: KnownRecord, *,
                    order_no: str | None, staff_no: str | None, at: datetime) -> CardWrite:
        """One INSERT, the card found by a subquery in it (an unknown card leaves its NOT NULL
        ``card_id`` empty: the INSERT is refused)."""
        written = self._session.execute(insert(CardWriteRow).values(
            card_id=select(CardRow.id).where(CardRow.card_no == card_no).scalar_subquery(),
            purpose=purpose.value, order_no=order_no, target_seq=target.seq,
            target_cumulative_m3x100=target.cumulative.hundredths,
            target_pending_m3x100=target.pending.hundredths, target_meter_no=target.meter_no,
            staff_no=staff_no, started_at=at)
            .returning(CardWriteRow.id)).scalar_one()
        return CardWrite(written, purpose, target, order_no, at)

    def prove(self, card_no: str, record: KnownRecord, *, at: datetime) -> None:
        """The card carries ``record`` now (written and read back): it becomes the proven
        record; the open write that aimed at it (its target matches: sequence, cumulative
        volume, meter) is proven, every other open write abandoned.  Two UPDATEs."""
        card_id = self._session.execute(
            update(CardRow).where(CardRow.card_no == card_no).values(
                known_seq=record.seq, known_meter_no=record.meter_no,
                known_cumulative_m3x100=record.cumulative.hundredths,
                known_pending_m3x100=record.pending.hundredths)
            .returning(CardRow.id)  # a CardRow loaded in this session is kept in step
        ).scalar_one_or_none()
        if card_id is None:
            return
        hit = and_(CardWriteRow.target_seq == record.seq,
                   CardWriteRow.target_cumulative_m3x100 == record.cumulative.hundredths,
                   CardWriteRow.target_meter_no == record.meter_no)
        self._session.execute(
            update(CardWriteRow).where(CardWriteRow.card_id == card_id,
                                       CardWriteRow.ended_at.is_(None))
            .values(ended_at=at, outcome=case((hit, PROVEN), else_=ABANDONED))
            .execution_options(synchronize_session=False))

    def end_writes(self, card_no: str, *, order_no: str, at: datetime) -> None:
        """Abandon the open writes of sale ``order_no`` (the card is known not to carry them)."""
        card = self._card(card_no)
        if card is None:
            return
        self._session.execute(update(CardWriteRow).where(
            CardWriteRow.card_id == card.id, CardWriteRow.order_no == order_no,
            CardWriteRow.ended_at.is_(None)).values(ended_at=at, outcome=ABANDONED))

    def mark_rolled_back(self, card_no: str, *, at: datetime) -> None:
        self._session.execute(update(CardRow).where(
            CardRow.card_no == card_no, CardRow.rolled_back_at.is_(None)).values(
            rolled_back_at=at))

    def _card(self, card_no: str) -> CardRow | None:
        return self._session.scalars(_CARD, {"card_no": card_no}).first()


def newest_report(session: Session, meter_no: str, *, card_no: str | None = None
                  ) -> MeterReport | None:
    """The newest write-back of ``meter_no`` the counter has read (from ``card_no`` only, if
    given): a meter's loaded sequence and cumulative use only grow."""
    if card_no is None:
        row = session.scalars(_NEWEST_REPORT, {"meter_no": meter_no}).first()
    else:
        row = session.scalars(_NEWEST_REPORT_FROM,
                              {"meter_no": meter_no, "card_no": card_no}).first()
    if row is None:
        return None
    return MeterReport(row.meter_seq, Volume(row.remaining_m3x100),
                       Volume(row.cumulative_use_m3x100),
                       frozenset(MeterAlarm(a) for a in row.alarms.split(",") if a))


def _write(row: CardWriteRow) -> CardWrite:
    return CardWrite(row.id, WritePurpose(row.purpose), KnownRecord(
        row.target_seq, Volume(row.target_cumulative_m3x100), Volume(row.target_pending_m3x100),
        row.target_meter_no), row.order_no, row.started_at)
