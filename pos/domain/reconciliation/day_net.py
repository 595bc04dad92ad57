"""One channel's money for one settlement day, as the statement and the ledger each add it up.

The statement's net is its gross − refunds − fees; the ledger's net uses the same fees, taken
explicitly from the statement row of each matched transaction (or the ledger's own fee where
no provider statement exists).  Whatever still differs is the sum of the transaction-level
findings of that day, recorded in ``causes`` with each finding's effect on the net.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos.domain.quantities import Money


@dataclass
class DayNet:
    statement_gross: Money = Money(0)  # payments, as the provider's rows state them
    statement_refunds: Money = Money(0)  # refunds: negative
    statement_fees: Money = Money(0)  # kept by the provider (refunds give theirs back)
    statement_rows: int = 0
    ledger_gross: Money = Money(0)
    ledger_refunds: Money = Money(0)
    ledger_fees: Money = Money(0)
    ledger_refs: list[str] = field(default_factory=list)
    fees_unknown: int = 0  # ledger entries whose fee nobody states (counted as zero)
    causes: list[tuple[str, Money]] = field(default_factory=list)  # (finding key, effect)

    @property
    def statement_net(self) -> Money:
        return self.statement_gross + self.statement_refunds - self.statement_fees

    @property
    def ledger_net(self) -> Money:
        return self.ledger_gross + self.ledger_refunds - self.ledger_fees

    def add_statement(self, amount: Money, fee: Money) -> None:
        if amount.fen < 0:
            self.statement_refunds += amount
        else:
            self.statement_gross += amount
        self.statement_fees += fee
        self.statement_rows += 1

    def add_ledger(self, ref: str, amount: Money, fee: Money | None) -> None:
        if amount.fen < 0:
            self.ledger_refunds += amount
        else:
            self.ledger_gross += amount
        if fee is None:
            self.fees_unknown += 1
        else:
            self.ledger_fees += fee
        self.ledger_refs.append(ref)

    def main_cause(self) -> str | None:
        """The finding with the largest effect (ties: the smallest key)."""
        causes = [(key, effect) for key, effect in self.causes if effect.fen != 0]
        if not causes:
            return None
        return min(causes, key=lambda cause: (-abs(cause[1].fen), cause[0]))[0]

    def cause_keys(self) -> list[str]:
        return sorted(key for key, effect in self.causes if effect.fen != 0)
