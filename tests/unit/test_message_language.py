"""No English words leak into Chinese output, and no Chinese into English output.

Three checks, each failing with a list that says what to fix:

1. every message in the code (``N_``) renders in both languages with plausible parameters, and
   every enum's ``label`` does too: Chinese output may contain only the English words of
   ``ALLOWED_ENGLISH`` (tests/unit/test_messages.py: commands, settings keys, file names,
   units); English output no Chinese beyond the terms its msgid quotes on purpose ("补打");
2. every person-facing enum of the domain has a ``label`` (an enum's ``.value`` is English);
3. no message gets an enum's raw ``.value`` or an exception's English text (``str(error)``,
   ``error.strerror``) as a parameter that its template shows — pass ``.label`` or
   ``pos.domain.reasons.reason_of(error)`` instead.  The few deliberate exceptions are listed
   in ``RAW_PARAMETERS_ALLOWED`` with their reason.

Fast: one AST walk and a few thousand string renders.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

from pos.domain.messages import Message
from tests.unit.test_messages import ALLOWED_ENGLISH, ROOT, fields, msgids_in_code

PACKAGES = ("pos", "db", "receipts", "drivers")
ENGLISH_WORD = re.compile(r"[A-Za-z_]+")
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ALLOWED = ALLOWED_ENGLISH | {w.lower() for w in ALLOWED_ENGLISH}

# Enums whose values never reach a person as words (protocol codes, layout, internal kinds);
# a person-facing enum needs a ``label`` instead of being listed here.
INTERNAL_ENUMS = {
    "drivers.cards.acs.models.PresentReply": "a reader's protocol answer",
    "pos.adapters.provider_sim.wechat_orders.Act": "the simulator's script, set by tests",
    "pos.adapters.provider_sim.wechat.Signing": "the simulator's signing, set by tests",
    "pos.domain.cards.knowledge.Standing": "internal verdict; its reasons are messages",
    "pos.domain.cards.knowledge.WritePurpose": "stored with a card write, not shown",
    "pos.domain.day.business_day.CountKind": "shown through day-closing messages",
    "pos.domain.devices.DisplayLamp": "a pole display's lamp number",
    "pos.domain.households_import.compare.RowStanding": "internal: new or already stored",
    "pos.domain.reports.takings.ChartOf": "which chart; its title is a message (receipts)",
    "pos.domain.reports.takings.PeriodKind": "day or month; titled through messages",
    "pos.domain.staff.PasswordDue": "why a change is due; shown through the page's messages",
    "pos.domain.reconciliation.items.ItemStatus": "labelled by pos/ui/month/items.py",
    "pos.domain.reconciliation.items.Level": "labelled by pos/ui/month/items.py",
    "pos.domain.reconciliation.rules.Lag": "labelled through the rule's message",
    "pos.domain.sale.purchase.CardVersusLedger": "internal verdict; its reasons are messages",
    "pos.domain.sale.record.SaleKind": "JSON and the journal only",
    "pos.domain.statements.mapping.Sign": "a value typed in a mapping file",
    "pos.domain.statements.model.LineKind": "internal",
    "pos.domain.statements.model.Source": "a value typed on the command line",
    "pos.services.counter.health.Health": "the status lamp's colour",
    "pos.services.day.daily_reports.ReportFormat": "a file format typed on the command line",
    "pos.services.records.household_export.FileFormat": "a file format typed on the command line",
    "pos.services.selling.payments.Collected": "internal outcome",
    "receipts.document.Align": "layout",
    "receipts.document.DocumentKind": "JSON and the print queue's kind column",
}

# (file, parameter): why its raw text may appear in a message.
RAW_PARAMETERS_ALLOWED = {
    ("pos/domain/categories.py", "choices"): "the values a person types (--category)",
    ("pos/domain/staff.py", "choices"): "the values a person types (--role)",
    ("pos/domain/statements/mapping.py", "choices"): "the values typed in a mapping file",
    ("pos/domain/statements/mapping.py", "sources"): "the values typed in a mapping file",
    ("pos/domain/statements/mapping.py", "signs"): "the values typed in a mapping file",
    ("pos/bootstrap/config.py", "reason"): "tomllib's words name the line and column",
    ("db/schema.py", "reason"): "the database driver's diagnosis (host, port, file)",
    ("db/replica.py", "reason"): "the database driver's diagnosis of the replica",
    ("pos/domain/audit_query.py", "choices"): "the values a person types (--action)",
    ("pos/services/records/household_export.py", "format"): "a file suffix (pdf, xlsx, txt)",
    ("pos/ui/report/area_report.py", "format"): "a file format's name (XLSX, PDF, TXT)",
    ("pos/cli/__init__.py", "detail"): "the unexpected error's summary; in full in the log",
}
_RAW = re.compile(r"\.value\b|\.strerror\b|\bstr\((e|err|error|exc|problem)(\.\w+)?\)")


def _plausible(template: str) -> dict[str, object]:
    """Language-neutral values: a wrong word in the output is the template's."""
    return {name: "42" for name in fields(template)}


