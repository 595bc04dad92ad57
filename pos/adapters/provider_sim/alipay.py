"""The simulator's Alipay open-platform gateway: ``POST /gateway.do`` with the common
parameters (query string or form) and ``biz_content``, as the SDKs send it.

It checks what Alipay checks before anything else — the app id, the ``timestamp`` in Beijing
time (±10 minutes of its clock), the merchant's RSA2 ``sign`` with the merchant's public key
(40002 ``isv.invalid-signature`` otherwise) — and signs every answer with its own "Alipay" key:
the ``sign`` beside the ``alipay_trade_pay_response`` object, over that object's exact text, as
the real gateway does, so an SDK's verification runs for real.  ``signature`` lets a test forge
the answers' signatures (``"forged"``: signed with a key that is not Alipay's) or drop them
(``"unsigned"``).

The orders and their behaviours are ``alipay_orders``'s.  The bill: ``alipay.data.dataservice.
bill.downloadurl.query`` answers a one-time address on this server (``/alipay/bill/…``) that
serves the day's ``csv.zip`` (``alipay_bill``); ``bill_fault`` damages it for tests
(``"tampered"``: an amount changed after the totals were written; ``"retotalled"``: the totals
line changed to match, the summary not; ``"corrupt"``: a byte of the zip flipped).
"""

from __future__ import annotations

import base64
import json
import secrets
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pos.adapters.provider_sim.alipay_bill import bill_zip, lines_of
from pos.adapters.provider_sim.alipay_orders import BEHAVIOURS, AlipayOrders, Body, failed, ok
from pos.adapters.provider_sim.base import SimRequest, SimResponse

BEIJING = ZoneInfo("Asia/Shanghai")
SKEW = timedelta(minutes=10)
BILL_PATH = "/alipay/bill/"
JSON = {"Content-Type": "text/html;charset=utf-8"}  # what Alipay's gateway labels its JSON


@dataclass(frozen=True)
class AlipaySimKeys:
    app_id: str
    seller_id: str  # the merchant's 2088… partner id
    merchant_public_key: str  # PEM: checks the merchant's requests
    alipay_private_key: str  # PEM: signs the answers


