"""The household file (一户一档) as XLSX and PDF: the sale and its payment, the meter's
write-back, the change of terms and the audit events about the household — masked unless
revealed, and a reveal audited."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pos.domain.audit import AuditAction
from pos.domain.categories import Category
from pos.domain.errors import BadInput, NotFound, PermissionDenied
from pos.services.cards.loss import report_found, report_lost
from pos.services.core.context import Services
from pos.services.records.account_edit import AccountEdit, edit_account
from pos.services.records.household_export import FileFormat, export_household
from pos.services.selling.card_view import read_and_settle
from receipts.reports.pdf import DEFAULT_FONT
from tests.support.counter import ACCOUNT, Counter, load_meter, open_counter


@pytest.fixture
def served(svc: Services, tmp_path: Path) -> tuple[Counter, str]:
    """A household with one sale, its meter's write-back read, a lost-and-found card and a
    category change ahead."""
    counter = open_counter(svc, tmp_path)
    edit_account(svc, counter.admin, ACCOUNT, AccountEdit(phone="13812345678"), "登记电话")
    order_no = counter.sell("20").sale.order_no
    load_meter(counter, use="3")
    read_and_settle(svc, counter.reader)  # the write-back is read at the counter
    with svc.uow() as uow:
        card = uow.accounts.active_card(ACCOUNT)
    assert card is not None
    report_lost(svc, counter.clerk, card.card_no, "电话挂失")
    report_found(svc, counter.clerk, card.card_no, "卡已找到")
    edit_account(svc, counter.admin, ACCOUNT, AccountEdit(
        category=Category.COMMERCIAL, effective_from=date(2027, 1, 1)), "开店")
    return counter, order_no


def sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_xlsx_holds_the_sale_the_report_and_the_events(served: tuple[Counter, str],
                                                            tmp_path: Path) -> None:
    counter, order_no = served
    out = tmp_path / "household.xlsx"
    export_household(counter.svc, counter.clerk, ACCOUNT, FileFormat.XLSX, out)
    book = sheets(out)
    assert list(book) == ["用户资料", "类别与人口变更", "燃气表", "IC卡", "购气记录", "付款记录",
                          "表具回写", "安全停气", "审计事件"]
    account = dict(r[:2] for r in book["用户资料"][1:])
    assert account["户名"] == "张*丰" and account["电话"] == "138****5678"
    sale = next(r for r in book["购气记录"][1:] if r[0] == order_no)
    assert sale[5] == 20 and sale[6] == 56  # m³ and yuan, as numbers
    assert [r[0] for r in book["付款记录"][1:]] == [order_no]
    report = book["表具回写"][1]
    assert report[3:6] == (1, 20, 0)  # purchase 1 loaded: 20 m³ in it, before the use
    change = book["类别与人口变更"][1]
    assert change[:5] == ("2027-01-01", "居民", "公服/工福", 3, 3)
    actions = [r[2] for r in book["审计事件"][1:]]
    for done in (AuditAction.ACCOUNT_ADDED, AuditAction.CARD_ISSUED, AuditAction.CARD_LOST,
                 AuditAction.CARD_FOUND, AuditAction.ACCOUNT_EDITED):
        assert done.label.render("zh_CN") in actions
    assert "13812345678" not in str(book)


@pytest.mark.skipif(not DEFAULT_FONT.exists(), reason="fonts-wqy-microhei is not installed")
def test_the_pdf_holds_them_too_and_a_reveal_is_audited(served: tuple[Counter, str],
                                                        tmp_path: Path) -> None:
    counter, order_no = served
    out = tmp_path / "household.pdf"
    export_household(counter.svc, counter.supervisor, ACCOUNT, FileFormat.PDF, out,
                     reveal=True)
    text = pdf_text(out.read_bytes())
    for expected in (order_no, "张三丰", "13812345678", "表具回写", "卡已挂失", "卡已解挂",
                     "2027-01-01", ACCOUNT):
        assert expected in text, expected
    with counter.svc.uow() as uow:
        reveals = [e for e in uow.audit.about(ACCOUNT)
                   if e.action is AuditAction.PERSONAL_DATA_REVEALED]
    assert [e.actor for e in reveals] == [counter.supervisor.staff_no]


def test_refusals(served: tuple[Counter, str], tmp_path: Path) -> None:
    counter, _ = served
    with pytest.raises(NotFound):
        export_household(counter.svc, counter.clerk, "370499999999", FileFormat.XLSX,
                         tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):  # a clerk may not reveal
        export_household(counter.svc, counter.clerk, ACCOUNT, FileFormat.XLSX,
                         tmp_path / "x.xlsx", reveal=True)
    with pytest.raises(BadInput) as bad:
        export_household(counter.svc, counter.clerk, ACCOUNT, FileFormat.PDF,
                         tmp_path / "x.xlsx")
    assert bad.value.code == "household.out"
    assert not (tmp_path / "x.xlsx").exists()


def pdf_text(pdf: bytes) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPdf import QPdfDocument

    from pos.ui.qt import QApplication, QBuffer, QByteArray, QIODevice

    _app = QApplication.instance() or QApplication([])  # widgets: the GUI tests share it
    data = QByteArray(pdf)  # kept alive while the document reads it
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
    document.close()
    return text
