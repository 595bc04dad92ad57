"""The sale and the business day move only along their allowed transitions."""

from __future__ import annotations

import itertools

import pytest

from pos.domain.day.business_day import DAY_TRANSITIONS, DayState, advance_day
from pos.domain.errors import Refused
from pos.domain.sale.record import SALE_TRANSITIONS, SaleState, advance_sale

S = SaleState
LEGAL_SALE_MOVES = {
    (S.AWAITING_PAYMENT, S.PENDING), (S.AWAITING_PAYMENT, S.CANCELLED),
    (S.PENDING, S.COMPLETED), (S.PENDING, S.SUSPENDED), (S.PENDING, S.VOIDED),
    (S.COMPLETED, S.VOIDED),
    (S.SUSPENDED, S.PENDING), (S.SUSPENDED, S.COMPLETED), (S.SUSPENDED, S.REFUNDED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_a_sale_moves_only_along_its_allowed_transitions(current: S, target: S) -> None:
    if (current, target) in LEGAL_SALE_MOVES:
        assert advance_sale(current, target, "GS2026112701000001") is target
    else:
        with pytest.raises(Refused) as refused:
            advance_sale(current, target, "GS2026112701000001")
        assert refused.value.code == "sale.illegal_transition"
        assert "GS2026112701000001" in refused.value.render("zh_CN")


def test_the_transition_table_is_the_documented_one() -> None:
    table = {(a, b) for a, targets in SALE_TRANSITIONS.items() for b in targets}
    assert table == LEGAL_SALE_MOVES


def test_final_states_and_what_holds_money() -> None:
    assert {s for s in S if s.final} == {S.VOIDED, S.CANCELLED, S.REFUNDED}
    assert {s for s in S if s.holds_money} == {S.PENDING, S.SUSPENDED}
    assert {s for s in S if s.reserves_gas} == {S.PENDING, S.COMPLETED, S.SUSPENDED}


def test_a_business_day_opens_settles_and_closes_for_ever() -> None:
    assert advance_day(DayState.OPEN, DayState.SETTLED) is DayState.SETTLED
    assert advance_day(DayState.SETTLED, DayState.SETTLED) is DayState.SETTLED  # recount
    assert advance_day(DayState.SETTLED, DayState.CLOSED) is DayState.CLOSED
    for target in DayState:
        with pytest.raises(Refused):
            advance_day(DayState.CLOSED, target, "2026-11-27")
    with pytest.raises(Refused):
        advance_day(DayState.OPEN, DayState.CLOSED)  # settle first (日结 before 日清)
    assert [s for s in DayState if s.accepts_postings] == [DayState.OPEN]
    assert DAY_TRANSITIONS[DayState.CLOSED] == frozenset()
