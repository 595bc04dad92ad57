"""WeChat Pay's trade bill of a day (交易账单, type ALL) for finance (docs/payments.md
"WeChat Pay"): ``GET /v3/bill/tradebill`` (a signed answer naming the file's SHA1 and a
download URL), then the file itself — gzip, not signed — whose uncompressed bytes must have
that SHA1.  What comes back is the bill as WeChat Pay writes it, which the WeChat statement
importer reads."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import logging
import zlib
from datetime import date

import requests
from wechatpayv3 import WeChatPay

from pos.adapters.wechat_pay.client import Unverified, answer_json
from pos.domain.errors import Refused
from pos.domain.messages import N_
from pos.domain.sale.record import Channel

log = logging.getLogger(__name__)


class WeChatBills:
    def __init__(self, pay: WeChatPay) -> None:
        self._pay = pay

    def bill(self, channel: Channel, day: date) -> tuple[str, bytes]:
        if channel is not Channel.WECHAT:
            raise ValueError(f"the WeChat Pay bill source has no {channel.value} bills")
        try:
            status, text = self._pay.trade_bill(bill_date=day.isoformat(), bill_type="ALL",
                                                tar_type="GZIP")
            answer = answer_json(text)
            if status != 200:
                log.warning("WeChat Pay bill %s: HTTP %s %s", day, status, answer)
                raise Refused("payments.no_bill",
                              N_("WeChat Pay has no trade bill for {day}: {reason}"),
                              day=day.isoformat(),
                              reason=str(answer.get("message") or f"HTTP {status}"))
            url, stated = str(answer.get("download_url", "")), str(answer.get("hash_value", ""))
            code, packed = self._pay.download_bill(url)
        except Unverified as problem:
            log.warning("WeChat Pay bill %s: answer not trusted: %s", day, problem)
            raise _unavailable(day) from None
        except requests.RequestException as problem:
            log.warning("WeChat Pay bill %s: no answer: %r", day, problem)
            raise _unavailable(day) from None
        if code != 200 or not isinstance(packed, bytes) or answer.get("hash_type") != "SHA1":
            log.warning("WeChat Pay bill %s: download HTTP %s, hash %s", day, code,
                        answer.get("hash_type"))
            raise _unavailable(day)
        try:
            data = gzip.decompress(packed)
        except (OSError, EOFError, zlib.error):
            raise _altered(day) from None
        digest = hashlib.sha1(data).hexdigest()  # noqa: S324 - the hash WeChat Pay states
        if not hmac.compare_digest(digest, stated.lower()):
            log.warning("WeChat Pay bill %s: SHA1 differs from the stated %s", day, stated)
            raise _altered(day)
        return f"wechat-tradebill-{day.isoformat()}.csv", data


def _unavailable(day: date) -> Refused:
    return Refused("payments.bill_unavailable",
                   N_("WeChat Pay's trade bill for {day} could not be fetched (no answer, or an "
                      "answer whose signature failed): try again later; the log has the "
                      "detail."), day=day.isoformat())


def _altered(day: date) -> Refused:
    return Refused("payments.bill_altered",
                   N_("WeChat Pay's trade bill for {day} does not match the SHA1 WeChat Pay "
                      "stated for it: it was altered or cut off on the way. Nothing was "
                      "imported; fetch it again."), day=day.isoformat())