def _english_in(chinese: str) -> set[str]:
    return set(ENGLISH_WORD.findall(chinese)) - ALLOWED


def _chinese_in(english: str, msgid: str) -> set[str]:
    return set(CHINESE.findall(english)) - set(CHINESE.findall(msgid))


def _mixes(message: Message, where: str) -> list[str]:
    problems = []
    chinese, english = message.render("zh_CN"), message.render("en")
    if words := _english_in(chinese):
        problems.append(f"{where}: Chinese output has English {sorted(words)}: {chinese!r}")
    if chars := _chinese_in(english, message.msgid):
        problems.append(f"{where}: English output has Chinese {sorted(chars)}: {english!r}")
    return problems


def test_every_message_renders_without_a_mix_of_languages() -> None:
    problems = [problem for msgid in sorted(msgids_in_code())
                for problem in _mixes(Message(msgid, _plausible(msgid)), repr(msgid[:60]))]
    assert problems == [], "\n".join(
        ["translate these words (pos/locale/zh_CN/LC_MESSAGES/gaspos.po), or add a command or "
         "file name to ALLOWED_ENGLISH in tests/unit/test_messages.py:", *problems])


def _enums() -> Iterator[type[enum.Enum]]:
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".ui" in module.name or ".migrations" in module.name:
                continue  # Qt, and Alembic scripts: no enums of the domain there
            loaded = importlib.import_module(module.name)
            for value in vars(loaded).values():
                if (inspect.isclass(value) and issubclass(value, enum.Enum)
                        and value.__module__ == loaded.__name__):
                    yield value


def _name(kind: type[enum.Enum]) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def test_every_enum_label_renders_without_a_mix_of_languages() -> None:
    labelled = [kind for kind in _enums() if hasattr(kind, "label")]
    assert len(labelled) >= 15  # the walk found them
    problems = []
    for kind in labelled:
        for member in kind:
            label = member.label  # type: ignore[attr-defined]
            assert isinstance(label, Message), f"{_name(kind)}.{member.name}.label"
            label = Message(label.msgid, {**_plausible(label.msgid), **label.params})
            problems += _mixes(label, f"{_name(kind)}.{member.name}")
    assert problems == [], "\n".join(problems)


def test_every_person_facing_enum_has_a_label() -> None:
    unlabelled = sorted(_name(kind) for kind in _enums()
                        if not hasattr(kind, "label") and _name(kind) not in INTERNAL_ENUMS)
    assert unlabelled == [], (
        "give these enums a `label` property (a Message per member, as pos/domain/staff.py "
        "does), or list them in INTERNAL_ENUMS with why their values never reach a person")


def _raw_parameters(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line, parameter, expression) for every shown parameter that is raw English."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        msgids = [arg.args[0].value for arg in ast.walk(node)
                  if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)
                  and arg.func.id == "N_" and arg.args and isinstance(arg.args[0], ast.Constant)
                  and isinstance(arg.args[0].value, str)]
        shown = set().union(*(fields(m) for m in msgids)) if msgids else set()
        pairs = [(kw.arg, kw.value) for kw in node.keywords if kw.arg] + [
            (key.value, value) for arg in node.args if isinstance(arg, ast.Dict)
            for key, value in zip(arg.keys, arg.values, strict=True)
            if isinstance(key, ast.Constant) and isinstance(key.value, str)]
        for name, value in pairs:
            expression = ast.unparse(value)
            if name in shown and _RAW.search(expression):
                yield node.lineno, name, expression


def test_no_message_shows_a_raw_enum_value_or_an_exceptions_english() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, name, expression in _raw_parameters(path):
                if (relative, name) not in RAW_PARAMETERS_ALLOWED:
                    found.append(f"{relative}:{line}: {name}={expression}")
    assert sorted(set(found)) == [], (
        "pass `.label` for an enum, `pos.domain.reasons.reason_of(error)` (or `os_reason`) "
        "for an exception — or, if the raw text is what a person must see, add "
        "(file, parameter) with the reason to RAW_PARAMETERS_ALLOWED:\n" + "\n".join(found))
