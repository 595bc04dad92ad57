"""Names of channels and statement sources as the evidence shows them."""

from __future__ import annotations

from pos.domain.messages import N_, Message
from pos.domain.sale.record import Channel
from pos.domain.statements.model import Source, StatementLine

BANK_CHANNEL = "bank"  # a bank row that belongs to no channel

_SOURCES = {
    Source.WECHAT: N_("WeChat Pay bill"),
    Source.ALIPAY: N_("Alipay bill"),
    Source.BANK: N_("bank statement"),
    Source.ACQUIRER: N_("acquirer's settlement file"),
}


def channel_label(channel: str) -> Message | str:
    if channel == BANK_CHANNEL:
        return Message(N_("bank account"))
    try:
        return Channel(channel).label
    except ValueError:
        return channel


_SOURCE_LABELS = {source: Message(msgid) for source, msgid in _SOURCES.items()}


def source_label(source: Source) -> Message:
    return _SOURCE_LABELS[source]  # a Message never changes: one for every line


def line_id(line: StatementLine) -> str:
    """A statement row's identity across sources: ``source:identity``."""
    return f"{line.source}:{line.identity}"  # a StrEnum formats as its value


def line_ref(line: StatementLine) -> Message:
    """“WeChat Pay bill, line 14” — where a person finds the row."""
    return Message(N_("{source}, line {line}"),
                   {"source": source_label(line.source), "line": line.line_no})
