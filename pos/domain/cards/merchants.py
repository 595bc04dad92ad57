"""The payment providers' merchant credentials the key file carries (KeySet.merchants), by
channel: which fields each provider needs, which are secrets, and the checks on them before
they are stored (docs/payments.md "Merchant credentials in the key file").

One table serves every channel: ``gaspos keys merchant set CHANNEL`` takes its options from it
and ``gaspos keys show`` shows only the fields it marks ``shown`` (ids, never keys).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pos.domain.errors import BadInput
from pos.domain.messages import N_

_PEM = r"-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*"


@dataclass(frozen=True)
class MerchantField:
    name: str  # the key in KeySet.merchants[channel]
    option: str  # the command line's option
    help: str
    from_file: bool = False  # PEM keys and secrets are read from files, never typed
    secret: bool = False  # never shown, never logged
    required: bool = True
    shown: bool = False  # names the merchant in ``gaspos keys show``
    pattern: str | None = None  # what a well-formed value looks like


@dataclass(frozen=True)
class Channel:
    fields: tuple[MerchantField, ...]
    together: tuple[tuple[str, ...], ...] = ()  # fields given all or none


MERCHANT_CHANNELS: Mapping[str, Channel] = {
    "wechat": Channel((
        MerchantField("mchid", "--mchid", "WeChat Pay merchant id (商户号).", shown=True,
                      pattern=r"\d{8,12}"),
        MerchantField("appid", "--appid", "The AppID bound to the merchant.", shown=True,
                      pattern=r"wx[0-9A-Za-z]{16}"),
        MerchantField("serial", "--serial", "Serial number of the merchant API certificate.",
                      pattern=r"[0-9A-Fa-f]{8,64}"),
        MerchantField("private_key", "--private-key", "apiclient_key.pem: the merchant API "
                      "private key.", from_file=True, secret=True, pattern=_PEM),
        MerchantField("apiv3_key", "--apiv3-key-file", "A file holding the 32-character "
                      "APIv3 key.", from_file=True, secret=True, pattern=r".{32}"),
        MerchantField("public_key", "--public-key", "pub_key.pem: WeChat Pay's public key "
                      "(public-key mode; leave out for platform certificates).",
                      from_file=True, required=False, pattern=_PEM),
        MerchantField("public_key_id", "--public-key-id", "Its id, PUB_KEY_ID_….",
                      required=False, pattern=r"PUB_KEY_ID_\w+"),
    ), together=(("public_key", "public_key_id"),)),
    "alipay": Channel((
        MerchantField("app_id", "--app-id", "Alipay application id (APPID).", shown=True,
                      pattern=r"\d{16}"),
        MerchantField("private_key", "--private-key", "The application private key (RSA2), "
                      "PEM or bare base64.", from_file=True, secret=True),
        MerchantField("alipay_public_key", "--alipay-public-key", "Alipay's public key (not "
                      "the application's), PEM or bare base64.", from_file=True),
    )),
}


def merged(channel: str, current: Mapping[str, str], given: Mapping[str, str]
           ) -> dict[str, str]:
    """The channel's fields after ``given`` replaces what it names; BadInput if a value is
    malformed or the result lacks a required field (nothing is stored then)."""
    spec = _spec(channel)
    fields = {f.name: f for f in spec.fields}
    result = {k: v for k, v in current.items() if k in fields}
    for name, raw in given.items():
        field, value = fields[name], raw.strip()
        if field.pattern and not re.fullmatch(field.pattern, value):
            raise BadInput("keys.merchant_value",
                           N_("The value given with {option} is not well formed (a wrong file, "
                              "or a value cut short); nothing was stored."),
                           option=field.option)
        result[name] = value + "\n" if field.pattern == _PEM else value
    missing = [f.option for f in spec.fields if f.required and not result.get(f.name)]
    for group in spec.together:
        if any(result.get(n) for n in group) and not all(result.get(n) for n in group):
            missing += [fields[n].option for n in group if not result.get(n)]
    if missing:
        raise BadInput("keys.merchant_incomplete",
                       N_("The {channel} merchant also needs {options}; nothing was stored."),
                       channel=channel, options=", ".join(missing))
    return result


def shown(channel: str, fields: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The fields that name the merchant (never a key or a secret)."""
    spec = MERCHANT_CHANNELS.get(channel)
    if spec is None:
        return ()
    return tuple((f.name, fields[f.name]) for f in spec.fields
                 if f.shown and not f.secret and f.name in fields)


def _spec(channel: str) -> Channel:
    spec = MERCHANT_CHANNELS.get(channel)
    if spec is None:
        raise BadInput("keys.merchant_channel",
                       N_("“{channel}” is not a channel with a merchant: use {channels}."),
                       channel=channel, channels=", ".join(MERCHANT_CHANNELS))
    return spec
