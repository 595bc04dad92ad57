"""A saved column mapping for a previous system's household export: which header fills which
field, the date pattern, and how the file spells categories, statuses and card states.

The built-in ``standard`` mapping reads the recommended layout (docs/going-live.md), whose
headers are the field names themselves.  A mapping is stored as JSON
(:meth:`HouseholdMapping.to_dict` / :meth:`HouseholdMapping.from_dict`); one that could not
read any export (no account number, a field that does not exist …) is refused when it is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pos.domain.errors import BadInput
from pos.domain.messages import N_, Message

ACCOUNT_FIELDS = ("account_no", "name", "phone", "id_number", "address", "category",
                  "household_size", "status", "card_seq", "card_cumulative",
                  "opening_cycle_volume", "opening_balance")
METER_FIELDS = ("meter_no", "meter_vendor", "meter_model", "meter_key_version",
                "meter_installed", "meter_reading", "meter_max_stock", "meter_alarm")
CARD_FIELDS = ("card_no", "card_meter_no", "card_state", "card_key_version", "card_profile",
               "card_pending")
FIELDS = ACCOUNT_FIELDS + METER_FIELDS + CARD_FIELDS
REQUIRED = ("account_no", "name", "category", "meter_no")
VALUE_FIELDS = ("category", "status", "card_state")  # whose spellings a mapping may translate

# how previous systems commonly spell them; a mapping's own ``values`` come first
COMMON_VALUES: Mapping[str, Mapping[str, str]] = {
    "category": {"居民": "residential", "民用": "residential", "商业": "commercial",
                 "公服": "commercial", "工福": "commercial", "非居民": "commercial",
                 "工业": "industrial", "采暖": "heating", "供暖": "heating"},
    "status": {"正常": "active", "在用": "active", "停气": "safety_hold",
               "安全停气": "safety_hold", "销户": "closed", "已销户": "closed"},
    "card_state": {"正常": "active", "有效": "active", "挂失": "lost", "已补卡": "replaced",
                   "补卡": "replaced", "黑名单": "blacklisted"},
}


@dataclass(frozen=True)
class HouseholdMapping:
    name: str
    columns: Mapping[str, str]  # header text → field (one of FIELDS)
    date_format: str = "%Y-%m-%d"
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field → {text: ours}
    fields: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", {f: h for h, f in self.columns.items()})
        self._check()

    def header_of(self, name: str) -> str:
        """The header text mapped to field ``name`` (the field's own name if none is)."""
        return self.fields.get(name, name)

    def maps(self, name: str) -> bool:
        return name in self.fields

    def value(self, name: str, text: str) -> str:
        """The file's spelling of a category, status or card state in ours."""
        own = self.values.get(name, {})
        return own.get(text, COMMON_VALUES.get(name, {}).get(text, text))

    def _check(self) -> None:
        if not self.name.strip():
            raise _bad(self.name, N_("it has no name"))
        unknown = sorted(set(self.columns.values()) - set(FIELDS))
        if unknown:
            raise _bad(self.name, N_("“{field}” is not a field a column can fill (use {fields})"),
                       field=unknown[0], fields=", ".join(FIELDS))
        if len(self.fields) != len(self.columns):
            raise _bad(self.name, N_("two columns fill the same field"))
        missing = [f for f in REQUIRED if f not in self.fields]
        if missing:
            raise _bad(self.name, N_("it maps no column to “{field}”"), field=missing[0])
        if "%" not in self.date_format:
            raise _bad(self.name, N_("“{pattern}” is not a date pattern (such as {example})"),
                       pattern=self.date_format, example="%Y%m%d")
        odd = sorted(set(self.values) - set(VALUE_FIELDS))
        if odd:
            raise _bad(self.name, N_("only {fields} have value translations, not “{field}”"),
                       fields=", ".join(VALUE_FIELDS), field=odd[0])

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "kind": "households", "columns": dict(self.columns),
                "date_format": self.date_format,
                "values": {k: dict(v) for k, v in self.values.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> HouseholdMapping:
        name = data.get("name")
        if not isinstance(name, str):
            raise _bad("", N_("“{key}” must be text"), key="name")
        odd = sorted(set(data) - {"name", "kind", "columns", "date_format", "values"})
        if odd:
            raise _bad(name, N_("“{key}” is not a part of a mapping (use {keys})"), key=odd[0],
                       keys="columns, date_format, values")
        date_format = data.get("date_format", "%Y-%m-%d")
        if not isinstance(date_format, str):
            raise _bad(name, N_("“{key}” must be text"), key="date_format")
        return cls(name=name, columns=_text_map(data.get("columns"), name, "columns"),
                   date_format=date_format, values=_values(data.get("values", {}), name))


STANDARD = HouseholdMapping("standard", {f: f for f in FIELDS})


def _bad(name: str, why: str, **params: object) -> BadInput:
    return BadInput(
        "households.mapping",
        N_("The household column mapping “{name}” cannot be used: {why}. Correct the mapping."),
        name=name, why=Message(why, params),
    )


def _text_map(value: object, name: str, key: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _bad(name, N_("“{key}” must map texts to texts"), key=key)
    return {str(k): str(v) for k, v in value.items()}


def _values(value: object, name: str) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        raise _bad(name, N_("“{key}” must map texts to texts"), key="values")
    return {str(k): _text_map(v, name, "values") for k, v in value.items()}
