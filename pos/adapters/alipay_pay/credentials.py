"""The Alipay merchant's credentials as the key file carries them (``KeySet.merchants["alipay"]``),
read into what the SDK signs and verifies with; and the demo's own, made once in a folder.

Fields (docs/payments.md "Alipay"): ``app_id``; ``app_private_key`` (also read as
``private_key``) — the application's RSA private key, PEM (PKCS#1 or PKCS#8) or the bare Base64
Alipay's key tool prints;
``alipay_public_key`` — Alipay's public key (支付宝公钥, not the application's own), PEM or bare
Base64; optional ``seller_id`` — the merchant's 2088… partner id, the account its bill names."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.adapters.provider_sim.alipay import AlipaySimKeys
from pos.domain.errors import Refused
from pos.domain.messages import N_

FIELDS = ("app_id", "app_private_key", "alipay_public_key")
OPTIONAL = ("seller_id",)


@dataclass(frozen=True)
class Merchant:
    app_id: str
    private_key: str  # PKCS#1 PEM, the form the SDK's signer reads
    alipay_public_key: str  # SubjectPublicKeyInfo PEM, the form its verifier reads
    seller_id: str = ""


def read_merchant(given: Mapping[str, str]) -> Merchant:
    """The credentials, checked: Refused naming the field that is missing or unreadable."""
    fields = dict(given)
    if not fields.get("app_private_key") and fields.get("private_key"):
        fields["app_private_key"] = fields["private_key"]  # the key commands' name for it
    for name in FIELDS:
        if not fields.get(name, "").strip():
            raise Refused("alipay.credentials_missing",
                          N_("The key file has no Alipay {field}: put the merchant's Alipay "
                             "credentials into the key file."), field=name)
    return Merchant(fields["app_id"].strip(),
                    _private_pkcs1(fields["app_private_key"]),
                    _public_pem(fields["alipay_public_key"]),
                    fields.get("seller_id", "").strip())


def _private_pkcs1(text: str) -> str:
    data = _pem(text, "PRIVATE KEY")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        data = _pem(text, "RSA PRIVATE KEY")
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise _unreadable("app_private_key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise _unreadable("app_private_key")
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode("ascii")


def _public_pem(text: str) -> str:
    try:
        key = serialization.load_pem_public_key(_pem(text, "PUBLIC KEY"))
    except (ValueError, TypeError):
        raise _unreadable("alipay_public_key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise _unreadable("alipay_public_key")
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def _pem(text: str, label: str) -> bytes:
    """PEM as given, or bare Base64 (Alipay's key tool) wrapped as ``label``."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return text.encode("ascii", "replace")
    body = "".join(text.split())
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""]).encode(
        "ascii", "replace")


def _unreadable(field: str) -> Refused:
    return Refused("alipay.credentials_unreadable",
                   N_("The Alipay {field} in the key file cannot be read as a key: put it into "
                      "the key file again."), field=field)


@dataclass(frozen=True)
class AlipayDemo:
    merchant: dict[str, str]  # for KeySet.merchants["alipay"]
    simulator: AlipaySimKeys  # for the simulator's Alipay handler


def demo_credentials(directory: Path) -> AlipayDemo:
    """The demo merchant and the simulator's Alipay: two RSA key pairs kept in ``directory``
    (made the first time, reused after), an app id and a partner id."""
    directory.mkdir(parents=True, exist_ok=True)
    app_key = _key_file(directory / "alipay-app-private.pem")
    gateway_key = _key_file(directory / "alipay-gateway-private.pem")
    app_id, seller_id = "2021000000000001", "2088000000000001"
    merchant_fields = {
        "app_id": app_id,
        "app_private_key": app_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption()).decode("ascii"),
        # Alipay's console shows its public key as bare Base64: the demo keeps that form
        "alipay_public_key": base64.b64encode(gateway_key.public_key().public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo)).decode("ascii"),
        "seller_id": seller_id,
    }
    simulator = AlipaySimKeys(
        app_id=app_id, seller_id=seller_id,
        merchant_public_key=_public(app_key), alipay_private_key=gateway_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()).decode("ascii"))
    return AlipayDemo(merchant_fields, simulator)


def _public(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def _key_file(path: Path) -> rsa.RSAPrivateKey:
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        temporary.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
        temporary.chmod(0o600)
        try:  # never over a key another process made meanwhile: the first one made stays
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise ValueError(f"{path} is not an RSA private key")
    return loaded
