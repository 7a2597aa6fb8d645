"""Ed25519 signing keys of an office and the trust-store file offices exchange.

- A key's id is the first 8 bytes of SHA-256 over its raw 32-byte public key, written as 16
  lower-case hex digits; the same 8 bytes are the COSE ``kid``. It can be recomputed by anyone,
  so a trust file cannot pair a key id with a different key.
- Private keys are stored only as PKCS#8 DER encrypted with the office passphrase
  (``BestAvailableEncryption``); the passphrase itself is never stored.
- The trust file (``docs/payload.md`` section "Trust store") is JSON with a SHA-256 of its
  canonical body and Ed25519 signatures by the exporting office's own keys: corruption and
  edits are refused on import, and a signature by a key the importer already trusts proves
  that a new key (after rotation) comes from the same office.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app import inputs
from app.errors import InvalidInput

KEY_ID_BYTES = 8
MIN_PASSPHRASE = 10
TRUST_FORMAT = "registry-office-trust-store"
TRUST_VERSION = 1


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES].hex()


def fingerprint(public_key: bytes) -> str:
    """Full SHA-256 of the public key in groups of four, read aloud to confirm a key by phone."""
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise InvalidInput("key_passphrase_too_short", field="passphrase", min=MIN_PASSPHRASE)


def encrypt_private_key(key: Ed25519PrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def decrypt_private_key(blob: bytes, passphrase: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_der_private_key(blob, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        # cryptography says "Bad decrypt. Incorrect password?" as a ValueError.
        raise InvalidInput("key_passphrase_wrong", field="passphrase") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("key_not_ed25519", field="passphrase")
    return key


def load_public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class Signer:
    """An unlocked private key, held only for the use case that needs it."""

    key_id: str
    private_key: Ed25519PrivateKey

    @property
    def kid(self) -> bytes:
        return bytes.fromhex(self.key_id)

    @classmethod
    def from_private_key(cls, key: Ed25519PrivateKey) -> Signer:
        return cls(key_id_for(public_raw(key)), key)


@dataclass(frozen=True)
class TrustedKey:
    """A public key we accept signatures from (our own or imported from another office)."""

    key_id: str
    office_code: str   # the office's unified social credit code; equals the payload's ``iss``
    office_name: str
    public_key: bytes  # raw 32 bytes
    valid_from: datetime
    valid_until: datetime | None = None  # no signatures after this instant
    retired_at: datetime | None = None   # rotated out: still verifies what it signed before
    source: str = "own"

    def signing_end(self) -> datetime | None:
        ends = [t for t in (self.valid_until, self.retired_at) if t is not None]
        return min(ends) if ends else None

    def may_have_signed_at(self, at: datetime) -> bool:
        end = self.signing_end()
        return self.valid_from <= at and (end is None or at <= end)


# -- trust file --------------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def trust_body(office_code: str, office_name: str, keys: list[TrustedKey],
               exported_at: datetime) -> dict[str, Any]:
    return {
        "format": TRUST_FORMAT, "version": TRUST_VERSION, "exported_at": exported_at.isoformat(),
        "office": {"code": office_code, "name": office_name},
        "keys": [{"key_id": k.key_id, "algorithm": "Ed25519", "public_key": _b64(k.public_key),
                  "office_code": k.office_code, "office_name": k.office_name,
                  "valid_from": _iso(k.valid_from), "valid_until": _iso(k.valid_until),
                  "retired_at": _iso(k.retired_at)}
                 for k in sorted(keys, key=lambda k: k.valid_from)],
    }


def build_trust_file(office_code: str, office_name: str, keys: list[TrustedKey],
                     signers: list[Signer], exported_at: datetime) -> bytes:
    """The JSON document for other offices; signed by every own key that could be unlocked."""
    body = trust_body(office_code, office_name, keys, exported_at)
    data = canonical(body)
    doc = {**body, "sha256": hashlib.sha256(data).hexdigest(),
           "signatures": [{"key_id": s.key_id, "signature": _b64(s.private_key.sign(data))}
                          for s in signers]}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class TrustFile:
    office_code: str
    office_name: str
    exported_at: datetime
    keys: tuple[TrustedKey, ...]
    signed_by: tuple[str, ...]  # key ids whose signatures over the body verified


def _bad(reason: str, **params: Any) -> InvalidInput:
    return InvalidInput("trust_file_invalid", field="trust_file", reason=reason, **params)


def _when(value: Any, name: str, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise _bad(f"{name}: not a date-time") from None
    if parsed.tzinfo is None:
        raise _bad(f"{name}: no time zone")
    return parsed


def parse_trust_file(data: bytes) -> TrustFile:
    """Read and check a trust file; every problem is an ``InvalidInput`` naming the reason."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("trust_file_not_json", field="trust_file") from None
    if inputs.json_depth(text) > inputs.limit("json_depth"):  # before the parser recurses
        raise InvalidInput("json_too_deep", field="trust_file", max=inputs.limit("json_depth"))
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidInput("trust_file_not_json", field="trust_file") from None
    if not isinstance(doc, dict) or doc.get("format") != TRUST_FORMAT:
        raise _bad("not a Registry Office trust file")
    if doc.get("version") != TRUST_VERSION:
        raise _bad(f"unsupported version {doc.get('version')!r}")
    body = {k: doc.get(k) for k in ("format", "version", "exported_at", "office", "keys")}
    data_c = canonical(body)
    if doc.get("sha256") != hashlib.sha256(data_c).hexdigest():
        raise InvalidInput("trust_file_damaged", field="trust_file")
    office = body["office"]
    if not isinstance(office, dict) or not office.get("code") or not office.get("name"):
        raise _bad("office code or name missing")
    raw_keys = body["keys"]
    if not isinstance(raw_keys, list) or not raw_keys:
        raise _bad("no keys")
    keys: list[TrustedKey] = []
    for i, k in enumerate(raw_keys):
        if not isinstance(k, dict) or k.get("algorithm") != "Ed25519":
            raise _bad(f"key {i + 1}: algorithm must be Ed25519")
        try:
            pub = _unb64(str(k.get("public_key", "")))
            load_public_key(pub)
        except ValueError:
            raise _bad(f"key {i + 1}: public key is not a 32-byte Ed25519 key") from None
        if k.get("key_id") != key_id_for(pub):
            raise _bad(f"key {i + 1}: key id does not match the public key")
        if k.get("office_code") != office["code"]:
            raise _bad(f"key {i + 1}: belongs to another office")
        valid_from = _when(k.get("valid_from"), "valid_from")
        assert valid_from is not None
        keys.append(TrustedKey(
            key_id=k["key_id"], office_code=str(office["code"]),
            office_name=str(k.get("office_name") or office["name"]), public_key=pub,
            valid_from=valid_from, valid_until=_when(k.get("valid_until"), "valid_until", True),
            retired_at=_when(k.get("retired_at"), "retired_at", True), source="imported"))
    by_id = {k.key_id: k for k in keys}
    signed_by: list[str] = []
    sigs = doc.get("signatures")
    if not isinstance(sigs, list) or not sigs:
        raise _bad("not signed")
    for s in sigs:
        key = by_id.get(str(s.get("key_id"))) if isinstance(s, dict) else None
        if key is None:
            raise _bad("signed by a key that is not in the file")
        try:
            load_public_key(key.public_key).verify(_unb64(str(s.get("signature", ""))), data_c)
        except (InvalidSignature, ValueError):
            raise InvalidInput("trust_file_signature", field="trust_file", key_id=key.key_id) from None
        signed_by.append(key.key_id)
    exported_at = _when(body["exported_at"], "exported_at")
    assert exported_at is not None
    return TrustFile(str(office["code"]), str(office["name"]), exported_at, tuple(keys), tuple(signed_by))
