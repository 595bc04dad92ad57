"""Keys for the demo and the tests: a made-up merchant and the simulated WeChat Pay's own key
pair, made once in a directory and reused after (never for a real merchant)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from pos.adapters.provider_sim.wechat import WeChatSimKeys

DEMO_MCHID, DEMO_APPID = "1900000001", "wx8888888888888888"
_FILE = "wechat-demo-keys.json"


@dataclass(frozen=True)
class WeChatDemo:
    merchant: dict[str, str]  # KeySet.merchants["wechat"]
    simulator: WeChatSimKeys  # what the simulated provider needs


def demo_credentials(directory: Path) -> WeChatDemo:
    path = directory / _FILE
    if path.exists():
        keys = WeChatSimKeys(**json.loads(path.read_text("utf-8")))
        merchant_key = (directory / "wechat-apiclient_key.pem").read_text("utf-8")
        return WeChatDemo(_merchant(keys, merchant_key), keys)
    directory.mkdir(parents=True, exist_ok=True)
    merchant = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    platform = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    serial = f"{x509.random_serial_number():X}"[:40]
    keys = WeChatSimKeys(
        mchid=DEMO_MCHID, appid=DEMO_APPID, merchant_serial=serial,
        merchant_public_key=_public(merchant), platform_private_key=_private(platform),
        public_key_id="PUB_KEY_ID_0119" + hashlib.sha256(serial.encode()).hexdigest()[:24]
        .upper(),
        platform_certificate=_certificate(platform),
        apiv3_key=hashlib.sha256(serial.encode() + b"apiv3").hexdigest()[:32])
    key_file = directory / "wechat-apiclient_key.pem"
    key_file.write_text(_private(merchant), "utf-8")
    key_file.chmod(0o600)
    path.write_text(json.dumps(asdict(keys), indent=1), "utf-8")
    path.chmod(0o600)
    return WeChatDemo(_merchant(keys, _private(merchant)), keys)


def _merchant(keys: WeChatSimKeys, private_key: str) -> dict[str, str]:
    public = serialization.load_pem_private_key(keys.platform_private_key.encode(), None)
    return {"mchid": keys.mchid, "appid": keys.appid, "serial": keys.merchant_serial,
            "private_key": private_key, "apiv3_key": keys.apiv3_key,
            "public_key": public.public_key().public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
            "public_key_id": keys.public_key_id}


def _private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _public(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _certificate(key: rsa.RSAPrivateKey) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA (simulated)")])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
                   .sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()
