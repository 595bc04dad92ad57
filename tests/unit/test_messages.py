"""Every message a person can read exists in Chinese, with the same placeholders, and the
compiled catalogue the program loads is the one in the source."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pos.domain.messages import LOCALE_DIR, Message, translator

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "gaspos.po"


# English words a Chinese message may contain: commands, settings keys, file names, units and
# device names a person types or sees (tests/unit/test_message_language.py uses them too).
ALLOWED_ENGLISH = {
    "gaspos", "day", "settle", "amount", "channel", "out", "XLSX", "PDF", "CSV", "MB",
    "PySide", "development",
    "mapping", "JSON", "UTF", "format", "history", "reconcile", "month", "auto",
    "bank", "csv", "action", "link", "entry", "SEQ", "HH", "SS", "DDTHH",
    "db", "upgrade", "tariff", "set", "sqlite", "postgresql", "psycopg",
    "path", "host", "user", "pg_dump", "docs", "md", "replace", "operator", "role",
    "admin", "demo", "TOML", "YYYY", "MM", "DD", "PostgreSQL", "SQLite", "IC",
    "STAFF_NO", "GASPOS_OPERATOR", "m", "e", "g", "gaspos.sqlite",
    # commands, settings keys, file names and device names a person types or sees
    "keys", "import", "Ctrl", "C", "PC", "SC", "pcscd", "vpcd", "pcsc", "sim",
    "reader", "pattern", "card", "readers", "open", "sle", "v", "utility",
    "REF", "cash", "wechat", "alipay", "unionpay", "sale", "rewrite", "check",
    "payments",  # docs/payments.md
    "counter", "no", "pay", "split", "approver", "org", "company", "old", "meter",
    "seq", "printer", "retry", "reprint", "answers", "false", "tcp", "serial", "usb",
    "file", "preview", "none", "reason", "F", "Esc", "COMMAND", "help",
    "display", "configuration", "ACR", "restore", "void", "read", "force",
    "passwd",  # gaspos passwd (docs/staff.md)
    "full",  # gaspos ledger verify --full (docs/journal.md)
    "K", "Q", "M", "TD", "XWB",  # the example verification code 7K3Q-M9TD-2XWB
    "pg_restore", "pg", "dump", "PATH",  # --pg-dump PATH
    "save", "GB",  # import households --save-mapping; GB18030
    "found", "unblock", "lost", "block", "account", "edit", "audit", "list", "export",
    "merchant", "CHANNEL",  # gaspos keys merchant set CHANNEL (docs/payments.md)
}


def msgids_in_code() -> set[str]:
    found: set[str] = set()
    for package in ("pos", "db", "receipts", "drivers"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / package, keywords={"N_": None}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    with PO_FILE.open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and isinstance(m.id, str)}


def test_every_message_in_the_code_has_its_chinese(catalogue: dict[str, str]) -> None:
    untranslated = sorted(m for m in msgids_in_code() if not catalogue.get(m))
    assert untranslated == [], "run scripts/messages.sh and translate these"


def test_translations_keep_the_placeholders(catalogue: dict[str, str]) -> None:
    for msgid, msgstr in catalogue.items():
        assert fields(msgid) == fields(msgstr), msgid


def test_the_compiled_catalogue_matches_the_source(catalogue: dict[str, str]) -> None:
    compiled = translator("zh_CN")
    stale = [m for m, s in catalogue.items() if compiled.gettext(m) != s]
    assert stale == [], "run scripts/messages.sh to recompile the .mo"


def test_chinese_is_the_default_and_english_is_available() -> None:
    message = Message("Wrong staff number or password.")
    assert message.render() == "工号或密码错误。"
    assert message.render("en") == "Wrong staff number or password."
    assert message.render("zh-CN") == message.render("zh_CN.UTF-8") == "工号或密码错误。"


def test_chinese_messages_contain_no_untranslated_english_words(
        catalogue: dict[str, str]) -> None:
    allowed = ALLOWED_ENGLISH
    for msgid, msgstr in catalogue.items():
        words = set(re.findall(r"[A-Za-z_]+", re.sub(r"\{[^}]*\}", "", msgstr)))
        assert words <= allowed | {w.lower() for w in allowed}, (msgid, words - allowed)


def test_no_message_uses_a_format_spec(catalogue: dict[str, str]) -> None:
    """Parameters reach the template as text (numbers already formatted): ``{n:06d}`` would
    fail at the moment the clerk needs the message."""
    for msgid, msgstr in catalogue.items():
        assert not re.search(r"\{[^}]*[:!][^}]*\}", msgid + msgstr), msgid
