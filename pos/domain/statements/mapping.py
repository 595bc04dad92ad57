"""A saved column mapping: how to read a CSV or XLSX file whose layout no built-in format knows
(card acquirers' settlement files above all — no two acquirers share one).

A mapping names each column the file has (its header text) and the field it fills, the date
(and time) pattern, the fields that make a row's identity, and the sign conventions.  It is
stored as JSON (:meth:`ColumnMapping.to_dict` / :meth:`ColumnMapping.from_dict`); a mapping
that could not read any file (no date, no amount, an identity field it does not map …) is
refused when it is made (``statement.mapping``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message
from pos.domain.statements.model import Source

FIELDS = ("date", "time", "amount", "credit", "debit", "fee", "order_no", "provider_ref",
          "refund_no", "terminal", "voucher", "memo", "status", "counterparty", "balance")
MONEY_FIELDS = ("amount", "credit", "debit", "fee", "balance")
_ALWAYS = ("date", "amount")  # every row has them (the amount from credit and debit too)


class Sign(StrEnum):
    AS_STATED = "as_stated"  # positive = money to us (amount) / kept by the institution (fee)
    NEGATED = "negated"  # the file states the opposite: negate


@dataclass(frozen=True)
class ColumnMapping:
    name: str
    source: Source  # ACQUIRER or BANK
    columns: Mapping[str, str]  # header text → field (one of FIELDS)
    identity: tuple[str, ...] = ("provider_ref",)  # the fields whose values make a row's identity
    date_format: str = "%Y-%m-%d"  # strptime pattern; may include the time (%H:%M:%S)
    time_format: str = "%H:%M:%S"
    amount_sign: Sign = Sign.AS_STATED
    fee_sign: Sign = Sign.AS_STATED
    refund_statuses: tuple[str, ...] = ()  # status values that make a row a refund (negative)
    total_label: str | None = None  # the first cell of the file's totals row, e.g. "合计"
    header: tuple[str, ...] = ()  # a layout mapped on the screen: its header row, to know it again
    fields: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", {f: h for h, f in self.columns.items()})
        self._check()

    def header_of(self, name: str) -> str | None:
        """The header text mapped to field ``name``, if any."""
        return self.fields.get(name)

    def _check(self) -> None:
        if not self.name.strip():
            raise _bad(self.name, N_("it has no name"))
        if self.source not in (Source.ACQUIRER, Source.BANK):
            raise _bad(self.name, N_("its source must be one of {choices}"),
                       choices=f"{Source.ACQUIRER.value}, {Source.BANK.value}")
        unknown = sorted(set(self.columns.values()) - set(FIELDS))
        if unknown:
            raise _bad(self.name, N_("“{field}” is not a field a column can fill (use {fields})"),
                       field=unknown[0], fields=", ".join(FIELDS))
        if len(self.fields) != len(self.columns):
            raise _bad(self.name, N_("two columns fill the same field"))
        if "date" not in self.fields:
            raise _bad(self.name, N_("it maps no column to the date"))
        if not {"amount", "credit", "debit"} & set(self.fields):
            raise _bad(self.name, N_("it maps no column to the amount (or to credit and debit)"))
        if not self.identity:
            raise _bad(self.name, N_("it names no identity fields"))
        missing = [f for f in self.identity if f not in self.fields and f not in _ALWAYS]
        if missing:
            raise _bad(self.name, N_("its identity uses “{field}”, which no column fills"),
                       field=missing[0])
        if "%" not in self.date_format:
            raise _bad(self.name, N_("“{pattern}” is not a date pattern (such as {example})"),
                       pattern=self.date_format, example="%Y%m%d")

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "source": self.source.value, "columns": dict(self.columns),
            "identity": list(self.identity), "date_format": self.date_format,
            "time_format": self.time_format, "amount_sign": self.amount_sign.value,
            "fee_sign": self.fee_sign.value, "refund_statuses": list(self.refund_statuses),
            "total_label": self.total_label, "header": list(self.header),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ColumnMapping:
        name = _text(data, "name", "", required=True)
        try:
            return cls(
                name=name, source=Source(_text(data, "source", name, required=True)),
                columns=_text_map(data.get("columns"), name),
                identity=_texts(data.get("identity", ["provider_ref"]), name, "identity"),
                date_format=_text(data, "date_format", name) or "%Y-%m-%d",
                time_format=_text(data, "time_format", name) or "%H:%M:%S",
                amount_sign=Sign(_text(data, "amount_sign", name) or Sign.AS_STATED),
                fee_sign=Sign(_text(data, "fee_sign", name) or Sign.AS_STATED),
                refund_statuses=_texts(data.get("refund_statuses", []), name, "refund_statuses"),
                total_label=_text(data, "total_label", name) or None,
                header=_texts(data.get("header", []), name, "header"),
            )
        except ValueError:
            raise _bad(name, N_("a value is not one of its choices (source: {sources}; signs: "
                                "{signs})"),
                       sources=f"{Source.ACQUIRER.value}, {Source.BANK.value}",
                       signs=f"{Sign.AS_STATED.value}, {Sign.NEGATED.value}") from None


def _bad(name: str, why: str, **params: object) -> BadInput:
    return BadInput(
        "statement.mapping",
        N_("The column mapping “{name}” cannot be used: {why}. Correct the mapping."),
        name=name, why=Message(why, params),
    )


def _text(data: Mapping[str, object], key: str, name: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _bad(name, N_("“{key}” must be text"), key=key)
    return value


def _texts(value: object, name: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(name, N_("“{key}” must be a list of texts"), key=key)
    return tuple(str(v) for v in value)


def _text_map(value: object, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _bad(name, N_("“{key}” must map header texts to fields"), key="columns")
    return {str(k): str(v) for k, v in value.items()}