class AlipayHandler:
    prefixes = ("/gateway.do", BILL_PATH)

    def __init__(self, directory: Path, keys: AlipaySimKeys, *,
                 clock: Callable[[], datetime] | None = None, paying_queries: int = 2) -> None:
        self._keys = keys
        self._clock = clock or (lambda: datetime.now(BEIJING))
        merchant_key = serialization.load_pem_public_key(keys.merchant_public_key.encode())
        if not isinstance(merchant_key, rsa.RSAPublicKey):
            raise ValueError("the merchant's public key is not an RSA key")
        self._merchant_key = merchant_key
        self._signing_key = _private(keys.alipay_private_key)
        directory.mkdir(parents=True, exist_ok=True)
        self.orders = AlipayOrders(directory / "alipay-orders.json", self._beijing,
                                   paying_queries=paying_queries)
        self.signature: str | None = None  # None, "forged" or "unsigned"
        self.bill_fault: str | None = None  # None, "tampered", "retotalled" or "corrupt"
        self.requests: list[str] = []  # the methods asked, in order (tests read it)
        self._bills: dict[str, date] = {}
        self._forged_key: rsa.RSAPrivateKey | None = None

    def script(self, key: str, behaviour: str) -> None:
        """How the order ``key`` (an order number or a payment code) behaves from now on."""
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}: one of {BEHAVIOURS}")
        self.orders.scripts[key] = behaviour

    def handle(self, request: SimRequest) -> SimResponse:
        if request.target.startswith(BILL_PATH):
            return self._bill_file(request)
        if request.method != "POST":
            return SimResponse(405, b"", JSON)
        params = _params(request)
        method = params.get("method", "")
        self._asked(method)
        key = method.replace(".", "_") + "_response" if method else "error_response"
        refused = self._check(params)
        if refused is not None:
            return self._answer(key, refused)
        try:
            biz: Body = json.loads(params.get("biz_content") or "{}")
        except ValueError:
            return self._answer(key, {"code": "40002", "msg": "Invalid Arguments",
                                      "sub_code": "isv.invalid-parameter",
                                      "sub_msg": "biz_content 不是 JSON"})
        return self._dispatch(method, key, biz, request)

    def _dispatch(self, method: str, key: str, biz: Body, request: SimRequest) -> SimResponse:
        if method == "alipay.trade.pay":
            body, lost = self.orders.pay(biz, self._keys.seller_id)
            return self._answer(key, body, lost=lost)
        handlers: dict[str, Callable[[Body], Body]] = {
            "alipay.trade.query": self.orders.query, "alipay.trade.cancel": self.orders.cancel,
            "alipay.trade.refund": self.orders.refund,
            "alipay.trade.fastpay.refund.query": self.orders.refund_query,
            "alipay.data.dataservice.bill.downloadurl.query":
                lambda b: self._bill_address(b, request)}
        if method not in handlers:
            return self._answer("error_response", {
                "code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-method",
                "sub_msg": "不存在的方法名"})
        return self._answer(key, handlers[method](biz))

    def _check(self, params: dict[str, str]) -> Body | None:
        def invalid(sub_code: str, sub_msg: str) -> Body:
            return {"code": "40002", "msg": "Invalid Arguments", "sub_code": sub_code,
                    "sub_msg": sub_msg}
        if params.get("app_id") != self._keys.app_id:
            return invalid("isv.invalid-app-id", "无效的AppID参数")
        if params.get("sign_type") != "RSA2":
            return invalid("isv.invalid-signature-type", "无效的签名类型")
        try:
            stamp = datetime.strptime(params.get("timestamp", ""),
                                      "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        except ValueError:
            return invalid("isv.invalid-timestamp", "非法的时间戳参数")
        if abs(stamp - self._clock()) > SKEW:
            return invalid("isv.invalid-timestamp", "非法的时间戳参数")
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v)
        try:
            self._merchant_key.verify(
                base64.b64decode(params.get("sign", ""), validate=True), content.encode(),
                padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return invalid("isv.invalid-signature",
                           "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配")
        return None

    def _answer(self, key: str, body: Body, *, lost: bool = False) -> SimResponse:
        inner = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        signer = self._signing_key if self.signature != "forged" else self._forger()
        sign = base64.b64encode(signer.sign(inner.encode(), padding.PKCS1v15(),
                                            hashes.SHA256())).decode()
        text = f'{{"{key}":{inner},"sign":"{sign}"}}' if self.signature != "unsigned" else \
            f'{{"{key}":{inner}}}'
        return SimResponse(200, text.encode(), JSON, lost=lost)

    def _bill_address(self, biz: Body, request: SimRequest) -> Body:
        if biz.get("bill_type") != "trade":
            return failed("isp.bill_not_exist", "账单不存在")
        try:
            day = date.fromisoformat(str(biz.get("bill_date", "")))
        except ValueError:
            return failed("isv.invalid-parameter", "bill_date 格式错误")
        if day >= self._beijing().date():  # a day's bill exists from the next morning on
            return failed("isp.bill_not_exist", "账单不存在")
        token = secrets.token_urlsafe(16)
        self._bills[token] = day
        host = request.headers.get("host", "127.0.0.1")
        empty = {} if lines_of(self.orders.orders(), day) else {
            "bill_file_code": "EMPTY_DATA_WITH_BILL_FILE"}  # no business that day: an empty bill
        return ok(bill_download_url=f"https://{host}{BILL_PATH}download?"
                  + urllib.parse.urlencode({"token": token, "bizDates": f"{day:%Y%m%d}"}),
                  **empty)

    def _bill_file(self, request: SimRequest) -> SimResponse:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.target).query)
        day = self._bills.pop(query.get("token", [""])[0], None)
        if day is None:
            return SimResponse(404, b"the address has expired", {"Content-Type": "text/plain"})
        self._asked("bill download")
        orders = self.orders.orders()
        data = bill_zip(self._keys.seller_id + "0156", day, lines_of(orders, day),
                        self._beijing(), tamper=self.bill_fault)
        if self.bill_fault == "corrupt":
            middle = len(data) // 3
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
        return SimResponse(200, data, {"Content-Type": "application/zip"})

    def _asked(self, what: str) -> None:
        self.requests.append(what)
        if len(self.requests) > 1000:  # a demo runs for hours: keep the latest
            del self.requests[:500]

    def _forger(self) -> rsa.RSAPrivateKey:
        """A key that is not Alipay's (made once: RSA keys take a moment)."""
        if self._forged_key is None:
            self._forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self._forged_key

    def _beijing(self) -> datetime:
        return self._clock().astimezone(BEIJING).replace(tzinfo=None, microsecond=0)


def _params(request: SimRequest) -> dict[str, str]:
    """The common parameters (query string) and the form's, one value each."""
    found: dict[str, str] = {}
    query = urllib.parse.urlsplit(request.target).query
    for text in (query, request.body.decode("utf-8", "replace")):
        for name, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
            found[name] = values[-1]
    return found


def _private(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the simulator's Alipay key is not an RSA key")
    return key
