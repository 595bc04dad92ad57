"""One call to Alipay's open-platform gateway (``gateway.do``): the official SDK's request
model and its RSA2 signer and verifier, our own HTTPS transport.

Why not the SDK's ``DefaultAlipayClient.execute`` (docs/payments.md "Alipay"): its transport
(``util/WebUtils.py``) opens ``http.client.HTTPSConnection`` without an SSL context — trusting
another authority would take a process-wide default — always on port 443 (a gateway URL with a
port fails), and stamps ``timestamp`` with the host's local time, which Alipay reads as Beijing
time.  So the envelope is built here from the SDK's pieces: ``request.get_params()`` (method,
version, ``biz_content`` as the SDK serialises it), the common parameters with the counter's
clock in Asia/Shanghai, ``get_sign_content`` + ``sign_with_rsa2``; and an answer counts only if
the SDK's ``verify_with_rsa`` accepts the ``sign`` beside the ``…_response`` object with
Alipay's public key, cut out of the raw text as the SDK cuts it.
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
import urllib.parse
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from alipay.aop.api.constant.CommonConstants import (
    PATTERN_RESPONSE_BEGIN,
    PATTERN_RESPONSE_SIGN_BEGIN,
)
from alipay.aop.api.util.SignatureUtils import get_sign_content, sign_with_rsa2, verify_with_rsa

from pos.adapters.alipay_pay.credentials import Merchant
from pos.services.ports.providers import Clock

log = logging.getLogger(__name__)

BEIJING = ZoneInfo("Asia/Shanghai")
PRODUCTION = "https://openapi.alipay.com/gateway.do"
CHARSET = "utf-8"
COMMON = ("app_id", "method", "format", "charset", "sign_type", "timestamp", "version",
          "notify_url", "app_auth_token")


class NoAnswer(Exception):
    """No answer that can be trusted: none came (timeout, connection lost), it was not HTTP 200,
    or its signature is missing or wrong.  The caller treats the outcome as unknown."""


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """The system's authorities, or only ``ca_file`` (the simulator's) when one is given."""
    if ca_file is None:
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=str(ca_file))


class Gateway:
    def __init__(self, *, url: str, merchant: Merchant, timeout: float, clock: Clock,
                 context: ssl.SSLContext) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"the Alipay gateway must be an https URL, not {url!r}")
        self._host, self._port = parts.hostname, parts.port or 443
        self._path = parts.path or "/gateway.do"
        self._merchant = merchant
        self._timeout = timeout
        self._clock = clock
        self._context = context

    def call(self, request: Any, response: Any) -> Any:
        """Send the SDK ``request``; fill the SDK ``response`` from the verified answer and
        return it.  NoAnswer when there is none to trust."""
        params: dict[str, str] = dict(request.get_params())
        method = params["method"]
        params.update(app_id=self._merchant.app_id, format="json", charset=CHARSET,
                      sign_type="RSA2", timestamp=self._timestamp())
        params["sign"] = sign_with_rsa2(self._merchant.private_key, get_sign_content(params),
                                        CHARSET)
        query = {k: v for k, v in params.items() if k in COMMON or k == "sign"}
        form = {k: v for k, v in params.items() if k not in query}
        raw = self._post(f"{self._path}?{urllib.parse.urlencode(query)}",
                         urllib.parse.urlencode(form).encode(CHARSET))
        content = self._verified(raw, method)
        response.parse_response_content(content)
        return response

    def download(self, url: str) -> bytes:
        """GET a file the gateway pointed to (the bill), through the same trust."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise NoAnswer(f"not an https address: {parts.scheme}://{parts.hostname}")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = http.client.HTTPSConnection(parts.hostname, parts.port or 443,
                                                 timeout=self._timeout, context=self._context)
        return self._exchange(connection, "GET", target, None)

    def _timestamp(self) -> str:
        return self._clock.now().astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")

    def _post(self, target: str, body: bytes) -> str:
        connection = http.client.HTTPSConnection(self._host, self._port, timeout=self._timeout,
                                                 context=self._context)
        raw = self._exchange(connection, "POST", target, body)
        try:
            return raw.decode(CHARSET)
        except UnicodeDecodeError as error:
            raise NoAnswer("the answer is not UTF-8") from error

    def _exchange(self, connection: http.client.HTTPSConnection, method: str, target: str,
                  body: bytes | None) -> bytes:
        headers = {"Content-Type": f"application/x-www-form-urlencoded;charset={CHARSET}"} \
            if body is not None else {}
        try:
            connection.request(method, target, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException) as error:
            raise NoAnswer(f"{type(error).__name__}: {error}") from error
        finally:
            connection.close()
        if answer.status != 200:
            raise NoAnswer(f"HTTP {answer.status}")
        return data

    def _verified(self, raw: str, method: str) -> str:
        """The ``…_response`` object's text if the ``sign`` beside it is Alipay's."""
        begin = PATTERN_RESPONSE_BEGIN.search(raw)
        signs = list(PATTERN_RESPONSE_SIGN_BEGIN.finditer(raw))
        if begin is None or not signs:
            raise NoAnswer(f"{method}: the answer is not signed")
        last = signs[-1]
        content = raw[begin.end() - 1:last.start() + 1]
        sign = raw[last.end():raw.find('"', last.end())]
        try:
            good = verify_with_rsa(self._merchant.alipay_public_key, content.encode(CHARSET), sign)
        except Exception as error:  # rsa.VerificationError, a malformed Base64 signature …
            raise NoAnswer(f"{method}: the answer's signature is wrong "
                           f"({type(error).__name__})") from error
        if not good:
            raise NoAnswer(f"{method}: the answer's signature is wrong")
        name = json.loads("{" + begin.group(1) + "}}")
        if set(name) != {method.replace(".", "_") + "_response"} and "error_response" not in name:
            raise NoAnswer(f"{method}: the signed answer is for {sorted(name)}")
        return content
