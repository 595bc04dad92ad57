"""``gaspos import households``: a previous system's households — accounts, meters, cards and
opening positions — read through a saved column mapping (docs/going-live.md).

All or nothing, like a statement import: the whole file is read and checked first (a bad value
or a second row for the same account, meter or card names its line and column), then held
against the ledger (a row that contradicts what is stored is named the same way), and only
then are the new households written, in bulk, in one transaction.  A row the ledger already
holds exactly is a no-op, so running the same file again changes nothing and says so.  A dry
run does everything but the writing.  One audit event per import, with its counts and the
file's SHA-256.

Opening positions: the purchase sequence and cumulative volume on the card become the
account's opening sequence and volume (what its next purchase follows, and what a replacement
card carries); the volume already bought in the current tier cycle counts towards the tiers
for the cycle that contains the import's day; a prepaid balance (+) or arrears (−) is kept on
the account and shown in the household's file — it is never money taken at a counter, so it is
in no day's takings.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from pos.domain.audit import AuditAction
from pos.domain.errors import BadInput, NotFound
from pos.domain.households_import.compare import RowStanding, standing
from pos.domain.households_import.mapping import STANDARD, HouseholdMapping
from pos.domain.households_import.rows import HouseholdRow, read_households
from pos.domain.mapping_file import mapping_document
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services

XLSX_MAGIC = b"PK\x03\x04"
MAX_FILE = 256 * 1024 * 1024
_OUR_CARD_NO = re.compile(r"IC[0-9]{10}")  # how gaspos numbers its own cards
MAPPING_PREFIX = "households:"  # kept beside the statements' mappings, apart by name


@dataclass(frozen=True)
class Progress:
    stage: str  # read, check, write
    done: int
    total: int


@dataclass(frozen=True)
class HouseholdImportReport:
    file_name: str
    sha256: str
    mapping: str
    rows: int
    new: int
    unchanged: int
    cards: int  # new cards
    cards_to_reissue: int  # new cards whose profile this installation cannot read
    prepaid: int  # fen, Σ of the new households' positive opening balances
    arrears: int  # fen, Σ of the new households' negative opening balances (≤ 0)
    dry_run: bool

    @property
    def changed_nothing(self) -> bool:
        return self.dry_run or self.new == 0


def save_mapping(svc: Services, operator: Operator, name: str, definition: bytes) -> str:
    """Keep a household column mapping (JSON, docs/going-live.md) under ``name``."""
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, name)
    document = mapping_document(definition)
    document["name"] = name
    mapping = HouseholdMapping.from_dict(document)
    with svc.uow(write=True) as uow:
        uow.statements.save_mapping(MAPPING_PREFIX + mapping.name, json.dumps(
            mapping.to_dict(), ensure_ascii=False, sort_keys=True), at=svc.clock.now(),
            by=operator.staff_no)
        uow.commit()
    return mapping.name


def mapping_choices(svc: Services, operator: Operator) -> list[str]:
    """The mappings an import may use (the standard layout first); only for those who may."""
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, "households")
    with svc.uow() as uow:
        return [STANDARD.name, *(n.removeprefix(MAPPING_PREFIX)
                                 for n in uow.statements.mapping_names()
                                 if n.startswith(MAPPING_PREFIX))]


def load_mapping(svc: Services, name: str | None) -> HouseholdMapping:
    if name is None or name == STANDARD.name:
        return STANDARD
    with svc.uow() as uow:
        text = uow.statements.mapping(MAPPING_PREFIX + name)
        known = [n.removeprefix(MAPPING_PREFIX) for n in uow.statements.mapping_names()
                 if n.startswith(MAPPING_PREFIX)]
    if text is None:
        raise NotFound("households.mapping_unknown", N_(
            "There is no saved household column mapping “{name}” (saved: {known})."),
            name=name, known=", ".join([STANDARD.name, *known]))
    return HouseholdMapping.from_dict(json.loads(text))


def import_households(
    svc: Services, operator: Operator, data: bytes, file_name: str, *,
    mapping: str | None = None, dry_run: bool = False, as_of: date | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> HouseholdImportReport:
    authorize(svc, operator, Permission.MANAGE_ACCOUNTS, file_name)
    if not data:
        raise BadInput("households.empty", N_("The file {name} is empty."), name=file_name)
    if len(data) > MAX_FILE:
        raise BadInput("households.too_large", N_(
            "The file {name} is larger than 256 MB: split it into several files."),
            name=file_name)
    report = _report_to(progress)
    column_mapping = load_mapping(svc, mapping)
    report("read", 0, 1)
    households = read_households(_rows(svc, data), column_mapping)
    total = len(households)
    report("read", total, total)
    readable = _readable_profiles(svc, households)
    sha256 = hashlib.sha256(data).hexdigest()
    with svc.uow(write=not dry_run) as uow:
        stored = uow.households.stored(
            [h.account.account_no for h in households], [h.meter.meter_no for h in households],
            [h.card.card_no for h in households if h.card is not None], svc.settings.timezone)
        new: list[HouseholdRow] = []
        for done, household in enumerate(households, start=1):
            if standing(household, stored, column_mapping) is RowStanding.NEW:
                new.append(household)
            if done % 5000 == 0:
                report("check", done, total)
        report("check", total, total)
        cards = [h.card for h in new if h.card is not None]
        balances = [h.account.opening_balance.fen for h in new]
        result = HouseholdImportReport(
            file_name=file_name, sha256=sha256, mapping=column_mapping.name, rows=total,
            new=len(new), unchanged=total - len(new), cards=len(cards),
            cards_to_reissue=sum(1 for c in cards if c.card_profile not in readable),
            prepaid=sum(b for b in balances if b > 0), arrears=sum(b for b in balances if b < 0),
            dry_run=dry_run)
        if dry_run:
            return result
        if new:
            uow.households.add_households(
                new, at=svc.clock.now(), as_of=as_of or svc.today(), tz=svc.settings.timezone,
                progress=lambda written: report("write", written, len(new)))
            ours = [int(c.card_no[2:]) for c in cards if _OUR_CARD_NO.fullmatch(c.card_no)]
            if ours:
                uow.households.reserve_card_numbers(max(ours))
        audit_trail.record(
            svc, uow, operator.staff_no, AuditAction.HOUSEHOLDS_IMPORTED, file_name,
            sha256=sha256, mapping=column_mapping.name, rows=total, new=len(new),
            unchanged=result.unchanged, cards=result.cards,
            cards_to_reissue=result.cards_to_reissue, prepaid_fen=result.prepaid,
            arrears_fen=result.arrears, as_of=(as_of or svc.today()).isoformat())
        uow.commit()
    report("write", len(new), len(new))
    return result


def _report_to(progress: Callable[[Progress], None] | None) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total))
    return report


def _rows(svc: Services, data: bytes) -> Sequence[Sequence[str]]:
    if data.startswith(XLSX_MAGIC):
        return svc.spreadsheets.rows(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise BadInput("households.encoding", N_(
            "The file is neither UTF-8 nor GB18030 text: save it as CSV (UTF-8)."))
    return list(csv.reader(io.StringIO(text, newline="")))


def _readable_profiles(svc: Services, households: Sequence[HouseholdRow]) -> set[str]:
    """The card profiles among the file's that this installation can read."""
    names = {h.card.card_profile for h in households if h.card is not None}
    readable = set()
    for name in names:
        try:
            svc.cards.profile(name)
        except (KeyError, LookupError):
            continue
        readable.add(name)
    return readable
