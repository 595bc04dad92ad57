"""The simulated WeChat Pay APIv3 (docs/payments.md "WeChat Pay"): code pay, order query,
reverse, refund and refund query, the trade bill and its download, and ``/v3/certificates``.

Like the real one it refuses a request whose ``Authorization`` (WECHATPAY2-SHA256-RSA2048) the
merchant's public key does not verify (401 SIGN_ERROR, unsigned), and signs every other answer
with its own key: in public-key mode (``Wechatpay-Serial: PUB_KEY_ID_…``), or in platform-
certificate mode (the serial of a certificate ``/v3/certificates`` hands out encrypted with the
merchant's APIv3 key).  A test can make it sign badly (:meth:`WeChatSimulator.sign_answers`)
and script what an order does (:meth:`WeChatSimulator.script`, :class:`Act`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pos.adapters.provider_sim.base import SimRequest, SimResponse
from pos.adapters.provider_sim.wechat_bill import trade_bill
from pos.adapters.provider_sim.wechat_orders import Act, OrderBook, error

__all__ = ["Act", "Signing", "WeChatSimKeys", "WeChatSimulator"]

SCHEME = "WECHATPAY2-SHA256-RSA2048"
STALE = 300  # seconds: a request signed longer ago than this is refused, as WeChat Pay does
_PAIR = re.compile(r'(\w+)="([^"]*)"')
_ORDER = re.compile(r"/v3/pay/transactions/out-trade-no/([^/?]+)(/reverse)?$")
_REFUND = re.compile(r"/v3/refund/domestic/refunds/([^/?]+)$")


@dataclass(frozen=True)
class WeChatSimKeys:
    """What the simulated provider knows: the merchant it serves and its own signing key."""

    mchid: str
    appid: str
    merchant_serial: str  # the merchant API certificate's serial (Authorization serial_no)
    merchant_public_key: str  # PEM: verifies the merchant's requests
    platform_private_key: str  # PEM: signs the answers
    public_key_id: str  # PUB_KEY_ID_…: names that key in public-key mode
    platform_certificate: str  # PEM: the same key's certificate, for platform-certificate mode
    apiv3_key: str  # 32 characters: encrypts the certificate download


class Signing(StrEnum):
    GOOD = "good"
    FORGED = "forged"  # a signature that does not match the answer
    UNSIGNED = "unsigned"  # no signature headers at all
    STALE = "stale"  # a good signature, ten minutes old


class WeChatSimulator:
    """One merchant's WeChat Pay, as a :class:`~pos.adapters.provider_sim.base.Handler`."""

    def __init__(self, keys: WeChatSimKeys, directory: Path, *, mode: str = "public_key",
                 clock: Callable[[], datetime] | None = None) -> None:
        if mode not in ("public_key", "certificate"):
            raise ValueError("mode is public_key or certificate")
        self.keys, self.mode = keys, mode
        directory.mkdir(parents=True, exist_ok=True)
        self._clock = clock or (lambda: datetime.now(ZoneInfo("Asia/Shanghai")))
        self.book = OrderBook(directory / "wechat-orders.json", mchid=keys.mchid,
                              appid=keys.appid, clock=self._clock)
        merchant = serialization.load_pem_public_key(keys.merchant_public_key.encode())
        key = serialization.load_pem_private_key(keys.platform_private_key.encode(), None)
        if not isinstance(key, rsa.RSAPrivateKey) or not isinstance(merchant, rsa.RSAPublicKey):
            raise ValueError("WeChat Pay's keys are RSA keys")
        self._merchant_key = merchant
        self._key = key
        certificate = x509.load_pem_x509_certificate(keys.platform_certificate.encode())
        self._serial = (keys.public_key_id if mode == "public_key"
                        else f"{certificate.serial_number:X}")
        self._signing = Signing.GOOD
        self._slow = 0.0
        self._bills: dict[str, bytes] = {}
        self.tamper_bills = False  # serve bill files that differ from the hash stated
        self.requests: list[SimRequest] = []  # every request, for tests to look at

    @property
    def prefixes(self) -> tuple[str, ...]:
        return ("/v3/",)

    def script(self, key: str, act: Act, times: int = 2, *, delay: float = 0.0) -> None:
        """What the order (or payment code, or refund number) ``key`` does; ``times``: how
        many queries USERPAYING / PROCESSING lasts; ``delay``: seconds a SLOW answer takes."""
        self.book.script(key, act, times)
        if act is Act.SLOW:
            self._slow = delay

    def sign_answers(self, signing: Signing) -> None:
        self._signing = signing

    def handle(self, request: SimRequest) -> SimResponse:
        self.requests.append(request)
        if not self._authorised(request):
            return _json(401, {"code": "SIGN_ERROR", "message": "签名错误"})
        url = urlsplit(request.target)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/v3/billdownload/file":
            return self._download(query.get("token", ""))
        if request.method == "POST":
            answer, act = self._post(url.path, _body(request))
        else:
            answer, act = self._get(url.path, query, request.headers.get("host", "")), Act.PAID
        response = self._signed(*answer)
        if act is Act.LOST:
            return SimResponse(response.status, response.body, response.headers, lost=True)
        if act is Act.SLOW:
            return SimResponse(response.status, response.body, response.headers,
                               delay=self._slow)
        return response

    def _post(self, path: str, body: dict[str, Any] | None
              ) -> tuple[tuple[int, dict[str, Any]], Act]:
        if body is None:
            return error(400, "PARAM_ERROR", "请求体不是JSON"), Act.PAID
        if path == "/v3/pay/transactions/codepay":
            return self.book.pay(body)
        if path == "/v3/refund/domestic/refunds":
            return self.book.refund(body), Act.PAID
        found = _ORDER.fullmatch(path)
        if found and found.group(2):
            return self.book.reverse(found.group(1), body), Act.PAID
        return error(404, "NOT_FOUND", "无此接口"), Act.PAID

    def _get(self, path: str, query: Mapping[str, str], host: str
             ) -> tuple[int, dict[str, Any]]:
        if found := _ORDER.fullmatch(path):
            return self.book.query(found.group(1), query.get("mchid", ""))
        if found := _REFUND.fullmatch(path):
            return self.book.refund_query(found.group(1))
        if path == "/v3/bill/tradebill":
            return self._trade_bill(query, host)
        if path == "/v3/certificates":
            return self._certificates()
        return error(404, "NOT_FOUND", "无此接口")

    # -- the merchant's signature --

    def _authorised(self, request: SimRequest) -> bool:
        given = request.headers.get("authorization", "")
        if not given.startswith(SCHEME + " "):
            return False
        fields = dict(_PAIR.findall(given[len(SCHEME) + 1:]))
        try:
            stamp = int(fields.get("timestamp", ""))
            signature = base64.b64decode(fields.get("signature", ""), validate=True)
        except ValueError:
            return False
        if fields.get("mchid") != self.keys.mchid or \
                fields.get("serial_no") != self.keys.merchant_serial or \
                abs(time.time() - stamp) > STALE:
            return False
        message = (f"{request.method}\n{request.target}\n{stamp}\n{fields.get('nonce_str', '')}"
                   f"\n").encode() + request.body + b"\n"
        try:
            self._merchant_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    # -- its own signature --

    def _signed(self, status: int, document: Mapping[str, Any]) -> SimResponse:
        body = b"" if status == 204 else json.dumps(document, ensure_ascii=False).encode()
        stamp = int(time.time()) - (600 if self._signing is Signing.STALE else 0)
        nonce = secrets.token_hex(16)
        signed = body + (b" " if self._signing is Signing.FORGED else b"")
        signature = self._key.sign(f"{stamp}\n{nonce}\n".encode() + signed + b"\n",
                                   padding.PKCS1v15(), hashes.SHA256())
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Request-ID": secrets.token_hex(12)}
        if self._signing is not Signing.UNSIGNED:
            headers.update({"Wechatpay-Timestamp": str(stamp), "Wechatpay-Nonce": nonce,
                            "Wechatpay-Serial": self._serial,
                            "Wechatpay-Signature": base64.b64encode(signature).decode(),
                            "Wechatpay-Signature-Type": SCHEME})
        return SimResponse(status, body, headers)

    # -- bills and certificates --

    def _trade_bill(self, query: Mapping[str, str], host: str) -> tuple[int, dict[str, Any]]:
        try:
            day = date.fromisoformat(query.get("bill_date", ""))
        except ValueError:
            return error(400, "PARAM_ERROR", "bill_date格式不正确")
        if day >= self._clock().date():
            return error(400, "NO_STATEMENT_EXIST", "账单日期不能是今天或以后")
        data = trade_bill(self.book.orders(), day, appid=self.keys.appid, mchid=self.keys.mchid)
        token = secrets.token_urlsafe(16)
        self._bills[token] = data
        return 200, {"hash_type": "SHA1", "hash_value": hashlib.sha1(data).hexdigest(),  # noqa: S324 - the API's
                     "download_url": f"https://{host}/v3/billdownload/file?token={token}"}

    def _download(self, token: str) -> SimResponse:
        data = self._bills.get(token)
        if data is None:
            return _json(400, {"code": "INVALID_REQUEST", "message": "下载链接已失效"})
        if self.tamper_bills:
            data = data.replace(b"SUCCESS", b"SUCCES5", 1)
        return SimResponse(200, gzip.compress(data), {"Content-Type": "application/octet-stream"})

    def _certificates(self) -> tuple[int, dict[str, Any]]:
        if self.mode == "public_key":
            return error(404, "RESOURCE_NOT_EXISTS",
                         "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥")
        nonce, associated = secrets.token_hex(6), "certificate"
        sealed = AESGCM(self.keys.apiv3_key.encode()).encrypt(
            nonce.encode(), self.keys.platform_certificate.encode(), associated.encode())
        certificate = x509.load_pem_x509_certificate(self.keys.platform_certificate.encode())
        return 200, {"data": [{
            "serial_no": self._serial,
            "effective_time": certificate.not_valid_before_utc.isoformat(),
            "expire_time": certificate.not_valid_after_utc.isoformat(),
            "encrypt_certificate": {"algorithm": "AEAD_AES_256_GCM", "nonce": nonce,
                                    "associated_data": associated,
                                    "ciphertext": base64.b64encode(sealed).decode()}}]}


def _json(status: int, document: Mapping[str, Any]) -> SimResponse:
    return SimResponse(status, json.dumps(document, ensure_ascii=False).encode(),
                       {"Content-Type": "application/json; charset=utf-8"})


def _body(request: SimRequest) -> dict[str, Any] | None:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None

