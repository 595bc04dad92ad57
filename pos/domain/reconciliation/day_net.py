"""One channel's money for one settlement day, as the statement and the ledger each add it up.

The statement's net is its gross − refunds − fees; the ledger's net uses the same fees, taken
explicitly from the statement row of each matched transaction (or the ledger's own fee where
no provider statement exists).  Whatever still differs is the sum of the transaction-level
findings of that day, recorded in ``causes`` with each finding's effect on the net.

The sums are kept in 分 (integers: a month adds up hundreds of thousands of rows) and read as
:class:`Money`.
"""

from __future__ import annotations

from pos.domain.quantities import Money


class DayNet:
    __slots__ = (
        "_ledger_fees",
        "_ledger_gross",
        "_ledger_refunds",
        "_statement_fees",
        "_statement_gross",
        "_statement_refunds",
        "causes",
        "fees_unknown",
        "ledger_refs",
        "statement_rows",
    )

    def __init__(self) -> None:
        self._statement_gross = 0  # payments, as the provider's rows state them
        self._statement_refunds = 0  # refunds: negative
        self._statement_fees = 0  # kept by the provider (refunds give theirs back)
        self.statement_rows = 0
        self._ledger_gross = 0
        self._ledger_refunds = 0
        self._ledger_fees = 0
        self.ledger_refs: list[str] = []
        self.fees_unknown = 0  # ledger entries whose fee nobody states (counted as zero)
        self.causes: list[tuple[str, Money]] = []  # (finding key, effect)

    @property
    def statement_gross(self) -> Money:
        return Money(self._statement_gross)

    @property
    def statement_refunds(self) -> Money:
        return Money(self._statement_refunds)

    @property
    def statement_fees(self) -> Money:
        return Money(self._statement_fees)

    @property
    def ledger_gross(self) -> Money:
        return Money(self._ledger_gross)

    @property
    def ledger_refunds(self) -> Money:
        return Money(self._ledger_refunds)

    @property
    def ledger_fees(self) -> Money:
        return Money(self._ledger_fees)

    @property
    def statement_net(self) -> Money:
        return Money(self._statement_gross + self._statement_refunds - self._statement_fees)

    @property
    def ledger_net(self) -> Money:
        return Money(self._ledger_gross + self._ledger_refunds - self._ledger_fees)

    def add_statement(self, amount: Money, fee: Money) -> None:
        if amount.fen < 0:
            self._statement_refunds += amount.fen
        else:
            self._statement_gross += amount.fen
        self._statement_fees += fee.fen
        self.statement_rows += 1

    def add_ledger(self, ref: str, amount: Money, fee: Money | None) -> None:
        if amount.fen < 0:
            self._ledger_refunds += amount.fen
        else:
            self._ledger_gross += amount.fen
        if fee is None:
            self.fees_unknown += 1
        else:
            self._ledger_fees += fee.fen
        self.ledger_refs.append(ref)

    def main_cause(self) -> str | None:
        """The finding with the largest effect (ties: the smallest key)."""
        causes = [(key, effect) for key, effect in self.causes if effect.fen != 0]
        if not causes:
            return None
        return min(causes, key=lambda cause: (-abs(cause[1].fen), cause[0]))[0]

    def cause_keys(self) -> list[str]:
        return sorted(key for key, effect in self.causes if effect.fen != 0)
