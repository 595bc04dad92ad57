"""The utility's card keys: created once, carried between counters in a passphrase-encrypted
file, imported on every counter, rotated by adding a version (docs/keys.md)."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from pos.domain.audit import AuditAction
from pos.domain.cards.keys import KEY_BYTES, KeySet
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.staff import Operator, Permission
from pos.services.cards.merchants import MerchantInfo, describe_merchants
from pos.services.core import audit_trail
from pos.services.core.auth import authorize
from pos.services.core.context import Services

MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class KeyInfo:
    utility_code: str
    versions: tuple[int, ...]
    current_version: int
    fingerprint: str  # of the current master key: compare counters without showing keys
    merchants: tuple[MerchantInfo, ...] = ()  # the payment merchants it carries (no secrets)


def describe(keys: KeySet) -> KeyInfo:
    fingerprint = hashlib.sha256(keys.masters[keys.current_version]).hexdigest()[:16]
    return KeyInfo(keys.utility_code, tuple(sorted(keys.masters)), keys.current_version,
                   fingerprint, describe_merchants(keys))


def init_keys(svc: Services, operator: Operator, *, out: Path, passphrase: str,
              utility_code: str | None = None) -> KeyInfo:
    """A new key set for the utility, written to ``out`` (import it on every counter)."""
    authorize(svc, operator, Permission.MANAGE_KEYS, str(out))
    _check_target(out)
    _check_passphrase(passphrase)
    code = utility_code or _company_code(svc)
    keys = KeySet(code, {1: secrets.token_bytes(KEY_BYTES)}, 1, secrets.token_bytes(KEY_BYTES))
    _export(svc, keys, out, passphrase)
    audit_trail.record_now(svc, operator.staff_no, AuditAction.KEYS_CREATED, code,
                           fingerprint=describe(keys).fingerprint)
    return describe(keys)


def rotate_keys(svc: Services, operator: Operator, *, source: Path, out: Path,
                passphrase: str) -> KeyInfo:
    """The same key set plus a new master version, which new cards and meters will use."""
    authorize(svc, operator, Permission.MANAGE_KEYS, str(out))
    _check_target(out)
    _check_passphrase(passphrase)
    old = svc.keys.open_file(source, passphrase)
    version = max(old.masters) + 1
    keys = KeySet(old.utility_code, {**old.masters, version: secrets.token_bytes(KEY_BYTES)},
                  version, old.seal_key, old.merchants)
    _export(svc, keys, out, passphrase)
    audit_trail.record_now(svc, operator.staff_no, AuditAction.KEYS_ROTATED, keys.utility_code,
                           version=version, fingerprint=describe(keys).fingerprint)
    return describe(keys)


def import_keys(svc: Services, operator: Operator, *, source: Path, passphrase: str) -> KeyInfo:
    authorize(svc, operator, Permission.MANAGE_KEYS, str(source))
    keys = svc.keys.open_file(source, passphrase)
    company = _company_code(svc, required=False)
    if company and company != keys.utility_code:
        raise Refused("keys.other_utility",
                      N_("The key file is utility {found}'s; this ledger is utility "
                         "{expected}'s."), found=keys.utility_code, expected=company)
    if svc.keys.installed():
        current = svc.keys.load()
        missing = set(current.masters) - set(keys.masters)
        if current.utility_code != keys.utility_code or any(
                current.masters[v] != keys.masters.get(v) for v in current.masters):
            if missing:
                raise Refused("keys.would_lose_versions",
                              N_("The key file lacks key versions {versions} that this counter "
                                 "has: cards written with them could no longer be read."),
                              versions=", ".join(map(str, sorted(missing))))
            raise Refused("keys.conflict", N_("The key file does not match this counter's "
                                              "keys; ask the administrator who made it."))
        # a merchant set on this counter (gaspos keys merchant set) and not in the file stays
        keys = replace(keys, merchants={**current.merchants, **keys.merchants})
    where = svc.keys.install(keys)
    audit_trail.record_now(svc, operator.staff_no, AuditAction.KEYS_IMPORTED, keys.utility_code,
                           fingerprint=describe(keys).fingerprint, where=where)
    return describe(keys)


def current_keys(svc: Services) -> KeyInfo:
    return describe(svc.keys.load())


def _export(svc: Services, keys: KeySet, out: Path, passphrase: str) -> None:
    _check_target(out)
    svc.keys.export(keys, out, passphrase)


def _check_target(out: Path) -> None:
    if os.path.lexists(out):  # a dangling link too: key files are never written through one
        raise BadInput("keys.file_exists", N_("{path} already exists; choose a new file."),
                       path=str(out))


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadInput("keys.weak_passphrase",
                       N_("The passphrase needs at least {n} characters."), n=MIN_PASSPHRASE)


def _company_code(svc: Services, *, required: bool = True) -> str:
    with svc.uow() as uow:
        company = uow.org.company()
    if company is None and required:
        raise Refused("keys.no_company",
                      N_("Name the utility (--utility CODE): this ledger has no company yet."))
    return company.code if company else ""
