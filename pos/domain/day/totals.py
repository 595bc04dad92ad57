"""A business day's totals, computed from its journal entries alone (日结).

The totals stored when a day closes are exactly :func:`day_totals` of its entries, so
``ledger verify`` can recompute them and name a day whose stored figures or entries were
changed.  Money that moved through a channel is the sum of the *money kinds*: advance receipts
(预收, money in), refunds (out), fees (in) and adjustments (either way).  A sale only moves money
from held to earned, over/short (长短款) is the count's difference with the drawer, and rounding
(抹零) is a discount booked — none of them is cash in or out of the drawer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pos.domain.journal import EntryKind, JournalDraft
from pos.domain.quantities import Money, Volume

MONEY_KINDS = frozenset({EntryKind.ADVANCE_RECEIPT, EntryKind.REFUND, EntryKind.FEE,
                         EntryKind.ADJUSTMENT})
CASH = "cash"
TOTALS_VERSION = 1


@dataclass(frozen=True)
class KindTotal:
    count: int = 0
    amount: Money = Money(0)
    volume: Volume = Volume(0)

    def plus(self, amount: Money, volume: Volume) -> KindTotal:
        return KindTotal(self.count + 1, self.amount + amount, self.volume + volume)


@dataclass(frozen=True)
class DayTotals:
    entries: int = 0
    last_seq: int = 0
    by_kind: Mapping[str, KindTotal] = field(default_factory=dict)
    by_channel: Mapping[str, Money] = field(default_factory=dict)  # net money per channel
    cash_in: Money = Money(0)
    cash_out: Money = Money(0)  # positive: what left the drawer

    def kind(self, kind: EntryKind) -> KindTotal:
        return self.by_kind.get(kind.value, KindTotal())

    def channel(self, channel: str) -> Money:
        return self.by_channel.get(channel, Money(0))

    def expected_cash(self, opening_float: Money) -> Money:
        """What the drawer should hold: the float + cash in − cash out."""
        return opening_float + self.cash_in - self.cash_out

    @property
    def over_short(self) -> Money:
        return self.kind(EntryKind.CASH_OVER_SHORT).amount

    def as_document(self) -> dict[str, object]:
        """The canonical form stored with the close (integers only; keys sorted on dump)."""
        return {
            "v": TOTALS_VERSION,
            "entries": self.entries,
            "last_seq": self.last_seq,
            "cash_in_fen": self.cash_in.fen,
            "cash_out_fen": self.cash_out.fen,
            "channels": {name: money.fen for name, money in sorted(self.by_channel.items())},
            "kinds": {name: {"count": t.count, "amount_fen": t.amount.fen,
                             "volume_m3x100": t.volume.hundredths}
                      for name, t in sorted(self.by_kind.items())},
        }


def day_totals(entries: Iterable[JournalDraft]) -> DayTotals:
    """Sum one day's entries (the caller picks the day's entries; their order does not matter)."""
    builder = TotalsBuilder()
    for entry in entries:
        builder.add(entry)
    return builder.result()


class TotalsBuilder:
    """:func:`day_totals`, one entry at a time (``ledger verify`` sums every closed day while it
    walks the chain once)."""

    def __init__(self) -> None:
        self._count = 0
        self._last_seq = 0
        self._kinds: dict[str, list[int]] = {}  # kind: [count, fen, hundredths], summed as ints
        self._channels: dict[str, int] = {}
        self._cash_in = 0
        self._cash_out = 0

    def add(self, entry: JournalDraft) -> None:
        self._count += 1
        seq = getattr(entry, "seq", 0)
        self._last_seq = max(self._last_seq, seq)
        fen = entry.amount.fen
        kind = self._kinds.get(entry.kind.value)
        if kind is None:
            kind = self._kinds[entry.kind.value] = [0, 0, 0]
        kind[0] += 1
        kind[1] += fen
        kind[2] += entry.volume.hundredths
        channel = entry.channel
        if channel is None or entry.kind not in MONEY_KINDS:
            return
        self._channels[channel] = self._channels.get(channel, 0) + fen
        if channel == CASH:
            if fen >= 0:
                self._cash_in += fen
            else:
                self._cash_out -= fen

    def result(self) -> DayTotals:
        return DayTotals(self._count, self._last_seq,
                         {name: KindTotal(count, Money(fen), Volume(hundredths))
                          for name, (count, fen, hundredths) in self._kinds.items()},
                         {name: Money(fen) for name, fen in self._channels.items()},
                         Money(self._cash_in), Money(self._cash_out))


@dataclass(frozen=True)
class EntrySum:
    """The entries of one day that share a kind, a channel and the sign of their amount, summed
    (what a database can add up without handing over a row): :func:`totals_of_sums` of a day's
    sums is exactly :func:`day_totals` of its entries."""

    kind: str
    channel: str | None
    inflow: bool  # amount >= 0
    count: int
    amount_fen: int
    volume_hundredths: int
    last_seq: int


def sums_of(entries: Iterable[JournalDraft]) -> list[EntrySum]:
    """The entries grouped and summed as :class:`EntrySum` (what the repository's query does)."""
    groups: dict[tuple[str, str | None, bool], list[int]] = {}
    for entry in entries:
        key = (entry.kind.value, entry.channel, entry.amount.fen >= 0)
        group = groups.setdefault(key, [0, 0, 0, 0])
        group[0] += 1
        group[1] += entry.amount.fen
        group[2] += entry.volume.hundredths
        group[3] = max(group[3], getattr(entry, "seq", 0))
    return [EntrySum(kind, channel, inflow, *values)
            for (kind, channel, inflow), values in groups.items()]


def totals_of_sums(sums: Iterable[EntrySum]) -> DayTotals:
    """:func:`day_totals` from the day's :class:`EntrySum` groups (in any order)."""
    money_kinds = {kind.value for kind in MONEY_KINDS}
    count = last_seq = cash_in = cash_out = 0
    kinds: dict[str, tuple[int, int, int]] = {}
    channels: dict[str, int] = {}
    for s in sums:
        count += s.count
        last_seq = max(last_seq, s.last_seq)
        n, fen, volume = kinds.get(s.kind, (0, 0, 0))
        kinds[s.kind] = (n + s.count, fen + s.amount_fen, volume + s.volume_hundredths)
        if s.kind not in money_kinds or s.channel is None:
            continue
        channels[s.channel] = channels.get(s.channel, 0) + s.amount_fen
        if s.channel == CASH:
            if s.inflow:
                cash_in += s.amount_fen
            else:
                cash_out -= s.amount_fen
    return DayTotals(count, last_seq,
                     {kind: KindTotal(n, Money(fen), Volume(volume))
                      for kind, (n, fen, volume) in kinds.items()},
                     {channel: Money(fen) for channel, fen in channels.items()},
                     Money(cash_in), Money(cash_out))


def totals_from_document(document: Mapping[str, object]) -> DayTotals:
    """Read back what :meth:`DayTotals.as_document` stored (a malformed one raises ValueError)."""
    try:
        kinds = document["kinds"]
        channels = document["channels"]
        if not isinstance(kinds, Mapping) or not isinstance(channels, Mapping):
            raise ValueError("kinds and channels must be objects")
        return DayTotals(
            entries=_int(document["entries"]), last_seq=_int(document["last_seq"]),
            by_kind={str(name): KindTotal(_int(t["count"]), Money(_int(t["amount_fen"])),
                                          Volume(_int(t["volume_m3x100"])))
                     for name, t in kinds.items()},
            by_channel={str(name): Money(_int(fen)) for name, fen in channels.items()},
            cash_in=Money(_int(document["cash_in_fen"])),
            cash_out=Money(_int(document["cash_out_fen"])))
    except (KeyError, TypeError) as error:
        raise ValueError(f"malformed day totals: {error}") from error


def _int(value: object) -> int:
    if type(value) is not int:
        raise ValueError(f"expected an integer, found {value!r}")
    return value
