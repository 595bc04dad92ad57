"""The printer as a network printer sees it (a loopback TCP printer that answers DLE EOT), the
print queue when the printer is off, out of paper or loses power mid-job, the cash drawer, and
the customer display during a sale (read at the far end of a socat pty)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.display.pole import PoleDisplay
from drivers.printer.connection import parse_connection
from drivers.printer.escpos_printer import EscposPrinter, make_printer
from pos.domain.devices import DeviceFailure, PrinterState
from pos.domain.errors import BadInput
from pos.domain.printing import JobState
from pos.domain.quantities import Money
from pos.domain.sale.record import Channel
from pos.services.core.context import Services
from pos.services.printing import print_queue
from pos.services.selling.payments import PaymentPlan
from receipts.profiles import profile
from tests.support.clock import FixedClock
from tests.support.counter import Counter, load_meter, open_counter
from tests.support.escpos_decoder import decode
from tests.support.faults import Checkpoint
from tests.support.serial_pty import DisplayReader, pty_pair
from tests.support.services import make_services
from tests.support.tcp_printer import COVER_OPEN, PAPER_OUT, LoopbackPrinter

TITLE = "燃气购气收据"


class Killed(BaseException):
    """The process dies: no ``except Exception`` anywhere catches it."""


def die_at(step: str) -> Callable[[str], None]:
    def maybe(reached: str) -> None:
        if reached == step:
            raise Killed(step)
    return maybe


def network_printer(printer: LoopbackPrinter) -> EscposPrinter:
    made = make_printer(parse_connection(printer.spec), profile("58mm"), timeout=2.0)
    assert isinstance(made, EscposPrinter)
    return made


@pytest.fixture
def loopback() -> LoopbackPrinter:
    printer = LoopbackPrinter().start()
    yield printer  # type: ignore[misc]
    printer.power_off()


@pytest.fixture
def counter(sqlite_url: str, clock: FixedClock, tmp_path: Path,
            loopback: LoopbackPrinter) -> Counter:
    svc = make_services(sqlite_url, clock, home=tmp_path / "counter",
                        printer=network_printer(loopback))
    return open_counter(svc, tmp_path)


def waiting(svc: Services) -> list[tuple[str, JobState, bool, int]]:
    return [(j.kind, j.state, j.uncertain, j.reprint_no) for j in print_queue.waiting(svc)]


def test_a_receipt_printed_on_a_network_printer(counter: Counter,
                                               loopback: LoopbackPrinter) -> None:
    outcome = counter.sell("450")
    assert outcome.printing.clean and outcome.printing.printed == 3
    out = decode(loopback.received())
    assert TITLE in out.text and outcome.sale.seal_code in out.text
    assert [q for q in out.decoded_qr() if q.startswith("GP1|")]
    assert {r.n for r in out.status_requests} == {1, 4}  # asked before and after every job
    assert network_printer(loopback).status() is PrinterState.READY


def test_a_printer_that_is_off_leaves_the_sale_complete_and_the_receipt_queued(
        counter: Counter, loopback: LoopbackPrinter) -> None:
    loopback.power_off()
    outcome = counter.sell("450")
    assert outcome.sale.receipt_no == 1  # the sale never depends on the printer
    assert outcome.printing.printed == 0 and outcome.printing.waiting == 3
    assert outcome.printing.problem is not None
    assert "无法连接收据打印机" in outcome.printing.problem.render("zh_CN")
    assert [(k, s, u) for k, s, u, _ in waiting(counter.svc)] == [
        ("card_slip", JobState.QUEUED, False), ("sale_receipt", JobState.QUEUED, False),
        ("first_use", JobState.QUEUED, False)]
    with LoopbackPrinter(loopback.port) as back:
        report = print_queue.print_waiting(counter.svc)
        assert report.clean and report.printed == 3
        text = decode(back.received()).text
    assert TITLE in text and "补打" not in text  # nothing had reached paper: the originals


def test_out_of_paper_nothing_is_sent_and_it_prints_when_paper_is_in(
        counter: Counter, loopback: LoopbackPrinter) -> None:
    loopback.status = dict(PAPER_OUT)
    outcome = counter.sell("20")
    assert outcome.printing.problem is not None
    assert "缺纸" in outcome.printing.problem.render("zh_CN")
    assert TITLE not in decode(loopback.received()).text
    assert network_printer(loopback).status() is PrinterState.PAPER_OUT
    loopback.status = dict(COVER_OPEN)
    report = print_queue.print_waiting(counter.svc)
    assert report.problem is not None and "上盖" in report.problem.render("zh_CN")
    loopback.status = {1: 0x12, 2: 0x12, 4: 0x12}
    assert print_queue.print_waiting(counter.svc).clean
    assert "补打" not in decode(loopback.received()).text


def test_a_printer_killed_mid_job_reprints_it_marked_as_a_copy(
        counter: Counter, loopback: LoopbackPrinter, clock: FixedClock) -> None:
    print_queue.print_waiting(counter.svc)  # the card slip from opening the counter
    before = len(loopback.received())
    loopback.die_after = 600  # bytes into the next connection: mid-receipt
    outcome = counter.sell("450")
    assert outcome.sale.receipt_no == 1
    assert outcome.printing.problem is not None
    assert "部分内容可能已打出" in outcome.printing.problem.render("zh_CN")
    assert before < len(loopback.received())  # some of it reached the printer
    assert waiting(counter.svc)[0][:3] == ("sale_receipt", JobState.QUEUED, True)
    with LoopbackPrinter(loopback.port) as back:
        report = print_queue.print_waiting(counter.svc)
        assert report.clean and report.printed == 2
        out = decode(back.received())
    assert out.text.count("补打（第1次）") == 2  # the second print cannot pass as an original
    assert out.text.count("IC卡首次使用指南") == 1 and "补打（第2次）" not in out.text
    [qr] = [q for q in out.decoded_qr() if q.startswith("GP1|")]
    assert qr.endswith(outcome.sale.seal_code or "?")


def test_a_process_killed_while_sending_leaves_a_job_reprinted_as_a_copy(
        counter: Counter, loopback: LoopbackPrinter, clock: FixedClock) -> None:
    print_queue.print_waiting(counter.svc)
    svc = counter.svc
    counter.svc = replace(svc, checkpoints=Checkpoint(die_at("print_sending")))
    with pytest.raises(Killed):
        counter.sell("30")
    counter.svc = svc
    [(kind, state, _, _)] = waiting(svc)[:1]
    assert (kind, state) == ("sale_receipt", JobState.SENDING)
    assert print_queue.print_waiting(svc).printed == 0  # maybe still sending elsewhere
    clock.advance(minutes=5)  # no send takes this long: that process died
    assert print_queue.print_waiting(svc).clean
    assert decode(loopback.received()).text.count("补打（第1次）") == 2


def test_the_drawer_opens_for_cash_only_and_a_failure_is_told(
        counter: Counter, loopback: LoopbackPrinter) -> None:
    print_queue.print_waiting(counter.svc)
    cash = counter.sell("20", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("100")))
    assert cash.device_problems == ()
    assert len(decode(loopback.received()).drawer_pulses) == 1
    load_meter(counter)
    counter.sell("20", plan=PaymentPlan(Channel.UNIONPAY, ref="88120001", terminal="T1",
                                        voucher="000123"))
    assert len(decode(loopback.received()).drawer_pulses) == 1  # not for a bank card
    load_meter(counter)
    loopback.power_off()
    failed = counter.sell("20", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("100")))
    assert failed.sale.receipt_no == 3
    [problem] = failed.device_problems
    assert "钱箱没有打开" in problem.render("zh_CN") and "钥匙" in problem.render("zh_CN")


@contextmanager
def counter_with_display(sqlite_url: str, clock: FixedClock, tmp_path: Path
                         ) -> Iterator[tuple[Counter, DisplayReader]]:
    """A counter whose pole display is the far end of a socat pty, read as it is sent."""
    with pty_pair(tmp_path) as (app_end, display_end), DisplayReader(display_end) as reader:
        svc = make_services(sqlite_url, clock, home=tmp_path / "counter",
                            display=PoleDisplay(str(app_end)))
        yield open_counter(svc, tmp_path), reader


def test_the_customer_display_shows_price_total_received_and_change(
        sqlite_url: str, clock: FixedClock, tmp_path: Path) -> None:
    with counter_with_display(sqlite_url, clock, tmp_path) as (counter, reader):
        counter.sell("450", plan=PaymentPlan(Channel.CASH, tendered=Money.parse("1300")))
        assert reader.rest() == (b"\x1bs1\x1bQA2.80\r"  # 单价
                                 b"\x1bs2\x1bQA1288.00\r"  # 总计
                                 b"\x1bs3\x1bQA1300.00\r"  # 收款
                                 b"\x1bs4\x1bQA12.00\r")  # 找零


def test_in_a_split_payment_the_display_shows_all_that_was_received(
        sqlite_url: str, clock: FixedClock, tmp_path: Path) -> None:
    with counter_with_display(sqlite_url, clock, tmp_path) as (counter, reader):
        counter.sell("450", plan=PaymentPlan(split=(
            (Channel.CASH, Money.parse("1000"), None),
            (Channel.WECHAT, Money.parse("288"), "134567890123451111"))))
        assert reader.rest().endswith(b"\x1bs3\x1bQA1288.00\r"  # 收款: cash and WeChat
                                      b"\x1bs4\x1bQA0.00\r")


def test_a_missing_display_never_stops_a_sale(sqlite_url: str, clock: FixedClock,
                                             tmp_path: Path) -> None:
    svc = make_services(sqlite_url, clock, home=tmp_path / "counter",
                        display=PoleDisplay(str(tmp_path / "no-such-tty")))
    counter = open_counter(svc, tmp_path)
    outcome = counter.sell("20")
    assert outcome.sale.receipt_no == 1
    assert len(outcome.device_problems) == 1  # told once, not once a number
    assert all("客显没有响应" in p.render("zh_CN") for p in outcome.device_problems)


def test_printer_connections_are_parsed_or_refused() -> None:
    assert str(parse_connection("tcp:10.0.0.7")) == "tcp:10.0.0.7:9100"
    assert str(parse_connection("tcp:printer.hall:9101")) == "tcp:printer.hall:9101"
    assert str(parse_connection("serial:/dev/ttyS0:19200")) == "serial:/dev/ttyS0:19200"
    assert str(parse_connection("usb:0416:5011")) == "usb:0416:5011"
    assert str(parse_connection("file:/dev/usb/lp0")) == "file:/dev/usb/lp0"
    assert str(parse_connection("none")) == "none"
    for bad in ("", "lpt1", "tcp:", "usb:xyz", "tcp:host:port", "none:1", "tcp:10.0.0.7:0",
                "tcp:10.0.0.7:99999"):
        with pytest.raises(BadInput):
            parse_connection(bad)


def test_a_silent_printer_is_offline_not_a_hang(tmp_path: Path) -> None:
    """A TCP port that accepts but never answers DLE EOT: refused quickly, nothing sent."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    printer = make_printer(parse_connection(f"tcp:127.0.0.1:{port}"), profile("58mm"),
                           timeout=0.5)
    assert printer.status() is PrinterState.OFFLINE
    with pytest.raises(DeviceFailure) as failure:
        printer.open_drawer()
    assert failure.value.code == "printer.silent" and not failure.value.maybe_done
    listener.close()
