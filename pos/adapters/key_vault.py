"""Where the utility's key set lives: a passphrase-encrypted file for carrying it between
counters, and this counter's own copy (docs/keys.md).

The file: JSON naming the format, the KDF (scrypt) with its salt, and AES-256-GCM nonce and
ciphertext; the utility code is authenticated data, so a file cannot be relabelled.  The
counter's copy lives in the user data dir, readable by its owner only (0600) — never in the
repository, the settings or the shared database.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from pos.domain.cards.keys import KeySet
from pos.domain.errors import BadInput, Refused
from pos.domain.messages import N_
from pos.domain.reasons import reason_of

FORMAT = "gaspos-keys"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class FileKeyVault:
    def __init__(self, local: Path) -> None:
        self._local = local

    def load(self) -> KeySet:
        if not self._local.exists():
            raise Refused("keys.missing",
                          N_("This counter has no card keys yet: an administrator imports the "
                             "utility's key file with “gaspos keys import FILE”."))
        return _from_plain(json.loads(self._local.read_text("utf-8")))

    def install(self, keys: KeySet) -> str:
        self._local.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._local.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(_to_plain(keys), out)
        os.replace(temporary, self._local)
        return str(self._local)

    def installed(self) -> bool:
        return self._local.exists()

    def export(self, keys: KeySet, path: Path, passphrase: str) -> None:
        export_file(keys, path, passphrase)

    def open_file(self, path: Path, passphrase: str) -> KeySet:
        return open_file(path, passphrase)


class DemoKeyVault:
    """The demo hall's published keys: for demonstrations only, never for real cards."""

    def load(self) -> KeySet:
        return demo_keys()

    def install(self, keys: KeySet) -> str:
        raise Refused("keys.demo", N_("The demo uses its own published keys; import key files "
                                      "on a real counter."))

    def installed(self) -> bool:
        return True

    def export(self, keys: KeySet, path: Path, passphrase: str) -> None:
        export_file(keys, path, passphrase)

    def open_file(self, path: Path, passphrase: str) -> KeySet:
        return open_file(path, passphrase)


def export_file(keys: KeySet, path: Path, passphrase: str) -> None:
    salt, nonce = os.urandom(16), os.urandom(12)
    aad = f"{FORMAT}|{keys.utility_code}".encode()
    ciphertext = AESGCM(_derive(passphrase, salt)).encrypt(
        nonce, json.dumps(_to_plain(keys)).encode(), aad)
    document = {
        "format": FORMAT, "version": 1, "utility": keys.utility_code,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                "salt": _b64(salt)},
        "cipher": "AES-256-GCM", "nonce": _b64(nonce), "ciphertext": _b64(ciphertext),
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=1)


def open_file(path: Path, passphrase: str) -> KeySet:
    try:
        document = json.loads(path.read_text("utf-8"))
        if document.get("format") != FORMAT or document.get("version") != 1:
            raise ValueError("not a gaspos key file")
        kdf = document["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        salt = base64.b64decode(kdf["salt"])
        nonce = base64.b64decode(document["nonce"])
        ciphertext = base64.b64decode(document["ciphertext"])
        aad = f"{FORMAT}|{document['utility']}".encode()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BadInput("keys.unreadable", N_("{path} is not a gaspos key file: {reason}"),
                       path=str(path), reason=reason_of(error)) from None
    try:
        plain = AESGCM(_derive(passphrase, salt)).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise Refused("keys.wrong_passphrase",
                      N_("The passphrase does not open {path} (or the file was altered)."),
                      path=str(path)) from None
    return _from_plain(json.loads(plain))


def demo_keys(utility_code: str = "ZZCH") -> KeySet:
    return KeySet(utility_code, {1: hashlib.sha256(b"gaspos demo master key 1").digest()}, 1,
                  hashlib.sha256(b"gaspos demo seal key").digest())


def _derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8"))


def _to_plain(keys: KeySet) -> dict[str, Any]:
    return {"utility": keys.utility_code, "current": keys.current_version,
            "masters": {str(v): k.hex() for v, k in keys.masters.items()},
            "seal": keys.seal_key.hex(),
            "merchants": {c: dict(fields) for c, fields in keys.merchants.items()}}


def _from_plain(plain: dict[str, Any]) -> KeySet:
    return KeySet(plain["utility"], {int(v): bytes.fromhex(k) for v, k in plain["masters"].items()},
                  int(plain["current"]), bytes.fromhex(plain["seal"]),
                  {str(c): {str(k): str(v) for k, v in fields.items()}
                   for c, fields in plain.get("merchants", {}).items()})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
