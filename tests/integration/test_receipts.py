"""Sealed receipts on paper: the bytes a real sale sends to the printer, decoded back (ESC/POS
parser + zxing-cpp), say everything docs/design.md "Receipts" asks for, and their QR verifies —
until one digit changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text as sql

from drivers.printer.connection import Connection
from drivers.printer.escpos_printer import EscposPrinter
from pos.domain.errors import BadInput, Refused
from pos.domain.quantities import Money, Volume
from pos.domain.sale.record import Channel
from pos.services.cards.issue import replace_card
from pos.services.core.context import Services
from pos.services.printing.documents import sealed_facts
from pos.services.printing.print_queue import print_receipt, print_waiting
from pos.services.printing.receipt_check import verify
from pos.services.selling.payments import PaymentPlan
from pos.services.selling.recovery import void
from receipts.profiles import profile
from receipts.seal import qr_payload, seal_code
from tests.support.counter import ACCOUNT, METER, Counter, load_meter, open_counter
from tests.support.escpos_decoder import Printout, decode

RECEIPT_TITLE = "燃气购气收据"
GUIDE_TITLE = "IC卡首次使用指南"


@pytest.fixture
def counter(svc: Services, tmp_path: Path) -> Counter:
    return open_counter(svc, tmp_path)


def paper(counter: Counter) -> Path:
    return counter.svc.settings.data_dir / "printer.escpos"


def printed(counter: Counter) -> Printout:
    return decode(paper(counter).read_bytes())


def receipts(counter: Counter) -> list[str]:
    """The text of each sale receipt on the paper."""
    return [chunk for chunk in printed(counter).text.split("测试燃气有限公司")
            if RECEIPT_TITLE in chunk]


def line(text: str, label: str) -> str:
    """The value printed right of ``label``."""
    for row in text.splitlines():
        if row.startswith(label):
            return row[len(label):].strip()
    raise AssertionError(f"no line {label!r} in\n{text}")


def test_the_sale_receipt_says_everything_and_its_qr_verifies(counter: Counter) -> None:
    outcome = counter.sell("450", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("1300")))
    assert outcome.printing.printed == 3 and outcome.printing.clean  # card slip, receipt, guide
    sale = outcome.sale
    [text] = receipts(counter)
    assert "测试营业厅 01号窗口" in text
    assert line(text, "收据号") == "01-000001"
    assert line(text, "订单号") == sale.order_no
    assert line(text, "时间") == "2026-11-27 09:30:00"
    assert line(text, "收费员工号") == "1001"
    assert line(text, "用户号") == ACCOUNT
    assert line(text, "户名") == "张*丰" and "张三丰" not in text  # masked
    assert line(text, "表号") == METER
    assert line(text, "卡号") == sale.card_no
    assert line(text, "购气次数") == "1"
    assert line(text, "购气量") == "450.00立方米"
    assert line(text, "第1档") == "400.00立方米×2.80=1120.00"
    assert line(text, "第2档") == "50.00立方米×3.36=168.00"
    assert line(text, "金额（元）") == "￥1288.00"
    assert line(text, "现金") == "1288.00"
    assert line(text, "实收现金") == "1300.00"
    assert line(text, "找零") == "12.00"
    assert line(text, "本年度已购") == "450.00立方米"
    assert line(text, "当前阶梯") == "第2档"
    assert line(text, "24小时服务热线") == "0632-7791579"
    assert line(text, "投诉电话") == "0632-7791579"
    assert line(text, "验证码") == sale.seal_code
    assert "表内剩余气量" not in text  # the card has never been in the meter
    qr = [q for q in printed(counter).decoded_qr() if q.startswith("GP1|")]
    assert qr == [f"GP1|01|1|20261127093000|{ACCOUNT}|{sale.card_no}|1|450.00|1288.00|cash|"
                  f"{sale.seal_code}"]
    verdict = verify(counter.svc, qr[0])
    assert verdict.genuine and verdict.sale is not None
    assert verdict.sale.order_no == sale.order_no


def test_one_changed_digit_makes_a_receipt_not_genuine(counter: Counter) -> None:
    sale = counter.sell("450").sale
    [qr] = [q for q in printed(counter).decoded_qr() if q.startswith("GP1|")]
    assert verify(counter.svc, qr).genuine
    altered_amount = qr.replace("|1288.00|", "|1283.00|")
    assert not verify(counter.svc, altered_amount).genuine
    assert not verify(counter.svc, qr.replace("|450.00|", "|459.00|")).genuine
    code = sale.seal_code
    assert code is not None
    other = "0" if code[-1] != "0" else "1"
    assert not verify(counter.svc, qr[:-1] + other).genuine
    # the code as printed (typed by a person, in any case, with or without dashes)
    assert verify(counter.svc, code.lower().replace("-", " ")).genuine
    assert not verify(counter.svc, code[:-1] + other).genuine
    # a real code with an altered printed amount beside it
    assert verify(counter.svc, code, amount=Money.parse("1288.00")).genuine
    assert not verify(counter.svc, code, amount=Money.parse("1283.00")).genuine
    assert not verify(counter.svc, code, volume=Volume.parse("459")).genuine
    # the QR, with the amount printed beside it: both must be the ledger's
    assert not verify(counter.svc, qr, amount=Money.parse("1283.00")).genuine
    assert verify(counter.svc, qr, amount=Money.parse("1288"), volume=Volume.parse("450")).genuine
    assert verify(counter.svc, "gp1" + qr[3:]).genuine  # a scanner that typed the prefix small
    with pytest.raises(BadInput):
        verify(counter.svc, "not a code")


def test_a_receipt_sealed_with_another_key_is_not_genuine(counter: Counter) -> None:
    sale = counter.sell("10").sale
    facts = sealed_facts(counter.svc, sale)
    forged = qr_payload(facts, seal_code(b"\x01" * 32, facts))
    assert not verify(counter.svc, forged).genuine
    assert not verify(counter.svc, seal_code(b"\x01" * 32, facts)).genuine


def test_first_use_guidance_after_the_first_sale_on_a_new_or_replacement_card(
        counter: Counter) -> None:
    first = counter.sell("20")
    assert first.sale.first_use
    assert printed(counter).text.count(GUIDE_TITLE) == 1
    text = printed(counter).text
    assert "闻到燃气味" in text and "0632-7791579" in text and "{hotline}" not in text
    load_meter(counter)
    second = counter.sell("20")
    assert not second.sale.first_use
    assert printed(counter).text.count(GUIDE_TITLE) == 1  # not after the second sale
    load_meter(counter)
    counter.card = counter.card.with_name("replacement.bin")  # a new blank card
    replace_card(counter.svc, counter.clerk, ACCOUNT, counter.reader)  # 补卡
    load_meter(counter)  # it carries the last purchase again: the meter's sequence guard
    third = counter.sell("20")
    assert third.sale.first_use
    assert printed(counter).text.count(GUIDE_TITLE) == 2  # again for the replacement card
    assert "补卡凭条" in printed(counter).text


def test_a_reprint_is_marked_with_its_count_and_still_verifies(counter: Counter) -> None:
    sale = counter.sell("30").sale
    original = printed(counter).text
    assert "补打" not in original
    print_receipt(counter.svc, counter.clerk, sale.order_no, reprint=True)
    print_receipt(counter.svc, counter.clerk, f"01-{sale.receipt_no:06d}", reprint=True)
    text = printed(counter).text
    assert text.count("补打（第1次）") == 2 and text.count("补打（第2次）") == 2  # top and bottom
    qr = [q for q in printed(counter).decoded_qr() if q.startswith("GP1|")]
    assert len(qr) == 3 and len(set(qr)) == 1 and verify(counter.svc, qr[0]).genuine


def test_printing_the_original_again_is_refused_a_reprint_is_not(counter: Counter) -> None:
    sale = counter.sell("30").sale
    with pytest.raises(Refused) as refused:
        print_receipt(counter.svc, counter.clerk, sale.order_no, reprint=False)
    assert refused.value.code == "receipt.printed"


def test_a_receipt_waiting_at_another_counter_is_printed_there_or_copied_here(
        counter: Counter, tmp_path: Path) -> None:
    counter.svc = replace(counter.svc, printer=EscposPrinter(Connection("none"),
                                                             profile("58mm")))
    sale = counter.sell("30").sale
    assert counter.svc.settings.counter_no == "01" and sale.receipt_no is not None
    next_door = replace(counter.svc, settings=replace(counter.svc.settings, counter_no="02"))
    with pytest.raises(Refused) as refused:
        print_receipt(next_door, counter.clerk, f"01-{sale.receipt_no:06d}", reprint=False)
    assert refused.value.code == "receipt.elsewhere"
    assert "--reprint" in refused.value.render("zh_CN")


def test_a_sale_never_queued_for_print_prints_its_original(counter: Counter,
                                                            sqlite_url: str) -> None:
    sale = counter.sell("30").sale
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:  # as if sold before receipts were printed
        connection.execute(sql("DELETE FROM print_jobs WHERE sale_id = (SELECT id FROM sales "
                               "WHERE order_no = :o)"),
                           {"o": sale.order_no})
    engine.dispose()
    before = printed(counter).text.count(RECEIPT_TITLE)
    report = print_receipt(counter.svc, counter.clerk, sale.order_no, reprint=False)
    assert report.printed == 1
    assert printed(counter).text.count(RECEIPT_TITLE) == before + 1
    assert "补打" not in receipts(counter)[-1]
    with pytest.raises(Refused):  # and now it has been printed
        print_receipt(counter.svc, counter.clerk, sale.order_no, reprint=False)


def test_a_void_prints_a_reversal_slip_and_the_receipt_then_says_voided(
        counter: Counter) -> None:
    sale = counter.sell("30").sale
    void(counter.svc, counter.clerk, counter.supervisor, sale.order_no, counter.reader,
         "客户买错气量")
    print_waiting(counter.svc)
    text = printed(counter).text
    assert "冲正凭条" in text and "客户买错气量" in text and f"01-{sale.receipt_no:06d}" in text
    assert sale.seal_code is not None
    verdict = verify(counter.svc, sale.seal_code)
    assert verdict.genuine and verdict.sale is not None
    assert "冲正" in verdict.why.render("zh_CN")


def test_every_line_fits_the_paper(counter: Counter) -> None:
    counter.sell("450", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("99999")))
    for row in printed(counter).lines:
        columns = sum(1 if ch < "\x80" else 2 for ch in row.text) * row.width_mult
        assert columns <= 32, row
