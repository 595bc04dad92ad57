"""Alipay's trade bill of a day for finance (the BillSource port): ``alipay.data.dataservice.
bill.downloadurl.query`` (``bill_type=trade``) → a short-lived address → a ``csv.zip`` →
its ``…_业务明细.csv``, handed over as the bytes Alipay wrote (GBK) for the Alipay statement
importer.

Alipay states no hash for the file (WeChat does).  What it does give, all checked here before
anything is handed over (docs/payments.md "Alipay"): the address comes in an answer signed with
Alipay's key (the gateway checks it) and is fetched over TLS with the same trust; the zip's
CRC-32 of each member; the detail's own totals lines (``#交易合计…``, ``#退款合计…``), which the
importer's parser checks against its rows; its stated period, which must be the day asked for;
and the summary file beside it (``…_业务明细(汇总).csv``), whose 合计 row, when its layout is
the known one, must agree with the detail's counts and 商家实收.  A bill that fails any of
them is refused as damaged or altered (IntegrityFailure), and nothing is imported."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
import zlib
from datetime import date
from decimal import Decimal, InvalidOperation

from alipay.aop.api.domain.AlipayDataDataserviceBillDownloadurlQueryModel import (
    AlipayDataDataserviceBillDownloadurlQueryModel,
)
from alipay.aop.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest import (
    AlipayDataDataserviceBillDownloadurlQueryRequest,
)
from alipay.aop.api.response.AlipayDataDataserviceBillDownloadurlQueryResponse import (
    AlipayDataDataserviceBillDownloadurlQueryResponse,
)

from pos.adapters.alipay_pay.gateway import BEIJING, Gateway, NoAnswer
from pos.domain.errors import BadInput, IntegrityFailure, Refused
from pos.domain.messages import N_
from pos.domain.sale.record import Channel
from pos.domain.statements.detect import parse_statement
from pos.domain.statements.model import LineKind, StatementFile

log = logging.getLogger(__name__)

DETAIL, SUMMARY = "_业务明细.csv", "_业务明细(汇总).csv"


class AlipayBills:
    def __init__(self, gateway: Gateway) -> None:
        self._gateway = gateway

    def bill(self, channel: Channel, day: date) -> tuple[str, bytes]:
        if channel is not Channel.ALIPAY:
            raise ValueError(f"Alipay's bills are not {channel.value}'s")
        address = self._address(day)
        try:
            archive = self._gateway.download(address)
        except NoAnswer as error:
            log.warning("Alipay bill %s: the download failed: %s", day, error)
            raise _no_answer(day) from error
        name, data = checked(archive, day)
        log.info("Alipay bill %s: %s, %d bytes, checked", day, name, len(data))
        return name, data

    def _address(self, day: date) -> str:
        model = AlipayDataDataserviceBillDownloadurlQueryModel()
        model.bill_type = "trade"
        model.bill_date = day.isoformat()
        try:
            answer = self._gateway.call(AlipayDataDataserviceBillDownloadurlQueryRequest(
                biz_model=model), AlipayDataDataserviceBillDownloadurlQueryResponse())
        except NoAnswer as error:
            log.warning("Alipay bill %s: no trustworthy answer: %s", day, error)
            raise _no_answer(day) from error
        if answer.code == "10000" and answer.bill_download_url:
            # Alipay's documentation shows the address as http://; the same host serves TLS
            url = str(answer.bill_download_url)
            return "https://" + url.removeprefix("http://") if url.startswith("http://") else url
        log.warning("Alipay bill %s: %s %s %s", day, answer.code, answer.sub_code, answer.sub_msg)
        if answer.sub_code == "isp.bill_not_exist":
            raise Refused("alipay.bill_none",
                          N_("Alipay has no bill for {day} yet: a day's bill is ready the next "
                             "morning, and only for the last months."), day=day.isoformat())
        raise Refused("alipay.bill_refused",
                      N_("Alipay refused the request for the bill of {day} ({reason}): check the "
                         "merchant's Alipay credentials and its bill permission."),
                      day=day.isoformat(), reason=answer.sub_code or answer.code)


def checked(archive: bytes, day: date) -> tuple[str, bytes]:
    """The detail file of the bill ``archive`` for ``day``, if every check holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive), metadata_encoding="gbk") as bundle:
            bad = bundle.testzip()
            if bad is not None:
                raise _damaged(day, f"member {bad!r} fails its CRC-32")
            names = bundle.namelist()
            details = [n for n in names if n.endswith(DETAIL)]
            summaries = [n for n in names if n.endswith(SUMMARY)]
            if len(details) != 1 or len(summaries) > 1:
                raise _damaged(day, f"expected one detail and its summary, found {names}")
            detail = bundle.read(details[0])
            summary = bundle.read(summaries[0]) if summaries else None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise _damaged(day, f"not a readable zip: {error}") from error
    try:
        statement = parse_statement(detail, format="alipay", tz=BEIJING, encoding="gbk")
    except BadInput as error:
        raise _damaged(day, f"the detail fails the importer's checks: {error}") from error
    if statement.period is not None and statement.period != (day, day):
        raise _damaged(day, f"the detail is for {statement.period}")
    _check_summary(summary, statement, day)
    return details[0].rsplit("/", 1)[-1], detail


def _check_summary(data: bytes | None, statement: StatementFile, day: date) -> None:
    """The summary's 合计 row against the detail: sales, refunds and 商家实收.  A summary whose
    layout is not the one known here is logged and passed over (its columns come from public
    descriptions, not from a real merchant's file); one that disagrees is refused."""
    try:
        rows = [[cell.strip() for cell in row]
                for row in csv.reader(io.StringIO((data or b"").decode("gbk")))]
    except (UnicodeDecodeError, csv.Error) as error:
        raise _damaged(day, f"the summary is unreadable: {error}") from error
    header = next((r for r in rows if "交易订单总笔数" in r and "退款订单总笔数" in r), None)
    total = next((r for r in rows if r and r[0] == "合计"), None)
    received = next((c for c in header or () if c.startswith("商家实收")), None)
    if header is None or total is None or received is None or len(total) != len(header):
        log.warning("Alipay bill %s: no summary in the known layout; checked without it", day)
        return
    payments = sum(1 for line in statement.lines if line.kind is LineKind.PAYMENT)
    refunds = sum(1 for line in statement.lines if line.kind is LineKind.REFUND)
    net = sum((line.amount.fen for line in statement.lines), 0)
    try:
        stated = (int(total[header.index("交易订单总笔数")]),
                  int(total[header.index("退款订单总笔数")]),
                  int(Decimal(total[header.index(received)]) * 100))
    except (ValueError, InvalidOperation) as error:
        raise _damaged(day, f"the summary's 合计 row is unreadable: {total}") from error
    if stated != (payments, refunds, net):
        raise _damaged(day, f"the summary says {stated}, the detail {(payments, refunds, net)}")


def _damaged(day: date, why: str) -> IntegrityFailure:
    log.error("Alipay bill %s refused: %s", day, why)
    return IntegrityFailure("alipay.bill_damaged",
                            N_("Alipay's bill for {day} is damaged or was altered on the way: "
                               "nothing was imported. Fetch it again; if it fails again, "
                               "download it from the Alipay merchant platform and compare."),
                            day=day.isoformat())


def _no_answer(day: date) -> Refused:
    return Refused("alipay.bill_no_answer",
                   N_("Alipay did not answer the request for the bill of {day}: check the "
                      "network and try again later."), day=day.isoformat())
