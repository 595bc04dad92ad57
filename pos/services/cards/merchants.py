"""The payment providers' merchant credentials in this counter's key set: set or replaced
field by field, removed, and described without their secrets (docs/payments.md "Merchant
credentials in the key file").  Administrators only, audited by field name — never by value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from pos.domain.audit import AuditAction
from pos.domain.cards import merchants
from pos.domain.cards.keys import KeySet
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services


@dataclass(frozen=True)
class MerchantInfo:
    channel: str
    shown: tuple[tuple[str, str], ...]  # (field, value) of the ids, never a key
    fields: tuple[str, ...]  # the names of every field set


def describe_merchants(keys: KeySet) -> tuple[MerchantInfo, ...]:
    return tuple(MerchantInfo(channel, merchants.shown(channel, fields), tuple(sorted(fields)))
                 for channel, fields in sorted(keys.merchants.items()))


def set_merchant(svc: Services, operator: Operator, channel: str,
                 given: Mapping[str, str]) -> MerchantInfo:
    """``given`` replaces the fields it names; the others stay as they were."""
    authorize(svc, operator, Permission.MANAGE_KEYS, channel)
    keys = svc.keys.load()
    fields = merchants.merged(channel, keys.merchants.get(channel, {}), given)
    where = svc.keys.install(replace(keys, merchants={**keys.merchants, channel: fields}))
    audit_trail.record_now(svc, operator.staff_no, AuditAction.MERCHANT_SET, channel,
                           fields=",".join(sorted(given)), where=where)
    return MerchantInfo(channel, merchants.shown(channel, fields), tuple(sorted(fields)))


def remove_merchant(svc: Services, operator: Operator, channel: str) -> None:
    authorize(svc, operator, Permission.MANAGE_KEYS, channel)
    keys = svc.keys.load()
    if channel not in keys.merchants:
        raise Refused("keys.no_merchant",
                      N_("This counter's key set has no {channel} merchant."), channel=channel)
    rest = {c: f for c, f in keys.merchants.items() if c != channel}
    where = svc.keys.install(replace(keys, merchants=rest))
    audit_trail.record_now(svc, operator.staff_no, AuditAction.MERCHANT_REMOVED, channel,
                           where=where)
