"""Suggestions: possible pairings of what the exact rules left over, for a person to accept.

Only a statement-only item and a ledger-only item of the same level and channel (a bank row
of no channel may pair with any) and of the same sign are paired.  The score (0–100) adds the
amount (50 if equal to the fen, up to 30 if close), the dates (30, less 3 a day apart) and the
references or 用途 (20 if one side's reference appears in the other's text).  Best pairs first,
each item at most once; nothing is ever accepted here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from pos.domain.messages import N_, Message
from pos.domain.reconciliation.items import ItemStatus, Level, ReconItem, content_key
from pos.domain.reconciliation.labels import BANK_CHANNEL
from pos.domain.reconciliation.rules import normalise

THRESHOLD = 60
AMOUNT_EQUAL, AMOUNT_CLOSE, DATE_POINTS, DATE_STEP, TEXT_POINTS = 50, 30, 30, 3, 20
_MIN_TOKEN = 4


def _amount_points(statement: int, ledger: int) -> int | None:
    if statement == ledger:
        return AMOUNT_EQUAL
    if (statement > 0) != (ledger > 0) or statement == 0 or ledger == 0:
        return None
    closeness = 1 - abs(statement - ledger) / max(abs(statement), abs(ledger))
    return int(AMOUNT_CLOSE * closeness)


def similarity(text: str, tokens: Sequence[str]) -> float:
    """1 when a reference appears in the text, else the best likeness of a reference to a word."""
    text = normalise(text)
    tokens = [normalise(token) for token in tokens if len(token) >= _MIN_TOKEN]
    if not tokens or not text:
        return 0.0
    if any(token in text for token in tokens):
        return 1.0
    words = [w for w in re.split(r"[^0-9a-z]+", text) if len(w) >= _MIN_TOKEN]
    return max((SequenceMatcher(None, token, word).ratio() for token in tokens for word in words),
               default=0.0)


def suggest(items: Sequence[ReconItem], statement_text: Mapping[str, str],
            ledger_tokens: Mapping[str, Sequence[str]]) -> list[ReconItem]:
    """``statement_text``: a statement row's references and 用途 by its id; ``ledger_tokens``:
    a ledger ref's (or slip's) references."""
    left = [i for i in items if i.status is ItemStatus.ONLY_IN_STATEMENT and i.caused_by is None
            and i.statement_amount is not None]
    right = [i for i in items if i.status is ItemStatus.ONLY_IN_LEDGER and i.caused_by is None
             and i.ledger_amount is not None]
    candidates = []
    for s in left:
        assert s.statement_amount is not None
        text = " ".join(statement_text.get(sid, "") for sid in s.statement)
        for g in right:
            assert g.ledger_amount is not None
            if s.level is not g.level or s.channel not in (g.channel, BANK_CHANNEL):
                continue
            amount = _amount_points(s.statement_amount.fen, g.ledger_amount.fen)
            if amount is None:
                continue
            days = abs((s.date - g.date).days)
            dates = max(0, DATE_POINTS - DATE_STEP * days)
            tokens = [t for ref in g.ledger for t in ledger_tokens.get(ref, (ref,))]
            if g.level is Level.SETTLEMENT:
                tokens += [g.date.strftime("%Y%m%d"), g.date.isoformat()]
            words = int(TEXT_POINTS * similarity(text, tokens) + 0.5)
            score = amount + dates + words
            if score >= THRESHOLD:
                candidates.append((score, amount, dates, words, s, g))
    candidates.sort(key=lambda c: (-c[0], c[4].key, c[5].key))
    used: set[str] = set()
    suggestions = []
    for score, amount, dates, words, s, g in candidates:
        if s.key in used or g.key in used:
            continue
        used.update((s.key, g.key))
        assert s.statement_amount is not None and g.ledger_amount is not None
        evidence = (Message(N_(
            "A possible pairing of {statement} with {ledger}, score {score} (amount {amount}, "
            "dates {dates}, references {references}): a person must accept it."), {
                "statement": s.key, "ledger": g.key, "score": score, "amount": amount,
                "dates": dates, "references": words}),)
        suggestions.append(ReconItem(
            content_key("G", [s.key, g.key]), ItemStatus.SUGGESTED, s.level, g.channel, s.date,
            s.statement, g.ledger, s.statement_amount, g.ledger_amount,
            s.statement_amount - g.ledger_amount, evidence, score=score))
    return suggestions
