"""``gaspos receipt …``, ``printer …`` and ``--printer`` as a clerk uses them; exit codes per
docs/cli.md (verify: 0 genuine, 3 not genuine, 2 unreadable)."""

from __future__ import annotations

from pathlib import Path

from tests.support.command import Result, gaspos
from tests.support.escpos_decoder import decode


def sell(card: Path, *args: str) -> Result:
    return gaspos("sell", "--reader", f"sim:{card}", *args)


def qr_of(paper: Path) -> str:
    [qr] = [q for q in decode(paper.read_bytes()).decoded_qr() if q.startswith("GP1|")]
    return qr


def test_a_sale_printed_to_a_file_and_its_receipt_verified(clerk: Path, tmp_path: Path) -> None:
    paper = tmp_path / "paper.escpos"
    done = gaspos("--printer", f"file:{paper}", "sell", "--reader", f"sim:{clerk}",
                  "--volume", "450", "--pay", "cash", "--tendered", "1300", "--json")
    assert done.code == 0, done.err
    # the card slip left from issuing the card, the receipt, the first-use guidance
    assert done.json()["printing"] == {"printed": 3, "waiting": 0, "problem": None}
    qr = qr_of(paper)
    genuine = gaspos("receipt", "verify", qr, "--json")
    assert genuine.code == 0, genuine.err
    verdict = genuine.json()
    assert verdict["genuine"] is True and verdict["ledger"]["amount"] == "1288.00"
    assert verdict["order_no"] == done.json()["no"] and verdict["state"] == "completed"
    altered = gaspos("receipt", "verify", qr.replace("|1288.00|", "|1238.00|"))
    assert altered.code == 3 and "不真实" in altered.out
    code = verdict["code"]
    assert gaspos("receipt", "verify", code).code == 0
    assert gaspos("receipt", "verify", code, "--amount", "1238").code == 3
    unreadable = gaspos("receipt", "verify", "hello")
    assert unreadable.code == 2 and "Traceback" not in unreadable.err


def test_reprint_only_as_a_marked_copy(clerk: Path, tmp_path: Path) -> None:
    paper = tmp_path / "paper.escpos"
    done = gaspos("--printer", f"file:{paper}", "sell", "--reader", f"sim:{clerk}",
                  "--volume", "20", "--pay", "cash", "--tendered", "100", "--json")
    assert done.code == 0, done.err
    order_no = done.json()["no"]
    again = gaspos("--printer", f"file:{paper}", "receipt", "print", order_no)
    assert again.code == 1 and "--reprint" in again.err
    copy = gaspos("--printer", f"file:{paper}", "receipt", "print", "01-000001", "--reprint")
    assert copy.code == 0, copy.err
    assert decode(paper.read_bytes()).text.count("补打（第1次）") == 2


def test_without_a_printer_the_documents_wait_and_print_later(clerk: Path,
                                                              tmp_path: Path) -> None:
    done = sell(clerk, "--volume", "20", "--pay", "cash", "--tendered", "100")
    assert done.code == 0, done.err  # the sale stands
    assert "未配置收据打印机" in done.err and "gaspos printer retry" in done.err
    queue = gaspos("printer", "queue", "--json")
    assert [job["kind"] for job in queue.json()] == ["card_slip", "sale_receipt", "first_use"]
    status = gaspos("printer", "status", "--json")
    assert status.json()["state"] == "none"
    paper = tmp_path / "paper.escpos"
    retry = gaspos("--printer", f"file:{paper}", "printer", "retry")
    assert retry.code == 0, retry.err
    text = decode(paper.read_bytes()).text
    assert "开卡凭条" in text and "燃气购气收据" in text and "IC卡首次使用指南" in text
    assert gaspos("printer", "queue", "--json").json() == []


def test_first_use_guidance_shown_and_printed_on_demand(clerk: Path, tmp_path: Path) -> None:
    shown = gaspos("receipt", "guidance")
    assert shown.code == 0 and "闻到燃气味怎么办" in shown.out
    assert "0632-7791579" in shown.out and "{hotline}" not in shown.out  # as it prints
    paper = tmp_path / "paper.escpos"
    printed = gaspos("--printer", f"file:{paper}", "receipt", "guidance", "--print")
    assert printed.code == 0, printed.err
    assert "0632-7791579" in decode(paper.read_bytes()).text


def test_a_bad_printer_option_is_refused_before_anything_happens(clerk: Path) -> None:
    bad = gaspos("--printer", "lpt1", "printer", "status")
    assert bad.code == 2 and "tcp:" in bad.err and "Traceback" not in bad.err


def test_the_verification_code_is_in_the_sale_and_retry_says_what_waits(clerk: Path,
                                                                       tmp_path: Path) -> None:
    done = sell(clerk, "--volume", "20", "--pay", "cash", "--tendered", "100", "--json")
    assert done.code == 0, done.err
    order_no = done.json()["no"]
    code = gaspos("sale", "show", order_no, "--json").json()["seal_code"]
    assert gaspos("receipt", "verify", code).code == 0
    assert code in gaspos("sale", "show", order_no).out
    offline = gaspos("--printer", "tcp:127.0.0.1:9", "printer", "retry")
    assert offline.code == 1 and "打印队列为空" not in offline.out + offline.err
    assert "gaspos printer retry" in offline.err


def test_the_drawer_opens_without_a_sale_only_with_a_reason(clerk: Path, tmp_path: Path) -> None:
    paper = tmp_path / "paper.escpos"
    blank = gaspos("--printer", f"file:{paper}", "drawer", "open", "--reason", "  ")
    assert blank.code == 2 and "--reason" in blank.err and not paper.exists()
    opened = gaspos("--printer", f"file:{paper}", "drawer", "open", "--reason", "换零钱")
    assert opened.code == 0, opened.err
    assert len(decode(paper.read_bytes()).drawer_pulses) == 1
