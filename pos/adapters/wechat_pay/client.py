"""The wechatpayv3 client as the counter uses it (docs/payments.md "WeChat Pay").

``wechatpayv3`` signs requests and verifies answers, but sends them with module-level
``requests`` calls: no way to name the CA a client trusts, no way to point it at another host,
and it verifies 2xx answers only.  :class:`_Core` keeps its signing (``build_authorization``)
and its verification (``_verify_signature``, public-key and platform-certificate modes) and
replaces only the sending: through one ``requests.Session`` whose ``verify`` is the simulator's
CA when one is configured (the system's trust store otherwise — never a process-wide setting),
to the configured gateway, with a timeout, and verifying every signed answer whatever its
status.  An answer that is unsigned (but for the 401 a refused request signature gets), forged
or stale raises :class:`Unverified`: the plug-in then knows nothing, and says UNKNOWN.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3.core import Core
from wechatpayv3.type import RequestType
from wechatpayv3.utils import build_authorization

from pos.domain.errors import Refused
from pos.domain.messages import N_

log = logging.getLogger(__name__)

PRODUCTION = "https://api.mch.weixin.qq.com"
STALE = 300  # seconds: an answer signed longer ago than this (or ahead) is not trusted
CONNECT_TIMEOUT = 5.0
REQUIRED = ("mchid", "appid", "serial", "private_key", "apiv3_key")


class Unverified(Exception):
    """An answer whose signature is missing, wrong or stale: it proves nothing."""


@dataclass(frozen=True)
class Merchant:
    """The merchant's credentials from the key file (KeySet.merchants["wechat"])."""

    mchid: str
    appid: str
    serial: str  # the merchant API certificate's serial number
    private_key: str  # PEM, apiclient_key.pem
    apiv3_key: str  # 32 characters
    public_key: str | None  # PEM, WeChat Pay's public key (public-key mode) …
    public_key_id: str | None  # … and its id, PUB_KEY_ID_…; neither: platform-certificate mode

    @classmethod
    def of(cls, fields: Mapping[str, str]) -> Merchant:
        missing = [name for name in REQUIRED if not fields.get(name)]
        if missing or bool(fields.get("public_key")) != bool(fields.get("public_key_id")):
            raise Refused(
                "payments.merchant_incomplete",
                N_("The key file's WeChat Pay merchant lacks {fields}: an administrator sets "
                   "them with “gaspos keys merchant set wechat”."),
                fields=", ".join(missing or ["public_key", "public_key_id"]))
        return cls(fields["mchid"], fields["appid"], fields["serial"], fields["private_key"],
                   fields["apiv3_key"], fields.get("public_key") or None,
                   fields.get("public_key_id") or None)


def client(merchant: Merchant, *, url: str, timeout: float, ca_file: Path | None) -> WeChatPay:
    """A WeChatPay client that sends through :class:`_Core`; nothing is sent while making it
    (in platform-certificate mode the certificates are fetched when an answer first names
    one)."""
    if ca_file is not None and not ca_file.is_file():
        raise Refused("payments.ca_file",
                      N_("The CA certificate file {path} named by {setting} does not exist: "
                         "correct the setting or remove it."), path=str(ca_file),
                      setting="payments.wechat_ca_file")
    try:
        core = _Core(mchid=merchant.mchid, cert_serial_no=merchant.serial,
                     private_key=merchant.private_key, apiv3_key=merchant.apiv3_key,
                     public_key=merchant.public_key, public_key_id=merchant.public_key_id)
    except Exception as problem:  # the library raises bare Exception for a bad key
        log.warning("WeChat Pay merchant keys unusable: %s", problem)
        raise Refused("payments.merchant_keys",
                      N_("The key file's WeChat Pay merchant keys cannot be read (a PEM key is "
                         "damaged or of the wrong kind): set them again with “gaspos keys "
                         "merchant set wechat”.")) from None
    core.configure(url=url, timeout=timeout, ca_file=ca_file)
    return _WeChatPay(merchant, core)


class _WeChatPay(WeChatPay):  # type: ignore[misc]  # wechatpayv3 is untyped
    """WeChatPay's API methods over our :class:`_Core`: its own constructor would build a Core
    that fetches platform certificates from the production host at once."""

    def __init__(self, merchant: Merchant, core: _Core) -> None:  # no super(): see above
        self._type = WeChatPayType.CODEPAY
        self._mchid, self._appid = merchant.mchid, merchant.appid
        self._notify_url = None
        self._partner_mode = False
        self._core = core


class _Core(Core):  # type: ignore[misc]  # wechatpayv3 is untyped
    """wechatpayv3's Core with its sending replaced (see the module's docstring)."""

    _session: requests.Session
    _timeouts: tuple[float, float]

    def configure(self, *, url: str, timeout: float, ca_file: Path | None) -> None:
        self._gate_way = url.rstrip("/")
        self._timeouts = (min(CONNECT_TIMEOUT, timeout), timeout)
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or CA bundle from the environment
        self._session.verify = str(ca_file) if ca_file is not None else True

    def _init_certificates(self) -> None:
        """Platform certificates are fetched when an answer names one (never at start)."""

    def request(self, path: str, method: RequestType = RequestType.GET,
                data: Any = None, skip_verify: bool = False, sign_data: Any = None,
                files: Any = None, cipher_data: bool = False,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        if files:
            raise NotImplementedError("uploads are not used by the counter")
        url, signed_path = self._where(path)
        body = "" if data is None else json.dumps(data)
        sent = {**(headers or {}), "Accept": "application/json",
                "Content-Type": "application/json",
                "Authorization": build_authorization(signed_path, method.value, self._mchid,
                                                     self._cert_serial_no, self._private_key,
                                                     data=body or None)}
        if self._public_key_id:
            sent["Wechatpay-Serial"] = self._public_key_id
        response = self._session.request(method.value, url, data=body.encode() or None,
                                         headers=sent, timeout=self._timeouts)
        log.debug("WeChat Pay %s %s → %s", method.value, signed_path.split("?")[0],
                  response.status_code)
        if skip_verify:
            return response.status_code, response.content
        text = response.content.decode("utf-8", errors="replace")
        self._check(response, text)
        return response.status_code, text

    def _where(self, path: str) -> tuple[str, str]:
        if path.startswith("https://"):  # a download URL the provider handed out
            host_end = path.index("/", len("https://"))
            return path, path[host_end:]
        return self._gate_way + path, path

    def _check(self, response: requests.Response, text: str) -> None:
        headers = response.headers
        if not headers.get("Wechatpay-Signature"):
            if response.status_code == 401:
                return  # a refused request signature: WeChat Pay cannot sign that answer
            raise Unverified(f"HTTP {response.status_code} without a signature")
        try:
            good = self._verify_signature(headers, text)
        except Exception as problem:  # the library raises bare Exception / ValueError
            raise Unverified(f"signature not checkable: {problem}") from None
        if not good:
            raise Unverified(f"HTTP {response.status_code}: signature does not match "
                             f"(serial {headers.get('Wechatpay-Serial', '')})")
        try:
            stamp = int(headers.get("Wechatpay-Timestamp", ""))
        except ValueError:
            raise Unverified("no timestamp") from None
        if abs(time.time() - stamp) > STALE:
            raise Unverified(f"signed {int(time.time()) - stamp} s ago")


def answer_json(text: Any) -> dict[str, Any]:
    """The JSON object of an answer's body ({} if it is empty or not an object)."""
    if not isinstance(text, str) or not text.strip():
        return {}
    try:
        document = json.loads(text)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}
